//! `export [NAME...]`: the server's webhooks as an apply file.

use anyhow::Result;

use super::Ctx;
use crate::cli::ExportArgs;

pub fn run(_args: ExportArgs, _ctx: &Ctx) -> Result<()> {
    Err(crate::error::CliError::failed("export is not built yet").into())
}
