//! `export [NAME...]`: the server's webhooks as an apply file.

use anyhow::Result;

use super::{Ctx, block_on};
use crate::api::model::name_key;
use crate::apply::export;
use crate::cli::{ExportArgs, OutputFormat};
use crate::error::CliError;

pub(super) fn run(args: ExportArgs, ctx: &Ctx) -> Result<()> {
    let (_, client) = ctx.client()?;
    let mut hooks = block_on(client.list_webhooks(None))?;
    if !args.names.is_empty() {
        let mut picked = Vec::new();
        let mut missing = Vec::new();
        for wanted in &args.names {
            // An id-shaped argument is an id only, as `show` and `delete` take it.
            let found = if crate::domain::looks_like_id(wanted) {
                hooks.iter().find(|w| &w.id == wanted)
            } else {
                hooks
                    .iter()
                    .find(|w| name_key(&w.name) == name_key(wanted))
                    .or_else(|| hooks.iter().find(|w| &w.id == wanted))
            };
            match found {
                Some(w)
                    if !picked
                        .iter()
                        .any(|p: &crate::api::model::Webhook| p.id == w.id) =>
                {
                    picked.push(w.clone())
                }
                Some(_) => {}
                None => missing.push(wanted.as_str()),
            }
        }
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(
                CliError::failed(format!("no webhook named {list} (nor with that id)"))
                    .with_hint("`oomhook list` shows the webhooks")
                    .into(),
            );
        }
        hooks = picked;
    } else {
        hooks.sort_by_key(|w| name_key(&w.name));
    }
    let (doc, warnings) = export::document(&hooks, &ctx.registry());
    for w in &warnings {
        ctx.out.warn(w);
    }
    // JSON is YAML too: `-o json` gives the same document, which apply reads as well.
    if ctx.out.format_explicit && ctx.out.format == OutputFormat::Json {
        return ctx.out.json(&doc);
    }
    ctx.out.raw(export::to_yaml(&doc)?.as_bytes())
}
