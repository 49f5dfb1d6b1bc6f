//! Signing requests as a vendor would, and verifying received ones.

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha512};
use subtle::{Choice, ConstantTimeEq};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::config::{
    Algorithm, Encoding, HeaderAuth, HmacAuth, Part, Scheme, SecretEncoding, TimestampFormat,
    is_header_text, parse_message,
};
use super::error::{SignError, VerifyError};
use super::headers::Headers;

type HmacSha256 = Hmac<Sha256>;
type HmacSha512 = Hmac<Sha512>;

/// Base64 as vendors write it, read leniently: padding optional.
const BASE64_LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What to sign: the body, when, and (for schemes that sign one) the message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInput<'a> {
    /// The exact body bytes that will be sent.
    pub body: &'a [u8],
    /// Unix time in seconds, written per the scheme's timestamp format.
    pub timestamp: i64,
    /// The message id, for schemes with an id header.
    pub id: Option<&'a str>,
}

/// How to verify: the current time, and an optional tolerance overriding the scheme's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Unix time in seconds to measure timestamps against.
    pub now: i64,
    /// Seconds a timestamp may be off, overriding the scheme's; `Some(0)`: do not check.
    pub tolerance: Option<u64>,
}

impl VerifyOptions {
    /// Verify at the given unix time, with the scheme's tolerance.
    pub fn at(now: i64) -> Self {
        VerifyOptions {
            now,
            tolerance: None,
        }
    }

    /// Verify at the current time, with the scheme's tolerance.
    pub fn now() -> Self {
        Self::at(OffsetDateTime::now_utc().unix_timestamp())
    }
}

/// The headers a vendor would send for this body (auth header or signature + timestamp + id
/// headers), in a stable order.
///
/// A header scheme gives `[(header, prefix + secret)]`. An HMAC scheme gives the id header (when
/// the scheme has one and an id is given, or the message signs it), then the timestamp header
/// (when the scheme has one), then the signature header.
///
/// # Errors
///
/// [`SignError::MissingId`] when the message signs `{id}` and `input.id` is `None`; `BadId`,
/// `BadSecret` (empty; a header secret that is not header text; a whsec secret that is not
/// base64), `BadTimestamp` (not writable in the scheme's format) or `BadScheme` otherwise.
pub fn sign(
    scheme: Scheme<'_>,
    secret: &[u8],
    input: &SignInput<'_>,
) -> Result<Vec<(String, String)>, SignError> {
    match scheme {
        Scheme::Header(auth) => sign_header(auth, secret),
        Scheme::Hmac(auth) => sign_hmac(auth, secret, input),
    }
}

fn sign_header(auth: &HeaderAuth, secret: &[u8]) -> Result<Vec<(String, String)>, SignError> {
    if secret.is_empty() {
        return Err(SignError::BadSecret("the secret is empty".into()));
    }
    let secret = std::str::from_utf8(secret)
        .map_err(|_| SignError::BadSecret("a header secret must be UTF-8 text".into()))?;
    if !is_header_text(secret.as_bytes()) {
        return Err(SignError::BadSecret(
            "a header secret cannot hold control characters".into(),
        ));
    }
    Ok(vec![(
        auth.header.clone(),
        format!("{}{secret}", auth.prefix),
    )])
}

fn sign_hmac(
    auth: &HmacAuth,
    secret: &[u8],
    input: &SignInput<'_>,
) -> Result<Vec<(String, String)>, SignError> {
    let key = hmac_key(auth.secret_encoding, secret).map_err(SignError::BadSecret)?;
    let parts = parse_message(&auth.message).map_err(SignError::BadScheme)?;
    let signs_id = parts.contains(&Part::Id);
    let signs_timestamp = parts.contains(&Part::Timestamp);

    let id = match (input.id, signs_id) {
        (None, true) => return Err(SignError::MissingId),
        (Some(""), _) => {
            return Err(SignError::BadId("the message id is empty".into()));
        }
        (Some(id), _) if !is_header_text(id.as_bytes()) => {
            return Err(SignError::BadId(
                "the message id cannot hold control characters".into(),
            ));
        }
        (id, _) => id,
    };
    if signs_id && auth.id_header.is_none() {
        return Err(SignError::BadScheme(
            "message uses {id}: set id_header".into(),
        ));
    }
    if signs_timestamp && auth.timestamp_header.is_none() {
        return Err(SignError::BadScheme(
            "message uses {timestamp}: set timestamp_header".into(),
        ));
    }
    // Written only when sent: a scheme without a timestamp header ignores `input.timestamp`.
    let timestamp = match &auth.timestamp_header {
        Some(_) => format_timestamp(auth.timestamp_format, input.timestamp)?,
        None => String::new(),
    };

    let digest = mac_message(
        auth.algorithm,
        &key,
        &parts,
        input.body,
        timestamp.as_bytes(),
        id.unwrap_or(""),
    );
    let signature = format!("{}{}", auth.prefix, encode(auth.encoding, &digest));

    let mut headers = Vec::with_capacity(3);
    if let (Some(name), Some(id)) = (&auth.id_header, id) {
        headers.push((name.clone(), id.to_string()));
    }
    if let Some(name) = &auth.timestamp_header {
        headers.push((name.clone(), timestamp));
    }
    headers.push((auth.header.clone(), signature));
    Ok(headers)
}

