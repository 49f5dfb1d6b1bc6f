//! The preset side of signatures: the `auth`, `handshake` and `event_id` fields of a preset.
//!
//! The types deserialize exactly the YAML shape documented in `presets/README.md`. Unknown
//! fields are errors, and an `hmac` entry is checked when it is read: its `message` may use only
//! the `{body}`, `{timestamp}` and `{id}` placeholders, must sign `{body}`, and may use
//! `{timestamp}` / `{id}` only when the matching header is named.

use serde::{Deserialize, Serialize};

/// The `auth` map of a preset: one entry per secret type the vendor supports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSchemes {
    /// Header Secret: the vendor sends the secret verbatim in a header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<HeaderAuth>,
    /// HMAC Secret: the vendor signs each request with the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hmac: Option<HmacAuth>,
}

impl AuthSchemes {
    /// The Header Secret scheme, if the vendor supports one.
    pub fn header_scheme(&self) -> Option<Scheme<'_>> {
        self.header.as_ref().map(Scheme::Header)
    }

    /// The HMAC Secret scheme, if the vendor supports one.
    pub fn hmac_scheme(&self) -> Option<Scheme<'_>> {
        self.hmac.as_ref().map(Scheme::Hmac)
    }

    /// The scheme for a secret type named as in a preset or a webhook (`header` or `hmac`).
    /// `None` for another name or a type this vendor does not support.
    pub fn get(&self, secret_type: &str) -> Option<Scheme<'_>> {
        match secret_type {
            "header" => self.header_scheme(),
            "hmac" => self.hmac_scheme(),
            _ => None,
        }
    }

    /// The supported schemes, header first.
    pub fn iter(&self) -> impl Iterator<Item = Scheme<'_>> {
        self.header_scheme().into_iter().chain(self.hmac_scheme())
    }

    /// True when no scheme is given (a preset needs at least one).
    pub fn is_empty(&self) -> bool {
        self.header.is_none() && self.hmac.is_none()
    }
}

/// A Header Secret: the vendor sends `prefix + secret` in `header`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "HeaderAuthFields")]
pub struct HeaderAuth {
    /// Name of the header carrying the secret, e.g. `Authorization`.
    pub header: String,
    /// Text before the secret, e.g. `Bearer `; empty by default.
    #[serde(default)]
    pub prefix: String,
}

/// An HMAC Secret: the vendor sends `prefix + encode(HMAC(key, message))` in `header`, the HMAC
/// taken with the scheme's [`Algorithm`] (SHA-256 unless the preset says otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "HmacAuthFields")]
pub struct HmacAuth {
    /// Name of the header carrying the signature.
    pub header: String,
    /// The signed string; placeholders `{body}`, `{timestamp}` and `{id}`.
    pub message: String,
    /// How the digest is written in the header.
    pub encoding: Encoding,
    /// The hash the HMAC is taken with.
    #[serde(default, skip_serializing_if = "Algorithm::is_default")]
    pub algorithm: Algorithm,
    /// Text before the encoded digest, e.g. `sha256=` or `v0=`.
    #[serde(default)]
    pub prefix: String,
    /// Header carrying the request timestamp, if the vendor sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_header: Option<String>,
    /// How the timestamp header is written.
    #[serde(default)]
    pub timestamp_format: TimestampFormat,
    /// Header whose value is `{id}`, if the vendor sends one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_header: Option<String>,
    /// Seconds a timestamp may be off from now (either way); unset or 0: not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<u64>,
    /// How the secret text becomes the HMAC key.
    #[serde(default)]
    pub secret_encoding: SecretEncoding,
    /// True: the header is a space-separated list of signatures (key rotation); any match is
    /// enough, and entries with another version prefix are ignored.
    #[serde(default)]
    pub multiple: bool,
}

impl HmacAuth {
    /// True when the signed message contains `{id}`, so signing needs a message id.
    pub fn signs_id(&self) -> bool {
        self.message.contains("{id}")
    }

    /// True when the signed message contains `{timestamp}`.
    pub fn signs_timestamp(&self) -> bool {
        self.message.contains("{timestamp}")
    }

