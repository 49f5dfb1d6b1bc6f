//! The test harness: the real `oomhook` binary in a hermetic environment (temp HOME and config
//! dir, environment cleared), and a real `oomhook serve` on 127.0.0.1 with a SQLite file.

#![allow(dead_code)]

/// `env.case([...])`: a run and its expected outcome, stated in a few lines.
pub mod case;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_oomhook"))
}

/// A temp HOME with its own config dir; commands run with only these variables set.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("home/.config")).unwrap();
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `oomhook` with a clean environment: HOME, XDG dirs, PATH, no colour, no keyring.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        c.env_clear()
            .env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.home().join(".config"))
            .env("XDG_DATA_HOME", self.home().join(".local/share"))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env("OOMHOOK_KEYRING", "0")
            .env("OOMHOOK_RETRY_MAX", "5")
            .current_dir(self.path())
            .stdin(Stdio::null());
        c
    }

    /// Writes a file under the temp dir and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }
}

/// What a finished command gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    pub fn code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs a command to the end, feeding `stdin` if given.
pub fn run(cmd: &mut Command, stdin: Option<&[u8]>) -> Run {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    if stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("spawn oomhook");
    if let Some(input) = stdin {
        use std::io::Write;
        let mut si = child.stdin.take().unwrap();
        si.write_all(input).unwrap();
    }
    let out: Output = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A running `oomhook serve` on 127.0.0.1 with a SQLite file in a temp dir.
pub struct Server {
    pub url: String,
    pub token: String,
    pub db: PathBuf,
    child: Option<Child>,
    pub env: Env,
}

/// The API token test servers use.
pub const TOKEN: &str = "test-token-0123456789abcdef";

impl Server {
    /// Adds a webhook from a preset with a known secret (from a file, as a user would);
    /// returns its URL.
    pub fn add_hook(&self, preset: &str, name: &str, secret: &str) -> String {
        let f = self.env.write(&format!("{name}.secret"), secret);
        let r = run(
            self.cmd()
                .args(["add", "--preset", preset, "--name", name, "--secret-file"])
                .arg(&f)
                .args(["-o", "json"]),
            None,
        )
        .ok();
        r.json()["url"].as_str().unwrap().to_string()
    }

    /// `oomhook send NAME -o json`: the preset's sample, delivered as the vendor would with
    /// this secret (from a file).
    pub fn send(&self, name: &str, secret: &str) -> Run {
        let f = self.env.write(&format!("{name}-send.secret"), secret);
        run(
            self.cmd()
                .args(["send", name, "--secret-file"])
                .arg(&f)
                .args(["-o", "json"]),
            None,
        )
        .ok()
    }

    /// The webhook's delivery log, newest first (`deliveries NAME -o json`).
    pub fn deliveries(&self, name: &str) -> Vec<serde_json::Value> {
        let r = run(self.cmd().args(["deliveries", name, "-o", "json"]), None).ok();
        r.json().as_array().unwrap().clone()
    }

    /// Starts a server on a free port with a fresh database.
    pub fn start() -> Self {
        let env = Env::new();
        let db = env.path().join("serve.db");
        Self::start_with(env, db)
    }

    /// Starts a server on a given database (for restarts).
    pub fn start_with(env: Env, db: PathBuf) -> Self {
        Self::start_with_args(env, db, &[])
    }

    /// Starts a server on a given database with more `serve` options.
    pub fn start_with_args(env: Env, db: PathBuf, extra: &[&str]) -> Self {
        let mut cmd = env.cmd();
        cmd.arg("serve");
        // A free port unless the caller names one (to restart on the same address).
        if !extra.contains(&"--listen") {
            cmd.args(["--listen", "127.0.0.1:0"]);
        }
        cmd.arg("--db")
            .arg(&db)
            .args(extra)
            .env("OOMHOOK_SERVE_TOKEN", TOKEN)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn oomhook serve");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = String::new();
            let mut sent = false;
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                if !sent
                    && let Some(rest) = line.trim().strip_prefix("oomhook serve: listening on ")
                {
                    let _ = tx.send(rest.to_string());
                    sent = true;
                }
                line.clear();
            }
            // Drain the rest so the server never blocks on a full pipe.
            let _ = reader.read_to_end(&mut Vec::new());
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("serve did not print its URL in time");
        Self {
            url,
            token: TOKEN.to_string(),
            db,
            child: Some(child),
            env,
        }
    }

    /// `oomhook` pointed at this server with its token.
    pub fn cmd(&self) -> Command {
        let mut c = self.env.cmd();
        c.env("OOMNITZA_URL", &self.url)
            .env("OOMNITZA_TOKEN", &self.token);
        c
    }

    /// Kills the server hard (SIGKILL) and returns its env and database for a restart.
    pub fn kill9(mut self) -> (Env, PathBuf) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        let db = self.db.clone();
        let env = std::mem::replace(&mut self.env, Env::new());
        (env, db)
    }

    /// PID of the server process.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A minimal HTTP/1.1 request over a fresh TCP connection (no client library between the
/// test and the server): returns status, lower-cased headers and body.
pub fn http(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use std::io::Write;
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let hdrs: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if hdrs
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    (status, hdrs, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(nl) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..nl]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = nl + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
}

impl Server {
    /// GET an API path with the token; the JSON body.
    pub fn api_get(&self, path: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = http(
            "GET",
            &format!("{}{path}", self.url),
            &[("Authorization2", &self.token)],
            b"",
        );
        (
            status,
            serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        )
    }
}
