//! An acknowledged delivery is durable: under a stream of deliveries the server is killed with
//! SIGKILL; after a restart on the same database every delivery answered 2xx is in the log and
//! its record exists.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{Server, http, run};

/// Posts the Okta sample as event `id`, for user `{id}@acme.com`; the status.
fn deliver(url: &str, secret: &str, sample: &serde_json::Value, id: &str) -> u16 {
    let mut p = sample.clone();
    p["data"]["events"][0]["uuid"] = id.into();
    p["data"]["events"][0]["target"][0]["alternateId"] = format!("{id}@acme.com").into();
    http(
        "POST",
        url,
        &[
            ("Authorization", secret),
            ("Content-Type", "application/json"),
        ],
        &serde_json::to_vec(&p).unwrap(),
    )
    .0
}

/// Every item of a paged API list (`path` without its query).
fn every_page(s: &Server, path: &str) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    loop {
        let (_, page) = s.api_get(&format!("{path}?limit=1000&skip={}", all.len()));
        let page = page.as_array().cloned().unwrap_or_default();
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
}

#[test]
fn every_acknowledged_delivery_survives_kill_9() {
    let s = Server::start();
    let secret = "durable-header-secret";
    let f = s.env.write("secret", secret);
    let r = run(
        s.cmd()
            .args([
                "add",
                "--preset",
                "okta-user-created",
                "--name",
                "d",
                "--secret-file",
            ])
            .arg(&f)
            .args(["-o", "json"]),
        None,
    )
    .ok();
    let url = r.json()["url"].as_str().unwrap().to_string();
    let sample: serde_json::Value = serde_json::from_str(
        &run(
            s.cmd()
                .args(["preview", "okta-user-created", "--raw", "--template"])
                .arg(s.env.write("t.j2", "{{ payload | tojson }}")),
            None,
        )
        .ok()
        .stdout,
    )
    .unwrap();

    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut workers = Vec::new();
    for w in 0..4 {
        let (url, acked, stop, sample) = (url.clone(), acked.clone(), stop.clone(), sample.clone());
        workers.push(std::thread::spawn(move || {
            let started = Instant::now();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed)
                && started.elapsed() < Duration::from_secs(20)
                && i < 5000
            {
                i += 1;
                let id = format!("w{w}-{i}");
                let result = std::panic::catch_unwind(|| {
                    deliver(&url, "durable-header-secret", &sample, &id)
                });
                match result {
                    Ok(200) => acked.lock().unwrap().push(id),
                    Ok(_) => {}
                    Err(_) => break, // the server is gone
                }
            }
        }));
    }
    std::thread::sleep(Duration::from_millis(1500));
    let (env, db) = s.kill9();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in workers {
        let _ = w.join();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() > 20,
        "the stream got going ({} acknowledged)",
        acked.len()
    );

    let s = Server::start_with(env, db);
    let have: std::collections::HashSet<String> = every_page(&s, "/api/v3/users")
        .iter()
        .filter_map(|u| u["email"].as_str().map(str::to_string))
        .collect();
    let missing: Vec<_> = acked
        .iter()
        .filter(|id| !have.contains(&format!("{id}@acme.com")))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged deliveries lost: {:?}",
        missing.len(),
        acked.len(),
        &missing[..missing.len().min(5)]
    );
    // And every acknowledged delivery is in the log as applied (the log is newest first).
    let id = run(s.cmd().args(["show", "d", "-o", "json"]), None)
        .ok()
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let logged: std::collections::HashSet<String> =
        every_page(&s, &format!("/api/v3/webhooks/{id}/deliveries"))
            .iter()
            .filter(|d| d["status"] == "applied")
            .filter_map(|d| d["vendor_event_id"].as_str().map(str::to_string))
            .collect();
    let unlogged: Vec<_> = acked.iter().filter(|id| !logged.contains(*id)).collect();
    assert!(
        unlogged.is_empty(),
        "{} acknowledged deliveries missing from the log",
        unlogged.len()
    );
}

