//! Request bodies of `POST` and `PATCH /api/v3/webhooks`, checked field by field.
//!
//! Bodies are read as `serde_json::Value` and each field is checked by hand, so that every
//! problem is reported as `422 invalid` with the `field` it is about, several at once.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::Presets;
use super::error::ApiError;
use crate::api::model::ErrorItem;
use crate::domain::{OomnitzaEvent, SecretType};
use crate::domain::{parse_event, parse_secret_type};
use crate::preset::{Preset, check_sync_keys, secret_type_name};
use crate::signature::{SignError, SignInput, sign};
use crate::template::{Engine, Undefined};

/// A checked `POST`, defaults taken from the preset.
pub(super) struct NewWebhook {
    pub name: String,
    pub preset: Arc<Preset>,
    pub secret_type: SecretType,
    pub secret: String,
    pub event: OomnitzaEvent,
    pub body: String,
    pub sync_keys: Vec<String>,
    pub enabled: bool,
}

/// A checked `PATCH`: the fields given.
#[derive(Default)]
pub(super) struct Patch {
    pub name: Option<String>,
    pub preset: Option<Arc<Preset>>,
    pub secret_type: Option<SecretType>,
    pub secret: Option<String>,
    pub event: Option<OomnitzaEvent>,
    pub body: Option<String>,
    pub sync_keys: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

const WRITABLE: [&str; 8] = [
    "name",
    "preset",
    "secret_type",
    "secret",
    "event",
    "body",
    "sync_keys",
    "enabled",
];
const READ_ONLY: [&str; 7] = [
    "id",
    "vendor",
    "has_secret",
    "url",
    "version",
    "created_at",
    "updated_at",
];

/// Checks a create request.
pub(super) fn create(body: &Value, presets: &Presets) -> Result<NewWebhook, ApiError> {
    let mut f = Fields::new(body)?;
    let name = f.required("name").and_then(|v| f.name(v));
    let preset = f.required("preset").and_then(|v| f.preset(v, presets));
    let secret_type = f.optional("secret_type").and_then(|v| f.secret_type(v));
    let secret = f.required("secret").and_then(|v| f.secret(v));
    let event = f.optional("event").and_then(|v| f.event(v));
    let template = f.optional("body").and_then(|v| f.template(v));
    let sync_keys = f.optional("sync_keys").and_then(|v| f.sync_keys(v));
    let enabled = f.optional("enabled").and_then(|v| f.boolean("enabled", v));
    if let (Some(preset), Some(event)) = (&preset, event)
        && let Err(why) = crate::domain::check_event_fits(preset.event, event)
    {
        f.error("event", why);
    }
    let given_secret_type = f.obj.contains_key("secret_type");
    if let (Some(preset), Some(secret)) = (&preset, &secret) {
        let t = secret_type.unwrap_or(preset.secret_type);
        if !(given_secret_type && secret_type.is_none()) {
            let blame = if given_secret_type {
                "secret_type"
            } else {
                "preset"
            };
            f.combination(preset, t, secret, blame);
        }
    }
    f.finish()?;
    let (Some(name), Some(preset), Some(secret)) = (name, preset, secret) else {
        return Err(ApiError::internal("a required field was not checked"));
    };
    Ok(NewWebhook {
        name,
        secret_type: secret_type.unwrap_or(preset.secret_type),
        secret,
        event: event.unwrap_or(preset.event),
        body: template.unwrap_or_else(|| preset.body.clone()),
        sync_keys: sync_keys.unwrap_or_else(|| preset.sync_keys.clone()),
        enabled: enabled.unwrap_or(true),
        preset,
    })
}

/// Checks a patch request (each field on its own; the combination is checked against the
/// webhook by [`combination`]).
pub(super) fn patch(body: &Value, presets: &Presets) -> Result<Patch, ApiError> {
    let mut f = Fields::new(body)?;
    let p = Patch {
        name: f.optional("name").and_then(|v| f.name(v)),
        preset: f.optional("preset").and_then(|v| f.preset(v, presets)),
        secret_type: f.optional("secret_type").and_then(|v| f.secret_type(v)),
        secret: f.optional("secret").and_then(|v| f.secret(v)),
        event: f.optional("event").and_then(|v| f.event(v)),
        body: f.optional("body").and_then(|v| f.template(v)),
        sync_keys: f.optional("sync_keys").and_then(|v| f.sync_keys(v)),
        enabled: f.optional("enabled").and_then(|v| f.boolean("enabled", v)),
    };
    f.finish()?;
    Ok(p)
}

/// Checks that the preset supports the secret type and that the secret suits its scheme.
/// `field` is blamed for an unsupported type (`secret_type`, or `preset` when the type was not
/// given).
pub(super) fn combination(
    preset: &Preset,
    secret_type: SecretType,
    secret: &str,
    field: &str,
) -> Result<(), ApiError> {
    let empty = Map::new();
    let mut f = Fields {
        obj: &empty,
        errors: Vec::new(),
    };
    f.combination(preset, secret_type, secret, field);
    f.finish()
}

struct Fields<'a> {
    obj: &'a Map<String, Value>,
    errors: Vec<ErrorItem>,
}

