//! `login`, `logout`, `whoami`.

use anyhow::Result;
use serde::Serialize;

use super::{Ctx, block_on};
use crate::api::Client;
use crate::cli::LoginArgs;
use crate::error::{CliError, ExitKind};
use crate::keystore;
use crate::output::{Tabular, new_table};
use crate::secrets::{self, Secret};
use crate::settings::{Settings, Source, save_profile_url, write_private};

pub(super) fn login(args: LoginArgs, ctx: &Ctx) -> Result<()> {
    let settings = Settings::resolve_with(ctx.global, true)?;
    let token = if args.with_token {
        secrets::read_stdin("API token")?
    } else if ctx.can_prompt() {
        let t = crate::prompt::hidden(&format!("API token for {}", settings.url.value))?;
        Secret::new(t.trim().to_string())
    } else {
        return Err(CliError::missing_flag(
            "an API token",
            "--with-token (and the token on stdin)",
        )
        .into());
    };
    if token.expose().trim().is_empty() {
        return Err(CliError::usage("the API token is empty").into());
    }
    let client = Client::new(&settings.url.value, token.clone(), ctx.out)?
        .with_url_source(&settings.url.source);
    block_on(client.check_token()).map_err(|e| match e.downcast::<CliError>() {
        // `login` is what the usual hint says to run: say what to check instead.
        Ok(c) if c.kind == ExitKind::Auth => c
            .with_hint(format!(
                "check the token: it is the API token of {} (for `oomhook serve`, the one it printed, kept in its .token file)",
                settings.url.value
            ))
            .into(),
        Ok(c) => c.into(),
        Err(e) => e,
    })?;
    let profile = &settings.profile.value;
    // The URL is kept with the profile, so a new shell reaches the same server.
    let url_saved = if matches!(settings.url.source, Source::ConfigFile(_)) {
        None
    } else {
        save_profile_url(&settings.config_path.value, profile, &settings.url.value)?;
        Some(settings.config_path.value.display().to_string())
    };
    match keystore::set(profile, &token) {
        Ok(()) => {
            ctx.out.success(&format!(
                "Logged in to {} (profile {profile}); token saved in the OS keyring",
                settings.url.value
            ));
        }
        Err(why) => {
            write_private(&settings.token_file.value, &format!("{}\n", token.expose()))?;
            ctx.out.warn(&format!(
                "the OS keyring is not available ({why}); the token was saved to {} (readable by you only)",
                settings.token_file.value.display()
            ));
            ctx.out.success(&format!(
                "Logged in to {} (profile {profile})",
                settings.url.value
            ));
        }
    }
    if let Some(path) = url_saved {
        ctx.out.note(&format!(
            "The URL is kept in profile {profile} of {path}: later commands use it without --url or OOMNITZA_URL"
        ));
    }
    Ok(())
}

pub(super) fn logout(ctx: &Ctx) -> Result<()> {
    let settings = ctx.settings()?;
    let profile = &settings.profile.value;
    let mut removed = Vec::new();
    match keystore::delete(profile) {
        Ok(true) => removed.push("the OS keyring entry".to_string()),
        Ok(false) => {}
        Err(why) => ctx
            .out
            .warn(&format!("could not reach the OS keyring: {why}")),
    }
    if settings.token_file.source == crate::settings::Source::Default
        && settings.token_file.value.is_file()
    {
        std::fs::remove_file(&settings.token_file.value)?;
        removed.push(format!(
            "the token file {}",
            settings.token_file.value.display()
        ));
    }
    if removed.is_empty() {
        ctx.out
            .note(&format!("no stored token for profile {profile}"));
    } else {
        ctx.out.success(&format!(
            "Logged out of profile {profile}: removed {}",
            removed.join(" and ")
        ));
    }
    if std::env::var(crate::env_vars::OOMNITZA_TOKEN).is_ok() {
        ctx.out
            .warn("OOMNITZA_TOKEN is still set in the environment");
    }
    Ok(())
}

#[derive(Serialize)]
struct WhoAmI {
    server: String,
    server_source: String,
    profile: String,
    profile_source: String,
    token_source: Option<String>,
    token_accepted: Option<bool>,
    problem: Option<String>,
    /// The table's short status when something failed (the error itself follows on stderr,
    /// once).
    #[serde(skip)]
    state: Option<&'static str>,
}

impl Tabular for WhoAmI {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["FIELD", "VALUE"]);
        t.add_row([
            "server",
            &format!("{} ({})", self.server, self.server_source),
        ]);
        t.add_row([
            "profile",
            &format!("{} ({})", self.profile, self.profile_source),
        ]);
        t.add_row(["token", self.token_source.as_deref().unwrap_or("none")]);
        let state = match (self.token_accepted, &self.problem) {
            (Some(true), _) => "accepted by the server".to_string(),
            (_, Some(_)) => self.state.unwrap_or("failed").to_string(),
            _ => "not checked".to_string(),
        };
        t.add_row(["status", &state]);
        t
    }
}

pub(super) fn whoami(ctx: &Ctx) -> Result<()> {
    let settings = ctx.settings()?;
    let mut me = WhoAmI {
        server: settings.url.value.clone(),
        server_source: settings.url.source.to_string(),
        profile: settings.profile.value.clone(),
        profile_source: settings.profile.source.to_string(),
        token_source: None,
        token_accepted: None,
        problem: None,
        state: None,
    };
    let outcome = match settings.token() {
        Ok(tok) => {
            me.token_source = Some(tok.source.to_string());
            let client = Client::new(&settings.url.value, tok.value, ctx.out)?
                .with_url_source(&settings.url.source);
            block_on(client.check_token()).map(|_| ())
        }
        Err(e) => Err(e),
    };
    let failure = match outcome {
        Ok(()) => {
            me.token_accepted = Some(true);
            None
        }
        Err(e) => {
            me.token_accepted = Some(false);
            me.problem = Some(format!("{e:#}"));
            me.state = Some(match crate::error::classify(&e).code {
                3 => "not checked: the server could not be reached (see the error below)",
                4 => "no token, or not accepted (see the error below)",
                _ => "failed (see the error below)",
            });
            Some(e)
        }
    };
    ctx.out.data(&me)?;
    match failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
