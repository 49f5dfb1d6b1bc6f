//! Deliveries as vendors really send them, against a real `serve`: event filters (a delivery of
//! a type the preset does not handle is skipped and changes nothing), batches (every item
//! applied, filtered, deduplicated and logged on its own), reason messages in the log, and
//! replays of a signed body under another delivery id.

use serde_json::{Value, json};

use crate::common::{Server, http, run};

fn manifest(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn sample(rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(manifest(&format!("presets/{rel}"))).unwrap())
        .unwrap()
}

/// The headers `oomhook sign` makes for a payload (as the vendor signs it).
fn signed(s: &Server, preset: &str, secret: &str, payload: &[u8]) -> Vec<(String, String)> {
    let p = s.env.write("signed-payload.json", payload);
    let f = s.env.write("sign.secret", secret);
    let r = run(
        s.cmd()
            .args(["sign", "-o", "json", "--preset", preset, "--payload"])
            .arg(&p)
            .arg("--secret-file")
            .arg(&f),
        None,
    )
    .ok();
    r.json()
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}

/// Posts a body with headers; the status and the JSON answer.
fn post(url: &str, headers: &[(String, String)], body: &[u8]) -> (u16, Value) {
    let mut h: Vec<(&str, &str)> = vec![("Content-Type", "application/json")];
    h.extend(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let (status, _, body) = http("POST", url, &h, body);
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn users(s: &Server) -> Vec<Value> {
    s.api_get("/api/v3/users").1.as_array().unwrap().clone()
}

#[test]
fn github_member_added_at_the_member_removed_webhook_is_skipped_and_archives_nobody() {
    let s = Server::start();
    let secret = "github-hmac-secret-0123456789";
    s.add_hook("github-member-added", "gh-added", secret);
    let removed_url = s.add_hook("github-member-removed", "gh-removed", secret);

    // The new member is created by the member_added webhook.
    let added = std::fs::read(manifest(
        "presets/github/samples/organization-member-added.json",
    ))
    .unwrap();
    let r = s.send("gh-added", secret);
    assert_eq!(r.json()["response"]["status"], "applied", "{}", r.stdout);
    let login = r.json()["response"]["sync_value"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        r.json()["response"]["event_type"],
        "organization.member_added"
    );

    // GitHub sends the same member_added event to every hook subscribed to Organization,
    // the member-removed one included.
    let mut headers = signed(&s, "github-member-removed", secret, &added);
    headers.push(("X-GitHub-Event".into(), "organization".into()));
    headers.push((
        "X-GitHub-Delivery".into(),
        "5d1f0a2e-0001-11f1-8000-000000000001".into(),
    ));
    let (status, d) = post(&removed_url, &headers, &added);
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["status"], "skipped", "{d}");
    assert_eq!(d["reason"], "event_type_not_handled");
    assert_eq!(d["action"], "none");
    assert_eq!(d["event_type"], "organization.member_added");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("organization.member_added"),
        "{d}"
    );
    let (_, user) = s.api_get(&format!("/api/v3/users/{login}"));
    assert_ne!(user["status"], "archived", "{user}");

    // The log says why, in JSON and in the table.
    let log = s.deliveries("gh-removed");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["reason"], "event_type_not_handled");
    assert!(log[0]["message"].as_str().unwrap().contains("member_added"));
    let table = run(s.cmd().args(["deliveries", "gh-removed"]), None).ok();
    assert!(
        table.stdout.contains("event_type_not_handled")
            && table.stdout.contains("organization.member_added"),
        "{}",
        table.stdout
    );

    // No X-GitHub-Event at all: skipped too, with the header named. (Another body: the same
    // signed body again would be a duplicate of the delivery above.)
    let mut added = added.clone();
    added.push(b'\n');
    let mut headers = signed(&s, "github-member-removed", secret, &added);
    headers.push((
        "X-GitHub-Delivery".into(),
        "5d1f0a2e-0002-11f1-8000-000000000002".into(),
    ));
    let (status, d) = post(&removed_url, &headers, &added);
    assert_eq!(
        (status, d["reason"].as_str()),
        (200, Some("event_type_missing")),
        "{d}"
    );
    assert!(
        d["message"].as_str().unwrap().contains("X-GitHub-Event"),
        "{d}"
    );
    assert_ne!(
        s.api_get(&format!("/api/v3/users/{login}")).1["status"],
        "archived"
    );
}

