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

// ---- 3. runaway bodies cannot starve serve, and SIGTERM stops it --------------------------------

/// A body that renders until the engine's instruction limit stops it (over a second of CPU).
const RUNAWAY: &str = "{% for i in range(100000000) %}{% endfor %}{\"email\": \"x@y.z\"}";

/// A header-secret webhook whose body is [`RUNAWAY`]; returns its URL.
fn runaway_hook(s: &Server, secret: &str) -> String {
    let body = s.env.write("runaway.j2", RUNAWAY);
    let key = s.env.write("runaway.secret", secret);
    let w = run(
        s.cmd()
            .args(["add", "--preset", "okta-user-created", "--name", "runaway"])
            .arg("--secret-file")
            .arg(&key)
            .arg("--body-file")
            .arg(&body)
            // The client's own body check would refuse it: serve is what is tested here.
            .args(["--skip-body-check", "-o", "json", "--yes"]),
        None,
    )
    .ok()
    .json();
    w["url"].as_str().unwrap().to_string()
}

/// Posts deliveries to `url` from `n` threads until `stop` is set.
fn hammer(
    url: &str,
    secret: &str,
    n: usize,
    stop: &std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..n)
        .map(|_| {
            let (url, secret, stop) = (url.to_string(), secret.to_string(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let sent = std::panic::catch_unwind(|| {
                        http(
                            "POST",
                            &url,
                            &[
                                ("Authorization", secret.as_str()),
                                ("Content-Type", "application/json"),
                            ],
                            br#"{"data": {"events": []}}"#,
                        )
                    });
                    if sent.is_err() {
                        return;
                    }
                }
            })
        })
        .collect()
}

