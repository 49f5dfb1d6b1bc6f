//! The interactive `add` wizard: asks, on a terminal, for what the flags left out.

use anyhow::Result;

use crate::api::Client;
use crate::commands::{AddDraft, Ctx};
use crate::preset::Registry;

/// Fills the missing values of a draft by asking.
pub fn complete(
    _draft: &mut AddDraft,
    _reg: &Registry,
    _client: Option<&Client>,
    _ctx: &Ctx,
    _yes: bool,
) -> Result<()> {
    Ok(())
}
