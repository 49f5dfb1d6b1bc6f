//! The HTTP surface: the router, the management API (`/api/v3/...`) and the middleware.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures::StreamExt as _;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::{ApiError, JSON, error_shape};
use super::records::{self, Kind};
use super::webhooks::{self, Remembered, WebhookRow};
use super::{App, deliveries, payloads, pipeline, replay, store, stream, validate};
use crate::api::model::paths;

/// The largest management request body accepted.
const MAX_REQUEST: usize = 1024 * 1024;

pub fn router(app: App) -> Router {
    let api = Router::new()
        .route(paths::WEBHOOKS, get(list_webhooks).post(create_webhook))
        .route(
            "/api/v3/webhooks/{id}",
            get(show_webhook)
                .patch(patch_webhook)
                .delete(delete_webhook),
        )
        .route("/api/v3/webhooks/{id}/deliveries", get(list_deliveries))
        .route(
            "/api/v3/webhooks/{id}/deliveries/follow",
            get(stream::follow),
        )
        .route(
            "/api/v3/webhooks/{id}/deliveries/{delivery_id}",
            get(payloads::show_delivery),
        )
        .route(
            "/api/v3/webhooks/{id}/deliveries/{delivery_id}/replay",
            axum::routing::post(replay::replay),
        )
        .route(paths::USERS, get(list_users))
        .route("/api/v3/users/{ident}", get(show_user))
        .route(paths::ASSETS, get(list_assets))
        .route("/api/v3/assets/{ident}", get(show_asset))
        .route_layer(middleware::from_fn_with_state(app.clone(), require_token));
    let router = Router::new()
        .merge(api)
        .route(paths::HEALTH, get(health))
        .route(
            "/hooks/{token}",
            get(pipeline::verify).post(pipeline::receive),
        )
        .fallback(not_found)
        .layer(middleware::map_response(error_shape));
    let router = if app.out.verbose > 0 {
        router.layer(middleware::from_fn_with_state(app.clone(), log_request))
    } else {
        router
    };
    router.with_state(app)
}

// ---- middleware ------------------------------------------------------------------------

/// `Authorization2: <token>`, compared in constant time (as digests, so not even the length
/// of the token shows).
async fn require_token(State(app): State<App>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(paths::TOKEN_HEADER)
        .map(|v| Sha256::digest(v.as_bytes()));
    let ok = given.is_some_and(|d| bool::from(d.as_slice().ct_eq(&app.token_digest)));
    if !ok {
        return ApiError::unauthorized(format!("missing or invalid {} token", paths::TOKEN_HEADER))
            .into_response();
    }
    next.run(req).await
}

/// With -v: one line per request on stderr. The path of a delivery hides its token.
async fn log_request(State(app): State<App>, req: Request, next: Next) -> Response {
    if !app.out.shows(1) {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = req.uri().path();
    let path = match path.strip_prefix("/hooks/") {
        Some(_) => "/hooks/(token)".to_string(),
        None => path.to_string(),
    };
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    app.out.debug(
        1,
        &format!("{method} {path} -> {} ({ms:.1} ms)", res.status().as_u16()),
    );
    res
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such resource")
}

// ---- helpers -----------------------------------------------------------------------------

/// A JSON answer.
pub fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => raw_json(status, body),
        Err(e) => ApiError::internal(format!("encoding the answer: {e}")).into_response(),
    }
}

fn raw_json(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut res = (status, body.into()).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    res
}

/// A page of a list, with `X-Total-Count`.
fn page_response<T: Serialize>(items: &[T], total: u64) -> Response {
    let mut res = json_response(StatusCode::OK, items);
    res.headers_mut()
        .insert(paths::TOTAL_HEADER, HeaderValue::from(total));
    res
}

/// Whether the request says its body is JSON (`application/json`, or `application/*+json`).
pub fn is_json(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.len() > 17
            && essence[..12].eq_ignore_ascii_case("application/")
            && essence[essence.len() - 5..].eq_ignore_ascii_case("+json")
}

/// Why a body could not be read.
pub enum BodyError {
    TooLarge,
    Broken(String),
    /// The body did not arrive within [`BODY_TIMEOUT`].
    TimedOut,
}

impl BodyError {
    /// The answer for a body that could not be read (`limit`: the size refused).
    pub fn into_api(self, limit: usize) -> ApiError {
        match self {
            BodyError::TooLarge => ApiError::too_large(limit),
            BodyError::Broken(why) => ApiError::bad_request(why),
            BodyError::TimedOut => ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                format!(
                    "the body did not arrive within {} s",
                    BODY_TIMEOUT.as_secs()
                ),
            ),
        }
    }
}

