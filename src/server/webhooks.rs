//! Webhook rows: reading and writing them, and the responses remembered for `Idempotency-Key`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::error::ApiError;
use super::records::{self, Kind};
use crate::api::model::Webhook;
use crate::domain::{OomnitzaEvent, SecretType};
use crate::preset::{event_name, secret_type_name};
use crate::secrets::Secret;

/// A webhook as stored, secret included.
#[derive(Debug, Clone)]
pub(super) struct WebhookRow {
    pub id: String,
    pub name: String,
    /// The last segment of the webhook's url.
    pub token: String,
    pub preset: String,
    pub vendor: String,
    pub secret_type: SecretType,
    pub secret: Secret,
    pub event: OomnitzaEvent,
    pub body: String,
    pub sync_keys: Vec<String>,
    pub enabled: bool,
    pub version: u64,
    pub created_at: String,
    pub updated_at: String,
}

impl WebhookRow {
    /// The API's view: no secret, and the url built on the server's public URL.
    pub(super) fn to_api(&self, public_url: &str) -> Webhook {
        Webhook {
            id: self.id.clone(),
            name: self.name.clone(),
            preset: self.preset.clone(),
            vendor: self.vendor.clone(),
            secret_type: self.secret_type,
            has_secret: !self.secret.expose().is_empty(),
            event: self.event,
            body: self.body.clone(),
            sync_keys: self.sync_keys.clone(),
            enabled: self.enabled,
            url: hook_url(public_url, &self.token),
            version: self.version,
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
        }
    }
}

/// `{public_url}/hooks/{token}`.
pub(super) fn hook_url(public_url: &str, token: &str) -> String {
    format!("{public_url}{}/{token}", crate::api::model::paths::HOOKS)
}

pub(super) use crate::api::model::name_key;

/// An unguessable, URL-safe token for a webhook's url: `hk_` and 256 random bits.
pub(super) fn new_token() -> String {
    use base64::Engine as _;
    let bytes: [u8; 32] = rand::random();
    format!(
        "hk_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

const COLUMNS: &str = "id, name, token, preset, vendor, secret_type, secret, event, body, sync_keys, enabled, version, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<WebhookRow> {
    let text = |i: usize| r.get::<_, String>(i);
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("bad {what} in the database").into(),
        )
    };
    Ok(WebhookRow {
        id: text(0)?,
        name: text(1)?,
        token: text(2)?,
        preset: text(3)?,
        vendor: text(4)?,
        secret_type: parse_secret_type(&text(5)?).ok_or_else(|| bad(5, "secret_type"))?,
        secret: Secret::new(text(6)?),
        event: parse_event(&text(7)?).ok_or_else(|| bad(7, "event"))?,
        body: text(8)?,
        sync_keys: serde_json::from_str(&text(9)?).map_err(|_| bad(9, "sync_keys"))?,
        enabled: r.get(10)?,
        version: r.get(11)?,
        created_at: text(12)?,
        updated_at: text(13)?,
    })
}

pub(super) use crate::domain::{parse_event, parse_secret_type};

pub(super) fn get(conn: &Connection, id: &str) -> Result<Option<WebhookRow>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

pub(super) fn get_by_token(conn: &Connection, token: &str) -> Result<Option<WebhookRow>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE token = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([token], from_row)
        .optional()?)
}

