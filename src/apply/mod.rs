//! Declarative webhooks: `apply -f FILE` and `export`.
//!
//! The flow: [`file`] parses and checks the apply file (every problem, with the `FILE:LINE`
//! that `position` finds, before anything is sent) and fills omitted fields from the presets;
//! [`plan`] compares the result with the server's webhooks (create, update with field diffs,
//! unchanged, delete); [`exec`] sends the changes a few at a time and reports each outcome.
//! [`export`] goes the other way: the server's webhooks as an apply file that applies as a
//! no-op.
//!
//! Secrets are never compared, shown or exported. One is sent when its webhook is created, and
//! to an existing webhook only with `--rotate-secrets` (all, or the webhooks named): there is
//! no state kept anywhere, and applying the same file twice changes nothing.

pub(crate) mod diff;
pub(crate) mod exec;
pub(crate) mod export;
pub(crate) mod file;
pub(crate) mod plan;
mod position;

use std::collections::HashMap;

pub(crate) use file::{Desired, Problem, SecretRef};
pub(crate) use plan::{Action, Plan};

use crate::preset::{Preset, Registry, secret_type_name};
use crate::secrets::Secret;
use crate::signature::{SignError, SignInput, sign};

/// The secrets a plan sends (creates and rotations), by index of the file's webhook, read now
/// so that a missing or unusable one stops the run before anything is sent. Each is checked
/// as the server checks it: 8 to 512 characters, and usable by the preset's scheme (a Standard
/// Webhooks secret must be `whsec_` and base64, say).
pub(crate) fn read_secrets(
    plan: &Plan,
    desired: &[Desired],
    registry: &Registry,
) -> Result<HashMap<usize, Secret>, Vec<Problem>> {
    let mut secrets = HashMap::new();
    let mut problems = Vec::new();
    let mut presets: HashMap<&str, Option<Preset>> = HashMap::new();
    for e in plan.entries.iter().filter(|e| e.sends_secret) {
        let Some(i) = e.desired else { continue };
        let d = &desired[i];
        let why = if e.action == Action::Create {
            "it is created"
        } else {
            "--rotate-secrets sends it"
        };
        let read = match &d.secret {
            SecretRef::None => Err(Problem {
                at: d.at.clone(),
                message: format!(
                    "webhook {:?} needs a secret ({why}): give secret_env or secret_file",
                    d.name
                ),
                hint: None,
            }),
            source => file::read_secret(source)
                .and_then(|s| {
                    let preset = presets
                        .entry(d.preset.as_str())
                        .or_insert_with(|| registry.get(&d.preset).ok());
                    match preset {
                        Some(p) => usable(p, d, &s).map(|()| s),
                        None => Ok(s),
                    }
                })
                .map_err(|message| Problem {
                    at: d.secret_at.clone(),
                    message: format!("webhook {:?}: {message}", d.name),
                    hint: None,
                }),
        };
        match read {
            Ok(s) => {
                secrets.insert(i, s);
            }
            Err(p) => problems.push(p),
        }
    }
    if problems.is_empty() {
        Ok(secrets)
    } else {
        Err(problems)
    }
}

/// Whether the preset's scheme can sign with the secret (as the server checks on create).
fn usable(preset: &Preset, d: &Desired, secret: &Secret) -> Result<(), String> {
    let Some(scheme) = preset.scheme(d.secret_type) else {
        return Ok(());
    };
    let probe = SignInput {
        body: b"{}",
        timestamp: 1_767_225_600,
        id: Some("msg_probe"),
    };
    match sign(scheme, secret.expose().as_bytes(), &probe) {
        Err(SignError::BadSecret(why)) => Err(format!(
            "the secret cannot be used with a {} secret of {}: {why}",
            secret_type_name(d.secret_type),
            preset.vendor_name
        )),
        _ => Ok(()),
    }
}
