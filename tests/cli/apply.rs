//! `apply -f FILE` and `export`, against a real `oomhook serve`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::common::{Run, Server, run};

/// The secret every webhook of these tests gets; it must never appear in any output.
const SECRET: &str = "s3cret-value-never-shown-7f3a9c";
const SECRET_VAR: &str = "HOOK_SECRET";

const PRESETS: [&str; 5] = [
    "okta-user-deactivated",
    "okta-user-created",
    "github-member-added",
    "jamf-computer-added",
    "slack-team-join",
];

fn name(i: usize) -> String {
    format!("hook-{i:03}")
}

/// An apply file of webhooks `range`, each taking its preset's defaults, plus extra lines per
/// webhook index.
fn file_text(range: std::ops::Range<usize>, extra: &BTreeMap<usize, &str>) -> String {
    let mut s = String::from("webhooks:\n");
    for i in range {
        s.push_str(&format!(
            "  - name: {}\n    preset: {}\n    secret_env: {SECRET_VAR}\n",
            name(i),
            PRESETS[i % PRESETS.len()]
        ));
        if let Some(e) = extra.get(&i) {
            s.push_str(e);
        }
    }
    s
}

fn assert_no_secret(r: &Run) {
    assert!(
        !r.stdout.contains(SECRET) && !r.stderr.contains(SECRET),
        "the secret was printed:\n{}\n{}",
        r.stdout,
        r.stderr
    );
}

fn apply(s: &Server, file: &Path, extra: &[&str]) -> Run {
    let mut c = s.cmd();
    c.arg("apply")
        .arg("-f")
        .arg(file)
        .args(extra)
        .env(SECRET_VAR, SECRET);
    let r = run(&mut c, None);
    assert_no_secret(&r);
    r
}

/// The server's webhooks by name.
fn webhooks(s: &Server) -> BTreeMap<String, Value> {
    let r = run(s.cmd().args(["list", "-o", "json"]), None).ok();
    r.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["name"].as_str().unwrap().to_string(), w.clone()))
        .collect()
}

fn versions(s: &Server) -> BTreeMap<String, u64> {
    webhooks(s)
        .into_iter()
        .map(|(n, w)| (n, w["version"].as_u64().unwrap()))
        .collect()
}

fn summary(r: &Run) -> Value {
    r.json()["summary"].clone()
}

fn counts(v: &Value) -> [u64; 5] {
    ["created", "updated", "deleted", "unchanged", "failed"]
        .map(|k| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}")))
}