/// Committed pages reach the database file itself while the server runs (a thread of the
/// store checkpoints the WAL after commits): the file alone, copied without its WAL after a
/// SIGKILL, already holds a webhook added moments before.
#[test]
fn commits_are_checkpointed_into_the_database_file_while_serving() {
    let s = Server::start();
    let f = s.env.write("secret", "checkpoint-header-secret");
    run(
        s.cmd()
            .args(["add", "--preset", "okta-user-created", "--name", "ck"])
            .arg("--secret-file")
            .arg(&f),
        None,
    )
    .ok();
    // The checkpoint runs just after the commit; give it a moment, then pull the plug.
    std::thread::sleep(Duration::from_millis(500));
    let (env, db) = s.kill9();
    let alone = env.path().join("file-alone.db");
    std::fs::copy(&db, &alone).unwrap();
    assert!(
        !env.path().join("file-alone.db-wal").exists(),
        "the copy has no WAL"
    );
    let s = Server::start_with(env, alone);
    let listed = run(s.cmd().args(["list", "-o", "json"]), None).ok().json();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["name"].as_str())
        .collect();
    assert_eq!(names, ["ck"], "the database file alone holds the webhook");
}

/// The writer runs a group of requests in one transaction; a request that fails in it (a
/// webhook name already taken, a stale If-Match) must take back its own changes and nobody
/// else's. Refused API writes are sent while a stream of deliveries shares their groups:
/// every delivery answered 2xx is applied and logged, and nothing refused was written.
#[test]
fn refused_writes_amid_deliveries_take_back_only_their_own_changes() {
    let s = Server::start();
    let f = s.env.write("secret", "group-header-secret");
    let r = run(
        s.cmd()
            .args(["add", "--preset", "okta-user-created", "--name", "g"])
            .arg("--secret-file")
            .arg(&f)
            .args(["-o", "json"]),
        None,
    )
    .ok();
    let url = r.json()["url"].as_str().unwrap().to_string();
    let hook = run(s.cmd().args(["show", "g", "-o", "json"]), None)
        .ok()
        .json();
    let (id, version) = (
        hook["id"].as_str().unwrap().to_string(),
        hook["version"].as_u64().unwrap(),
    );
    let sample = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("presets/okta/samples/user-lifecycle-create.json"),
    )
    .unwrap();
    let sample: serde_json::Value = serde_json::from_str(&sample).unwrap();

    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let (url, acked, stop, sample) =
                (url.clone(), acked.clone(), stop.clone(), sample.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    i += 1;
                    let id = format!("g{w}-{i}");
                    assert_eq!(deliver(&url, "group-header-secret", &sample, &id), 200);
                    acked.lock().unwrap().push(id);
                }
            })
        })
        .collect();

    // Refused writes, interleaved with the stream.
    let api = |method: &str, path: &str, extra: &[(&str, &str)], body: &str| {
        let mut headers = vec![
            ("Authorization2", s.token.as_str()),
            ("Content-Type", "application/json"),
        ];
        headers.extend_from_slice(extra);
        http(
            method,
            &format!("{}{path}", s.url),
            &headers,
            body.as_bytes(),
        )
        .0
    };
    let taken =
        r#"{"name": "G", "preset": "okta-user-created", "secret": "another-header-secret"}"#;
    let stale = format!("\"{}\"", version + 7);
    for _ in 0..150 {
        assert_eq!(api("POST", "/api/v3/webhooks", &[], taken), 409);
        assert_eq!(
            api(
                "PATCH",
                &format!("/api/v3/webhooks/{id}"),
                &[("If-Match", &stale)],
                r#"{"name": "renamed"}"#
            ),
            412
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in workers {
        w.join().expect("every delivery was answered 200");
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() > 100,
        "the stream ran ({} deliveries)",
        acked.len()
    );

    // Every acknowledged delivery is logged as applied and made its user; nothing else was.
    let mut applied = std::collections::HashSet::new();
    for d in every_page(&s, &format!("/api/v3/webhooks/{id}/deliveries")) {
        assert_eq!(d["status"], "applied", "{d}");
        applied.insert(d["vendor_event_id"].as_str().unwrap().to_string());
    }
    let want: std::collections::HashSet<String> = acked.iter().cloned().collect();
    assert_eq!(
        applied, want,
        "the log holds exactly the acknowledged deliveries"
    );
    let emails: std::collections::HashSet<String> = every_page(&s, "/api/v3/users")
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect();
    let want: std::collections::HashSet<String> =
        acked.iter().map(|id| format!("{id}@acme.com")).collect();
    assert_eq!(emails, want, "one user per acknowledged delivery");
    // The refused writes left the webhook as it was, and alone.
    let hook = run(s.cmd().args(["show", "g", "-o", "json"]), None)
        .ok()
        .json();
    assert_eq!(hook["version"].as_u64(), Some(version));
    let list = run(s.cmd().args(["list", "-o", "json"]), None).ok().json();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
}
