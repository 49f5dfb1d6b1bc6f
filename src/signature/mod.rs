//! How vendors authenticate webhook deliveries, for both ends of a delivery.
//!
//! A vendor calling a webhook URL authenticates in one of two ways, as a preset's `auth` map
//! describes ([`AuthSchemes`]):
//!
//! - a **Header Secret** ([`HeaderAuth`]): the secret, after an optional prefix such as
//!   `Bearer `, sent verbatim in a header;
//! - an **HMAC Secret** ([`HmacAuth`]): an HMAC (SHA-256, or SHA-512 where the vendor uses it)
//!   over a message built from the raw body and, for some vendors, a timestamp and a message id,
//!   written in hex or base64 after a prefix.
//!
//! [`sign`] makes the headers a vendor would send (for `oomhook sign` and `send`), [`verify`]
//! checks received ones (for `oomhook verify` and `serve`). Comparisons of secrets and
//! signatures are constant-time, and no error message holds a secret or an expected signature.
//!
//! Before authenticating, a receiver answers the vendor's [`Handshake`] with [`handshake`];
//! after it, it deduplicates on the vendor's event id from [`event_id`].
//!
//! Secrets are taken as `&[u8]` and never stored, so no type here can print one.

mod auth;
mod config;
mod error;
mod headers;
mod inbound;

pub use auth::{SignInput, VerifyOptions, sign, verify};
pub use config::{
    Algorithm, AuthSchemes, Encoding, EventIdSource, Handshake, HeaderAuth, HmacAuth, Scheme,
    SecretEncoding, TimestampFormat,
};
pub use error::{SignError, VerifyError};
pub use headers::{HeaderLineError, Headers};
pub use inbound::{HandshakeReply, event_id, event_id_by, handshake, parse_index};

#[cfg(test)]
mod tests;
