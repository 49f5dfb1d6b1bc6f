//! The records webhooks act on: Oomnitza users and assets.
//!
//! A record is a JSON object of fields. The values of its key fields (every field a webhook
//! syncs by, and the username or serial number) are also written to `record_keys` (kind, field,
//! value as sync keys compare it, record), kept in step on every write, so a delivery finds its
//! record by sync key with one index lookup instead of a scan. Other fields are not indexed:
//! each key row lands on a random page of its index, and a user of seven fields wrote seven.
//! `key_fields` lists the key fields; a webhook that names a new one back-fills it first
//! ([`index_fields`]).

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use super::error::ApiError;
use super::store;
use crate::domain::OomnitzaEvent;

/// Users or assets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    User,
    Asset,
}

impl Kind {
    pub(super) fn of(event: OomnitzaEvent) -> Kind {
        match event {
            OomnitzaEvent::CreateUser | OomnitzaEvent::UpdateUser | OomnitzaEvent::ArchiveUser => {
                Kind::User
            }
            OomnitzaEvent::CreateAsset
            | OomnitzaEvent::UpdateAsset
            | OomnitzaEvent::ArchiveAsset => Kind::Asset,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Asset => "asset",
        }
    }

    /// `user` or `asset`, for messages.
    pub(super) fn noun(self) -> &'static str {
        self.as_str()
    }

    /// The fields the API always returns (null when unset), after `id`.
    fn documented(self) -> &'static [&'static str] {
        match self {
            Kind::User => &[
                "username",
                "email",
                "first_name",
                "last_name",
                "full_name",
                "status",
            ],
            Kind::Asset => &["serial_number", "name", "model", "assigned_to", "status"],
        }
    }

    /// The field `GET /api/v3/{users,assets}/{ident}` also accepts.
    fn ident_field(self) -> &'static str {
        match self {
            Kind::User => "username",
            Kind::Asset => "serial_number",
        }
    }
}

/// Fields the server owns: a body that sets them is not allowed to overwrite them.
const RESERVED: [&str; 3] = ["id", "created_at", "updated_at"];

/// A stored record.
#[derive(Debug, Clone)]
pub(super) struct Record {
    seq: i64,
    pub id: String,
    pub fields: Map<String, Value>,
    pub created_at: String,
    pub updated_at: String,
}

impl Record {
    /// As the API returns it: `id`, the documented fields (null when unset), the other
    /// fields, then the timestamps.
    pub(super) fn view(&self, kind: Kind) -> Value {
        let mut out = Map::with_capacity(self.fields.len() + 8);
        out.insert("id".into(), Value::String(self.id.clone()));
        for f in kind.documented() {
            out.insert(
                (*f).into(),
                self.fields.get(*f).cloned().unwrap_or(Value::Null),
            );
        }
        for (k, v) in &self.fields {
            if !out.contains_key(k) && !RESERVED.contains(&k.as_str()) {
                out.insert(k.clone(), v.clone());
            }
        }
        out.insert("created_at".into(), Value::String(self.created_at.clone()));
        out.insert("updated_at".into(), Value::String(self.updated_at.clone()));
        Value::Object(out)
    }
}

/// Checks that a rendered body gives the documented fields of a record of this kind as the
/// contract types them (docs/openapi.yaml, `User` and `Asset`): a string or null.
pub(super) fn check_documented(kind: Kind, fields: &Map<String, Value>) -> Result<(), String> {
    for f in kind.documented() {
        match fields.get(*f) {
            None | Some(Value::Null | Value::String(_)) => {}
            Some(other) => {
                let what = match other {
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::Array(_) => "an array",
                    _ => "an object",
                };
                return Err(format!(
                    "the {} field {f:?} must be a string or null, not {what}",
                    kind.noun()
                ));
            }
        }
    }
    Ok(())
}

/// A value as sync keys compare it (the rule of `body::resolve_sync_key`): strings trimmed,
/// other values as JSON text; null and empty values have none.
pub(super) fn key_text(v: &Value) -> Option<String> {
    let text = match v {
        Value::Null => return None,
        Value::String(s) => s.trim().to_string(),
        Value::Array(a) if a.is_empty() => return None,
        Value::Object(o) if o.is_empty() => return None,
        other => other.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Record> {
    let fields: String = r.get(2)?;
    let fields = match serde_json::from_str(&fields) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    Ok(Record {
        seq: r.get(0)?,
        id: r.get(1)?,
        fields,
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
    })
}

const COLUMNS: &str = "seq, id, fields, created_at, updated_at";

fn by_seq(conn: &Connection, seq: i64) -> Result<Option<Record>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM records WHERE seq = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([seq], from_row)
        .optional()?)
}

/// The oldest record of this kind whose `field` has this value (as sync keys compare it).
pub(super) fn find(
    conn: &Connection,
    kind: Kind,
    field: &str,
    value: &str,
) -> Result<Option<Record>, ApiError> {
    let seq: Option<i64> = conn
        .prepare_cached("SELECT seq FROM record_keys WHERE kind = ?1 AND field = ?2 AND value = ?3 ORDER BY seq LIMIT 1")?
        .query_row(params![kind.as_str(), field, value], |r| r.get(0))
        .optional()?;
    match seq {
        Some(seq) => by_seq(conn, seq),
        None => Ok(None),
    }
}

/// The record with this id or, failing that, this username (users) / serial number (assets).
pub(super) fn get(conn: &Connection, kind: Kind, ident: &str) -> Result<Option<Record>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM records WHERE id = ?1 AND kind = ?2");
    if let Some(r) = conn
        .prepare_cached(&sql)?
        .query_row(params![ident, kind.as_str()], from_row)
        .optional()?
    {
        return Ok(Some(r));
    }
    find(conn, kind, kind.ident_field(), ident.trim())
}

