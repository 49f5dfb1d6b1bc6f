//! A newcomer's first hour, as errors and defaults they can act on: bodies checked against the
//! preset's samples before they are stored, a preset's sample printed, what a wrong header
//! secret or a disabled webhook answers, `login` keeping the URL, an unreachable server told in
//! one line, a URL with a path, help texts and hints that fit the command, the man page,
//! `apply`'s created URLs and `update --dry-run`'s diff. The real binary, a real `serve`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::{Env, Run, Server, TOKEN, run};
use crate::wizard::{ENTER, Tty};

/// A header secret for tests.
const SECRET: &str = "newcomer-secret-0123456789";

/// A body that compiles but cannot render against Okta's samples: an attribute of an
/// undefined value, which Jinja2 (and the delivery pipeline) refuses.
const BAD_BODY: &str = "{\n  \"username\": {{ data.events[0].nope.login | tojson }}\n}\n";

/// A body that renders against every Okta deactivation sample.
const GOOD_BODY: &str = "{\n  \"username\": {{ data.events[0].target[0].alternateId | tojson }},\n  \"status\": \"Inactive\"\n}\n";

fn repo_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn secret_file(server: &Server) -> PathBuf {
    server.env.write("hook.secret", format!("{SECRET}\n"))
}

fn add(server: &Server, name: &str, preset: &str, extra: &[&str]) -> Run {
    let secret = secret_file(server);
    run(
        server
            .cmd()
            .args(["-o", "json", "add", "--preset", preset, "--name", name])
            .arg("--secret-file")
            .arg(&secret)
            .args(extra),
        None,
    )
}

fn show(server: &Server, name: &str) -> serde_json::Value {
    run(server.cmd().args(["-o", "json", "show", name]), None)
        .ok()
        .json()
}

fn count(server: &Server) -> usize {
    run(server.cmd().args(["-o", "json", "list"]), None)
        .ok()
        .json()
        .as_array()
        .expect("a list")
        .len()
}

