//! The interactive `add` wizard: on a terminal, asks for what the flags left out, in the order
//! of Oomnitza's own "Add webhook" screen: vendor preset, unique name, secret type (when the
//! vendor supports two), secret, Oomnitza event, an optional edit of the body, sync keys. Then
//! it shows the body rendered against the preset's sample with the sync key it resolves, and
//! asks before anything is sent.
//!
//! When the flags already give the preset, the name and the secret, nothing else is asked: the
//! other values take the preset's defaults, as without a terminal, and only the preview and the
//! final confirmation (skipped with `--yes`) remain. A name that is taken on the server is
//! explained and asked again, whether it was typed or given with `--name`.
//!
//! A body that fails to render against one of the preset's samples (which every delivery like
//! it would then fail on) is shown with its error, and may be edited again, replaced by the
//! preset's, or kept on purpose (as `--skip-body-check` keeps it).
//!
//! Ctrl-C (or Esc where a prompt allows it) at any step ends the command with exit code 130
//! before anything was created.

use anyhow::Result;
use clap::ValueEnum;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Editor, FuzzySelect, Input, Password, Select};

use super::AddDraft;
use crate::api::Client;
use crate::api::model::Webhook;
use crate::body;
use crate::commands::{Ctx, block_on};
use crate::domain::{OomnitzaEvent, SecretType};
use crate::error::CliError;
use crate::output::Output;
use crate::preset::{Preset, Registry, check_sync_keys, event_name, secret_type_name};
use crate::prompt::{self, Answer, OptAnswer};
use crate::secrets::{self, Secret};
use crate::template::{Engine, Undefined};

/// Fills the missing values of a draft by asking, previews the body and confirms.
pub(super) fn complete(
    draft: &mut AddDraft,
    reg: &Registry,
    client: Option<&Client>,
    ctx: &Ctx,
    yes: bool,
) -> Result<()> {
    prompt::on_interrupt("cancelled: nothing was created");
    let w = Wizard {
        theme: prompt::theme(ctx.out.color),
        out: ctx.out,
        client,
    };
    let asking = draft.preset.is_none() || draft.name.is_none() || draft.secret.is_none();

    if draft.preset.is_none() {
        draft.preset = Some(w.preset(reg)?);
    }
    let preset = draft.preset.clone().expect("the preset was chosen above");
    if let Some(t) = draft.secret_type {
        preset.require_scheme(t)?;
    }
    w.name(draft)?;
    if asking {
        if draft.secret_type.is_none() && preset.secret_types().len() > 1 {
            draft.secret_type = Some(w.secret_type(&preset)?);
        }
        if draft.secret.is_none() {
            w.secret(draft, &preset)?;
        }
        if draft.event.is_none() {
            draft.event = Some(w.event(&preset)?);
        }
        if draft.body.is_none() {
            draft.body = w.body(&preset)?;
        }
        if draft.sync_keys.is_empty() {
            draft.sync_keys = w.sync_keys(&preset)?;
        }
    }
    w.preview(reg, draft, &preset);
    // A body that fails against a sample is not created by default: it may be edited again,
    // replaced by the preset's, or kept on purpose.
    while asking && !draft.skip_body_check {
        let Some(fail) = draft.body_failure(reg) else {
            break;
        };
        let choice = Select::with_theme(&w.theme)
            .with_prompt(format!(
                "The body fails to render against sample {:?}, so deliveries like it would be refused. What now?",
                fail.sample
            ))
            .items([
                "Edit the body again",
                "Use the preset's body",
                "Keep it anyway (--skip-body-check)",
            ])
            .default(0)
            .interact_opt()
            .answer_or_cancel()?;
        match choice {
            0 => {
                let current = draft.body.clone().unwrap_or_else(|| preset.body.clone());
                draft.body = w.edit_body(&current)?.filter(|b| *b != preset.body);
                draft.body_file = None;
            }
            1 => {
                draft.body = None;
                draft.body_file = None;
            }
            _ => draft.skip_body_check = true,
        }
        w.preview(reg, draft, &preset);
    }
    // What was asked is confirmed; a command line that gave every value (a script's) is not
    // asked again. A dry run sends nothing: there is nothing to confirm.
    if asking && client.is_some() && !yes {
        w.summary(draft, &preset);
        let go = Confirm::with_theme(&w.theme)
            .with_prompt("Create this webhook?")
            .default(true)
            .interact_opt()
            .answer_or_cancel()?;
        if !go {
            return Err(CliError::failed("cancelled: nothing was created").into());
        }
    }
    prompt::on_interrupt(
        "interrupted: the webhook may or may not have been created (`oomhook list` shows)",
    );
    Ok(())
}

