//! Inbound deliveries: what Oomnitza does when a vendor posts to a webhook's url.
//!
//! In order (the contract's "Inbound deliveries"): find the webhook by its token (unknown or
//! disabled: 404); authenticate with the preset's scheme and the stored secret (401; per item
//! for a secret the vendor copies into each item), then answer the preset's handshake (only
//! HiBob's bare ping and Microsoft Graph's validation, which carry no secret, come first);
//! check size, media type and JSON (413, 415, 400); split the delivery into its items (the
//! preset's `items`, or the payload itself); then per item: the event filter (`event_type`,
//! else skipped), dedupe on the vendor's event id (or, where the signature covers none, on the
//! signed content), render the body on the render pool (not a JSON object: rejected, 422 when
//! not batched), pick the record by the first non-empty sync key and apply the event. Every
//! delivery past the first step is logged, a row per item, and the rows commit with the record
//! changes, all the items of a delivery in one transaction, before the answer is sent.
//!
//! Speed: webhooks are cached by token with their preset and compiled template (an entry is
//! the webhook at one version: a change through the API drops it, and the write checks the
//! version, so a stale entry is never used); the work that needs no lock (reading, verifying,
//! parsing, rendering) runs on the async threads; the store commits deliveries in groups.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::error::ApiError;
use super::http::{BodyError, is_json, json_response, read_body};
use super::records::{self, Kind};
use super::webhooks::{self, WebhookRow};
use super::{App, deliveries, payloads, store};
use crate::api::model::{Delivery, DeliveryAction, DeliveryStatus};
use crate::domain::OomnitzaEvent;
use crate::preset::{Preset, batch, event_name};
use crate::signature::{
    self, EventIdSource, Handshake, HandshakeReply, Headers, Scheme, VerifyOptions,
};
use crate::template::{self, Engine, Undefined};

/// The largest delivery body accepted.
pub(super) const MAX_DELIVERY: usize = 1024 * 1024;

/// A webhook ready to take deliveries.
pub(super) struct Hook {
    pub(super) row: WebhookRow,
    pub(super) preset: Arc<Preset>,
    /// The body, compiled once per webhook version.
    engine: Result<Engine, String>,
    /// Whether its renders have proved quick enough to run inline.
    speed: super::limits::RenderSpeed,
}

/// Webhooks by token.
#[derive(Default)]
pub(super) struct HookCache {
    map: RwLock<HashMap<String, Arc<Hook>>>,
}

impl HookCache {
    fn get(&self, token: &str) -> Option<Arc<Hook>> {
        self.map.read().ok()?.get(token).cloned()
    }

    fn insert(&self, token: &str, hook: Arc<Hook>) {
        if let Ok(mut map) = self.map.write() {
            map.insert(token.to_string(), hook);
        }
    }

    /// Forgets a webhook (after a change or a delete).
    pub(super) fn invalidate(&self, token: &str) {
        if let Ok(mut map) = self.map.write() {
            map.remove(token);
        }
    }
}

/// Finds the enabled webhook of a token.
pub(super) async fn find(app: &App, token: &str) -> Result<Arc<Hook>, ApiError> {
    let not_found = || ApiError::not_found("no such webhook");
    let plausible = !token.is_empty()
        && token.len() <= 128
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !plausible {
        return Err(not_found());
    }
    let hook = match app.hooks.get(token) {
        Some(hook) => hook,
        None => {
            let t = token.to_string();
            let row = app
                .store
                .read(move |conn| webhooks::get_by_token(conn, &t))
                .await?
                .ok_or_else(not_found)?;
            let preset = app.presets.get(&row.preset).map_err(|e| {
                ApiError::internal(format!(
                    "the preset {} of this webhook is not available: {e}",
                    row.preset
                ))
            })?;
            let engine =
                Engine::new("body", &row.body, Undefined::Lenient).map_err(|e| e.headline());
            let hook = Arc::new(Hook {
                row,
                preset,
                engine,
                speed: super::limits::RenderSpeed::default(),
            });
            app.hooks.insert(token, hook.clone());
            hook
        }
    };
    if !hook.row.enabled {
        return Err(ApiError::not_found(
            "this webhook is disabled, so it takes no deliveries: enable it with `oomhook update NAME --enabled`",
        ));
    }
    Ok(hook)
}

