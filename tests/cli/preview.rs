//! Offline rendering: every preset against every sample, the output forms of `preview`, and
//! bad input (each a clear one-line cause with its location, exit 1, no panic).

use std::path::Path;

use crate::common::{Env, Run, run};

fn no_panic(r: &Run) {
    assert!(!r.stderr.contains("panicked"), "panic: {}", r.stderr);
}

#[test]
fn every_bundled_preset_renders_every_sample_to_an_object_with_a_sync_key() {
    let env = Env::new();
    let list = run(env.cmd().args(["presets", "list", "-o", "json"]), None)
        .ok()
        .json();
    let presets = list.as_array().unwrap();
    assert!(presets.len() >= 40, "at least 40 presets");
    let vendors: std::collections::BTreeSet<_> = presets
        .iter()
        .map(|p| p["vendor"].as_str().unwrap())
        .collect();
    assert!(vendors.len() >= 20, "at least 20 vendors: {vendors:?}");
    let mut renders = 0;
    for p in presets {
        let id = p["id"].as_str().unwrap();
        let shown = run(env.cmd().args(["presets", "show", id, "-o", "json"]), None)
            .ok()
            .json();
        for s in shown["samples"].as_array().unwrap() {
            let sample = s["name"].as_str().unwrap();
            let r = run(
                env.cmd()
                    .args(["preview", id, "--sample", sample, "-o", "json"]),
                None,
            )
            .ok();
            let v = r.json();
            // A batched preset's preview lists its items: each rendered one is checked.
            let rendered: Vec<serde_json::Value> = match v["items"].as_array() {
                Some(items) => items
                    .iter()
                    .filter(|i| i["status"] == "rendered")
                    .cloned()
                    .collect(),
                None => vec![v.clone()],
            };
            assert!(!rendered.is_empty(), "{id}/{sample}: an item renders");
            for v in rendered {
                assert!(v["body"].is_object(), "{id}/{sample}: body is an object");
                let key = v["sync_key"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{id}/{sample}: no sync key resolved"));
                assert!(!v["sync_value"].as_str().unwrap().is_empty());
                let resolved = v["body"][key]
                    .as_str()
                    .is_some_and(|s| !s.trim().is_empty())
                    || v["body"][key].is_number();
                assert!(
                    resolved,
                    "{id}/{sample}: the sync key's field is set in the body"
                );
            }
            renders += 1;
        }
    }
    assert!(renders >= presets.len());
    run(env.cmd().arg("validate"), None).ok();
}

#[test]
fn okta_deactivated_is_an_update_that_sets_inactive_with_a_header_secret() {
    let env = Env::new();
    let p = run(
        env.cmd()
            .args(["presets", "show", "okta-user-deactivated", "-o", "json"]),
        None,
    )
    .ok()
    .json();
    assert_eq!(p["event"], "update_user");
    assert_eq!(p["secret_type"], "header");
    assert_eq!(p["auth"]["header"]["header"], "Authorization");
    let r = env
        .case(["preview", "okta-user-deactivated"])
        .stderr_has("sync key: username = \"luca.dasilva@acme.com\"")
        .run();
    assert_eq!(r.json()["status"], "Inactive");
}

#[test]
fn raw_is_byte_exact_and_headers_and_event_reach_the_template() {
    let env = Env::new();
    let t = env.write(
        "t.j2",
        "{{ headers['x-one'] }}|{{ oomnitza_event }}|{{ name }}\n\n",
    );
    let p = env.write("p.json", r#"{"name": "Zoë"}"#);
    env.case(["preview", "--template"])
        .arg(&t)
        .arg("--payload")
        .arg(&p)
        .args(["--raw", "--event", "archive_user", "--header", "X-One: 1"])
        .stdout_is("1|archive_user|Zoë\n")
        .run();
}

#[test]
fn a_payload_key_named_payload_wins_over_the_context_variable() {
    let env = Env::new();
    let t = env.write("t.j2", "{{ payload.object.email }}");
    let p = env.write(
        "p.json",
        r#"{"event": "user.created", "payload": {"object": {"email": "a@b.c"}}}"#,
    );
    env.case(["preview", "--raw", "--template"])
        .arg(&t)
        .arg("--payload")
        .arg(&p)
        .stdout_is("a@b.c")
        .run();
}

#[test]
fn ndjson_streams_in_order_and_stops_at_a_bad_line_with_its_number() {
    let env = Env::new();
    let t = env.write("t.j2", "{\"n\": {{ n }}, \"s\": {{ s | tojson }}}");
    let good: String = (1..=5)
        .map(|n| format!("{{\"n\": {n}, \"s\": \"x {n}\"}}\n"))
        .collect();
    let p = env.write("ok.ndjson", &good);
    let r = run(
        env.cmd()
            .args(["preview", "--ndjson", "--template"])
            .arg(&t)
            .arg("--payload")
            .arg(&p),
        None,
    )
    .ok();
    let lines: Vec<_> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[2], r#"{"n":3,"s":"x 3"}"#);

    let bad = format!("{good}{{\"n\": 6, oops}}\n{{\"n\": 7, \"s\": \"\"}}\n");
    let p = env.write("bad.ndjson", &bad);
    let r = run(
        env.cmd()
            .args(["preview", "--ndjson", "--template"])
            .arg(&t)
            .arg("--payload")
            .arg(&p),
        None,
    )
    .code(1);
    no_panic(&r);
    assert_eq!(
        r.stdout.lines().count(),
        5,
        "the lines before the bad one are written"
    );
    assert!(
        r.stderr.contains("bad.ndjson:6:"),
        "names line 6: {}",
        r.stderr
    );
}

/// Many lines (rendered in batches, each split across the cores): the output keeps the input
/// order, blank lines are skipped, and a bad line far in stops the run after every body before
/// it, naming its line number.
#[test]
fn ndjson_keeps_order_across_batches_and_cores() {
    let env = Env::new();
    let t = env.write("t.j2", "{\"n\": {{ n }}, \"who\": {{ who.name | tojson }}}");
    let total = 5000;
    let mut input = String::new();
    for n in 1..=total {
        input.push_str(&format!(
            "{{\"n\": {n}, \"who\": {{\"name\": \"user {n} é\"}}}}\n"
        ));
        if n % 997 == 0 {
            input.push_str("\n   \n");
        }
    }
    let p = env.write("many.ndjson", &input);
    let r = run(
        env.cmd()
            .args(["preview", "--ndjson", "--template"])
            .arg(&t)
            .arg("--payload")
            .arg(&p),
        None,
    )
    .ok();
    let lines: Vec<_> = r.stdout.lines().collect();
    assert_eq!(lines.len(), total);
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        assert_eq!(*line, format!("{{\"n\":{n},\"who\":\"user {n} \\u00e9\"}}"));
    }

    // A bad payload on input line 3001 (after the blank lines of 997, 1994 and 2991).
    let mut bad = String::new();
    let mut written = 0;
    for (i, line) in input.lines().enumerate() {
        if i + 1 == 3001 {
            bad.push_str("{\"n\": oops}\n");
        } else {
            bad.push_str(line);
            bad.push('\n');
            if i + 1 < 3001 && !line.trim().is_empty() {
                written += 1;
            }
        }
    }
    let p = env.write("bad-many.ndjson", &bad);
    let r = run(
        env.cmd()
            .args(["preview", "--ndjson", "--template"])
            .arg(&t)
            .arg("--payload")
            .arg(&p),
        None,
    )
    .code(1);
    no_panic(&r);
    assert_eq!(
        r.stdout.lines().count(),
        written,
        "every body before line 3001"
    );
    assert!(r.stderr.contains("bad-many.ndjson:3001:"), "{}", r.stderr);
}

/// From a pipe that stays open, each body comes out as its line comes in (not when a batch
/// fills), and a bad line ends the run at once, without waiting for the pipe to close.
#[test]
fn ndjson_streams_from_an_open_pipe_and_stops_at_a_bad_line_at_once() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let env = Env::new();
    let t = env.write("t.j2", "{\"n\": {{ n }}}");
    let mut child = env
        .cmd()
        .args(["preview", "--ndjson", "--payload", "-", "--template"])
        .arg(&t)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    for n in 1..=3 {
        writeln!(stdin, "{{\"n\": {n}}}").unwrap();
        stdin.flush().unwrap();
        line.clear();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(
            line,
            format!("{{\"n\":{n}}}\n"),
            "body {n} as soon as its line"
        );
    }
    writeln!(stdin, "{{\"n\": oops}}").unwrap();
    stdin.flush().unwrap();
    // stdin stays open: the run must end on its own.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running after a bad line"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    assert_eq!(status.code(), Some(1));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.contains("-:4:"), "names line 4: {err}");
}