#[test]
fn runaway_renders_leave_health_fast_and_sigterm_stops_serve() {
    let s = Server::start();
    let secret = "okta-header-secret-0123456789";
    let url = runaway_hook(&s, secret);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers = hammer(&url, secret, 6, &stop);
    std::thread::sleep(Duration::from_millis(500));
    let health = format!("{}/api/v3/health", s.url);
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let t = Instant::now();
        let (status, _, _) = http("GET", &health, &[], b"");
        assert_eq!(status, 200);
        slowest = slowest.max(t.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        slowest < Duration::from_millis(500),
        "health took {slowest:?} while bodies ran away"
    );

    // SIGTERM while renders run: serve is gone within a few seconds.
    let t = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &s.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut gone = false;
    while t.elapsed() < Duration::from_secs(6) {
        let alive = std::path::Path::new(&format!("/proc/{}", s.pid())).exists()
            && !std::fs::read_to_string(format!("/proc/{}/stat", s.pid()))
                .unwrap_or_default()
                .contains(") Z ");
        if !alive {
            gone = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(gone, "serve still running {:?} after SIGTERM", t.elapsed());
    for w in workers {
        let _ = w.join();
    }
}

// ---- 4. slow clients are cut off ---------------------------------------------------------------

/// Opens a connection to the server of `url` and returns it with the request path.
fn connect(url: &str) -> (std::net::TcpStream, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_once('/').unwrap();
    let stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    (stream, format!("/{path}"))
}

/// Writes `part` again and again every `gap` until the server closes or answers; returns how
/// long the connection lasted, what the server sent and how many parts were written.
fn trickle(
    stream: &mut std::net::TcpStream,
    head: &[u8],
    part: &[u8],
    gap: Duration,
    give_up: Duration,
) -> (Duration, Vec<u8>, usize) {
    use std::io::{Read, Write};
    let t = Instant::now();
    let mut got = Vec::new();
    let mut parts = 0;
    let _ = stream.write_all(head);
    while t.elapsed() < give_up {
        let mut buf = [0u8; 4096];
        match stream.read(&mut buf) {
            Ok(0) => return (t.elapsed(), got, parts),
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                continue;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (t.elapsed(), got, parts),
        }
        if stream.write_all(part).is_err() {
            // Closed: read what was answered.
            let _ = stream.read_to_end(&mut got);
            return (t.elapsed(), got, parts);
        }
        parts += 1;
        std::thread::sleep(gap);
    }
    (t.elapsed(), got, parts)
}

#[test]
fn trickling_heads_and_bodies_are_cut_off() {
    let s = Server::start();
    let secret = "okta-header-secret-0123456789";
    let w = add(&s, "okta-user-created", "okta", secret);
    let url = w["url"].as_str().unwrap().to_string();
    let give_up = Duration::from_secs(40);

    // A header line every 0.8 s.
    let head_url = url.clone();
    let heads = std::thread::spawn(move || {
        let (mut c, path) = connect(&head_url);
        let head = format!("POST {path} HTTP/1.1\r\nHost: x\r\n");
        trickle(
            &mut c,
            head.as_bytes(),
            b"X-Slow: 1\r\n",
            Duration::from_millis(800),
            give_up,
        )
    });
    // A body byte every 0.8 s.
    let body_url = url.clone();
    let auth = format!("Authorization: {secret}\r\n");
    let bodies = std::thread::spawn(move || {
        let (mut c, path) = connect(&body_url);
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        );
        trickle(
            &mut c,
            head.as_bytes(),
            b" ",
            Duration::from_millis(800),
            give_up,
        )
    });
    let (took, _, _) = heads.join().unwrap();
    assert!(
        took < Duration::from_secs(15),
        "a trickled head lasted {took:?}"
    );
    let (took, answer, _) = bodies.join().unwrap();
    assert!(
        took < Duration::from_secs(25),
        "a trickled body lasted {took:?}"
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

#[test]
fn a_chunked_body_over_the_limit_is_refused_while_it_is_read() {
    let s = Server::start();
    let secret = "okta-header-secret-0123456789";
    let w = add(&s, "okta-user-created", "okta", secret);
    let (mut c, path) = connect(w["url"].as_str().unwrap());
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: {secret}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    // 64 KiB chunks, one every 10 ms: 8 MiB would take 1.3 s; the answer must come after
    // about 1 MiB.
    let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
    chunk.extend(std::iter::repeat_n(b' ', 64 * 1024));
    chunk.extend_from_slice(b"\r\n");
    let (_, answer, parts) = trickle(
        &mut c,
        head.as_bytes(),
        &chunk,
        Duration::from_millis(10),
        Duration::from_secs(30),
    );
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(parts < 40, "answered only after {parts} chunks of 64 KiB");
    // How much was sent before the answer: count from the log (the delivery is logged).
    let d = run(s.cmd().args(["deliveries", "okta", "-o", "json"]), None)
        .ok()
        .json();
    assert_eq!(d[0]["reason"], "payload_too_large", "{d}");
}

// ---- 5. rejection floods are limited and counted, not logged ----------------------------------

#[test]
fn a_flood_of_rejected_deliveries_gets_429_and_leaves_samples() {
    let s = Server::start();
    let secret = "okta-header-secret-0123456789";
    let w = add(&s, "okta-user-created", "okta", secret);
    let (url, id) = (w["url"].as_str().unwrap(), w["id"].as_str().unwrap());
    let wrong = [
        ("Authorization", "wrong-secret-0123456789"),
        ("Content-Type", "application/json"),
    ];
    let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
    let mut retry_after = None;
    for _ in 0..300 {
        let (status, headers, _) = http("POST", url, &wrong, b"{}");
        *statuses.entry(status).or_default() += 1;
        if status == 429 {
            retry_after = headers
                .iter()
                .find(|(k, _)| k == "retry-after")
                .map(|(_, v)| v.parse::<u64>().unwrap());
        }
    }
    let limited = statuses.get(&429).copied().unwrap_or(0);
    assert!(limited >= 250, "{statuses:?}");
    assert!(retry_after.is_some_and(|s| s >= 1), "{retry_after:?}");

    // The real vendor still gets through during the flood.
    let (status, v) = post(
        url,
        &[("Authorization".to_string(), secret.to_string())],
        include_bytes!("../../presets/okta/samples/user-lifecycle-create.json"),
    );
    assert_eq!(status, 200, "{v}");

    // The log holds samples; the rest are counted.
    let (_, headers, body) = http(
        "GET",
        &format!("{}/api/v3/webhooks/{id}/deliveries?limit=1000", s.url),
        &[("Authorization2", &s.token)],
        b"",
    );
    let logged: Vec<Value> = serde_json::from_slice(&body).unwrap();
    let rejected = logged.iter().filter(|d| d["status"] == "rejected").count();
    assert!(rejected <= 40, "{rejected} rejections logged");
    let unlogged: u64 = headers
        .iter()
        .find(|(k, _)| k == "x-rejections-unlogged")
        .map(|(_, v)| v.parse().unwrap())
        .unwrap();
    assert_eq!(unlogged, u64::from(limited));
}

// ---- 7. credentials in a URL are never printed -------------------------------------------------

#[test]
fn a_password_in_the_server_url_stays_out_of_debug_lines_and_errors() {
    let s = Server::start();
    let with_password = s.url.replace("http://", "http://admin:hunter2-s3cret@");
    let r = run(
        s.cmd()
            .env("OOMNITZA_URL", &with_password)
            .args(["list", "-vv", "-o", "json"]),
        None,
    )
    .ok();
    assert!(r.stderr.contains("debug:"), "{}", r.stderr);
    assert!(r.stderr.contains("admin:***@"), "{}", r.stderr);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
    // Unreachable: the error names the URL, not the password.
    let r = run(
        s.env
            .cmd()
            .env("OOMNITZA_URL", "http://admin:hunter2-s3cret@127.0.0.1:9")
            .env("OOMNITZA_TOKEN", "token-0123456789abcdef")
            .env("OOMHOOK_RETRY_MAX", "0")
            .args(["list", "-vv"]),
        None,
    );
    assert_ne!(r.code, 0);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
    assert!(!r.stdout.contains("hunter2"), "{}", r.stdout);
}

// ---- 9. checks that passed too much ------------------------------------------------------------

#[test]
fn checks_refuse_what_the_contract_refuses() {
    let s = Server::start();
    // A user preset cannot archive assets (client and serve).
    let key = s.env.write("k.secret", "okta-header-secret-0123456789");
    let r = run(
        s.cmd()
            .args(["add", "--preset", "okta-user-created", "--name", "u"])
            .arg("--secret-file")
            .arg(&key)
            .args(["--event", "archive_asset", "--yes"]),
        None,
    )
    .code(2);
    assert!(r.stderr.contains("about users"), "{}", r.stderr);
    let (status, _, body) = http(
        "POST",
        &format!("{}/api/v3/webhooks", s.url),
        &[
            ("Authorization2", &s.token),
            ("Content-Type", "application/json"),
        ],
        json!({"name": "u", "preset": "okta-user-created", "event": "archive_asset",
               "secret": "okta-header-secret-0123456789"})
        .to_string()
        .as_bytes(),
    );
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
    // A secret of spaces (client and serve).
    let spaces = s.env.write("spaces.secret", "        ");
    let r = run(
        s.cmd()
            .args(["add", "--preset", "okta-user-created", "--name", "sp"])
            .arg("--secret-file")
            .arg(&spaces)
            .arg("--yes"),
        None,
    );
    assert_ne!(r.code, 0, "{}", r.stderr);
    let (status, _, _) = http(
        "POST",
        &format!("{}/api/v3/webhooks", s.url),
        &[
            ("Authorization2", &s.token),
            ("Content-Type", "application/json"),
        ],
        json!({"name": "sp", "preset": "okta-user-created", "secret": "        "})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(status, 422);
    // deliveries --limit 0, skip past 2^63, 405.
    add(
        &s,
        "okta-user-created",
        "okta",
        "okta-header-secret-0123456789",
    );
    let r = run(s.cmd().args(["deliveries", "okta", "--limit", "0"]), None).code(2);
    assert!(r.stderr.contains("--limit"), "{}", r.stderr);
    let (status, body) = s.api_get("/api/v3/webhooks?skip=9223372036854775808");
    assert_eq!(status, 422);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("9223372036854775807"),
        "{body}"
    );
    let (status, _, body) = http("PUT", &format!("{}/api/v3/health", s.url), &[], b"");
    assert_eq!(status, 405);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["errors"][0]["code"], "method_not_allowed");
}

#[test]
fn user_fields_the_contract_types_as_strings_take_only_strings() {
    let s = Server::start();
    let secret = "okta-header-secret-0123456789";
    let body = s.env.write(
        "typed.j2",
        r#"{"email": "{{ data.events[0].target[0].alternateId }}", "first_name": 5, "last_name": {"a": 1}}"#,
    );
    let key = s.env.write("typed.secret", secret);
    let w = run(
        s.cmd()
            .args(["add", "--preset", "okta-user-created", "--name", "typed"])
            .arg("--secret-file")
            .arg(&key)
            .arg("--body-file")
            .arg(&body)
            .args(["-o", "json", "--yes"]),
        None,
    )
    .ok()
    .json();
    let (status, v) = post(
        w["url"].as_str().unwrap(),
        &[("Authorization".to_string(), secret.to_string())],
        include_bytes!("../../presets/okta/samples/user-lifecycle-create.json"),
    );
    // Okta batches, so the item is refused in the batch's answer.
    assert_eq!(status, 200, "{v}");
    let item = &v["deliveries"][0];
    assert_eq!(item["status"], "rejected", "{v}");
    assert_eq!(item["reason"], "body_field_type", "{v}");
    assert!(
        item["message"].as_str().unwrap().contains("first_name"),
        "{v}"
    );
    assert!(users(&s).is_empty());
}

#[test]
fn serve_refuses_a_short_api_token() {
    let env = Env::new();
    let mut child = env
        .cmd()
        .args(["serve", "--listen", "127.0.0.1:0", "--db", ":memory:"])
        .env("OOMHOOK_SERVE_TOKEN", "abc")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if t.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(2),
        "serve started with a 3-character token: {stderr}"
    );
    assert!(stderr.contains("at least 16"), "{stderr}");
}

#[test]
fn an_empty_url_and_a_missing_token_file_are_named_not_defaulted() {
    let env = Env::new();
    // OOMNITZA_URL set but empty: a usage error, not the default server.
    let r = run(env.cmd().arg("list").env("OOMNITZA_URL", " "), None).code(2);
    assert!(
        r.stderr.contains("OOMNITZA_URL is set but empty"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("127.0.0.1"), "{}", r.stderr);

    // A token file the profile names, missing or a folder: the file is named.
    let config = env.home().join(".config/oomhook/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    let missing = env.path().join("no-such-token");
    std::fs::write(
        &config,
        format!(
            "[profiles.default]\nurl = \"http://127.0.0.1:9\"\ntoken_file = {:?}\n",
            missing.display().to_string()
        ),
    )
    .unwrap();
    let r = run(env.cmd().arg("list"), None).code(4);
    assert!(
        r.stderr
            .contains(&format!("the token file {} ", missing.display())),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("does not exist"), "{}", r.stderr);
    std::fs::create_dir_all(&missing).unwrap();
    let r = run(env.cmd().arg("list"), None).code(4);
    assert!(r.stderr.contains("is not a file"), "{}", r.stderr);
}