    /// Check the scheme as a preset loader does: header names (valid, and distinct), message
    /// placeholders, and the headers the placeholders need. Deserializing runs it.
    ///
    /// # Errors
    ///
    /// A short reason naming the field at fault.
    pub fn check(&self) -> Result<(), String> {
        check_header_name("header", &self.header)?;
        check_text("prefix", &self.prefix)?;
        // A received signature value is trimmed, and with `multiple` split at spaces: a prefix
        // starting with a space, or holding one in a list, could never match.
        if self.prefix.starts_with(char::is_whitespace) {
            return Err("prefix: cannot start with a space".into());
        }
        if self.multiple && self.prefix.contains([' ', '\t']) {
            return Err("prefix: cannot hold a space when multiple is true".into());
        }
        for (field, name) in [
            ("timestamp_header", &self.timestamp_header),
            ("id_header", &self.id_header),
        ] {
            if let Some(name) = name {
                check_header_name(field, name)?;
                // One header cannot carry two of the signature, the timestamp and the id.
                if name.eq_ignore_ascii_case(&self.header) {
                    return Err(format!("{field}: `{name}` is already the signature header"));
                }
            }
        }
        if let (Some(ts), Some(id)) = (&self.timestamp_header, &self.id_header)
            && ts.eq_ignore_ascii_case(id)
        {
            return Err(format!("id_header: `{id}` is already the timestamp header"));
        }
        let parts = parse_message(&self.message)?;
        if !parts.contains(&Part::Body) {
            return Err("message must sign the body: add {body}".into());
        }
        if parts.contains(&Part::Timestamp) && self.timestamp_header.is_none() {
            return Err("message uses {timestamp}: set timestamp_header".into());
        }
        if parts.contains(&Part::Id) && self.id_header.is_none() {
            return Err("message uses {id}: set id_header".into());
        }
        if self.tolerance.is_some() && self.timestamp_header.is_none() {
            return Err("tolerance needs a timestamp_header".into());
        }
        Ok(())
    }
}

impl HeaderAuth {
    /// Check the scheme as a preset loader does: a valid header name, a prefix without control
    /// characters. Deserializing runs it.
    ///
    /// # Errors
    ///
    /// A short reason naming the field at fault.
    pub fn check(&self) -> Result<(), String> {
        check_header_name("header", &self.header)?;
        check_text("prefix", &self.prefix)
    }
}

/// How a digest is written in a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// Lower-case hexadecimal (upper case is accepted when verifying).
    Hex,
    /// Standard base64 with padding (missing padding is accepted when verifying).
    Base64,
}

/// The hash an HMAC is taken with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// HMAC-SHA256 (32-byte signatures): most vendors.
    #[default]
    Sha256,
    /// HMAC-SHA512 (64-byte signatures), e.g. HiBob's `Bob-Signature`.
    Sha512,
}

impl Algorithm {
    /// The length of a signature in bytes.
    pub fn digest_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 32,
            Algorithm::Sha512 => 64,
        }
    }

    /// How the algorithm is written in messages: `HMAC-SHA256`, `HMAC-SHA512`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "HMAC-SHA256",
            Algorithm::Sha512 => "HMAC-SHA512",
        }
    }

    fn is_default(&self) -> bool {
        *self == Algorithm::Sha256
    }
}

/// How a timestamp header is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimestampFormat {
    /// Unix time in seconds, e.g. `1772359200`.
    #[default]
    Unix,
    /// Unix time in milliseconds, e.g. `1772359200000`.
    UnixMs,
    /// RFC 3339, e.g. `2026-03-01T10:00:00Z` (signing writes UTC with `Z`).
    Rfc3339,
    /// Whichever of these the vendor sends, for one whose documentation does not settle it
    /// (BambooHR): unix seconds, unix milliseconds (13 digits or more), RFC 3339, or ISO 8601
    /// with a `+0000` offset. Signing writes unix seconds.
    Any,
}

/// How the secret text becomes the HMAC key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretEncoding {
    /// The secret's bytes are the key.
    #[default]
    Raw,
    /// Standard Webhooks: the secret is `whsec_<base64>` and the key is the decoded base64
    /// (the `whsec_` prefix may be left out).
    Whsec,
}

