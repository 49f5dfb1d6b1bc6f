//! The client against a misbehaving server: rate limits, 5xx, dropped connections, silence,
//! refused tokens, refused connections and long lists. The server is a few lines of HTTP/1.1 on
//! a thread, written here so each test says exactly what goes wrong on the wire.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::common::{Env, run};

/// The token the fake server is given.
const TOKEN: &str = "fault-token-5f1d0c9a";
/// No fake server lives longer than this.
const SERVER_LIFETIME: Duration = Duration::from_secs(60);
/// Nor answers more connections than this.
const MAX_CONNECTIONS: usize = 400;
/// A silent connection is held at most this long.
const HANG_AT_MOST: Duration = Duration::from_secs(20);

/// One request as the fake server read it.
#[derive(Debug, Clone)]
struct Req {
    method: String,
    /// Path and query, as sent.
    target: String,
    /// Header names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Req {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// A query parameter (values here are plain, never percent-encoded).
    fn query(&self, name: &str) -> Option<String> {
        let q = self.target.split_once('?')?.1;
        q.split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k == name).then(|| v.to_string())
        })
    }
}

/// What the fake server does with a request.
enum Reply {
    /// Write this response and close.
    Respond(Vec<u8>),
    /// Close the connection without a word.
    Drop,
    /// Keep the connection open and say nothing (until the test ends or a bound passes).
    Hang,
    /// Write these bytes (a partial answer), then hang.
    Partial(Vec<u8>),
    /// Write these bytes (a partial answer), then close.
    Cut(Vec<u8>),
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        307 => "Temporary Redirect",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        412 => "Precondition Failed",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// A response with a JSON body (empty for 204) and extra headers.
fn respond(status: u16, headers: &[(&str, String)], body: &str) -> Reply {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    if status != 204 {
        head.push_str("Content-Type: application/json; charset=utf-8\r\n");
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    ));
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    Reply::Respond(bytes)
}

fn api_error(status: u16, code: &str, message: &str, field: Option<&str>) -> Reply {
    let mut e = serde_json::json!({"code": code, "message": message});
    if let Some(f) = field {
        e["field"] = f.into();
    }
    respond(
        status,
        &[],
        &serde_json::json!({ "errors": [e] }).to_string(),
    )
}

/// A list answer with its total.
fn list_page(items: &[serde_json::Value], total: usize) -> Reply {
    respond(
        200,
        &[("X-Total-Count", total.to_string())],
        &serde_json::Value::from(items.to_vec()).to_string(),
    )
}

/// A webhook as the API returns it.
fn webhook(id: &str, name: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "name": name,
        "preset": "okta-user-deactivated",
        "vendor": "okta",
        "secret_type": "header",
        "has_secret": true,
        "event": "update_user",
        "body": "{\"username\": \"x\"}",
        "sync_keys": ["username", "email"],
        "enabled": true,
        "url": format!("http://127.0.0.1:9/hooks/{id}"),
        "version": 1,
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
    })
}

type Handler = dyn Fn(usize, &Req) -> Reply + Send + Sync;

