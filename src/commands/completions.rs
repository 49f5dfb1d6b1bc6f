//! `completions SHELL` and `man`.
//!
//! Completion scripts are static (checked in under `completions/`, a test keeps them equal to
//! what this prints); preset ids of the bundled presets are offered where the shell allows.

use anyhow::Result;
use clap::CommandFactory;
use clap::builder::PossibleValuesParser;

use crate::cli::{Cli, CompletionsArgs};
use crate::output::Output;
use crate::preset::Registry;

/// The clap command with bundled preset ids attached to every `PRESET` value, for completion.
pub fn command_with_preset_ids() -> clap::Command {
    let ids = Registry::new(None).ids().unwrap_or_default();
    let with_ids = |a: clap::Arg| {
        a.value_parser(PossibleValuesParser::new(ids.clone()))
            .hide_possible_values(true)
    };
    Cli::command()
        .mut_subcommand("preview", |c| c.mut_arg("preset", with_ids))
        .mut_subcommand("add", |c| c.mut_arg("preset", with_ids))
        .mut_subcommand("sign", |c| c.mut_arg("preset", with_ids))
        .mut_subcommand("verify", |c| c.mut_arg("preset", with_ids))
        .mut_subcommand("presets", |c| {
            c.mut_subcommand("show", |s| s.mut_arg("preset", with_ids))
        })
}

/// The completion script for a shell.
pub fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = command_with_preset_ids();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "oomhook", &mut buf);
    buf
}

pub fn completions(args: CompletionsArgs, out: &Output) -> Result<()> {
    out.raw(&script(args.shell))
}

pub fn man(out: &Output) -> Result<()> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    out.raw(&buf)
}
