//! The real binary against a real `oomhook serve`: create, list over pages, show, update with
//! optimistic locking, delete, conflicts, validation, auth, output formats, login.
//!
//! Bulk setup goes straight to the API with [`http`] (raw HTTP/1.1, no client library).

use std::net::TcpListener;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::common::{Server, run};

/// What the API answered.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }
}

/// One request to `base` (`http://host:port`) with the token (none when empty), extra headers
/// and a JSON body, through the harness's raw HTTP.
pub(crate) fn http(
    base: &str,
    method: &str,
    path: &str,
    token: &str,
    extra: &[(&str, &str)],
    body: Option<&Value>,
) -> Answer {
    let mut headers: Vec<(&str, &str)> = vec![("Accept", "application/json")];
    if !token.is_empty() {
        headers.push(("Authorization2", token));
    }
    if body.is_some() {
        headers.push(("Content-Type", "application/json; charset=utf-8"));
    }
    headers.extend_from_slice(extra);
    let body = body.map(Value::to_string).unwrap_or_default();
    let (status, headers, body) =
        crate::common::http(method, &format!("{base}{path}"), &headers, body.as_bytes());
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// Creates a webhook straight through the API; panics unless 201.
pub(crate) fn create_raw(server: &Server, body: &Value) -> Value {
    let a = http(
        &server.url,
        "POST",
        "/api/v3/webhooks",
        &server.token,
        &[],
        Some(body),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    a.json()
}

/// The total the server reports for its webhooks.
pub(crate) fn total(server: &Server) -> usize {
    let a = http(
        &server.url,
        "GET",
        "/api/v3/webhooks?limit=1&skip=0",
        &server.token,
        &[],
        None,
    );
    assert_eq!(a.status, 200, "{}", a.body);
    a.header("x-total-count")
        .and_then(|v| v.parse().ok())
        .expect("X-Total-Count")
}

/// A secret file under the server's temp dir.
pub(crate) fn secret_file(server: &Server, name: &str, secret: &str) -> PathBuf {
    server.env.write(name, format!("{secret}\n"))
}

/// `oomhook -o json add --preset okta-user-deactivated --name NAME --secret-file F`.
fn add(server: &Server, name: &str) -> Value {
    let f = secret_file(server, "add-secret.txt", "add-secret-0123456789");
    run(
        server
            .cmd()
            .args([
                "-o",
                "json",
                "add",
                "--preset",
                "okta-user-deactivated",
                "--name",
                name,
            ])
            .arg("--secret-file")
            .arg(&f),
        None,
    )
    .ok()
    .json()
}

fn show(server: &Server, which: &str) -> Value {
    run(server.cmd().args(["-o", "json", "show", which]), None)
        .ok()
        .json()
}

/// A port with nothing listening on it.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn add_with_a_secret_file_then_show_by_name_and_by_id() {
    let server = Server::start();
    let created = add(&server, "Okta Offboarding");
    assert_eq!(created["name"], "Okta Offboarding");
    assert_eq!(created["preset"], "okta-user-deactivated");
    assert_eq!(created["vendor"], "okta");
    assert_eq!(created["secret_type"], "header");
    assert_eq!(created["event"], "update_user");
    assert_eq!(created["sync_keys"], json!(["username", "email"]));
    assert_eq!(created["has_secret"], true);
    assert_eq!(created["enabled"], true);
    assert_eq!(created["version"], 1);
    assert!(
        created.get("secret").is_none(),
        "the secret is write-only: {created}"
    );
    assert!(
        created.get("generated_secret").is_none(),
        "nothing was generated"
    );
    let id = created["id"].as_str().expect("an id").to_string();
    assert!(
        created["url"].as_str().unwrap().starts_with("http"),
        "{created}"
    );

    assert_eq!(show(&server, "Okta Offboarding"), created);
    assert_eq!(
        show(&server, "okta offboarding"),
        created,
        "names match case-insensitively"
    );
    assert_eq!(show(&server, &id), created);

    let table = run(
        server
            .cmd()
            .args(["-o", "table", "show", "Okta Offboarding"]),
        None,
    )
    .ok();
    assert!(
        table.stdout.contains("Okta Offboarding") && table.stdout.contains(&id),
        "{}",
        table.stdout
    );

    let missing = run(server.cmd().args(["show", "no-such-hook"]), None).code(1);
    assert!(
        missing.stderr.contains("no-such-hook"),
        "{}",
        missing.stderr
    );
}

#[test]
fn add_with_generate_secret_prints_the_secret_exactly_once() {
    let server = Server::start();
    let r = run(
        server.cmd().args([
            "-o",
            "table",
            "add",
            "--preset",
            "okta-user-deactivated",
            "--name",
            "gen",
            "--generate-secret",
        ]),
        None,
    )
    .ok();
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("shown once"))
        .unwrap_or_else(|| panic!("no secret line:\n{}", r.stdout));
    let secret = line.rsplit(' ').next().unwrap().to_string();
    assert_eq!(secret.len(), 43, "{line}");
    let everything = format!("{}{}", r.stdout, r.stderr);
    assert_eq!(
        everything.matches(&secret).count(),
        1,
        "printed exactly once:\n{everything}"
    );
    assert!(r.stdout.contains("Webhook URL: http"), "{}", r.stdout);

    // Never again.
    for args in [
        ["-o", "json", "show", "gen"],
        ["-o", "yaml", "show", "gen"],
        ["-o", "table", "show", "gen"],
    ] {
        let again = run(server.cmd().args(args), None).ok();
        assert!(!again.stdout.contains(&secret) && !again.stderr.contains(&secret));
    }

    // It is the secret the server checks: a delivery with it is accepted, one without is not.
    let hook = show(&server, "gen");
    let url = hook["url"].as_str().unwrap();
    let path = &url[url.find("/hooks/").expect("a /hooks/ URL")..];
    let sample: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("presets/okta/samples/user-lifecycle-deactivate.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let ok = http(
        &server.url,
        "POST",
        path,
        "",
        &[("Authorization", &secret)],
        Some(&sample),
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    let wrong = http(
        &server.url,
        "POST",
        path,
        "",
        &[("Authorization", "not-the-secret-at-all")],
        Some(&sample),
    );
    assert_eq!(wrong.status, 401, "{}", wrong.body);
}

#[test]
fn add_with_generate_secret_in_json_carries_it_as_a_field() {
    let server = Server::start();
    let r = run(
        server.cmd().args([
            "-o",
            "json",
            "add",
            "--preset",
            "okta-user-deactivated",
            "--name",
            "gen-json",
            "--generate-secret",
        ]),
        None,
    )
    .ok();
    let v = r.json();
    let secret = v["generated_secret"]
        .as_str()
        .expect("generated_secret")
        .to_string();
    assert_eq!(secret.len(), 43);
    assert_eq!(r.stdout.matches(&secret).count(), 1);
    assert!(!r.stderr.contains(&secret));
}

#[test]
fn list_reads_every_page_and_the_table_fits_80_columns() {
    const N: usize = 1050;
    let server = Server::start();
    let long =
        "a-webhook-name-long-enough-that-a-table-of-eighty-columns-has-to-wrap-it-somewhere-0";
    std::thread::scope(|s| {
        for t in 0..4 {
            let server = &server;
            s.spawn(move || {
                for i in (t..N).step_by(4) {
                    let name = if i % 100 == 0 {
                        format!("{long}{i:04}")
                    } else {
                        format!("bulk-{i:04}")
                    };
                    create_raw(
                        server,
                        &json!({"name": name, "preset": "okta-user-deactivated", "secret": format!("bulk-secret-{i:04}")}),
                    );
                }
            });
        }
    });
    assert_eq!(total(&server), N);

    let r = run(server.cmd().args(["-o", "json", "list"]), None).ok();
    let all = r.json();
    let all = all.as_array().expect("an array");
    assert_eq!(all.len(), N, "every webhook, over two pages");
    let ids: std::collections::BTreeSet<&str> =
        all.iter().map(|w| w["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), N, "none twice");

    let t = run(
        server
            .cmd()
            .env("COLUMNS", "80")
            .args(["-o", "table", "list"]),
        None,
    )
    .ok();
    let widest = t
        .stdout
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest <= 80, "a line of {widest} columns");
    assert!(t.stdout.contains("bulk-1049"), "the last page is shown");
    assert!(t.stderr.contains(&format!("{N} webhook")), "{}", t.stderr);

    // A name lookup among them.
    assert_eq!(show(&server, "bulk-0777")["name"], "bulk-0777");
}

#[test]
fn list_filters_by_preset() {
    let server = Server::start();
    add(&server, "okta-one");
    let f = secret_file(&server, "gh.txt", "github-hmac-secret-1234");
    run(
        server
            .cmd()
            .args([
                "-o",
                "json",
                "add",
                "--preset",
                "github-member-added",
                "--name",
                "gh-one",
            ])
            .arg("--secret-file")
            .arg(&f),
        None,
    )
    .ok();
    let r = run(
        server
            .cmd()
            .args(["-o", "json", "list", "--preset", "github-member-added"]),
        None,
    )
    .ok();
    let listed = r.json();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["gh-one"]);
}

#[test]
fn update_with_and_without_a_stale_version() {
    let server = Server::start();
    add(&server, "locked");
    let v2 = run(
        server
            .cmd()
            .args(["-o", "json", "update", "locked", "--event", "archive_user"]),
        None,
    )
    .ok()
    .json();
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["event"], "archive_user");

    let stale = run(
        server
            .cmd()
            .args(["update", "locked", "--disabled", "--if-version", "1"]),
        None,
    )
    .code(1);
    assert!(stale.stderr.contains("version"), "{}", stale.stderr);
    let now = show(&server, "locked");
    assert_eq!(now["version"], 2, "a stale update changes nothing");
    assert_eq!(now["enabled"], true);

    let v3 = run(
        server.cmd().args([
            "-o",
            "json",
            "update",
            "locked",
            "--disabled",
            "--if-version",
            "2",
        ]),
        None,
    )
    .ok()
    .json();
    assert_eq!(v3["version"], 3);
    assert_eq!(v3["enabled"], false);

    let renamed = run(
        server.cmd().args([
            "-o",
            "json",
            "update",
            "locked",
            "--name",
            "unlocked",
            "--enabled",
        ]),
        None,
    )
    .ok()
    .json();
    assert_eq!(renamed["name"], "unlocked");
    assert_eq!(renamed["enabled"], true);
    run(server.cmd().args(["show", "locked"]), None).code(1);

    let nothing = run(server.cmd().args(["update", "unlocked"]), None).code(2);
    assert!(
        nothing.stderr.contains("nothing to change"),
        "{}",
        nothing.stderr
    );
}

