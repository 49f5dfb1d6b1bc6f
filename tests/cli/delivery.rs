//! The vendor side end to end: `add` from a preset, `send` a sample signed as the vendor signs
//! it, `deliveries` shows what happened, and the user (or asset) record has the rendered fields.

use crate::common::{Server, http, run};

/// Adds a webhook with a known secret; returns its URL.
fn add(s: &Server, preset: &str, name: &str, secret: &str, extra: &[&str]) -> String {
    let f = s.env.write(&format!("{name}.secret"), secret);
    let r = run(
        s.cmd()
            .args(["add", "--preset", preset, "--name", name, "--secret-file"])
            .arg(&f)
            .args(extra)
            // The bodies here are written for the tests' own payloads, not the preset's samples.
            .arg("--skip-body-check")
            .args(["-o", "json"]),
        None,
    )
    .ok();
    r.json()["url"].as_str().unwrap().to_string()
}

fn send(s: &Server, name: &str, secret: &str, extra: &[&str]) -> crate::common::Run {
    let f = s.env.write(&format!("{name}.send-secret"), secret);
    run(
        s.cmd()
            .args(["send", name, "--secret-file"])
            .arg(&f)
            .args(extra)
            .args(["-o", "json"]),
        None,
    )
}

#[test]
fn header_secret_family_okta() {
    let s = Server::start();
    add(
        &s,
        "okta-user-created",
        "okta-created",
        "okta-header-secret-1",
        &[],
    );
    add(
        &s,
        "okta-user-deactivated",
        "okta-deactivated",
        "okta-header-secret-2",
        &[],
    );

    // Created (from the deactivation sample's user, as a creation event), then deactivated: the
    // user record has the rendered fields.
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("presets/okta/samples/user-lifecycle-deactivate.json"),
    )
    .unwrap()
    .replace("user.lifecycle.deactivate", "user.lifecycle.create")
    .replace(
        "14a42b00-74e5-11ee-8a5a-69d62fcd0f8b",
        "0f0e0d0c-74e5-11ee-8a5a-69d62fcd0f8b",
    );
    let created = s.env.write("created.json", sample);
    let r = send(
        &s,
        "okta-created",
        "okta-header-secret-1",
        &["--payload", created.to_str().unwrap()],
    )
    .ok();
    assert_eq!(r.json()["status"], 200, "{}", r.stdout);
    let d = s.deliveries("okta-created");
    assert_eq!(d[0]["status"], "applied");
    assert_eq!(d[0]["action"], "created");
    let user_key = d[0]["sync_value"].as_str().unwrap().to_string();

    let r = send(&s, "okta-deactivated", "okta-header-secret-2", &[]).ok();
    assert_eq!(
        r.json()["response"]["deliveries"][0]["status"],
        "applied",
        "{}",
        r.stdout
    );
    let (status, user) = s.api_get(&format!("/api/v3/users/{user_key}"));
    assert_eq!(status, 200, "{user}");
    assert_eq!(user["status"], "Inactive");

    // The same event again is a duplicate and changes nothing.
    let r = send(&s, "okta-deactivated", "okta-header-secret-2", &[]).ok();
    assert_eq!(
        r.json()["response"]["deliveries"][0]["status"],
        "duplicate",
        "{}",
        r.stdout
    );

    // A wrong secret is rejected, logged, and changes nothing.
    let r = send(&s, "okta-created", "not-the-right-secret", &[]).code(1);
    assert!(
        r.stdout.contains("401") || r.stderr.contains("401"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
    let d = s.deliveries("okta-created");
    assert_eq!(d[0]["status"], "rejected");
    assert_eq!(d.len(), 2);
}

#[test]
fn hmac_family_github_slack_zoom_standard_webhooks() {
    let s = Server::start();
    for (preset, name) in [
        ("github-member-added", "gh"),
        ("slack-team-join", "slack"),
        ("zoom-user-created", "zoom"),
        ("standard-webhooks-user-created", "stdwh"),
        ("zendesk-user-created", "zendesk"),
    ] {
        let secret = if preset.starts_with("standard") {
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        } else {
            "hmac-secret-0123456789"
        };
        add(&s, preset, name, secret, &[]);
        let r = send(&s, name, secret, &[]).ok();
        let v = r.json();
        assert_eq!(v["status"], 200, "{preset}: {}", r.stdout);
        assert_eq!(v["response"]["status"], "applied", "{preset}: {}", r.stdout);
        assert_eq!(v["response"]["action"], "created", "{preset}");
        let key = v["response"]["sync_value"].as_str().unwrap();
        let (status, user) = s.api_get(&format!("/api/v3/users/{key}"));
        if status == 200 {
            assert!(user.is_object());
        }
        // Wrong secret: rejected, nothing changed.
        let before = s
            .api_get("/api/v3/users?limit=1000")
            .1
            .as_array()
            .unwrap()
            .len();
        let wrong = if preset.starts_with("standard") {
            "whsec_QW5vdGhlclNlY3JldEtleTAxMjM0NTY="
        } else {
            "another-secret-0000000"
        };
        send(&s, name, wrong, &[]).code(1);
        let d = s.deliveries(name);
        assert_eq!(d[0]["status"], "rejected", "{preset}");
        assert_eq!(
            s.api_get("/api/v3/users?limit=1000")
                .1
                .as_array()
                .unwrap()
                .len(),
            before
        );
    }
}

#[test]
fn stale_timestamp_and_tampered_body_are_rejected() {
    let s = Server::start();
    let secret = "hmac-secret-0123456789";
    let url = add(&s, "slack-team-join", "slack", secret, &[]);
    let body = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("presets/slack/samples/team-join.json"),
    )
    .or_else(|_| {
        // The sample's file name is the preset's business; take the first sample via preview.
        let r = run(
            s.cmd()
                .args(["presets", "show", "slack-team-join", "-o", "json"]),
            None,
        )
        .ok();
        let file = r.json()["samples"][0]["file"].as_str().unwrap().to_string();
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("presets/slack")
                .join(file),
        )
    })
    .unwrap();
    let body_file = s.env.write("body.json", &body);
    let secret_file = s.env.write("s", secret);
    let sign = |ts: i64| {
        let r = run(
            s.cmd()
                .args(["sign", "--preset", "slack-team-join", "--payload"])
                .arg(&body_file)
                .arg("--secret-file")
                .arg(&secret_file)
                .args(["--timestamp", &ts.to_string(), "-o", "json"]),
            None,
        )
        .ok();
        r.json()
    };
    let post = |h: &serde_json::Value, body: &[u8]| {
        let mut headers: Vec<(&str, &str)> = vec![("Content-Type", "application/json")];
        for (k, v) in h.as_object().unwrap() {
            headers.push((k.as_str(), v.as_str().unwrap()));
        }
        http("POST", &url, &headers, body).0
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert_eq!(post(&sign(now - 3600), &body), 401, "stale");
    let mut tampered = body.clone();
    let pos = tampered.iter().position(|b| *b == b'a').unwrap();
    tampered[pos] = b'b';
    assert_eq!(post(&sign(now), &tampered), 401, "tampered");
    let d = s.deliveries("slack");
    assert_eq!(d.len(), 2);
    assert!(d.iter().all(|x| x["status"] == "rejected"));
    assert_eq!(
        s.api_get("/api/v3/users").1.as_array().unwrap().len(),
        0,
        "nothing changed"
    );
    assert_eq!(post(&sign(now), &body), 200, "fresh and intact");
}

