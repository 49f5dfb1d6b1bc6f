//! The delivery log: one row per inbound delivery (per item of a batched one), whatever
//! became of it.

use rusqlite::{Connection, params};

use super::error::ApiError;
use crate::api::model::{Delivery, DeliveryAction, DeliveryStatus};

fn status_str(s: DeliveryStatus) -> &'static str {
    match s {
        DeliveryStatus::Applied => "applied",
        DeliveryStatus::Duplicate => "duplicate",
        DeliveryStatus::Skipped => "skipped",
        DeliveryStatus::Rejected => "rejected",
    }
}

fn action_str(a: DeliveryAction) -> &'static str {
    match a {
        DeliveryAction::Created => "created",
        DeliveryAction::Updated => "updated",
        DeliveryAction::Archived => "archived",
        DeliveryAction::None => "none",
    }
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Delivery> {
    let status: String = r.get(2)?;
    let action: String = r.get(7)?;
    let rendered: Option<String> = r.get(9)?;
    let status = [
        DeliveryStatus::Applied,
        DeliveryStatus::Duplicate,
        DeliveryStatus::Skipped,
        DeliveryStatus::Rejected,
    ]
    .into_iter()
    .find(|s| status_str(*s) == status)
    .unwrap_or(DeliveryStatus::Rejected);
    let action = [
        DeliveryAction::Created,
        DeliveryAction::Updated,
        DeliveryAction::Archived,
    ]
    .into_iter()
    .find(|a| action_str(*a) == action)
    .unwrap_or(DeliveryAction::None);
    Ok(Delivery {
        id: r.get(0)?,
        request_id: r.get(10)?,
        item_index: r.get(11)?,
        received_at: r.get(1)?,
        status,
        reason: r.get(3)?,
        message: r.get(12)?,
        event_type: r.get(13)?,
        vendor_event_id: r.get(4)?,
        sync_key: r.get(5)?,
        sync_value: r.get(6)?,
        action,
        record_id: r.get(8)?,
        rendered: rendered.and_then(|t| serde_json::from_str(&t).ok()),
        replay_of: r.get(14)?,
    })
}

/// Logs a delivery (or an item of one) of a webhook; `rendered` is the JSON text of its
/// rendered fields (a delivery's own `rendered` is not read); `content_key` dedupes a signed
/// body (see `seen_content`).
pub(super) fn insert(
    conn: &Connection,
    webhook_id: &str,
    d: &Delivery,
    rendered: Option<&str>,
    content_key: Option<&str>,
) -> Result<(), ApiError> {
    conn.prepare_cached(
        "INSERT INTO deliveries (id, webhook_id, received_at, status, reason, vendor_event_id, sync_key, sync_value, \
         action, record_id, rendered, request_id, item_index, message, event_type, content_key, replay_of) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        d.id,
        webhook_id,
        d.received_at,
        status_str(d.status),
        d.reason,
        d.vendor_event_id,
        d.sync_key,
        d.sync_value,
        action_str(d.action),
        d.record_id,
        rendered,
        d.request_id,
        d.item_index,
        d.message,
        d.event_type,
        content_key,
        d.replay_of,
    ])?;
    Ok(())
}

/// Whether the webhook already took this vendor event (applied, skipped or as a duplicate);
/// rejected deliveries do not count, so a vendor's retry after a fixed secret goes through.
pub(super) fn seen(
    conn: &Connection,
    webhook_id: &str,
    vendor_event_id: &str,
) -> Result<bool, ApiError> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM deliveries WHERE webhook_id = ?1 AND vendor_event_id = ?2 \
             AND vendor_event_id IS NOT NULL AND status <> 'rejected')",
        )?
        .query_row(params![webhook_id, vendor_event_id], |r| r.get(0))?)
}

/// Whether the webhook already took a delivery (or item) of this content key: the digest of
/// a signed body whose delivery id the signature does not cover. Rejected ones do not count.
pub(super) fn seen_content(
    conn: &Connection,
    webhook_id: &str,
    key: &str,
) -> Result<bool, ApiError> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM deliveries WHERE webhook_id = ?1 AND content_key = ?2 \
             AND content_key IS NOT NULL AND status <> 'rejected')",
        )?
        .query_row(params![webhook_id, key], |r| r.get(0))?)
}

