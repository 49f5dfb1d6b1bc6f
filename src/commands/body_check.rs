//! A webhook body checked against every sample payload of its preset before it is stored.
//!
//! The server stores any body that compiles; one that fails to render would fail only when the
//! vendor sends, as a 422 in the delivery log. So `add`, `update`, `apply` and the wizard
//! render a body they set as the delivery pipeline does (undefined values empty, their
//! attributes an error) against each sample, and refuse one that fails unless
//! `--skip-body-check` is given.

use crate::body;
use crate::domain::OomnitzaEvent;
use crate::error::CliError;
use crate::preset::{Preset, Registry, batch, event_name};
use crate::template::{Engine, Undefined};

/// The flag that stores a body even though it fails against a sample.
pub(crate) const SKIP_FLAG: &str = "--skip-body-check";

/// Why a body fails against a sample.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    /// The sample's name.
    pub sample: String,
    /// The item of a batch sample it fails on.
    pub item: Option<usize>,
    /// What went wrong: a template error with its source line and caret, or what the
    /// rendered text is not.
    pub error: String,
}

impl Failure {
    /// The failure as a refusal: the error, the caret, and what to do. `file` is the body's
    /// file, when it has one.
    pub(crate) fn refusal(&self, preset: &Preset, body_name: &str, file: Option<&str>) -> CliError {
        let template = file.unwrap_or("FILE");
        let item = self
            .item
            .map(|i| format!(" (item {i})"))
            .unwrap_or_default();
        CliError::failed(format!(
            "the body does not render against sample {:?}{item} of {}, so every delivery like it would be refused (422):\n{}",
            self.sample, preset.id, self.error
        ))
        .with_hint(format!(
            "fix {body_name} (`oomhook preview {} --template {template} --sample {}` shows it; `oomhook presets show {} --sample {}` prints the payload), or pass {SKIP_FLAG} to store it anyway",
            preset.id, self.sample, preset.id, self.sample
        ))
    }
}

/// Renders `body` against each sample of `preset` as a delivery of `event` would; the first
/// sample it fails on, if any. `name` is shown in the error's location (a file name, say).
pub(crate) fn check(
    reg: &Registry,
    preset: &Preset,
    name: &str,
    body_text: &str,
    event: OomnitzaEvent,
) -> Option<Failure> {
    let engine = match Engine::new(name, body_text, Undefined::Lenient) {
        Ok(e) => e,
        Err(e) => {
            return Some(Failure {
                sample: preset
                    .samples
                    .first()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                item: None,
                error: e.to_string(),
            });
        }
    };
    for s in &preset.samples {
        // A sample that cannot be read is the preset's problem (`oomhook validate`), not
        // the body's.
        let Ok(sample) = reg.sample(preset, Some(&s.name)) else {
            continue;
        };
        let Ok(payload) = body::parse_payload_value(&sample.text, &sample.path) else {
            continue;
        };
        // Each item `serve` would render, as it renders it (a batch sample has several).
        let Ok(items) =
            batch::handled_contexts(preset, &payload, &sample.headers, Some(event_name(event)))
        else {
            continue;
        };
        for (index, ctx) in items {
            let error = match engine.render(&ctx) {
                Err(e) => Some(e.to_string()),
                Ok(text) => body::check(&text, &[]).error,
            };
            if let Some(error) = error {
                return Some(Failure {
                    sample: s.name.clone(),
                    item: index,
                    error,
                });
            }
        }
    }
    None
}