/// The misbehaving server: answers each connection's one request with what the handler says,
/// given the request's number (0-based) and the request. Stops when dropped, after
/// [`SERVER_LIFETIME`], or after [`MAX_CONNECTIONS`] connections, whichever comes first.
struct Fake {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Req>>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Fake {
    fn start(handler: impl Fn(usize, &Req) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let counter = Arc::new(AtomicUsize::new(0));
        let accept = {
            let (log, stop) = (log.clone(), stop.clone());
            std::thread::spawn(move || {
                let deadline = Instant::now() + SERVER_LIFETIME;
                let mut conns = 0;
                while !stop.load(Ordering::SeqCst)
                    && Instant::now() < deadline
                    && conns < MAX_CONNECTIONS
                {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            conns += 1;
                            let (log, stop, handler, counter) =
                                (log.clone(), stop.clone(), handler.clone(), counter.clone());
                            std::thread::spawn(move || {
                                serve_one(stream, &log, &stop, &*handler, &counter)
                            });
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(5));
                        }
                        Err(_) => break,
                    }
                }
            })
        };
        Self {
            addr,
            log,
            stop,
            accept: Some(accept),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request seen so far, in arrival order.
    fn requests(&self) -> Vec<Req> {
        self.log.lock().unwrap().clone()
    }

    /// `oomhook` pointed at this server with a token.
    fn cmd(&self, env: &Env) -> std::process::Command {
        let mut c = env.cmd();
        c.env("OOMNITZA_URL", self.url())
            .env("OOMNITZA_TOKEN", TOKEN);
        c
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// Reads one request, logs it, and does what the handler says. Every read and wait is bounded.
fn serve_one(
    mut stream: TcpStream,
    log: &Mutex<Vec<Req>>,
    stop: &AtomicBool,
    handler: &Handler,
    counter: &AtomicUsize,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let Some(req) = read_request(&mut stream) else {
        return;
    };
    let n = counter.fetch_add(1, Ordering::SeqCst);
    log.lock().unwrap().push(req.clone());
    let hang = |stream: &mut TcpStream, partial: &[u8]| {
        let _ = stream.write_all(partial);
        let _ = stream.flush();
        let until = Instant::now() + HANG_AT_MOST;
        while !stop.load(Ordering::SeqCst) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    match handler(n, &req) {
        Reply::Respond(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
            let _ = stream.shutdown(Shutdown::Write);
            // Let the client read before the socket goes away.
            let mut sink = [0u8; 1024];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
        }
        Reply::Drop => {
            let _ = stream.shutdown(Shutdown::Both);
        }
        Reply::Hang => hang(&mut stream, b""),
        Reply::Partial(bytes) => hang(&mut stream, &bytes),
        Reply::Cut(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The request head and its Content-Length body (at most 1 MiB of each).
fn read_request(stream: &mut TcpStream) -> Option<Req> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > 1 << 20 {
            return None;
        }
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
        .min(1 << 20);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(len);
    Some(Req {
        method,
        target,
        headers,
        body,
    })
}

/// A secret file for `add`.
fn secret_file(env: &Env) -> std::path::PathBuf {
    env.write("secret.txt", "fault-secret-value-1234\n")
}

fn add_args(env: &Env, name: &str) -> Vec<String> {
    vec![
        "-o".into(),
        "json".into(),
        "add".into(),
        "--preset".into(),
        "okta-user-deactivated".into(),
        "--name".into(),
        name.into(),
        "--secret-file".into(),
        secret_file(env).display().to_string(),
    ]
}

#[test]
fn rate_limit_waits_for_retry_after_then_succeeds() {
    let fake = Fake::start(|n, _| {
        if n == 0 {
            respond(429, &[("Retry-After", "1".into())], "{\"errors\":[]}")
        } else {
            list_page(&[], 0)
        }
    });
    let env = Env::new();
    let started = Instant::now();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(900),
        "the client did not wait for Retry-After: {elapsed:?}"
    );
    assert!(
        elapsed < Duration::from_secs(10),
        "waited far too long: {elapsed:?}"
    );
    assert_eq!(r.json(), serde_json::json!([]));
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    assert!(
        reqs.iter()
            .all(|r| r.method == "GET" && r.path() == "/api/v3/webhooks")
    );
    assert!(
        reqs.iter()
            .all(|r| r.header("authorization2") == Some(TOKEN)),
        "every request carries the token"
    );
}

#[test]
fn two_503s_then_success() {
    let fake = Fake::start(|n, req| {
        if n < 2 {
            respond(
                503,
                &[],
                "{\"errors\":[{\"code\":\"internal\",\"message\":\"try later\"}]}",
            )
        } else if req.query("name").as_deref() == Some("alpha") {
            list_page(&[webhook("wh_1", "alpha")], 1)
        } else {
            list_page(&[], 0)
        }
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "show", "alpha"]), None).ok();
    assert_eq!(r.json()["id"], "wh_1");
    assert_eq!(fake.requests().len(), 3);
}

#[test]
fn a_retried_create_reuses_its_idempotency_key_and_creates_once() {
    // The server commits the first POST, then drops the connection without answering; a
    // repeat of a known key gets the stored 201 and creates nothing.
    // Created webhooks by Idempotency-Key.
    let store: Arc<Mutex<Vec<(String, serde_json::Value)>>> = Arc::new(Mutex::new(Vec::new()));
    let fake = {
        let store = store.clone();
        Fake::start(move |_, req| {
            if req.method != "POST" {
                return list_page(&[], 0);
            }
            let Some(key) = req.header("idempotency-key").map(str::to_string) else {
                return api_error(422, "invalid", "no Idempotency-Key", None);
            };
            let mut store = store.lock().unwrap();
            if let Some((_, stored)) = store.iter().find(|(k, _)| *k == key) {
                return respond(
                    201,
                    &[("Location", "/api/v3/webhooks/wh_1".into())],
                    &stored.to_string(),
                );
            }
            let sent: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            let created = webhook(
                &format!("wh_{}", store.len() + 1),
                sent["name"].as_str().unwrap_or("?"),
            );
            store.push((key, created));
            Reply::Drop
        })
    };
    let env = Env::new();
    let r = run(fake.cmd(&env).args(add_args(&env, "x")), None).ok();
    assert_eq!(r.json()["id"], "wh_1");
    assert_eq!(r.json()["name"], "x");

    let posts: Vec<Req> = fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 2, "one POST dropped, one retry: {posts:?}");
    let keys: BTreeSet<&str> = posts
        .iter()
        .map(|p| p.header("idempotency-key").unwrap())
        .collect();
    assert_eq!(keys.len(), 1, "the retry must reuse the key: {keys:?}");
    assert!(uuid_like(keys.iter().next().unwrap()), "{keys:?}");
    assert_eq!(
        posts[0].body, posts[1].body,
        "the retry sends the same body"
    );
    assert_eq!(
        store.lock().unwrap().len(),
        1,
        "exactly one webhook was created"
    );
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36
        && s.chars().filter(|c| *c == '-').count() == 4
        && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

#[test]
fn separate_creates_use_distinct_idempotency_keys() {
    let fake = Fake::start(|n, req| {
        let sent: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        respond(
            201,
            &[],
            &webhook(&format!("wh_{n}"), sent["name"].as_str().unwrap_or("?")).to_string(),
        )
    });
    let env = Env::new();
    run(fake.cmd(&env).args(add_args(&env, "one")), None).ok();
    run(fake.cmd(&env).args(add_args(&env, "two")), None).ok();
    let keys: BTreeSet<String> = fake
        .requests()
        .iter()
        .filter_map(|r| r.header("idempotency-key").map(str::to_string))
        .collect();
    assert_eq!(keys.len(), 2, "two creates, two keys: {keys:?}");
}

#[test]
fn a_silent_server_times_out_with_exit_3() {
    let fake = Fake::start(|_, _| Reply::Hang);
    let env = Env::new();
    let started = Instant::now();
    let r = run(
        fake.cmd(&env)
            .env("OOMHOOK_TIMEOUT", "1")
            .env("OOMHOOK_RETRY_MAX", "2")
            .args(["-o", "json", "list"]),
        None,
    )
    .code(3);
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
    assert!(
        elapsed >= Duration::from_millis(900),
        "gave up before the 1 s timeout: {elapsed:?}"
    );
    assert!(r.stderr.contains("timed out"), "{}", r.stderr);
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let n = fake.requests().len();
    assert!((1..=4).contains(&n), "attempts within the 2 s cap: {n}");
}

#[test]
fn a_refused_token_exits_4_with_a_login_hint() {
    let fake = Fake::start(|_, _| api_error(401, "unauthorized", "bad token", None));
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).code(4);
    let hint = r
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_else(|| panic!("no hint line:\n{}", r.stderr));
    assert!(hint.contains("oomhook login"), "{hint}");
    assert_eq!(fake.requests().len(), 1, "a 401 is not retried");
    assert!(!r.stderr.contains(TOKEN) && !r.stdout.contains(TOKEN));
}

#[test]
fn a_forbidden_token_exits_4() {
    let fake = Fake::start(|_, _| api_error(403, "unauthorized", "not allowed", None));
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["show", "x"]), None).code(4);
    assert!(r.stderr.contains("oomhook login"), "{}", r.stderr);
}

