//! The webhook vocabulary, one rule in one place: names, events, secret types, secrets and
//! sync keys, their limits and their parsing. The CLI, the wizard, presets, the API client,
//! apply and `serve` all check through these functions, so the client and `serve` accept
//! exactly the same values (README, "Webhook names"; docs/openapi.yaml, `WebhookCreate`).

mod name;

pub use name::{NAME_MAX, check_name, looks_like_id, name_key};

use clap::ValueEnum;

/// The Oomnitza event a webhook performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[value(rename_all = "snake_case")]
pub enum OomnitzaEvent {
    /// Create the user (update it when present)
    CreateUser,
    /// Update the user found by the sync keys
    UpdateUser,
    /// Archive the user
    ArchiveUser,
    /// Create the asset (update it when present)
    CreateAsset,
    /// Update the asset found by the sync keys
    UpdateAsset,
    /// Archive the asset
    ArchiveAsset,
}

/// Every Oomnitza event, in the order messages list them.
pub const EVENTS: [OomnitzaEvent; 6] = [
    OomnitzaEvent::CreateUser,
    OomnitzaEvent::UpdateUser,
    OomnitzaEvent::ArchiveUser,
    OomnitzaEvent::CreateAsset,
    OomnitzaEvent::UpdateAsset,
    OomnitzaEvent::ArchiveAsset,
];

impl OomnitzaEvent {
    /// Whether the event is about users (rather than assets).
    pub fn is_user(self) -> bool {
        matches!(
            self,
            OomnitzaEvent::CreateUser | OomnitzaEvent::UpdateUser | OomnitzaEvent::ArchiveUser
        )
    }
}

/// Whether a webhook of a preset (whose own event is `preset_event`) may perform `event`: a
/// preset's samples and body describe users or assets, so its webhooks stay on that kind.
pub fn check_event_fits(preset_event: OomnitzaEvent, event: OomnitzaEvent) -> Result<(), String> {
    if preset_event.is_user() == event.is_user() {
        return Ok(());
    }
    let (kind, fitting) = if preset_event.is_user() {
        ("users", "create_user, update_user, archive_user")
    } else {
        ("assets", "create_asset, update_asset, archive_asset")
    };
    Err(format!(
        "the preset is about {kind}: the event must be one of {fitting}, not {}",
        event_name(event)
    ))
}

/// The API name of an Oomnitza event (`update_user`, ...).
pub fn event_name(e: OomnitzaEvent) -> &'static str {
    match e {
        OomnitzaEvent::CreateUser => "create_user",
        OomnitzaEvent::UpdateUser => "update_user",
        OomnitzaEvent::ArchiveUser => "archive_user",
        OomnitzaEvent::CreateAsset => "create_asset",
        OomnitzaEvent::UpdateAsset => "update_asset",
        OomnitzaEvent::ArchiveAsset => "archive_asset",
    }
}

/// `create_user`, ...: exactly an API name, nothing else.
pub fn parse_event(s: &str) -> Option<OomnitzaEvent> {
    EVENTS.into_iter().find(|e| event_name(*e) == s)
}

/// The API names of every event, for messages: `create_user, update_user, ...`.
pub fn event_names() -> String {
    EVENTS.map(event_name).join(", ")
}

/// The two kinds of webhook secret Oomnitza knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretType {
    /// Header Secret: you invent it; the vendor sends it verbatim in a header
    Header,
    /// HMAC Secret: the vendor generates it and signs each request with it
    Hmac,
}

/// `header` or `hmac`.
pub fn secret_type_name(t: SecretType) -> &'static str {
    match t {
        SecretType::Header => "header",
        SecretType::Hmac => "hmac",
    }
}

/// Both secret types, header first.
pub const SECRET_TYPES: [SecretType; 2] = [SecretType::Header, SecretType::Hmac];

/// `header` or `hmac`: exactly, nothing else.
pub fn parse_secret_type(s: &str) -> Option<SecretType> {
    SECRET_TYPES.into_iter().find(|t| secret_type_name(*t) == s)
}

