//! What a receiver does around authentication: vendor handshakes, and event ids for dedupe.

use serde_json::{Value, json};

use super::auth::hmac_hex;
use super::config::{EventIdSource, Handshake};
use super::headers::Headers;

/// The answer to a vendor handshake: status and JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakeReply {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: Value,
}

impl HandshakeReply {
    fn ok(body: Value) -> Self {
        HandshakeReply { status: 200, body }
    }

    fn invalid(message: &str) -> Self {
        HandshakeReply {
            status: 400,
            body: json!({"errors": [{"code": "invalid", "message": message}]}),
        }
    }
}

/// Answer a vendor handshake if this request is one; `None` means "not a handshake, go on".
///
/// - `OktaVerification`: a GET with `X-Okta-Verification-Challenge: v` gives 200
///   `{"verification": v}`.
/// - `SlackUrlVerification`: a POST whose JSON body has `"type": "url_verification"` gives 200
///   `{"challenge": <the body's challenge>}`.
/// - `ZoomUrlValidation`: a POST whose JSON body has `"event": "endpoint.url_validation"` gives
///   200 `{"plainToken": t, "encryptedToken": hex(HMAC-SHA256(secret, t))}` for the body's
///   `payload.plainToken` t.
/// - `GithubPing`: a POST with `X-GitHub-Event: ping` gives 200 `{"ok": true}`.
/// - `GoogleSync`: a POST with `X-Goog-Resource-State: sync` gives 200 `{"ok": true}`.
/// - `HibobPing`: a POST whose body is `Ping test` (or `{"text": "Ping test"}`) gives 200
///   `{"ok": true}`.
///
/// A Slack or Zoom handshake without its challenge or token gives 400 with the API's error
/// shape. `GithubPing`, `GoogleSync` and `HibobPing` are acknowledgements with no side effect.
/// This function authenticates nothing: a receiver calls [`verify`] first and answers only an
/// authenticated handshake (Slack and Zoom sign theirs; Okta sends its authentication header
/// with its GET); HiBob's ping carries nothing to check and is answered with a fixed text.
/// Zoom's answer is an HMAC of caller-chosen text in the form of a delivery signature:
/// answered unauthenticated, it would sign forged deliveries.
///
/// [`verify`]: super::verify
pub fn handshake(
    kind: Handshake,
    method: &str,
    headers: &Headers,
    body: &[u8],
    secret: &[u8],
) -> Option<HandshakeReply> {
    let post = method.eq_ignore_ascii_case("POST");
    match kind {
        Handshake::None => None,
        Handshake::OktaVerification => {
            if !method.eq_ignore_ascii_case("GET") {
                return None;
            }
            let challenge = headers.get("X-Okta-Verification-Challenge")?;
            Some(HandshakeReply::ok(json!({ "verification": challenge })))
        }
        Handshake::SlackUrlVerification => {
            let payload = post.then(|| json_body(body)).flatten()?;
            if payload.get("type")?.as_str()? != "url_verification" {
                return None;
            }
            Some(match payload.get("challenge").and_then(Value::as_str) {
                Some(challenge) => HandshakeReply::ok(json!({ "challenge": challenge })),
                None => HandshakeReply::invalid("url_verification without a challenge"),
            })
        }
        Handshake::ZoomUrlValidation => {
            let payload = post.then(|| json_body(body)).flatten()?;
            if payload.get("event")?.as_str()? != "endpoint.url_validation" {
                return None;
            }
            let token = payload
                .get("payload")
                .and_then(|p| p.get("plainToken"))
                .and_then(Value::as_str);
            Some(match token {
                Some(token) => HandshakeReply::ok(json!({
                    "plainToken": token,
                    "encryptedToken": hmac_hex(secret, token.as_bytes()),
                })),
                None => HandshakeReply::invalid("endpoint.url_validation without a plainToken"),
            })
        }
        Handshake::GithubPing => (post
            && headers
                .get("X-GitHub-Event")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("ping")))
        .then(|| HandshakeReply::ok(json!({ "ok": true }))),
        // Its token is in the query string, which this function does not see.
        Handshake::GraphValidation => None,
        Handshake::GoogleSync => (post
            && headers
                .get("X-Goog-Resource-State")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("sync")))
        .then(|| HandshakeReply::ok(json!({ "ok": true }))),
        Handshake::HibobPing => {
            (post && is_hibob_ping(body)).then(|| HandshakeReply::ok(json!({ "ok": true })))
        }
    }
}

/// HiBob's connection test: the text `Ping test`, or (when that failed) `{"text": "Ping test"}`.
fn is_hibob_ping(body: &[u8]) -> bool {
    const PING: &str = "Ping test";
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    text == PING
        || text.trim_matches('"') == PING
        || json_body(body).is_some_and(|v| {
            v.as_object().is_some_and(|m| m.len() == 1)
                && v.get("text").and_then(Value::as_str) == Some(PING)
        })
}

fn json_body(body: &[u8]) -> Option<Value> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
}

/// Value of the vendor's event id, for dedupe.
///
/// `Path` is a dotted path into the payload (`data.events.0.uuid`): a segment names an object
/// key, or indexes a list when the value there is a list. A string is returned as is, a number
/// as its JSON text; a missing, null, empty or other value gives `None`. `Header` gives the
/// header's value, `None` when absent or empty.
pub fn event_id(source: &EventIdSource, headers: &Headers, payload: &Value) -> Option<String> {
    event_id_by(source, headers, |segments| {
        let mut value = payload;
        for segment in segments {
            value = match value {
                Value::Object(map) => map.get(segment)?,
                Value::Array(list) => list.get(parse_index(segment)?)?,
                _ => return None,
            };
        }
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    })
}

/// [`event_id`] for a payload held in another form: `at_path` follows the path's segments
/// through it (a key of an object, or with [`parse_index`] an index of a list) and gives the
/// string or number found there.
pub fn event_id_by<'a>(
    source: &'a EventIdSource,
    headers: &Headers,
    at_path: impl FnOnce(std::str::Split<'a, char>) -> Option<String>,
) -> Option<String> {
    let found = match source {
        EventIdSource::Header(name) => headers.get(name)?.to_string(),
        EventIdSource::Path(path) if path.is_empty() => return None,
        EventIdSource::Path(path) => at_path(path.split('.'))?,
    };
    (!found.trim().is_empty()).then_some(found)
}

/// A path segment as a list index: digits only.
pub fn parse_index(segment: &str) -> Option<usize> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse().ok()
}