#[test]
fn create_fifty_change_three_prune_two_then_reapply_changes_nothing() {
    let s = Server::start();
    let f = s
        .env
        .write("hooks.yaml", file_text(0..50, &BTreeMap::new()));

    let r = apply(&s, &f, &[]).ok();
    assert_eq!(counts(&summary(&r)), [50, 0, 0, 0, 0], "{}", r.stdout);
    assert!(
        r.stderr.contains("created hook-000\n") && r.stderr.contains("created hook-049\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("50 created, 0 updated, 0 deleted, 0 unchanged, 0 failed"),
        "{}",
        r.stderr
    );
    let hooks = webhooks(&s);
    assert_eq!(hooks.len(), 50);
    assert!(hooks.values().all(|w| w["has_secret"] == true));
    assert_eq!(hooks["hook-002"]["preset"], "github-member-added");
    assert_eq!(hooks["hook-002"]["secret_type"], "hmac");

    // Change three (event, sync keys + enabled, body), drop two and prune them.
    let mut extra = BTreeMap::new();
    extra.insert(0, "    event: archive_user\n");
    extra.insert(1, "    sync_keys: [email]\n    enabled: false\n");
    extra.insert(5, "    body: |\n      {\"username\": {{ data.events[0].target[0].alternateId | tojson }}, \"status\": \"Gone\"}\n");
    let changed = file_text(0..48, &extra);
    s.env.write("hooks.yaml", &changed);
    let before = versions(&s);

    let plan = apply(&s, &f, &["--dry-run", "--prune", "-o", "table"]).ok();
    assert!(
        plan.stdout
            .contains("3 to update, 2 to delete, 45 unchanged"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout
            .contains("~ update hook-000\n    event: update_user -> archive_user\n"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout
            .contains("    sync_keys: [username, email] -> [email]\n    enabled: true -> false\n"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout.contains("~ update hook-005\n    body: "),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout.contains("      +{\"username\":"),
        "{}",
        plan.stdout
    );
    assert!(
        plan.stdout.contains("- delete hook-048") && plan.stdout.contains("- delete hook-049"),
        "{}",
        plan.stdout
    );
    assert!(plan.stderr.contains("dry run: nothing was sent"));
    assert_eq!(versions(&s), before, "a dry run changed the server");

    let r = apply(&s, &f, &["--prune", "--yes"]).ok();
    assert_eq!(counts(&summary(&r)), [0, 3, 2, 45, 0], "{}", r.stdout);
    assert!(
        r.stderr.contains("updated hook-000\n") && r.stderr.contains("deleted hook-049\n"),
        "{}",
        r.stderr
    );
    let hooks = webhooks(&s);
    assert_eq!(hooks.len(), 48);
    assert_eq!(hooks["hook-000"]["event"], "archive_user");
    assert_eq!(hooks["hook-001"]["sync_keys"], serde_json::json!(["email"]));
    assert_eq!(hooks["hook-001"]["enabled"], false);
    assert!(
        hooks["hook-005"]["body"]
            .as_str()
            .unwrap()
            .contains("\"Gone\"")
    );
    assert_eq!(
        hooks["hook-000"]["version"].as_u64(),
        Some(before["hook-000"] + 1)
    );
    assert_eq!(
        hooks["hook-010"]["version"].as_u64(),
        Some(before["hook-010"])
    );

    // Once more: nothing to do, nothing sent.
    let before = versions(&s);
    let r = apply(&s, &f, &["--prune", "--yes"]).ok();
    assert_eq!(counts(&summary(&r)), [0, 0, 0, 48, 0]);
    assert!(
        r.json()["plan"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] == "unchanged")
    );
    assert_eq!(versions(&s), before);
}

#[test]
fn export_then_apply_is_a_no_op() {
    let s = Server::start();
    let mut extra = BTreeMap::new();
    extra.insert(1, "    event: archive_user\n    enabled: false\n");
    extra.insert(
        2,
        "    sync_keys: [email]\n    body: |+\n      {\"email\": {{ sender.login | tojson }}}\n\n",
    );
    extra.insert(3, "    body: \"{\\\"serial_number\\\": \\\"x\\\"}\"\n");
    let f = s.env.write("hooks.yaml", file_text(0..6, &extra));
    apply(&s, &f, &[]).ok();
    let before = versions(&s);

    let ex = run(s.cmd().arg("export"), None).ok();
    assert_no_secret(&ex);
    assert!(
        ex.stdout
            .starts_with("# oomhook apply file: 6 webhooks exported"),
        "{}",
        ex.stdout
    );
    assert!(
        ex.stdout.contains("secret_env: OOMHOOK_SECRET_HOOK_000\n"),
        "{}",
        ex.stdout
    );
    // Defaults are left out: the first webhook is name, preset and secret_env only.
    assert!(ex.stdout.contains("- name: hook-000\n  preset: okta-user-deactivated\n  secret_env: OOMHOOK_SECRET_HOOK_000\n"), "{}", ex.stdout);
    assert!(ex.stdout.contains("enabled: false"));
    let exported = s.env.write("exported.yaml", &ex.stdout);

    // No secret variables set: nothing is created or rotated, so none is needed.
    let r = run(
        s.cmd()
            .args(["apply", "--prune", "--yes", "-f"])
            .arg(&exported),
        None,
    )
    .ok();
    assert_eq!(counts(&summary(&r)), [0, 0, 0, 6, 0], "{}", r.stdout);
    assert_eq!(versions(&s), before);

    // Some by name (case-insensitively) or id.
    let id = webhooks(&s)["hook-004"]["id"].as_str().unwrap().to_string();
    let some = run(s.cmd().args(["export", "HOOK-001", &id]), None).ok();
    assert!(some.stdout.contains("name: hook-001") && some.stdout.contains("name: hook-004"));
    assert!(!some.stdout.contains("name: hook-000"));
    run(s.cmd().args(["export", "nope"]), None).code(1);

    // The exported file on an empty server creates them all, given their secrets.
    let t = Server::start();
    let mut c = t.cmd();
    c.args(["apply", "-f"]).arg(&exported);
    for i in 0..6 {
        c.env(format!("OOMHOOK_SECRET_HOOK_{i:03}"), SECRET);
    }
    let r = run(&mut c, None).ok();
    assert_no_secret(&r);
    assert_eq!(counts(&summary(&r)), [6, 0, 0, 0, 0]);
    let (a, b) = (webhooks(&s), webhooks(&t));
    for (n, w) in &a {
        for k in [
            "preset",
            "secret_type",
            "event",
            "body",
            "sync_keys",
            "enabled",
        ] {
            assert_eq!(w[k], b[n][k], "{n}.{k}");
        }
    }
}

#[test]
fn dry_run_sends_nothing() {
    let s = Server::start();
    let f = s.env.write("hooks.yaml", file_text(0..5, &BTreeMap::new()));
    let r = apply(&s, &f, &["--dry-run"]).ok();
    let report = r.json();
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["counts"]["create"], 5);
    assert!(report.get("results").is_none());
    assert!(webhooks(&s).is_empty());
    // From stdin, as a table.
    let text = file_text(0..2, &BTreeMap::new());
    let r = run(
        s.cmd()
            .args(["apply", "-f", "-", "--dry-run", "-o", "table"])
            .env(SECRET_VAR, SECRET),
        Some(text.as_bytes()),
    )
    .ok();
    assert!(
        r.stdout
            .contains("+ create hook-000 (okta-user-deactivated)"),
        "{}",
        r.stdout
    );
    assert!(webhooks(&s).is_empty());
}

#[test]
fn file_errors_are_all_listed_with_their_lines_and_nothing_is_created() {
    let s = Server::start();
    let text = "\
webhooks:
  - name: good
    preset: okta-user-deactivated
    secret_env: HOOK_SECRET
  - name: bad-field
    preset: okta-user-deactivated
    colour: blue
  - name: GOOD
    preset: okta-user-deactivated
  - name: bad-preset
    preset: okta-user-deactivatd
  - name: bad-template
    preset: okta-user-deactivated
    body: |
      {\"a\": {{ x }
  - name: inline
    preset: okta-user-deactivated
    secret: hunter2-hunter2
";
    let f = s.env.write("hooks.yaml", text);
    let r = run(
        s.cmd()
            .args(["apply", "-f", "hooks.yaml"])
            .env(SECRET_VAR, SECRET),
        None,
    )
    .code(1);
    for want in [
        "error: hooks.yaml:7: unknown field `colour`",
        "error: hooks.yaml:8: duplicate name \"GOOD\" (first at line 2",
        "error: hooks.yaml:11: webhook \"bad-preset\": unknown preset \"okta-user-deactivatd\"",
        "error: hooks.yaml:15: webhook \"bad-template\": the body does not compile",
        "error: hooks.yaml:18: inline secrets are not allowed",
        "error: 5 problems in hooks.yaml: nothing was sent",
    ] {
        assert!(
            r.stderr.contains(want),
            "missing {want:?} in:\n{}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("hunter2"));
    assert!(webhooks(&s).is_empty());

    // A YAML syntax error: line and column.
    s.env
        .write("hooks.yaml", "webhooks:\n  - name: a\n   preset: x\n");
    let r = apply(&s, Path::new("hooks.yaml"), &[]).code(1);
    assert!(
        r.stderr
            .contains("error: hooks.yaml:3:4: did not find expected '-' indicator"),
        "{}",
        r.stderr
    );

    // A secret that must be sent but cannot be read.
    s.env.write(
        "hooks.yaml",
        "webhooks:\n  - name: a\n    preset: okta-user-deactivated\n    secret_env: HOOK_SECRET\n  - name: b\n    preset: okta-user-deactivated\n    secret_env: NOT_SET_ANYWHERE\n  - name: c\n    preset: okta-user-deactivated\n  - name: d\n    preset: standard-webhooks-user-created\n    secret_env: HOOK_SECRET\n",
    );
    let r = apply(&s, Path::new("hooks.yaml"), &[]).code(1);
    assert!(r.stderr.contains("error: hooks.yaml:7: webhook \"b\": environment variable NOT_SET_ANYWHERE (secret_env) is not set"), "{}", r.stderr);
    assert!(r.stderr.contains("error: hooks.yaml:8: webhook \"c\" needs a secret (it is created): give secret_env or secret_file"), "{}", r.stderr);
    assert!(r.stderr.contains("error: hooks.yaml:12: webhook \"d\": the secret cannot be used with a hmac secret of Standard Webhooks: "), "{}", r.stderr);
    assert!(webhooks(&s).is_empty());

    // Usage: --prune without a terminal needs --yes; nothing is read or sent.
    let r = apply(&s, &f, &["--prune"]).code(2);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    run(s.cmd().arg("apply"), None).code(2);
}

#[test]
fn secrets_come_from_files_and_rotate_only_when_asked() {
    let s = Server::start();
    s.env.write("secrets/a", format!("{SECRET}\n"));
    let f = s.env.write(
        "conf/hooks.yaml",
        "webhooks:\n  - name: a\n    preset: okta-user-deactivated\n    secret_file: ../secrets/a\n  - name: b\n    preset: okta-user-created\n    secret_env: HOOK_SECRET\n",
    );
    let r = apply(&s, &f, &["-vv", "-o", "table"]).ok();
    assert!(r.stdout.contains("2 created"), "{}", r.stdout);
    let before = versions(&s);
    // A new secret in the file, sent to that webhook only.
    s.env.write("secrets/a", "a-new-secret-for-a\n");
    let r = apply(&s, &f, &["--rotate-secrets=A", "-o", "table"]).ok();
    assert!(
        r.stdout.contains("~ update a\n    secret: sent again"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("0 created, 1 updated, 0 deleted, 1 unchanged, 0 failed"),
        "{}",
        r.stdout
    );
    let after = versions(&s);
    assert_eq!(after["a"], before["a"] + 1);
    assert_eq!(after["b"], before["b"]);
    let r = apply(&s, &f, &["--rotate-secrets"]).ok();
    assert_eq!(counts(&summary(&r)), [0, 2, 0, 0, 0]);
    apply(&s, &f, &["--rotate-secrets=nope"]).code(2);
    let r = apply(&s, &f, &[]).ok();
    assert_eq!(counts(&summary(&r)), [0, 0, 0, 2, 0]);
}

#[test]
fn an_interrupted_run_converges_when_run_again() {
    const N: usize = 400;
    let s = Server::start();
    let f = s.env.write("hooks.yaml", file_text(0..N, &BTreeMap::new()));

    let mut c = s.cmd();
    c.args(["apply", "--concurrency", "1", "-f"])
        .arg(&f)
        .env(SECRET_VAR, SECRET)
        .env("OOMHOOK_RETRY_MAX", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let mut created = 0;
    while created < 20 {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("apply stopped reporting");
        created += usize::from(line.starts_with("created "));
    }
    // Stop the server halfway through.
    let (env, db) = s.kill9();
    let out = child.wait_with_output().unwrap();
    let stderr = reader.join().unwrap();
    let first = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr,
    };
    assert_no_secret(&first);
    assert_eq!(first.code, 3, "{}", first.stderr);
    let s1 = summary(&first);
    assert!(s1["failed"].as_u64().unwrap() > 0, "{s1}");
    assert!(first.stderr.contains("failed hook-"), "{}", first.stderr);

    // Restarted on the same database, apply again: it finishes the job, duplicating nothing.
    let s = Server::start_with(env, db);
    let already = webhooks(&s).len();
    assert!((20..N).contains(&already), "{already}");
    let r = apply(&s, &f, &[]).ok();
    let [created, updated, deleted, unchanged, failed] = counts(&summary(&r));
    assert_eq!(
        (
            created as usize,
            updated,
            deleted,
            unchanged as usize,
            failed
        ),
        (N - already, 0, 0, already, 0)
    );
    assert_eq!(webhooks(&s).len(), N);
    let r = apply(&s, &f, &[]).ok();
    assert_eq!(counts(&summary(&r)), [0, 0, 0, N as u64, 0]);
}

#[test]
fn a_name_differing_only_in_non_ascii_case_is_the_same_webhook() {
    let s = Server::start();
    let first = s.env.write(
        "first.yaml",
        format!("webhooks:\n  - name: Ärger-Ölhook\n    preset: okta-user-deactivated\n    secret_env: {SECRET_VAR}\n"),
    );
    apply(&s, &first, &[]).ok();
    let before = webhooks(&s);

    // The same name in lower case, with a change: an update of that webhook, never a delete
    // and a create (which would give it a new url).
    let again = s.env.write(
        "again.yaml",
        format!("webhooks:\n  - name: ärger-ölhook\n    preset: okta-user-deactivated\n    secret_env: {SECRET_VAR}\n    enabled: false\n"),
    );
    let r = apply(&s, &again, &["--prune", "--yes", "-o", "json"]).ok();
    assert_eq!(counts(&summary(&r)), [0, 1, 0, 0, 0], "{}", r.stdout);
    let after = webhooks(&s);
    assert_eq!(after.len(), 1, "{after:?}");
    let w = after.values().next().unwrap();
    assert_eq!(w["id"], before["Ärger-Ölhook"]["id"]);
    assert_eq!(w["url"], before["Ärger-Ölhook"]["url"]);
    assert_eq!(w["enabled"], false);

    // And `show` finds it by either case.
    let r = run(s.cmd().args(["show", "ÄRGER-ÖLHOOK", "-o", "json"]), None).ok();
    assert_eq!(r.json()["id"], before["Ärger-Ölhook"]["id"]);
}
