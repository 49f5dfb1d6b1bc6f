//! `GET /api/v3/webhooks/{id}/deliveries/follow` (`oomhook deliveries NAME --follow`): a long
//! poll on a webhook's log. The cursor is the log's own order (a row's sequence number), so a
//! follower picks up where it left off across a restart of `serve`.
//!
//! Commits bump a watch channel only while someone follows (see [`Bell::ring`]), so a delivery
//! costs nothing more when nobody does.

use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use tokio::sync::watch;

use super::error::ApiError;
use super::http::json_response;
use super::{App, deliveries, webhooks};

/// The longest wait a follower may ask for: short, so that a poll stays well within any
/// client's or proxy's read timeout.
const MAX_WAIT: u64 = 5;
/// The most entries one answer carries.
const PAGE: u32 = 200;

/// Tells followers that deliveries were committed.
pub(super) struct Bell {
    tx: watch::Sender<u64>,
}

impl Default for Bell {
    fn default() -> Self {
        Bell {
            tx: watch::channel(0).0,
        }
    }
}

impl Bell {
    /// After a commit: wakes the followers, if there are any (nothing happens otherwise).
    pub(super) fn ring(&self) {
        if self.tx.receiver_count() > 0 {
            self.tx.send_modify(|n| *n = n.wrapping_add(1));
        }
    }
}

fn bad_query(field: &str, message: String) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message).field(field)
}

pub(super) async fn follow(
    State(app): State<App>,
    Path(id): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let last = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
    };
    let after = match last("after") {
        None => None,
        Some(v) => Some(v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            bad_query(
                "after",
                format!("after must be a cursor from an earlier answer, not {v:?}"),
            )
        })?),
    };
    let wait = match last("wait") {
        None => 0,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= MAX_WAIT)
            .ok_or_else(|| {
                bad_query(
                    "wait",
                    format!("wait must be 0 to {MAX_WAIT} seconds, not {v:?}"),
                )
            })?,
    };
    // Subscribed before the first read, so a commit between the read and the wait is seen.
    let mut bell = app.bell.tx.subscribe();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(wait);
    loop {
        let key = id.clone();
        let page = app
            .store
            .read(move |conn| {
                if webhooks::version_of(conn, &key)?.is_none() {
                    return Ok(None);
                }
                let newest: i64 = conn
                    .prepare_cached(
                        "SELECT COALESCE(MAX(seq), 0) FROM deliveries WHERE webhook_id = ?1",
                    )?
                    .query_row([&key], |r| r.get(0))?;
                let Some(after) = after else {
                    return Ok(Some((newest, Vec::new())));
                };
                let rows = deliveries::after(conn, &key, after, PAGE)?;
                let cursor = rows.last().map_or(after.max(0), |(seq, _)| *seq);
                Ok(Some((cursor, rows.into_iter().map(|(_, d)| d).collect())))
            })
            .await?
            .ok_or_else(|| ApiError::not_found(format!("no webhook with id {id}")))?;
        let (cursor, rows) = page;
        let done = after.is_none() || !rows.is_empty();
        if done
            || tokio::time::timeout_at(deadline, bell.changed())
                .await
                .is_err()
        {
            let answer = serde_json::json!({ "cursor": cursor.to_string(), "deliveries": rows });
            return Ok(json_response(StatusCode::OK, &answer));
        }
    }
}
