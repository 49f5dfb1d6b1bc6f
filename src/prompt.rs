//! Whether a prompt may appear: only with a terminal on stdin and stderr and without
//! `--no-input`. Without one, a missing value is an error naming its flag: never a hang.

use std::io::IsTerminal;

use crate::cli::GlobalArgs;
use crate::env_vars;

/// True when prompts are allowed.
pub fn can_prompt(global: &GlobalArgs) -> bool {
    if global.no_input {
        return false;
    }
    if std::env::var(env_vars::OOMHOOK_FORCE_TTY).is_ok_and(|v| v == "1") {
        return true;
    }
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks a yes/no question on the terminal (default no).
pub fn confirm(question: &str) -> anyhow::Result<bool> {
    Ok(
        dialoguer::Confirm::with_theme(&dialoguer::theme::ColorfulTheme::default())
            .with_prompt(question)
            .default(false)
            .interact()?,
    )
}
