//! Inbound deliveries: what Oomnitza does when a vendor posts to a webhook's url.
//!
//! In order (the contract's "Inbound deliveries"): find the webhook by its token (unknown or
//! disabled: 404); authenticate with the preset's scheme and the stored secret (401); answer
//! the preset's handshake; check size, media type and JSON (413, 415, 400); deduplicate on the
//! vendor's event id; render the body (not a JSON object: 422); pick the record by the first
//! non-empty sync key; apply the event. Every delivery past the first step is logged, and the
//! log row commits with the record change, in one transaction, before the answer is sent.
//!
//! Speed: webhooks are cached by token with their preset and compiled template (an entry is
//! the webhook at one version: a change through the API drops it, and the write checks the
//! version, so a stale entry is never used); the work that needs no lock (reading, verifying,
//! parsing, rendering) runs on the async threads; the store commits deliveries in groups.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::error::ApiError;
use super::records::{self, Kind};
use super::routes::{BodyError, is_json, json_response, read_body};
use super::webhooks::{self, WebhookRow};
use super::{App, deliveries, store};
use crate::api::model::{Delivery, DeliveryAction, DeliveryStatus};
use crate::domain::OomnitzaEvent;
use crate::preset::{Preset, event_name};
use crate::signature::{
    self, EventIdSource, Handshake, HandshakeReply, Headers, Scheme, VerifyOptions,
};
use crate::template::{self, Engine, Undefined};

/// The largest delivery body accepted.
pub const MAX_DELIVERY: usize = 1024 * 1024;

/// A webhook ready to take deliveries.
pub struct Hook {
    row: WebhookRow,
    preset: Arc<Preset>,
    /// The body, compiled once per webhook version.
    engine: Result<Engine, String>,
    /// Whether its renders have proved quick enough to run inline.
    speed: super::limits::RenderSpeed,
}

/// Webhooks by token.
#[derive(Default)]
pub struct HookCache {
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
    pub fn invalidate(&self, token: &str) {
        if let Ok(mut map) = self.map.write() {
            map.remove(token);
        }
    }
}

/// Finds the enabled webhook of a token.
async fn find(app: &App, token: &str) -> Result<Arc<Hook>, ApiError> {
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
        return Err(not_found());
    }
    Ok(hook)
}