/// `GET /hooks/{token}`: Okta's one-time verification.
pub(super) async fn verify(
    State(app): State<App>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let hook = match find(&app, &token).await {
        Ok(hook) => hook,
        Err(e) => return e.into_response(),
    };
    if hook.preset.handshake != Handshake::OktaVerification {
        return ApiError::not_found("this webhook answers no verification request").into_response();
    }
    let h = signature_headers(&headers);
    // Okta sends the event hook's authentication header with its verification too: the
    // challenge is echoed only to a caller that has the secret.
    let secret = hook.row.secret.expose().as_bytes();
    let Some(scheme) = hook.preset.scheme(hook.row.secret_type) else {
        return ApiError::internal("the preset no longer supports this webhook's secret type")
            .into_response();
    };
    if let Err(e) = signature::verify(scheme, secret, b"", &h, &VerifyOptions::now()) {
        return ApiError::unauthorized(e.to_string()).into_response();
    }
    match signature::handshake(Handshake::OktaVerification, "GET", &h, b"", secret) {
        Some(reply) => handshake_response(reply),
        None => ApiError::bad_request("missing header X-Okta-Verification-Challenge")
            .field("X-Okta-Verification-Challenge")
            .into_response(),
    }
}

/// `POST /hooks/{token}`: a delivery.
pub(super) async fn receive(
    State(app): State<App>,
    Path(token): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match receive_inner(&app, &token, uri.query(), &headers, body).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

async fn receive_inner(
    app: &App,
    token: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let received_at = store::now_rfc3339();
    let mut hook = find(app, token).await?;
    let body = match read_body(headers, body, MAX_DELIVERY).await {
        Ok(b) => Some(b),
        Err(BodyError::TooLarge) => None,
        Err(e) => return Err(e.into_api(MAX_DELIVERY)),
    };
    // A webhook changed between the cache and the write is taken again, once.
    for _ in 0..2 {
        let incoming = match &body {
            Some(body) => match prepare(&hook, query, headers, body).await {
                Step::Answer(res) => return Ok(res),
                Step::Commit(incoming) => incoming,
            },
            None => Incoming::rejected("payload_too_large", ApiError::too_large(MAX_DELIVERY)),
        };
        // Rejections are logged as samples past a burst (README, "What serve limits").
        if matches!(incoming.outcome, Prepared::Rejected { .. })
            && let Err(wait) = super::limits::REJECTS.admit(&hook.row.id)
        {
            return Ok(super::limits::too_many(wait));
        }
        let kept = body.as_ref().map(|b| {
            let scheme = hook.preset.scheme(hook.row.secret_type);
            (b.clone(), payloads::recorded_headers(headers, scheme))
        });
        match commit(app, &hook, received_at.clone(), incoming, kept, None).await? {
            Some(Logged {
                error: Some(err), ..
            }) => return Err(err),
            Some(Logged {
                batched: true,
                rows,
                ..
            }) => {
                let answer = serde_json::json!({ "deliveries": rows });
                return Ok(json_response(StatusCode::OK, &answer));
            }
            Some(Logged { rows, .. }) => match rows.into_iter().next() {
                Some(delivery) => return Ok(json_response(StatusCode::OK, &delivery)),
                None => return Err(ApiError::internal("the delivery was not logged")),
            },
            None => {
                app.hooks.invalidate(token);
                hook = find(app, token).await?;
            }
        }
    }
    Err(ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "internal",
        "the webhook is changing; retry",
    ))
}

/// What the steps before the store decided.
enum Step {
    /// Answered without the store (a handshake).
    Answer(Response),
    Commit(Incoming),
}

/// A delivery ready for the store.
pub(super) struct Incoming {
    pub(super) outcome: Prepared,
}

pub(super) enum Prepared {
    /// The delivery as a whole refused: logged `rejected` with this reason code (and the
    /// error's message), answered with this error.
    Rejected {
        reason: &'static str,
        error: ApiError,
    },
    /// Its items (one when the preset does not batch), each with its own outcome.
    Items {
        /// Whether the preset batches (the answer lists every item).
        batched: bool,
        items: Vec<ItemJob>,
    },
}