/// CRLF line ends are read as line ends; a line that is not UTF-8, and a line over the size
/// limit (50 MB, in a file the reader never holds whole), each stop the run at their line
/// number after the bodies before them.
#[test]
fn ndjson_reads_crlf_and_names_a_line_not_utf8_or_too_long() {
    let env = Env::new();
    let t = env.write("t.j2", "{\"n\": {{ n }}}");
    let render = |name: &str, contents: Vec<u8>| {
        let p = env.write(name, contents);
        run(
            env.cmd()
                .args(["preview", "--ndjson", "--template"])
                .arg(&t)
                .arg("--payload")
                .arg(&p),
            None,
        )
    };
    let r = render(
        "crlf.ndjson",
        b"{\"n\": 1}\r\n\r\n{\"n\": 2}\r\n{\"n\": 3}".to_vec(),
    )
    .ok();
    assert_eq!(r.stdout, "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");

    let mut bad = b"{\"n\": 1}\n{\"n\": 2}\n{\"n\": \"".to_vec();
    bad.extend_from_slice(&[0xff, 0xfe]);
    bad.extend_from_slice(b"\"}\n{\"n\": 4}\n");
    let r = render("latin.ndjson", bad).code(1);
    no_panic(&r);
    assert_eq!(r.stdout, "{\"n\":1}\n{\"n\":2}\n");
    assert!(
        r.stderr.contains("latin.ndjson:3: the line is not UTF-8"),
        "{}",
        r.stderr
    );

    let mut long = b"{\"n\": 1}\n".to_vec();
    long.extend_from_slice(b"{\"n\": 2, \"pad\": \"");
    long.resize(long.len() + 50 * 1024 * 1024, b'x');
    long.extend_from_slice(b"\"}\n{\"n\": 3}\n");
    let r = render("long.ndjson", long).code(1);
    no_panic(&r);
    assert_eq!(r.stdout, "{\"n\":1}\n");
    assert!(
        r.stderr
            .contains("long.ndjson: line 2: the payload is over the size limit"),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_input_gets_a_clear_located_error_and_exit_1() {
    let env = Env::new();
    let payload = env.write("p.json", r#"{"a": {"b": 1}}"#);
    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        // (what, args, expected text in stderr)
        (
            "template syntax error",
            {
                let t = env.write("syntax.j2", "line one\n{{ a. }}\n");
                vec![
                    "--template".into(),
                    t.display().to_string(),
                    "--payload".into(),
                    payload.display().to_string(),
                ]
            },
            "syntax.j2:2:",
        ),
        (
            "undefined variable",
            {
                let t = env.write("undef.j2", "{\n  \"x\": {{ a.nope | tojson }}\n}");
                vec![
                    "--template".into(),
                    t.display().to_string(),
                    "--payload".into(),
                    payload.display().to_string(),
                ]
            },
            "undefined variable `a.nope`",
        ),
        (
            "payload not JSON",
            {
                let t = env.write("ok.j2", "{}");
                let bad = env.write("bad.json", "{\n  \"a\": tru\n}");
                vec![
                    "--template".into(),
                    t.display().to_string(),
                    "--payload".into(),
                    bad.display().to_string(),
                ]
            },
            "bad.json:2:",
        ),
        (
            "empty payload",
            {
                let t = env.write("ok.j2", "{}");
                let empty = env.write("empty.json", "");
                vec![
                    "--template".into(),
                    t.display().to_string(),
                    "--payload".into(),
                    empty.display().to_string(),
                ]
            },
            "empty",
        ),
        (
            "template that never ends",
            {
                let t = env.write("forever.j2", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}");
                vec![
                    "--template".into(),
                    t.display().to_string(),
                    "--payload".into(),
                    payload.display().to_string(),
                ]
            },
            "loop forever",
        ),
        (
            "recursion too deep",
            {
                let t = env.write(
                    "deep.j2",
                    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
                );
                vec![
                    "--template".into(),
                    t.display().to_string(),
                    "--payload".into(),
                    payload.display().to_string(),
                ]
            },
            "recursion",
        ),
        (
            "unknown preset",
            vec!["okta-user-deactivate".into()],
            "did you mean \"okta-user-deactivated\"",
        ),
    ];
    for (what, args, needle) in cases {
        // Exit 1, no panic, the cause in stderr, nothing on stdout.
        env.case(["preview"])
            .named(what)
            .args(&args)
            .exit(1)
            .stderr_has(needle)
            .stdout_empty()
            .run();
    }
}

/// `preview --lenient --raw` of a template and payload, which must succeed.
fn lenient(env: &Env, template: &Path, payload: &Path) -> Run {
    run(
        env.cmd()
            .args(["preview", "--lenient", "--raw", "--template"])
            .arg(template)
            .arg("--payload")
            .arg(payload),
        None,
    )
    .ok()
}

#[test]
fn undefined_error_shows_the_line_and_a_caret() {
    let env = Env::new();
    let payload = env.write("p.json", r#"{"a": {}}"#);
    let t = env.write("u.j2", "{\n  \"x\": {{ a.nope }}\n}");
    let r = run(
        env.cmd()
            .args(["preview", "--template"])
            .arg(&t)
            .arg("--payload")
            .arg(&payload),
        None,
    )
    .code(1);
    assert!(r.stderr.contains("u.j2:2:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("  \"x\": {{ a.nope }}"),
        "source line shown: {}",
        r.stderr
    );
    assert!(r.stderr.contains('^'), "caret shown: {}", r.stderr);
    // Lenient renders it empty, with a warning naming it.
    let r = lenient(&env, &t, &payload);
    assert_eq!(r.stdout, "{\n  \"x\": \n}");
    assert!(
        r.stderr.contains("warning:") && r.stderr.contains("nope"),
        "{}",
        r.stderr
    );
}

#[test]
fn lenient_warns_of_undefined_names_but_not_of_the_globals() {
    let env = Env::new();
    let t = env.write(
        "g.j2",
        "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}\
         {{ dict(a=ns.n) | tojson }}{{ missing }}",
    );
    let payload = env.write("p.json", "{}");
    let r = lenient(&env, &t, &payload);
    assert_eq!(r.stdout, "{\"a\": 3}");
    assert!(r.stderr.contains("`missing` is undefined"), "{}", r.stderr);
    for global in ["range", "dict", "namespace"] {
        assert!(!r.stderr.contains(global), "{global}: {}", r.stderr);
    }
}

#[test]
fn a_50_mb_payload_is_refused_quickly_with_the_limit() {
    let env = Env::new();
    let t = env.write("ok.j2", "{}");
    let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(50 * 1024 * 1024));
    let p = env.write("big.json", big);
    let r = run(
        env.cmd()
            .args(["preview", "--template"])
            .arg(&t)
            .arg("--payload")
            .arg(&p),
        None,
    )
    .code(1);
    no_panic(&r);
    assert!(r.stderr.contains("MiB limit"), "{}", r.stderr);
}

#[test]
fn bad_presets_are_reported_with_file_line_and_column() {
    let env = Env::new();
    let good = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("presets/okta/okta-user-deactivated.yaml"),
    )
    .unwrap();
    let dir = env.path().join("mine");
    std::fs::create_dir_all(dir.join("samples")).unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("presets/okta/samples/user-lifecycle-deactivate.json"),
        dir.join("samples/user-lifecycle-deactivate.json"),
    )
    .unwrap();
    let cases = [
        (
            "malformed",
            good.replace("vendor: okta\n", "vendor: [okta\n"),
            "malformed.yaml:",
        ),
        (
            "unknownfield",
            good.replace("vendor: okta\n", "vendor: okta\ncolour: blue\n"),
            "unknown field `colour`",
        ),
        (
            "missingfield",
            good.replace("vendor: okta\n", ""),
            "missing field `vendor`",
        ),
        (
            "badtemplate",
            good.replace("\"status\": \"Inactive\"", "\"status\": {{ }}"),
            "syntax error",
        ),
    ];
    for (name, text, needle) in cases {
        let text = text.replace("id: okta-user-deactivated", &format!("id: {name}"));
        let f = dir.join(format!("{name}.yaml"));
        std::fs::write(&f, text).unwrap();
        let r = run(env.cmd().arg("validate").arg(&f), None);
        no_panic(&r);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(needle),
            "{name}: expected {needle:?} in {}",
            r.stderr
        );
        std::fs::remove_file(&f).unwrap();
    }
    // A user preset that overrides a bundled one is used by preview.
    let custom = good.replace("\"status\": \"Inactive\"", "\"status\": \"Gone\"");
    std::fs::write(dir.join("okta-user-deactivated.yaml"), custom).unwrap();
    let r = run(
        env.cmd()
            .args(["preview", "okta-user-deactivated", "--presets-dir"])
            .arg(&dir),
        None,
    )
    .ok();
    assert!(r.stdout.contains("\"Gone\""), "{}", r.stdout);
}