#[test]
fn an_empty_first_sync_key_falls_back_to_the_second() {
    let s = Server::start();
    // A body whose first sync key (email) is empty: the second (username) finds the record.
    let body = s.env.write(
        "body.j2",
        "{\"email\": {{ email | tojson }}, \"username\": {{ login | tojson }}, \"title\": {{ title | tojson }}}",
    );
    let secret = "header-secret-abcdef";
    add(
        &s,
        "jumpcloud-user-created",
        "jc",
        secret,
        &[
            "--body-file",
            body.to_str().unwrap(),
            "--sync-key",
            "email",
            "--sync-key",
            "username",
        ],
    );
    let p1 = s.env.write(
        "p1.json",
        r#"{"email": "ann@acme.com", "login": "ann", "title": "one", "id": "e1", "event_type": "user_create"}"#,
    );
    let p2 = s.env.write(
        "p2.json",
        r#"{"email": "", "login": "ann", "title": "two", "id": "e2", "event_type": "user_create"}"#,
    );
    send(&s, "jc", secret, &["--payload", p1.to_str().unwrap()]).ok();
    let r = send(&s, "jc", secret, &["--payload", p2.to_str().unwrap()]).ok();
    let v = r.json();
    assert_eq!(v["response"]["sync_key"], "username", "{}", r.stdout);
    assert_eq!(v["response"]["action"], "updated");
    let (_, user) = s.api_get("/api/v3/users/ann");
    assert_eq!(user["title"], "two");
    assert_eq!(s.api_get("/api/v3/users").1.as_array().unwrap().len(), 1);
}

