//! `apply -f FILE`: make the server's webhooks match a YAML file.

use anyhow::Result;

use super::Ctx;
use crate::cli::ApplyArgs;

pub fn run(_args: ApplyArgs, _ctx: &Ctx) -> Result<()> {
    Err(crate::error::CliError::failed("apply is not built yet").into())
}
