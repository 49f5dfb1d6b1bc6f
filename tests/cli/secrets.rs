//! Secrets never leak: webhook secrets and the API token appear in no command's stdout or
//! stderr, at any verbosity, in any format, on success or failure, nor in any answer of the API.

use std::process::Command;

use serde_json::{Value, json};

use crate::client_api::{create_raw, http, secret_file};
use crate::common::{Run, Server, run};

const HEADER_SECRET: &str = "hdr-Secret-7c1e9b2f4a";
const HMAC_SECRET: &str = "hmac-Secret-3d8a6f0b1c";
const ROTATED_SECRET: &str = "rot-Secret-5e2c7a9d0f";
const ENV_SECRET: &str = "env-Secret-9a4b2c7d1e";
const WRONG_TOKEN: &str = "wrong-Token-8b3f1d6e2a";

/// Every value that must never be shown, and a distinctive tail of each (a partial leak counts).
fn needles(server: &Server) -> Vec<String> {
    let mut n: Vec<String> = [
        HEADER_SECRET,
        HMAC_SECRET,
        ROTATED_SECRET,
        ENV_SECRET,
        WRONG_TOKEN,
        &server.token,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let tails: Vec<String> = n.iter().map(|s| s[s.len() - 10..].to_string()).collect();
    n.extend(tails);
    n
}

/// Runs a command and checks neither stream shows a secret.
fn checked(server: &Server, what: &str, cmd: &mut Command, stdin: Option<&[u8]>) -> Run {
    let r = run(cmd, stdin);
    for n in needles(server) {
        assert!(
            !r.stdout.contains(&n),
            "{what}: stdout shows {n:?}\n{}",
            r.stdout
        );
        assert!(
            !r.stderr.contains(&n),
            "{what}: stderr shows {n:?}\n{}",
            r.stderr
        );
    }
    r
}

/// Checks an API answer shows no secret.
fn clean_answer(server: &Server, what: &str, body: &str) {
    for n in needles(server) {
        assert!(
            !body.contains(&n),
            "{what}: the API answer shows {n:?}\n{body}"
        );
    }
}

/// A server with a header-secret webhook `hdr` and an HMAC one `mac`.
fn server_with_hooks() -> Server {
    let server = Server::start();
    let f = secret_file(&server, "hdr.txt", HEADER_SECRET);
    checked(
        &server,
        "add header -vv",
        server
            .cmd()
            .args([
                "-v",
                "-v",
                "-o",
                "table",
                "add",
                "--preset",
                "okta-user-deactivated",
                "--name",
                "hdr",
            ])
            .arg("--secret-file")
            .arg(&f),
        None,
    )
    .ok();
    checked(
        &server,
        "add hmac -vv (stdin)",
        server.cmd().args([
            "-v",
            "-v",
            "-o",
            "json",
            "add",
            "--preset",
            "github-member-added",
            "--name",
            "mac",
            "--secret-stdin",
        ]),
        Some(format!("{HMAC_SECRET}\n").as_bytes()),
    )
    .ok();
    server
}

#[test]
fn reading_commands_never_show_a_secret() {
    let server = server_with_hooks();
    for format in ["table", "json", "yaml"] {
        for args in [
            vec!["list"],
            vec!["show", "hdr"],
            vec!["show", "mac"],
            vec!["deliveries", "hdr"],
            vec!["whoami"],
            vec!["config", "show"],
        ] {
            for verbosity in [&[][..], &["-v", "-v"][..]] {
                let what = format!("{format} {verbosity:?} {args:?}");
                checked(
                    &server,
                    &what,
                    server
                        .cmd()
                        .args(["-o", format])
                        .args(verbosity)
                        .args(&args),
                    None,
                )
                .ok();
            }
        }
        // Not built everywhere yet: whatever it says, it says no secret.
        checked(
            &server,
            "export",
            server.cmd().args(["-v", "-v", "-o", format, "export"]),
            None,
        );
    }
    let show = checked(
        &server,
        "show json",
        server.cmd().args(["-o", "json", "show", "hdr"]),
        None,
    )
    .ok()
    .json();
    assert_eq!(show["has_secret"], true, "the secret was stored");
    assert!(show.get("secret").is_none());
}

#[test]
fn dry_runs_never_show_a_secret() {
    let server = server_with_hooks();
    let rot = secret_file(&server, "rot.txt", ROTATED_SECRET);
    for format in ["table", "json", "yaml"] {
        let r = checked(
            &server,
            "add --dry-run",
            server
                .cmd()
                .args([
                    "-v",
                    "-v",
                    "-o",
                    format,
                    "add",
                    "--dry-run",
                    "--preset",
                    "okta-user-deactivated",
                    "--name",
                    "dry",
                ])
                .arg("--secret-file")
                .arg(&rot),
            None,
        )
        .ok();
        assert!(r.stdout.contains("redacted"), "{}", r.stdout);
        let r = checked(
            &server,
            "update --dry-run",
            server
                .cmd()
                .args(["-v", "-v", "-o", format, "update", "hdr", "--dry-run"])
                .arg("--secret-file")
                .arg(&rot),
            None,
        )
        .ok();
        assert!(r.stdout.contains("redacted"), "{}", r.stdout);
    }
    // From the environment, too.
    checked(
        &server,
        "add --dry-run with OOMHOOK_SECRET",
        server.cmd().env("OOMHOOK_SECRET", ENV_SECRET).args([
            "-v",
            "-v",
            "add",
            "--dry-run",
            "--preset",
            "okta-user-deactivated",
            "--name",
            "dry-env",
        ]),
        None,
    )
    .ok();
    let apply_file = server.env.write(
        "apply.yaml",
        "webhooks:\n  - name: applied\n    preset: okta-user-deactivated\n    secret_env: APPLIED_SECRET\n",
    );
    checked(
        &server,
        "apply --dry-run",
        server
            .cmd()
            .env("APPLIED_SECRET", ENV_SECRET)
            .args(["-v", "-v", "apply", "--dry-run", "-f"])
            .arg(&apply_file),
        None,
    );
    assert_eq!(
        crate::client_api::total(&server),
        2,
        "dry runs create nothing"
    );
}

#[test]
fn writes_and_their_failures_never_show_a_secret() {
    let server = server_with_hooks();
    let rot = secret_file(&server, "rot.txt", ROTATED_SECRET);
    let hdr = secret_file(&server, "hdr-again.txt", HEADER_SECRET);

    let r = checked(
        &server,
        "update -vv with a new secret",
        server
            .cmd()
            .args(["-v", "-v", "-o", "json", "update", "hdr"])
            .arg("--secret-file")
            .arg(&rot),
        None,
    )
    .ok();
    assert_eq!(r.json()["version"], 2);

    // Delivering a sample as the vendor would: the response, not the credential, is shown.
    for format in ["table", "json"] {
        checked(
            &server,
            "send",
            server
                .cmd()
                .args(["-v", "-v", "-o", format, "send", "hdr", "--secret-file"])
                .arg(&rot),
            None,
        )
        .ok();
    }

    let failures: Vec<(&str, Vec<&str>, i32)> = vec![
        (
            "bad sync key",
            vec![
                "add",
                "--preset",
                "okta-user-deactivated",
                "--name",
                "bad",
                "--sync-key",
                "bad-key",
            ],
            2,
        ),
        (
            "taken name",
            vec!["add", "--preset", "okta-user-deactivated", "--name", "HDR"],
            1,
        ),
        (
            "stale version",
            vec!["update", "hdr", "--if-version", "1"],
            1,
        ),
        ("unknown webhook", vec!["update", "no-such-hook"], 1),
    ];
    for (what, args, code) in failures {
        for format in ["table", "json"] {
            checked(
                &server,
                what,
                server
                    .cmd()
                    .args(["-v", "-v", "-o", format])
                    .args(&args)
                    .arg("--secret-file")
                    .arg(&hdr),
                None,
            )
            .code(code);
        }
    }

    // A refused token is not echoed either, and neither is the secret sent with it.
    checked(
        &server,
        "wrong token",
        server
            .cmd()
            .env("OOMNITZA_TOKEN", WRONG_TOKEN)
            .args(["-v", "-v", "update", "hdr"])
            .arg("--secret-file")
            .arg(&hdr),
        None,
    )
    .code(4);
    checked(
        &server,
        "wrong token whoami",
        server
            .cmd()
            .env("OOMNITZA_TOKEN", WRONG_TOKEN)
            .args(["-v", "-v", "-o", "json", "whoami"]),
        None,
    )
    .code(4);

    // Login reads the token from stdin and never prints it.
    let login = || {
        let mut c = server.env.cmd();
        c.env("OOMNITZA_URL", &server.url);
        c
    };
    checked(
        &server,
        "login",
        login().args(["-v", "-v", "login", "--with-token"]),
        Some(format!("{}\n", server.token).as_bytes()),
    )
    .ok();
    checked(
        &server,
        "login with a wrong token",
        login().args(["-v", "-v", "login", "--with-token"]),
        Some(format!("{WRONG_TOKEN}\n").as_bytes()),
    )
    .code(4);
    for args in [
        vec!["whoami"],
        vec!["config", "show"],
        vec!["-o", "json", "config", "show"],
    ] {
        checked(
            &server,
            "after login",
            login().args(["-v", "-v"]).args(&args),
            None,
        )
        .ok();
    }
}

#[test]
fn the_api_never_answers_with_a_secret() {
    let server = Server::start();
    let t = server.token.clone();
    let created = create_raw(
        &server,
        &json!({"name": "raw", "preset": "okta-user-deactivated", "secret": HEADER_SECRET}),
    );
    clean_answer(&server, "POST", &created.to_string());
    assert_eq!(created["has_secret"], true);
    let id = created["id"].as_str().unwrap().to_string();
    let mac = create_raw(
        &server,
        &json!({"name": "raw-mac", "preset": "github-member-added", "secret": HMAC_SECRET}),
    );
    clean_answer(&server, "POST hmac", &mac.to_string());

    let key = [("Idempotency-Key", "secret-test-key-1")];
    let body = json!({"name": "raw-idem", "preset": "okta-user-deactivated", "secret": ENV_SECRET});
    for n in 0..2 {
        let a = http(
            &server.url,
            "POST",
            "/api/v3/webhooks",
            &t,
            &key,
            Some(&body),
        );
        assert_eq!(a.status, 201, "{n}: {}", a.body);
        clean_answer(&server, "POST with Idempotency-Key", &a.body);
    }

    let exchanges: Vec<(&str, String, Option<Value>, u16)> = vec![
        ("GET", "/api/v3/webhooks".into(), None, 200),
        ("GET", "/api/v3/webhooks?name=raw".into(), None, 200),
        ("GET", format!("/api/v3/webhooks/{id}"), None, 200),
        (
            "PATCH",
            format!("/api/v3/webhooks/{id}"),
            Some(json!({"secret": ROTATED_SECRET})),
            200,
        ),
        (
            "POST",
            "/api/v3/webhooks".into(),
            Some(
                json!({"name": "RAW", "preset": "okta-user-deactivated", "secret": HEADER_SECRET}),
            ),
            409,
        ),
        (
            "POST",
            "/api/v3/webhooks".into(),
            Some(
                json!({"name": "bad", "preset": "okta-user-deactivated", "secret": HEADER_SECRET, "sync_keys": ["bad-key"]}),
            ),
            422,
        ),
        (
            "PATCH",
            format!("/api/v3/webhooks/{id}"),
            Some(json!({"secret": ROTATED_SECRET, "enabled": "not a bool"})),
            422,
        ),
    ];
    for (method, path, body, status) in exchanges {
        let a = http(&server.url, method, &path, &t, &[], body.as_ref());
        assert_eq!(a.status, status, "{method} {path}: {}", a.body);
        clean_answer(&server, &format!("{method} {path}"), &a.body);
        for (k, v) in &a.headers {
            clean_answer(&server, &format!("{method} {path} header {k}"), v);
        }
    }

    // A wrong token is not echoed.
    let a = http(
        &server.url,
        "GET",
        "/api/v3/webhooks",
        WRONG_TOKEN,
        &[],
        None,
    );
    assert_eq!(a.status, 401);
    clean_answer(&server, "401", &a.body);

    // Inbound deliveries: neither the right secret nor a wrong one comes back, nor lands in the
    // delivery log or the records.
    let url = created["url"].as_str().unwrap();
    let path = &url[url.find("/hooks/").expect("a /hooks/ URL")..];
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("presets/okta/samples/user-lifecycle-deactivate.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for (presented, status) in [(ROTATED_SECRET, 200), (HEADER_SECRET, 401)] {
        let a = http(
            &server.url,
            "POST",
            path,
            "",
            &[("Authorization", presented)],
            Some(&sample),
        );
        assert_eq!(a.status, status, "{}", a.body);
        clean_answer(&server, "inbound delivery", &a.body);
    }
    for path in [
        format!("/api/v3/webhooks/{id}/deliveries"),
        "/api/v3/users".to_string(),
    ] {
        let a = http(&server.url, "GET", &path, &t, &[], None);
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        clean_answer(&server, &path, &a.body);
    }
    let log = http(
        &server.url,
        "GET",
        &format!("/api/v3/webhooks/{id}/deliveries"),
        &t,
        &[],
        None,
    )
    .json();
    assert_eq!(
        log.as_array().map(Vec::len),
        Some(2),
        "both deliveries are logged: {log}"
    );
}