/// One resolved scheme (what a webhook with a given secret type uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme<'a> {
    /// Header Secret.
    Header(&'a HeaderAuth),
    /// HMAC Secret.
    Hmac(&'a HmacAuth),
}

impl Scheme<'_> {
    /// The secret type as presets and webhooks name it: `header` or `hmac`.
    pub fn secret_type(&self) -> &'static str {
        match self {
            Scheme::Header(_) => "header",
            Scheme::Hmac(_) => "hmac",
        }
    }

    /// Name of the header carrying the secret or the signature.
    pub fn header_name(&self) -> &str {
        match self {
            Scheme::Header(h) => &h.header,
            Scheme::Hmac(h) => &h.header,
        }
    }
}

/// The vendor handshake a preset answers before authenticating deliveries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handshake {
    /// No handshake.
    #[default]
    None,
    /// Okta event hooks: one-time GET with `X-Okta-Verification-Challenge`.
    OktaVerification,
    /// Slack Events API: `{"type": "url_verification", "challenge": ...}`.
    SlackUrlVerification,
    /// Zoom: `{"event": "endpoint.url_validation", "payload": {"plainToken": ...}}`.
    ZoomUrlValidation,
    /// GitHub: the `ping` event sent when a hook is created (acknowledged, no side effect).
    GithubPing,
    /// Google push notifications: the `sync` message opening a channel (acknowledged, no
    /// side effect).
    GoogleSync,
    /// HiBob: the connection test sent when a webhook is added, a POST whose body is the text
    /// `Ping test` or `{"text": "Ping test"}` (acknowledged, no side effect).
    HibobPing,
    /// Microsoft Graph change notifications: a POST with a `validationToken` query parameter,
    /// answered `200 text/plain` with the decoded token (the server's pipeline answers it: it
    /// needs the query string).
    GraphValidation,
}

/// Where the vendor's unique event id is, for dedupe: YAML `event_id: {path: data.events.0.uuid}`
/// or `event_id: {header: X-GitHub-Delivery}`.
///
/// Read and written as a map with exactly one of the keys `path` and `header` (in YAML too,
/// where a plain enum would want a tag).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "EventIdFields")]
pub enum EventIdSource {
    /// Dotted path into the JSON body; numeric segments index lists.
    Path(String),
    /// A request header.
    Header(String),
}

impl Serialize for EventIdSource {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (key, value) = match self {
            EventIdSource::Path(p) => ("path", p),
            EventIdSource::Header(h) => ("header", h),
        };
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(key, value)?;
        map.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventIdFields {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    header: Option<String>,
}

impl TryFrom<EventIdFields> for EventIdSource {
    type Error = String;
    fn try_from(f: EventIdFields) -> Result<Self, String> {
        match (f.path, f.header) {
            (Some(path), None) => {
                if path.is_empty() || path.split('.').any(str::is_empty) {
                    Err(format!("path: `{path}` is not a dotted path"))
                } else {
                    Ok(EventIdSource::Path(path))
                }
            }
            (None, Some(header)) => {
                check_header_name("header", &header)?;
                Ok(EventIdSource::Header(header))
            }
            (Some(_), Some(_)) => Err("give either path or header, not both".into()),
            (None, None) => Err("give path or header".into()),
        }
    }
}

// ---- deserializing with checks -------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderAuthFields {
    header: String,
    #[serde(default)]
    prefix: String,
}