/// The version and enabled flag of a webhook, if it still exists.
pub(super) fn version_of(conn: &Connection, id: &str) -> Result<Option<(u64, bool)>, ApiError> {
    Ok(conn
        .prepare_cached("SELECT version, enabled FROM webhooks WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// One page in creation order, and the total that matches.
pub(super) fn list(
    conn: &Connection,
    name: Option<&str>,
    limit: u32,
    skip: u64,
) -> Result<(Vec<WebhookRow>, u64), ApiError> {
    let key = name.map(name_key);
    let total: u64 = conn
        .prepare_cached("SELECT COUNT(*) FROM webhooks WHERE ?1 IS NULL OR name_key = ?1")?
        .query_row([&key], |r| r.get(0))?;
    let sql = format!(
        "SELECT {COLUMNS} FROM webhooks WHERE ?1 IS NULL OR name_key = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(
            params![key, limit, skip.min(i64::MAX as u64) as i64],
            from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total))
}

/// Brings every stored `name_key` to the current rule (`domain::name_key`): a database made
/// when keys were only lower-cased gets its normalised keys. A key that would clash with
/// another webhook's stays as it was (both names keep working by id).
pub(super) fn rekey_names(conn: &Connection) -> rusqlite::Result<()> {
    let stale: Vec<(i64, String)> = conn
        .prepare("SELECT seq, name, name_key FROM webhooks")?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .filter_map(Result::ok)
        .filter(|(_, name, key)| name_key(name) != *key)
        .map(|(seq, name, _)| (seq, name_key(&name)))
        .collect();
    for (seq, key) in stale {
        conn.execute(
            "UPDATE OR IGNORE webhooks SET name_key = ?2 WHERE seq = ?1",
            params![seq, key],
        )?;
    }
    Ok(())
}

/// The id of the webhook holding this name (after normalisation), other than `except`.
pub(super) fn name_holder(
    conn: &Connection,
    name: &str,
    except: Option<&str>,
) -> Result<Option<String>, ApiError> {
    Ok(conn
        .prepare_cached("SELECT id FROM webhooks WHERE name_key = ?1 AND id IS NOT ?2")?
        .query_row(params![name_key(name), except], |r| r.get(0))
        .optional()?)
}

pub(super) fn insert(conn: &Connection, w: &WebhookRow) -> Result<(), ApiError> {
    records::index_fields(conn, Kind::of(w.event), &w.sync_keys)?;
    conn.prepare_cached(
        "INSERT INTO webhooks (id, name, name_key, token, preset, vendor, secret_type, secret, event, body, sync_keys, \
         enabled, version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        w.id,
        w.name,
        name_key(&w.name),
        w.token,
        w.preset,
        w.vendor,
        secret_type_name(w.secret_type),
        w.secret.expose(),
        event_name(w.event),
        w.body,
        serde_json::to_string(&w.sync_keys).unwrap_or_default(),
        w.enabled,
        w.version,
        w.created_at,
        w.updated_at,
    ])?;
    Ok(())
}

/// Writes every field of `w` over the row with its id.
pub(super) fn update(conn: &Connection, w: &WebhookRow) -> Result<(), ApiError> {
    records::index_fields(conn, Kind::of(w.event), &w.sync_keys)?;
    conn.prepare_cached(
        "UPDATE webhooks SET name = ?2, name_key = ?3, preset = ?4, vendor = ?5, secret_type = ?6, secret = ?7, \
         event = ?8, body = ?9, sync_keys = ?10, enabled = ?11, version = ?12, updated_at = ?13 WHERE id = ?1",
    )?
    .execute(params![
        w.id,
        w.name,
        name_key(&w.name),
        w.preset,
        w.vendor,
        secret_type_name(w.secret_type),
        w.secret.expose(),
        event_name(w.event),
        w.body,
        serde_json::to_string(&w.sync_keys).unwrap_or_default(),
        w.enabled,
        w.version,
        w.updated_at,
    ])?;
    Ok(())
}

/// Deletes a webhook and (by cascade) its deliveries; its token when it existed.
pub(super) fn delete(conn: &Connection, id: &str) -> Result<Option<String>, ApiError> {
    Ok(conn
        .prepare_cached("DELETE FROM webhooks WHERE id = ?1 RETURNING token")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// A response remembered for an `Idempotency-Key`.
#[derive(Debug, Clone)]
pub(super) struct Remembered {
    pub request_hash: String,
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

/// How long keys are remembered, at least.
pub(super) const IDEMPOTENCY_TTL_SECONDS: i64 = 24 * 3600;

pub(super) fn remembered(
    conn: &Connection,
    key: &str,
    now_unix: i64,
) -> Result<Option<Remembered>, ApiError> {
    conn.prepare_cached("DELETE FROM idempotency WHERE created_unix < ?1")?
        .execute([now_unix - IDEMPOTENCY_TTL_SECONDS])?;
    Ok(conn
        .prepare_cached(
            "SELECT request_hash, status, location, body FROM idempotency WHERE key = ?1",
        )?
        .query_row([key], |r| {
            Ok(Remembered {
                request_hash: r.get(0)?,
                status: r.get(1)?,
                location: r.get(2)?,
                body: r.get(3)?,
            })
        })
        .optional()?)
}

pub(super) fn remember(
    conn: &Connection,
    key: &str,
    r: &Remembered,
    now_unix: i64,
) -> Result<(), ApiError> {
    conn.prepare_cached(
        "INSERT INTO idempotency (key, request_hash, status, location, body, created_unix) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![key, r.request_hash, r.status, r.location, r.body, now_unix])?;
    Ok(())
}

#[cfg(test)]
mod rekey_tests {
    use super::*;
    use crate::server::store::{DbLocation, connect};

    #[test]
    fn stored_keys_are_brought_to_the_current_rule() {
        let conn = connect(&DbLocation::Memory).unwrap();
        let insert = |seq: i64, name: &str, key: &str| {
            conn.execute(
                "INSERT INTO webhooks (seq, id, name, name_key, token, preset, vendor, secret_type, \
                 secret, event, body, sync_keys, enabled, version, created_at, updated_at) \
                 VALUES (?1, ?1, ?2, ?3, ?1, 'p', 'v', 'header', 's', 'create_user', '{}', '[]', 1, 1, '', '')",
                params![seq, name, key],
            )
            .unwrap();
        };
        // Lower-cased only, as keys once were: the decomposed twin and a full-width name.
        insert(1, "cafe\u{301}", "cafe\u{301}");
        insert(2, "\u{ff2f}K", "\u{ff4f}k");
        insert(3, "caf\u{e9}", "caf\u{e9}");
        rekey_names(&conn).unwrap();
        let key = |seq: i64| -> String {
            conn.query_row("SELECT name_key FROM webhooks WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .unwrap()
        };
        assert_eq!(key(2), "ok");
        // Two stored names that are one name now: one gets the key, the other keeps its own.
        assert_ne!(key(1), key(3));
        assert!(key(1) == name_key("café") || key(3) == name_key("café"));
    }
}