/// One item of a delivery, as the store takes it.
pub(super) struct ItemJob {
    /// Its index in the batch; `None` when the preset does not batch.
    pub(super) index: Option<usize>,
    /// The vendor event type read (when the preset reads one).
    pub(super) event_type: Option<String>,
    pub(super) vendor_event_id: Option<String>,
    /// A digest of the signed content, where the signature covers neither an event id nor a
    /// time of its own (GitHub's): a repeat of the same signed body (of the same item, in a
    /// batch) is a duplicate whatever unsigned delivery id comes with it.
    pub(super) content_key: Option<String>,
    pub(super) outcome: ItemOutcome,
}

pub(super) enum ItemOutcome {
    /// Taken without a change: logged `skipped` with this reason code and message.
    Skipped {
        reason: &'static str,
        message: String,
    },
    /// Refused (the body did not render to a JSON object): logged `rejected`; a delivery that
    /// does not batch is answered with this error.
    Rejected {
        reason: &'static str,
        error: ApiError,
    },
    /// Rendered to these fields (and their compact JSON text, as logged); the sync key
    /// that resolved, if one did.
    Rendered {
        fields: Map<String, Value>,
        text: String,
        sync: Option<(String, String)>,
    },
}

impl Incoming {
    fn rejected(reason: &'static str, error: ApiError) -> Self {
        Incoming {
            outcome: Prepared::Rejected { reason, error },
        }
    }

    /// The rendered fields of each item, taken back from a delivery shared with the store's
    /// job (copied only if the job still holds it).
    fn into_fields(self: Arc<Self>) -> Vec<Option<Map<String, Value>>> {
        let take = |item: ItemJob| match item.outcome {
            ItemOutcome::Rendered { fields, .. } => Some(fields),
            _ => None,
        };
        let copy = |item: &ItemJob| match &item.outcome {
            ItemOutcome::Rendered { fields, .. } => Some(fields.clone()),
            _ => None,
        };
        match Arc::try_unwrap(self) {
            Ok(Incoming {
                outcome: Prepared::Items { items, .. },
                ..
            }) => items.into_iter().map(take).collect(),
            Ok(_) => Vec::new(),
            Err(shared) => match &shared.outcome {
                Prepared::Items { items, .. } => items.iter().map(copy).collect(),
                Prepared::Rejected { .. } => Vec::new(),
            },
        }
    }
}

/// Handshake, authentication, media type, JSON, items, event filter, event ids and rendering.
async fn prepare(hook: &Arc<Hook>, query: Option<&str>, headers: &HeaderMap, body: &Bytes) -> Step {
    let preset = &hook.preset;
    let secret = hook.row.secret.expose().as_bytes();
    let Some(scheme) = preset.scheme(hook.row.secret_type) else {
        let error = ApiError::internal(format!(
            "the preset {} no longer supports this webhook's secret type",
            preset.id
        ));
        return Step::Commit(Incoming::rejected("preset_unavailable", error));
    };
    let sig_headers = signature_headers(headers);

    // Two handshakes carry no secret to check, and neither signs nor applies anything:
    // HiBob's connection test (its documentation does not say it is signed) is acknowledged
    // with a fixed answer, and Microsoft Graph's subscription validation (a POST carrying
    // `?validationToken=`, no clientState) must get the decoded token back as text/plain within
    // 10 seconds: Graph's protocol requires the echo, it is never HTML, and no vendor takes an
    // echoed token as a signature.
    if preset.handshake == Handshake::HibobPing
        && let Some(reply) =
            signature::handshake(preset.handshake, "POST", &sig_headers, body, secret)
    {
        return Step::Answer(handshake_response(reply));
    }
    if preset.handshake == Handshake::GraphValidation
        && let Some(token) = query.and_then(|q| query_param(q, "validationToken"))
    {
        return Step::Answer(text_response(StatusCode::OK, token));
    }
    // Every other handshake is answered only once the request is authenticated: Zoom's answer
    // is an HMAC of the caller's plainToken, the very form of a delivery's signature, so
    // answering an unsigned validation would sign forged deliveries (README, "What serve
    // limits"). A secret the vendor copies into each item (Graph's clientState) is checked per
    // item instead.
    if preset.item_secret.is_none()
        && let Err(e) = signature::verify(scheme, secret, body, &sig_headers, &VerifyOptions::now())
    {
        return Step::Commit(Incoming::rejected(
            e.reason_code(),
            ApiError::unauthorized(e.advice(scheme)),
        ));
    }
    if preset.handshake != Handshake::OktaVerification
        && let Some(reply) =
            signature::handshake(preset.handshake, "POST", &sig_headers, body, secret)
    {
        return Step::Answer(handshake_response(reply));
    }
    if !is_json(headers) {
        return Step::Commit(Incoming::rejected(
            "unsupported_media_type",
            ApiError::unsupported_media_type(),
        ));
    }
    // Read once, lazily: the event id and the render look at a few fields of it.
    let read = std::str::from_utf8(body)
        .map_err(|e| format!("it is not UTF-8 ({e})"))
        .and_then(|text| template::json::parse(text).map_err(|e| e.to_string()));
    let payload = match read {
        Ok(v) => v,
        Err(e) => {
            return Step::Commit(Incoming::rejected(
                "not_json",
                ApiError::bad_request(format!("the body is not JSON: {e}")),
            ));
        }
    };
    let content_key = content_key(preset, scheme, body);
    let outcome = prepare_on_pool(hook, headers, payload, content_key).await;
    Step::Commit(Incoming { outcome })
}

