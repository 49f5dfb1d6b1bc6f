//! `POST /api/v3/webhooks/{id}/deliveries/{delivery_id}/replay` (`oomhook replay`): runs a
//! recorded request again through the webhook's current body, event and sync keys.
//!
//! The request's kept payload (see `payloads`) goes through the same item split, event filter,
//! render and apply as a live delivery (the pipeline's own functions), without authentication
//! (it was authenticated when it was recorded) and without deduplication (running it again is
//! the point). It is logged as a new delivery whose `replay_of` names the original. A request
//! refused before its body was rendered (authentication, media type, JSON, size) is never
//! replayed.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::error::ApiError;
use super::http::json_response;
use super::pipeline::{self, Incoming, Prepared};
use super::{App, deliveries, store};
use crate::api::model::{DeliveryStatus, REPLAYABLE_REJECTIONS};
use crate::template;

pub(super) async fn replay(
    State(app): State<App>,
    Path((id, delivery_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (row, original, payload) = deliveries::find_logged(&app, &id, &delivery_id).await?;
    if original.status == DeliveryStatus::Rejected {
        let reason = original.reason.as_deref().unwrap_or_default();
        if !REPLAYABLE_REJECTIONS.contains(&reason) {
            return Err(ApiError::conflict(format!(
                "delivery {delivery_id} was rejected before its body was rendered ({reason}): \
                 a delivery that was not authenticated, or not taken, is never replayed"
            )));
        }
    }
    let payload = payload.ok_or_else(|| {
        ApiError::conflict(format!(
            "the payload of delivery {delivery_id} is no longer kept (older than the newest \
             `serve --keep-deliveries`), so it cannot be replayed"
        ))
    })?;
    let body = Bytes::from(payload.body);
    let headers_text = Value::Object(payload.headers.clone()).to_string();
    let headers = header_map(&payload.headers);
    let mut hook = pipeline::find(&app, &row.token).await?;
    for _ in 0..2 {
        let outcome = prepare(&hook, &body, &headers).await;
        let kept = Some((body.clone(), headers_text.clone()));
        let logged = pipeline::commit(
            &app,
            &hook,
            store::now_rfc3339(),
            Incoming { outcome },
            kept,
            Some(delivery_id.clone()),
        )
        .await?;
        match logged {
            Some(logged) => {
                let answer = serde_json::json!({ "deliveries": logged.rows });
                return Ok(json_response(StatusCode::OK, &answer));
            }
            // The webhook changed meanwhile: take it again, once.
            None => {
                app.hooks.invalidate(&row.token);
                hook = pipeline::find(&app, &row.token).await?;
            }
        }
    }
    Err(ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "internal",
        "the webhook is changing; retry",
    ))
}

/// The recorded body through the pipeline's item split, filter and render, on the render pool
/// as a live delivery's.
async fn prepare(
    hook: &std::sync::Arc<pipeline::Hook>,
    body: &Bytes,
    headers: &axum::http::HeaderMap,
) -> Prepared {
    let read = std::str::from_utf8(body)
        .map_err(|e| format!("it is not UTF-8 ({e})"))
        .and_then(|text| template::json::parse(text).map_err(|e| e.to_string()));
    match read {
        Ok(payload) => pipeline::prepare_on_pool(hook, headers, payload, None).await,
        Err(e) => Prepared::Rejected {
            reason: "not_json",
            error: ApiError::bad_request(format!("the body is not JSON: {e}")),
        },
    }
}

/// The recorded headers back as a request's headers.
fn header_map(recorded: &Map<String, Value>) -> axum::http::HeaderMap {
    let mut out = axum::http::HeaderMap::new();
    for (name, value) in recorded {
        if let (Ok(n), Some(Ok(v))) = (
            axum::http::HeaderName::from_bytes(name.as_bytes()),
            value.as_str().map(axum::http::HeaderValue::from_str),
        ) {
            out.insert(n, v);
        }
    }
    out
}
