//! `oomhook replay NAME`: runs recorded deliveries again through the webhook's current body,
//! event and sync keys (README, the tour: `deliveries --id`, `replay`). The server does the
//! work (`POST .../deliveries/{id}/replay`); this picks the deliveries, asks before running
//! more than one, and shows what each replay did.

use anyhow::Result;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Ctx, block_on};
use crate::api::model::{LoggedDelivery, REPLAYABLE_REJECTIONS};
use crate::cli::ReplayArgs;
use crate::error::CliError;
use crate::output::{Tabular, new_table, no_wrap};

/// The most log entries looked through for `--status`, `--since` and `--last`.
const LOOKED_AT: u32 = 1000;

pub(super) fn run(args: ReplayArgs, ctx: &Ctx) -> Result<()> {
    let since = args.since.as_deref().map(parse_since).transpose()?;
    if args.deliveries.is_empty() && args.status.is_none() && since.is_none() && args.last.is_none()
    {
        return Err(CliError::usage("say which deliveries to replay")
            .with_hint("pass --delivery ID, --last N, --status S or --since T")
            .into());
    }
    let (_, client) = ctx.client()?;
    block_on(async {
        let hook = client.find(&args.webhook).await?;
        let log = client.deliveries(&hook.id, LOOKED_AT).await?;
        let chosen = choose(&args, since, &log, ctx)?;
        if chosen.is_empty() {
            return Err(CliError::failed(format!(
                "no delivery of {:?} matches; nothing replayed",
                hook.name
            ))
            .into());
        }
        if args.dry_run {
            ctx.out.data(&Plan(chosen.clone()))?;
            ctx.out.note(&format!(
                "dry run: {} deliver{} would be replayed through {:?}'s current body",
                chosen.len(),
                if chosen.len() == 1 { "y" } else { "ies" },
                hook.name
            ));
            return Ok(());
        }
        if chosen.len() > 1 && !args.yes {
            if !ctx.can_prompt() {
                return Err(CliError::usage(format!(
                    "replaying {} deliveries needs confirmation: pass --yes",
                    chosen.len()
                ))
                .with_hint("without a terminal (or with --no-input) oomhook never prompts")
                .into());
            }
            let q = format!(
                "Replay {} deliveries through {:?}'s current body? Their events are applied again",
                chosen.len(),
                hook.name
            );
            if !crate::prompt::confirm(&q)? {
                return Err(CliError::failed("nothing replayed").into());
            }
        }
        let mut done = Vec::new();
        for d in &chosen {
            let rows = client.replay(&hook.id, &d.id).await?;
            done.push(Replayed {
                original: d.id.clone(),
                deliveries: rows,
            });
        }
        ctx.out.data(&Done(done))?;
        if ctx.out.is_table() {
            ctx.out.note(&format!("{} replayed", chosen.len()));
        }
        Ok(())
    })
}

/// Which log entries to replay, oldest first: those named (each must be in the log), else
/// one per request among those the filters keep; never one rejected before its body.
fn choose(
    args: &ReplayArgs,
    since: Option<OffsetDateTime>,
    log: &[LoggedDelivery],
    ctx: &Ctx,
) -> Result<Vec<LoggedDelivery>> {
    let replayable = |d: &LoggedDelivery| {
        d.status != "rejected"
            || d.reason
                .as_deref()
                .is_some_and(|r| REPLAYABLE_REJECTIONS.contains(&r))
    };
    if !args.deliveries.is_empty() {
        let mut out = Vec::new();
        for id in &args.deliveries {
            let Some(d) = log.iter().find(|d| &d.id == id) else {
                return Err(CliError::failed(format!(
                    "no delivery {id} in the newest {LOOKED_AT} of this webhook"
                ))
                .with_hint("`oomhook deliveries NAME` lists them with their ids (-o json)")
                .into());
            };
            if !replayable(d) {
                return Err(CliError::failed(format!(
                    "delivery {id} was rejected before its body was rendered ({}): a delivery \
                     that was not authenticated, or not taken, is never replayed",
                    d.reason.as_deref().unwrap_or("rejected")
                ))
                .into());
            }
            out.push(d.clone());
        }
        return Ok(out);
    }
    let mut seen = std::collections::HashSet::new();
    let mut refused = 0;
    let mut out: Vec<LoggedDelivery> = Vec::new();
    for d in log {
        if args.status.as_deref().is_some_and(|s| s != d.status) {
            continue;
        }
        if let Some(t) = since {
            match OffsetDateTime::parse(&d.received_at, &Rfc3339) {
                Ok(at) if at >= t => {}
                _ => continue,
            }
        }
        let request = d.request_id.clone().unwrap_or_else(|| d.id.clone());
        if !seen.insert(request) {
            continue;
        }
        if !replayable(d) {
            refused += 1;
            continue;
        }
        out.push(d.clone());
        if args.last.is_some_and(|n| out.len() >= n) {
            break;
        }
    }
    if refused > 0 {
        ctx.out.note(&format!(
            "{refused} rejected before its body was rendered (not authenticated, or not taken): never replayed"
        ));
    }
    out.reverse();
    Ok(out)
}

/// `--since`: an RFC 3339 time, or an age (`30m`, `2h`, `7d`, `90s`).
fn parse_since(text: &str) -> Result<OffsetDateTime> {
    let t = text.trim();
    if let Ok(at) = OffsetDateTime::parse(t, &Rfc3339) {
        return Ok(at);
    }
    let age = t
        .char_indices()
        .last()
        .and_then(|(i, unit)| {
            let n: i64 = t[..i].parse().ok().filter(|n| *n >= 0)?;
            let secs = match unit {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                _ => return None,
            };
            n.checked_mul(secs)
        })
        .map(time::Duration::seconds);
    match age {
        Some(age) => Ok(OffsetDateTime::now_utc() - age),
        None => Err(
            CliError::usage(format!("--since {text:?} is neither a time nor an age"))
                .with_hint("give an RFC 3339 time (2026-05-01T16:00:00Z) or an age (30m, 2h, 7d)")
                .into(),
        ),
    }
}

/// `--dry-run`: the deliveries that would be replayed.
#[derive(Serialize)]
#[serde(transparent)]
struct Plan(Vec<LoggedDelivery>);

impl Tabular for Plan {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["DELIVERY", "RECEIVED", "STATUS", "REASON"]);
        for d in &self.0 {
            t.add_row([
                d.id.clone(),
                d.received_at.clone(),
                d.status.clone(),
                d.reason.clone().unwrap_or_default(),
            ]);
        }
        no_wrap(&mut t, 0);
        t
    }
}

/// One replay: the delivery run again and the new log entries (one per item).
#[derive(Serialize)]
struct Replayed {
    original: String,
    deliveries: Vec<LoggedDelivery>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct Done(Vec<Replayed>);

impl Tabular for Done {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["REPLAY OF", "NEW DELIVERY", "STATUS", "ACTION", "REASON"]);
        for r in &self.0 {
            for d in &r.deliveries {
                let reason = match (&d.reason, &d.message) {
                    (Some(code), Some(msg)) => format!("{code}: {msg}"),
                    (Some(text), None) | (None, Some(text)) => text.clone(),
                    (None, None) => String::new(),
                };
                t.add_row([
                    r.original.clone(),
                    d.id.clone(),
                    d.status.clone(),
                    d.action.clone(),
                    reason,
                ]);
            }
        }
        no_wrap(&mut t, 0);
        no_wrap(&mut t, 1);
        t
    }
}
