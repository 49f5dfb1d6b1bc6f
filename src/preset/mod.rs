//! Vendor presets: the model, the registry (bundled + user folder) and validation.
//!
//! A preset is data (`presets/<vendor>/<id>.yaml`, schema in `presets/README.md`). Bundled
//! presets are embedded at build time; a user folder adds to them and overrides by id.

pub mod batch;
mod registry;
mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Every bundled file as (path relative to `presets/`, contents), for `test`'s expected bodies.
pub(crate) use registry::BUNDLED as BUNDLED_FILES;
pub(crate) use registry::closest;
pub use registry::{Registry, Sample, load_file as load, load_path};
pub use validate::{Finding, validate_preset};

use crate::domain::{OomnitzaEvent, SecretType};
use crate::signature::{AuthSchemes, EventIdSource, Handshake, Scheme};

/// One vendor preset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preset {
    pub id: String,
    pub vendor: String,
    pub vendor_name: String,
    pub title: String,
    pub description: String,
    pub vendor_events: Vec<String>,
    pub event: OomnitzaEvent,
    pub secret_type: SecretType,
    pub auth: AuthSchemes,
    pub handshake: Handshake,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<EventIdSource>,
    /// A request header that qualifies the event id, for a vendor whose ids are unique only
    /// within it (Google's `X-Goog-Message-Number` within `X-Goog-Channel-ID`): the dedupe key
    /// is `<header value>/<event id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id_scope: Option<String>,
    /// Where a delivery's (or a batch item's) vendor event type is read; none: not filtered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<EventTypeSource>,
    /// Dotted path to the list of items a delivery batches; none: one item per delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// Dotted path, in each item, to a field the vendor copies the webhook's secret into
    /// (Microsoft Graph's `clientState`): the secret is checked there, per item, in constant
    /// time, instead of in the `auth` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_secret: Option<String>,
    pub body: String,
    pub sync_keys: Vec<String>,
    pub samples: Vec<SampleRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup: Option<String>,
    /// Where the preset was read from.
    #[serde(skip)]
    pub origin: Origin,
}

/// Where the vendor event type of a delivery (or of a batch item) is: a request header, a
/// dotted path into the item, or both (then the type is `<header value>.<path value>`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventTypeSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl EventTypeSource {
    /// Where the type is read from, for messages (`X-GitHub-Event header and action`).
    pub fn describe(&self) -> String {
        match (&self.header, &self.path) {
            (Some(h), Some(p)) => format!("the {h} header and `{p}`"),
            (Some(h), None) => format!("the {h} header"),
            (None, Some(p)) => format!("`{p}`"),
            (None, None) => "nowhere".into(),
        }
    }

    /// The event type: the header's value and/or the path's value (a string or a number), or
    /// `None` when a part is missing or empty. `header` looks a request header up by name;
    /// `at_path` walks the dotted path.
    pub fn read(
        &self,
        header: impl FnOnce(&str) -> Option<String>,
        at_path: impl FnOnce(&str) -> Option<String>,
    ) -> Option<String> {
        let h = match &self.header {
            Some(name) => Some(header(name).filter(|v| !v.trim().is_empty())?),
            None => None,
        };
        let p = match &self.path {
            Some(path) => Some(at_path(path).filter(|v| !v.trim().is_empty())?),
            None => None,
        };
        match (h, p) {
            (Some(h), Some(p)) => Some(format!("{}.{}", h.trim(), p.trim())),
            (Some(v), None) | (None, Some(v)) => Some(v.trim().to_string()),
            (None, None) => None,
        }
    }
}

/// Whether a dotted path is well formed: non-empty segments.
pub fn is_dotted_path(path: &str) -> bool {
    !path.is_empty() && !path.split('.').any(str::is_empty)
}

/// A sample payload of a preset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleRef {
    pub name: String,
    pub file: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

/// Where a preset comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary; the path is relative to `presets/`.
    #[default]
    Bundled,
    /// A file on disk.
    File(PathBuf),
}

impl Origin {
    /// Bundled path or file path, for messages.
    pub fn describe(&self, rel: &str) -> String {
        match self {
            Origin::Bundled => format!("presets/{rel}"),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled => f.write_str("bundled"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

impl Preset {
    /// Whether the preset handles a vendor event type (one of `vendor_events`).
    pub fn handles(&self, event_type: &str) -> bool {
        self.vendor_events.iter().any(|e| e == event_type)
    }

    /// Parses preset YAML (as read from a file named `name`); errors carry `name:line:column`.
    pub fn from_yaml(text: &str, name: &str) -> anyhow::Result<Preset> {
        registry::parse(text, Origin::File(PathBuf::from(name)), name)
    }

    /// The auth scheme used with a secret type, if the vendor supports that type.
    pub fn scheme(&self, secret_type: SecretType) -> Option<Scheme<'_>> {
        match secret_type {
            SecretType::Header => self.auth.header.as_ref().map(Scheme::Header),
            SecretType::Hmac => self.auth.hmac.as_ref().map(Scheme::Hmac),
        }
    }

    /// The secret types this preset supports, its default first.
    pub fn secret_types(&self) -> Vec<SecretType> {
        let mut v = vec![self.secret_type];
        for t in crate::domain::SECRET_TYPES {
            if t != self.secret_type && self.scheme(t).is_some() {
                v.push(t);
            }
        }
        v
    }

    /// The scheme for a secret type, or an error naming the types the preset supports.
    pub fn require_scheme(&self, secret_type: SecretType) -> anyhow::Result<Scheme<'_>> {
        self.scheme(secret_type).ok_or_else(|| {
            let names: Vec<_> = self
                .secret_types()
                .iter()
                .map(|t| secret_type_name(*t))
                .collect();
            crate::error::CliError::usage(format!(
                "preset {} does not support a {} secret (it supports: {})",
                self.id,
                secret_type_name(secret_type),
                names.join(", ")
            ))
            .into()
        })
    }
}

// The vocabulary is the domain module's; presets name it from here too.
pub use crate::domain::{check_sync_keys, event_name, is_field_name, secret_type_name};
