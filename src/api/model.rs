//! The resources of the Oomnitza-compatible webhook API (docs/openapi.yaml), shared by the
//! client and `serve`.

use serde::{Deserialize, Serialize};

use crate::domain::{OomnitzaEvent, SecretType};
use crate::secrets::Secret;

/// A webhook name as names are compared (the domain module's rule, shared with `serve`).
pub(crate) use crate::domain::name_key;

/// A webhook as the API returns it. The secret is write-only and never comes back.
///
/// Read leniently where a server off the API may differ without harm: an id may come as a
/// number, and `vendor`, `has_secret` and the timestamps may be missing or null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Webhook {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    pub name: String,
    pub preset: String,
    #[serde(default, deserialize_with = "or_default")]
    pub vendor: String,
    pub secret_type: SecretType,
    #[serde(default, deserialize_with = "or_default")]
    pub has_secret: bool,
    pub event: OomnitzaEvent,
    pub body: String,
    pub sync_keys: Vec<String>,
    pub enabled: bool,
    pub url: String,
    pub version: u64,
    #[serde(default, deserialize_with = "or_default")]
    pub created_at: String,
    #[serde(default, deserialize_with = "or_default")]
    pub updated_at: String,
}

/// A value, or its default when it is null (a missing one takes `#[serde(default)]`).
fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// An id as a string, or a number taken as its digits.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    })
}

/// `POST /api/v3/webhooks`. Omitted fields take the preset's defaults.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhookCreate {
    pub name: String,
    pub preset: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_type: Option<SecretType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<OomnitzaEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_keys: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `PATCH /api/v3/webhooks/{id}`: any subset of the writable fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WebhookPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_type: Option<SecretType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<OomnitzaEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_keys: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

impl WebhookPatch {
    /// Whether the patch changes nothing.
    pub(crate) fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// What happened to one inbound delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DeliveryStatus {
    Applied,
    Duplicate,
    Skipped,
    Rejected,
}

/// What a delivery did to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DeliveryAction {
    Created,
    Updated,
    Archived,
    None,
}

/// One entry of a webhook's delivery log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Delivery {
    pub id: String,
    /// The id of the request this entry came from: the first entry's `id`; every item of a
    /// batched delivery shares it.
    pub request_id: String,
    /// The item's 0-based index in a batched delivery; `None` when the preset does not batch.
    pub item_index: Option<u64>,
    pub received_at: String,
    pub status: DeliveryStatus,
    /// A reason code (`render_failed`, `event_type_not_handled`, ...).
    pub reason: Option<String>,
    /// The reason for people: the template error with its location, the event type skipped,
    /// the signature problem. Never a secret or a signature.
    pub message: Option<String>,
    /// The vendor event type read for the filter, when the preset reads one.
    pub event_type: Option<String>,
    pub vendor_event_id: Option<String>,
    pub sync_key: Option<String>,
    pub sync_value: Option<String>,
    pub action: DeliveryAction,
    pub record_id: Option<String>,
    pub rendered: Option<serde_json::Value>,
    /// For a replay (`oomhook replay`): the id of the delivery it ran again.
    #[serde(default)]
    pub replay_of: Option<String>,
}

/// The rejections a replay may run again: they came after authentication, at the body, so a
/// fixed template may take them. Any other rejected delivery is never replayed.
pub(crate) const REPLAYABLE_REJECTIONS: &[&str] = &["render_failed", "body_not_object", "no_items"];

/// A delivery as the client reads the log: the status and action as text, so a server's
/// own values (beyond those above) still show, and the id may come as a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LoggedDelivery {
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    #[serde(default, deserialize_with = "or_default")]
    pub received_at: String,
    pub status: String,
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub item_index: Option<u64>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub event_type: Option<String>,
    #[serde(default)]
    pub vendor_event_id: Option<String>,
    #[serde(default)]
    pub sync_key: Option<String>,
    #[serde(default)]
    pub sync_value: Option<String>,
    #[serde(default, deserialize_with = "or_default")]
    pub action: String,
    #[serde(default)]
    pub record_id: Option<String>,
    #[serde(default)]
    pub rendered: Option<serde_json::Value>,
    #[serde(default)]
    pub replay_of: Option<String>,
}

/// The body of every non-2xx answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct ErrorBody {
    pub errors: Vec<ErrorItem>,
}

/// One error.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ErrorItem {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    /// An error body with one error.
    pub(crate) fn one(code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        Self {
            errors: vec![ErrorItem {
                code: code.into(),
                message: message.into(),
                field: field.map(str::to_string),
            }],
        }
    }
}

/// Paths of the API, relative to the tenant root.
pub(crate) mod paths {
    pub(crate) const WEBHOOKS: &str = "/api/v3/webhooks";
    pub(crate) const USERS: &str = "/api/v3/users";
    pub(crate) const ASSETS: &str = "/api/v3/assets";
    pub(crate) const HEALTH: &str = "/api/v3/health";
    /// Inbound deliveries: `{root}/hooks/{token}`.
    pub(crate) const HOOKS: &str = "/hooks";
    /// The header carrying the API token.
    pub(crate) const TOKEN_HEADER: &str = "Authorization2";
    /// The header carrying the total of a list.
    pub(crate) const TOTAL_HEADER: &str = "X-Total-Count";
}