/// [`prepare_items`], which renders, on the render pool (README, "What serve limits"): not on
/// the threads that answer requests, and only so many at once, so runaway bodies cannot starve
/// other requests. A webhook whose renders have proved quick renders inline instead.
pub(super) async fn prepare_on_pool(
    hook: &Arc<Hook>,
    headers: &HeaderMap,
    payload: minijinja::Value,
    content_key: Option<String>,
) -> Prepared {
    let timed = move |hook: &Hook, headers: &HeaderMap, payload: &minijinja::Value, key| {
        let started = super::limits::render_clock();
        let out = match hook.preset.scheme(hook.row.secret_type) {
            Some(scheme) => {
                let sig_headers = signature_headers(headers);
                prepare_items(hook, headers, &sig_headers, scheme, payload, key)
            }
            None => Prepared::Rejected {
                reason: "preset_unavailable",
                error: ApiError::internal("the preset no longer supports this secret type"),
            },
        };
        hook.speed
            .record(super::limits::render_clock().saturating_sub(started));
        out
    };
    if hook.speed.inline() {
        return timed(hook, headers, &payload, content_key);
    }
    let (hook, headers) = (hook.clone(), headers.clone());
    let done = super::limits::RENDERS
        .run(move || timed(&hook, &headers, &payload, content_key))
        .await;
    done.unwrap_or_else(|e| match e {
        super::limits::RenderError::Busy => Prepared::Rejected {
            reason: "render_busy",
            error: ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "internal",
                "every render thread is busy; retry later",
            ),
        },
        super::limits::RenderError::Failed => Prepared::Rejected {
            reason: "render_failed",
            error: ApiError::internal("rendering failed"),
        },
    })
}

/// The content key of a delivery (see [`Incoming::content_key`]): for an HMAC scheme whose
/// event id is not covered by the signature (a header the signature does not sign, or no
/// event id at all), the SHA-256 of the body. Never the signature itself.
fn content_key(preset: &Preset, scheme: Scheme<'_>, body: &[u8]) -> Option<String> {
    use sha2::Digest;
    let Scheme::Hmac(auth) = scheme else {
        return None;
    };
    let covered = match &preset.event_id {
        Some(EventIdSource::Path(_)) => true,
        Some(EventIdSource::Header(h)) => {
            auth.signs_id()
                && auth
                    .id_header
                    .as_deref()
                    .is_some_and(|i| i.eq_ignore_ascii_case(h))
        }
        None => false,
    };
    (!covered).then(|| format!("sha256:{}", hex::encode(sha2::Sha256::digest(body))))
}