/// One page, newest first, and the total.
pub(super) fn list(
    conn: &Connection,
    webhook_id: &str,
    limit: u32,
    skip: u64,
) -> Result<(Vec<Delivery>, u64), ApiError> {
    let total: u64 = conn
        .prepare_cached("SELECT COUNT(*) FROM deliveries WHERE webhook_id = ?1")?
        .query_row([webhook_id], |r| r.get(0))?;
    let rows = conn
        .prepare_cached(
            "SELECT id, received_at, status, reason, vendor_event_id, sync_key, sync_value, action, record_id, rendered, \
             COALESCE(request_id, id), item_index, message, event_type, replay_of FROM deliveries WHERE webhook_id = ?1 ORDER BY seq DESC LIMIT ?2 OFFSET ?3",
        )?
        .query_map(params![webhook_id, limit, skip.min(i64::MAX as u64) as i64], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((rows, total))
}

/// Most payloads pruned in one delivery's transaction: a lowered limit drains over the next
/// deliveries instead of in one long transaction.
const PRUNE_STEP: u32 = 64;

/// Keeps what a request carried (see [`Payload`]), then prunes the webhook's payloads beyond
/// the newest `keep` (at most [`PRUNE_STEP`] at a time; 0 keeps none).
pub(super) fn insert_payload(
    conn: &Connection,
    webhook_id: &str,
    request_id: &str,
    body: &[u8],
    headers: &str,
    keep: u32,
) -> Result<(), ApiError> {
    if keep == 0 {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO payloads (request_id, webhook_id, body, headers) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![request_id, webhook_id, body, headers])?;
    conn.prepare_cached(
        "DELETE FROM payloads WHERE seq IN (SELECT seq FROM payloads WHERE webhook_id = ?1 \
         ORDER BY seq DESC LIMIT ?3 OFFSET ?2)",
    )?
    .execute(params![webhook_id, keep, PRUNE_STEP])?;
    Ok(())
}

/// What a request carried: its body's bytes as received, and the headers the template saw
/// (secret-bearing and signature headers redacted).
#[derive(Debug, Clone)]
pub(super) struct Payload {
    pub body: Vec<u8>,
    pub headers: serde_json::Map<String, serde_json::Value>,
}

/// One entry of a webhook's log by its id, with the payload of its request when it is still
/// kept.
pub(super) fn get(
    conn: &Connection,
    webhook_id: &str,
    id: &str,
) -> Result<Option<(Delivery, Option<Payload>)>, ApiError> {
    use rusqlite::OptionalExtension as _;
    let d = conn
        .prepare_cached(
            "SELECT id, received_at, status, reason, vendor_event_id, sync_key, sync_value, action, record_id, rendered, \
             COALESCE(request_id, id), item_index, message, event_type, replay_of FROM deliveries WHERE id = ?1 AND webhook_id = ?2",
        )?
        .query_row(params![id, webhook_id], from_row)
        .optional()?;
    let Some(d) = d else {
        return Ok(None);
    };
    let payload = payload(conn, &d.request_id)?;
    Ok(Some((d, payload)))
}

/// The payload of a request, when it is still kept.
pub(super) fn payload(conn: &Connection, request_id: &str) -> Result<Option<Payload>, ApiError> {
    use rusqlite::OptionalExtension as _;
    let row: Option<(Vec<u8>, String)> = conn
        .prepare_cached("SELECT body, headers FROM payloads WHERE request_id = ?1")?
        .query_row([request_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(row.map(|(body, headers)| Payload {
        body,
        headers: serde_json::from_str(&headers).unwrap_or_default(),
    }))
}

/// The entries of a webhook's log after the sequence number `after`, oldest first, each with
/// its sequence number (the cursor of `deliveries --follow`).
pub(super) fn after(
    conn: &Connection,
    webhook_id: &str,
    after: i64,
    limit: u32,
) -> Result<Vec<(i64, Delivery)>, ApiError> {
    let rows = conn
        .prepare_cached(
            "SELECT id, received_at, status, reason, vendor_event_id, sync_key, sync_value, action, record_id, rendered, \
             COALESCE(request_id, id), item_index, message, event_type, replay_of, seq FROM deliveries \
             WHERE webhook_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?
        .query_map(params![webhook_id, after, limit], |r| Ok((r.get(15)?, from_row(r)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A webhook and one delivery of its log with the payload of its request (`None` once
/// pruned), for the detail and replay endpoints; 404 naming what is missing.
pub(super) async fn find_logged(
    app: &super::App,
    id: &str,
    delivery_id: &str,
) -> Result<(super::webhooks::WebhookRow, Delivery, Option<Payload>), ApiError> {
    let (key, did) = (id.to_string(), delivery_id.to_string());
    let found = app
        .store
        .read(move |conn| match super::webhooks::get(conn, &key)? {
            Some(row) => Ok(Some((row, get(conn, &key, &did)?))),
            None => Ok(None),
        })
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no webhook with id {id}")))?;
    let (row, found) = found;
    let (d, payload) = found.ok_or_else(|| {
        ApiError::not_found(format!(
            "webhook {:?} has no delivery {delivery_id} (`oomhook deliveries {}` lists them)",
            row.name, row.name
        ))
    })?;
    Ok((row, d, payload))
}
