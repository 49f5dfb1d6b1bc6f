//! `serve` and the CLI against a hostile sender or a careless body: what someone who knows only
//! a webhook's URL (or who picks a webhook's name) must not be able to do. Every test drives the
//! real binary against a real `serve` on loopback.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{Env, Run, Server, http, run};

/// Creates a webhook from a preset with a known secret; returns its JSON.
fn add(s: &Server, preset: &str, name: &str, secret: &str) -> Value {
    let f = s.env.write(&format!("{}.secret", name.len()), secret);
    run(
        s.cmd()
            .args(["add", "--preset", preset, "--name", name, "--secret-file"])
            .arg(&f)
            .args(["-o", "json", "--yes"]),
        None,
    )
    .ok()
    .json()
}

/// The headers `oomhook sign` gives for a body, as (name, value) pairs.
fn signed(env: &Env, preset: &str, body: &[u8], secret: &str) -> Vec<(String, String)> {
    let payload = env.write("sign.body", body);
    let key = env.write("sign.secret", secret);
    let h = run(
        env.cmd()
            .args(["sign", "--preset", preset, "--payload"])
            .arg(&payload)
            .arg("--secret-file")
            .arg(&key)
            .args(["-o", "json"]),
        None,
    )
    .ok()
    .json();
    h.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}

fn post(url: &str, headers: &[(String, String)], body: &[u8]) -> (u16, Value) {
    let mut h: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    h.push(("Content-Type", "application/json"));
    let (status, _, body) = http("POST", url, &h, body);
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn users(s: &Server) -> Vec<Value> {
    let (status, v) = s.api_get("/api/v3/users");
    assert_eq!(status, 200, "{v}");
    v.as_array().cloned().unwrap_or_default()
}

// ---- 1. handshakes are no signing oracle ----------------------------------------------------

#[test]
fn zoom_validation_is_answered_only_when_signed() {
    let s = Server::start();
    let secret = "zoom-secret-token-0123456789";
    let w = add(&s, "zoom-user-created", "zoom", secret);
    let url = w["url"].as_str().unwrap();

    // The attack: ask the server to sign a forged delivery's signing string.
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let forged = r#"{"event":"user.created","payload":{"object":{"email":"mallory@evil.test","first_name":"M","last_name":"X","id":"z1"}}}"#;
    let plain = format!("v0:{ts}:{forged}");
    let validation = json!({"event": "endpoint.url_validation",
                            "payload": {"plainToken": plain}, "event_ts": ts})
    .to_string();
    let (status, v) = post(url, &[], validation.as_bytes());
    assert_eq!(status, 401, "an unsigned validation is refused: {v}");
    assert!(v.get("encryptedToken").is_none(), "{v}");
    // Even a guessed signature gets nothing.
    let wrong = [
        ("x-zm-request-timestamp".to_string(), ts.to_string()),
        (
            "x-zm-signature".to_string(),
            format!("v0={}", "0".repeat(64)),
        ),
    ];
    assert_eq!(post(url, &wrong, validation.as_bytes()).0, 401);
    assert!(users(&s).is_empty());

    // Zoom's own validation, signed with the secret, is answered.
    let body = json!({"event": "endpoint.url_validation",
                      "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"}, "event_ts": ts})
    .to_string();
    let h = signed(&s.env, "zoom-user-created", body.as_bytes(), secret);
    let (status, v) = post(url, &h, body.as_bytes());
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["plainToken"], "qgg8vlvZRS6UYooatFL8Aw");
    assert_eq!(v["encryptedToken"].as_str().unwrap().len(), 64);
}

#[test]
fn slack_and_okta_handshakes_need_the_secret() {
    let s = Server::start();
    let secret = "slack-signing-secret-0123456789";
    let slack = add(&s, "slack-team-join", "slack", secret);
    let url = slack["url"].as_str().unwrap();
    let body = br#"{"type":"url_verification","challenge":"<script>x</script>","token":"t"}"#;
    let (status, v) = post(url, &[], body);
    assert_eq!(status, 401, "{v}");
    let h = signed(&s.env, "slack-team-join", body, secret);
    let (status, v) = post(url, &h, body);
    assert_eq!(
        (status, &v["challenge"]),
        (200, &json!("<script>x</script>"))
    );

    let okta_secret = "okta-header-secret-0123456789";
    let okta = add(&s, "okta-user-deactivated", "okta", okta_secret);
    let url = okta["url"].as_str().unwrap();
    let (status, _, _) = http("GET", url, &[("X-Okta-Verification-Challenge", "c1")], b"");
    assert_eq!(status, 401);
    let (status, _, body) = http(
        "GET",
        url,
        &[
            ("X-Okta-Verification-Challenge", "c1"),
            ("Authorization", okta_secret),
        ],
        b"",
    );
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap(),
        json!({"verification": "c1"})
    );
}

