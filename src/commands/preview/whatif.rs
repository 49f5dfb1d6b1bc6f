//! `preview --webhook NAME`: what a body change would do. Renders a candidate body (the
//! webhook's own without `--template`) against the payloads the server kept of the webhook's
//! newest deliveries, as `serve` renders them (items, event filter, headers, event), and says
//! for each delivery whether the result differs from what was rendered then, field by field.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::model::LoggedDelivery;
use crate::cli::PreviewArgs;
use crate::commands::{Ctx, block_on};
use crate::error::CliError;
use crate::output::{Tabular, new_table, no_wrap};
use crate::preset::{Preset, batch, event_name};
use crate::template::{self, Engine, Undefined};

/// Deliveries compared when `--last` is not given.
const DEFAULT_LAST: usize = 10;

pub(crate) fn run(args: PreviewArgs, ctx: &Ctx) -> Result<()> {
    let name = args.webhook.clone().unwrap_or_default();
    let (_, client) = ctx.client()?;
    let (hook, recorded) = block_on(async {
        let hook = client.find(&name).await?;
        let log = client.deliveries(&hook.id, 1000).await?;
        let last = args.last.unwrap_or(DEFAULT_LAST);
        // Deliveries that reached the body (not duplicates, not refused before it), newest
        // first, with the payload of their request.
        let mut out: Vec<(LoggedDelivery, Value)> = Vec::new();
        for d in log.into_iter().filter(reached_the_body) {
            if out.len() >= last {
                break;
            }
            let detail = client.delivery(&hook.id, &d.id).await?;
            if detail["payload"].is_object() {
                out.push((d, detail["payload"].clone()));
            }
        }
        anyhow::Ok((hook, out))
    })?;
    if recorded.is_empty() {
        return Err(CliError::failed(format!(
            "webhook {:?} has no recorded payloads to render against",
            hook.name
        ))
        .with_hint("send it a delivery first (`oomhook send NAME`); `serve --keep-deliveries` keeps the newest")
        .into());
    }
    let preset = ctx.registry().get(&hook.preset)?;
    let (source_name, source) = match &args.template {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("reading template {}", path.display()))?,
        ),
        None => (format!("body of {}", hook.name), hook.body.clone()),
    };
    // As `serve` renders: undefined variables are empty.
    let engine = Engine::new(&source_name, &source, Undefined::Lenient)?;
    let event = event_name(hook.event);
    let mut results = Vec::new();
    for (d, payload) in &recorded {
        let now = render_now(&engine, &preset, event, &hook.sync_keys, d, payload);
        let then = d.rendered.clone().filter(Value::is_object);
        let (after, error) = match now {
            Ok(fields) => (fields.map(Value::Object), None),
            Err(e) => (None, Some(e)),
        };
        let diff = diff(then.as_ref(), after.as_ref());
        results.push(WhatIf {
            delivery: d.id.clone(),
            received_at: d.received_at.clone(),
            changed: !diff.is_empty() || error.is_some(),
            diff,
            error,
        });
    }
    let changed = results.iter().filter(|r| r.changed).count();
    let total = results.len();
    ctx.out.data(&WhatIfs(results))?;
    ctx.out.note(&format!(
        "{changed} of {total} deliver{} would render differently",
        if total == 1 { "y" } else { "ies" }
    ));
    Ok(())
}

fn reached_the_body(d: &LoggedDelivery) -> bool {
    match d.status.as_str() {
        "duplicate" => false,
        "rejected" => d
            .reason
            .as_deref()
            .is_some_and(|r| crate::api::model::REPLAYABLE_REJECTIONS.contains(&r)),
        _ => true,
    }
}

/// The candidate's fields for the delivery's item (`None`: the item is filtered out, as
/// `serve` would skip it), or why it does not render to a JSON object.
fn render_now(
    engine: &Engine,
    preset: &Preset,
    event: &str,
    sync_keys: &[String],
    d: &LoggedDelivery,
    payload: &Value,
) -> Result<Option<Map<String, Value>>, String> {
    let body = payload["body"]
        .as_str()
        .ok_or("the recorded body is not UTF-8 text")?;
    let value = template::json::parse(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let headers: BTreeMap<String, String> = payload["headers"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let sig = batch::headers_of(&headers);
    let items = batch::items(preset, &value)?;
    let Some(item) = items
        .iter()
        .find(|i| i.index.map(|n| n as u64) == d.item_index)
    else {
        return Ok(None);
    };
    if batch::lifecycle(preset, item).is_some()
        || batch::event_type(preset, &sig, item).skip(preset).is_some()
    {
        return Ok(None);
    }
    let ctx = batch::context(&value, template::headers_value(&headers), Some(event), item);
    let text = engine.render(&ctx).map_err(|e| e.headline())?;
    let checked = crate::body::check(&text, sync_keys);
    match (checked.fields, checked.error) {
        (Some(fields), None) => Ok(Some(fields)),
        (_, e) => Err(format!(
            "the rendered body is not a JSON object: {}",
            e.unwrap_or_default()
        )),
    }
}

/// One field that differs: its value then and now (`null`: absent).
#[derive(Debug, Serialize)]
struct FieldDiff {
    field: String,
    before: Value,
    after: Value,
}

fn diff(before: Option<&Value>, after: Option<&Value>) -> Vec<FieldDiff> {
    let empty = Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Vec::new();
    for (k, v) in b {
        let now = a.get(k).cloned().unwrap_or(Value::Null);
        if &now != v {
            out.push(FieldDiff {
                field: k.clone(),
                before: v.clone(),
                after: now,
            });
        }
    }
    for (k, v) in a {
        if !b.contains_key(k) {
            out.push(FieldDiff {
                field: k.clone(),
                before: Value::Null,
                after: v.clone(),
            });
        }
    }
    out
}

#[derive(Serialize)]
struct WhatIf {
    delivery: String,
    received_at: String,
    changed: bool,
    diff: Vec<FieldDiff>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
#[serde(transparent)]
struct WhatIfs(Vec<WhatIf>);

impl Tabular for WhatIfs {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["DELIVERY", "RECEIVED", "CHANGED", "DIFF"]);
        for r in &self.0 {
            let mut lines: Vec<String> = r
                .diff
                .iter()
                .map(|f| format!("{}: {} -> {}", f.field, f.before, f.after))
                .collect();
            if let Some(e) = &r.error {
                lines.push(format!("error: {e}"));
            }
            t.add_row([
                r.delivery.clone(),
                r.received_at.clone(),
                if r.changed { "yes" } else { "no" }.to_string(),
                lines.join("\n"),
            ]);
        }
        no_wrap(&mut t, 0);
        t
    }
}
