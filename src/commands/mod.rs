//! One module per command: each turns its arguments into calls on the domain modules and
//! writes the result through `Output`. No HTTP or template code lives here.

mod presets;
mod preview;
mod validate;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::output::Output;
use crate::preset::Registry;

/// Runs the command.
pub fn dispatch(cli: Cli, out: &Output) -> Result<()> {
    let global = cli.global;
    let registry = || Registry::new(global.presets_dir.clone().or_else(Registry::default_user_dir));
    match cli.command {
        Command::Presets(cmd) => presets::run(cmd, &registry(), out),
        Command::Preview(args) => preview::run(args, &registry(), out),
        Command::Validate(args) => validate::run(args, &registry(), out),
        Command::Serve(args) => crate::server::run(args, registry(), out),
        other => Err(crate::error::CliError::failed(format!("{other:?}: not available in this build")).into()),
    }
}