/// The refusal of a body: names the sample, shows the source line and a caret, says how to
/// insist.
fn assert_refused_with_caret(r: &Run, location: &str) {
    assert!(
        r.stderr
            .contains("does not render against sample \"deactivate\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(location), "{}", r.stderr);
    assert!(
        r.stderr.contains("data.events[0].nope.login"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .lines()
            .any(|l| l.trim_start().starts_with('|') && l.contains('^')),
        "a caret line: {}",
        r.stderr
    );
    assert!(r.stderr.contains("--skip-body-check"), "{}", r.stderr);
}

#[test]
fn add_refuses_a_body_that_fails_against_a_sample_unless_told_to_store_it() {
    let server = Server::start();
    let bad = server.env.write("bad.j2", BAD_BODY);
    let bad_arg = bad.display().to_string();
    let r = add(
        &server,
        "bad",
        "okta-user-deactivated",
        &["--body-file", &bad_arg],
    )
    .code(1);
    assert_refused_with_caret(&r, &format!("{bad_arg}:2:"));
    assert_eq!(count(&server), 0, "nothing was created");

    let r = add(
        &server,
        "bad",
        "okta-user-deactivated",
        &["--body-file", &bad_arg, "--skip-body-check"],
    )
    .ok();
    assert!(r.stderr.contains("warning:"), "{}", r.stderr);
    assert_eq!(show(&server, "bad")["body"], BAD_BODY);
}

#[test]
fn update_refuses_a_failing_body_and_keeps_the_current_one() {
    let server = Server::start();
    add(&server, "upd", "okta-user-deactivated", &[]).ok();
    let before = show(&server, "upd");
    let bad = server.env.write("bad.j2", BAD_BODY);
    let r = run(
        server
            .cmd()
            .args(["update", "upd", "--body-file"])
            .arg(&bad),
        None,
    )
    .code(1);
    assert_refused_with_caret(&r, &format!("{}:2:", bad.display()));
    let after = show(&server, "upd");
    assert_eq!(after["body"], before["body"]);
    assert_eq!(after["version"], before["version"], "nothing was changed");

    // A good body is taken; a bad one with the flag too.
    let good = server.env.write("good.j2", GOOD_BODY);
    run(
        server
            .cmd()
            .args(["update", "upd", "--body-file"])
            .arg(&good),
        None,
    )
    .ok();
    assert_eq!(show(&server, "upd")["body"], GOOD_BODY);
    run(
        server
            .cmd()
            .args(["update", "upd", "--skip-body-check", "--body-file"])
            .arg(&bad),
        None,
    )
    .ok();
    assert_eq!(show(&server, "upd")["body"], BAD_BODY);
}

#[test]
fn apply_refuses_a_file_with_a_failing_body_before_sending_anything() {
    let server = Server::start();
    secret_file(&server);
    let indented: String = BAD_BODY.lines().map(|l| format!("      {l}\n")).collect();
    let file = server.env.write(
        "hooks.yaml",
        format!(
            "webhooks:\n  - name: fine\n    preset: okta-user-created\n    secret_file: hook.secret\n  - name: broken\n    preset: okta-user-deactivated\n    secret_file: hook.secret\n    body: |\n{indented}"
        ),
    );
    let r = run(server.cmd().args(["apply", "-f"]).arg(&file), None).code(1);
    assert!(r.stderr.contains("hooks.yaml:5"), "{}", r.stderr);
    assert!(r.stderr.contains("webhook \"broken\""), "{}", r.stderr);
    assert_refused_with_caret(&r, "body of broken:2:");
    assert!(r.stderr.contains("nothing was sent"), "{}", r.stderr);
    assert_eq!(count(&server), 0);

    let r = run(
        server
            .cmd()
            .args(["-o", "json", "apply", "--skip-body-check", "-f"])
            .arg(&file),
        None,
    )
    .ok();
    assert_eq!(count(&server), 2);
    // Creating prints each webhook's URL (in json, under "created") and the vendor's steps.
    let created = r.json()["created"].as_array().expect("created").clone();
    assert_eq!(created.len(), 2, "{}", r.stdout);
    for c in &created {
        let url = c["url"].as_str().unwrap();
        assert_eq!(show(&server, c["name"].as_str().unwrap())["url"], url);
    }
    assert!(r.stderr.contains("Next, in the vendor"), "{}", r.stderr);
    assert!(r.stderr.contains("Event Hooks"), "{}", r.stderr);
}

#[test]
fn apply_on_a_terminal_table_prints_the_created_url() {
    let server = Server::start();
    secret_file(&server);
    let file = server.env.write(
        "hooks.yaml",
        "webhooks:\n  - name: only\n    preset: okta-user-created\n    secret_file: hook.secret\n",
    );
    let r = run(
        server.cmd().args(["-o", "table", "apply", "-f"]).arg(&file),
        None,
    )
    .ok();
    let url = show(&server, "only")["url"].as_str().unwrap().to_string();
    assert!(
        r.stdout.contains(&format!("Webhook URL of only: {url}")),
        "{}",
        r.stdout
    );
}

#[test]
fn update_dry_run_shows_the_body_as_a_diff_and_changes_nothing() {
    let server = Server::start();
    add(&server, "dry", "okta-user-deactivated", &[]).ok();
    let before = show(&server, "dry");
    let good = server.env.write("good.j2", GOOD_BODY);
    let secret = secret_file(&server);
    let r = run(
        server
            .cmd()
            .args([
                "-o",
                "table",
                "update",
                "dry",
                "--dry-run",
                "--event",
                "archive_user",
            ])
            .arg("--body-file")
            .arg(&good)
            .arg("--secret-file")
            .arg(&secret),
        None,
    )
    .ok();
    assert!(
        r.stdout.contains("event: update_user -> archive_user"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("secret: (redacted)"), "{}", r.stdout);
    assert!(!r.stdout.contains(SECRET), "{}", r.stdout);
    // A line diff: the old sync-key line taken out, the new one put in.
    assert!(
        r.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("- ") && l.contains("t.alternateId")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("+ ") && l.contains("target[0].alternateId")),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("\\n"), "no escaped string: {}", r.stdout);
    assert_eq!(show(&server, "dry"), before, "nothing was sent");
}

#[test]
fn presets_show_sample_prints_the_payload_as_sent() {
    let env = Env::new();
    let r = run(
        env.cmd().args([
            "presets",
            "show",
            "okta-user-deactivated",
            "--sample",
            "deactivate",
        ]),
        None,
    )
    .ok();
    let file = std::fs::read_to_string(repo_file(
        "presets/okta/samples/user-lifecycle-deactivate.json",
    ))
    .unwrap();
    assert_eq!(r.stdout, file, "byte for byte");
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("JSON");
    // The headers a sample is sent with go to stderr, stdout stays the payload.
    let r = run(
        env.cmd().args([
            "presets",
            "show",
            "github-member-added",
            "--sample",
            "member-added",
        ]),
        None,
    )
    .ok();
    serde_json::from_str::<serde_json::Value>(&r.stdout).expect("JSON");
    assert!(
        r.stderr.contains("X-GitHub-Event: organization"),
        "{}",
        r.stderr
    );
    let r = run(
        env.cmd().args([
            "presets",
            "show",
            "okta-user-deactivated",
            "--sample",
            "nope",
        ]),
        None,
    )
    .code(2);
    assert!(r.stderr.contains("it has: deactivate"), "{}", r.stderr);
}

#[test]
fn a_wrong_header_secret_and_a_disabled_webhook_say_what_to_do() {
    let server = Server::start();
    add(&server, "okta", "okta-user-deactivated", &[]).ok();
    let wrong = server.env.write("wrong.secret", "not-the-secret-at-all\n");
    let r = run(
        server
            .cmd()
            .args(["-o", "json", "send", "okta", "--secret-file"])
            .arg(&wrong),
        None,
    )
    .code(1);
    let message = r.json()["response"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("Authorization header does not hold this webhook's header secret"),
        "{message}"
    );
    assert!(!message.contains("signature"), "{message}");
    assert!(message.contains("oomhook update"), "{message}");
    let hint = r
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_default();
    assert!(
        hint.contains("oomhook update okta --secret-file"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("not-the-secret") && !r.stderr.contains("not-the-secret"));

    // An HMAC vendor: the signature is what does not match.
    add(&server, "gh", "github-member-added", &[]).ok();
    let r = run(
        server
            .cmd()
            .args(["-o", "json", "send", "gh", "--secret-file"])
            .arg(&wrong),
        None,
    )
    .code(1);
    let message = r.json()["response"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("signature does not match"), "{message}");
    assert!(message.contains("HMAC secret"), "{message}");

    run(server.cmd().args(["update", "okta", "--disabled"]), None).ok();
    let right = secret_file(&server);
    let r = run(
        server
            .cmd()
            .args(["-o", "json", "send", "okta", "--secret-file"])
            .arg(&right),
        None,
    )
    .code(1);
    assert_eq!(r.json()["status"], 404);
    let message = r.json()["response"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("disabled"), "{message}");
    assert!(
        r.stderr.contains("oomhook update okta --enabled"),
        "{}",
        r.stderr
    );
}

#[test]
fn login_keeps_the_url_so_a_new_shell_reaches_the_same_server() {
    let server = Server::start();
    let config = server.env.home().join(".config/oomhook/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        "# my settings\n[profiles.other]\nurl = \"https://acme.oomnitza.com\"\n",
    )
    .unwrap();
    let r = run(
        server
            .env
            .cmd()
            .args(["login", "--with-token", "--url", &server.url]),
        Some(format!("{TOKEN}\n").as_bytes()),
    )
    .ok();
    assert!(
        r.stderr.contains("The URL is kept in profile default"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("# my settings"), "comments stay: {text}");
    assert!(
        text.contains("https://acme.oomnitza.com"),
        "other profiles stay: {text}"
    );
    assert!(
        text.contains(&format!("url = \"{}\"", server.url)),
        "{text}"
    );
    // A new shell: no --url, no OOMNITZA_URL, no token in the environment.
    add(&server, "seen", "okta-user-created", &[]).ok();
    let r = run(server.env.cmd().args(["-o", "json", "list"]), None).ok();
    assert_eq!(r.json()[0]["name"], "seen");
    let r = run(server.env.cmd().args(["-o", "json", "whoami"]), None).ok();
    assert_eq!(r.json()["server"], server.url.as_str());
    assert_eq!(r.json()["token_accepted"], true);

    // A named profile that does not exist yet is created by login.
    run(
        server.env.cmd().args([
            "--profile",
            "local",
            "login",
            "--with-token",
            "--url",
            &server.url,
        ]),
        Some(format!("{TOKEN}\n").as_bytes()),
    )
    .ok();
    run(server.env.cmd().args(["--profile", "local", "list"]), None).ok();
}

#[test]
fn login_with_a_wrong_token_says_to_check_the_token_not_to_log_in() {
    let server = Server::start();
    let r = run(
        server
            .env
            .cmd()
            .args(["login", "--with-token", "--url", &server.url]),
        Some(b"not-the-token-0123\n"),
    )
    .code(4);
    let hint = r
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_default();
    assert!(hint.contains("check the token"), "{}", r.stderr);
    assert!(!hint.contains("oomhook login"), "{}", r.stderr);
    assert!(
        !server
            .env
            .home()
            .join(".config/oomhook/config.toml")
            .exists(),
        "a refused login keeps nothing"
    );
}

#[test]
fn a_refused_connection_fails_at_once_in_one_line_and_v_shows_the_chain() {
    let env = Env::new();
    let url = format!("http://127.0.0.1:{}", closed_port());
    let started = Instant::now();
    let r = run(
        env.cmd()
            .env("OOMNITZA_URL", &url)
            .env("OOMNITZA_TOKEN", TOKEN)
            .env("OOMHOOK_RETRY_MAX", "30")
            .args(["list"]),
        None,
    )
    .code(3);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "one error line and one hint:\n{}", r.stderr);
    assert!(
        lines[0].starts_with("error: could not reach the server at"),
        "{}",
        r.stderr
    );
    assert!(lines[0].contains(&url), "{}", r.stderr);
    assert!(lines[0].contains("connection refused"), "{}", r.stderr);
    assert!(
        !lines[0].contains("os error"),
        "no library chain: {}",
        r.stderr
    );
    assert!(
        lines[1].contains("env OOMNITZA_URL"),
        "where the URL came from: {}",
        lines[1]
    );
    assert!(lines[1].contains("oomhook serve"), "{}", lines[1]);

    let r = run(
        env.cmd()
            .env("OOMNITZA_URL", &url)
            .env("OOMNITZA_TOKEN", TOKEN)
            .args(["-v", "list"]),
        None,
    )
    .code(3);
    assert!(r.stderr.contains("Connection refused"), "-v: {}", r.stderr);

    // whoami says it once: the table's status is short, the error follows on stderr.
    let r = run(
        env.cmd()
            .env("OOMNITZA_URL", &url)
            .env("OOMNITZA_TOKEN", TOKEN)
            .args(["-o", "table", "whoami"]),
        None,
    )
    .code(3);
    assert!(!r.stdout.contains("could not reach"), "{}", r.stdout);
    assert!(r.stdout.contains("could not be reached"), "{}", r.stdout);
    assert_eq!(
        r.stderr.matches("could not reach").count(),
        1,
        "{}",
        r.stderr
    );
}

#[test]
fn a_url_into_the_api_is_refused_naming_the_tenant_root() {
    let server = Server::start();
    for suffix in ["/api", "/api/v3/"] {
        let r = run(
            server
                .cmd()
                .args(["list", "--url", &format!("{}{suffix}", server.url)]),
            None,
        )
        .code(2);
        let hint = r
            .stderr
            .lines()
            .find(|l| l.starts_with("hint:"))
            .unwrap_or_default();
        assert!(
            hint.contains(&format!("--url {} ", server.url)),
            "{}",
            r.stderr
        );
    }
    // Any other path is kept, and a 404 on the list says the URL is the tenant root.
    let r = run(
        server
            .cmd()
            .args(["list", "--url", &format!("{}/oomnitza", server.url)]),
        None,
    )
    .code(1);
    assert!(r.stderr.contains("404"), "{}", r.stderr);
    assert!(r.stderr.contains("tenant root"), "{}", r.stderr);
}

#[test]
fn update_help_and_hints_fit_update() {
    let env = Env::new();
    let help = run(env.cmd().args(["update", "--help"]), None).ok().stdout;
    assert!(!help.contains("[default: the preset's"), "{help}");
    assert!(help.matches("[default: unchanged]").count() >= 4, "{help}");
    let server = Server::start();
    add(&server, "one", "okta-user-created", &[]).ok();
    add(&server, "two", "okta-user-created", &[]).ok();
    let r = run(server.cmd().args(["update", "two", "--name", "ONE"]), None).code(1);
    let hint = r
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_default();
    assert!(hint.contains("pick another --name"), "{}", r.stderr);
    assert!(!hint.contains("oomhook update"), "{}", r.stderr);
}

#[test]
fn the_man_page_and_help_say_environment_exit_status_completions_and_apply_fields() {
    let env = Env::new();
    let man = run(env.cmd().arg("man"), None).ok().stdout;
    assert!(man.contains(".SH \"ENVIRONMENT\""), "{man}");
    assert!(man.contains(".SH \"EXIT STATUS\""), "{man}");
    for var in [
        "OOMNITZA_URL",
        "OOMNITZA_TOKEN",
        "OOMHOOK_RETRY_MAX",
        "NO_COLOR",
    ] {
        assert!(man.contains(var), "{var}");
    }
    assert!(
        man.contains("config.toml"),
        "FILES says where settings live"
    );
    let help = run(env.cmd().args(["completions", "--help"]), None)
        .ok()
        .stdout;
    assert!(
        help.contains("bash-completion/completions/oomhook"),
        "{help}"
    );
    assert!(help.contains("fpath"), "{help}");
    let help = run(env.cmd().args(["apply", "--help"]), None).ok().stdout;
    for field in [
        "name:",
        "preset:",
        "secret_env:",
        "secret_file:",
        "sync_keys:",
        "body:",
    ] {
        assert!(help.contains(field), "{field}: {help}");
    }
}

/// An editor that writes `first` the first time and `second` after.
fn two_step_editor(env: &Env, first: &str, second: &str) -> PathBuf {
    let editor = env.write(
        "editor.sh",
        format!(
            "#!/bin/sh\nif [ -f \"$0.done\" ]; then\n  cat > \"$1\" <<'EOF'\n{second}EOF\nelse\n  touch \"$0.done\"\n  cat > \"$1\" <<'EOF'\n{first}EOF\nfi\n"
        ),
    );
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    editor
}

#[test]
fn the_wizard_offers_to_edit_a_body_that_fails_against_the_sample_again() {
    let server = Server::start();
    let editor = two_step_editor(&server.env, BAD_BODY, GOOD_BODY);
    let mut cmd = server.cmd();
    cmd.args(["add", "--preset", "okta-user-deactivated", "--name", "wiz"])
        .env("EDITOR", &editor);
    let mut t = Tty::spawn(cmd);
    t.expect("Header secret");
    t.send(ENTER);
    t.expect("Oomnitza event");
    t.send(ENTER);
    t.expect("Edit the body?");
    t.send("y");
    t.expect("Sync keys");
    t.send(ENTER);
    t.expect("does not render against the sample");
    t.expect("fails to render against sample \"deactivate\"");
    t.expect("Edit the body again");
    t.send(ENTER);
    t.expect("sync key: username = \"luca.dasilva@acme.com\"");
    t.expect("Create this webhook?");
    t.send("y");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert_eq!(show(&server, "wiz")["body"], GOOD_BODY);
}

#[test]
fn the_wizard_can_fall_back_to_the_presets_body() {
    let server = Server::start();
    let bad = server.env.write("bad.j2", BAD_BODY);
    let mut cmd = server.cmd();
    cmd.args([
        "add",
        "--preset",
        "okta-user-deactivated",
        "--name",
        "wiz2",
        "--body-file",
    ])
    .arg(&bad);
    let mut t = Tty::spawn(cmd);
    t.expect("Header secret");
    t.send(ENTER);
    t.expect("Oomnitza event");
    t.send(ENTER);
    t.expect("Sync keys");
    t.send(ENTER);
    t.expect("Use the preset's body");
    // Down once: the preset's body.
    t.send("\x1b[B");
    t.send(ENTER);
    t.expect("Create this webhook?");
    t.send("y");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    let preset_body = run(
        server
            .env
            .cmd()
            .args(["presets", "show", "okta-user-deactivated", "--template"]),
        None,
    )
    .ok()
    .stdout;
    assert_eq!(show(&server, "wiz2")["body"], preset_body.as_str());
}

/// This machine's address on its network (not loopback), if it has one.
fn non_loopback_address() -> Option<std::net::IpAddr> {
    // A UDP "connect" sends nothing; it only picks the interface a packet would leave by.
    let s = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("192.0.2.1:9").ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn a_refused_connection_elsewhere_is_tried_again_only_briefly() {
    // A machine with loopback only has no "elsewhere" to test against.
    let Some(ip) = non_loopback_address() else {
        return;
    };
    let port = TcpListener::bind((ip, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let env = Env::new();
    let started = Instant::now();
    let r = run(
        env.cmd()
            .env("OOMNITZA_URL", format!("http://{ip}:{port}"))
            .env("OOMNITZA_TOKEN", TOKEN)
            .env("OOMHOOK_RETRY_MAX", "30")
            .args(["list"]),
        None,
    )
    .code(3);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(6), "{took:?}\n{}", r.stderr);
    assert!(r.stderr.contains("retrying for up to 3s"), "{}", r.stderr);
    assert!(r.stderr.contains("connection refused"), "{}", r.stderr);
}

#[test]
fn verify_tells_a_wrong_header_secret_from_a_wrong_signature() {
    let env = Env::new();
    let payload = env.write("p.json", "{}");
    let secret = env.write("s", format!("{SECRET}\n"));
    let r = run(
        env.cmd()
            .args(["verify", "--preset", "okta-user-created", "--payload"])
            .arg(&payload)
            .args(["--header", "Authorization: something-else", "--secret-file"])
            .arg(&secret),
        None,
    )
    .code(1);
    assert!(
        r.stderr
            .contains("the Authorization header does not hold the secret given"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("signature does not"), "{}", r.stderr);
    assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
}
