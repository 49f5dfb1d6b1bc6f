//! `sign` and `verify` through the real binary: vendors' published vectors, and Python's hmac
//! (an implementation outside ours) for the schemes without one.

use std::process::Command;

use crate::common::{Env, run};
use serde_json::json;

fn python() -> String {
    std::env::var("OOMHOOK_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// HMAC-SHA256 computed by Python's hmac module: hex or base64 of `message` under `key`.
fn py_hmac(key: &[u8], message: &[u8], encoding: &str) -> String {
    py_hmac_with("sha256", key, message, encoding)
}

/// An HMAC with the named hashlib hash (`sha256`, `sha512`) computed by Python's hmac module.
fn py_hmac_with(hash: &str, key: &[u8], message: &[u8], encoding: &str) -> String {
    let code = format!(
        "import hmac, hashlib, base64, sys\nkey = bytes.fromhex('{}')\nmsg = bytes.fromhex('{}')\nd = hmac.new(key, msg, hashlib.{hash}).digest()\nsys.stdout.write(d.hex() if '{encoding}' == 'hex' else base64.b64encode(d).decode())",
        hex::encode(key),
        hex::encode(message)
    );
    let out = Command::new(python())
        .args(["-c", &code])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn sign(
    env: &Env,
    preset: &str,
    payload: &std::path::Path,
    secret: &std::path::Path,
    extra: &[&str],
) -> serde_json::Value {
    run(
        env.cmd()
            .args(["sign", "--preset", preset, "--payload"])
            .arg(payload)
            .arg("--secret-file")
            .arg(secret)
            .args(extra)
            .args(["-o", "json"]),
        None,
    )
    .ok()
    .json()
}

fn verify(
    env: &Env,
    preset: &str,
    payload: &std::path::Path,
    secret: &std::path::Path,
    headers: &[(String, String)],
    extra: &[&str],
) -> crate::common::Run {
    let mut cmd = env.cmd();
    cmd.args(["verify", "--preset", preset, "--payload"])
        .arg(payload)
        .arg("--secret-file")
        .arg(secret)
        .args(extra);
    for (k, v) in headers {
        cmd.arg("--header").arg(format!("{k}: {v}"));
    }
    run(&mut cmd, None)
}

#[test]
fn github_documented_example() {
    let env = Env::new();
    let body = env.write("body", "Hello, World!");
    let secret = env.write("secret", "It's a Secret to Everybody");
    let h = sign(&env, "github-member-added", &body, &secret, &[]);
    assert_eq!(
        h["X-Hub-Signature-256"],
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    );
    let ok = [(
        "X-Hub-Signature-256".to_string(),
        h["X-Hub-Signature-256"].as_str().unwrap().to_string(),
    )];
    verify(&env, "github-member-added", &body, &secret, &ok, &[]).ok();
    let tampered = env.write("tampered", "Hello, World?");
    let r = verify(&env, "github-member-added", &tampered, &secret, &ok, &[]).code(1);
    assert!(r.stderr.contains("does not match"), "{}", r.stderr);
}

#[test]
fn standard_webhooks_library_vector_and_rotation() {
    let env = Env::new();
    let body = env.write("body", r#"{"test": 2432232314}"#);
    let secret = env.write("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    let h = sign(
        &env,
        "standard-webhooks-user-created",
        &body,
        &secret,
        &[
            "--timestamp",
            "1614265330",
            "--id",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
        ],
    );
    assert_eq!(
        h["webhook-signature"],
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
    let headers = |sig: &str| {
        vec![
            (
                "webhook-id".to_string(),
                "msg_p5jXN8AQM9LWM0D4loKWxJek".to_string(),
            ),
            ("webhook-timestamp".to_string(), "1614265330".to_string()),
            ("webhook-signature".to_string(), sig.to_string()),
        ]
    };
    let at = ["--now", "1614265330"];
    // Several signatures (secret rotation): any match is enough.
    verify(&env, "standard-webhooks-user-created", &body, &secret, &headers("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), &at).ok();
    // Five minutes and one second later: stale.
    let r = verify(
        &env,
        "standard-webhooks-user-created",
        &body,
        &secret,
        &headers("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        &["--now", "1614265631"],
    )
    .code(1);
    assert!(r.stderr.contains("stale_timestamp"), "{}", r.stderr);
    // --tolerance 0 turns the check off.
    verify(
        &env,
        "standard-webhooks-user-created",
        &body,
        &secret,
        &headers("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
        &["--now", "1714265631", "--tolerance", "0"],
    )
    .ok();
}

#[test]
fn slack_documented_example() {
    let env = Env::new();
    let body = env.write("body", "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
    let secret = env.write("secret", "8f742231b10e8888abcd99yyyzzz85a5");
    let h = sign(
        &env,
        "slack-team-join",
        &body,
        &secret,
        &["--timestamp", "1531420618"],
    );
    assert_eq!(
        h["X-Slack-Signature"],
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    );
    assert_eq!(h["X-Slack-Request-Timestamp"], "1531420618");
}

#[test]
fn other_hmac_schemes_agree_with_python_hmac() {
    let env = Env::new();
    let payload = br#"{"event":"user.created","payload":{"object":{"email":"jill@example.com","name":"Jill \u00e9"}}}"#;
    let body = env.write("body", payload);
    let secret_text = "s3cr3t-signing-key-0123456789";
    let secret = env.write("secret", secret_text);
    let ts = 1_780_000_000i64;
    // (preset, signature header, signed message, encoding, prefix)
    let cases: Vec<(&str, &str, Vec<u8>, &str, &str)> = vec![
        (
            "zoom-user-created",
            "x-zm-signature",
            [format!("v0:{ts}:").as_bytes(), payload].concat(),
            "hex",
            "v0=",
        ),
        (
            "bamboohr-employee-updated",
            "X-BambooHR-Signature",
            [payload.as_slice(), ts.to_string().as_bytes()].concat(),
            "hex",
            "",
        ),
        (
            "zendesk-user-created",
            "X-Zendesk-Webhook-Signature",
            [b"2026-05-28T20:26:40Z".as_slice(), payload].concat(),
            "base64",
            "",
        ),
        (
            "github-member-removed",
            "X-Hub-Signature-256",
            payload.to_vec(),
            "hex",
            "sha256=",
        ),
    ];
    for (preset, header, message, encoding, prefix) in cases {
        let h = sign(
            &env,
            preset,
            &body,
            &secret,
            &["--timestamp", &ts.to_string()],
        );
        let expected = format!(
            "{prefix}{}",
            py_hmac(secret_text.as_bytes(), &message, encoding)
        );
        assert_eq!(h[header], expected, "{preset}");
        let headers: Vec<(String, String)> = h
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        verify(
            &env,
            preset,
            &body,
            &secret,
            &headers,
            &["--now", &ts.to_string()],
        )
        .ok();
        // One flipped byte fails.
        let mut flipped = payload.to_vec();
        flipped[10] ^= 1;
        let bad = env.write("flipped", &flipped);
        verify(
            &env,
            preset,
            &bad,
            &secret,
            &headers,
            &["--now", &ts.to_string()],
        )
        .code(1);
    }
}

#[test]
fn header_secret_schemes_verify_and_never_print_the_secret() {
    let env = Env::new();
    let body = env.write("body", "{}");
    let secret = env.write("secret", "header-secret-value-42");
    let r = run(
        env.cmd()
            .args(["sign", "--preset", "okta-user-deactivated", "--payload"])
            .arg(&body)
            .arg("--secret-file")
            .arg(&secret)
            .args(["-o", "json"]),
        None,
    )
    .ok();
    assert!(
        !r.stdout.contains("header-secret-value-42")
            && !r.stderr.contains("header-secret-value-42")
    );
    verify(
        &env,
        "okta-user-deactivated",
        &body,
        &secret,
        &[("Authorization".into(), "header-secret-value-42".into())],
        &[],
    )
    .ok();
    let r = verify(
        &env,
        "okta-user-deactivated",
        &body,
        &secret,
        &[("Authorization".into(), "header-secret-value-43".into())],
        &[],
    )
    .code(1);
    assert!(!r.stderr.contains("header-secret-value"), "{}", r.stderr);
    let r = verify(&env, "okta-user-deactivated", &body, &secret, &[], &[]).code(1);
    assert!(
        r.stderr.contains("missing header Authorization"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_secret_is_required_and_never_taken_from_argv() {
    let env = Env::new();
    let body = env.write("body", "{}");
    let r = run(
        env.cmd()
            .args(["sign", "--preset", "github-member-added", "--payload"])
            .arg(&body),
        None,
    )
    .code(2);
    assert!(
        r.stderr.contains("--secret-stdin") && r.stderr.contains("--secret-file"),
        "{}",
        r.stderr
    );
    run(
        env.cmd()
            .args(["sign", "--preset", "github-member-added", "--secret", "x"]),
        None,
    )
    .code(2);
    let r = run(
        env.cmd()
            .args([
                "sign",
                "--preset",
                "github-member-added",
                "--secret-stdin",
                "--payload",
            ])
            .arg(&body)
            .args(["-o", "json"]),
        Some(b"stdin-secret\n"),
    )
    .ok();
    assert!(
        r.json()["X-Hub-Signature-256"]
            .as_str()
            .unwrap()
            .starts_with("sha256=")
    );
}

/// The bundled presets' own samples, read as the files `sign` and `verify` read.
fn sample(vendor: &str, file: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("presets")
        .join(vendor)
        .join("samples")
        .join(file)
}

#[test]
fn hibob_sha512_signatures_match_python() {
    let env = Env::new();
    let secret_text = "bob-webhook-secret-7Hq2";
    let secret = env.write("secret", secret_text);
    for (preset, file) in [
        ("hibob-employee-created", "employee-created.json"),
        ("hibob-employee-left", "employee-left.json"),
        ("hibob-employee-deleted", "employee-deleted.json"),
    ] {
        let payload = sample("hibob", file);
        let body = std::fs::read(&payload).unwrap();
        let expected = py_hmac_with("sha512", secret_text.as_bytes(), &body, "base64");
        let h = sign(&env, preset, &payload, &secret, &[]);
        assert_eq!(h, json!({ "Bob-Signature": expected }), "{preset}");
        let header = [("Bob-Signature".to_string(), expected.clone())];
        verify(&env, preset, &payload, &secret, &header, &[]).ok();

        // Another body under that signature is a mismatch; so is the SHA-256 of the same body,
        // refused for its length before any comparison.
        let other = env.write("other.json", [&body[..], b" "].concat());
        let r = verify(&env, preset, &other, &secret, &header, &[]).code(1);
        assert!(r.stderr.contains("signature_mismatch"), "{}", r.stderr);
        let sha256 = py_hmac(secret_text.as_bytes(), &body, "base64");
        let r = verify(
            &env,
            preset,
            &payload,
            &secret,
            &[("Bob-Signature".to_string(), sha256)],
            &[],
        )
        .code(1);
        assert!(
            r.stderr
                .contains("the signature is 32 bytes; HMAC-SHA512 gives 64"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn new_vendor_message_layouts_match_python() {
    let env = Env::new();
    let secret_text = "vendor-secret-0123456789";
    let secret = env.write("secret", secret_text);
    // (preset, sample, signature header, text signed before the body, prefix of the value)
    for (preset, vendor, file, header, before, prefix) in [
        (
            "deel-contract-terminated",
            "deel",
            "contract-terminated.json",
            "x-deel-signature",
            "POST",
            "",
        ),
        (
            "greenhouse-candidate-hired",
            "greenhouse",
            "candidate-hired.json",
            "Signature",
            "",
            "sha256 ",
        ),
        (
            "jira-user-created",
            "jira",
            "user-created.json",
            "X-Hub-Signature",
            "",
            "sha256=",
        ),
        (
            "ashby-candidate-hired",
            "ashby",
            "candidate-hire.json",
            "Ashby-Signature",
            "",
            "sha256=",
        ),
    ] {
        let payload = sample(vendor, file);
        let body = std::fs::read(&payload).unwrap();
        let message = [before.as_bytes(), &body[..]].concat();
        let expected = format!(
            "{prefix}{}",
            py_hmac(secret_text.as_bytes(), &message, "hex")
        );
        let h = sign(&env, preset, &payload, &secret, &[]);
        assert_eq!(h[header], expected, "{preset}: {h}");
        let headers = [(header.to_string(), expected)];
        verify(&env, preset, &payload, &secret, &headers, &[]).ok();
        // Signing the body alone (Deel's POST left out) does not verify.
        if !before.is_empty() {
            let bare = py_hmac(secret_text.as_bytes(), &body, "hex");
            verify(
                &env,
                preset,
                &payload,
                &secret,
                &[(header.to_string(), bare)],
                &[],
            )
            .code(1);
        }
    }
}
