//! `list`, `show`, `delete` and `deliveries`.

use anyhow::Result;
use serde::Serialize;

use super::{Ctx, block_on};
use crate::api::model::{LoggedDelivery, Webhook};
use crate::cli::{DeleteArgs, DeliveriesArgs, ListArgs, ShowArgs};
use crate::error::CliError;
use crate::output::{Tabular, new_table, no_wrap};
use crate::preset::{event_name, secret_type_name};

pub(super) fn list(args: ListArgs, ctx: &Ctx) -> Result<()> {
    let (_, client) = ctx.client()?;
    let mut hooks = block_on(client.list_webhooks(None))?;
    if let Some(p) = &args.preset {
        hooks.retain(|h| &h.preset == p);
    }
    let hooks = Webhooks(hooks);
    ctx.out.data(&hooks)?;
    if ctx.out.is_table() {
        ctx.out.note(&format!("{} webhook(s)", hooks.0.len()));
    }
    Ok(())
}

pub(super) fn show(args: ShowArgs, ctx: &Ctx) -> Result<()> {
    let (_, client) = ctx.client()?;
    let hook = block_on(client.find(&args.webhook))?;
    ctx.out.data(&Shown(hook))
}

pub(super) fn delete(args: DeleteArgs, ctx: &Ctx) -> Result<()> {
    let (_, client) = ctx.client()?;
    block_on(async {
        let hook = client.find(&args.webhook).await?;
        if !args.yes {
            if !ctx.can_prompt() {
                return Err(CliError::usage(format!(
                    "deleting {:?} needs confirmation: pass --yes",
                    hook.name
                ))
                .with_hint("without a terminal (or with --no-input) oomhook never prompts")
                .into());
            }
            let q = format!(
                "Delete webhook {:?} ({})? The vendor's deliveries to its URL will fail",
                hook.name, hook.preset
            );
            if !crate::prompt::confirm(&q)? {
                return Err(CliError::failed("not deleted").into());
            }
        }
        client.delete(&hook.id).await?;
        ctx.out
            .success(&format!("Deleted webhook {:?} ({})", hook.name, hook.id));
        Ok(())
    })
}

pub(super) fn deliveries(args: DeliveriesArgs, ctx: &Ctx) -> Result<()> {
    let (_, client) = ctx.client()?;
    if args.follow {
        return super::follow::run(&args.webhook, &client, ctx);
    }
    if let Some(id) = &args.id {
        let d = block_on(async {
            let hook = client.find(&args.webhook).await?;
            client.delivery(&hook.id, id).await
        })?;
        return ctx.out.data(&OneDelivery(d));
    }
    let list = block_on(async {
        let hook = client.find(&args.webhook).await?;
        client.deliveries(&hook.id, args.limit).await
    })?;
    ctx.out.data(&Deliveries(list))
}

#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct Webhooks(pub Vec<Webhook>);

impl Tabular for Webhooks {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["NAME", "PRESET", "EVENT", "SECRET", "ON", "VER"]);
        for h in &self.0 {
            t.add_row([
                h.name.clone(),
                h.preset.clone(),
                event_name(h.event).to_string(),
                secret_type_name(h.secret_type).to_string(),
                if h.enabled { "yes" } else { "no" }.to_string(),
                h.version.to_string(),
            ]);
        }
        no_wrap(&mut t, 1);
        no_wrap(&mut t, 2);
        t
    }
}

#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct Shown(pub Webhook);

impl Tabular for Shown {
    fn table(&self) -> comfy_table::Table {
        let h = &self.0;
        let mut t = new_table(["FIELD", "VALUE"]);
        let rows = [
            ("name", h.name.clone()),
            ("id", h.id.clone()),
            ("url", h.url.clone()),
            ("preset", format!("{} ({})", h.preset, h.vendor)),
            ("event", event_name(h.event).to_string()),
            (
                "secret",
                format!(
                    "{} ({})",
                    secret_type_name(h.secret_type),
                    if h.has_secret { "set" } else { "not set" }
                ),
            ),
            ("sync keys", h.sync_keys.join(", ")),
            ("enabled", h.enabled.to_string()),
            ("version", h.version.to_string()),
            ("created", h.created_at.clone()),
            ("updated", h.updated_at.clone()),
            ("body", h.body.trim_end().to_string()),
        ];
        for (k, v) in rows {
            t.add_row([k.to_string(), v]);
        }
        t
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct Deliveries(Vec<LoggedDelivery>);

impl Tabular for Deliveries {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["RECEIVED", "ITEM", "STATUS", "ACTION", "SYNC KEY", "REASON"]);
        for d in &self.0 {
            let sync = match (&d.sync_key, &d.sync_value) {
                (Some(k), Some(v)) => format!("{k}={v}"),
                _ => String::new(),
            };
            // The code and, where the server gives one, the message that explains it.
            let reason = match (&d.reason, &d.message) {
                (Some(code), Some(msg)) => format!("{code}: {msg}"),
                (Some(text), None) | (None, Some(text)) => text.clone(),
                (None, None) => String::new(),
            };
            let item = d.item_index.map(|i| i.to_string()).unwrap_or_default();
            t.add_row([
                d.received_at.clone(),
                item,
                d.status.clone(),
                d.action.clone(),
                sync,
                reason,
            ]);
        }
        // Times whole; the sync key and reason wrap instead.
        no_wrap(&mut t, 0);
        t
    }
}

/// One delivery in full (`deliveries NAME --id ID`), as the server gives it.
#[derive(Serialize)]
#[serde(transparent)]
struct OneDelivery(serde_json::Value);

impl Tabular for OneDelivery {
    fn table(&self) -> comfy_table::Table {
        use serde_json::Value;
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => serde_json::to_string_pretty(other).unwrap_or_default(),
        };
        let mut t = new_table(["FIELD", "VALUE"]);
        let Value::Object(m) = &self.0 else {
            return t;
        };
        for (k, v) in m {
            if k == "payload" || v.is_null() {
                continue;
            }
            t.add_row([k.replace('_', " "), text(v)]);
        }
        match m.get("payload") {
            Some(Value::Object(p)) => {
                if let Some(Value::Object(h)) = p.get("headers") {
                    let lines: Vec<String> =
                        h.iter().map(|(k, v)| format!("{k}: {}", text(v))).collect();
                    t.add_row(["headers".to_string(), lines.join("\n")]);
                }
                // The body pretty-printed when it is JSON, else as received.
                let body = match p.get("body") {
                    Some(Value::String(b)) => serde_json::from_str::<Value>(b)
                        .ok()
                        .and_then(|v| serde_json::to_string_pretty(&v).ok())
                        .unwrap_or_else(|| b.clone()),
                    _ => "(not UTF-8; see -o json)".to_string(),
                };
                t.add_row(["body".to_string(), body]);
            }
            _ => {
                t.add_row([
                    "payload".to_string(),
                    "not kept (older than the newest `serve --keep-deliveries`)".to_string(),
                ]);
            }
        }
        t
    }
}
