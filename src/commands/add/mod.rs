//! `add`: create a webhook from a vendor preset. Values come from flags; on a terminal the
//! wizard asks for what is missing; without one a missing value is an error naming its flag.

mod wizard;

use anyhow::Result;

use super::shared::{WithSecret, check_name, check_secret, read_body, read_secret};
use super::{Ctx, block_on, body_check};
use crate::api::Client;
use crate::api::client::PlannedRequest;
use crate::api::model::{Webhook, WebhookCreate, paths};
use crate::cli::AddArgs;
use crate::domain::{OomnitzaEvent, SecretType};
use crate::env_vars;
use crate::error::CliError;
use crate::preset::{Preset, Registry, check_sync_keys, secret_type_name};
use crate::secrets::{self, Secret};

/// A webhook being put together, before it is sent.
#[derive(Debug, Default)]
pub(super) struct AddDraft {
    pub preset: Option<Preset>,
    pub name: Option<String>,
    pub secret_type: Option<SecretType>,
    pub secret: Option<Secret>,
    /// The secret was generated here (print it once).
    pub generated: bool,
    pub event: Option<OomnitzaEvent>,
    /// A body replacing the preset's.
    pub body: Option<String>,
    /// The file the body came from (`--body-file`), for messages.
    pub body_file: Option<std::path::PathBuf>,
    /// Sync keys replacing the preset's (empty: the preset's).
    pub sync_keys: Vec<String>,
    pub enabled: bool,
    /// Store the body even if it fails against a sample (`--skip-body-check`, or a "yes"
    /// to the wizard after it showed the failure).
    pub skip_body_check: bool,
}

impl AddDraft {
    /// Reads what the flags give.
    pub(super) fn from_args(args: &AddArgs, reg: &Registry) -> Result<Self> {
        let preset = args.preset.as_deref().map(|id| reg.get(id)).transpose()?;
        let f = &args.fields;
        let secret = read_secret(&f.secret, "webhook secret")?;
        let (secret, generated) = match (secret, f.generate_secret) {
            (_, true) => (Some(secrets::generate_header_secret()), true),
            (s, false) => (s, false),
        };
        Ok(Self {
            preset,
            name: args.name.clone(),
            secret_type: f.secret_type,
            secret,
            generated,
            event: f.event,
            body: read_body(f)?,
            body_file: f.body_file.clone(),
            sync_keys: f.sync_keys.clone(),
            enabled: !f.disabled,
            skip_body_check: f.skip_body_check,
        })
    }

    /// The body's failure against the preset's samples, if it is not the preset's own and
    /// fails.
    pub(super) fn body_failure(&self, reg: &Registry) -> Option<body_check::Failure> {
        let preset = self.preset.as_ref()?;
        let body = self.body.as_deref().filter(|b| *b != preset.body)?;
        let name = match &self.body_file {
            Some(p) => p.display().to_string(),
            None => "edited body".to_string(),
        };
        body_check::check(reg, preset, &name, body, self.event.unwrap_or(preset.event))
    }

    /// The request, or an error naming the flag of the first missing or invalid value.
    pub(super) fn finish(&self) -> Result<WebhookCreate> {
        let preset = self
            .preset
            .as_ref()
            .ok_or_else(|| CliError::missing_flag("a vendor preset", "--preset PRESET"))?;
        let name = self
            .name
            .clone()
            .ok_or_else(|| CliError::missing_flag("a webhook name", "--name NAME"))?;
        check_name(&name)?;
        let secret_type = self.secret_type.unwrap_or(preset.secret_type);
        preset.require_scheme(secret_type)?;
        let secret = self.secret.clone().ok_or_else(|| {
            let gen_hint = if secret_type == SecretType::Header { ", or --generate-secret" } else { "" };
            CliError::usage(format!(
                "a {} secret is required: pass --secret-stdin or --secret-file FILE{gen_hint} (or set {})",
                secret_type_name(secret_type),
                env_vars::OOMHOOK_SECRET
            ))
        })?;
        check_secret(&secret)?;
        if let Some(event) = self.event {
            crate::domain::check_event_fits(preset.event, event)
                .map_err(|e| CliError::usage(format!("--event: {e}")))?;
        }
        if !self.sync_keys.is_empty() {
            check_sync_keys(&self.sync_keys)
                .map_err(|e| CliError::usage(format!("--sync-key: {e}")))?;
        }
        Ok(WebhookCreate {
            name,
            preset: preset.id.clone(),
            secret_type: Some(secret_type),
            secret: Some(secret),
            event: Some(self.event.unwrap_or(preset.event)),
            body: Some(self.body.clone().unwrap_or_else(|| preset.body.clone())),
            sync_keys: Some(if self.sync_keys.is_empty() {
                preset.sync_keys.clone()
            } else {
                self.sync_keys.clone()
            }),
            enabled: Some(self.enabled),
        })
    }
}

