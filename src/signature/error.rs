//! Errors of signing and verifying. No message ever holds a secret or an expected signature.

/// Why headers could not be made for a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The scheme signs `{id}` but no message id was given.
    #[error("this scheme signs a message id: pass --id")]
    MissingId,
    /// The message id cannot stand in a header.
    #[error("bad message id: {0}")]
    BadId(String),
    /// The secret cannot be used with this scheme.
    #[error("bad secret: {0}")]
    BadSecret(String),
    /// The timestamp cannot be written in the scheme's format.
    #[error("bad timestamp: {0}")]
    BadTimestamp(String),
    /// The scheme itself is invalid (only possible for one built in code: presets are
    /// checked when read).
    #[error("bad scheme: {0}")]
    BadScheme(String),
}

/// Why a request failed authentication.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// A header the scheme needs is absent.
    #[error("missing header {0}")]
    MissingHeader(String),
    /// The secret or signature does not match.
    #[error("signature does not match (wrong secret, or the body was altered)")]
    Mismatch,
    /// The timestamp is further from now than the tolerance allows.
    #[error("{}", stale_message(*age_seconds, *tolerance))]
    StaleTimestamp {
        /// `now - timestamp`: negative for a timestamp in the future.
        age_seconds: i64,
        /// The tolerance that was applied, in seconds.
        tolerance: u64,
    },
    /// The timestamp header cannot be read in the scheme's format.
    #[error("bad timestamp: {0}")]
    BadTimestamp(String),
    /// The signature header is not in the scheme's format.
    #[error("bad signature format: {0}")]
    BadSignatureFormat(String),
    /// The secret cannot be used with this scheme.
    #[error("bad secret: {0}")]
    BadSecret(String),
    /// The scheme itself is invalid (only possible for one built in code: presets are
    /// checked when read).
    #[error("bad scheme: {0}")]
    BadScheme(String),
}

impl VerifyError {
    /// A stable machine-readable code, e.g. for a delivery's `reason`.
    pub fn reason_code(&self) -> &'static str {
        match self {
            VerifyError::MissingHeader(_) => "missing_header",
            VerifyError::Mismatch => "signature_mismatch",
            VerifyError::StaleTimestamp { .. } => "stale_timestamp",
            VerifyError::BadTimestamp(_) => "bad_timestamp",
            VerifyError::BadSignatureFormat(_) => "bad_signature_format",
            VerifyError::BadSecret(_) => "bad_secret",
            VerifyError::BadScheme(_) => "bad_scheme",
        }
    }
}

impl VerifyError {
    /// The message for a request a webhook refused, saying what to do about it: a wrong header
    /// secret is told apart from a wrong signature. Never holds a secret.
    pub fn advice(&self, scheme: super::Scheme<'_>) -> String {
        match (self, scheme) {
            (VerifyError::Mismatch, super::Scheme::Header(h)) => format!(
                "the {} header does not hold this webhook's header secret: the vendor must send the secret the webhook was given (set a new one on both sides with `oomhook update NAME --secret-file FILE`)",
                h.header
            ),
            (VerifyError::Mismatch, super::Scheme::Hmac(_)) => "signature does not match: the vendor signs with a secret other than this webhook's HMAC secret (copy the vendor's signing secret into `oomhook update NAME --secret-file FILE`), or the body was altered on the way".to_string(),
            (VerifyError::MissingHeader(name), super::Scheme::Header(_)) => format!(
                "missing header {name}: the vendor sends no header secret; set the webhook's secret in the vendor's webhook settings"
            ),
            _ => self.to_string(),
        }
    }
}

fn stale_message(age_seconds: i64, tolerance: u64) -> String {
    if age_seconds < 0 {
        format!(
            "timestamp is {} s in the future (tolerance {tolerance} s)",
            age_seconds.unsigned_abs()
        )
    } else {
        format!("timestamp is {age_seconds} s old (tolerance {tolerance} s)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_codes() {
        let stale = VerifyError::StaleTimestamp {
            age_seconds: 400,
            tolerance: 300,
        };
        assert_eq!(
            stale.to_string(),
            "timestamp is 400 s old (tolerance 300 s)"
        );
        assert_eq!(stale.reason_code(), "stale_timestamp");
        let future = VerifyError::StaleTimestamp {
            age_seconds: -400,
            tolerance: 300,
        };
        assert_eq!(
            future.to_string(),
            "timestamp is 400 s in the future (tolerance 300 s)"
        );
        assert_eq!(
            VerifyError::MissingHeader("X-Hub-Signature-256".into()).to_string(),
            "missing header X-Hub-Signature-256"
        );
        let codes: Vec<_> = [
            VerifyError::MissingHeader(String::new()),
            VerifyError::Mismatch,
            VerifyError::BadTimestamp(String::new()),
            VerifyError::BadSignatureFormat(String::new()),
            VerifyError::BadSecret(String::new()),
            VerifyError::BadScheme(String::new()),
        ]
        .iter()
        .map(VerifyError::reason_code)
        .collect();
        assert_eq!(
            codes,
            [
                "missing_header",
                "signature_mismatch",
                "bad_timestamp",
                "bad_signature_format",
                "bad_secret",
                "bad_scheme"
            ]
        );
        assert_eq!(
            SignError::MissingId.to_string(),
            "this scheme signs a message id: pass --id"
        );
    }
}