/// Splits a delivery into its items and prepares each: the event filter, the event id, the
/// content key (the body's, or in a batch the digest of the item's JSON) and the render.
pub(super) fn prepare_items(
    hook: &Hook,
    headers: &HeaderMap,
    sig_headers: &Headers,
    scheme: Scheme<'_>,
    payload: &minijinja::Value,
    content_key: Option<String>,
) -> Prepared {
    let preset = &hook.preset;
    let items = match batch::items(preset, payload) {
        Ok(items) => items,
        Err(message) => {
            return Prepared::Rejected {
                reason: "no_items",
                error: ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message),
            };
        }
    };
    let batched = preset.items.is_some();
    if items.is_empty() {
        return Prepared::Items {
            batched,
            items: vec![ItemJob {
                index: None,
                event_type: None,
                vendor_event_id: None,
                content_key: None,
                outcome: ItemOutcome::Skipped {
                    reason: "no_items",
                    message: format!(
                        "the list of items at `{}` is empty",
                        preset.items.as_deref().unwrap_or_default()
                    ),
                },
            }],
        };
    }
    // A secret carried in the items: checked, then taken out of what the template sees (as a
    // header secret is), so that no body can render it into the log or a record.
    let (items, payload, secret_ok) = match &preset.item_secret {
        None => (items, payload.clone(), None),
        Some(path) => {
            let ok: Vec<bool> = items
                .iter()
                .map(|item| item_secret_ok(hook, path, item))
                .collect();
            if !ok.contains(&true) {
                return Prepared::Rejected {
                    reason: "item_secret_mismatch",
                    error: ApiError::unauthorized(format!(
                        "`{path}` does not match the webhook's secret (in any item)"
                    )),
                };
            }
            let clean = without_item_secret(preset, payload, path);
            match batch::items(preset, &clean) {
                Ok(items) => (items, clean, Some(ok)),
                Err(_) => (items, payload.clone(), Some(ok)),
            }
        }
    };
    let payload = &payload;
    let headers_value = template_headers(headers, scheme);
    let items = items
        .iter()
        .enumerate()
        .map(|(k, item)| {
            let kind = batch::event_type(preset, sig_headers, item);
            let vendor_event_id = batch::event_id(preset, sig_headers, item);
            let lifecycle = batch::lifecycle(preset, item);
            let secret_bad = secret_ok.as_ref().is_some_and(|ok| !ok[k]);
            let outcome = match (&preset.item_secret, lifecycle, kind.skip(preset)) {
                (Some(path), _, _) if secret_bad => ItemOutcome::Rejected {
                    reason: "item_secret_mismatch",
                    error: ApiError::unauthorized(format!(
                        "`{path}` does not match the webhook's secret"
                    )),
                },
                (_, Some((reason, message)), _) => ItemOutcome::Skipped { reason, message },
                (_, None, Some((reason, message))) => ItemOutcome::Skipped { reason, message },
                (_, None, None) => render(hook, headers_value.clone(), payload, item),
            };
            let content_key = match (&content_key, item.index) {
                (None, _) => None,
                (Some(body), None) => Some(body.clone()),
                (Some(_), Some(_)) => Some(item_digest(&item.value)),
            };
            ItemJob {
                index: item.index,
                event_type: kind.name().map(str::to_string),
                vendor_event_id,
                content_key,
                outcome,
            }
        })
        .collect();
    Prepared::Items { batched, items }
}

/// The SHA-256 of an item's JSON text, as a content key.
fn item_digest(item: &minijinja::Value) -> String {
    use sha2::Digest;
    let text = serde_json::to_vec(item).unwrap_or_default();
    format!("sha256:{}", hex::encode(sha2::Sha256::digest(text)))
}

/// The payload without the field at `path` of each item (of the list at `items`, or of the
/// payload itself).
fn without_item_secret(
    preset: &Preset,
    payload: &minijinja::Value,
    path: &str,
) -> minijinja::Value {
    fn walk<'a>(v: &'a mut Value, path: &str) -> Option<&'a mut Value> {
        path.split('.').try_fold(v, |v, seg| match v {
            Value::Object(m) => m.get_mut(seg),
            Value::Array(a) => a.get_mut(signature::parse_index(seg)?),
            _ => None,
        })
    }
    let Ok(mut tree) = serde_json::to_value(payload) else {
        return payload.clone();
    };
    let (parent, field) = path.rsplit_once('.').unwrap_or(("", path));
    let mut strip = |item: &mut Value| {
        let target = if parent.is_empty() {
            Some(item)
        } else {
            walk(item, parent)
        };
        if let Some(Value::Object(m)) = target {
            m.shift_remove(field);
        }
    };
    match &preset.items {
        Some(list) => {
            if let Some(Value::Array(a)) = walk(&mut tree, list) {
                a.iter_mut().for_each(&mut strip);
            }
        }
        None => strip(&mut tree),
    }
    minijinja::Value::from(minijinja::value::Serde(&tree))
}

