//! `update NAME|ID`: change fields of a webhook. A body that changes (or a body that stays
//! while the preset changes) is checked against the preset's samples first; `--dry-run`
//! reads the webhook and shows what would change, the body as a diff.

use anyhow::Result;

use super::shared::{WithSecret, check_name, check_secret, read_body, read_secret};
use super::webhooks::Shown;
use super::{Ctx, block_on, body_check};
use crate::api::model::Webhook;
use crate::api::model::WebhookPatch;
use crate::apply::diff;
use crate::cli::{OutputFormat, UpdateArgs};
use crate::error::CliError;
use crate::preset::check_sync_keys;
use crate::preset::{event_name, secret_type_name};
use crate::secrets;

pub(super) fn run(args: UpdateArgs, ctx: &Ctx) -> Result<()> {
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
    let (_, client) = ctx.client()?;
    let current = block_on(client.find(&args.webhook))?;
    let body_name = f.body_file.as_ref().map(|p| p.display().to_string());
    check_body(
        ctx,
        &patch,
        &current,
        body_name.as_deref(),
        f.skip_body_check,
    )?;
    if f.dry_run {
        let mut shown = patch.clone();
        if shown.secret.is_some() {
            shown.secret = Some(secrets::Secret::redacted());
        }
        ctx.out.note("dry run: nothing was sent");
        if ctx.out.is_table() {
            return ctx
                .out
                .raw(plan_text(&current, &shown, args.if_version).as_bytes());
        }
        let plan = serde_json::json!({
            "method": "PATCH", "webhook": args.webhook, "id": current.id, "if_match": args.if_version, "body": shown,
        });
        return match ctx.out.format {
            OutputFormat::Yaml => ctx.out.yaml(&plan),
            _ => ctx.out.json(&plan),
        };
    }
    let hook = block_on(client.patch(&current.id, &patch, args.if_version)).map_err(|e| {
        match e.downcast::<CliError>() {
            // The usual hint names `update`, which is what is running.
            Ok(c) if c.status == Some(409) => c
                .with_hint("webhook names are unique, ignoring case: pick another --name")
                .into(),
            Ok(c) => c.into(),
            Err(e) => e,
        }
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

/// Refuses (or, with `--skip-body-check`, warns about) a body the patch sets, or keeps under a
/// new preset, that fails to render against one of the preset's samples.
fn check_body(
    ctx: &Ctx,
    patch: &WebhookPatch,
    current: &Webhook,
    body_file: Option<&str>,
    skip: bool,
) -> Result<()> {
    if patch.body.is_none() && patch.preset.as_ref().is_none_or(|p| *p == current.preset) {
        return Ok(());
    }
    let reg = ctx.registry();
    let preset = reg.get(patch.preset.as_deref().unwrap_or(&current.preset))?;
    let body = patch.body.as_deref().unwrap_or(&current.body);
    if body == preset.body {
        return Ok(());
    }
    let name = body_file.unwrap_or("body");
    let event = patch.event.unwrap_or(current.event);
    let Some(fail) = body_check::check(&reg, &preset, name, body, event) else {
        return Ok(());
    };
    let what = if let Some(file) = body_file {
        file.to_string()
    } else if patch.body.is_some() {
        "the new body".to_string()
    } else {
        format!("the body of webhook {}", current.name)
    };
    let refusal = fail.refusal(&preset, &what, body_file);
    if skip {
        ctx.out.warn(&format!(
            "{} (stored anyway: {})",
            refusal.message,
            body_check::SKIP_FLAG
        ));
        return Ok(());
    }
    Err(refusal.into())
}

/// What `update --dry-run` shows on a terminal: each field that would change, from and to,
/// and the body as a line diff. The secret only as "[redacted]".
fn plan_text(current: &Webhook, patch: &WebhookPatch, if_version: Option<u64>) -> String {
    let mut out = format!(
        "PATCH webhook {:?} ({}, version {}){}\n",
        current.name,
        current.id,
        current.version,
        if_version.map_or(String::new(), |v| format!(", only at version {v}"))
    );
    let field = |name: &str, from: String, to: String| {
        if from == to {
            format!("  {name}: {to} (unchanged)\n")
        } else {
            format!("  {name}: {from} -> {to}\n")
        }
    };
    if let Some(n) = &patch.name {
        out.push_str(&field("name", current.name.clone(), n.clone()));
    }
    if let Some(p) = &patch.preset {
        out.push_str(&field("preset", current.preset.clone(), p.clone()));
    }
    if let Some(t) = patch.secret_type {
        out.push_str(&field(
            "secret type",
            secret_type_name(current.secret_type).to_string(),
            secret_type_name(t).to_string(),
        ));
    }
    if patch.secret.is_some() {
        out.push_str(&format!("  secret: {}\n", secrets::REDACTED));
    }
    if let Some(e) = patch.event {
        out.push_str(&field(
            "event",
            event_name(current.event).to_string(),
            event_name(e).to_string(),
        ));
    }
    if let Some(k) = &patch.sync_keys {
        out.push_str(&field(
            "sync keys",
            current.sync_keys.join(", "),
            k.join(", "),
        ));
    }
    if let Some(e) = patch.enabled {
        out.push_str(&field(
            "enabled",
            current.enabled.to_string(),
            e.to_string(),
        ));
    }
    if let Some(b) = &patch.body {
        if *b == current.body {
            out.push_str("  body: (unchanged)\n");
        } else {
            out.push_str("  body:\n");
            for line in diff::unified(&current.body, b, diff::CONTEXT) {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    out
}