#[test]
fn update_generate_secret_keeps_json_output_one_document() {
    let server = Server::start();
    add(&server, "rotate");
    let r = run(
        server
            .cmd()
            .args(["-o", "json", "update", "rotate", "--generate-secret"]),
        None,
    )
    .ok();
    let v = r.json();
    let secret = v["generated_secret"].as_str().expect("generated_secret");
    assert_eq!(secret.len(), 43);
    assert_eq!(v["version"], 2);
    assert_eq!(r.stdout.matches(secret).count(), 1);
}

#[test]
fn delete_needs_yes_without_a_terminal() {
    let server = Server::start();
    let created = add(&server, "doomed");
    let r = run(server.cmd().args(["delete", "doomed"]), None).code(2);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    show(&server, "doomed");

    let r = run(server.cmd().args(["delete", "doomed", "--yes"]), None).ok();
    assert!(r.stderr.contains("doomed"), "{}", r.stderr);
    let gone = run(server.cmd().args(["show", "doomed"]), None).code(1);
    assert!(gone.stderr.contains("doomed"), "{}", gone.stderr);
    assert_eq!(total(&server), 0);
    let by_id = http(
        &server.url,
        "GET",
        &format!("/api/v3/webhooks/{}", created["id"].as_str().unwrap()),
        &server.token,
        &[],
        None,
    );
    assert_eq!(by_id.status, 404);

    // By id.
    let other = add(&server, "doomed-too");
    run(
        server
            .cmd()
            .args(["delete", other["id"].as_str().unwrap(), "-y"]),
        None,
    )
    .ok();
    assert_eq!(total(&server), 0);
}

