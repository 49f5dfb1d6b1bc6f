//! Secrets: a newtype that never prints, where secrets come from, and generating them.
//!
//! No secret is ever taken as a plain argv value: they come from stdin, a file or an env var.

use std::fmt;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::CliError;

/// A secret value: Debug and Display print `(redacted)`; serializing gives the value (for the
/// API request that carries it) unless redacted with [`Secret::redacted`].
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The value, for the few places that must send or compare it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
    /// A stand-in that serializes as `(redacted)`, for dry runs and logs.
    pub(crate) fn redacted() -> Self {
        Self(REDACTED.to_string())
    }
}

/// What a secret prints as.
pub(crate) const REDACTED: &str = "(redacted)";

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// Reads a secret from stdin (all of it, one trailing newline removed).
pub(crate) fn read_stdin(what: &str) -> Result<Secret> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .with_context(|| format!("reading the {what} from stdin"))?;
    non_empty(trim_newline(s), what, "stdin")
}

/// Reads a secret from a file: its first line.
pub(crate) fn read_file(path: &Path, what: &str) -> Result<Secret> {
    let s = std::fs::read_to_string(path)
        .with_context(|| format!("reading the {what} from {}", path.display()))?;
    let first = s.lines().next().unwrap_or("").to_string();
    non_empty(first, what, &path.display().to_string())
}

fn trim_newline(mut s: String) -> String {
    if s.ends_with('\n') {
        s.pop();
        if s.ends_with('\r') {
            s.pop();
        }
    }
    s
}

fn non_empty(s: String, what: &str, from: &str) -> Result<Secret> {
    if s.is_empty() {
        return Err(CliError::failed(format!("the {what} read from {from} is empty")).into());
    }
    Ok(Secret(s))
}

/// A strong header secret: 32 random bytes, URL-safe base64 (43 characters).
pub(crate) fn generate_header_secret() -> Secret {
    use base64::Engine as _;
    let bytes: [u8; 32] = rand::random();
    Secret(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// `text` with the password of every URL in it (`scheme://user:password@host`) replaced by
/// `***`, for debug lines and errors that name a URL a user may have given with credentials.
pub(crate) fn redact_url_passwords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (before, after) = rest.split_at(at + 3);
        out.push_str(before);
        // The authority ends at the first `/`, `?`, `#` or white space.
        let end = after
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace() || c == ')')
            .unwrap_or(after.len());
        let authority = &after[..end];
        match authority.rfind('@') {
            Some(at) => {
                let userinfo = &authority[..at];
                match userinfo.find(':') {
                    Some(colon) => {
                        out.push_str(&userinfo[..colon]);
                        out.push_str(":***");
                    }
                    None => out.push_str(userinfo),
                }
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_passwords_are_redacted() {
        assert_eq!(
            redact_url_passwords("GET http://user:pa%40ss@host:8080/api?x=1 (for http://h/)"),
            "GET http://user:***@host:8080/api?x=1 (for http://h/)"
        );
        assert_eq!(
            redact_url_passwords("url (https://tok@h.example) and https://a:b@c"),
            "url (https://tok@h.example) and https://a:***@c"
        );
        assert_eq!(redact_url_passwords("no url here"), "no url here");
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2-hunter2");
        assert_eq!(format!("{s} {s:?}"), "(redacted) (redacted)");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"hunter2-hunter2\"");
    }

    #[test]
    fn generated_secrets_are_long_and_distinct() {
        let (a, b) = (generate_header_secret(), generate_header_secret());
        assert_eq!(a.expose().len(), 43);
        assert_ne!(a, b);
    }
}