impl TryFrom<HeaderAuthFields> for HeaderAuth {
    type Error = String;
    fn try_from(f: HeaderAuthFields) -> Result<Self, String> {
        let auth = HeaderAuth {
            header: f.header,
            prefix: f.prefix,
        };
        auth.check()?;
        Ok(auth)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HmacAuthFields {
    header: String,
    message: String,
    encoding: Encoding,
    #[serde(default)]
    algorithm: Algorithm,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    timestamp_header: Option<String>,
    #[serde(default)]
    timestamp_format: TimestampFormat,
    #[serde(default)]
    id_header: Option<String>,
    #[serde(default)]
    tolerance: Option<u64>,
    #[serde(default)]
    secret_encoding: SecretEncoding,
    #[serde(default)]
    multiple: bool,
}

impl TryFrom<HmacAuthFields> for HmacAuth {
    type Error = String;
    fn try_from(f: HmacAuthFields) -> Result<Self, String> {
        let auth = HmacAuth {
            header: f.header,
            message: f.message,
            encoding: f.encoding,
            algorithm: f.algorithm,
            prefix: f.prefix,
            timestamp_header: f.timestamp_header,
            timestamp_format: f.timestamp_format,
            id_header: f.id_header,
            tolerance: f.tolerance,
            secret_encoding: f.secret_encoding,
            multiple: f.multiple,
        };
        auth.check()?;
        Ok(auth)
    }
}

/// True for a valid HTTP header name (an RFC 9110 token).
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// True for text that may stand in a header value (no control characters but tab).
pub(crate) fn is_header_text(value: &[u8]) -> bool {
    value
        .iter()
        .all(|&b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

fn check_header_name(field: &str, name: &str) -> Result<(), String> {
    if is_header_name(name) {
        Ok(())
    } else {
        Err(format!("{field}: `{name}` is not a valid header name"))
    }
}

fn check_text(field: &str, value: &str) -> Result<(), String> {
    if is_header_text(value.as_bytes()) {
        Ok(())
    } else {
        Err(format!("{field}: control characters are not allowed"))
    }
}

// ---- the signed message ----------------------------------------------------------------------

/// One piece of a signed message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part<'a> {
    Literal(&'a str),
    Body,
    Timestamp,
    Id,
}

/// Split a message template into literal text and placeholders.
pub(crate) fn parse_message(message: &str) -> Result<Vec<Part<'_>>, String> {
    let mut parts = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(Part::Literal(&rest[..open]));
        }
        let after = &rest[open..];
        let (part, len) = if after.starts_with("{body}") {
            (Part::Body, "{body}".len())
        } else if after.starts_with("{timestamp}") {
            (Part::Timestamp, "{timestamp}".len())
        } else if after.starts_with("{id}") {
            (Part::Id, "{id}".len())
        } else {
            let shown: String = after
                .chars()
                .take_while(|&c| c != '}')
                .take(24)
                .chain(Some('}'))
                .collect();
            return Err(format!(
                "message: unknown placeholder `{shown}` (use {{body}}, {{timestamp}} or {{id}})"
            ));
        };
        parts.push(part);
        rest = &after[len..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_parts() {
        assert_eq!(
            parse_message("v0:{timestamp}:{body}").unwrap(),
            vec![
                Part::Literal("v0:"),
                Part::Timestamp,
                Part::Literal(":"),
                Part::Body
            ]
        );
        assert_eq!(
            parse_message("{id}.{timestamp}.{body}").unwrap(),
            vec![
                Part::Id,
                Part::Literal("."),
                Part::Timestamp,
                Part::Literal("."),
                Part::Body
            ]
        );
        assert_eq!(parse_message("{body}").unwrap(), vec![Part::Body]);
        let err = parse_message("{ts}:{body}").unwrap_err();
        assert!(err.contains("`{ts}`"), "{err}");
        assert!(parse_message("x{body").is_err());
    }

    #[test]
    fn header_names() {
        assert!(is_header_name("X-Hub-Signature-256"));
        assert!(is_header_name("webhook-id"));
        assert!(!is_header_name(""));
        assert!(!is_header_name("X Hub"));
        assert!(!is_header_name("X-Hub:"));
        assert!(!is_header_name("Ü"));
    }

    #[test]
    fn schemes_by_type() {
        let auth = AuthSchemes {
            header: Some(HeaderAuth {
                header: "Authorization".into(),
                prefix: String::new(),
            }),
            hmac: None,
        };
        assert_eq!(auth.get("header").unwrap().secret_type(), "header");
        assert_eq!(auth.get("header").unwrap().header_name(), "Authorization");
        assert!(auth.get("hmac").is_none());
        assert!(auth.get("other").is_none());
        assert_eq!(auth.iter().count(), 1);
        assert!(!auth.is_empty());
        assert!(AuthSchemes::default().is_empty());
    }
}
