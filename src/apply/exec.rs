//! Carrying out a plan: the requests, a bounded number at a time, each webhook's outcome
//! reported as it completes.
//!
//! Creates carry an `Idempotency-Key` (the client's retries never duplicate), updates carry
//! `If-Match` with the version the plan saw (a webhook changed meanwhile is not overwritten), and
//! a delete of a webhook already gone counts as done. Once the server cannot be reached (or
//! refuses the token), the requests not yet started are skipped rather than each waiting out
//! its retries. A run that stops halfway leaves every webhook either done or untouched, so
//! running apply again converges.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::stream::{self, StreamExt};
use serde::Serialize;

use super::plan::Action;
use crate::api::Client;
use crate::api::client::is_not_found;
use crate::api::model::{WebhookCreate, WebhookPatch};
use crate::error::{CliError, ExitKind, classify};

/// One request to make.
#[derive(Debug, Clone)]
pub(crate) struct Op {
    pub name: String,
    pub kind: OpKind,
}

/// What the request does.
#[derive(Debug, Clone)]
pub(crate) enum OpKind {
    Create(Box<WebhookCreate>),
    Update {
        id: String,
        version: u64,
        patch: Box<WebhookPatch>,
    },
    Delete {
        id: String,
    },
}

impl Op {
    pub(crate) fn action(&self) -> Action {
        match self.kind {
            OpKind::Create(_) => Action::Create,
            OpKind::Update { .. } => Action::Update,
            OpKind::Delete { .. } => Action::Delete,
        }
    }
}

/// How one request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Created,
    Updated,
    Deleted,
    Failed,
    /// Not attempted: an earlier request found the server unreachable (or the token refused).
    Skipped,
}

/// One webhook's outcome.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Outcome {
    pub name: String,
    pub action: Action,
    pub status: Status,
    /// The webhook's id and version after the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The exit kind of a failure.
    #[serde(skip)]
    pub kind: Option<ExitKind>,
}

impl Outcome {
    pub(crate) fn failed(&self) -> bool {
        matches!(self.status, Status::Failed | Status::Skipped)
    }

    /// `created NAME`, `failed NAME: reason`, ...
    pub(crate) fn line(&self) -> String {
        match (self.status, &self.error) {
            (Status::Created, _) => format!("created {}", self.name),
            (Status::Updated, _) => format!("updated {}", self.name),
            (Status::Deleted, _) => format!("deleted {}", self.name),
            (_, Some(e)) => format!("failed {}: {e}", self.name),
            (_, None) => format!("failed {}", self.name),
        }
    }
}

/// What a run did, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub failed: usize,
}

impl Summary {
    pub(crate) fn of(outcomes: &[Outcome], unchanged: usize) -> Self {
        let mut s = Summary {
            unchanged,
            ..Default::default()
        };
        for o in outcomes {
            match o.status {
                Status::Created => s.created += 1,
                Status::Updated => s.updated += 1,
                Status::Deleted => s.deleted += 1,
                Status::Failed | Status::Skipped => s.failed += 1,
            }
        }
        s
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} deleted, {} unchanged, {} failed",
            self.created, self.updated, self.deleted, self.unchanged, self.failed
        )
    }
}

/// The exit kind of a run with failures: unreachable (3) or auth (4) when that is what stopped
/// it, else failed (1).
pub(crate) fn exit_kind(outcomes: &[Outcome]) -> Option<ExitKind> {
    let kinds: Vec<ExitKind> = outcomes
        .iter()
        .filter(|o| o.failed())
        .filter_map(|o| o.kind)
        .collect();
    if kinds.is_empty() {
        return None;
    }
    [ExitKind::Unreachable, ExitKind::Auth]
        .into_iter()
        .find(|k| kinds.contains(k))
        .or(Some(ExitKind::Failed))
}