struct Wizard<'a> {
    theme: ColorfulTheme,
    out: &'a Output,
    client: Option<&'a Client>,
}

impl Wizard<'_> {
    /// The vendor preset, from a fuzzy list of "id — title".
    fn preset(&self, reg: &Registry) -> Result<Preset> {
        let mut all = reg.all()?;
        if all.is_empty() {
            return Err(CliError::failed("there are no presets to choose from").into());
        }
        let items: Vec<String> = all
            .iter()
            .map(|p| format!("{} — {}", p.id, p.title))
            .collect();
        let i = FuzzySelect::with_theme(&self.theme)
            .with_prompt("Vendor preset (type to filter)")
            .items(&items)
            .default(0)
            .max_length(12)
            .interact_opt()
            .answer_or_cancel()?;
        Ok(all.swap_remove(i))
    }

    /// A unique name: the one given, else asked; asked again while it is taken.
    fn name(&self, draft: &mut AddDraft) -> Result<()> {
        let mut candidate = draft.name.take();
        loop {
            let name = match candidate.take() {
                Some(n) => match name_problem(&n) {
                    None => n,
                    Some(why) => {
                        self.out.warn(&format!("--name {n:?}: {why}"));
                        continue;
                    }
                },
                None => Input::<String>::with_theme(&self.theme)
                    .with_prompt("Webhook name (unique)")
                    .allow_empty(true)
                    .validate_with(|s: &String| name_problem(s.trim()).map_or(Ok(()), Err))
                    .interact_text()
                    .answer()?
                    .trim()
                    .to_string(),
            };
            match self.taken(&name)? {
                None => {
                    draft.name = Some(name);
                    return Ok(());
                }
                Some(hook) => self.out.warn(&format!(
                    "a webhook named {:?} already exists ({}); names are unique, whatever their case: choose another",
                    hook.name, hook.id
                )),
            }
        }
    }

    /// The webhook already using this name (case-insensitively), asking the server.
    fn taken(&self, name: &str) -> Result<Option<Webhook>> {
        let Some(client) = self.client else {
            return Ok(None);
        };
        let found = block_on(client.list_webhooks(Some(name)))?;
        let wanted = name.to_lowercase();
        Ok(found.into_iter().find(|w| w.name.to_lowercase() == wanted))
    }

    /// Header or HMAC, for vendors that support both; the preset's first.
    fn secret_type(&self, preset: &Preset) -> Result<SecretType> {
        let types = preset.secret_types();
        let items: Vec<String> = types
            .iter()
            .map(|t| format!("{} — {}", secret_type_name(*t), help_of(*t)))
            .collect();
        let i = Select::with_theme(&self.theme)
            .with_prompt(format!(
                "Secret type ({} supports both)",
                preset.vendor_name
            ))
            .items(&items)
            .default(0)
            .interact_opt()
            .answer_or_cancel()?;
        Ok(types[i])
    }

    /// The secret, hidden and typed twice; a header secret may be generated instead.
    fn secret(&self, draft: &mut AddDraft, preset: &Preset) -> Result<()> {
        let t = draft.secret_type.unwrap_or(preset.secret_type);
        let label = match t {
            SecretType::Header => {
                let choice = Select::with_theme(&self.theme)
                    .with_prompt("Header secret")
                    .items([
                        "Generate a strong secret (shown once, after the webhook is created)",
                        "Type or paste a secret",
                    ])
                    .default(0)
                    .interact_opt()
                    .answer_or_cancel()?;
                if choice == 0 {
                    draft.secret = Some(secrets::generate_header_secret());
                    draft.generated = true;
                    return Ok(());
                }
                "Header secret"
            }
            SecretType::Hmac => {
                self.out.note(&format!(
                    "The HMAC secret is the signing secret of the webhook in {}; it must match exactly.",
                    preset.vendor_name
                ));
                "HMAC secret"
            }
        };
        let typed = Password::with_theme(&self.theme)
            .with_prompt(format!("{label} (hidden)"))
            .with_confirmation("Repeat it", "the two entries differ: type it again")
            .validate_with(|s: &String| crate::domain::check_secret(s))
            .interact()
            .answer()?;
        draft.secret = Some(Secret::new(typed));
        draft.generated = false;
        Ok(())
    }

    /// The Oomnitza event, the preset's first.
    fn event(&self, preset: &Preset) -> Result<OomnitzaEvent> {
        let mut events = vec![preset.event];
        events.extend(
            OomnitzaEvent::value_variants()
                .iter()
                .copied()
                .filter(|e| *e != preset.event),
        );
        let items: Vec<String> = events
            .iter()
            .map(|e| format!("{} — {}", event_name(*e), help_of(*e)))
            .collect();
        let i = Select::with_theme(&self.theme)
            .with_prompt("Oomnitza event")
            .items(&items)
            .default(0)
            .interact_opt()
            .answer_or_cancel()?;
        Ok(events[i])
    }

    /// An edited body (None: the preset's). An edit that does not compile is shown and may be
    /// edited again.
    fn body(&self, preset: &Preset) -> Result<Option<String>> {
        let edit = Confirm::with_theme(&self.theme)
            .with_prompt("Edit the body?")
            .default(false)
            .interact_opt()
            .answer_or_cancel()?;
        if !edit {
            return Ok(None);
        }
        let edited = self.edit_body(&preset.body)?;
        Ok(edited.filter(|b| *b != preset.body))
    }

    /// `start` edited in the user's editor until it compiles: the new text, or None to keep
    /// the preset's body (`start` itself when the editor saved nothing).
    fn edit_body(&self, start: &str) -> Result<Option<String>> {
        let mut text = start.to_string();
        loop {
            let edited = prompt::with_editor(|| {
                Editor::new()
                    .extension(".jinja")
                    .trim_newlines(false)
                    .edit(&text)
            });
            let edited = edited.map_err(|e| {
                CliError::failed(format!("could not run the editor: {e}"))
                    .with_hint("set EDITOR (or VISUAL) to your editor")
            })?;
            let Some(new) = edited else {
                self.out.note("The body was not saved: it stays as it was.");
                return Ok(Some(text));
            };
            match Engine::new("edited body", &new, Undefined::Lenient) {
                Ok(_) => {
                    return Ok(Some(new));
                }
                Err(e) => {
                    self.out
                        .warn(&format!("the edited body does not compile:\n{e}"));
                    text = new;
                    let again = Confirm::with_theme(&self.theme)
                        .with_prompt("Edit it again? (no: keep the preset's body)")
                        .default(true)
                        .interact_opt()
                        .answer_or_cancel()?;
                    if !again {
                        return Ok(None);
                    }
                }
            }
        }
    }

    /// Sync keys, comma-separated, the preset's prefilled.
    fn sync_keys(&self, preset: &Preset) -> Result<Vec<String>> {
        let answer = Input::<String>::with_theme(&self.theme)
            .with_prompt("Sync keys (comma-separated; the first non-empty one picks the record)")
            .with_initial_text(preset.sync_keys.join(", "))
            .allow_empty(true)
            .validate_with(|s: &String| check_sync_keys(&split_keys(s)))
            .interact_text()
            .answer()?;
        Ok(split_keys(&answer))
    }

    /// The body rendered against the preset's first sample, and the sync key it resolves; on
    /// stderr. Problems are warnings: the server takes any body that compiles.
    fn preview(&self, reg: &Registry, draft: &AddDraft, preset: &Preset) {
        let body_text = draft.body.as_deref().unwrap_or(&preset.body);
        let event = draft.event.unwrap_or(preset.event);
        let keys = if draft.sync_keys.is_empty() {
            &preset.sync_keys
        } else {
            &draft.sync_keys
        };
        let sample = match reg.sample(preset, None) {
            Ok(s) => s,
            Err(e) => return self.out.warn(&format!("no preview: {e:#}")),
        };
        let rendered = body::parse_payload_value(&sample.text, &sample.path)
            .map_err(anyhow::Error::from)
            .and_then(|payload| {
                let tctx = crate::preset::batch::first_context(
                    preset,
                    &payload,
                    &sample.headers,
                    Some(event_name(event)),
                )
                .map_err(anyhow::Error::msg)?;
                let name = match (&draft.body, &draft.body_file) {
                    (Some(_), Some(file)) => file.display().to_string(),
                    (Some(_), None) => "edited body".to_string(),
                    (None, _) => format!("body of {}", preset.id),
                };
                Ok(Engine::new(&name, body_text, Undefined::Lenient)?
                    .render_with_warnings(&tctx)?)
            });
        self.out.note(&format!(
            "Preview: the body rendered against the sample {:?}:",
            sample.name
        ));
        let (rendered, warnings) = match rendered {
            Ok(r) => r,
            Err(e) => {
                return self.out.warn(&format!(
                    "the body does not render against the sample: {e:#}"
                ));
            }
        };
        let checked = body::check(&rendered, keys);
        match (&checked.error, &checked.fields) {
            (None, Some(fields)) => {
                self.out.note(
                    &serde_json::to_string_pretty(fields).unwrap_or_else(|_| rendered.clone()),
                );
            }
            (err, _) => {
                self.out.note(&rendered);
                self.out
                    .warn(err.as_deref().unwrap_or("the body is not a JSON object"));
            }
        }
        if let (Some(k), Some(v)) = (&checked.sync_key, &checked.sync_value) {
            self.out.note(&format!("sync key: {k} = {v:?}"));
        }
        for w in warnings.iter().chain(&checked.warnings) {
            self.out.warn(w);
        }
    }

    /// What is about to be created; the secret only as where it came from.
    fn summary(&self, draft: &AddDraft, preset: &Preset) {
        let t = draft.secret_type.unwrap_or(preset.secret_type);
        let secret = match (&draft.secret, draft.generated) {
            (Some(_), true) => "generated (shown once, after creation)",
            (Some(_), false) => "given",
            (None, _) => "missing",
        };
        let keys = if draft.sync_keys.is_empty() {
            &preset.sync_keys
        } else {
            &draft.sync_keys
        };
        let rows = [
            ("name", draft.name.clone().unwrap_or_default()),
            ("preset", format!("{} ({})", preset.id, preset.vendor_name)),
            ("secret", format!("{}, {secret}", secret_type_name(t))),
            (
                "event",
                event_name(draft.event.unwrap_or(preset.event)).to_string(),
            ),
            (
                "body",
                if draft.body.is_some() {
                    "edited".to_string()
                } else {
                    "the preset's".to_string()
                },
            ),
            ("sync keys", keys.join(", ")),
            (
                "enabled",
                if draft.enabled { "yes" } else { "no" }.to_string(),
            ),
        ];
        self.out.note("The webhook to create:");
        for (k, v) in rows {
            self.out.note(&format!("  {k:<10} {v}"));
        }
    }
}