#[test]
fn connection_refused_exits_3_with_a_hint() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let env = Env::new();
    let started = Instant::now();
    let r = run(
        env.cmd()
            .env("OOMNITZA_URL", format!("http://127.0.0.1:{port}"))
            .env("OOMNITZA_TOKEN", TOKEN)
            .env("OOMHOOK_RETRY_MAX", "1")
            .args(["-o", "json", "list"]),
        None,
    )
    .code(3);
    assert!(started.elapsed() < Duration::from_secs(15));
    assert!(
        r.stderr.contains(&format!("127.0.0.1:{port}")),
        "names the server: {}",
        r.stderr
    );
    let hint = r
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_else(|| panic!("no hint line:\n{}", r.stderr));
    assert!(
        hint.contains("--url") || hint.contains("OOMNITZA_URL"),
        "{hint}"
    );
}

#[test]
fn a_long_list_is_fetched_page_by_page() {
    const TOTAL: usize = 2500;
    let all: Arc<Vec<serde_json::Value>> = Arc::new(
        (0..TOTAL)
            .map(|i| webhook(&format!("wh_{i:05}"), &format!("hook-{i:05}")))
            .collect(),
    );
    let fake = {
        let all = all.clone();
        Fake::start(move |_, req| {
            let limit: usize = req
                .query("limit")
                .and_then(|v| v.parse().ok())
                .unwrap_or(100)
                .clamp(1, 1000);
            let skip: usize = req.query("skip").and_then(|v| v.parse().ok()).unwrap_or(0);
            let page = &all[skip.min(TOTAL)..(skip + limit).min(TOTAL)];
            list_page(page, TOTAL)
        })
    };
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    let got = r.json();
    let got = got.as_array().expect("an array");
    assert_eq!(got.len(), TOTAL);
    let ids: Vec<&str> = got.iter().map(|w| w["id"].as_str().unwrap()).collect();
    let want: Vec<String> = (0..TOTAL).map(|i| format!("wh_{i:05}")).collect();
    assert!(
        ids.iter().zip(&want).all(|(a, b)| a == b),
        "every webhook once, in order"
    );

    let reqs = fake.requests();
    let skips: BTreeSet<usize> = reqs
        .iter()
        .map(|r| r.query("skip").unwrap().parse().unwrap())
        .collect();
    assert_eq!(skips, BTreeSet::from([0, 1000, 2000]));
    assert_eq!(reqs.len(), 3, "each page once");
    assert!(
        reqs.iter()
            .all(|r| r.query("limit").as_deref() == Some("1000"))
    );
}