/// Runs the requests, at most `concurrency` at once, calling `report` as each completes.
/// Outcomes come back in completion order.
pub(crate) async fn execute(
    client: &Client,
    ops: Vec<Op>,
    concurrency: usize,
    mut report: impl FnMut(&Outcome),
) -> Vec<Outcome> {
    let stop = AtomicBool::new(false);
    let stop = &stop;
    let mut results = stream::iter(ops)
        .map(|op| async move {
            if stop.load(Ordering::SeqCst) {
                return Outcome {
                    name: op.name.clone(),
                    action: op.action(),
                    status: Status::Skipped,
                    id: None,
                    version: None,
                    error: Some(
                        "not attempted: the server stopped answering earlier in this run".into(),
                    ),
                    kind: Some(ExitKind::Unreachable),
                };
            }
            let outcome = run_one(client, &op).await;
            if matches!(outcome.kind, Some(ExitKind::Unreachable | ExitKind::Auth)) {
                stop.store(true, Ordering::SeqCst);
            }
            outcome
        })
        .buffer_unordered(concurrency.max(1));
    let mut outcomes = Vec::new();
    while let Some(o) = results.next().await {
        report(&o);
        outcomes.push(o);
    }
    outcomes
}

async fn run_one(client: &Client, op: &Op) -> Outcome {
    let action = op.action();
    let result = match &op.kind {
        OpKind::Create(req) => client
            .create(req)
            .await
            .map(|w| (Status::Created, Some((w.id, w.version)))),
        OpKind::Update { id, version, patch } => client
            .patch(id, patch, Some(*version))
            .await
            .map(|w| (Status::Updated, Some((w.id, w.version)))),
        OpKind::Delete { id } => match client.delete(id).await {
            Ok(()) => Ok((Status::Deleted, None)),
            // Already gone: that is what was wanted.
            Err(e) if is_not_found(&e) => Ok((Status::Deleted, None)),
            Err(e) => Err(e),
        },
    };
    match result {
        Ok((status, after)) => Outcome {
            name: op.name.clone(),
            action,
            status,
            id: after.as_ref().map(|a| a.0.clone()),
            version: after.map(|a| a.1),
            error: None,
            kind: None,
        },
        Err(e) => {
            let code = classify(&e).code;
            let kind = [ExitKind::Usage, ExitKind::Unreachable, ExitKind::Auth]
                .into_iter()
                .find(|k| k.code() == code)
                .unwrap_or(ExitKind::Failed);
            Outcome {
                name: op.name.clone(),
                action,
                status: Status::Failed,
                id: None,
                version: None,
                error: Some(reason(&e)),
                kind: Some(kind),
            }
        }
    }
}

/// A failure in one line, with advice where apply has better advice than the client.
fn reason(e: &anyhow::Error) -> String {
    let text = format!("{e:#}").replace('\n', " ");
    match e.downcast_ref::<CliError>() {
        Some(c)
            if c.message
                .starts_with("the webhook changed since that version") =>
        {
            "it changed on the server after the plan was made; run apply again".to_string()
        }
        Some(c) if c.message.starts_with("not found (") => {
            "it was deleted on the server after the plan was made; run apply again".to_string()
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(status: Status, kind: Option<ExitKind>) -> Outcome {
        Outcome {
            name: "a".into(),
            action: Action::Create,
            status,
            id: None,
            version: None,
            error: Some("boom".into()),
            kind,
        }
    }

    #[test]
    fn summary_counts_and_reads() {
        let o = [
            outcome(Status::Created, None),
            outcome(Status::Created, None),
            outcome(Status::Updated, None),
            outcome(Status::Failed, Some(ExitKind::Failed)),
            outcome(Status::Skipped, Some(ExitKind::Unreachable)),
        ];
        let s = Summary::of(&o, 7);
        assert_eq!(
            s.to_string(),
            "2 created, 1 updated, 0 deleted, 7 unchanged, 2 failed"
        );
        assert_eq!(exit_kind(&o), Some(ExitKind::Unreachable));
        assert_eq!(exit_kind(&o[..4]), Some(ExitKind::Failed));
        assert_eq!(exit_kind(&o[..3]), None);
        assert_eq!(o[3].line(), "failed a: boom");
        assert_eq!(o[0].line(), "created a");
    }
}
