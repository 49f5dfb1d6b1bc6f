//! `validate [PATH]`: check presets, for CI.

use anyhow::Result;

use crate::cli::ValidateArgs;
use crate::error::CliError;
use crate::output::{Output, Tabular, new_table};
use crate::preset::{Finding, Registry, validate_preset};

pub(super) fn run(args: ValidateArgs, reg: &Registry, out: &Output) -> Result<()> {
    let mut findings = Vec::new();
    let (presets, reg) = match &args.path {
        None => (reg.all()?, reg.clone()),
        Some(path) => {
            let mut presets = Vec::new();
            for (f, preset) in crate::preset::load_path(path)? {
                match preset {
                    Ok(p) => presets.push(p),
                    Err(e) => findings.push(Finding {
                        preset: f
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        location: f.display().to_string(),
                        message: format!("{e:#}"),
                    }),
                }
            }
            (presets, Registry::new(None))
        }
    };
    let checked = presets.len() + findings.len();
    for p in &presets {
        findings.extend(validate_preset(&reg, p));
    }
    if findings.is_empty() {
        out.success(&format!("{checked} presets checked: all valid"));
        if out.format_explicit && !out.is_table() {
            out.data(&findings)?;
        }
        return Ok(());
    }
    for f in &findings {
        if f.message.starts_with(&f.location) {
            out.error(&f.message, None);
        } else {
            out.error(&format!("{}: {}", f.location, f.message), None);
        }
    }
    if out.format_explicit && !out.is_table() {
        out.data(&findings)?;
    }
    Err(CliError::failed(format!(
        "{} problem(s) in {checked} presets",
        findings.len()
    ))
    .into())
}

impl Tabular for Vec<Finding> {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["PRESET", "WHERE", "PROBLEM"]);
        for f in self {
            t.add_row([f.preset.clone(), f.location.clone(), f.message.clone()]);
        }
        t
    }
}
