//! Credentials: `login`, `logout` and `whoami` against a real `oomhook serve`.
//!
//! The OS keyring tests (`keyring_*`) need a real Secret Service, so they are ignored by a plain
//! `cargo test`; scripts/test.sh runs them with `--ignored` under `tests/keyring/with-keyring.sh`
//! (which sets OOMHOOK_TEST_KEYRING=1), and run any other way they fail rather than pass
//! without running. The rest (token file fallback, refused token, never printing the token,
//! the hidden prompt) run everywhere.

use std::path::PathBuf;
use std::process::Command;

use crate::common::{self, Server, TOKEN};
use crate::wizard::{Tty, echo_is_on};

/// Set by tests/keyring/with-keyring.sh.
const KEYRING_ENV: &str = "OOMHOOK_TEST_KEYRING";

/// Fails the test unless it runs under the keyring script: an ignored keyring test that is
/// asked for must really meet a Secret Service.
fn require_keyring_session() {
    assert!(
        std::env::var(KEYRING_ENV).is_ok_and(|v| v == "1"),
        "this test needs a Secret Service: run it with `tests/keyring/with-keyring.sh cargo test --test cli auth::keyring_ -- --ignored`"
    );
}

/// A profile of its own per test: parallel tests share one keyring.
fn profile(test: &str) -> String {
    format!("t{}-{test}", std::process::id())
}

