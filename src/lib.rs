//! oomhook: manage Oomnitza webhooks from a terminal and from scripts.
//!
//! The flow of every run: parse (`cli`), then dispatch to one command (`commands`), which
//! resolves what it needs (settings, presets, the API client) and writes through `output`.
//! Errors are classified once, here, into an exit code and a hint (`error`).

pub(crate) mod api;
pub(crate) mod apply;
pub mod body;
pub mod cli;
pub(crate) mod commands;
pub mod domain;
pub(crate) mod env_vars;
pub(crate) mod error;
pub(crate) mod keystore;
pub(crate) mod output;
pub mod preset;
pub(crate) mod prompt;
pub(crate) mod secrets;
pub mod server;
pub(crate) mod settings;
pub mod signature;
pub mod template;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;
use crate::output::Output;

/// Runs oomhook with these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let out = Output::new(&cli.global);
    match commands::dispatch(cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => report(&err, &out),
    }
}

/// Prints an error with its hint and picks the exit code.
fn report(err: &anyhow::Error, out: &Output) -> ExitCode {
    let c = error::classify(err);
    if !c.quiet {
        if let Some(d) = &c.detail {
            out.debug(1, &format!("under the error: {d}"));
        }
        out.error(&format!("{err:#}"), c.hint.as_deref());
    }
    ExitCode::from(c.code)
}
