//! The one output channel: data to stdout (table, json or yaml), everything else to stderr.
//!
//! Every write of the program goes through [`Output`], so `-o json | jq` stays clean and `-q`
//! silences notes everywhere at once.

mod table;

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

pub(crate) use table::{Tabular, new_table, no_wrap};

use crate::cli::{ColorChoice, GlobalArgs, OutputFormat};
use crate::env_vars;

/// Where and how to write.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: OutputFormat,
    /// Whether the format was asked for (as opposed to the terminal default).
    pub format_explicit: bool,
    pub color: bool,
    pub quiet: bool,
    pub verbose: u8,
    pub stdout_tty: bool,
}

impl Output {
    /// From the global options and the terminal.
    pub fn new(global: &GlobalArgs) -> Self {
        let stdout_tty = io::stdout().is_terminal();
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os(env_vars::NO_COLOR).is_none_or(|v| v.is_empty())
                    && io::stderr().is_terminal()
            }
        };
        let format = global.output.unwrap_or(if stdout_tty {
            OutputFormat::Table
        } else {
            OutputFormat::Json
        });
        Self {
            format,
            format_explicit: global.output.is_some(),
            color,
            quiet: global.quiet,
            verbose: global.verbose,
            stdout_tty,
        }
    }

    /// Data in the chosen format.
    pub fn data<T: Serialize + Tabular + ?Sized>(&self, value: &T) -> anyhow::Result<()> {
        match self.format {
            OutputFormat::Table => {
                let mut t = value.table();
                if !self.stdout_tty {
                    t.force_no_tty();
                }
                self.line(&t.to_string())
            }
            OutputFormat::Json => self.json(value),
            OutputFormat::Yaml => self.yaml(value),
        }
    }

    /// Pretty JSON on stdout.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> anyhow::Result<()> {
        let mut s = serde_json::to_string_pretty(value)?;
        s.push('\n');
        self.raw(s.as_bytes())
    }

    /// YAML on stdout.
    pub fn yaml<T: Serialize + ?Sized>(&self, value: &T) -> anyhow::Result<()> {
        let s = serde_yaml_ng::to_string(value)?;
        self.raw(s.as_bytes())
    }

    /// Bytes on stdout, exactly.
    pub fn raw(&self, bytes: &[u8]) -> anyhow::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        Ok(())
    }

    /// A line of data on stdout.
    pub fn line(&self, text: &str) -> anyhow::Result<()> {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(())
    }

    /// A note for people on stderr (silenced by -q).
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprint_line(text);
        }
    }

    /// A success note, marked when colour is on.
    pub fn success(&self, text: &str) {
        if !self.quiet {
            if self.color {
                eprint_line(&format!("{} {text}", console::style("✓").green()));
            } else {
                eprint_line(text);
            }
        }
    }

    /// A warning on stderr (shown even with -q).
    pub fn warn(&self, text: &str) {
        let label = if self.color {
            console::style("warning:").yellow().bold().to_string()
        } else {
            "warning:".into()
        };
        eprint_line(&format!("{label} {text}"));
    }

    /// Whether detail of this level (-v: 1, -vv: 2) is shown.
    pub fn shows(&self, level: u8) -> bool {
        self.verbose >= level
    }

    /// Detail shown with -v (level 1) or -vv (level 2).
    pub fn debug(&self, level: u8, text: &str) {
        if self.verbose >= level {
            // A URL given with credentials (OOMNITZA_URL=http://user:pass@host) keeps them.
            let text = crate::secrets::redact_url_passwords(text);
            eprint_line(&format!("debug: {text}"));
        }
    }

    /// An error and an optional hint, on stderr.
    pub fn error(&self, text: &str, hint: Option<&str>) {
        let label = if self.color {
            console::style("error:").red().bold().to_string()
        } else {
            "error:".into()
        };
        eprint_line(&format!("{label} {text}"));
        if let Some(h) = hint {
            let label = if self.color {
                console::style("hint:").cyan().to_string()
            } else {
                "hint:".into()
            };
            eprint_line(&format!("{label} {h}"));
        }
    }

    /// Whether table output (for people) is in use.
    pub fn is_table(&self) -> bool {
        self.format == OutputFormat::Table
    }
}

/// One line on stderr; a closed stderr is ignored.
pub(crate) fn eprint_line(text: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.write_all(b"\n");
}