pub(super) fn run(args: AddArgs, ctx: &Ctx) -> Result<()> {
    let reg = ctx.registry();
    let mut draft = AddDraft::from_args(&args, &reg)?;
    let settings = ctx.settings()?;
    let client = if args.fields.dry_run {
        None
    } else {
        Some(ctx.client()?.1)
    };
    if ctx.can_prompt() {
        wizard::complete(&mut draft, &reg, client.as_ref(), ctx, args.fields.yes)?;
    }
    let req = draft.finish()?;
    if let Some(fail) = draft.body_failure(&reg) {
        let preset = draft.preset.as_ref().expect("finish checked the preset");
        let file = draft.body_file.as_ref().map(|p| p.display().to_string());
        let refusal = fail.refusal(
            preset,
            file.as_deref().unwrap_or("the body"),
            file.as_deref(),
        );
        if !draft.skip_body_check {
            return Err(refusal.into());
        }
        ctx.out.warn(&format!(
            "{} (stored anyway: {})",
            refusal.message,
            body_check::SKIP_FLAG
        ));
    }
    let Some(client) = client else {
        let mut shown = req.clone();
        shown.secret = Some(Secret::redacted());
        let plan = PlannedRequest {
            method: "POST",
            url: format!("{}{}", settings.url.value, paths::WEBHOOKS),
            headers: vec![
                (paths::TOKEN_HEADER, crate::secrets::REDACTED.to_string()),
                ("Idempotency-Key", "<new uuid>".into()),
            ],
            body: &shown,
        };
        ctx.out.note("dry run: nothing was sent");
        return ctx.out.json(&plan);
    };
    let hook = block_on(create(&client, &req))?;
    report_created(
        ctx,
        &hook,
        draft.generated.then_some(req.secret.as_ref()).flatten(),
        draft.preset.as_ref(),
    )
}

async fn create(client: &Client, req: &WebhookCreate) -> Result<Webhook> {
    client.create(req).await
}

/// What `add` prints: the webhook URL, a generated secret once, and the vendor's steps.
pub(super) fn report_created(
    ctx: &Ctx,
    hook: &Webhook,
    generated: Option<&Secret>,
    preset: Option<&Preset>,
) -> Result<()> {
    ctx.out
        .success(&format!("Created webhook {:?} ({})", hook.name, hook.id));
    if ctx.out.is_table() {
        ctx.out.line(&format!("Webhook URL: {}", hook.url))?;
        if let Some(s) = generated {
            ctx.out.line(&format!(
                "Header secret (shown once, store it now): {}",
                s.expose()
            ))?;
        }
        if let Some(setup) = preset.and_then(|p| p.setup.as_deref()) {
            ctx.out.note("");
            ctx.out.note("Next, in the vendor:");
            for line in setup.trim_end().lines() {
                ctx.out.note(&format!("  {line}"));
            }
        }
        Ok(())
    } else {
        ctx.out.data(&WithSecret {
            webhook: hook,
            generated_secret: generated.map(Secret::expose),
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// Names near every edge of the rule: white space around, hidden characters, look-alikes,
    /// ids, and lengths around the limit.
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::string::string_regex(
                "[ a-zA-Z0-9_\\-\u{e9}\u{301}\u{200b}\u{202e}\t\n\u{ff41}\u{3000}]{0,8}"
            )
            .unwrap(),
            (120usize..=130).prop_map(|n| "n".repeat(n)),
            Just(uuid::Uuid::new_v4().to_string()),
            proptest::string::string_regex("[0-9]{1,6}").unwrap(),
            any::<String>(),
        ]
    }

    fn secret() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::string::string_regex("[ a-z0-9\t\u{e9}\u{3000}]{5,11}").unwrap(),
            (505usize..=520).prop_map(|n| "s".repeat(n)),
        ]
    }

    fn sync_keys() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(
            proptest::string::string_regex("[a-z_0-9\u{e9}]{0,3}").unwrap(),
            1..7,
        )
    }

    /// The client's verdict on each of name, secret and sync keys: what `add` sends, or the
    /// first error of `AddDraft::finish`, checked one field at a time.
    fn client_accepts(name: &str, secret: &str, keys: &[String]) -> (bool, bool, bool) {
        let preset = Registry::new(None).get("okta-user-created").unwrap();
        let ok = "okta-header-secret-0123456789";
        let draft = |n: &str, s: &str, k: &[String]| AddDraft {
            preset: Some(preset.clone()),
            name: Some(n.to_string()),
            secret: Some(Secret::new(s)),
            sync_keys: k.to_vec(),
            ..AddDraft::default()
        };
        let keys_ok = vec!["email".to_string()];
        (
            draft(name, ok, &keys_ok).finish().is_ok(),
            draft("okta", secret, &keys_ok).finish().is_ok(),
            draft("okta", ok, keys).finish().is_ok(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// One rule: the client accepts exactly the names, secrets and sync keys `serve` does.
        #[test]
        fn client_and_serve_accept_the_same_values(name in name(), secret in secret(), keys in sync_keys()) {
            let (name_ok, secret_ok, keys_ok) = client_accepts(&name, &secret, &keys);
            let refused = crate::server::refused_create_fields(&json!({
                "name": name, "preset": "okta-user-created", "secret": secret, "sync_keys": keys,
            }));
            prop_assert_eq!(name_ok, !refused.iter().any(|f| f == "name"), "name {:?}: {:?}", name, refused);
            prop_assert_eq!(secret_ok, !refused.iter().any(|f| f == "secret"), "secret {:?}: {:?}", secret, refused);
            prop_assert_eq!(keys_ok, !refused.iter().any(|f| f == "sync_keys"), "keys {:?}: {:?}", keys, refused);
            // And the one function says the same.
            prop_assert_eq!(name_ok, crate::domain::check_name(&name).is_ok());
            prop_assert_eq!(secret_ok, crate::domain::check_secret(&secret).is_ok());
            prop_assert_eq!(keys_ok, crate::domain::check_sync_keys(&keys).is_ok());
        }
    }
}
