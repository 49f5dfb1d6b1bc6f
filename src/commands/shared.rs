//! Helpers more than one command uses: reading a secret or a body from the flags, the checks
//! on a webhook's name and secret, and the output of a webhook with a secret just generated.
//! Commands take these from here, never from one another.

use anyhow::{Context, Result};
use serde::Serialize;

use crate::api::model::Webhook;
use crate::cli::{SecretSource, WebhookFields};
use crate::env_vars;
use crate::error::CliError;
use crate::secrets::{self, Secret};
use crate::template::{Engine, Undefined};

/// A secret from `--secret-stdin`, `--secret-file` or `OOMHOOK_SECRET`.
pub(super) fn read_secret(src: &SecretSource, what: &str) -> Result<Option<Secret>> {
    if src.secret_stdin {
        return secrets::read_stdin(what).map(Some);
    }
    if let Some(path) = &src.secret_file {
        return secrets::read_file(path, what).map(Some);
    }
    Ok(std::env::var(env_vars::OOMHOOK_SECRET)
        .ok()
        .filter(|s| !s.is_empty())
        .map(Secret::new))
}

/// The body from `--body-file`, checked to compile.
pub(super) fn read_body(f: &WebhookFields) -> Result<Option<String>> {
    let Some(path) = &f.body_file else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading body {}", path.display()))?;
    Engine::new(&path.display().to_string(), &text, Undefined::Lenient)?;
    Ok(Some(text))
}

/// A name `serve` accepts (the domain module's rule).
pub(super) fn check_name(name: &str) -> Result<()> {
    crate::domain::check_name(name)
        .map_err(|why| CliError::usage(format!("--name {name:?}: {why}")).into())
}

/// A secret `serve` accepts (the domain module's rule).
pub(super) fn check_secret(secret: &Secret) -> Result<()> {
    crate::domain::check_secret(secret.expose()).map_err(|why| CliError::usage(why).into())
}

/// A webhook and the header secret just generated for it, for json/yaml output: the one
/// place that secret is ever shown (as `generated_secret`).
#[derive(Serialize)]
pub(crate) struct WithSecret<'a> {
    #[serde(flatten)]
    pub webhook: &'a Webhook,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_secret: Option<&'a str>,
}

impl crate::output::Tabular for WithSecret<'_> {
    fn table(&self) -> comfy_table::Table {
        super::webhooks::Shown(self.webhook.clone()).table()
    }
}
