//! The management API's handlers (`/api/v3/...`, docs/openapi.yaml): webhooks, their
//! deliveries, users and assets.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::http::{Paging, json_response, page_response, paging, raw_json, read_json};
use super::records::{self, Kind};
use super::webhooks::{self, Remembered, WebhookRow};
use super::{App, deliveries, store, validate};
use crate::api::model::paths;

fn no_webhook(id: &str) -> ApiError {
    ApiError::not_found(format!("no webhook with id {id}"))
}

// ---- webhooks ----------------------------------------------------------------------------

pub(super) async fn list_webhooks(
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

pub(super) async fn show_webhook(
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
pub(super) async fn create_webhook(
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
pub(super) async fn patch_webhook(
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

pub(super) async fn delete_webhook(
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

pub(super) async fn list_deliveries(
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

pub(super) async fn list_records(
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

pub(super) async fn show_record(app: App, kind: Kind, ident: String) -> Result<Response, ApiError> {
    let key = ident.clone();
    let rec = app
        .store
        .read(move |conn| records::get(conn, kind, &key))
        .await?;
    let rec = rec.ok_or_else(|| ApiError::not_found(format!("no {} {ident:?}", kind.noun())))?;
    Ok(json_response(StatusCode::OK, &rec.view(kind)))
}

pub(super) async fn list_users(
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    list_records(app, Kind::User, &q).await
}

pub(super) async fn list_assets(
    State(app): State<App>,
    Query(q): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    list_records(app, Kind::Asset, &q).await
}

pub(super) async fn show_user(
    State(app): State<App>,
    Path(ident): Path<String>,
) -> Result<Response, ApiError> {
    show_record(app, Kind::User, ident).await
}

pub(super) async fn show_asset(
    State(app): State<App>,
    Path(ident): Path<String>,
) -> Result<Response, ApiError> {
    show_record(app, Kind::Asset, ident).await
}