/// A request's whole body must arrive within this time (README, "What serve limits"); the
/// head has its own deadline (`listen::HEADER_TIMEOUT`).
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// A body that declares a length over the limit but under this size is read to its end
/// (within [`BODY_TIMEOUT`], and never kept) before the 413, so that the client gets the
/// answer instead of a reset connection; a larger one is cut off at once. A chunked body
/// declares nothing, so it is answered as soon as it passes the limit.
const DRAIN_MAX: u64 = 8 * 1024 * 1024;

/// Reads a body of at most `limit` bytes, within [`BODY_TIMEOUT`].
pub async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Bytes, BodyError> {
    tokio::time::timeout(BODY_TIMEOUT, read_body_inner(headers, body, limit))
        .await
        .unwrap_or(Err(BodyError::TimedOut))
}

async fn read_body_inner(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_MAX) {
        return Err(BodyError::TooLarge);
    }
    let mut too_large = declared.is_some_and(|n| n > limit as u64);
    let mut seen: u64 = 0;
    let mut stream = body.into_data_stream();
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|e| BodyError::Broken(format!("could not read the body: {e}")))?;
        seen += chunk.len() as u64;
        if seen > limit as u64 {
            if declared.is_none() {
                return Err(BodyError::TooLarge);
            }
            too_large = true;
            (first, rest) = (None, Vec::new());
        }
        if too_large {
            if seen > DRAIN_MAX {
                break;
            }
            continue;
        }
        match &first {
            None => first = Some(chunk),
            Some(f) => {
                if rest.is_empty() {
                    rest.extend_from_slice(f);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    if too_large {
        return Err(BodyError::TooLarge);
    }
    Ok(if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        Bytes::from(rest)
    })
}

/// A JSON request body: 415 unless sent as JSON, 413 over the limit, 400 unless it parses.
async fn read_json(headers: &HeaderMap, body: Body) -> Result<Value, ApiError> {
    if !is_json(headers) {
        return Err(ApiError::unsupported_media_type());
    }
    let bytes = read_body(headers, body, MAX_REQUEST)
        .await
        .map_err(|e| e.into_api(MAX_REQUEST))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request(format!("the body is not JSON: {e}")))
}

/// `limit` (1..1000, default 100) and `skip` (>= 0).
struct Paging {
    limit: u32,
    skip: u64,
}

fn paging(query: &[(String, String)]) -> Result<Paging, ApiError> {
    let last = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
    };
    let limit = match last("limit") {
        None => 100,
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                ApiError::invalid(
                    "limit",
                    format!("limit must be an integer from 1 to 1000, not {v:?}"),
                )
            })?,
    };
    let skip = match last("skip") {
        None => 0,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= i64::MAX as u64)
            .ok_or_else(|| {
                ApiError::invalid(
                    "skip",
                    format!("skip must be an integer from 0 to {}, not {v:?}", i64::MAX),
                )
            })?,
    };
    Ok(Paging { limit, skip })
}

fn no_webhook(id: &str) -> ApiError {
    ApiError::not_found(format!("no webhook with id {id}"))
}

// ---- health ------------------------------------------------------------------------------

async fn health() -> Response {
    json_response(
        StatusCode::OK,
        &serde_json::json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}),
    )
}

// ---- webhooks ----------------------------------------------------------------------------

async fn list_webhooks(
    State(app): State<App>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let Paging { limit, skip } = paging(&query)?;
    let name = query
        .iter()
        .rev()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.clone());
    let (rows, total) = app
        .store
        .read(move |conn| webhooks::list(conn, name.as_deref(), limit, skip))
        .await?;
    let items: Vec<_> = rows.iter().map(|w| w.to_api(&app.public_url)).collect();
    Ok(page_response(&items, total))
}

async fn show_webhook(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let key = id.clone();
    let row = app
        .store
        .read(move |conn| webhooks::get(conn, &key))
        .await?
        .ok_or_else(|| no_webhook(&id))?;
    Ok(json_response(StatusCode::OK, &row.to_api(&app.public_url)))
}