/// Whether an item carries the webhook's secret at `path` (compared in constant time).
fn item_secret_ok(hook: &Hook, path: &str, item: &batch::Item) -> bool {
    use subtle::ConstantTimeEq;
    let given = batch::at_path(&item.value, path).and_then(|v| batch::scalar_text(&v));
    given.is_some_and(|g| bool::from(g.as_bytes().ct_eq(hook.row.secret.expose().as_bytes())))
}

/// A query parameter's value, percent-decoded (`+` is a space, as in a form).
fn query_param(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(&s.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        (decode(k) == name).then(|| decode(v))
    })
}

fn text_response(status: StatusCode, text: String) -> Response {
    (
        status,
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// The request headers as the template sees them (lower-case names), never the one carrying
/// a header secret.
fn template_headers(headers: &HeaderMap, scheme: Scheme<'_>) -> minijinja::Value {
    let hidden = match scheme {
        Scheme::Header(auth) => Some(auth.header.as_str()),
        Scheme::Hmac(_) => None,
    };
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        if hidden.is_some_and(|h| name.as_str().eq_ignore_ascii_case(h)) {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes());
        names
            .entry(name.as_str().to_string())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert_with(|| value.into_owned());
    }
    template::headers_value(&names)
}

/// Renders the body for one item with the payload, the headers and the Oomnitza event; the
/// result must be a JSON object.
fn render(
    hook: &Hook,
    headers: minijinja::Value,
    payload: &minijinja::Value,
    item: &batch::Item,
) -> ItemOutcome {
    let invalid = |reason, message: String| ItemOutcome::Rejected {
        reason,
        error: ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message).field("body"),
    };
    let engine = match &hook.engine {
        Ok(engine) => engine,
        Err(e) => return invalid("render_failed", format!("the body does not compile: {e}")),
    };
    let ctx = batch::context(payload, headers, Some(event_name(hook.row.event)), item);
    let rendered = match engine.render(&ctx) {
        Ok(text) => text,
        Err(e) => {
            return invalid(
                "render_failed",
                format!("the body did not render: {}", e.headline()),
            );
        }
    };
    let checked = crate::body::check(&rendered, &hook.row.sync_keys);
    match (checked.fields, checked.error) {
        (Some(fields), None) => {
            if let Err(why) = records::check_documented(Kind::of(hook.row.event), &fields) {
                return invalid("body_field_type", format!("the rendered body: {why}"));
            }
            let sync = checked.sync_key.zip(checked.sync_value);
            let text = serde_json::to_string(&fields).unwrap_or_default();
            ItemOutcome::Rendered { fields, text, sync }
        }
        (_, error) => invalid(
            "body_not_object",
            format!(
                "the rendered body is not a JSON object: {}",
                error.unwrap_or_default()
            ),
        ),
    }
}

/// What the store made of a delivery: a row per item, and the error a delivery that does not
/// batch is answered with.
#[derive(Debug)]
pub(super) struct Logged {
    pub(super) batched: bool,
    pub(super) rows: Vec<Delivery>,
    pub(super) error: Option<ApiError>,
}

/// Logs the delivery and applies it, in one transaction. `None`: the webhook changed since
/// it was read (or went away); take it again.
///
/// Only the statements run on the writer thread (every write waits for it): ids, times and
/// the rendered fields' JSON text are made here first.
pub(super) async fn commit(
    app: &App,
    hook: &Arc<Hook>,
    received_at: String,
    incoming: Incoming,
    payload: Option<(Bytes, String)>,
    replay_of: Option<String>,
) -> Result<Option<Logged>, ApiError> {
    let rows = match &incoming.outcome {
        Prepared::Items { items, .. } => items.len(),
        Prepared::Rejected { .. } => 1,
    };
    let entry = Entry {
        webhook_id: hook.row.id.clone(),
        version: hook.row.version,
        event: hook.row.event,
        ids: (0..rows).map(|_| store::new_id()).collect(),
        received_at,
        now: store::now_rfc3339(),
        payload,
        keep: app.keep_deliveries,
        replay_of,
    };
    let incoming = Arc::new(incoming);
    let job = incoming.clone();
    let logged = app
        .store
        .write(move |conn| log_and_apply(conn, &entry, &job))
        .await?;
    app.bell.ring();
    // The job has let go of the delivery by now: its fields come back without a copy.
    Ok(logged.map(|mut logged| {
        let fields = incoming.into_fields();
        for (d, fields) in logged.rows.iter_mut().zip(fields) {
            if d.status != DeliveryStatus::Duplicate {
                d.rendered = fields.map(Value::Object);
            }
        }
        logged
    }))
}

