//! `oomhook deliveries NAME --follow`: new deliveries as they arrive, from the server's long
//! poll on the log (docs/openapi.yaml, `followWebhookDeliveries`). The cursor is kept across
//! failed polls, so a restarted `serve` is picked up where it left off. Ctrl-C ends it (exit 0).

use std::time::Duration;

use anyhow::Result;

use super::{Ctx, block_on};
use crate::api::client::{Client, is_not_found};
use crate::api::model::LoggedDelivery;
use crate::error::CliError;

/// Seconds the server may hold a poll (its most; well under the client's request timeout).
const WAIT: u64 = 5;

pub(super) fn run(webhook: &str, client: &Client, ctx: &Ctx) -> Result<()> {
    block_on(async {
        let hook = client.find(webhook).await?;
        // Not a table: one JSON object a line, as scripts read a stream.
        let json = !ctx.out.is_table();
        let mut cursor: Option<String> = None;
        let mut down = false;
        let ctrl_c = tokio::signal::ctrl_c();
        tokio::pin!(ctrl_c);
        ctx.out.note(&format!(
            "following the deliveries of {:?} (Ctrl-C to stop)",
            hook.name
        ));
        loop {
            let poll = client.follow(&hook.id, cursor.as_deref(), WAIT);
            let answer = tokio::select! {
                _ = &mut ctrl_c => return Ok(()),
                answer = poll => answer,
            };
            match answer {
                Ok((next, rows)) => {
                    if down {
                        ctx.out.note("the server is back; following on");
                        down = false;
                    }
                    for d in &rows {
                        print(ctx, d, json)?;
                    }
                    cursor = Some(next);
                }
                Err(e) if is_not_found(&e) => {
                    // The webhook was found above: a 404 here is a server without the stream
                    // (or the webhook deleted meanwhile).
                    return Err(CliError::failed(format!(
                        "the server does not stream the deliveries of {:?}: it has no \
                         GET .../deliveries/follow, or the webhook was deleted",
                        hook.name
                    ))
                    .with_hint("`oomhook deliveries NAME` lists the log instead")
                    .into());
                }
                Err(e) if is_refusal(&e) => return Err(e),
                Err(e) => {
                    if !down {
                        ctx.out.note(&format!(
                            "the server is unreachable ({e:#}); waiting for it"
                        ));
                        down = true;
                    }
                    tokio::select! {
                        _ = &mut ctrl_c => return Ok(()),
                        () = tokio::time::sleep(Duration::from_millis(500)) => {}
                    }
                }
            }
        }
    })
}

/// A 4xx other than 404 (a bad token, a bad cursor): polling again would not help.
fn is_refusal(e: &anyhow::Error) -> bool {
    e.downcast_ref::<CliError>()
        .and_then(|c| c.status)
        .is_some_and(|s| (400..500).contains(&s))
}

fn print(ctx: &Ctx, d: &LoggedDelivery, json: bool) -> Result<()> {
    if json {
        return ctx.out.line(&serde_json::to_string(d)?);
    }
    let sync = match (&d.sync_key, &d.sync_value) {
        (Some(k), Some(v)) => format!(" {k}={v}"),
        _ => String::new(),
    };
    let item = d
        .item_index
        .map(|i| format!(" item {i}"))
        .unwrap_or_default();
    let reason = match (&d.reason, &d.message) {
        (Some(code), Some(msg)) => format!(" ({code}: {msg})"),
        (Some(t), None) | (None, Some(t)) => format!(" ({t})"),
        (None, None) => String::new(),
    };
    let replay = d
        .replay_of
        .as_ref()
        .map(|o| format!(" replay of {o}"))
        .unwrap_or_default();
    ctx.out.line(&format!(
        "{}  {}{item}  {}{sync}{reason}{replay}  {}",
        d.received_at, d.status, d.action, d.id
    ))
}