/// Check a received request against a scheme and a secret.
///
/// Header scheme: the header must hold `prefix + secret` (the prefix is compared without regard
/// to ASCII case, the secret in constant time).
///
/// HMAC scheme: the signature header, the timestamp header (when the scheme has one) and the id
/// header (when the message signs `{id}`) must be present; the timestamp must parse; the
/// signature must match (for `multiple`, any entry with the scheme's prefix); then, when a
/// tolerance applies (`opts.tolerance`, else the scheme's; 0 means none), the timestamp must be
/// within it of `opts.now`. The age is checked after the signature, so a stale timestamp on a
/// request tells that its signature was right.
///
/// # Errors
///
/// The first failed check, as a [`VerifyError`]; its `Display` never holds the secret or the
/// expected signature, and [`VerifyError::reason_code`] names it for logs.
pub fn verify(
    scheme: Scheme<'_>,
    secret: &[u8],
    body: &[u8],
    headers: &Headers,
    opts: &VerifyOptions,
) -> Result<(), VerifyError> {
    match scheme {
        Scheme::Header(auth) => verify_header(auth, secret, headers),
        Scheme::Hmac(auth) => verify_hmac(auth, secret, body, headers, opts),
    }
}

fn verify_header(auth: &HeaderAuth, secret: &[u8], headers: &Headers) -> Result<(), VerifyError> {
    if secret.is_empty() {
        return Err(VerifyError::BadSecret("the secret is empty".into()));
    }
    let received = headers
        .get(&auth.header)
        .ok_or_else(|| VerifyError::MissingHeader(auth.header.clone()))?
        .as_bytes();
    let prefix = auth.prefix.as_bytes();
    if received.len() < prefix.len() || !received[..prefix.len()].eq_ignore_ascii_case(prefix) {
        return Err(VerifyError::Mismatch);
    }
    // `ct_eq` on slices answers false at once on a length difference: that tells the length
    // of the secret, never its content.
    if bool::from(received[prefix.len()..].ct_eq(secret)) {
        Ok(())
    } else {
        Err(VerifyError::Mismatch)
    }
}

fn verify_hmac(
    auth: &HmacAuth,
    secret: &[u8],
    body: &[u8],
    headers: &Headers,
    opts: &VerifyOptions,
) -> Result<(), VerifyError> {
    let key = hmac_key(auth.secret_encoding, secret).map_err(VerifyError::BadSecret)?;
    let parts = parse_message(&auth.message).map_err(VerifyError::BadScheme)?;

    let signature_values: Vec<&str> = headers.get_all(&auth.header).collect();
    if signature_values.is_empty() {
        return Err(VerifyError::MissingHeader(auth.header.clone()));
    }

    // The timestamp header: its text is signed as sent, its value is checked for age.
    let timestamp = match &auth.timestamp_header {
        Some(name) => {
            let text = headers
                .get(name)
                .ok_or_else(|| VerifyError::MissingHeader(name.clone()))?;
            // A fixed format is checked first; `any` is read only once the signature over the
            // header's text holds (its format is the vendor's to choose).
            if auth.timestamp_format != TimestampFormat::Any {
                parse_timestamp(auth.timestamp_format, text)?;
            }
            Some(text)
        }
        None if parts.contains(&Part::Timestamp) => {
            return Err(VerifyError::BadScheme(
                "message uses {timestamp}: set timestamp_header".into(),
            ));
        }
        None => None,
    };

    let id = if parts.contains(&Part::Id) {
        let name = auth
            .id_header
            .as_ref()
            .ok_or_else(|| VerifyError::BadScheme("message uses {id}: set id_header".into()))?;
        headers
            .get(name)
            .ok_or_else(|| VerifyError::MissingHeader(name.clone()))?
    } else {
        ""
    };

    let candidates = signature_candidates(auth, &signature_values)?;
    let ts_text = timestamp.unwrap_or("");
    let expected = mac_message(auth.algorithm, &key, &parts, body, ts_text.as_bytes(), id);
    // Every candidate is compared, in constant time, whatever the earlier ones gave.
    let matched = candidates.iter().fold(Choice::from(0), |acc, c| {
        acc | c.as_slice().ct_eq(&expected)
    });
    if !bool::from(matched) {
        return Err(VerifyError::Mismatch);
    }

    let tolerance = match opts.tolerance {
        Some(t) => Some(t),
        None => auth.tolerance,
    }
    .filter(|&t| t > 0);
    let timestamp = timestamp
        .map(|text| parse_timestamp(auth.timestamp_format, text))
        .transpose()?;
    if let (Some(ts), Some(tolerance)) = (timestamp, tolerance) {
        let age = opts.now.saturating_sub(ts);
        if age.unsigned_abs() > tolerance {
            return Err(VerifyError::StaleTimestamp {
                age_seconds: age,
                tolerance,
            });
        }
    }
    Ok(())
}