#[test]
fn a_taken_name_is_a_conflict() {
    let server = Server::start();
    add(&server, "Twin");
    let f = secret_file(&server, "twin.txt", "twin-secret-0123456789");
    let r = run(
        server
            .cmd()
            .args(["add", "--preset", "okta-user-created", "--name", "twin"])
            .arg("--secret-file")
            .arg(&f),
        None,
    )
    .code(1);
    assert!(r.stderr.contains("409"), "{}", r.stderr);
    assert!(r.stderr.contains("name"), "{}", r.stderr);
    let hint = r
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_else(|| panic!("no hint:\n{}", r.stderr));
    assert!(hint.contains("--name"), "{hint}");
    assert_eq!(total(&server), 1);

    add(&server, "Other");
    let r = run(
        server.cmd().args(["update", "Other", "--name", "TWIN"]),
        None,
    )
    .code(1);
    assert!(r.stderr.contains("409"), "{}", r.stderr);
    assert_eq!(show(&server, "Other")["name"], "Other");
}

#[test]
fn bad_values_are_refused_before_sending_naming_the_field() {
    let server = Server::start();
    let good = secret_file(&server, "good.txt", "a-good-secret-123");
    let short = secret_file(&server, "short.txt", "1234567");
    let base = |name: &str| {
        let mut c = server.cmd();
        c.args(["add", "--preset", "okta-user-deactivated", "--name", name]);
        c
    };
    let r = run(
        base("bad-key")
            .args(["--sync-key", "bad-key"])
            .arg("--secret-file")
            .arg(&good),
        None,
    )
    .code(2);
    assert!(
        r.stderr.contains("--sync-key") && r.stderr.contains("bad-key"),
        "{}",
        r.stderr
    );

    let r = run(
        base("dup-key")
            .args(["--sync-key", "email", "--sync-key", "email"])
            .arg("--secret-file")
            .arg(&good),
        None,
    )
    .code(2);
    assert!(r.stderr.contains("--sync-key"), "{}", r.stderr);

    let r = run(base("short").arg("--secret-file").arg(&short), None).code(2);
    assert!(
        r.stderr.contains("secret") && r.stderr.contains("8 to 512"),
        "{}",
        r.stderr
    );

    let r = run(base(&"n".repeat(129)).arg("--secret-file").arg(&good), None).code(2);
    assert!(r.stderr.contains("--name"), "{}", r.stderr);

    let r = run(&mut base("no-secret"), None).code(2);
    assert!(r.stderr.contains("--secret-file"), "{}", r.stderr);

    let r = run(
        server
            .cmd()
            .args(["add", "--name", "no-preset"])
            .arg("--secret-file")
            .arg(&good),
        None,
    )
    .code(2);
    assert!(r.stderr.contains("--preset"), "{}", r.stderr);

    assert_eq!(total(&server), 0, "nothing reached the server");
}

