//! `oomhook serve`: the local Oomnitza-compatible server.

use crate::cli::ServeArgs;
use crate::output::Output;
use crate::preset::Registry;

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(_args: ServeArgs, _registry: Registry, _out: &Output) -> anyhow::Result<()> {
    Err(crate::error::CliError::failed("serve is not built yet").into())
}
