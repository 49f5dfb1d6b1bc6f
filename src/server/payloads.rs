//! What `serve` keeps of each request for `deliveries --id`, `replay` and the what-if
//! `preview --webhook` (README, the tour: `deliveries --id`, `replay`): the body's bytes as
//! received, and the headers the template saw with every secret-bearing and signature header
//! redacted.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use super::error::ApiError;
use super::http::json_response;
use super::{App, deliveries};
use crate::signature::Scheme;

/// What a redacted header's value becomes.
pub(super) const REDACTED: &str = "[redacted]";

/// Whether a header (lower-case name) carries a secret or a signature whatever the preset: a
/// fixed list, so a preset that forgets to name one still does not leak it.
fn always_redacted(name: &str) -> bool {
    matches!(
        name,
        "authorization"
            | "proxy-authorization"
            | "cookie"
            | "set-cookie"
            | "authorization2"
            | "x-okta-verification-challenge"
    ) || name.starts_with("x-hub-signature")
        || (name.starts_with("x-") && name.contains("signature"))
        || name.contains("secret")
        || name.contains("token")
}

/// The request's headers as recorded: JSON object text (lower-case names, repeated headers
/// joined with `, ` as the template sees them); the header carrying a header secret is left
/// out (the template never sees it), and signature and secret-bearing headers are redacted.
pub(super) fn recorded_headers(headers: &HeaderMap, scheme: Option<Scheme<'_>>) -> String {
    let (hidden, signature) = match scheme {
        Some(Scheme::Header(auth)) => (Some(auth.header.as_str()), None),
        Some(Scheme::Hmac(auth)) => (None, Some(auth.header.as_str())),
        None => (None, None),
    };
    let mut out: Map<String, Value> = Map::new();
    for (name, value) in headers {
        let name = name.as_str();
        if hidden.is_some_and(|h| name.eq_ignore_ascii_case(h)) {
            continue;
        }
        let redact =
            always_redacted(name) || signature.is_some_and(|s| name.eq_ignore_ascii_case(s));
        let value = if redact {
            REDACTED.to_string()
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        match out.get_mut(name) {
            Some(Value::String(v)) if !redact => {
                v.push_str(", ");
                v.push_str(&value);
            }
            Some(_) => {}
            None => {
                out.insert(name.to_string(), Value::String(value));
            }
        }
    }
    serde_json::to_string(&out).unwrap_or_else(|_| "{}".into())
}

/// `GET /api/v3/webhooks/{id}/deliveries/{delivery_id}`: one entry of the log, with the
/// payload of its request (`null` once pruned).
pub(super) async fn show_delivery(
    State(app): State<App>,
    Path((id, delivery_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (row, d, payload) = deliveries::find_logged(&app, &id, &delivery_id).await?;
    let mut out = match serde_json::to_value(&d) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    // A secret the vendor copies into the body (Graph's clientState) is kept as received,
    // for a replay, but never shown.
    let secret = row.secret.expose().to_string();
    let view = |p| payload_view(p, &secret);
    out.insert("payload".into(), payload.map_or(Value::Null, view));
    Ok(json_response(StatusCode::OK, &Value::Object(out)))
}

/// A payload as the API shows it: the body as text (or base64 when it is not UTF-8).
fn payload_view(p: deliveries::Payload, secret: &str) -> Value {
    use base64::Engine as _;
    let mut m = Map::new();
    m.insert("size".into(), Value::from(p.body.len()));
    match String::from_utf8(p.body) {
        Ok(text) if !secret.is_empty() && text.contains(secret) => {
            m.insert("body".into(), Value::String(text.replace(secret, REDACTED)))
        }
        Ok(text) => m.insert("body".into(), Value::String(text)),
        Err(e) => m.insert(
            "body_base64".into(),
            Value::String(base64::engine::general_purpose::STANDARD.encode(e.into_bytes())),
        ),
    };
    m.insert("headers".into(), Value::Object(p.headers));
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::HeaderAuth;

    #[test]
    fn secrets_and_signatures_never_reach_the_record() {
        let mut h = HeaderMap::new();
        for (k, v) in [
            ("authorization", "Bearer s3cret"),
            ("x-hub-signature-256", "sha256=abc"),
            ("x-slack-signature", "v0=abc"),
            ("x-okta-verification-challenge", "ch4l"),
            ("x-api-key", "k3y"),
            ("x-github-event", "push"),
            ("content-type", "application/json"),
        ] {
            h.append(k, v.parse().unwrap());
        }
        let auth = HeaderAuth {
            header: "X-Api-Key".into(),
            prefix: String::new(),
        };
        let text = recorded_headers(&h, Some(Scheme::Header(&auth)));
        for secret in ["s3cret", "abc", "ch4l", "k3y", "x-api-key"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let v: Map<String, Value> = serde_json::from_str(&text).unwrap();
        assert_eq!(v["x-github-event"], "push");
        assert_eq!(v["authorization"], REDACTED);
    }
}
