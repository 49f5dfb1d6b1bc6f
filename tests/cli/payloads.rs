//! What `serve` keeps of each delivery, against a real `serve`: `deliveries NAME --id ID`
//! shows the body as received and the headers the template saw (secrets and signatures
//! redacted), and `serve --keep-deliveries` bounds what is kept per webhook while deliveries
//! keep flowing, never losing one of the newest.

use serde_json::{Value, json};

use crate::common::{Env, Server, http, run};

fn manifest(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn deliveries(s: &Server, name: &str, limit: u32) -> Vec<Value> {
    let r = run(
        s.cmd()
            .args(["deliveries", name, "-o", "json", "--limit"])
            .arg(limit.to_string()),
        None,
    )
    .ok();
    r.json().as_array().unwrap().clone()
}

fn detail(s: &Server, name: &str, id: &str) -> Value {
    run(
        s.cmd().args(["deliveries", name, "--id", id, "-o", "json"]),
        None,
    )
    .ok()
    .json()
}

#[test]
fn a_delivery_shows_its_body_as_received_and_its_headers_without_secrets() {
    let s = Server::start();
    let secret = "github-hmac-secret-0123456789";
    s.add_hook("github-member-added", "gh", secret);
    let sent = s.send("gh", secret);
    assert_eq!(
        sent.json()["response"]["status"],
        "applied",
        "{}",
        sent.stdout
    );
    let id = deliveries(&s, "gh", 10)[0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let d = detail(&s, "gh", &id);
    assert_eq!(d["id"], id.as_str());
    assert_eq!(d["status"], "applied");
    let sample = std::fs::read(manifest(
        "presets/github/samples/organization-member-added.json",
    ))
    .unwrap();
    let body = d["payload"]["body"].as_str().unwrap();
    assert_eq!(body.as_bytes(), sample.as_slice(), "the bytes as received");
    assert_eq!(d["payload"]["size"], sample.len());
    let headers = d["payload"]["headers"].as_object().unwrap();
    assert_eq!(headers["x-github-event"], "organization", "{d}");
    assert_eq!(headers["x-hub-signature-256"], "[redacted]", "{d}");
    assert!(!d.to_string().contains(secret));

    // The table shows the same, the body pretty-printed.
    let table = run(
        s.cmd()
            .args(["deliveries", "gh", "--id", &id, "-o", "table"]),
        None,
    )
    .ok();
    assert!(
        table.stdout.contains("x-github-event: organization"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("[redacted]"), "{}", table.stdout);
    assert!(table.stdout.contains("member_added"), "{}", table.stdout);

    // An unknown id: a clear error, non-zero.
    let bad = run(
        s.cmd()
            .args(["deliveries", "gh", "--id", "no-such-delivery"]),
        None,
    );
    assert_ne!(bad.code, 0);
    assert!(
        bad.stderr.contains("no delivery no-such-delivery"),
        "{}",
        bad.stderr
    );
}

#[test]
fn retention_keeps_the_newest_deliveries_of_each_webhook_while_they_flow() {
    let env = Env::new();
    let db = env.path().join("serve.db");
    let s = Server::start_with_args(env, db, &["--keep-deliveries", "25"]);
    let secret = "auth0-header-secret-0123456789";
    let url = s.add_hook("auth0-user-created", "a0", secret);
    let sample: Value = serde_json::from_slice(
        &std::fs::read(manifest("presets/auth0/samples/user-created.json")).unwrap(),
    )
    .unwrap();
    let auth = format!("Bearer {secret}");

    // 4 senders, 60 deliveries each, all at once.
    let acknowledged: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|w| {
                let (url, auth, sample) = (&url, &auth, &sample);
                scope.spawn(move || {
                    let mut ids = Vec::new();
                    for i in 0..60 {
                        let mut p = sample.clone();
                        p["id"] = json!(format!("evt-{w}-{i}"));
                        p["data"]["object"]["email"] = json!(format!("u{w}-{i}@acme.com"));
                        let body = serde_json::to_vec(&p).unwrap();
                        let (status, _, answer) = http(
                            "POST",
                            url,
                            &[
                                ("Content-Type", "application/json"),
                                ("Authorization", auth.as_str()),
                            ],
                            &body,
                        );
                        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&answer));
                        let a: Value = serde_json::from_slice(&answer).unwrap();
                        ids.push(a["id"].as_str().unwrap().to_string());
                    }
                    ids
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(acknowledged.len(), 240);

    // The log lists every acknowledged delivery; the newest 25 keep their payloads, the
    // others none.
    let log = deliveries(&s, "a0", 1000);
    assert_eq!(log.len(), 240);
    for (k, d) in log.iter().enumerate() {
        let id = d["id"].as_str().unwrap();
        assert!(acknowledged.iter().any(|a| a == id));
        let payload = &detail(&s, "a0", id)["payload"];
        if k < 25 {
            let body = payload["body"]
                .as_str()
                .unwrap_or_else(|| panic!("{k}: {payload}"));
            let p: Value = serde_json::from_str(body).unwrap();
            assert_eq!(p["data"]["object"]["email"], d["sync_value"], "{k}");
            assert_eq!(
                payload["headers"]["authorization"],
                Value::Null,
                "{payload}"
            );
            assert!(!payload.to_string().contains(secret));
        } else {
            assert!(payload.is_null(), "{k} kept: {payload}");
        }
    }
}

#[test]
fn replay_runs_a_delivery_again_through_the_current_body_and_never_a_rejected_one() {
    let s = Server::start();
    let secret = "auth0-header-secret-0123456789";
    let url = s.add_hook("auth0-user-created", "a0", secret);
    let body = std::fs::read(manifest("presets/auth0/samples/user-created.json")).unwrap();
    let auth = format!("Bearer {secret}");
    let post = |auth: &str| {
        http(
            "POST",
            &url,
            &[
                ("Content-Type", "application/json"),
                ("Authorization", auth),
            ],
            &body,
        )
    };
    let (status, _, _) = post(&auth);
    assert_eq!(status, 200);
    // The vendor's retry of the same event is a duplicate.
    let (status, _, answer) = post(&auth);
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&answer).unwrap()["status"],
        "duplicate"
    );
    // A wrong secret: rejected, and kept for inspection.
    let (status, _, _) = post("Bearer wrong-secret");
    assert_eq!(status, 401);
    let log = deliveries(&s, "a0", 10);
    let (rejected, first) = (log[0].clone(), log[2].clone());
    assert_eq!(rejected["status"], "rejected");
    let original = first["id"].as_str().unwrap();

    // The body changes: a replay renders the recorded payload through the new one, twice.
    let body_file = s.env.write(
        "new-body.j2",
        r#"{"external_id": {{ data.object.user_id | tojson }}, "username": {{ data.object.email | tojson }}, "title": "Replayed"}"#,
    );
    run(
        s.cmd()
            .args(["update", "a0", "--body-file"])
            .arg(&body_file)
            .arg("--skip-body-check"),
        None,
    )
    .ok();
    for round in 0..2 {
        let r = run(
            s.cmd()
                .args(["replay", "a0", "--delivery", original, "-o", "json"]),
            None,
        )
        .ok();
        let done = r.json();
        let d = &done[0]["deliveries"][0];
        assert_eq!(done[0]["original"], original, "{done}");
        assert_eq!(d["status"], "applied", "round {round}: {done}");
        assert_eq!(d["action"], "updated", "round {round}: {done}");
        assert_eq!(d["replay_of"], original);
        assert_eq!(d["rendered"]["title"], "Replayed");
    }
    let log = deliveries(&s, "a0", 10);
    assert_eq!(log.len(), 5);
    assert_eq!(log[0]["replay_of"], original);
    assert_eq!(log[1]["replay_of"], original);
    assert_eq!(log[0]["record_id"], first["record_id"]);
    let record = first["record_id"].as_str().unwrap();
    let (_, user) = s.api_get(&format!("/api/v3/users/{record}"));
    assert_eq!(user["title"], "Replayed", "{user}");

    // The rejected one is refused, by name and by filter.
    let rid = rejected["id"].as_str().unwrap();
    let r = run(s.cmd().args(["replay", "a0", "--delivery", rid]), None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("never replayed"), "{}", r.stderr);
    let r = run(s.cmd().args(["replay", "a0", "--status", "rejected"]), None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("never replayed"), "{}", r.stderr);
    // The server refuses it too.
    let hook_id = run(s.cmd().args(["show", "a0", "-o", "json"]), None)
        .ok()
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _, answer) = http(
        "POST",
        &format!(
            "{}/api/v3/webhooks/{hook_id}/deliveries/{rid}/replay",
            s.url
        ),
        &[("Authorization2", s.token.as_str())],
        b"",
    );
    assert_eq!(status, 409, "{}", String::from_utf8_lossy(&answer));

    // More than one without a terminal needs --yes; the dry run replays nothing.
    let r = run(s.cmd().args(["replay", "a0", "--last", "3"]), None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    let r = run(
        s.cmd()
            .args(["replay", "a0", "--last", "3", "--dry-run", "-o", "json"]),
        None,
    )
    .ok();
    assert_eq!(r.json().as_array().unwrap().len(), 3);
    assert_eq!(deliveries(&s, "a0", 10).len(), 5);
    let r = run(
        s.cmd()
            .args(["replay", "a0", "--since", "1h", "--yes", "-o", "json"]),
        None,
    )
    .ok();
    assert_eq!(r.json().as_array().unwrap().len(), 4, "{}", r.stdout);

    // Bad input.
    let r = run(s.cmd().args(["replay", "a0", "--since", "yesterday"]), None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--since"), "{}", r.stderr);
    let r = run(s.cmd().args(["replay", "a0", "--delivery", "nope"]), None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("no delivery nope"), "{}", r.stderr);
    let r = run(s.cmd().args(["replay", "a0"]), None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("--last"), "{}", r.stderr);
}

#[test]
fn preview_against_a_webhook_says_what_a_body_change_would_do_to_each_delivery() {
    let s = Server::start();
    let secret = "auth0-header-secret-0123456789";
    let url = s.add_hook("auth0-user-created", "a0", secret);

    // No recorded payloads yet: a clear error.
    let r = run(s.cmd().args(["preview", "--webhook", "a0"]), None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("no recorded payloads"), "{}", r.stderr);

    let sample: Value = serde_json::from_slice(
        &std::fs::read(manifest("presets/auth0/samples/user-created.json")).unwrap(),
    )
    .unwrap();
    let auth = format!("Bearer {secret}");
    for i in 0..3 {
        let mut p = sample.clone();
        p["id"] = json!(format!("evt-{i}"));
        p["data"]["object"]["email"] = json!(format!("u{i}@acme.com"));
        let (status, _, _) = http(
            "POST",
            &url,
            &[
                ("Content-Type", "application/json"),
                ("Authorization", auth.as_str()),
            ],
            &serde_json::to_vec(&p).unwrap(),
        );
        assert_eq!(status, 200);
    }

    // The body as it is: nothing changes.
    let r = run(
        s.cmd().args(["preview", "--webhook", "a0", "-o", "json"]),
        None,
    )
    .ok();
    let same = r.json();
    assert_eq!(same.as_array().unwrap().len(), 3, "{same}");
    assert!(
        same.as_array()
            .unwrap()
            .iter()
            .all(|d| d["changed"] == false),
        "{same}"
    );
    assert!(
        r.stderr
            .contains("0 of 3 deliveries would render differently"),
        "{}",
        r.stderr
    );

    // A candidate that adds a field and drops the email: each delivery changes, field by field.
    let candidate = s.env.write(
        "candidate.j2",
        r#"{"external_id": {{ data.object.user_id | tojson }}, "username": {{ data.object.email | tojson }}, "title": "New"}"#,
    );
    let r = run(
        s.cmd()
            .args([
                "preview",
                "--webhook",
                "a0",
                "--last",
                "2",
                "-o",
                "json",
                "--template",
            ])
            .arg(&candidate),
        None,
    )
    .ok();
    let what = r.json();
    let list = what.as_array().unwrap();
    assert_eq!(list.len(), 2, "{what}");
    let log = deliveries(&s, "a0", 10);
    for (d, logged) in list.iter().zip(&log) {
        assert_eq!(d["delivery"], logged["id"]);
        assert_eq!(d["changed"], true, "{d}");
        let diff = d["diff"].as_array().unwrap();
        let title = diff.iter().find(|f| f["field"] == "title").unwrap();
        assert_eq!(title["before"], Value::Null);
        assert_eq!(title["after"], "New");
        let email = diff.iter().find(|f| f["field"] == "email").unwrap();
        assert_eq!(email["before"], logged["rendered"]["email"]);
        assert_eq!(email["after"], Value::Null);
        assert!(diff.iter().all(|f| f["field"] != "username"), "{d}");
    }
    assert!(
        r.stderr
            .contains("2 of 2 deliveries would render differently"),
        "{}",
        r.stderr
    );
    // Nothing was applied.
    assert_eq!(deliveries(&s, "a0", 10).len(), 3);
}

#[test]
fn follow_shows_new_deliveries_and_picks_up_where_it_left_off_across_a_restart() {
    use std::io::{BufRead, BufReader};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let env = Env::new();
    let db = env.path().join("serve.db");
    let s = Server::start_with_args(env, db, &["--listen", &listen]);
    let secret = "auth0-header-secret-0123456789";
    let url = s.add_hook("auth0-user-created", "a0", secret);
    let sample: Value = serde_json::from_slice(
        &std::fs::read(manifest("presets/auth0/samples/user-created.json")).unwrap(),
    )
    .unwrap();
    let auth = format!("Bearer {secret}");
    let post = |i: u32| {
        let mut p = sample.clone();
        p["id"] = json!(format!("evt-{i}"));
        p["data"]["object"]["email"] = json!(format!("u{i}@acme.com"));
        let (status, _, answer) = http(
            "POST",
            &url,
            &[
                ("Content-Type", "application/json"),
                ("Authorization", auth.as_str()),
            ],
            &serde_json::to_vec(&p).unwrap(),
        );
        assert_eq!(status, 200);
        serde_json::from_slice::<Value>(&answer).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let before = post(0);

    let mut follower = s
        .cmd()
        .args(["deliveries", "a0", "--follow", "-o", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = follower.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let next = || {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("a followed delivery in time");
        serde_json::from_str::<Value>(&line).unwrap()
    };
    // The follower starts from now: give it a moment to take its cursor.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let first = post(1);
    assert_eq!(next()["id"], first.as_str());

    // The server dies and comes back on the same address; what arrived meanwhile is shown.
    let (env, db) = s.kill9();
    let s = Server::start_with_args(env, db, &["--listen", &listen]);
    let second = post(2);
    let third = post(3);
    assert_eq!(next()["id"], second.as_str());
    assert_eq!(next()["id"], third.as_str());
    assert!(rx.try_recv().is_err(), "nothing else, {before} never");

    // Ctrl-C: exit 0.
    let status = std::process::Command::new("kill")
        .args(["-INT", &follower.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = follower.wait().unwrap();
    assert_eq!(code.code(), Some(0), "{code:?}");
    drop(s);
}

#[test]
fn a_secret_the_vendor_copies_into_the_body_is_never_shown_but_replays() {
    let s = Server::start();
    let secret = "graph-client-state-0123456789";
    s.add_hook("entra-id-user-created", "entra", secret);
    let f = s.env.write("send.secret", secret);
    run(
        s.cmd()
            .args(["send", "entra", "--secret-file"])
            .arg(&f)
            .args(["-o", "json"]),
        None,
    )
    .ok();
    let log = deliveries(&s, "entra", 10);
    let id = log[0]["id"].as_str().unwrap();
    let d = detail(&s, "entra", id);
    let body = d["payload"]["body"].as_str().unwrap();
    assert!(body.contains("[redacted]"), "{body}");
    assert!(!d.to_string().contains(secret), "{d}");
    // The server kept it as received: the replay passes the item secret check.
    let r = run(
        s.cmd()
            .args(["replay", "entra", "--delivery", id, "-o", "json"]),
        None,
    )
    .ok();
    let done = r.json();
    let status = done[0]["deliveries"][0]["status"].as_str().unwrap();
    assert_ne!(status, "rejected", "{done}");
    assert!(!r.stdout.contains(secret));
}