/// Records index the values of the fields they are looked up by. A webhook added (or
/// changed) to sync by a field no webhook used before finds the records that already have it.
#[test]
fn a_new_sync_key_finds_records_written_before_it() {
    let s = Server::start();
    let secret = "header-secret-abcdef";
    let body = s.env.write(
        "create.j2",
        "{\"email\": {{ email | tojson }}, \"username\": {{ login | tojson }}, \"badge\": {{ badge | tojson }}, \"desk\": {{ desk | tojson }}}",
    );
    add(
        &s,
        "jumpcloud-user-created",
        "hire",
        secret,
        &["--body-file", body.to_str().unwrap()],
    );
    for (login, badge, desk) in [("ann", "B-17", "4.01"), ("bob", "B-18", "4.02")] {
        let p = s.env.write(
            &format!("{login}.json"),
            format!(r#"{{"email": "{login}@acme.com", "login": "{login}", "badge": "{badge}", "desk": "{desk}", "id": "{login}", "event_type": "user_create"}}"#),
        );
        send(&s, "hire", secret, &["--payload", p.to_str().unwrap()]).ok();
    }

    // A second webhook updates users found by badge, a field no webhook synced by before.
    let body = s.env.write(
        "move.j2",
        "{\"badge\": {{ badge | tojson }}, \"desk\": {{ desk | tojson }}}",
    );
    add(
        &s,
        "jumpcloud-user-created",
        "move",
        secret,
        &[
            "--body-file",
            body.to_str().unwrap(),
            "--event",
            "update_user",
            "--sync-key",
            "badge",
        ],
    );
    // Sends a payload to "move"; the delivery as the server answered it.
    let moved = |n: u32, payload: &str| {
        let p = s.env.write(&format!("move{n}.json"), payload);
        let r = send(&s, "move", secret, &["--payload", p.to_str().unwrap()]).ok();
        r.json()["response"].clone()
    };
    let resync = |key: &str| {
        run(
            s.cmd().args(["update", "move", "--sync-key", key, "--yes"]),
            None,
        )
        .ok();
    };
    let d = moved(
        1,
        r#"{"badge": "B-18", "desk": "7.10", "id": "m1", "event_type": "user_create"}"#,
    );
    assert_eq!(d["sync_key"], "badge", "{d}");
    assert_eq!(d["action"], "updated", "{d}");
    assert_eq!(s.api_get("/api/v3/users/bob").1["desk"], "7.10");
    assert_eq!(s.api_get("/api/v3/users/ann").1["desk"], "4.01");

    // Changed to sync by desk: found by the value the update above wrote.
    resync("desk");
    let d = moved(
        2,
        r#"{"badge": "B-99", "desk": "7.10", "id": "m2", "event_type": "user_create"}"#,
    );
    assert_eq!(d["sync_key"], "desk", "{d}");
    assert_eq!(d["action"], "updated", "{d}");
    assert_eq!(s.api_get("/api/v3/users/bob").1["badge"], "B-99");
    // And the old badge no longer finds anyone: the index followed the change.
    resync("badge");
    let d = moved(
        3,
        r#"{"badge": "B-18", "desk": "1.00", "id": "m3", "event_type": "user_create"}"#,
    );
    assert_eq!(d["status"], "skipped", "{d}");
    assert_eq!(d["reason"], "user_not_found", "{d}");
    assert_eq!(s.api_get("/api/v3/users").1.as_array().unwrap().len(), 2);
}

#[test]
fn asset_events_apply_to_assets() {
    let s = Server::start();
    let secret = "jamf-header-secret-1";
    add(&s, "jamf-computer-added", "jamf", secret, &[]);
    let r = send(&s, "jamf", secret, &[]).ok();
    let v = r.json();
    assert_eq!(v["response"]["status"], "applied", "{}", r.stdout);
    let serial = v["response"]["sync_value"].as_str().unwrap();
    let (status, asset) = s.api_get(&format!("/api/v3/assets/{serial}"));
    assert_eq!(status, 200, "{asset}");
    assert_eq!(asset["serial_number"], serial);
}

#[test]
fn bad_input_at_the_webhook_url_gets_a_4xx_and_is_logged() {
    let s = Server::start();
    let secret = "okta-header-secret-1";
    let url = add(&s, "okta-user-created", "okta", secret, &[]);
    let auth = [
        ("Authorization", secret),
        ("Content-Type", "application/json"),
    ];
    assert_eq!(http("POST", &url, &auth, b"{not json").0, 400);
    let huge = vec![b' '; 2 * 1024 * 1024];
    assert_eq!(http("POST", &url, &auth, &huge).0, 413);
    assert_eq!(
        http(
            "POST",
            &url,
            &[("Authorization", secret), ("Content-Type", "text/plain")],
            b"{}"
        )
        .0,
        415
    );
    assert_eq!(
        http("POST", &url, &[("Content-Type", "application/json")], b"{}").0,
        401
    );
    assert_eq!(http("POST", &format!("{url}nope"), &auth, b"{}").0, 404);
    // The server is unharmed.
    let r = send(&s, "okta", secret, &[]).ok();
    assert_eq!(r.json()["response"]["deliveries"][0]["status"], "applied");
    let d = s.deliveries("okta");
    assert!(
        d.iter().filter(|x| x["status"] == "rejected").count() >= 3,
        "{d:?}"
    );
}

#[test]
fn okta_verification_challenge_is_answered() {
    let s = Server::start();
    let secret = "okta-header-secret-1";
    let url = add(&s, "okta-user-deactivated", "okta", secret, &[]);
    let (status, _, body) = http(
        "GET",
        &url,
        &[
            ("X-Okta-Verification-Challenge", "abc123"),
            ("Authorization", secret),
        ],
        b"",
    );
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["verification"], "abc123");
}

