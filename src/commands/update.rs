//! `update NAME|ID`: change fields of a webhook.

use anyhow::Result;

use super::add::{WithSecret, check_name, check_secret, read_body, read_secret};
use super::webhooks::Shown;
use super::{Ctx, block_on};
use crate::api::model::WebhookPatch;
use crate::cli::UpdateArgs;
use crate::error::CliError;
use crate::preset::check_sync_keys;
use crate::secrets;

pub fn run(args: UpdateArgs, ctx: &Ctx) -> Result<()> {
    let f = &args.fields;
    let mut patch = WebhookPatch {
        name: args.name.clone(),
        preset: args.preset.clone(),
        secret_type: f.secret_type,
        secret: read_secret(&f.secret, "webhook secret")?,
        event: f.event,
        body: read_body(f)?,
        sync_keys: (!f.sync_keys.is_empty()).then(|| f.sync_keys.clone()),
        enabled: if args.enabled {
            Some(true)
        } else if f.disabled {
            Some(false)
        } else {
            None
        },
    };
    let generated = f.generate_secret.then(secrets::generate_header_secret);
    if let Some(g) = &generated {
        patch.secret = Some(g.clone());
    }
    if let Some(n) = &patch.name {
        check_name(n)?;
    }
    if let Some(s) = &patch.secret {
        check_secret(s)?;
    }
    if let Some(k) = &patch.sync_keys {
        check_sync_keys(k).map_err(|e| CliError::usage(format!("--sync-key: {e}")))?;
    }
    if let Some(p) = &patch.preset {
        ctx.registry().get(p)?;
    }
    if patch.is_empty() {
        return Err(CliError::usage("nothing to change")
            .with_hint("pass the fields to change, e.g. --event, --sync-key, --body-file, --secret-file, --disabled")
            .into());
    }
    if f.dry_run {
        let mut shown = patch.clone();
        if shown.secret.is_some() {
            shown.secret = Some(secrets::Secret::redacted());
        }
        ctx.out.note("dry run: nothing was sent");
        return ctx.out.json(&serde_json::json!({
            "method": "PATCH", "webhook": args.webhook, "if_match": args.if_version, "body": shown,
        }));
    }
    let (_, client) = ctx.client()?;
    let hook = block_on(async {
        let hook = client.find(&args.webhook).await?;
        client.patch(&hook.id, &patch, args.if_version).await
    })?;
    ctx.out.success(&format!(
        "Updated webhook {:?} (version {})",
        hook.name, hook.version
    ));
    if !ctx.out.is_table() {
        // json/yaml stay one document: the generated secret is a field of it.
        return ctx.out.data(&WithSecret {
            webhook: &hook,
            generated_secret: generated.as_ref().map(secrets::Secret::expose),
        });
    }
    if let Some(g) = &generated {
        ctx.out.line(&format!(
            "Header secret (shown once, store it now): {}",
            g.expose()
        ))?;
    }
    ctx.out.data(&Shown(hook))
}
