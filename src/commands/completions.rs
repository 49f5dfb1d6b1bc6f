//! `completions SHELL` and `man`.
//!
//! Completion scripts are static (checked in under `completions/`, a test keeps them equal to
//! what this prints); preset ids of the bundled presets are offered where the shell allows.

use anyhow::Result;
use clap::CommandFactory;
use clap::builder::PossibleValuesParser;

use crate::cli::{Cli, CompletionsArgs};
use crate::env_vars;
use crate::output::Output;
use crate::preset::Registry;

/// The clap command with bundled preset ids attached to every `PRESET` value, for completion.
pub(super) fn command_with_preset_ids() -> clap::Command {
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
pub(crate) fn script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = command_with_preset_ids();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "oomhook", &mut buf);
    buf
}

pub(super) fn completions(args: CompletionsArgs, out: &Output) -> Result<()> {
    out.raw(&script(args.shell))
}

/// The environment variables of the man page (the README's table says the same).
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        env_vars::OOMNITZA_URL,
        "Tenant root, e.g. https://acme.oomnitza.com (like --url).",
    ),
    (
        env_vars::OOMNITZA_TOKEN,
        "API token; wins over the keyring and token files.",
    ),
    (
        env_vars::OOMHOOK_PROFILE,
        "Profile of the config file (like --profile).",
    ),
    (env_vars::OOMHOOK_CONFIG, "Config file (like --config)."),
    (
        env_vars::OOMHOOK_NO_INPUT,
        "Never prompt (like --no-input).",
    ),
    (
        env_vars::OOMHOOK_PRESETS_DIR,
        "Your presets folder (like --presets-dir).",
    ),
    (
        env_vars::OOMHOOK_SECRET,
        "Webhook secret for add, update, sign, verify and send.",
    ),
    (
        env_vars::OOMHOOK_SERVE_TOKEN,
        "The API token serve accepts.",
    ),
    (
        env_vars::OOMHOOK_KEYRING,
        "0 keeps login away from the OS keyring (it writes the token file).",
    ),
    (
        env_vars::OOMHOOK_KEYRING_TIMEOUT,
        "Seconds to wait for the keyring (default 3).",
    ),
    (
        env_vars::OOMHOOK_TIMEOUT,
        "Seconds per API request, and per delivery send makes (default 30).",
    ),
    (
        env_vars::OOMHOOK_RETRY_MAX,
        "Cap, in seconds, on retrying one API call (default 30).",
    ),
    (
        env_vars::EDITOR,
        "The editor the add wizard opens to edit a body (else VISUAL).",
    ),
    (env_vars::NO_COLOR, "No colour."),
];

/// The exit codes of the man page (the README's table says the same).
const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "1",
        "Failed: the API refused, validation, a template error, a signature that does not verify.",
    ),
    (
        "2",
        "Usage: a missing or wrong flag (the message names the flag).",
    ),
    (
        "3",
        "The server could not be reached (or timed out after retries).",
    ),
    ("4", "Authentication failed (401/403): run oomhook login."),
    (
        "130",
        "Interrupted (Ctrl-C at a prompt); nothing was created.",
    ),
];

/// Where settings live, for the man page's FILES.
const FILES: &[(&str, &str)] = &[
    (
        "~/.config/oomhook/config.toml",
        "The config file (on Linux; `oomhook config path` prints it): profiles, each with its url (kept there by login) and an optional token_file.",
    ),
    (
        "~/.config/oomhook/tokens/PROFILE",
        "The API token login saved where there is no OS keyring (readable by you only).",
    ),
    (
        "~/.config/oomhook/presets/",
        "Your presets, beside the bundled ones.",
    ),
    (
        "~/.local/share/oomhook/serve.db",
        "The database of serve, and its API token in serve.db.token.",
    ),
];

/// Text for roff: backslashes and hyphens escaped, no line taken for a request.
fn roff_text(s: &str) -> String {
    let t = s.replace('\\', "\\e").replace('-', "\\-");
    if t.starts_with('.') || t.starts_with('\'') {
        format!("\\&{t}")
    } else {
        t
    }
}

/// A man page section of tagged paragraphs.
fn roff_section(title: &str, items: &[(&str, &str)]) -> String {
    let mut s = format!(".SH \"{title}\"\n");
    for (tag, text) in items {
        s.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            roff_text(tag),
            roff_text(text)
        ));
    }
    s
}

pub(super) fn man(out: &Output) -> Result<()> {
    let man = clap_mangen::Man::new(Cli::command());
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    man.render_subcommands_section(&mut buf)?;
    buf.extend(roff_section("ENVIRONMENT", ENVIRONMENT).bytes());
    buf.extend(roff_section("EXIT STATUS", EXIT_STATUS).bytes());
    buf.extend(roff_section("FILES", FILES).bytes());
    man.render_version_section(&mut buf)?;
    out.raw(&buf)
}