/// `POST /api/v3/webhooks`. With `Idempotency-Key`, the first answer is kept (in the same
/// transaction as the create) and a repeat of the same request gets it back; the same key with
/// another request is `422` on the key. The writer runs one request at a time, so a repeat can
/// never find the first one still in progress.
async fn create_webhook(
    State(app): State<App>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let value = read_json(&headers, body).await?;
    let new = validate::create(&value, &app.presets)?;
    let request_hash = hex::encode(Sha256::digest(canonical_json(&value).as_bytes()));
    let public_url = app.public_url.clone();
    let answer = app
        .store
        .write(move |conn| {
            let now_unix = store::now_unix();
            if let Some(key) = &key
                && let Some(first) = webhooks::remembered(conn, key, now_unix)?
            {
                if first.request_hash != request_hash {
                    return Err(ApiError::invalid(
                        "Idempotency-Key",
                        "this Idempotency-Key was already used with a different request",
                    ));
                }
                return Ok(first);
            }
            if webhooks::name_holder(conn, &new.name, None)?.is_some() {
                return Err(ApiError::conflict(format!(
                    "a webhook named {:?} already exists",
                    new.name
                ))
                .field("name"));
            }
            let now = store::now_rfc3339();
            let row = WebhookRow {
                id: store::new_id(),
                name: new.name.clone(),
                token: webhooks::new_token(),
                preset: new.preset.id.clone(),
                vendor: new.preset.vendor.clone(),
                secret_type: new.secret_type,
                secret: crate::secrets::Secret::new(new.secret.clone()),
                event: new.event,
                body: new.body.clone(),
                sync_keys: new.sync_keys.clone(),
                enabled: new.enabled,
                version: 1,
                created_at: now.clone(),
                updated_at: now,
            };
            webhooks::insert(conn, &row)?;
            let answer = Remembered {
                request_hash: request_hash.clone(),
                status: StatusCode::CREATED.as_u16(),
                location: Some(format!("{}/{}", paths::WEBHOOKS, row.id)),
                body: serde_json::to_string(&row.to_api(&public_url))
                    .map_err(|e| ApiError::internal(e.to_string()))?,
            };
            if let Some(key) = &key {
                webhooks::remember(conn, key, &answer, now_unix)?;
            }
            Ok(answer)
        })
        .await?;
    let mut res = raw_json(
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::CREATED),
        answer.body,
    );
    if let Some(loc) = answer.location.and_then(|l| HeaderValue::try_from(l).ok()) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(res)
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(v) = headers.get("Idempotency-Key") else {
        return Ok(None);
    };
    let bad = || {
        ApiError::invalid(
            "Idempotency-Key",
            "Idempotency-Key must be 1 to 255 visible characters",
        )
    };
    let key = v.to_str().map_err(|_| bad())?;
    if key.is_empty() || key.len() > 255 {
        return Err(bad());
    }
    Ok(Some(key.to_string()))
}

/// The request with object keys sorted, so that the same request hashes the same however
/// its keys are ordered.
fn canonical_json(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<_> = m.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| (k.clone(), sorted(&m[k])))
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(v).to_string()
}

/// `If-Match: <version>` (quotes allowed, as an entity tag), or `*`.
fn if_match(headers: &HeaderMap) -> Result<Option<u64>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = v.to_str().unwrap_or("").trim();
    if text == "*" {
        return Ok(None);
    }
    let digits = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::invalid(
            "If-Match",
            format!("If-Match must be a version number, not {text:?}"),
        ));
    }
    digits
        .parse()
        .map(Some)
        .map_err(|_| ApiError::invalid("If-Match", "If-Match is out of range"))
}

