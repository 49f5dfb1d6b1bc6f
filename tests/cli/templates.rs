//! The template engine's limits and compile-time checks, through the real binary: a render
//! that builds too much or runs too long stops quickly with a located error (no abort), an
//! unknown filter or test is refused before any render (in `preview` and in the server's
//! validation), a missing end tag is named, and lenient `tojson` of an undefined value says why
//! it fails.

use std::time::{Duration, Instant};

use crate::common::{Env, Run, Server, TOKEN, http, run};

/// `preview --raw` of a template with an empty payload; the run and how long it took.
fn preview(env: &Env, template: &str, extra: &[&str]) -> (Run, Duration) {
    let t = env.write("t.j2", template);
    let p = env.write("p.json", "{}");
    let started = Instant::now();
    let r = run(
        env.cmd()
            .arg("preview")
            .arg("--template")
            .arg(&t)
            .arg("--payload")
            .arg(&p)
            .arg("--raw")
            .args(extra),
        None,
    );
    (r, started.elapsed())
}

fn failed_cleanly(r: &Run) {
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "nothing half-written: {}", r.stdout);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn a_string_doubled_in_a_loop_stops_at_the_size_limit_with_its_location() {
    let env = Env::new();
    let (r, took) = preview(
        &env,
        "{% set ns = namespace(s=\"x\") %}\n{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
        &[],
    );
    failed_cleanly(&r);
    assert!(r.stderr.contains("larger than 16 MiB"), "{}", r.stderr);
    assert!(r.stderr.contains("t.j2:2:"), "located: {}", r.stderr);
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // Repetition, joins and replacements are bounded before they are built.
    for template in [
        "{{ 'x' * 20000000 }}",
        "{% set n = 20000000 %}{{ [1] * n }}",
        "{{ ('x' * 1000000) | replace('x', 'yyyyyyyyyyyyyyyyyyyy') }}",
        "{{ ('x' * 1000000).replace('', 'yyyyyyyyyyyyyyyyyyyy') }}",
        "{% set s = 'x' * 1000000 %}{{ [s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s] | join }}",
    ] {
        let (r, took) = preview(&env, template, &[]);
        failed_cleanly(&r);
        assert!(
            r.stderr.contains("larger than 16 MiB") || r.stderr.contains("over the limit"),
            "{template}: {}",
            r.stderr
        );
        assert!(took < Duration::from_secs(10), "{template}: took {took:?}");
    }
}

#[test]
fn a_render_that_never_ends_is_stopped_quickly() {
    let env = Env::new();
    let (r, took) = preview(
        &env,
        "{% for i in range(1000000000) %}{{ i }}{% endfor %}",
        &[],
    );
    failed_cleanly(&r);
    assert!(r.stderr.contains("t.j2:1"), "{}", r.stderr);
    assert!(r.stderr.contains("loop forever"), "{}", r.stderr);
    // A debug build: a release build takes a small fraction of this.
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn an_unknown_filter_or_test_is_refused_before_rendering() {
    let env = Env::new();
    // Inside a branch never taken: still refused, as Jinja2 refuses it at compile time.
    let (r, _) = preview(
        &env,
        "{% if false %}\n  {{ name | upcase }}\n{% endif %}",
        &[],
    );
    failed_cleanly(&r);
    assert!(
        r.stderr.contains("t.j2:2:") && r.stderr.contains("no filter named `upcase`"),
        "{}",
        r.stderr
    );
    let (r, _) = preview(&env, "{% if x is positive %}{% endif %}", &["--lenient"]);
    failed_cleanly(&r);
    assert!(
        r.stderr.contains("t.j2:1:") && r.stderr.contains("no test named `positive`"),
        "{}",
        r.stderr
    );

    // The server's validation compiles through the same engine.
    let server = Server::start();
    let body = serde_json::json!({
        "name": "typo",
        "preset": "okta-user-deactivated",
        "secret": "a-secret-long-enough-for-the-server-0123",
        "body": "{\"email\": {{ data.email | tojsn }}}",
    });
    let (status, _, answer) = http(
        "POST",
        &format!("{}/api/v3/webhooks", server.url),
        &[
            ("Authorization2", TOKEN),
            ("Content-Type", "application/json"),
        ],
        body.to_string().as_bytes(),
    );
    let answer = String::from_utf8_lossy(&answer);
    assert_eq!(status, 422, "{answer}");
    assert!(answer.contains("tojsn"), "{answer}");
    let (_, list) = server.api_get("/api/v3/webhooks");
    assert!(
        !list.to_string().contains("typo"),
        "nothing created: {list}"
    );
}

#[test]
fn a_missing_end_tag_is_named() {
    let env = Env::new();
    for (template, tag) in [
        ("{% if a %}\nx", "endif"),
        ("{% for a in b %}{% if a %}{% endif %}", "endfor"),
        ("{% macro m() %}x", "endmacro"),
        ("{% set x %}x", "endset"),
    ] {
        let (r, _) = preview(&env, template, &[]);
        failed_cleanly(&r);
        assert!(
            r.stderr.contains(&format!("`{{% {tag} %}}` is missing")),
            "{template}: {}",
            r.stderr
        );
    }
    let (r, _) = preview(&env, "{% for a in b %}\n{% endif %}", &[]);
    failed_cleanly(&r);
    assert!(r.stderr.contains("t.j2:2:"), "{}", r.stderr);
    assert!(r.stderr.contains("`{% endfor %}`"), "{}", r.stderr);
}

#[test]
fn lenient_tojson_of_an_undefined_value_says_why_it_fails() {
    let env = Env::new();
    let (r, _) = preview(&env, "{\"a\": {{ missing | tojson }}}", &["--lenient"]);
    failed_cleanly(&r);
    assert!(
        r.stderr.contains("`missing`")
            && r.stderr.contains("lenient")
            && r.stderr.contains("default(none)"),
        "{}",
        r.stderr
    );
    // What it points to works.
    let (r, _) = preview(
        &env,
        "{\"a\": {{ missing | default(none) | tojson }}, \"b\": \"{{ missing }}\"}",
        &["--lenient"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "{\"a\": null, \"b\": \"\"}");
}

#[test]
fn python_errors_are_errors_with_their_location() {
    let env = Env::new();
    for (template, expected) in [
        ("{{ 1 / 0 }}", "t.j2:1:"),
        ("{{ 7 % 0 }}", "modulo by zero"),
        (
            "{% set x = [{'n': 1}, {'m': 2}] %}\n{{ x | selectattr('n', 'gt', 0) | list }}",
            "t.j2:2:",
        ),
        (
            "{{ 'a' is gt 1 }}",
            "not supported between instances of 'str' and 'int'",
        ),
    ] {
        let (r, _) = preview(&env, template, &[]);
        failed_cleanly(&r);
        assert!(r.stderr.contains(expected), "{template}: {}", r.stderr);
    }
}