/// The decoded signatures of the header value(s) that carry the scheme's prefix.
fn signature_candidates(auth: &HmacAuth, values: &[&str]) -> Result<Vec<Vec<u8>>, VerifyError> {
    let what = match auth.encoding {
        Encoding::Hex => "hex",
        Encoding::Base64 => "base64",
    };
    if !auth.multiple {
        let value = values[0].trim();
        let encoded = strip_prefix_ignore_case(value, &auth.prefix).ok_or_else(|| {
            VerifyError::BadSignatureFormat(format!(
                "expected the value to start with `{}`",
                auth.prefix
            ))
        })?;
        let sig = decode(auth.encoding, encoded).ok_or_else(|| {
            VerifyError::BadSignatureFormat(format!("the signature is not {what}"))
        })?;
        if sig.len() != auth.algorithm.digest_len() {
            return Err(VerifyError::BadSignatureFormat(format!(
                "the signature is {} bytes; {} gives {}",
                sig.len(),
                auth.algorithm.name(),
                auth.algorithm.digest_len()
            )));
        }
        return Ok(vec![sig]);
    }

    let mut prefixed = 0usize;
    let candidates: Vec<Vec<u8>> = values
        .iter()
        .flat_map(|v| v.split_ascii_whitespace())
        .filter_map(|entry| strip_prefix_ignore_case(entry, &auth.prefix))
        .inspect(|_| prefixed += 1)
        .filter_map(|encoded| decode(auth.encoding, encoded))
        .filter(|sig| sig.len() == auth.algorithm.digest_len())
        .collect();
    if prefixed == 0 {
        return Err(VerifyError::BadSignatureFormat(format!(
            "no entry starts with `{}`",
            auth.prefix
        )));
    }
    if candidates.is_empty() {
        return Err(VerifyError::BadSignatureFormat(format!(
            "no `{}` entry is a {what} {} signature",
            auth.prefix,
            auth.algorithm.name()
        )));
    }
    Ok(candidates)
}

fn strip_prefix_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &value[prefix.len()..])
}

/// The HMAC key for a secret. The error is a reason that does not show the secret.
fn hmac_key(encoding: SecretEncoding, secret: &[u8]) -> Result<Vec<u8>, String> {
    if secret.is_empty() {
        return Err("the secret is empty".into());
    }
    match encoding {
        SecretEncoding::Raw => Ok(secret.to_vec()),
        SecretEncoding::Whsec => {
            let encoded = secret.strip_prefix(b"whsec_").unwrap_or(secret);
            match STANDARD.decode(encoded) {
                Ok(key) if !key.is_empty() => Ok(key),
                _ => Err("expected whsec_ followed by base64".into()),
            }
        }
    }
}