/// An Okta event of `event_type` for `login`, with its own uuid.
fn okta_event(event_type: &str, uuid: &str, login: &str) -> Value {
    let mut ev = sample("okta/samples/user-lifecycle-create.json")["data"]["events"][0].clone();
    ev["uuid"] = json!(uuid);
    ev["eventType"] = json!(event_type);
    ev["target"][0]["alternateId"] = json!(login);
    ev["target"][0]["displayName"] = json!("Pat Example");
    ev
}

fn okta_batch(events: Vec<Value>) -> Value {
    let mut p = sample("okta/samples/user-lifecycle-create.json");
    p["data"]["events"] = Value::Array(events);
    p
}

#[test]
fn an_okta_batch_gives_a_record_per_item_skips_other_types_and_dedupes_per_item() {
    let s = Server::start();
    let secret = "okta-header-secret-batch";
    let url = s.add_hook("okta-user-created", "okta", secret);
    let auth = vec![("Authorization".to_string(), secret.to_string())];

    let batch = okta_batch(vec![
        okta_event("user.lifecycle.create", "u-0001", "ann@acme.com"),
        okta_event("user.lifecycle.create", "u-0002", "bob@acme.com"),
        okta_event("user.lifecycle.activate", "u-0003", "cyd@acme.com"),
    ]);
    let (status, answer) = post(&url, &auth, batch.to_string().as_bytes());
    assert_eq!(status, 200, "{answer}");
    let items = answer["deliveries"].as_array().unwrap();
    let outcome: Vec<_> = items
        .iter()
        .map(|d| {
            (
                d["item_index"].as_u64().unwrap(),
                d["status"].as_str().unwrap(),
                d["action"].as_str().unwrap(),
                d["vendor_event_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcome,
        [
            (0, "applied", "created", "u-0001"),
            (1, "applied", "created", "u-0002"),
            (2, "skipped", "none", "u-0003"),
        ]
    );
    assert_eq!(items[2]["reason"], "event_type_not_handled");
    // One request: the items share its id.
    assert!(items.iter().all(|d| d["request_id"] == items[0]["id"]));
    let logins: Vec<_> = users(&s)
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(logins.len(), 2, "{logins:?}");
    assert!(logins.contains(&"ann@acme.com".to_string()));
    assert!(logins.contains(&"bob@acme.com".to_string()));

    // Okta's retry of one event, batched with a new one: a duplicate for that item alone.
    let again = okta_batch(vec![
        okta_event("user.lifecycle.create", "u-0004", "dee@acme.com"),
        okta_event("user.lifecycle.create", "u-0002", "bob@acme.com"),
    ]);
    let (status, answer) = post(&url, &auth, again.to_string().as_bytes());
    assert_eq!(status, 200, "{answer}");
    let items = answer["deliveries"].as_array().unwrap();
    assert_eq!(
        (items[0]["status"].as_str(), items[1]["status"].as_str()),
        (Some("applied"), Some("duplicate"))
    );
    assert_eq!(users(&s).len(), 3);

    // The log has a row per item, newest first.
    let log = s.deliveries("okta");
    assert_eq!(log.len(), 5);
    assert_eq!(log[0]["item_index"], 1);
    assert_eq!(log[0]["status"], "duplicate");
    assert!(log[0]["message"].as_str().unwrap().contains("u-0002"));
}

#[test]
fn a_batch_whose_second_item_fails_to_render_applies_the_others_and_says_which_failed() {
    let s = Server::start();
    let secret = "okta-header-secret-render";
    let body = s.env.write(
        "strict.j2",
        // An event without a target list fails to render (a division by zero).
        "{% if item.target is not defined %}{{ 1 // 0 }}{% endif %}\
         {\"username\": {{ item.target[0].alternateId | tojson }}}",
    );
    let f = s.env.write("r.secret", secret);
    let r = run(
        s.cmd()
            .args([
                "add",
                "--preset",
                "okta-user-created",
                "--name",
                "okta-r",
                "--secret-file",
            ])
            .arg(&f)
            .arg("--body-file")
            .arg(&body)
            .args(["--sync-key", "username", "-o", "json"]),
        None,
    )
    .ok();
    let url = r.json()["url"].as_str().unwrap().to_string();
    let mut broken = okta_event("user.lifecycle.create", "r-0002", "bob@acme.com");
    broken.as_object_mut().unwrap().remove("target");
    let batch = okta_batch(vec![
        okta_event("user.lifecycle.create", "r-0001", "ann@acme.com"),
        broken,
        okta_event("user.lifecycle.create", "r-0003", "cyd@acme.com"),
    ]);
    let auth = vec![("Authorization".to_string(), secret.to_string())];
    let (status, answer) = post(&url, &auth, batch.to_string().as_bytes());
    assert_eq!(status, 200, "{answer}");
    let items = answer["deliveries"].as_array().unwrap();
    let statuses: Vec<_> = items
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["applied", "rejected", "applied"], "{answer}");
    assert_eq!(items[1]["reason"], "render_failed");
    let msg = items[1]["message"].as_str().unwrap();
    assert!(
        msg.contains("did not render") && msg.contains(":1:"),
        "{msg}"
    );
    assert_eq!(items[1]["record_id"], Value::Null);
    assert_eq!(items[1]["action"], "none");
    // Nothing of the broken item was applied: only the other two users exist.
    let logins: Vec<_> = users(&s)
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(logins.len(), 2, "{logins:?}");
    assert!(!logins.contains(&"bob@acme.com".to_string()));
    // A fixed retry of the rejected item goes through (rejected items are not "seen").
    let fixed = okta_batch(vec![okta_event(
        "user.lifecycle.create",
        "r-0002",
        "bob@acme.com",
    )]);
    let (_, answer) = post(&url, &auth, fixed.to_string().as_bytes());
    assert_eq!(answer["deliveries"][0]["status"], "applied", "{answer}");
}

#[test]
fn a_bamboohr_batch_applies_each_updated_employee_and_skips_created_ones() {
    let s = Server::start();
    let secret = "bamboohr-private-key-0123";
    // As create_user, so that each applied employee is a new record.
    let f = s.env.write("bamboo.secret", secret);
    let r = run(
        s.cmd()
            .args([
                "add",
                "--preset",
                "bamboohr-employee-updated",
                "--name",
                "bamboo",
            ])
            .args(["--event", "create_user", "--secret-file"])
            .arg(&f)
            .args(["-o", "json"]),
        None,
    )
    .ok();
    let url = r.json()["url"].as_str().unwrap().to_string();
    let body = std::fs::read(manifest(
        "presets/bamboohr/samples/employee-with-fields-updated-batch.json",
    ))
    .unwrap();
    let headers = signed(&s, "bamboohr-employee-updated", secret, &body);
    let (status, answer) = post(&url, &headers, &body);
    assert_eq!(status, 200, "{answer}");
    let items = answer["deliveries"].as_array().unwrap();
    let outcome: Vec<_> = items
        .iter()
        .map(|d| {
            (
                d["status"].as_str().unwrap(),
                d["event_type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcome,
        [
            ("applied", "Updated"),
            ("applied", "Updated"),
            ("skipped", "Created")
        ]
    );
    let all = users(&s);
    assert_eq!(all.len(), 2, "the Created employee made no record: {all:?}");
    let kwame = all
        .iter()
        .find(|u| u["email"] == "kwame.asante@harborpoint.com")
        .unwrap();
    assert_eq!(kwame["position"], "Support Engineer", "{kwame}");
    assert!(
        all.iter()
            .any(|u| u["email"] == "olivia.brennan@harborpoint.com")
    );
    // BambooHR's retry (the same body, signed again): every item is a duplicate.
    let headers = signed(&s, "bamboohr-employee-updated", secret, &body);
    let (_, answer) = post(&url, &headers, &body);
    let statuses: Vec<_> = answer["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        statuses,
        ["duplicate", "duplicate", "duplicate"],
        "{answer}"
    );
    // A later batch repeating one employee's change with a new one: a duplicate for that
    // item alone.
    let mut v: Value = serde_json::from_slice(&body).unwrap();
    let mut fresh = v["employees"][0].clone();
    fresh["id"] = json!("501");
    fresh["fields"]["Work Email"] = json!("lena.fischer@harborpoint.com");
    fresh["fields"]["Employee #"] = json!("1201");
    let repeated = v["employees"][1].clone();
    v["employees"] = json!([fresh, repeated]);
    let next = serde_json::to_vec(&v).unwrap();
    let headers = signed(&s, "bamboohr-employee-updated", secret, &next);
    let (_, answer) = post(&url, &headers, &next);
    let statuses: Vec<_> = answer["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["applied", "duplicate"], "{answer}");
    assert_eq!(users(&s).len(), 3);
}

#[test]
fn a_replayed_github_body_with_another_delivery_id_is_a_duplicate() {
    let s = Server::start();
    let secret = "github-hmac-secret-replay";
    let url = s.add_hook("github-member-added", "gh", secret);
    let body = std::fs::read(manifest(
        "presets/github/samples/organization-member-added.json",
    ))
    .unwrap();
    let headers = signed(&s, "github-member-added", secret, &body);
    let with = |id: Option<&str>| {
        let mut h = headers.clone();
        h.push(("X-GitHub-Event".into(), "organization".into()));
        if let Some(id) = id {
            h.push(("X-GitHub-Delivery".into(), id.into()));
        }
        h
    };
    let (status, d) = post(
        &url,
        &with(Some("11111111-aaaa-11f1-8000-000000000001")),
        &body,
    );
    assert_eq!(
        (status, d["status"].as_str()),
        (200, Some("applied")),
        "{d}"
    );
    let login = d["sync_value"].as_str().unwrap().to_string();
    assert_eq!(s.api_get(&format!("/api/v3/users/{login}")).0, 200);
    // The captured request replayed under another delivery id, and with none.
    for id in [Some("22222222-bbbb-11f1-8000-000000000002"), None] {
        let (status, d) = post(&url, &with(id), &body);
        assert_eq!(
            (status, d["status"].as_str()),
            (200, Some("duplicate")),
            "{id:?}: {d}"
        );
        assert_eq!(d["action"], "none");
        assert!(
            d["message"].as_str().unwrap().contains("signed body"),
            "{d}"
        );
    }
    // A forged signature: rejected, and the log says why (in words, without the signature).
    let forged: Vec<(String, String)> = with(Some("33333333-cccc-11f1-8000-000000000003"))
        .into_iter()
        .map(|(k, v)| {
            if k.eq_ignore_ascii_case("X-Hub-Signature-256") {
                (k, format!("sha256={}", "ab".repeat(32)))
            } else {
                (k, v)
            }
        })
        .collect();
    let (status, _) = post(&url, &forged, &body);
    assert_eq!(status, 401);
    let log = s.deliveries("gh");
    assert_eq!(log.len(), 4);
    assert_eq!(log[0]["reason"], "signature_mismatch");
    assert!(
        log[0]["message"]
            .as_str()
            .unwrap()
            .contains("signature does not match"),
        "{}",
        log[0]
    );
    assert!(!log[0].to_string().contains(&"ab".repeat(32)));
    assert_eq!(log.iter().filter(|d| d["status"] == "applied").count(), 1);
    // The log never holds the signature.
    let sig = &headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("X-Hub-Signature-256"))
        .unwrap()
        .1;
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(sig.trim_start_matches("sha256=")));
}

#[test]
fn microsoft_graph_handshake_notifications_client_state_and_lifecycle() {
    let s = Server::start();
    let secret = "graph-client-state-0123456789";
    let url = s.add_hook("entra-id-user-created", "entra", secret);

    // The subscription's validation: the decoded token, as text, and nothing logged.
    let (status, headers, body) = http(
        "POST",
        &format!(
            "{url}?validationToken=Validation%3A%20Testing%20client%20application%20reachability"
        ),
        &[("Content-Type", "text/plain; charset=utf-8")],
        b"",
    );
    assert_eq!(status, 200);
    assert!(
        headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/plain")),
        "{headers:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&body),
        "Validation: Testing client application reachability"
    );
    assert!(s.deliveries("entra").is_empty());

    // A notification, sent as Graph sends it (clientState = the secret): applied.
    let r = s.send("entra", secret);
    let d = &r.json()["response"]["deliveries"][0];
    assert_eq!(
        (d["status"].as_str(), d["action"].as_str()),
        (Some("applied"), Some("created")),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains(secret), "the secret is not shown");
    assert_eq!(users(&s).len(), 1);

    // A wrong clientState: 401, logged, nothing changed.
    let mut wrong = sample("microsoft/samples/user-batch.json");
    for n in wrong["value"].as_array_mut().unwrap() {
        n["clientState"] = json!("not-the-secret");
    }
    let (status, e) = post(&url, &[], wrong.to_string().as_bytes());
    assert_eq!(status, 401, "{e}");
    assert_eq!(users(&s).len(), 1);
    let log = s.deliveries("entra");
    assert_eq!(
        (log[0]["status"].as_str(), log[0]["reason"].as_str()),
        (Some("rejected"), Some("item_secret_mismatch"))
    );
    assert!(!serde_json::to_string(&log).unwrap().contains(secret));

    // A batch with a lifecycle notification, an item of another type and one with a wrong
    // clientState: each has its own outcome, and only the right one is applied.
    let mut batch = sample("microsoft/samples/user-batch.json");
    for n in batch["value"].as_array_mut().unwrap() {
        n["clientState"] = json!(secret);
    }
    batch["value"][0]["clientState"] = json!("forged");
    let (status, answer) = post(&url, &[], batch.to_string().as_bytes());
    assert_eq!(status, 200, "{answer}");
    let outcome: Vec<_> = answer["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["status"].as_str().unwrap(),
                d["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        outcome,
        [
            ("rejected", "item_secret_mismatch"),
            ("applied", ""),
            ("skipped", "event_type_not_handled"),
            ("skipped", "lifecycle_notification"),
        ]
    );
    assert!(
        answer["deliveries"][3]["message"]
            .as_str()
            .unwrap()
            .contains("reauthorizationRequired")
    );
    assert_eq!(
        users(&s).len(),
        2,
        "only the updated user with the right clientState"
    );

    // A body cannot render the clientState (as it cannot render a header secret).
    let body = s.env.write(
        "leak.j2",
        "{\"external_id\": {{ item.resourceData.id | tojson }}, \"leak\": \
         {{ (item.clientState ~ '|' ~ value[0].clientState ~ '|' ~ payload.value[0].clientState) | tojson }}}",
    );
    let f = s.env.write("leak.secret", secret);
    run(
        s.cmd()
            .args(["add", "--preset", "entra-id-user-created", "--name", "leak"])
            .arg("--secret-file")
            .arg(&f)
            .arg("--body-file")
            .arg(&body),
        None,
    )
    .ok();
    let r = run(
        s.cmd()
            .args(["send", "leak", "--secret-file"])
            .arg(&f)
            .args(["-o", "json"]),
        None,
    )
    .ok();
    let d = &r.json()["response"]["deliveries"][0];
    assert_eq!(d["status"], "applied", "{d}");
    assert_eq!(d["rendered"]["leak"], "||", "{d}");
    let log = s.deliveries("leak");
    assert!(!serde_json::to_string(&log).unwrap().contains(secret));
}

#[test]
fn a_google_message_number_is_a_duplicate_only_on_its_own_channel() {
    let s = Server::start();
    let secret = "google-channel-token-0123";
    let url = s.add_hook("google-workspace-user-added", "gw", secret);
    let body = std::fs::read(manifest("presets/google/samples/user-add.json")).unwrap();
    let deliver = |channel: &str| {
        let h: Vec<(String, String)> = [
            ("X-Goog-Channel-Token", secret),
            ("X-Goog-Channel-ID", channel),
            ("X-Goog-Resource-State", "add"),
            ("X-Goog-Message-Number", "7"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let (status, d) = post(&url, &h, &body);
        assert_eq!(status, 200, "{d}");
        d
    };
    let first = deliver("channel-1");
    assert_eq!(first["status"], "applied", "{first}");
    assert_eq!(first["vendor_event_id"], "channel-1/7");
    assert_eq!(deliver("channel-1")["status"], "duplicate");
    // The channel renewed: message numbers start again, and message 7 is a new event.
    let renewed = deliver("channel-2");
    assert_eq!(renewed["status"], "applied", "{renewed}");
}

/// `oomhook send` to a webhook, optionally with another payload file; the server's answer.
fn send(s: &Server, name: &str, secret: &str, payload: Option<&str>) -> Value {
    let f = s.env.write(&format!("{name}.send.secret"), secret);
    let mut cmd = s.cmd();
    cmd.args(["send", name, "--secret-file"])
        .arg(&f)
        .args(["-o", "json"]);
    if let Some(p) = payload {
        cmd.arg("--payload").arg(manifest(&format!("presets/{p}")));
    }
    let r = run(&mut cmd, None).ok();
    r.json()["response"].clone()
}

#[test]
fn slack_user_change_at_the_team_join_webhook_is_skipped() {
    let s = Server::start();
    let secret = "slack-signing-secret-0123";
    s.add_hook("slack-team-join", "join", secret);
    let d = send(&s, "join", secret, Some("slack/samples/user-change.json"));
    assert_eq!(
        (
            d["status"].as_str(),
            d["reason"].as_str(),
            d["event_type"].as_str()
        ),
        (
            Some("skipped"),
            Some("event_type_not_handled"),
            Some("user_change")
        ),
        "{d}"
    );
    assert!(users(&s).is_empty());
    let d = send(&s, "join", secret, None);
    assert_eq!(d["status"], "applied", "{d}");
}

#[test]
fn a_zoom_retry_of_the_same_event_is_a_duplicate() {
    let s = Server::start();
    let secret = "zoom-secret-token-0123";
    s.add_hook("zoom-user-created", "zoom", secret);
    assert_eq!(send(&s, "zoom", secret, None)["status"], "applied");
    // Zoom retries with a new timestamp and signature over the same body.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let d = send(&s, "zoom", secret, None);
    assert_eq!(d["status"], "duplicate", "{d}");
    assert_eq!(users(&s).len(), 1);
}