impl<'a> Fields<'a> {
    /// The body's fields; unknown and read-only ones are errors.
    fn new(body: &'a Value) -> Result<Self, ApiError> {
        let Value::Object(obj) = body else {
            return Err(ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
                format!("the body must be a JSON object, not {}", kind(body)),
            ));
        };
        let mut f = Fields {
            obj,
            errors: Vec::new(),
        };
        for key in obj.keys() {
            if READ_ONLY.contains(&key.as_str()) {
                f.error(key, format!("{key} is read-only"));
            } else if !WRITABLE.contains(&key.as_str()) {
                f.error(
                    key,
                    format!(
                        "unknown field {key:?} (writable fields: {})",
                        WRITABLE.join(", ")
                    ),
                );
            }
        }
        Ok(f)
    }

    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(ErrorItem {
            code: "invalid".into(),
            message: message.into(),
            field: Some(field.into()),
        });
    }

    fn finish(self) -> Result<(), ApiError> {
        match ApiError::invalid_all(self.errors) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn optional(&self, key: &'static str) -> Option<(&'static str, &'a Value)> {
        self.obj.get(key).map(|v| (key, v))
    }

    fn required(&mut self, key: &'static str) -> Option<(&'static str, &'a Value)> {
        let v = self.optional(key);
        if v.is_none() {
            self.error(key, format!("{key} is required"));
        }
        v
    }

    fn string(&mut self, (key, v): (&str, &'a Value)) -> Option<&'a str> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.error(key, format!("{key} must be a string, not {}", kind(other)));
                None
            }
        }
    }

    fn name(&mut self, v: (&str, &'a Value)) -> Option<String> {
        let s = self.string(v)?;
        match crate::domain::check_name(s) {
            Ok(()) => Some(s.to_string()),
            Err(why) => {
                self.error("name", format!("name: {why}"));
                None
            }
        }
    }

    fn preset(&mut self, v: (&str, &'a Value), presets: &Presets) -> Option<Arc<Preset>> {
        let id = self.string(v)?;
        match presets.get(id) {
            Ok(p) => Some(p),
            Err(e) => {
                let hint = e
                    .downcast_ref::<crate::error::CliError>()
                    .and_then(|c| c.hint.as_deref())
                    .filter(|h| h.starts_with("did you mean"))
                    .map(|h| format!(" ({})", h.split(" (").next().unwrap_or(h)))
                    .unwrap_or_default();
                self.error("preset", format!("{e}{hint}"));
                None
            }
        }
    }

    fn secret_type(&mut self, v: (&str, &'a Value)) -> Option<SecretType> {
        let s = self.string(v)?;
        let t = parse_secret_type(s);
        if t.is_none() {
            self.error(
                "secret_type",
                format!("secret_type must be header or hmac, not {s:?}"),
            );
        }
        t
    }

    fn secret(&mut self, v: (&str, &'a Value)) -> Option<String> {
        let s = self.string(v)?;
        match crate::domain::check_secret(s) {
            Ok(()) => Some(s.to_string()),
            Err(why) => {
                self.error("secret", why);
                None
            }
        }
    }

    fn event(&mut self, v: (&str, &'a Value)) -> Option<OomnitzaEvent> {
        let s = self.string(v)?;
        let e = parse_event(s);
        if e.is_none() {
            self.error(
                "event",
                format!(
                    "event must be one of {}, not {s:?}",
                    crate::domain::event_names()
                ),
            );
        }
        e
    }

    fn template(&mut self, v: (&str, &'a Value)) -> Option<String> {
        let s = self.string(v)?;
        if s.trim().is_empty() {
            self.error("body", "body must be a non-empty template");
            return None;
        }
        match Engine::new("body", s, Undefined::Lenient) {
            Ok(_) => Some(s.to_string()),
            Err(e) => {
                self.error(
                    "body",
                    format!("body is not a valid template: {}", e.headline()),
                );
                None
            }
        }
    }

    fn sync_keys(&mut self, (key, v): (&str, &'a Value)) -> Option<Vec<String>> {
        let Value::Array(items) = v else {
            self.error(
                key,
                format!("sync_keys must be an array of field names, not {}", kind(v)),
            );
            return None;
        };
        let mut keys = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Value::String(s) => keys.push(s.clone()),
                other => {
                    self.error(
                        key,
                        format!("sync_keys must hold strings, not {}", kind(other)),
                    );
                    return None;
                }
            }
        }
        match check_sync_keys(&keys) {
            Ok(()) => Some(keys),
            Err(e) => {
                self.error(
                    key,
                    format!("sync_keys must hold 1 to 5 distinct field names: {e}"),
                );
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, (_, v): (&str, &'a Value)) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                self.error(
                    key,
                    format!("{key} must be true or false, not {}", kind(other)),
                );
                None
            }
        }
    }

    fn combination(&mut self, preset: &Preset, secret_type: SecretType, secret: &str, field: &str) {
        let Some(scheme) = preset.scheme(secret_type) else {
            let names: Vec<_> = preset
                .secret_types()
                .iter()
                .map(|t| secret_type_name(*t))
                .collect();
            self.error(
                field,
                format!(
                    "preset {} does not support a {} secret (it supports: {})",
                    preset.id,
                    secret_type_name(secret_type),
                    names.join(", ")
                ),
            );
            return;
        };
        // Signing a probe tells whether the scheme can use this secret (a Standard Webhooks
        // secret must be base64, a header secret cannot hold control characters).
        let probe = SignInput {
            body: b"{}",
            timestamp: 1_767_225_600,
            id: Some("msg_probe"),
        };
        if let Err(SignError::BadSecret(why)) = sign(scheme, secret.as_bytes(), &probe) {
            self.error(
                "secret",
                format!(
                    "the secret cannot be used with a {} secret of {}: {why}",
                    secret_type_name(secret_type),
                    preset.vendor_name
                ),
            );
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