/// The users whose `field` is `value`, from the server's user list.
fn users_with(s: &Server, field: &str, value: &str) -> Vec<serde_json::Value> {
    let (status, list) = s.api_get("/api/v3/users?limit=1000");
    assert_eq!(status, 200, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .filter(|u| u[field] == value)
        .cloned()
        .collect()
}

#[test]
fn hibob_sha512_end_to_end_with_its_connection_test() {
    let s = Server::start();
    let secret = "bob-webhook-secret-7Hq2";
    let created_url = add(&s, "hibob-employee-created", "bob-created", secret, &[]);
    add(&s, "hibob-employee-left", "bob-left", secret, &[]);

    // Bob's connection test, as text and as JSON, unsigned: answered 200, nothing applied.
    for (body, content_type) in [
        (&b"Ping test"[..], "text/plain"),
        (br#"{"text":"Ping test"}"#, "application/json"),
    ] {
        let (status, _, reply) = http(
            "POST",
            &created_url,
            &[("Content-Type", content_type)],
            body,
        );
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&reply));
        let v: serde_json::Value = serde_json::from_slice(&reply).unwrap();
        assert_eq!(v["ok"], true);
    }
    assert!(
        s.deliveries("bob-created")
            .iter()
            .all(|d| d["status"] != "applied"),
        "the connection test applies nothing"
    );
    let employee = "3332883894235038486";
    assert!(users_with(&s, "external_id", employee).is_empty());

    // employee.created, signed with HMAC-SHA512 by `send`: the user exists, keyed by the Bob id.
    let r = send(&s, "bob-created", secret, &[]).ok();
    let v = r.json();
    assert_eq!(v["status"], 200, "{}", r.stdout);
    assert_eq!(v["response"]["status"], "applied", "{}", r.stdout);
    assert_eq!(v["response"]["action"], "created", "{}", r.stdout);
    assert_eq!(v["response"]["sync_value"], employee);
    let users = users_with(&s, "external_id", employee);
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0]["status"], "Active");

    // employee.left on the second webhook: the same user, now Inactive.
    let r = send(&s, "bob-left", secret, &[]).ok();
    let v = r.json();
    assert_eq!(v["response"]["status"], "applied", "{}", r.stdout);
    assert_eq!(v["response"]["action"], "updated", "{}", r.stdout);
    let users = users_with(&s, "external_id", employee);
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0]["status"], "Inactive");

    // A signature made with another secret is rejected and changes nothing.
    send(&s, "bob-left", "another-bob-secret-000", &[]).code(1);
    let d = s.deliveries("bob-left");
    assert_eq!(d[0]["status"], "rejected");
    assert_eq!(
        users_with(&s, "external_id", employee)[0]["status"],
        "Inactive"
    );
}
