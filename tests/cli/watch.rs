//! `preview --watch`: through a real pseudo-terminal, the template saved in place and by rename
//! redraws the screen, an error shows its caret and watching goes on, and Ctrl-C exits 0 with
//! the terminal as it was; without a terminal, each render is printed in turn.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use crate::common::Env;
use crate::wizard::{Tty, echo_is_on};

/// Saves a file as editors that write a new file and rename it over the old one do.
fn save_by_rename(path: &std::path::Path, text: &str) {
    let tmp = path.with_extension("swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn watch_redraws_on_save_shows_errors_and_stops_on_ctrl_c() {
    let env = Env::new();
    let template = env.write("body.j2", r#"{"username": {{ login | tojson }}}"#);
    env.write("payload.json", r#"{"login": "ada@acme.com"}"#);
    let mut cmd = env.cmd();
    cmd.args([
        "preview",
        "--template",
        "body.j2",
        "--payload",
        "payload.json",
        "--sync-key",
        "username",
        "--watch",
    ]);
    // Escape sequences kept: the screen is cleared before each render.
    let mut t = Tty::spawn_with(cmd, false);
    t.expect("\x1b[2J");
    t.expect("\"username\": \"ada@acme.com\"");
    t.expect("render 1; watching body.j2, payload.json");

    // Saved in place.
    std::fs::write(&template, r#"{"username": {{ login | upper | tojson }}}"#).unwrap();
    let before = t.expect("render 2;");
    assert!(
        before.contains("\x1b[2J"),
        "the screen is cleared: {before:?}"
    );
    assert!(
        before.contains("\"username\": \"ADA@ACME.COM\""),
        "{before:?}"
    );

    // Saved by rename (a new file, a new inode).
    save_by_rename(
        &template,
        r#"{"username": {{ login | replace("acme", "example") | tojson }}}"#,
    );
    let before = t.expect("render 3;");
    assert!(
        before.contains("\"username\": \"ada@example.com\""),
        "{before:?}"
    );

    // An error: its location and caret, and the watch goes on.
    save_by_rename(&template, r#"{"username": {{ login | nope }}}"#);
    let before = t.expect("render 4;");
    assert!(before.contains("body.j2:1:25"), "{before:?}");
    assert!(before.contains("^^^^"), "{before:?}");

    // The payload is watched too; the fix renders again.
    std::fs::write(&template, r#"{"username": {{ login | tojson }}}"#).unwrap();
    let before = t.expect("render 5;");
    assert!(
        before.contains("\"username\": \"ada@acme.com\""),
        "{before:?}"
    );
    env.write("payload.json", r#"{"login": "grace@acme.com"}"#);
    let before = t.expect("render 6;");
    assert!(
        before.contains("\"username\": \"grace@acme.com\""),
        "{before:?}"
    );

    t.ctrl_c();
    let (out, code) = t.finish();
    assert_eq!(code, 0, "Ctrl-C is a clean stop:\n{out}");
    assert!(out.contains("stopped watching"), "{out}");
    assert!(echo_is_on(&out), "the terminal is left as it was:\n{out}");
}

#[test]
fn without_a_terminal_each_render_of_a_user_preset_is_printed_in_turn() {
    let env = Env::new();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("presets/okta");
    let dir = env.home().join(".config/oomhook/presets/okta");
    std::fs::create_dir_all(dir.join("samples")).unwrap();
    let yaml_path = dir.join("okta-user-suspended.yaml");
    let yaml = std::fs::read_to_string(src.join("okta-user-suspended.yaml")).unwrap();
    std::fs::write(&yaml_path, &yaml).unwrap();
    std::fs::copy(
        src.join("samples/user-lifecycle-suspend.json"),
        dir.join("samples/user-lifecycle-suspend.json"),
    )
    .unwrap();

    let mut child = env
        .cmd()
        .args(["preview", "okta-user-suspended", "--watch"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap();
            all.push_str(&line);
            all.push('\n');
            let _ = tx.send(line);
        }
        all
    });
    let wait_for = |text: &str| loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"));
        if line.contains(text) {
            return line;
        }
    };
    let line = wait_for("render 1;");
    assert!(
        line.contains("okta-user-suspended.yaml"),
        "the preset file is watched: {line}"
    );
    assert!(
        line.contains("user-lifecycle-suspend.json"),
        "and its sample: {line}"
    );

    // The preset file saved by rename.
    let tmp = dir.join("okta-user-suspended.yaml.new");
    std::fs::write(
        &tmp,
        yaml.replace("\"status\": \"Suspended\"", "\"status\": \"On hold\""),
    )
    .unwrap();
    std::fs::rename(&tmp, &yaml_path).unwrap();
    wait_for("render 2;");

    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.wait().unwrap();
    let stderr = reader.join().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    let mut stdout = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut stdout).unwrap();
    assert!(
        !stdout.contains('\x1b'),
        "no screen clearing without a terminal: {stdout:?}"
    );
    let first = stdout.find("\"Suspended\"").expect("the first render");
    let second = stdout.find("\"On hold\"").expect("the second render");
    assert!(first < second, "{stdout}");
}

#[test]
fn watch_refuses_what_it_cannot_watch() {
    let env = Env::new();
    let r = crate::common::run(
        env.cmd().args(["preview", "okta-user-created", "--watch"]),
        None,
    )
    .code(2);
    assert!(
        r.stderr.contains("--watch has no file to watch"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--template FILE"), "{}", r.stderr);
    env.write("t.j2", "{}");
    let r = crate::common::run(
        env.cmd()
            .args(["preview", "--template", "t.j2", "--payload", "-", "--watch"]),
        None,
    )
    .code(2);
    assert!(r.stderr.contains("not stdin"), "{}", r.stderr);
}