/// `POST /api/v3/webhooks` with the server's token: status and body.
fn api_create(s: &Server, name: &str) -> (u16, Value) {
    let body = json!({"name": name, "preset": "okta-user-created",
                      "secret": "okta-header-secret-0123456789"})
    .to_string();
    let (status, _, out) = http(
        "POST",
        &format!("{}/api/v3/webhooks", s.url),
        &[
            ("Authorization2", &s.token),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    );
    (status, serde_json::from_slice(&out).unwrap_or(Value::Null))
}

fn add_named(s: &Server, name: &str) -> Run {
    let f = s.env.write("named.secret", "okta-header-secret-0123456789");
    run(
        s.cmd()
            .args(["add", "--preset", "okta-user-created", "--name", name])
            .arg("--secret-file")
            .arg(&f)
            .args(["-o", "json", "--yes"]),
        None,
    )
}

// ---- 2. ids and names are never confused ------------------------------------------------------

#[test]
fn a_name_cannot_be_another_webhooks_id() {
    let s = Server::start();
    let a = add(
        &s,
        "okta-user-created",
        "alpha",
        "okta-header-secret-0123456789",
    );
    let a_id = a["id"].as_str().unwrap();

    // Neither the client nor `serve` lets a name take an id's form.
    let r = add_named(&s, a_id).code(2);
    assert!(r.stderr.contains("form of a webhook id"), "{}", r.stderr);
    let (status, v) = api_create(&s, a_id);
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["errors"][0]["field"], "name");
    assert_eq!(api_create(&s, &a_id.to_uppercase()).0, 422);
    assert_eq!(api_create(&s, "12345").0, 422);
    let b = add(
        &s,
        "okta-user-created",
        "bravo",
        "okta-header-secret-0123456789",
    );
    let r = run(
        s.cmd()
            .args(["update", "bravo", "--name", a_id, "--yes", "-o", "json"]),
        None,
    )
    .code(2);
    assert!(r.stderr.contains("form of a webhook id"), "{}", r.stderr);

    // `show` and `delete` by id reach that webhook and no other.
    let shown = run(s.cmd().args(["show", a_id, "-o", "json"]), None)
        .ok()
        .json();
    assert_eq!(shown["name"], "alpha");
    run(s.cmd().args(["delete", a_id, "--yes"]), None).ok();
    let left = run(s.cmd().args(["list", "-o", "json"]), None).ok().json();
    let names: Vec<&str> = left
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["bravo"]);
    // An id that names nothing is not looked up as a name.
    let r = run(s.cmd().args(["delete", a_id, "--yes"]), None);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("no webhook with id"), "{}", r.stderr);
    assert_eq!(b["name"], "bravo");
}

// ---- 8. confusable names ----------------------------------------------------------------------

#[test]
fn look_alike_names_are_one_name_and_hidden_characters_are_refused() {
    let s = Server::start();
    // Refused outright, by the client and by `serve` with the same rule.
    for bad in [
        "okta1 ",
        " okta1",
        "ok\u{200b}ta",
        "user\u{202e}txt.exe",
        "ok\tta",
        "ok\nta",
    ] {
        let r = add_named(&s, bad).code(2);
        assert!(r.stderr.contains("--name"), "{bad:?}: {}", r.stderr);
        let (status, v) = api_create(&s, bad);
        assert_eq!(status, 422, "{bad:?}: {v}");
        assert_eq!(v["errors"][0]["field"], "name", "{v}");
    }
    // Accepted once; a look-alike of an existing name is a conflict.
    add_named(&s, "caf\u{e9}").ok();
    add_named(&s, "okta1").ok();
    for twin in [
        "cafe\u{301}",
        "CAF\u{c9}",
        "\u{ff4f}\u{ff4b}\u{ff54}\u{ff41}1",
        "OKTA1",
    ] {
        let (status, v) = api_create(&s, twin);
        assert_eq!(status, 409, "{twin:?}: {v}");
        assert_ne!(add_named(&s, twin).code, 0, "{twin:?}");
    }
    let list = run(s.cmd().args(["list", "-o", "json"]), None).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    // Found by any of its look-alikes.
    let shown = run(s.cmd().args(["show", "cafe\u{301}", "-o", "json"]), None)
        .ok()
        .json();
    assert_eq!(shown["name"], "caf\u{e9}");
}