/// One page in creation order, and the total.
pub(super) fn list(
    conn: &Connection,
    kind: Kind,
    limit: u32,
    skip: u64,
) -> Result<(Vec<Record>, u64), ApiError> {
    let total: u64 = conn
        .prepare_cached("SELECT COUNT(*) FROM records WHERE kind = ?1")?
        .query_row([kind.as_str()], |r| r.get(0))?;
    let sql =
        format!("SELECT {COLUMNS} FROM records WHERE kind = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3");
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(
            params![kind.as_str(), limit, skip.min(i64::MAX as u64) as i64],
            from_row,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total))
}

/// Writes one key row: (kind, field, value as sync keys compare it, record seq).
const ADD_KEY: &str =
    "INSERT OR IGNORE INTO record_keys (kind, field, value, seq) VALUES (?1, ?2, ?3, ?4)";

/// The key fields of a kind (see the module's notes).
fn key_fields(conn: &Connection, kind: Kind) -> Result<Vec<String>, ApiError> {
    let mut st = conn.prepare_cached("SELECT field FROM key_fields WHERE kind = ?1")?;
    let rows = st.query_map([kind.as_str()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Makes `fields` key fields of the kind: any not yet one is added, and every record's value
/// of it written to `record_keys`, in the caller's transaction. Called wherever a webhook's
/// sync keys are written, so a delivery's lookup never misses an unindexed field.
pub(super) fn index_fields(
    conn: &Connection,
    kind: Kind,
    fields: &[String],
) -> Result<(), ApiError> {
    let mut new = Vec::new();
    for field in fields {
        let added = conn
            .prepare_cached("INSERT OR IGNORE INTO key_fields (kind, field) VALUES (?1, ?2)")?
            .execute(params![kind.as_str(), field])?;
        if added > 0 {
            new.push(field.as_str());
        }
    }
    if new.is_empty() {
        return Ok(());
    }
    let mut add = conn.prepare_cached(ADD_KEY)?;
    let mut st = conn.prepare_cached("SELECT seq, fields FROM records WHERE kind = ?1")?;
    let mut rows = st.query([kind.as_str()])?;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let text: String = row.get(1)?;
        let Ok(Value::Object(values)) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        for field in &new {
            if let Some(t) = values.get(*field).and_then(key_text) {
                add.execute(params![kind.as_str(), field, t, seq])?;
            }
        }
    }
    Ok(())
}

/// Creates a record with these fields.
pub(super) fn create(
    conn: &Connection,
    kind: Kind,
    fields: &Map<String, Value>,
    now: &str,
) -> Result<Record, ApiError> {
    let fields: Map<String, Value> = fields
        .iter()
        .filter(|(k, _)| !RESERVED.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let id = store::new_id();
    let text = serde_json::to_string(&fields).unwrap_or_default();
    conn.prepare_cached("INSERT INTO records (id, kind, fields, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)")?
        .execute(params![id, kind.as_str(), text, now])?;
    let seq = conn.last_insert_rowid();
    let mut add = conn.prepare_cached(ADD_KEY)?;
    for k in key_fields(conn, kind)? {
        if let Some(t) = fields.get(&k).and_then(key_text) {
            add.execute(params![kind.as_str(), k, t, seq])?;
        }
    }
    Ok(Record {
        seq,
        id,
        fields,
        created_at: now.to_string(),
        updated_at: now.to_string(),
    })
}

/// Merges `changes` into the record (a field given replaces the stored one), keeping the key
/// index in step. `updated_at` moves only when a value changed.
pub(super) fn update(
    conn: &Connection,
    kind: Kind,
    rec: &mut Record,
    changes: &Map<String, Value>,
    now: &str,
) -> Result<(), ApiError> {
    let mut changed = false;
    let keys = key_fields(conn, kind)?;
    let mut del = conn.prepare_cached(
        "DELETE FROM record_keys WHERE kind = ?1 AND field = ?2 AND value = ?3 AND seq = ?4",
    )?;
    let mut add = conn.prepare_cached(ADD_KEY)?;
    for (k, v) in changes {
        if RESERVED.contains(&k.as_str()) || rec.fields.get(k) == Some(v) {
            continue;
        }
        if keys.contains(k) {
            let old = rec.fields.get(k).and_then(key_text);
            let new = key_text(v);
            if old != new {
                if let Some(t) = &old {
                    del.execute(params![kind.as_str(), k, t, rec.seq])?;
                }
                if let Some(t) = &new {
                    add.execute(params![kind.as_str(), k, t, rec.seq])?;
                }
            }
        }
        rec.fields.insert(k.clone(), v.clone());
        changed = true;
    }
    if changed {
        rec.updated_at = now.to_string();
        conn.prepare_cached("UPDATE records SET fields = ?2, updated_at = ?3 WHERE seq = ?1")?
            .execute(params![
                rec.seq,
                serde_json::to_string(&rec.fields).unwrap_or_default(),
                now
            ])?;
    }
    Ok(())
}

/// Archives the record: its `status` becomes `archived`.
pub(super) fn archive(
    conn: &Connection,
    kind: Kind,
    rec: &mut Record,
    now: &str,
) -> Result<(), ApiError> {
    let mut changes = Map::new();
    changes.insert("status".into(), Value::String("archived".into()));
    update(conn, kind, rec, &changes, now)
}