/// What the writer needs besides the delivery: its webhook as it was read, an id per row
/// (the first is the request's) and its times.
pub(super) struct Entry {
    pub(super) webhook_id: String,
    pub(super) version: u64,
    pub(super) event: OomnitzaEvent,
    pub(super) ids: Vec<String>,
    pub(super) received_at: String,
    /// When the record changes.
    pub(super) now: String,
    /// The body as received and the headers as recorded (see `payloads`), kept for the
    /// request; `None` when it was too large to read.
    pub(super) payload: Option<(Bytes, String)>,
    /// How many payloads the webhook keeps (`serve --keep-deliveries`).
    pub(super) keep: u32,
    /// For a replay: the delivery run again. A replay is not deduplicated (README,
    /// `oomhook replay`).
    pub(super) replay_of: Option<String>,
}

/// The writer's part of a delivery, in the batch's transaction: checks the webhook is still
/// enabled at the version it was read at (`None` if not), then per item dedupes, applies the
/// event and logs the item. An error takes back the whole delivery: no item is half applied,
/// and none is applied without its log row.
pub(super) fn log_and_apply(
    conn: &rusqlite::Connection,
    entry: &Entry,
    job: &Incoming,
) -> Result<Option<Logged>, ApiError> {
    let Entry {
        webhook_id,
        version,
        event,
        ids,
        received_at,
        now,
        payload,
        keep,
        replay_of,
    } = entry;
    match webhooks::version_of(conn, webhook_id)? {
        Some((v, true)) if v == *version => {}
        _ => return Ok(None),
    }
    let request_id = ids.first().cloned().unwrap_or_else(store::new_id);
    if let Some((body, headers)) = payload {
        deliveries::insert_payload(conn, webhook_id, &request_id, body, headers, *keep)?;
    }
    let row = |k: usize| Delivery {
        id: ids.get(k).cloned().unwrap_or_else(store::new_id),
        request_id: request_id.clone(),
        item_index: None,
        received_at: received_at.clone(),
        status: DeliveryStatus::Applied,
        reason: None,
        message: None,
        event_type: None,
        vendor_event_id: None,
        sync_key: None,
        sync_value: None,
        action: DeliveryAction::None,
        record_id: None,
        rendered: None,
        replay_of: replay_of.clone(),
    };
    let (batched, items) = match &job.outcome {
        Prepared::Rejected { reason, error } => {
            let mut d = row(0);
            d.status = DeliveryStatus::Rejected;
            d.reason = Some((*reason).to_string());
            d.message = Some(error.message.clone());
            deliveries::insert(conn, webhook_id, &d, None, None)?;
            return Ok(Some(Logged {
                batched: false,
                rows: vec![d],
                error: Some(error.clone()),
            }));
        }
        Prepared::Items { batched, items } => (*batched, items),
    };
    let mut logged = Logged {
        batched,
        rows: Vec::with_capacity(items.len()),
        error: None,
    };
    for (k, item) in items.iter().enumerate() {
        let mut d = row(k);
        d.item_index = item.index.map(|i| i as u64);
        d.event_type = item.event_type.clone();
        d.vendor_event_id = item.vendor_event_id.clone();
        let content_key = item.content_key.as_deref();
        let mut rendered = None;
        if let Some(id) = &d.vendor_event_id
            && replay_of.is_none()
            && deliveries::seen(conn, webhook_id, id)?
        {
            d.status = DeliveryStatus::Duplicate;
            d.message = Some(format!("event {id} was already taken"));
        } else if let Some(key) = content_key
            && replay_of.is_none()
            && deliveries::seen_content(conn, webhook_id, key)?
        {
            d.status = DeliveryStatus::Duplicate;
            d.message = Some(match item.index {
                None => "the same signed body was already taken (a repeat or a replay)".into(),
                Some(_) => "the same item of a signed body was already taken (a repeat or a \
                            replay)"
                    .into(),
            });
        } else {
            match &item.outcome {
                ItemOutcome::Skipped { reason, message } => {
                    d.status = DeliveryStatus::Skipped;
                    d.reason = Some((*reason).to_string());
                    d.message = Some(message.clone());
                }
                ItemOutcome::Rejected { reason, error } => {
                    d.status = DeliveryStatus::Rejected;
                    d.reason = Some((*reason).to_string());
                    d.message = Some(error.message.clone());
                    if !batched {
                        logged.error = Some(error.clone());
                    }
                }
                ItemOutcome::Rendered { fields, text, sync } => {
                    if let Some((key, value)) = sync {
                        apply(conn, *event, key, value, fields, now, &mut d)?;
                        d.sync_key = Some(key.clone());
                        d.sync_value = Some(value.clone());
                    } else {
                        d.status = DeliveryStatus::Skipped;
                        d.reason = Some("no_sync_key".into());
                        d.message = Some("no sync key had a value".into());
                    }
                    rendered = Some(text.as_str());
                }
            }
        }
        deliveries::insert(conn, webhook_id, &d, rendered, content_key)?;
        logged.rows.push(d);
    }
    Ok(Some(logged))
}

