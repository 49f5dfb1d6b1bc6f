//! The command surface: `--help` of every command (snapshots), shell completions equal to the
//! checked-in files, the man page, and clap's own consistency checks.

use crate::common::{Env, run};

/// Every command path, for the help snapshots.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["presets"],
    &["presets", "list"],
    &["presets", "show"],
    &["preview"],
    &["validate"],
    &["test"],
    &["serve"],
    &["list"],
    &["show"],
    &["add"],
    &["update"],
    &["delete"],
    &["deliveries"],
    &["replay"],
    &["apply"],
    &["export"],
    &["send"],
    &["sign"],
    &["verify"],
    &["login"],
    &["logout"],
    &["whoami"],
    &["config"],
    &["config", "show"],
    &["config", "path"],
    &["completions"],
    &["man"],
];

#[test]
fn help_of_every_command_matches_its_snapshot() {
    let env = Env::new();
    for path in COMMANDS {
        let mut cmd = env.cmd();
        cmd.args(*path).arg("--help");
        let r = run(&mut cmd, None).ok();
        let name = if path.is_empty() {
            "oomhook".to_string()
        } else {
            format!("oomhook-{}", path.join("-"))
        };
        insta::assert_snapshot!(name, r.stdout);
    }
}

#[test]
fn clap_definition_is_consistent() {
    use clap::CommandFactory;
    oomhook::cli::Cli::command().debug_assert();
}

#[test]
fn checked_in_completions_match_the_binary() {
    let env = Env::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "oomhook.bash"),
        ("zsh", "_oomhook"),
        ("fish", "oomhook.fish"),
        ("powershell", "_oomhook.ps1"),
        ("elvish", "oomhook.elv"),
    ] {
        let r = run(env.cmd().args(["completions", shell]), None).ok();
        let stored = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            r.stdout == stored,
            "completions/{file} differs from `oomhook completions {shell}`: regenerate it with \
             `oomhook completions {shell} > completions/{file}`"
        );
        // clap's PowerShell and Elvish generators do not complete values.
        if !matches!(shell, "powershell" | "elvish") {
            assert!(
                r.stdout.contains("okta-user-deactivated"),
                "{shell} completion offers preset ids"
            );
        }
    }
}

#[test]
fn man_page_is_roff_and_names_the_commands() {
    let env = Env::new();
    let r = env
        .case(["man"])
        .stdout_has("preview")
        .stdout_has("apply")
        .stdout_has("serve")
        .run();
    assert!(
        r.stdout.starts_with(".ie") || r.stdout.contains(".TH oomhook"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
}

#[test]
fn usage_errors_exit_2_and_version_exits_0() {
    let env = Env::new();
    env.case(["--version"]).stdout_has("oomhook ").run();
    env.case(["list", "--no-such-flag"])
        .exit(2)
        .stderr_has("--no-such-flag")
        .run();
    env.case(["frobnicate"]).exit(2).run();
}