/// The HMAC of the message with the scheme's hash: the template's parts fed in order, the body
/// as raw bytes.
fn mac_message(
    algorithm: Algorithm,
    key: &[u8],
    parts: &[Part<'_>],
    body: &[u8],
    timestamp: &[u8],
    id: &str,
) -> Vec<u8> {
    fn feed<M: Mac>(mut mac: M, parts: &[Part<'_>], body: &[u8], ts: &[u8], id: &str) -> Vec<u8> {
        for part in parts {
            match part {
                Part::Literal(text) => mac.update(text.as_bytes()),
                Part::Body => mac.update(body),
                Part::Timestamp => mac.update(ts),
                Part::Id => mac.update(id.as_bytes()),
            }
        }
        mac.finalize().into_bytes().to_vec()
    }
    match algorithm {
        Algorithm::Sha256 => feed(
            HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length"),
            parts,
            body,
            timestamp,
            id,
        ),
        Algorithm::Sha512 => feed(
            HmacSha512::new_from_slice(key).expect("HMAC accepts keys of any length"),
            parts,
            body,
            timestamp,
            id,
        ),
    }
}

/// Hex of HMAC-SHA256(secret, text): Zoom's `encryptedToken`.
pub(crate) fn hmac_hex(secret: &[u8], text: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(text);
    hex::encode(mac.finalize().into_bytes())
}

fn encode(encoding: Encoding, digest: &[u8]) -> String {
    match encoding {
        Encoding::Hex => hex::encode(digest),
        Encoding::Base64 => STANDARD.encode(digest),
    }
}

fn decode(encoding: Encoding, text: &str) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Hex => hex::decode(text).ok(),
        Encoding::Base64 => BASE64_LENIENT.decode(text).ok(),
    }
}

/// Write a unix time (seconds) in the scheme's format.
fn format_timestamp(format: TimestampFormat, ts: i64) -> Result<String, SignError> {
    match format {
        TimestampFormat::Unix | TimestampFormat::Any => Ok(ts.to_string()),
        TimestampFormat::UnixMs => ts
            .checked_mul(1000)
            .map(|ms| ms.to_string())
            .ok_or_else(|| SignError::BadTimestamp(format!("{ts} is out of range"))),
        TimestampFormat::Rfc3339 => OffsetDateTime::from_unix_timestamp(ts)
            .ok()
            .and_then(|t| t.format(&Rfc3339).ok())
            .ok_or_else(|| SignError::BadTimestamp(format!("{ts} cannot be written as RFC 3339"))),
    }
}

/// Read a timestamp header per the scheme's format, as unix seconds.
fn parse_timestamp(format: TimestampFormat, text: &str) -> Result<i64, VerifyError> {
    let parsed = match format {
        TimestampFormat::Unix => parse_integer(text),
        TimestampFormat::UnixMs => parse_integer(text).map(|ms| ms.div_euclid(1000)),
        TimestampFormat::Rfc3339 => OffsetDateTime::parse(text, &Rfc3339)
            .ok()
            .map(OffsetDateTime::unix_timestamp),
        TimestampFormat::Any => parse_any_timestamp(text.trim()),
    };
    parsed.ok_or_else(|| {
        let shown: String = text.chars().take(40).collect();
        let ellipsis = if shown.len() < text.len() { "..." } else { "" };
        let expected = match format {
            TimestampFormat::Unix => "unix seconds",
            TimestampFormat::UnixMs => "unix milliseconds",
            TimestampFormat::Rfc3339 => "an RFC 3339 time",
            TimestampFormat::Any => "unix seconds or milliseconds, or an ISO 8601 time",
        };
        VerifyError::BadTimestamp(format!(
            "`{}{ellipsis}` is not {expected}",
            shown.escape_debug()
        ))
    })
}

/// Unix seconds, unix milliseconds (13 digits or more), RFC 3339, or ISO 8601 with a
/// `+hhmm` offset (`2026-06-01T09:15:00+0000`).
fn parse_any_timestamp(text: &str) -> Option<i64> {
    if let Some(n) = parse_integer(text) {
        let digits = text.trim_start_matches('-').len();
        return Some(if digits >= 13 { n.div_euclid(1000) } else { n });
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(t.unix_timestamp());
    }
    let iso = time::format_description::well_known::Iso8601::DEFAULT;
    if let Ok(t) = OffsetDateTime::parse(text, &iso) {
        return Some(t.unix_timestamp());
    }
    // `+0000`: an offset without its colon, which neither parser above takes.
    let cut = text.len().checked_sub(5)?;
    if !text.is_char_boundary(cut) {
        return None;
    }
    let (head, offset) = text.split_at(cut);
    let sign = match offset.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = (offset.get(1..3)?, offset.get(3..5)?);
    if !offset[1..].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fixed = format!("{head}{}{h}:{m}", if sign > 0 { '+' } else { '-' });
    OffsetDateTime::parse(&fixed, &Rfc3339)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

fn parse_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