/// Step 7: the event on the record the sync key picks.
fn apply(
    conn: &rusqlite::Connection,
    event: OomnitzaEvent,
    key: &str,
    value: &str,
    fields: &Map<String, Value>,
    now: &str,
    d: &mut Delivery,
) -> Result<(), ApiError> {
    let kind = Kind::of(event);
    let found = records::find(conn, kind, key, value)?;
    let (action, record) = match (event, found) {
        (OomnitzaEvent::CreateUser | OomnitzaEvent::CreateAsset, None) => (
            DeliveryAction::Created,
            records::create(conn, kind, fields, now)?,
        ),
        (
            OomnitzaEvent::CreateUser
            | OomnitzaEvent::CreateAsset
            | OomnitzaEvent::UpdateUser
            | OomnitzaEvent::UpdateAsset,
            Some(mut rec),
        ) => {
            records::update(conn, kind, &mut rec, fields, now)?;
            (DeliveryAction::Updated, rec)
        }
        (OomnitzaEvent::ArchiveUser | OomnitzaEvent::ArchiveAsset, Some(mut rec)) => {
            records::archive(conn, kind, &mut rec, now)?;
            (DeliveryAction::Archived, rec)
        }
        (_, None) => {
            d.status = DeliveryStatus::Skipped;
            d.reason = Some(format!("{}_not_found", kind.noun()));
            return Ok(());
        }
    };
    d.action = action;
    d.record_id = Some(record.id);
    Ok(())
}

/// Request headers for the signature module.
pub(super) fn signature_headers(headers: &HeaderMap) -> Headers {
    let mut out = Headers::new();
    for (name, value) in headers {
        out.push(name.as_str(), String::from_utf8_lossy(value.as_bytes()));
    }
    out
}

fn handshake_response(reply: HandshakeReply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    json_response(status, &reply.body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::batch::{Item, event_id};

    #[test]
    fn event_ids_are_found_as_in_a_json_tree() {
        let text = r#"{"data": {"events": [{"uuid": "u-1", "n": 42, "blank": " "}]},
                       "list": [1, 2], "id": "top"}"#;
        let lazy = template::json::parse(text).unwrap();
        let tree: Value = serde_json::from_str(text).unwrap();
        let mut headers = Headers::new();
        headers.push("X-Event-Id", "h-9".to_string());
        let item = Item {
            index: None,
            value: lazy,
        };
        let yaml = include_str!("../../presets/okta/okta-user-created.yaml");
        let mut preset = Preset::from_yaml(yaml, "okta-user-created.yaml").unwrap();
        preset.items = None;
        for path in [
            "data.events.0.uuid",
            "data.events.0.n",
            "data.events.0.blank",
            "data.events.1.uuid",
            "data.events.x",
            "list.1",
            "list.01",
            "list.-1",
            "id",
            "id.0",
            "",
            "missing",
        ] {
            let source = EventIdSource::Path(path.to_string());
            preset.event_id = Some(source.clone());
            assert_eq!(
                event_id(&preset, &headers, &item),
                signature::event_id(&source, &headers, &tree),
                "{path}"
            );
        }
        preset.event_id = Some(EventIdSource::Header("x-event-id".to_string()));
        assert_eq!(event_id(&preset, &headers, &item).as_deref(), Some("h-9"));
    }
}
