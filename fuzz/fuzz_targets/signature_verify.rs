//! Signatures: the input chooses a scheme, a secret, a body, a timestamp and header values.
//! Verifying arbitrary headers never panics; signing then verifying with the same inputs
//! always holds, and a changed body always fails.
//!
//! Layout: two bytes of flags, eight bytes of timestamp (little-endian), then fields split on
//! 0xFF: the secret, the body, the message id, then header values.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oomhook::signature::{
    Algorithm, Encoding, HeaderAuth, Headers, HmacAuth, Scheme, SecretEncoding, SignInput,
    TimestampFormat, VerifyOptions, sign, verify,
};

const MESSAGES: [&str; 4] = [
    "{body}",
    "v0:{timestamp}:{body}",
    "{id}.{timestamp}.{body}",
    "{timestamp}.{body}",
];
const PREFIXES: [&str; 4] = ["", "sha256=", "v0=", "v1,"];
const NAMES: [&str; 4] = ["X-Signature", "X-Timestamp", "X-Id", "X-Other"];

fuzz_target!(|data: &[u8]| {
    if data.len() < 10 {
        return;
    }
    let (a, b) = (data[0], data[1]);
    let timestamp = i64::from_le_bytes(data[2..10].try_into().unwrap());
    let mut fields = data[10..].split(|&x| x == 0xff);
    let secret = fields.next().unwrap_or_default();
    let body = fields.next().unwrap_or_default();
    let id = fields
        .next()
        .map(|f| String::from_utf8_lossy(f).into_owned());
    let values: Vec<String> = fields
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();

    let message = MESSAGES[usize::from(a >> 1 & 3)];
    let signs_ts = message.contains("{timestamp}");
    let header_auth = HeaderAuth {
        header: "Authorization".into(),
        prefix: ["", "Bearer ", "Token ", "key="][usize::from(a >> 4 & 3)].into(),
    };
    let hmac_auth = HmacAuth {
        header: NAMES[0].into(),
        message: message.into(),
        encoding: if a & 8 != 0 {
            Encoding::Base64
        } else {
            Encoding::Hex
        },
        algorithm: if b & 64 != 0 {
            Algorithm::Sha512
        } else {
            Algorithm::Sha256
        },
        prefix: PREFIXES[usize::from(a >> 4 & 3)].into(),
        timestamp_header: (signs_ts || b & 8 != 0).then(|| NAMES[1].to_string()),
        timestamp_format: match a >> 6 {
            0 => TimestampFormat::Unix,
            1 => TimestampFormat::Any,
            2 => TimestampFormat::UnixMs,
            _ => TimestampFormat::Rfc3339,
        },
        id_header: (message.contains("{id}") || b & 16 != 0).then(|| NAMES[2].to_string()),
        tolerance: (b & 4 != 0 && (signs_ts || b & 8 != 0)).then_some(300),
        secret_encoding: if b & 1 != 0 {
            SecretEncoding::Whsec
        } else {
            SecretEncoding::Raw
        },
        multiple: b & 2 != 0,
    };
    let scheme = if a & 1 != 0 {
        Scheme::Header(&header_auth)
    } else {
        Scheme::Hmac(&hmac_auth)
    };
    if hmac_auth.check().is_err() || header_auth.check().is_err() {
        return;
    }

    // Arbitrary headers: any outcome but a panic.
    let arbitrary: Headers = values
        .iter()
        .enumerate()
        .map(|(i, v)| (NAMES[i % NAMES.len()].to_string(), v.clone()))
        .collect();
    let opts = VerifyOptions {
        now: timestamp,
        tolerance: (b & 32 != 0).then_some(u64::from(b)),
    };
    if let Err(e) = verify(scheme, secret, body, &arbitrary, &opts) {
        let _ = (e.to_string(), e.reason_code());
    }

    // Sign then verify.
    let input = SignInput {
        body,
        timestamp,
        id: id.as_deref(),
    };
    let Ok(headers) = sign(scheme, secret, &input) else {
        return;
    };
    let headers = Headers::from(headers);
    let at = VerifyOptions::at(timestamp);
    assert_eq!(verify(scheme, secret, body, &headers, &at), Ok(()));
    if let Scheme::Hmac(_) = scheme {
        let mut changed = body.to_vec();
        changed.push(b'x');
        assert!(verify(scheme, secret, &changed, &headers, &at).is_err());
    }
});