/// `GET /hooks/{token}`: Okta's one-time verification.
pub async fn verify(
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
pub async fn receive(
    State(app): State<App>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    match receive_inner(&app, &token, &headers, body).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

async fn receive_inner(
    app: &App,
    token: &str,
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
            Some(body) => match prepare(&hook, headers, body).await {
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
        match commit(app, &hook, received_at.clone(), incoming).await? {
            Some((delivery, None)) => return Ok(json_response(StatusCode::OK, &delivery)),
            Some((_, Some(err))) => return Err(err),
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
    pub(super) vendor_event_id: Option<String>,
    pub(super) outcome: Prepared,
}

pub(super) enum Prepared {
    /// Refused: logged `rejected` with this reason code, answered with this error.
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
            vendor_event_id: None,
            outcome: Prepared::Rejected { reason, error },
        }
    }

    /// The rendered fields, taken back from a delivery shared with the store's job (copied
    /// only if the job still holds it).
    fn into_fields(self: Arc<Self>) -> Option<Map<String, Value>> {
        match Arc::try_unwrap(self) {
            Ok(Incoming {
                outcome: Prepared::Rendered { fields, .. },
                ..
            }) => Some(fields),
            Ok(_) => None,
            Err(shared) => match &shared.outcome {
                Prepared::Rendered { fields, .. } => Some(fields.clone()),
                Prepared::Rejected { .. } => None,
            },
        }
    }
}

/// Handshake, authentication, media type, JSON, event id and rendering.
async fn prepare(hook: &Arc<Hook>, headers: &HeaderMap, body: &Bytes) -> Step {
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

    // Every handshake is answered only once the request is authenticated: Zoom's answer is an
    // HMAC of the caller's plainToken, the very form of a delivery's signature, so answering
    // an unsigned validation would sign forged deliveries (README, "What serve limits").
    if let Err(e) = signature::verify(scheme, secret, body, &sig_headers, &VerifyOptions::now()) {
        return Step::Commit(Incoming::rejected(
            e.reason_code(),
            ApiError::unauthorized(e.to_string()),
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
    let vendor_event_id = preset
        .event_id
        .as_ref()
        .and_then(|src| event_id(src, &sig_headers, &payload));
    let outcome = render_on_pool(hook, headers, payload).await;
    Step::Commit(Incoming {
        vendor_event_id,
        outcome,
    })
}

/// [`render`] on the render pool (README, "What serve limits"): not on the threads that
/// answer requests, and only so many at once, so runaway bodies cannot starve other requests.
/// A webhook whose renders have proved quick renders inline instead.
async fn render_on_pool(
    hook: &Arc<Hook>,
    headers: &HeaderMap,
    payload: minijinja::Value,
) -> Prepared {
    let timed = move |hook: &Hook, headers: &HeaderMap, payload| {
        let started = super::limits::render_clock();
        let out = match hook.preset.scheme(hook.row.secret_type) {
            Some(scheme) => render(hook, headers, scheme, payload),
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
        return timed(hook, headers, payload);
    }
    let (hook, headers) = (hook.clone(), headers.clone());
    let done = super::limits::RENDERS
        .run(move || timed(&hook, &headers, payload))
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

/// Renders the body with the payload, the request headers (lower-case names; never the one
/// carrying a header secret) and the Oomnitza event; the result must be a JSON object.
fn render(
    hook: &Hook,
    headers: &HeaderMap,
    scheme: Scheme<'_>,
    payload: minijinja::Value,
) -> Prepared {
    let invalid = |reason, message: String| Prepared::Rejected {
        reason,
        error: ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message).field("body"),
    };
    let engine = match &hook.engine {
        Ok(engine) => engine,
        Err(e) => return invalid("render_failed", format!("the body does not compile: {e}")),
    };
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
    let ctx = template::context(payload, &names, Some(event_name(hook.row.event)));
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
            Prepared::Rendered { fields, text, sync }
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

/// Logs the delivery and applies it, in one transaction. `None`: the webhook changed since
/// it was read (or went away); take it again.
///
/// Only the statements run on the writer thread (every write waits for it): ids, times and
/// the rendered fields' JSON text are made here first.
async fn commit(
    app: &App,
    hook: &Arc<Hook>,
    received_at: String,
    incoming: Incoming,
) -> Result<Option<(Delivery, Option<ApiError>)>, ApiError> {
    let entry = Entry {
        webhook_id: hook.row.id.clone(),
        version: hook.row.version,
        event: hook.row.event,
        id: store::new_id(),
        received_at,
        now: store::now_rfc3339(),
    };
    let incoming = Arc::new(incoming);
    let job = incoming.clone();
    let logged = app
        .store
        .write(move |conn| log_and_apply(conn, &entry, &job))
        .await?;
    // The job has let go of the delivery by now: its fields come back without a copy.
    Ok(logged.map(|(mut d, error)| {
        if d.status != DeliveryStatus::Duplicate {
            d.rendered = incoming.into_fields().map(Value::Object);
        }
        (d, error)
    }))
}

/// What the writer needs besides the delivery: its webhook as it was read, its id and times.
pub(super) struct Entry {
    pub(super) webhook_id: String,
    pub(super) version: u64,
    pub(super) event: OomnitzaEvent,
    pub(super) id: String,
    pub(super) received_at: String,
    /// When the record changes.
    pub(super) now: String,
}

/// The writer's part of a delivery, in the batch's transaction: checks the webhook is still
/// enabled at the version it was read at (`None` if not), dedupes, applies the event and logs
/// the delivery.
pub(super) fn log_and_apply(
    conn: &rusqlite::Connection,
    entry: &Entry,
    job: &Incoming,
) -> Result<Option<(Delivery, Option<ApiError>)>, ApiError> {
    let Entry {
        webhook_id,
        version,
        event,
        id,
        received_at,
        now,
    } = entry;
    match webhooks::version_of(conn, webhook_id)? {
        Some((v, true)) if v == *version => {}
        _ => return Ok(None),
    }
    let mut d = Delivery {
        id: id.clone(),
        received_at: received_at.clone(),
        status: DeliveryStatus::Applied,
        reason: None,
        vendor_event_id: job.vendor_event_id.clone(),
        sync_key: None,
        sync_value: None,
        action: DeliveryAction::None,
        record_id: None,
        rendered: None,
    };
    let mut error = None;
    let mut rendered = None;
    let duplicate = match &d.vendor_event_id {
        Some(id) => deliveries::seen(conn, webhook_id, id)?,
        None => false,
    };
    if duplicate {
        d.status = DeliveryStatus::Duplicate;
    } else {
        match &job.outcome {
            Prepared::Rejected { reason, error: e } => {
                d.status = DeliveryStatus::Rejected;
                d.reason = Some((*reason).to_string());
                error = Some(e.clone());
            }
            Prepared::Rendered { fields, text, sync } => {
                if let Some((key, value)) = sync {
                    apply(conn, *event, key, value, fields, now, &mut d)?;
                    d.sync_key = Some(key.clone());
                    d.sync_value = Some(value.clone());
                } else {
                    d.status = DeliveryStatus::Skipped;
                    d.reason = Some("no_sync_key".into());
                }
                rendered = Some(text.as_str());
            }
        }
    }
    deliveries::insert(conn, webhook_id, &d, rendered)?;
    Ok(Some((d, error)))
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

/// The vendor's event id (for dedupe), found in the lazily read payload as
/// [`signature::event_id`] finds it in a JSON tree.
fn event_id(
    source: &EventIdSource,
    headers: &Headers,
    payload: &minijinja::Value,
) -> Option<String> {
    use minijinja::value::ValueKind;
    signature::event_id_by(source, headers, |segments| {
        let mut value = payload.clone();
        for segment in segments {
            let key = match value.kind() {
                ValueKind::Map => minijinja::Value::from(segment),
                ValueKind::Seq => minijinja::Value::from(signature::parse_index(segment)?),
                _ => return None,
            };
            value = value.get_item(&key).ok().filter(|v| !v.is_undefined())?;
        }
        match value.kind() {
            ValueKind::String => value.as_str().map(str::to_string),
            ValueKind::Number => Some(value.to_string()),
            _ => None,
        }
    })
}

/// Request headers for the signature module.
fn signature_headers(headers: &HeaderMap) -> Headers {
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

    #[test]
    fn event_ids_are_found_as_in_a_json_tree() {
        let text = r#"{"data": {"events": [{"uuid": "u-1", "n": 42, "blank": " "}]},
                       "list": [1, 2], "id": "top"}"#;
        let lazy = template::json::parse(text).unwrap();
        let tree: Value = serde_json::from_str(text).unwrap();
        let mut headers = Headers::new();
        headers.push("X-Event-Id", "h-9".to_string());
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
            assert_eq!(
                event_id(&source, &headers, &lazy),
                signature::event_id(&source, &headers, &tree),
                "{path}"
            );
        }
        let source = EventIdSource::Header("x-event-id".to_string());
        assert_eq!(event_id(&source, &headers, &lazy).as_deref(), Some("h-9"));
    }
}