/// `PATCH /api/v3/webhooks/{id}`: the fields given; a field given its current value is no
/// change, and a patch that changes nothing leaves `version` and `updated_at` alone.
async fn patch_webhook(
    State(app): State<App>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let expected = if_match(&headers)?;
    let value = read_json(&headers, body).await?;
    let patch = validate::patch(&value, &app.presets)?;
    let job_app = app.clone();
    let row = app
        .store
        .write(move |conn| {
            let current = webhooks::get(conn, &id)?.ok_or_else(|| no_webhook(&id))?;
            if let Some(v) = expected
                && v != current.version
            {
                return Err(ApiError::precondition_failed(format!(
                    "the webhook is at version {}, not {v}",
                    current.version
                )));
            }
            let mut next = current.clone();
            if let Some(name) = &patch.name {
                next.name = name.clone();
            }
            if let Some(p) = &patch.preset {
                next.preset = p.id.clone();
                next.vendor = p.vendor.clone();
            }
            if let Some(t) = patch.secret_type {
                next.secret_type = t;
            }
            if let Some(s) = &patch.secret {
                next.secret = crate::secrets::Secret::new(s.clone());
            }
            if let Some(e) = patch.event {
                next.event = e;
            }
            if let Some(b) = &patch.body {
                next.body = b.clone();
            }
            if let Some(k) = &patch.sync_keys {
                next.sync_keys = k.clone();
            }
            if let Some(e) = patch.enabled {
                next.enabled = e;
            }
            if !differs(&current, &next) {
                return Ok(current);
            }
            if (patch.preset.is_some() || patch.event.is_some())
                && let Ok(preset) = job_app.presets.get(&next.preset)
                && let Err(why) = crate::domain::check_event_fits(preset.event, next.event)
            {
                let field = if patch.event.is_some() {
                    "event"
                } else {
                    "preset"
                };
                return Err(ApiError::invalid(field, why));
            }
            if patch.preset.is_some() || patch.secret_type.is_some() || patch.secret.is_some() {
                let preset = match &patch.preset {
                    Some(p) => p.clone(),
                    None => job_app
                        .presets
                        .get(&next.preset)
                        .map_err(|e| ApiError::invalid("preset", e.to_string()))?,
                };
                let blame = if patch.secret_type.is_some() {
                    "secret_type"
                } else {
                    "preset"
                };
                validate::combination(&preset, next.secret_type, next.secret.expose(), blame)?;
            }
            if next.name != current.name
                && webhooks::name_holder(conn, &next.name, Some(&id))?.is_some()
            {
                return Err(ApiError::conflict(format!(
                    "a webhook named {:?} already exists",
                    next.name
                ))
                .field("name"));
            }
            next.version += 1;
            next.updated_at = store::now_rfc3339();
            webhooks::update(conn, &next)?;
            Ok(next)
        })
        .await?;
    app.hooks.invalidate(&row.token);
    Ok(json_response(StatusCode::OK, &row.to_api(&app.public_url)))
}

fn differs(a: &WebhookRow, b: &WebhookRow) -> bool {
    a.name != b.name
        || a.preset != b.preset
        || a.secret_type != b.secret_type
        || !bool::from(
            a.secret
                .expose()
                .as_bytes()
                .ct_eq(b.secret.expose().as_bytes()),
        )
        || a.event != b.event
        || a.body != b.body
        || a.sync_keys != b.sync_keys
        || a.enabled != b.enabled
}

async fn delete_webhook(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let key = id.clone();
    let token = app
        .store
        .write(move |conn| webhooks::delete(conn, &key))
        .await?
        .ok_or_else(|| no_webhook(&id))?;
    app.hooks.invalidate(&token);
    super::limits::REJECTS.forget(&id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn list_deliveries(
    State(app): State<App>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let Paging { limit, skip } = paging(&query)?;
    let key = id.clone();
    let page = app
        .store
        .read(move |conn| match webhooks::version_of(conn, &key)? {
            Some(_) => deliveries::list(conn, &key, limit, skip).map(Some),
            None => Ok(None),
        })
        .await?;
    let (items, total) = page.ok_or_else(|| no_webhook(&id))?;
    let mut res = page_response(&items, total);
    // Rejections past the limit are counted, not logged (README, "What serve limits").
    res.headers_mut().insert(
        "X-Rejections-Unlogged",
        HeaderValue::from(super::limits::REJECTS.unlogged(&id)),
    );
    Ok(res)
}

// ---- users and assets --------------------------------------------------------------------

async fn list_records(
    app: App,
    kind: Kind,
    query: &[(String, String)],
) -> Result<Response, ApiError> {
    let Paging { limit, skip } = paging(query)?;
    let (rows, total) = app
        .store
        .read(move |conn| records::list(conn, kind, limit, skip))
        .await?;
    let items: Vec<_> = rows.iter().map(|r| r.view(kind)).collect();
    Ok(page_response(&items, total))
}

async fn show_record(app: App, kind: Kind, ident: String) -> Result<Response, ApiError> {
    let key = ident.clone();
    let rec = app
        .store
        .read(move |conn| records::get(conn, kind, &key))
        .await?;
    let rec = rec.ok_or_else(|| ApiError::not_found(format!("no {} {ident:?}", kind.noun())))?;
    Ok(json_response(StatusCode::OK, &rec.view(kind)))
}

async fn list_users(
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    list_records(app, Kind::User, &q).await
}

async fn list_assets(
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    list_records(app, Kind::Asset, &q).await
}

async fn show_user(
    State(app): State<App>,
    Path(ident): Path<String>,
) -> Result<Response, ApiError> {
    show_record(app, Kind::User, ident).await
}

async fn show_asset(
    State(app): State<App>,
    Path(ident): Path<String>,
) -> Result<Response, ApiError> {
    show_record(app, Kind::Asset, ident).await
}