#[test]
fn the_server_refuses_bad_values_naming_the_field() {
    let server = Server::start();
    for (body, field) in [
        (
            json!({"name": "x", "preset": "okta-user-deactivated", "secret": "good-secret-1", "sync_keys": ["bad-key"]}),
            "sync_keys",
        ),
        (
            json!({"name": "x", "preset": "okta-user-deactivated", "secret": "1234567"}),
            "secret",
        ),
        (
            json!({"name": "", "preset": "okta-user-deactivated", "secret": "good-secret-1"}),
            "name",
        ),
        (
            json!({"name": "x", "preset": "no-such-preset", "secret": "good-secret-1"}),
            "preset",
        ),
    ] {
        let a = http(
            &server.url,
            "POST",
            "/api/v3/webhooks",
            &server.token,
            &[],
            Some(&body),
        );
        assert_eq!(a.status, 422, "{body}: {}", a.body);
        let e = &a.json()["errors"][0];
        assert_eq!(e["code"], "invalid", "{}", a.body);
        assert_eq!(e["field"], field, "{}", a.body);
    }
    assert_eq!(total(&server), 0);
}

#[test]
fn a_repeated_idempotency_key_creates_once() {
    let server = Server::start();
    let body =
        json!({"name": "once", "preset": "okta-user-deactivated", "secret": "once-secret-123"});
    let key = [("Idempotency-Key", "3f0e2a4c-0000-4000-8000-000000000001")];
    let first = http(
        &server.url,
        "POST",
        "/api/v3/webhooks",
        &server.token,
        &key,
        Some(&body),
    );
    let second = http(
        &server.url,
        "POST",
        "/api/v3/webhooks",
        &server.token,
        &key,
        Some(&body),
    );
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(second.status, 201, "{}", second.body);
    assert_eq!(first.json()["id"], second.json()["id"]);
    assert_eq!(total(&server), 1);
}