#[test]
fn a_server_with_smaller_pages_is_still_read_to_the_end() {
    // A server may cap `limit` below what was asked; the client pages by what it got.
    const TOTAL: usize = 250;
    let fake = Fake::start(|_, req| {
        let skip: usize = req.query("skip").and_then(|v| v.parse().ok()).unwrap_or(0);
        let page: Vec<_> = (skip..(skip + 100).min(TOTAL))
            .map(|i| webhook(&format!("wh_{i}"), &format!("h{i}")))
            .collect();
        list_page(&page, TOTAL)
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    assert_eq!(r.json().as_array().unwrap().len(), TOTAL);
    let skips: BTreeSet<usize> = fake
        .requests()
        .iter()
        .map(|r| r.query("skip").unwrap().parse().unwrap())
        .collect();
    assert_eq!(skips, BTreeSet::from([0, 100, 200]));
}

/// Pages of 100 from `skip` out of `total` webhooks; `ignore_skip` answers the first page
/// every time; the total is sent only when `with_total`.
fn paged(skip: usize, total: usize, ignore_skip: bool, with_total: bool) -> Reply {
    let from = if ignore_skip { 0 } else { skip.min(total) };
    let page: Vec<_> = (from..(from + 100).min(total))
        .map(|i| webhook(&format!("wh_{i}"), &format!("h{i}")))
        .collect();
    let headers: Vec<(&str, String)> = if with_total {
        vec![("X-Total-Count", total.to_string())]
    } else {
        Vec::new()
    };
    respond(200, &headers, &serde_json::Value::from(page).to_string())
}

fn skip_of(req: &Req) -> usize {
    req.query("skip").and_then(|v| v.parse().ok()).unwrap_or(0)
}

#[test]
fn a_server_without_a_total_is_read_until_a_short_page() {
    let fake = Fake::start(|_, req| paged(skip_of(req), 250, false, false));
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    let ids: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = (0..250).map(|i| format!("wh_{i}")).collect();
    assert_eq!(ids, want, "every webhook once, in order");
    let skips: Vec<usize> = fake.requests().iter().map(skip_of).collect();
    assert_eq!(skips, [0, 100, 200]);
}

#[test]
fn a_server_that_ignores_skip_is_refused_not_listed_twice() {
    for with_total in [true, false] {
        let fake = Fake::start(move |_, req| paged(skip_of(req), 250, true, with_total));
        let env = Env::new();
        let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).code(1);
        assert!(
            r.stderr.contains("wh_0 twice") && r.stderr.contains("`skip`"),
            "with_total {with_total}: {}",
            r.stderr
        );
        assert!(r.stdout.trim().is_empty(), "{}", r.stdout);
        assert!(
            fake.requests().len() <= 3,
            "with_total {with_total}: {} requests",
            fake.requests().len()
        );
    }
}

#[test]
fn an_error_body_in_another_shape_still_gives_its_message() {
    let fake = Fake::start(|_, _| {
        respond(
            422,
            &[],
            r#"{"type": "about:blank", "title": "Unprocessable", "detail": "name is longer than 64 characters"}"#,
        )
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).code(1);
    assert!(
        r.stderr.contains("422 name is longer than 64 characters"),
        "{}",
        r.stderr
    );

    // An HTML page (a proxy's) is not shown: the status says what happened.
    let fake = Fake::start(|_, _| {
        let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        Reply::Respond(
            format!(
                "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            )
            .into_bytes(),
        )
    });
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).code(1);
    assert!(
        r.stderr.contains("500 Internal Server Error") && !r.stderr.contains('<'),
        "{}",
        r.stderr
    );
}

#[test]
fn a_create_answered_without_a_webhook_says_it_may_exist() {
    let fake = Fake::start(|_, _| respond(201, &[], "Created"));
    let env = Env::new();
    let r = run(fake.cmd(&env).args(add_args(&env, "x")), None).code(1);
    assert!(
        r.stderr.contains("not what the API describes")
            && r.stderr
                .contains("hint: the server answered 201 Created, so the webhook may exist"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("fault-secret-value"), "{}", r.stderr);
}

#[test]
fn a_relative_webhook_url_is_taken_against_the_server_and_sent_to() {
    let fake = Fake::start(|_, req| {
        if req.path() == "/hooks/tok_rel" {
            return respond(200, &[], r#"{"status": "applied"}"#);
        }
        let mut w = webhook("wh_rel", "relative");
        w["url"] = "/hooks/tok_rel".into();
        if req.path() == "/api/v3/webhooks" {
            list_page(&[w], 1)
        } else {
            respond(200, &[], &w.to_string())
        }
    });
    let env = Env::new();
    let r = run(
        fake.cmd(&env).args(["-o", "json", "show", "relative"]),
        None,
    )
    .ok();
    let want = format!("{}/hooks/tok_rel", fake.url());
    assert_eq!(r.json()["url"], want.as_str());

    let secret = secret_file(&env);
    let r = run(
        fake.cmd(&env).args([
            "-o",
            "json",
            "send",
            "relative",
            "--secret-file",
            &secret.display().to_string(),
        ]),
        None,
    )
    .ok();
    assert_eq!(r.json()["url"], want.as_str());
    assert!(
        fake.requests()
            .iter()
            .any(|q| q.method == "POST" && q.path() == "/hooks/tok_rel"),
        "the delivery went to the server"
    );
}

#[test]
fn send_does_not_follow_a_redirect_with_the_secret() {
    let elsewhere = Fake::start(|_, _| respond(200, &[], "{}"));
    let to = format!("{}/collect", elsewhere.url());
    let fake = Fake::start(move |_, req| {
        if req.path() == "/hooks/tok_moved" {
            return respond(307, &[("Location", to.clone())], "");
        }
        let mut w = webhook("wh_moved", "moved");
        w["url"] = "/hooks/tok_moved".into();
        list_page(&[w], 1)
    });
    let env = Env::new();
    let secret = secret_file(&env);
    let r = run(
        fake.cmd(&env).args([
            "-o",
            "json",
            "send",
            "moved",
            "--secret-file",
            &secret.display().to_string(),
        ]),
        None,
    )
    .code(1);
    assert!(
        r.stderr.contains("307") && r.stderr.contains("not followed"),
        "{}",
        r.stderr
    );
    assert!(elsewhere.requests().is_empty(), "the redirect was followed");
    assert!(!r.stderr.contains("fault-secret-value") && !r.stdout.contains("fault-secret-value"));
}

#[test]
fn a_server_echoing_the_request_in_an_error_never_shows_the_secret() {
    let fake = Fake::start(|_, req| {
        let echoed = String::from_utf8_lossy(&req.body).to_string();
        api_error(
            409,
            "conflict",
            &format!("name taken; request was {echoed}"),
            Some("name"),
        )
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(add_args(&env, "x")), None).code(1);
    assert!(
        r.stderr.contains("request was") && r.stderr.contains("[secret]"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("fault-secret-value"), "{}", r.stderr);
}

#[test]
fn a_wrong_total_neither_floods_the_server_nor_loses_webhooks() {
    // Far too high: 3 webhooks, a total of a billion; pages come back empty past them.
    let fake = Fake::start(|_, req| {
        let skip = skip_of(req);
        let page: Vec<_> = (skip.min(3)..3)
            .map(|i| webhook(&format!("wh_{i}"), &format!("h{i}")))
            .collect();
        list_page(&page, 1_000_000_000)
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    assert_eq!(r.json().as_array().unwrap().len(), 3);
    assert!(
        fake.requests().len() <= 5,
        "{} requests",
        fake.requests().len()
    );

    // Too low: 121 webhooks in pages of 100, totals of 95 and 101.
    for total in [95, 101] {
        let fake = Fake::start(move |_, req| {
            let skip = skip_of(req).min(121);
            let page: Vec<_> = (skip..(skip + 100).min(121))
                .map(|i| webhook(&format!("wh_{i}"), &format!("h{i}")))
                .collect();
            list_page(&page, total)
        });
        let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
        assert_eq!(r.json().as_array().unwrap().len(), 121, "total {total}");
    }
}

#[test]
fn a_name_filter_that_minds_case_still_finds_the_webhook() {
    let fake = Fake::start(|_, req| {
        if req.path() != "/api/v3/webhooks" {
            return api_error(404, "not_found", "no such webhook", None);
        }
        let all = [webhook("wh_a", "Alpha"), webhook("wh_b", "Beta")];
        let hits: Vec<_> = all
            .into_iter()
            .filter(|w| req.query("name").is_none_or(|n| w["name"] == n.as_str()))
            .collect();
        let n = hits.len();
        list_page(&hits, n)
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "show", "alpha"]), None).ok();
    assert_eq!(r.json()["id"], "wh_a");
    let r = run(fake.cmd(&env).args(["-o", "json", "show", "gamma"]), None).code(1);
    assert!(
        r.stderr.contains("no webhook named \"gamma\""),
        "{}",
        r.stderr
    );
}

#[test]
fn a_create_or_change_answered_with_no_body_is_read_back() {
    // 201 and 204 with empty bodies: the webhook comes from the list and from its GET.
    let fake = Fake::start(|_, req| match (req.method.as_str(), req.path()) {
        ("POST", _) => respond(201, &[], ""),
        ("PATCH", _) => respond(204, &[], ""),
        ("GET", "/api/v3/webhooks") => list_page(&[webhook("wh_x", "x")], 1),
        _ => respond(200, &[], &webhook("wh_x", "x").to_string()),
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(add_args(&env, "x")), None).ok();
    assert_eq!(r.json()["id"], "wh_x", "{}", r.stdout);
    let r = run(
        fake.cmd(&env)
            .args(["-o", "json", "update", "x", "--event", "update_user"]),
        None,
    )
    .ok();
    assert_eq!(r.json()["id"], "wh_x", "{}", r.stdout);
}

#[test]
fn a_change_whose_answer_was_lost_is_not_called_stale() {
    // The first PATCH is applied and its connection dropped; the retry's If-Match is then
    // stale, answered 412: the webhook at the next version with the change is this change.
    let state = Arc::new(Mutex::new((1u64, true)));
    let fake = {
        let state = state.clone();
        Fake::start(move |_, req| {
            let mut st = state.lock().unwrap();
            let current = || {
                let mut w = webhook("wh_p", "p");
                w["version"] = st.0.into();
                w["enabled"] = st.1.into();
                w
            };
            match req.method.as_str() {
                "PATCH" if st.0 == 1 => {
                    *st = (2, false);
                    Reply::Drop
                }
                "PATCH" => api_error(412, "precondition_failed", "version is 2", None),
                _ if req.path() == "/api/v3/webhooks" => list_page(&[current()], 1),
                _ => respond(200, &[], &current().to_string()),
            }
        })
    };
    let env = Env::new();
    let update = || {
        run(
            fake.cmd(&env).args([
                "-o",
                "json",
                "update",
                "p",
                "--disabled",
                "--if-version",
                "1",
            ]),
            None,
        )
    };
    let r = update().ok();
    assert_eq!(r.json()["version"], 2, "{}", r.stdout);
    assert_eq!(r.json()["enabled"], false);
    let patches = fake
        .requests()
        .iter()
        .filter(|q| q.method == "PATCH")
        .count();
    assert_eq!(patches, 2);

    // Someone else's change at that version is still refused.
    *state.lock().unwrap() = (2, true);
    let r = update().code(1);
    assert!(r.stderr.contains("412"), "{}", r.stderr);
}

#[test]
fn a_create_whose_answer_was_lost_on_a_server_without_idempotency_is_not_a_conflict() {
    let made: Arc<Mutex<Option<serde_json::Value>>> = Arc::default();
    let fake = {
        let made = made.clone();
        Fake::start(move |_, req| {
            let mut made = made.lock().unwrap();
            match (req.method.as_str(), made.clone()) {
                ("POST", None) => {
                    // Kept as asked (but the secret), then the answer is lost.
                    let mut w = webhook("wh_new", "x");
                    let asked: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
                    for (k, v) in asked.as_object().unwrap() {
                        if k != "secret" {
                            w[k] = v.clone();
                        }
                    }
                    *made = Some(w);
                    Reply::Drop
                }
                ("POST", Some(_)) => api_error(409, "conflict", "name 'x' is taken", Some("name")),
                (_, w) => list_page(
                    &w.into_iter().collect::<Vec<_>>(),
                    usize::from(made.is_some()),
                ),
            }
        })
    };
    let env = Env::new();
    let r = run(fake.cmd(&env).args(add_args(&env, "x")), None).ok();
    assert_eq!(r.json()["id"], "wh_new", "{}", r.stdout);
}

#[test]
fn a_webhook_with_a_numeric_id_and_no_vendor_or_times_is_still_read() {
    let fake = Fake::start(|_, req| {
        let mut w = webhook("x", "numeric");
        w["id"] = 17.into();
        // Missing, or null.
        for k in ["vendor", "has_secret"] {
            w.as_object_mut().unwrap().remove(k);
        }
        for k in ["created_at", "updated_at"] {
            w[k] = serde_json::Value::Null;
        }
        if req.path() == "/api/v3/webhooks" {
            list_page(&[w], 1)
        } else {
            respond(200, &[], &w.to_string())
        }
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    assert_eq!(r.json()[0]["id"], "17", "{}", r.stdout);
    run(fake.cmd(&env).args(["list"]), None).ok();
    let r = run(fake.cmd(&env).args(["-o", "json", "show", "numeric"]), None).ok();
    assert_eq!(r.json()["name"], "numeric");
}

/// An answer of `body` with this `Content-Encoding`.
fn encoded(encoding: &str, body: &[u8]) -> Reply {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: {encoding}\r\nX-Total-Count: 1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    Reply::Respond(bytes)
}

#[test]
fn a_gzip_answer_is_read() {
    use std::io::Write as _;
    let listing = serde_json::to_vec(&serde_json::json!([webhook("w-1", "zipped")])).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&listing).unwrap();
    let body = gz.finish().unwrap();
    let fake = Fake::start(move |_, req| {
        // The client asks for gzip, so a server may send it; otherwise it gets plain JSON.
        match req.header("accept-encoding") {
            Some(accepted) if accepted.contains("gzip") => encoded("gzip", &body),
            _ => respond(200, &[("X-Total-Count", "0".into())], "[]"),
        }
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    assert_eq!(r.json()[0]["name"], "zipped", "{}", r.stdout);
}

#[test]
fn an_encoding_nobody_asked_for_is_named_and_broken_gzip_is_an_error() {
    let env = Env::new();
    // An encoding the client does not ask for is named.
    let fake = Fake::start(|_, _| encoded("br", b"\x8b\x03garbage"));
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).code(1);
    assert!(
        r.stderr.contains("not what the API describes")
            && r.stderr.contains("Content-Encoding: br"),
        "{}",
        r.stderr
    );
    // Broken gzip is an answer that broke off.
    let fake = Fake::start(|_, _| encoded("gzip", b"\x1f\x8b\x08\x00garbage"));
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).code(3);
    assert!(r.stderr.contains("broke off"), "{}", r.stderr);
}

#[test]
fn a_retry_after_past_the_limit_is_explained() {
    let fake = Fake::start(|_, _| respond(429, &[("Retry-After", "120".into())], "\"slow down\""));
    let env = Env::new();
    let started = Instant::now();
    let r = run(
        fake.cmd(&env)
            .env("OOMHOOK_RETRY_MAX", "5")
            .args(["-o", "json", "list"]),
        None,
    )
    .code(1);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(r.stderr.contains("429 slow down"), "{}", r.stderr);
    assert!(
        r.stderr.contains("asked to wait 120s, past the 5s"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_delivery_log_with_a_status_of_the_servers_own_is_shown() {
    let fake = Fake::start(|_, req| {
        if req.path().ends_with("/deliveries") {
            let log = serde_json::json!([{
                "id": 981, "received_at": "2025-01-01T00:00:00Z", "status": "failed",
                "reason": "timeout", "vendor_event_id": null, "sync_key": null,
                "sync_value": null, "action": "retrying", "record_id": null, "rendered": null
            }, {
                "id": "982", "received_at": null, "status": "queued", "action": null
            }]);
            list_page(log.as_array().unwrap(), 1)
        } else {
            list_page(&[webhook("wh_d", "d")], 1)
        }
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "deliveries", "d"]), None).ok();
    assert_eq!(r.json()[0]["id"], "981");
    assert_eq!(r.json()[0]["status"], "failed");
    assert_eq!(r.json()[1]["status"], "queued", "{}", r.stdout);
    let r = run(
        fake.cmd(&env).args(["-o", "table", "deliveries", "d"]),
        None,
    )
    .ok();
    assert!(
        r.stdout.contains("failed") && r.stdout.contains("retrying"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_server_that_ignores_if_match_is_noticed() {
    let fake = Fake::start(|_, req| {
        let mut w = webhook("wh_i", "i");
        w["version"] = if req.method == "PATCH" { 5 } else { 4 }.into();
        if req.path() == "/api/v3/webhooks" {
            list_page(&[w], 1)
        } else {
            respond(200, &[], &w.to_string())
        }
    });
    let env = Env::new();
    let r = run(
        fake.cmd(&env).args([
            "-o",
            "json",
            "update",
            "i",
            "--disabled",
            "--if-version",
            "1",
        ]),
        None,
    )
    .ok();
    assert!(
        r.stderr
            .contains("at version 5 to a change asked only at version 1")
            && r.stderr.contains("If-Match"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_500_is_not_retried() {
    let fake = Fake::start(|_, _| api_error(500, "internal", "boom", None));
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).code(1);
    assert!(
        r.stderr.contains("500") && r.stderr.contains("boom"),
        "{}",
        r.stderr
    );
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn endless_503s_give_up_within_the_retry_cap() {
    let fake = Fake::start(|_, _| {
        respond(
            503,
            &[],
            "{\"errors\":[{\"code\":\"internal\",\"message\":\"down for maintenance\"}]}",
        )
    });
    let env = Env::new();
    let started = Instant::now();
    let r = run(
        fake.cmd(&env)
            .env("OOMHOOK_RETRY_MAX", "2")
            .args(["-o", "json", "list"]),
        None,
    );
    let elapsed = started.elapsed();
    assert_ne!(r.code, 0);
    assert!(
        elapsed < Duration::from_secs(8),
        "the 2 s cap was not kept: {elapsed:?}"
    );
    assert!(r.stderr.contains("503"), "{}", r.stderr);
    assert!(fake.requests().len() >= 2, "a 503 is retried");
}

#[test]
fn a_retry_after_beyond_the_cap_gives_up_at_once() {
    let fake = Fake::start(|_, _| {
        respond(
            429,
            &[("Retry-After", "120".into())],
            "{\"errors\":[{\"code\":\"rate_limited\",\"message\":\"slow down\"}]}",
        )
    });
    let env = Env::new();
    let started = Instant::now();
    let r = run(
        fake.cmd(&env)
            .env("OOMHOOK_RETRY_MAX", "3")
            .args(["-o", "json", "list"]),
        None,
    )
    .code(1);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert!(r.stderr.contains("rate limited"), "{}", r.stderr);
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
}

#[test]
fn an_answer_that_is_not_the_api_fails_cleanly() {
    let fake = Fake::start(|_, _| {
        respond(
            200,
            &[("X-Total-Count", "1".into())],
            "<html>login page</html>",
        )
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).code(1);
    assert!(
        r.stderr.contains("not what the API describes"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn a_field_error_from_the_server_names_the_field() {
    let fake =
        Fake::start(|_, _| api_error(422, "invalid", "must be 1 to 128 characters", Some("name")));
    let env = Env::new();
    let r = run(fake.cmd(&env).args(add_args(&env, "fine-locally")), None).code(1);
    assert!(
        r.stderr.contains("name: must be 1 to 128 characters"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_stale_version_is_explained() {
    let fake = Fake::start(|_, req| match req.method.as_str() {
        "GET" => list_page(&[webhook("wh_1", "alpha")], 1),
        _ => api_error(412, "precondition_failed", "version is 3", None),
    });
    let env = Env::new();
    let r = run(
        fake.cmd(&env)
            .args(["update", "alpha", "--disabled", "--if-version", "1"]),
        None,
    )
    .code(1);
    assert!(r.stderr.contains("version"), "{}", r.stderr);
    let patch = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .expect("a PATCH was sent");
    assert_eq!(patch.header("if-match"), Some("1"));
    assert_eq!(patch.path(), "/api/v3/webhooks/wh_1");
}

#[test]
fn a_delete_whose_answer_was_lost_still_succeeds() {
    // The server deletes, then drops the connection; the retried DELETE finds nothing. The
    // webhook is gone, which is what was asked.
    let deleted = Arc::new(AtomicBool::new(false));
    let fake = {
        let deleted = deleted.clone();
        Fake::start(move |_, req| match req.method.as_str() {
            "GET" if deleted.load(Ordering::SeqCst) => list_page(&[], 0),
            "GET" => list_page(&[webhook("wh_1", "alpha")], 1),
            "DELETE" if deleted.swap(true, Ordering::SeqCst) => {
                api_error(404, "not_found", "no such webhook", None)
            }
            "DELETE" => Reply::Drop,
            _ => api_error(405, "invalid", "no", None),
        })
    };
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["delete", "alpha", "--yes"]), None);
    let deletes = fake
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .count();
    assert_eq!(deletes, 2, "the dropped DELETE is retried");
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
}

#[test]
fn a_create_retried_after_a_503_keeps_its_key() {
    let fake = Fake::start(|n, req| {
        if n == 0 {
            return respond(503, &[("Retry-After", "0".into())], "{\"errors\":[]}");
        }
        let sent: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        respond(
            201,
            &[],
            &webhook("wh_9", sent["name"].as_str().unwrap_or("?")).to_string(),
        )
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(add_args(&env, "y")), None).ok();
    assert_eq!(r.json()["id"], "wh_9");
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs[0].header("idempotency-key").is_some());
    assert_eq!(
        reqs[0].header("idempotency-key"),
        reqs[1].header("idempotency-key")
    );
}

#[test]
fn an_answer_that_stalls_mid_body_times_out_with_exit_3() {
    // Headers and half a body, then silence.
    let fake = Fake::start(|_, _| {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nX-Total-Count: 1\r\n\r\n[{\"id\":";
        Reply::Partial(head.as_bytes().to_vec())
    });
    let env = Env::new();
    let started = Instant::now();
    let r = run(
        fake.cmd(&env)
            .env("OOMHOOK_TIMEOUT", "1")
            .env("OOMHOOK_RETRY_MAX", "2")
            .args(["-o", "json", "list"]),
        None,
    )
    .code(3);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert!(r.stderr.contains("timed out"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn an_answer_cut_off_mid_body_is_asked_for_again() {
    // Every first ask of a path is cut off after half its body; the second is whole.
    let asked = Arc::new(Mutex::new(BTreeSet::new()));
    let fake = Fake::start(move |_, req| {
        let whole = match req.path() {
            "/api/v3/webhooks" => list_page(&[webhook("wh_c", "cut")], 1),
            p if p.ends_with("/deliveries") => list_page(&[], 0),
            _ => respond(200, &[], &webhook("wh_c", "cut").to_string()),
        };
        let Reply::Respond(bytes) = whole else {
            unreachable!()
        };
        if asked.lock().unwrap().insert(req.path().to_string()) {
            Reply::Cut(bytes[..bytes.len() - 20].to_vec())
        } else {
            Reply::Respond(bytes)
        }
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    assert_eq!(r.json()[0]["name"], "cut", "{}", r.stderr);
    let r = run(fake.cmd(&env).args(["-o", "json", "show", "wh_c"]), None).ok();
    assert_eq!(r.json()["id"], "wh_c");
    let r = run(
        fake.cmd(&env).args(["-o", "json", "deliveries", "cut"]),
        None,
    )
    .ok();
    assert_eq!(r.json(), serde_json::json!([]));
    // The webhook and its log were each asked for twice (once cut, once whole), no more.
    let mut counts = std::collections::BTreeMap::new();
    for req in fake.requests() {
        *counts.entry(req.path().to_string()).or_insert(0) += 1;
    }
    assert_eq!(counts["/api/v3/webhooks/wh_c"], 2, "{counts:?}");
    assert_eq!(counts["/api/v3/webhooks/wh_c/deliveries"], 2, "{counts:?}");
}

#[test]
fn the_token_is_not_sent_along_a_redirect_to_another_host() {
    let elsewhere = Fake::start(|_, _| list_page(&[], 0));
    let target = format!("{}/api/v3/webhooks?limit=1000&skip=0", elsewhere.url());
    let fake = Fake::start(move |_, _| respond(302, &[("Location", target.clone())], ""));
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None);
    for req in elsewhere.requests() {
        assert_eq!(
            req.header("authorization2"),
            None,
            "the API token followed a redirect to another host: {req:?}"
        );
    }
    assert_eq!(r.code, 1, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&elsewhere.url()),
        "says where it was sent: {}",
        r.stderr
    );
    assert!(!r.stderr.contains(TOKEN));
}

#[test]
fn a_redirect_within_the_same_server_is_followed() {
    let fake = Fake::start(|_, req| {
        if req.path() == "/api/v3/webhooks" {
            respond(
                307,
                &[(
                    "Location",
                    "/moved/api/v3/webhooks?limit=1000&skip=0".into(),
                )],
                "",
            )
        } else {
            list_page(&[webhook("wh_1", "alpha")], 1)
        }
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None).ok();
    assert_eq!(r.json()[0]["id"], "wh_1");
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        reqs[1].header("authorization2"),
        Some(TOKEN),
        "same origin keeps the token"
    );
}

#[test]
fn bad_time_settings_are_refused_naming_the_variable() {
    let fake = Fake::start(|_, _| list_page(&[], 0));
    let env = Env::new();
    for (var, value) in [
        ("OOMHOOK_TIMEOUT", "-1"),
        ("OOMHOOK_TIMEOUT", "0"),
        ("OOMHOOK_TIMEOUT", "NaN"),
        ("OOMHOOK_TIMEOUT", "5s"),
        ("OOMHOOK_RETRY_MAX", "inf"),
        ("OOMHOOK_RETRY_MAX", "-3"),
    ] {
        let r = run(
            fake.cmd(&env).env(var, value).args(["-o", "json", "list"]),
            None,
        );
        assert_eq!(
            r.code, 2,
            "{var}={value}\nstdout:\n{}\nstderr:\n{}",
            r.stdout, r.stderr
        );
        assert!(r.stderr.contains(var), "{var}={value}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    assert!(
        fake.requests().is_empty(),
        "nothing is sent with a bad setting"
    );
    // Zero retry time is fine: no retries.
    run(
        fake.cmd(&env)
            .env("OOMHOOK_RETRY_MAX", "0")
            .args(["-o", "json", "list"]),
        None,
    )
    .ok();
}

#[test]
fn a_token_with_a_trailing_newline_is_trimmed() {
    let fake = Fake::start(|_, _| list_page(&[], 0));
    let env = Env::new();
    run(
        fake.cmd(&env)
            .env("OOMNITZA_TOKEN", format!("{TOKEN}\n"))
            .args(["-o", "json", "list"]),
        None,
    )
    .ok();
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].header("authorization2"), Some(TOKEN));
}

#[test]
fn a_token_no_header_can_carry_is_an_auth_error_sent_nowhere() {
    let fake = Fake::start(|_, _| list_page(&[], 0));
    let env = Env::new();
    let bad = format!("{TOKEN}\ninjected: 1");
    let r = run(
        fake.cmd(&env)
            .env("OOMNITZA_TOKEN", &bad)
            .args(["-o", "json", "list"]),
        None,
    )
    .code(4);
    assert!(r.stderr.contains("token"), "{}", r.stderr);
    assert!(
        !r.stderr.contains(TOKEN),
        "the token is not echoed: {}",
        r.stderr
    );
    assert!(fake.requests().is_empty());
}

#[test]
fn a_taken_name_is_explained_with_a_hint() {
    let fake = Fake::start(|_, _| {
        api_error(
            409,
            "conflict",
            "a webhook named \"x\" already exists",
            Some("name"),
        )
    });
    let env = Env::new();
    let r = run(fake.cmd(&env).args(add_args(&env, "x")), None).code(1);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    let hint = r
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_else(|| panic!("{}", r.stderr));
    assert!(
        hint.contains("--name") && hint.contains("oomhook update"),
        "{hint}"
    );
    assert_eq!(fake.requests().len(), 1, "a 409 is not retried");
}

#[test]
fn a_retry_after_that_is_not_a_number_of_seconds_falls_back_to_backoff() {
    for value in ["NaN", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "-1"] {
        let fake = Fake::start(move |n, _| {
            if n == 0 {
                respond(429, &[("Retry-After", value.into())], "{\"errors\":[]}")
            } else {
                list_page(&[], 0)
            }
        });
        let env = Env::new();
        let started = Instant::now();
        let r = run(fake.cmd(&env).args(["-o", "json", "list"]), None);
        assert_eq!(r.code, 0, "Retry-After: {value}\nstderr:\n{}", r.stderr);
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(fake.requests().len(), 2);
    }
}

#[test]
fn a_long_retry_says_so_once_unless_quiet() {
    // A server that drops every connection (a refused one is not retried on this machine).
    let fake = Fake::start(|_, _| Reply::Drop);
    let env = Env::new();
    let list = |quiet: bool| {
        let mut c = fake.cmd(&env);
        c.env("OOMHOOK_RETRY_MAX", "2");
        if quiet {
            c.arg("-q");
        }
        c.args(["-o", "json", "list"]);
        run(&mut c, None).code(3)
    };
    let r = list(false);
    let notes: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("retrying"))
        .collect();
    assert_eq!(notes.len(), 1, "one note while retrying:\n{}", r.stderr);
    assert!(notes[0].contains("OOMHOOK_RETRY_MAX"), "{}", notes[0]);
    let quiet = list(true);
    assert!(!quiet.stderr.contains("retrying"), "{}", quiet.stderr);
    assert!(quiet.stderr.contains("error:"), "errors still show with -q");
}

#[test]
fn follow_against_a_server_without_the_stream_is_a_clear_error() {
    let fake = Fake::start(|_, req| {
        if req.path() == "/api/v3/webhooks" {
            list_page(&[webhook("w1", "legacy")], 1)
        } else {
            api_error(404, "not_found", "no such route", None)
        }
    });
    let env = Env::new();
    let r = run(
        fake.cmd(&env).args(["deliveries", "legacy", "--follow"]),
        None,
    );
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("does not stream"), "{}", r.stderr);
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.path() == "/api/v3/webhooks/w1/deliveries/follow")
    );
}