/// `oomhook` for this server, token not given: it must come from what `login` stored.
/// `keyring`: reach the test Secret Service; else the keyring is left off.
fn cmd(server: &Server, profile: &str, keyring: bool) -> Command {
    let config = server.env.home().join(".config/oomhook/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    let mut text = std::fs::read_to_string(&config).unwrap_or_default();
    if !text.contains(&format!("[profiles.{profile}]")) {
        text.push_str(&format!("[profiles.{profile}]\nurl = \"{}\"\n", server.url));
        std::fs::write(&config, text).unwrap();
    }
    let mut c = server.env.cmd();
    c.env("OOMHOOK_PROFILE", profile);
    if keyring {
        c.env_remove("OOMHOOK_KEYRING")
            .env("OOMHOOK_KEYRING_TIMEOUT", "10");
        for var in ["DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"] {
            if let Ok(v) = std::env::var(var) {
                c.env(var, v);
            }
        }
    }
    c
}

/// The token `secret-tool` finds for a profile (the attributes the keyring crate writes).
fn keyring_entry(profile: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", "oomhook", "username", profile])
        .output()
        .expect("running secret-tool (package libsecret-tools)");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Where `login` writes when no keyring answers.
fn token_file(server: &Server, profile: &str) -> PathBuf {
    server
        .env
        .home()
        .join(".config/oomhook/tokens")
        .join(profile)
}

fn login(c: &mut Command, token: &str) -> common::Run {
    common::run(
        c.args(["login", "--with-token"]),
        Some(format!("{token}\n").as_bytes()),
    )
}

#[test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it under tests/keyring/with-keyring.sh"]
fn keyring_login_stores_the_token_and_logout_removes_it() {
    require_keyring_session();
    let server = Server::start();
    let p = profile("keyring");
    let run = login(&mut cmd(&server, &p, true), TOKEN).ok();
    assert!(
        run.stderr.contains("saved in the OS keyring"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert_eq!(keyring_entry(&p).as_deref(), Some(TOKEN));
    assert!(
        !token_file(&server, &p).exists(),
        "no token file when the keyring took it"
    );

    // Later commands find it there.
    let who = common::run(cmd(&server, &p, true).args(["whoami", "-o", "json"]), None).ok();
    let me = who.json();
    assert_eq!(me["token_source"], "OS keyring");
    assert_eq!(me["token_accepted"], true);
    assert_eq!(me["profile"], p.as_str());
    assert!(
        !who.stdout.contains(TOKEN) && !who.stderr.contains(TOKEN),
        "whoami never prints the token"
    );
    let list = common::run(cmd(&server, &p, true).args(["list", "-o", "json"]), None).ok();
    assert_eq!(list.json(), serde_json::json!([]));

    let out = common::run(cmd(&server, &p, true).arg("logout"), None).ok();
    assert!(
        out.stderr.contains("the OS keyring entry"),
        "{}",
        out.stderr
    );
    assert_eq!(keyring_entry(&p), None, "logout removed the entry");
    let after = common::run(cmd(&server, &p, true).arg("whoami"), None).code(4);
    assert!(after.stderr.contains("no API token"), "{}", after.stderr);
}

#[test]
#[ignore = "needs a Secret Service: scripts/test.sh runs it under tests/keyring/with-keyring.sh"]
fn keyring_a_second_login_replaces_the_entry() {
    require_keyring_session();
    let server = Server::start();
    let p = profile("relogin");
    login(&mut cmd(&server, &p, true), TOKEN).ok();
    login(&mut cmd(&server, &p, true), TOKEN).ok();
    assert_eq!(keyring_entry(&p).as_deref(), Some(TOKEN));
    let out = Command::new("secret-tool")
        .args(["search", "--all", "service", "oomhook", "username", &p])
        .output()
        .unwrap();
    let items = String::from_utf8_lossy(&out.stdout)
        .matches("attribute.username")
        .count()
        + String::from_utf8_lossy(&out.stderr)
            .matches("attribute.username")
            .count();
    assert_eq!(items, 1, "one entry per profile");
    common::run(cmd(&server, &p, true).arg("logout"), None).ok();
    assert_eq!(keyring_entry(&p), None);
}

#[test]
fn without_a_keyring_login_falls_back_to_a_private_token_file() {
    let server = Server::start();
    let p = profile("nokeyring");
    // The keyring is not turned off, but no Secret Service answers.
    let nowhere = format!("unix:path={}", server.env.path().join("no-bus").display());
    let with_no_bus = |c: &mut Command| {
        c.env_remove("OOMHOOK_KEYRING")
            .env("DBUS_SESSION_BUS_ADDRESS", &nowhere)
            .env("OOMHOOK_KEYRING_TIMEOUT", "2");
    };
    let mut c = cmd(&server, &p, false);
    with_no_bus(&mut c);
    let run = login(&mut c, TOKEN).ok();
    assert!(
        run.stderr.contains("warning:") && run.stderr.contains("keyring is not available"),
        "{}",
        run.stderr
    );
    let file = token_file(&server, &p);
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), TOKEN);
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the token file is readable by its owner only");
    }

    let mut c = cmd(&server, &p, false);
    with_no_bus(&mut c);
    let who = common::run(c.args(["whoami", "-o", "json"]), None).ok();
    assert!(
        who.json()["token_source"]
            .as_str()
            .unwrap()
            .starts_with("token file"),
        "{}",
        who.stdout
    );
    assert!(!who.stdout.contains(TOKEN) && !who.stderr.contains(TOKEN));

    let mut c = cmd(&server, &p, false);
    with_no_bus(&mut c);
    let out = common::run(c.arg("logout"), None).ok();
    assert!(out.stderr.contains("the token file"), "{}", out.stderr);
    assert!(!file.exists(), "logout removed the token file");
}

#[test]
fn a_wrong_token_fails_login_with_exit_4_and_stores_nothing() {
    let server = Server::start();
    let p = profile("wrong");
    let keyring = std::env::var(KEYRING_ENV).is_ok_and(|v| v == "1");
    let run = login(&mut cmd(&server, &p, keyring), "not-the-token-0000").code(4);
    assert!(!run.stderr.contains("not-the-token-0000"), "{}", run.stderr);
    assert!(!token_file(&server, &p).exists(), "no token file");
    if keyring {
        assert_eq!(keyring_entry(&p), None, "no keyring entry");
    }
    // And nothing is found afterwards.
    common::run(cmd(&server, &p, keyring).arg("whoami"), None).code(4);
}

#[test]
fn whoami_never_prints_the_token() {
    let server = Server::start();
    for args in [
        &["whoami"][..],
        &["whoami", "-o", "json"],
        &["whoami", "-o", "yaml"],
        &["whoami", "-vv"],
    ] {
        let run = common::run(server.cmd().args(args), None).ok();
        assert!(
            run.stdout.contains("env OOMNITZA_TOKEN"),
            "{args:?} says where the token came from:\n{}",
            run.stdout
        );
        assert!(
            !run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN),
            "{args:?} printed the token"
        );
    }
    // Nor when the server refuses it.
    let wrong = "refused-token-0123456789";
    let run = common::run(
        server.cmd().env("OOMNITZA_TOKEN", wrong).arg("whoami"),
        None,
    )
    .code(4);
    assert!(
        !run.stdout.contains(wrong) && !run.stderr.contains(wrong),
        "{run:?}"
    );
}

#[test]
fn login_asks_for_the_token_hidden_on_a_terminal() {
    let server = Server::start();
    let p = profile("prompt");
    let mut c = cmd(&server, &p, false);
    c.arg("login");
    let mut t = Tty::spawn(c);
    t.expect("API token for ");
    t.answer_hidden(TOKEN);
    t.expect("Logged in");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains(TOKEN), "the token is not shown:\n{out}");
    assert_eq!(
        std::fs::read_to_string(token_file(&server, &p))
            .unwrap()
            .trim(),
        TOKEN
    );
}

#[test]
fn ctrl_c_at_the_login_prompt_stores_nothing_and_turns_echo_back_on() {
    let server = Server::start();
    let p = profile("prompt-cancel");
    let mut c = cmd(&server, &p, false);
    c.arg("login");
    let mut t = Tty::spawn(c);
    t.expect("API token for ");
    t.wait_for_hidden_input();
    t.send("half-typed");
    t.ctrl_c();
    t.expect("cancelled");
    let (out, code) = t.finish();
    assert_eq!(code, 130, "{out}");
    assert!(
        echo_is_on(&out),
        "Ctrl-C at the hidden prompt must turn echo back on:\n{out}"
    );
    assert!(!token_file(&server, &p).exists(), "nothing was stored");
}