#[test]
fn a_wrong_token_exits_4_with_a_login_hint() {
    let server = Server::start();
    let r = run(
        server
            .cmd()
            .env("OOMNITZA_TOKEN", "not-the-server-token")
            .args(["list"]),
        None,
    )
    .code(4);
    let hint = r
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_else(|| panic!("no hint:\n{}", r.stderr));
    assert!(hint.contains("oomhook login"), "{hint}");
    assert!(r.stdout.is_empty());

    let none = run(
        server
            .env
            .cmd()
            .env("OOMNITZA_URL", &server.url)
            .args(["list"]),
        None,
    )
    .code(4);
    assert!(none.stderr.contains("oomhook login"), "{}", none.stderr);
}

#[test]
fn an_unreachable_server_exits_3() {
    let server = Server::start();
    let r = run(
        server.cmd().env("OOMHOOK_RETRY_MAX", "1").args([
            "--url",
            &format!("http://127.0.0.1:{}", closed_port()),
            "list",
        ]),
        None,
    )
    .code(3);
    assert!(r.stderr.contains("could not reach"), "{}", r.stderr);
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
}

#[test]
fn yaml_output_parses_and_matches_json() {
    let server = Server::start();
    add(&server, "yaml-one");
    add(&server, "yaml: two # with: yaml syntax");
    for args in [
        vec!["list"],
        vec!["show", "yaml-one"],
        vec!["show", "yaml: two # with: yaml syntax"],
    ] {
        let y = run(server.cmd().args(["-o", "yaml"]).args(&args), None).ok();
        let j = run(server.cmd().args(["-o", "json"]).args(&args), None).ok();
        let parsed: Value = serde_yaml_ng::from_str(&y.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not YAML ({e}):\n{}", y.stdout));
        assert_eq!(parsed, j.json(), "{args:?}");
    }
}

#[test]
fn deliveries_of_a_new_webhook_are_empty() {
    let server = Server::start();
    add(&server, "quiet");
    let r = run(
        server.cmd().args(["-o", "json", "deliveries", "quiet"]),
        None,
    )
    .ok();
    assert_eq!(r.json(), json!([]));
}

#[test]
fn login_stores_the_token_and_whoami_says_where_it_came_from() {
    let server = Server::start();
    let cmd = || {
        let mut c = server.env.cmd();
        c.env("OOMNITZA_URL", &server.url);
        c
    };
    let bad = run(
        cmd().args(["login", "--with-token"]),
        Some(b"wrong-token-123\n"),
    )
    .code(4);
    assert!(bad.stderr.contains("token"), "{}", bad.stderr);

    run(
        cmd().args(["login", "--with-token"]),
        Some(format!("{}\n", server.token).as_bytes()),
    )
    .ok();
    let me = run(cmd().args(["-o", "json", "whoami"]), None).ok().json();
    assert_eq!(me["token_accepted"], true, "{me}");
    assert!(
        me["token_source"]
            .as_str()
            .unwrap_or("")
            .contains("token file"),
        "{me}"
    );
    assert_eq!(me["server"], server.url.as_str());
    let file = server.env.home().join(".config/oomhook/tokens/default");
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim(), server.token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    run(cmd().args(["-o", "json", "list"]), None).ok();

    run(cmd().arg("logout"), None).ok();
    run(cmd().args(["-o", "json", "list"]), None).code(4);
}

#[test]
fn names_with_url_special_characters_are_found() {
    let server = Server::start();
    for name in [
        "a/b",
        "x?y=1&z=2",
        "100% done",
        "ünïcödé name",
        "dot.ted",
        "#hash",
    ] {
        let created = add(&server, name);
        assert_eq!(show(&server, name)["id"], created["id"], "{name}");
        run(
            server
                .cmd()
                .args(["-o", "json", "update", name, "--disabled"]),
            None,
        )
        .ok();
        assert_eq!(show(&server, name)["enabled"], false, "{name}");
        run(server.cmd().args(["delete", name, "--yes"]), None).ok();
        run(server.cmd().args(["show", name]), None).code(1);
    }
    assert_eq!(total(&server), 0);
}
