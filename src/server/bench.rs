//! The store's share of a delivery, measured on its own for `benches/store.rs`: the writer's
//! work ([`pipeline::log_and_apply`], as `serve` runs it) for deliveries that each create a
//! user, in transactions of a given size, on the calling thread alone: no HTTP, no render, no
//! writer or checkpoint thread, nothing handed between threads.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::bail;
use serde_json::{Map, Value};

use super::error::ApiError;
use super::pipeline::{self, Entry, Incoming, ItemJob, ItemOutcome, Logged, Prepared};
use super::store::{self, DbLocation};
use super::webhooks::{self, WebhookRow};
use crate::api::model::DeliveryAction;
use crate::domain::{OomnitzaEvent, SecretType};
use crate::secrets::Secret;

/// What a run took.
#[derive(Debug, Clone, Copy)]
pub struct StoreRun {
    pub deliveries: usize,
    pub wall: Duration,
    /// This thread's CPU time (Linux), checkpoints included: SQLite checkpoints on the writing
    /// connection here, where `serve` has a thread of its own do it.
    pub cpu: Option<Duration>,
}

/// Runs `n` deliveries of one Okta-like webhook (`username` then `email` as sync keys, five
/// fields, an event id each), `group` to a transaction, on a new database at `path`. Every
/// delivery must create its user, or this fails.
pub fn store_deliveries(path: &Path, n: usize, group: usize) -> anyhow::Result<StoreRun> {
    if path.exists() {
        bail!("{} exists: the run needs a new database", path.display());
    }
    let conn = store::connect(&DbLocation::File(path.to_path_buf()))?;
    let now = store::now_rfc3339();
    let hook = WebhookRow {
        id: store::new_id(),
        name: "bench".into(),
        token: webhooks::new_token(),
        preset: "okta-user-created".into(),
        vendor: "okta".into(),
        secret_type: SecretType::Header,
        secret: Secret::new("bench-header-secret"),
        event: OomnitzaEvent::CreateUser,
        body: "{}".into(),
        sync_keys: vec!["username".into(), "email".into()],
        enabled: true,
        version: 1,
        created_at: now.clone(),
        updated_at: now,
    };
    webhooks::insert(&conn, &hook).map_err(failed)?;

    // What the async threads hand the writer, made before the clock starts.
    let jobs: Vec<(Entry, Incoming)> = (0..n)
        .map(|i| {
            let login = format!("user-{i}@acme.com");
            let mut fields = Map::new();
            for (k, v) in [
                ("username", login.as_str()),
                ("email", login.as_str()),
                ("full_name", "Isaac Brock"),
                ("first_name", "Isaac"),
                ("last_name", "Brock"),
            ] {
                fields.insert(k.into(), Value::String(v.into()));
            }
            let text = serde_json::to_string(&fields).unwrap_or_default();
            let entry = Entry {
                webhook_id: hook.id.clone(),
                version: hook.version,
                event: hook.event,
                ids: vec![store::new_id()],
                received_at: store::now_rfc3339(),
                now: store::now_rfc3339(),
                payload: None,
                keep: 0,
                replay_of: None,
            };
            let incoming = Incoming {
                outcome: Prepared::Items {
                    batched: false,
                    items: vec![ItemJob {
                        index: None,
                        event_type: None,
                        vendor_event_id: Some(format!("event-{i}")),
                        content_key: None,
                        outcome: ItemOutcome::Rendered {
                            fields,
                            text,
                            sync: Some(("username".into(), login)),
                        },
                    }],
                },
            };
            (entry, incoming)
        })
        .collect();

    let (start, cpu_start) = (Instant::now(), thread_cpu());
    for chunk in jobs.chunks(group.max(1)) {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for (entry, incoming) in chunk {
            let logged = pipeline::log_and_apply(&conn, entry, incoming).map_err(failed)?;
            match logged {
                Some(Logged {
                    rows, error: None, ..
                }) if rows.len() == 1 && rows[0].action == DeliveryAction::Created => {}
                other => bail!("a delivery did not create its user: {other:?}"),
            }
        }
        conn.execute_batch("COMMIT")?;
    }
    let cpu = thread_cpu().zip(cpu_start).map(|(end, start)| end - start);
    Ok(StoreRun {
        deliveries: n,
        wall: start.elapsed(),
        cpu,
    })
}

fn failed(e: ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.message)
}

/// This thread's CPU time so far (user and system), from `/proc` (in USER_HZ ticks: 10 ms).
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command name (which may hold spaces) in its parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ');
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_delivery_creates_its_user_and_is_logged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bench.db");
        let run = store_deliveries(&path, 25, 10).unwrap();
        assert_eq!(run.deliveries, 25);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT COUNT(*) FROM records WHERE kind = 'user'"),
            25
        );
        assert_eq!(
            count(
                "SELECT COUNT(*) FROM deliveries WHERE status = 'applied' AND action = 'created'"
            ),
            25
        );
        assert_eq!(count("SELECT COUNT(*) FROM record_keys"), 50);
        // A second run on the same file is refused, not mixed in.
        assert!(store_deliveries(&path, 1, 1).is_err());
    }
}