/// The shortest secret accepted, in characters.
pub const SECRET_MIN: usize = 8;
/// The longest secret accepted, in characters.
pub const SECRET_MAX: usize = 512;

/// Why a secret cannot be used, if it cannot: 8 to 512 characters, not only white space (a
/// secret of spaces guesses in one try). Whether a vendor's scheme can use it (base64 for
/// Standard Webhooks, no control characters in a header) is the scheme's own check.
pub fn check_secret(secret: &str) -> Result<(), String> {
    let n = secret.chars().count();
    if !(SECRET_MIN..=SECRET_MAX).contains(&n) {
        return Err(format!(
            "the secret has {n} characters: give {SECRET_MIN} to {SECRET_MAX}"
        ));
    }
    if secret.chars().all(char::is_whitespace) {
        return Err("the secret is only white space: give a real secret".to_string());
    }
    Ok(())
}

/// The most sync keys a webhook takes.
pub const SYNC_KEYS_MAX: usize = 5;
/// The longest sync key (an Oomnitza field name), in bytes.
pub const FIELD_NAME_MAX: usize = 128;

/// Whether a string is a valid Oomnitza field name for a sync key: ASCII letters, digits and
/// `_`, not starting with a digit, at most 128.
pub fn is_field_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.len() <= FIELD_NAME_MAX
}

/// Checks a list of sync keys: 1 to 5, distinct, valid field names.
pub fn check_sync_keys(keys: &[String]) -> Result<(), String> {
    if keys.is_empty() || keys.len() > SYNC_KEYS_MAX {
        return Err(format!(
            "sync keys: give 1 to {SYNC_KEYS_MAX} (got {})",
            keys.len()
        ));
    }
    for (i, k) in keys.iter().enumerate() {
        if !is_field_name(k) {
            return Err(format!(
                "sync key {k:?} is not an Oomnitza field name (letters, digits and _, not starting with a digit)"
            ));
        }
        if keys[..i].contains(k) {
            return Err(format!("sync key {k:?} is given twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_and_secret_types_parse_their_api_names_only() {
        for e in EVENTS {
            assert_eq!(parse_event(event_name(e)), Some(e));
        }
        assert_eq!(parse_event("Create_User"), None);
        assert_eq!(parse_secret_type("hmac"), Some(SecretType::Hmac));
        assert_eq!(parse_secret_type(" header"), None);
        assert!(check_event_fits(OomnitzaEvent::CreateUser, OomnitzaEvent::ArchiveUser).is_ok());
        assert!(check_event_fits(OomnitzaEvent::CreateUser, OomnitzaEvent::ArchiveAsset).is_err());
        assert!(check_event_fits(OomnitzaEvent::UpdateAsset, OomnitzaEvent::CreateUser).is_err());
    }

    #[test]
    fn secrets_are_8_to_512_characters_and_not_blank() {
        assert!(check_secret("12345678").is_ok());
        assert!(check_secret(&"é".repeat(512)).is_ok());
        assert!(check_secret("1234567").is_err());
        assert!(check_secret(&"x".repeat(513)).is_err());
        assert!(check_secret("        ").is_err());
        assert!(check_secret("\t \u{3000}      ").is_err());
        assert!(check_secret(" secret-with-spaces ").is_ok());
    }

    #[test]
    fn sync_keys_are_1_to_5_distinct_field_names() {
        let k = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert!(check_sync_keys(&k(&["email", "_id2"])).is_ok());
        assert!(check_sync_keys(&k(&[])).is_err());
        assert!(check_sync_keys(&k(&["a", "b", "c", "d", "e", "f"])).is_err());
        assert!(check_sync_keys(&k(&["email", "email"])).is_err());
        assert!(check_sync_keys(&k(&["1x"])).is_err());
        assert!(check_sync_keys(&k(&["émail"])).is_err());
    }
}