/// Why a name cannot be used, if it cannot (the domain module's rule, shared with `serve`).
fn name_problem(name: &str) -> Option<String> {
    crate::domain::check_name(name).err()
}

/// "a, b ,c" -> [a, b, c]; empty pieces are dropped.
fn split_keys(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect()
}

/// The help text of a value (its doc comment in `cli.rs`).
fn help_of<T: ValueEnum>(v: T) -> String {
    v.to_possible_value()
        .and_then(|p| p.get_help().map(ToString::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_keys_split_on_commas_in_order() {
        assert_eq!(
            split_keys(" email, username ,,external_id "),
            ["email", "username", "external_id"]
        );
        assert!(split_keys(" , ").is_empty());
        assert!(check_sync_keys(&split_keys("email, 1bad")).is_err());
        assert!(check_sync_keys(&split_keys("")).is_err());
    }

    #[test]
    fn names_are_1_to_128_characters() {
        assert!(name_problem("okta deactivations").is_none());
        assert!(name_problem("").is_some());
        assert!(name_problem(&"x".repeat(129)).is_some());
        assert!(name_problem(&"é".repeat(128)).is_none());
        assert!(name_problem(" x").is_some());
    }

    #[test]
    fn values_carry_their_help() {
        assert!(help_of(OomnitzaEvent::UpdateUser).contains("Update"));
        assert!(help_of(SecretType::Hmac).contains("HMAC"));
    }
}
