//! The `add` wizard through a real pseudo-terminal: the real binary, answers typed as a person
//! would, the created webhook read back from a real `oomhook serve`. And the other side of the
//! rule: without a terminal, every command that could ask fails at once naming its flag.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use rexpect::process::WaitStatus;
use rexpect::session::{Options, PtySession, spawn_with_options};
use sha2::Sha256;

use crate::common::{self, Env, Server};

/// How long one expected text may take to show up.
const STEP: Duration = Duration::from_secs(30);

/// What is read from the terminal is taken byte by byte, so only ASCII text is expected.
/// Keys as a terminal sends them. Backspace is sent as Ctrl-H, which the prompts read as
/// Backspace and which the terminal's line discipline, cooked between two key reads, leaves
/// alone (unlike DEL, its erase character).
pub(crate) const ENTER: &str = "\r";
pub(crate) const BACKSPACE: &str = "\x08";

/// A command running on a pseudo-terminal.
pub(crate) struct Tty {
    session: PtySession,
    /// Everything read so far, for failure messages.
    seen: String,
}

impl Tty {
    /// Starts `cmd` (from `Env::cmd()`, which sets the environment) on a new terminal.
    pub(crate) fn spawn(cmd: Command) -> Self {
        Self::spawn_with(cmd, true)
    }

    /// Like `spawn`; `strip` false keeps escape sequences in what is read.
    ///
    /// The command runs under `sh` on a terminal with echo on, as a person's terminal is; after
    /// it ends, the shell prints the terminal's settings (`stty -a`), so what the command left
    /// behind can be checked ([`echo_is_on`]), and exits with the command's code. The shell
    /// outlives a Ctrl-C: it traps it, and a trap is reset for the commands it starts.
    pub(crate) fn spawn_with(cmd: Command, strip: bool) -> Self {
        let mut sh = Command::new("sh");
        sh.env_clear();
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                sh.env(k, v);
            }
        }
        if let Some(dir) = cmd.get_current_dir() {
            sh.current_dir(dir);
        }
        sh.env("TERM", "xterm")
            .arg("-c")
            .arg(concat!(
                "trap true INT; stty echo; \"$0\" \"$@\"; code=$?; ",
                "echo; echo '--- stty ---'; stty -a; exit $code"
            ))
            .arg(cmd.get_program())
            .args(cmd.get_args());
        let options = Options {
            timeout_ms: Some(STEP.as_millis() as u64),
            strip_ansi_escape_codes: strip,
        };
        let session =
            spawn_with_options(sh, options).expect("spawning oomhook on a pseudo-terminal");
        Self {
            session,
            seen: String::new(),
        }
    }

    /// Waits for `text`; returns what came before it.
    pub(crate) fn expect(&mut self, text: &str) -> String {
        match self.session.exp_string(text) {
            Ok(before) => {
                self.seen.push_str(&before);
                self.seen.push_str(text);
                before
            }
            Err(e) => panic!(
                "waiting for {text:?}: {e}\n--- terminal so far ---\n{}",
                self.seen
            ),
        }
    }

    /// Types keys.
    pub(crate) fn send(&mut self, keys: &str) {
        self.session.send(keys).expect("typing");
        self.session.flush().expect("typing");
    }

    /// Types an answer and Enter.
    pub(crate) fn answer(&mut self, text: &str) {
        self.send(&format!("{text}{ENTER}"));
    }

    /// Types into a hidden-input prompt, once it reads: such a prompt turns echo off and
    /// discards what was typed before, so wait for the terminal to be in that state (line
    /// mode, echo off; the menus and text prompts read keys in raw mode instead).
    pub(crate) fn answer_hidden(&mut self, text: &str) {
        self.wait_for_hidden_input();
        self.answer(text);
    }

    /// Waits until a hidden-input prompt reads the terminal.
    pub(crate) fn wait_for_hidden_input(&mut self) {
        use nix::sys::termios::{LocalFlags, tcgetattr};
        let master = self
            .session
            .process()
            .get_file_handle()
            .expect("the terminal");
        let deadline = Instant::now() + STEP;
        loop {
            let flags = tcgetattr(&master)
                .expect("reading the terminal's settings")
                .local_flags;
            if flags.contains(LocalFlags::ICANON) && !flags.contains(LocalFlags::ECHO) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "no hidden-input prompt is reading\n--- terminal so far ---\n{}",
                self.seen
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub(crate) fn ctrl_c(&mut self) {
        self.session.send_control('c').expect("sending Ctrl-C");
    }

    /// Reads to the end and returns the rest of the output and the exit code.
    pub(crate) fn finish(mut self) -> (String, i32) {
        let rest = match self.session.exp_eof() {
            Ok(rest) => rest,
            Err(e) => panic!(
                "waiting for the end: {e}\n--- terminal so far ---\n{}",
                self.seen
            ),
        };
        self.seen.push_str(&rest);
        let code = match self.session.process().wait().expect("waiting for oomhook") {
            WaitStatus::Exited(_, code) => code,
            other => panic!(
                "oomhook did not exit normally: {other:?}\n--- terminal ---\n{}",
                self.seen
            ),
        };
        (self.seen, code)
    }
}

/// Whether the terminal settings printed after the command (see
/// [`Tty::spawn_with`]) have echo on.
pub(crate) fn echo_is_on(out: &str) -> bool {
    let (_, stty) = out
        .rsplit_once("--- stty ---")
        .expect("the terminal settings were printed");
    let words: Vec<&str> = stty.split_whitespace().collect();
    assert!(
        words.contains(&"echo") || words.contains(&"-echo"),
        "no echo setting in:\n{stty}"
    );
    words.contains(&"echo")
}

/// A preset's sample payload, as stored.
fn sample(rel: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("presets")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// POSTs a delivery to a webhook URL as a vendor would; returns the HTTP status.
fn deliver(url: &str, headers: &[(&str, &str)], body: &str) -> u16 {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("not an http URL: {url}"));
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut s = TcpStream::connect(host).expect("connecting to serve");
    s.set_read_timeout(Some(STEP)).unwrap();
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut resp = String::new();
    let _ = s.read_to_string(&mut resp);
    resp.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {resp:?}"))
}

/// A webhook as the server has it.
fn show(server: &Server, name: &str) -> serde_json::Value {
    common::run(server.cmd().args(["show", name, "-o", "json"]), None)
        .ok()
        .json()
}

/// Every webhook's name on the server.
fn names(server: &Server) -> Vec<String> {
    let list = common::run(server.cmd().args(["list", "-o", "json"]), None)
        .ok()
        .json();
    list.as_array()
        .expect("a list")
        .iter()
        .map(|w| w["name"].as_str().unwrap().to_string())
        .collect()
}

/// `add` on a terminal against the server, with these arguments.
fn wizard(server: &Server, args: &[&str]) -> Tty {
    let mut cmd = server.cmd();
    cmd.arg("add").args(args);
    Tty::spawn(cmd)
}

/// Creates a webhook without any prompt.
fn create_quietly(server: &Server, preset: &str, name: &str) {
    common::run(
        server.cmd().args([
            "add",
            "--preset",
            preset,
            "--name",
            name,
            "--generate-secret",
            "-o",
            "json",
        ]),
        None,
    )
    .ok();
}

/// Picks a preset by typing its id into the filter: keys are read in order, so Enter picks
/// the first match of the whole id.
fn pick_preset(t: &mut Tty, id: &str) {
    t.expect("Vendor preset");
    t.answer(id);
}

#[test]
fn header_secret_preset_with_a_generated_secret() {
    let server = Server::start();
    let mut t = wizard(&server, &[]);
    pick_preset(&mut t, "okta-user-deactivated");
    t.expect("Webhook name");
    t.answer("Okta deactivations");
    // Okta sends a header secret only: no secret type question; generating is offered first.
    t.expect("Header secret");
    t.expect("Generate a strong secret");
    t.send(ENTER);
    t.expect("Oomnitza event");
    t.expect("update_user");
    t.send(ENTER);
    t.expect("Edit the body?");
    t.send("n");
    t.expect("Sync keys");
    t.expect("username, email");
    t.send(ENTER);
    t.expect("Preview");
    t.expect("\"status\": \"Inactive\"");
    t.expect("sync key: username = \"luca.dasilva@acme.com\"");
    t.expect("Create this webhook?");
    t.send("y");
    t.expect("Webhook URL: ");
    let url = t.expect("\n").trim().to_string();
    t.expect("Header secret (shown once, store it now): ");
    let secret = t.expect("\n").trim().to_string();
    t.expect("Next, in the vendor:");
    t.expect("Event Hooks");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.matches(&secret).count(),
        1,
        "the generated secret is printed once:\n{out}"
    );
    assert!(secret.len() >= 32, "a strong secret: {secret:?}");

    let hook = show(&server, "Okta deactivations");
    assert_eq!(hook["preset"], "okta-user-deactivated");
    assert_eq!(hook["secret_type"], "header");
    assert_eq!(hook["has_secret"], true);
    assert_eq!(hook["event"], "update_user");
    assert_eq!(hook["sync_keys"], serde_json::json!(["username", "email"]));
    assert_eq!(hook["enabled"], true);
    assert_eq!(hook["url"], url.as_str());

    // The secret printed is the one the server keeps: Okta sends it in Authorization.
    let payload = sample("okta/samples/user-lifecycle-deactivate.json");
    assert_eq!(
        deliver(&url, &[("Authorization", "not-the-secret")], &payload),
        401
    );
    assert_eq!(deliver(&url, &[("Authorization", &secret)], &payload), 200);
}

#[test]
fn hmac_preset_with_a_typed_secret() {
    let server = Server::start();
    let secret = "gh-signing-secret-4711";
    let mut t = wizard(&server, &[]);
    pick_preset(&mut t, "github-member-added");
    t.expect("Webhook name");
    t.answer("github joiners");
    t.expect("HMAC secret (hidden)");
    t.answer_hidden(secret);
    t.expect("Repeat it");
    t.answer_hidden("gh-signing-secret-4712");
    t.expect("the two entries differ");
    t.expect("HMAC secret (hidden)");
    t.answer_hidden(secret);
    t.expect("Repeat it");
    t.answer_hidden(secret);
    t.expect("Oomnitza event");
    t.expect("create_user");
    t.send(ENTER);
    t.expect("Edit the body?");
    t.send(ENTER);
    t.expect("Sync keys");
    t.expect("username, external_id");
    t.send(ENTER);
    t.expect("sync key: username = \"tomas-herrera\"");
    t.expect("Create this webhook?");
    t.send("y");
    t.expect("Webhook URL: ");
    let url = t.expect("\n").trim().to_string();
    t.expect("Next, in the vendor:");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.contains(secret),
        "a typed secret is never shown:\n{out}"
    );
    assert!(
        !out.contains("shown once"),
        "only a generated secret is printed:\n{out}"
    );

    let hook = show(&server, "github joiners");
    assert_eq!(hook["preset"], "github-member-added");
    assert_eq!(hook["secret_type"], "hmac");
    assert_eq!(hook["event"], "create_user");
    assert_eq!(
        hook["sync_keys"],
        serde_json::json!(["username", "external_id"])
    );

    // Signed with the typed secret, the delivery is accepted; with another, refused.
    let payload = sample("github/samples/organization-member-added.json");
    let sign = |key: &str| {
        let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(payload.as_bytes());
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    };
    let headers = |sig: &str| {
        [
            ("X-GitHub-Event", "organization".to_string()),
            (
                "X-GitHub-Delivery",
                "4b2f0e90-1d6a-11f1-8c3e-7e52a1b9d0f4".to_string(),
            ),
            ("X-Hub-Signature-256", sig.to_string()),
        ]
    };
    let send = |sig: &str| {
        let h = headers(sig);
        let refs: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
        deliver(&url, &refs, &payload)
    };
    assert_eq!(send(&sign("another-secret-entirely")), 401);
    assert_eq!(send(&sign(secret)), 200);
}

#[test]
fn a_taken_name_is_explained_and_asked_again() {
    let server = Server::start();
    create_quietly(&server, "okta-user-deactivated", "Okta deactivations");
    // The name from the flag is taken: explained, then asked; a typed name that differs only
    // in case is taken too.
    let mut t = wizard(
        &server,
        &[
            "--preset",
            "okta-user-deactivated",
            "--name",
            "Okta deactivations",
        ],
    );
    t.expect("already exists");
    t.expect("Webhook name");
    t.answer("OKTA DEACTIVATIONS");
    t.expect("already exists");
    t.expect("Webhook name");
    t.answer("Okta deactivations (prod)");
    t.expect("Header secret");
    t.send(ENTER);
    t.expect("Oomnitza event");
    t.send(ENTER);
    t.expect("Edit the body?");
    t.send("n");
    t.expect("Sync keys");
    t.send(ENTER);
    t.expect("Create this webhook?");
    t.send("y");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    let mut got = names(&server);
    got.sort();
    assert_eq!(got, ["Okta deactivations", "Okta deactivations (prod)"]);
}

#[test]
fn an_invalid_sync_key_answer_is_explained_and_asked_again() {
    let server = Server::start();
    let mut t = wizard(
        &server,
        &[
            "--preset",
            "okta-user-deactivated",
            "--name",
            "keys",
            "--generate-secret",
        ],
    );
    // Every required value was given (the secret generated): nothing is asked, not even a
    // confirmation, as a script's command line would expect; the preview is still shown ...
    t.expect("Preview");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("Create this webhook?"), "{out}");
    assert!(out.contains("Webhook URL:"), "{out}");
    assert_eq!(names(&server), ["keys"]);
    common::run(server.cmd().args(["delete", "keys", "--yes"]), None).ok();

    // ... so leave the secret out to be asked for the rest.
    let mut t = wizard(
        &server,
        &["--preset", "okta-user-deactivated", "--name", "keys"],
    );
    t.expect("Header secret");
    t.send(ENTER);
    t.expect("Oomnitza event");
    t.send(ENTER);
    t.expect("Edit the body?");
    t.send("n");
    let erase = BACKSPACE.repeat("username, email".len());
    t.expect("username, email");
    t.answer(&format!("{erase}email, 1bad"));
    t.expect("is not an Oomnitza field name");
    t.expect("username, email");
    t.answer(&format!("{erase}email, email"));
    t.expect("given twice");
    t.expect("username, email");
    t.answer(&erase);
    t.expect("give 1 to 5");
    t.expect("username, email");
    t.answer(&format!("{erase}email, username"));
    t.expect("sync key: email = \"luca.dasilva@acme.com\"");
    t.expect("Create this webhook?");
    t.send("y");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        show(&server, "keys")["sync_keys"],
        serde_json::json!(["email", "username"])
    );
}

#[test]
fn ctrl_c_at_the_hidden_secret_prompt_creates_nothing_and_turns_echo_back_on() {
    let server = Server::start();
    let mut cmd = server.cmd();
    cmd.args(["add", "--preset", "github-member-added"]);
    let mut t = Tty::spawn(cmd);
    t.expect("Webhook name");
    t.answer("never created");
    t.expect("HMAC secret (hidden)");
    t.wait_for_hidden_input();
    t.send("half-typed");
    t.ctrl_c();
    t.expect("cancelled: nothing was created");
    let (out, code) = t.finish();
    assert_eq!(code, 130, "{out}");
    assert!(
        echo_is_on(&out),
        "the hidden prompt turned echo off; Ctrl-C must turn it back on:\n{out}"
    );
    assert!(!out.contains("half-typed"), "{out}");
    assert!(names(&server).is_empty(), "nothing was created");
}

#[test]
fn ctrl_c_at_a_menu_creates_nothing_and_shows_the_cursor_again() {
    let server = Server::start();
    let mut cmd = server.cmd();
    cmd.args([
        "add",
        "--preset",
        "okta-user-deactivated",
        "--name",
        "never created",
    ]);
    let mut t = Tty::spawn_with(cmd, false);
    t.expect("Generate a strong secret");
    t.ctrl_c();
    t.expect("cancelled: nothing was created");
    let (out, code) = t.finish();
    assert_eq!(code, 130, "{out}");
    let hidden = out.rfind("\x1b[?25l").expect("the menu hides the cursor");
    let shown = out.rfind("\x1b[?25h").expect("the cursor is shown again");
    assert!(shown > hidden, "the cursor is shown after the menu hid it");
    assert!(names(&server).is_empty(), "nothing was created");
}

#[test]
fn ctrl_c_at_the_first_prompt_creates_nothing() {
    let server = Server::start();
    let mut t = wizard(&server, &[]);
    t.expect("Vendor preset");
    t.send("okta");
    t.ctrl_c();
    t.expect("cancelled");
    let (out, code) = t.finish();
    assert_eq!(code, 130, "{out}");
    assert!(names(&server).is_empty());
}

#[test]
fn the_secret_type_is_asked_when_the_vendor_supports_both() {
    let server = Server::start();
    let mut t = wizard(
        &server,
        &[
            "--preset",
            "zendesk-user-created",
            "--name",
            "zendesk users",
        ],
    );
    t.expect("Secret type");
    t.expect("HMAC Secret: the vendor generates it");
    t.expect("Header Secret: you invent it");
    // Down to header, then generate a header secret.
    t.send("\x1b[B");
    t.send(ENTER);
    t.expect("Generate a strong secret");
    t.send(ENTER);
    t.expect("Oomnitza event");
    t.send(ENTER);
    t.expect("Edit the body?");
    t.send("n");
    t.expect("Sync keys");
    t.send(ENTER);
    t.expect("Create this webhook?");
    t.send("y");
    t.expect("Header secret (shown once, store it now): ");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert_eq!(show(&server, "zendesk users")["secret_type"], "header");
}

#[test]
fn an_edited_body_that_does_not_compile_is_shown_and_edited_again() {
    let server = Server::start();
    // An editor that writes a broken template the first time and a good one the second.
    let good = "{\n  \"username\": {{ data.events[0].target[0].alternateId | tojson }},\n  \"status\": \"Inactive\"\n}\n";
    let editor = server.env.write(
        "editor.sh",
        format!(
            "#!/bin/sh\nif [ -f \"$0.done\" ]; then\n  cat > \"$1\" <<'EOF'\n{good}EOF\nelse\n  touch \"$0.done\"\n  printf '{{ \"username\": {{{{ data.events[0] }}\\n' > \"$1\"\nfi\n"
        ),
    );
    make_executable(&editor);
    let mut cmd = server.cmd();
    cmd.args([
        "add",
        "--preset",
        "okta-user-deactivated",
        "--name",
        "edited",
    ])
    .env("EDITOR", &editor);
    let mut t = Tty::spawn(cmd);
    t.expect("Header secret");
    t.send(ENTER);
    t.expect("Oomnitza event");
    t.send(ENTER);
    t.expect("Edit the body?");
    t.send("y");
    t.expect("does not compile");
    t.expect("edited body:1:");
    t.expect("Edit it again?");
    t.send("y");
    t.expect("Sync keys");
    t.send(ENTER);
    t.expect("Preview");
    t.expect("sync key: username = \"luca.dasilva@acme.com\"");
    t.expect("Create this webhook?");
    t.send("y");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert_eq!(show(&server, "edited")["body"], good);
}

#[test]
fn with_every_required_flag_only_the_preview_and_confirmation_remain() {
    let server = Server::start();
    let mut t = wizard(
        &server,
        &[
            "--preset",
            "okta-user-deactivated",
            "--name",
            "flags",
            "--generate-secret",
            "--yes",
        ],
    );
    // --yes: nothing at all is asked.
    t.expect("sync key: username = ");
    t.expect("Webhook URL: ");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.contains("Create this webhook?"),
        "no question was asked:\n{out}"
    );
    assert_eq!(names(&server), ["flags"]);
}

#[test]
fn a_dry_run_asks_but_sends_nothing() {
    // No server: a dry run needs none, and nothing is checked or confirmed against one.
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.args(["add", "--dry-run"])
        .env("OOMNITZA_URL", "http://127.0.0.1:9")
        .env("OOMNITZA_TOKEN", "unused-token");
    let mut t = Tty::spawn(cmd);
    pick_preset(&mut t, "okta-user-deactivated");
    t.expect("Webhook name");
    t.answer("dry");
    t.expect("Generate a strong secret");
    t.send(ENTER);
    t.expect("Oomnitza event");
    t.send(ENTER);
    t.expect("Edit the body?");
    t.send("n");
    t.expect("Sync keys");
    t.send(ENTER);
    t.expect("dry run: nothing was sent");
    t.expect("\"name\": \"dry\"");
    t.expect("\"secret\": \"(redacted)\"");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("Create this webhook?"), "{out}");
}

#[test]
fn delete_asks_on_a_terminal_and_ctrl_c_keeps_the_webhook() {
    let server = Server::start();
    create_quietly(&server, "okta-user-deactivated", "keep me");
    create_quietly(&server, "okta-user-deactivated", "drop me");

    let mut cmd = server.cmd();
    cmd.args(["delete", "keep me"]);
    let mut t = Tty::spawn(cmd);
    t.expect("Delete webhook \"keep me\"");
    t.ctrl_c();
    t.expect("cancelled");
    let (out, code) = t.finish();
    assert_eq!(code, 130, "{out}");

    let mut cmd = server.cmd();
    cmd.args(["delete", "drop me"]);
    let mut t = Tty::spawn(cmd);
    t.expect("Delete webhook \"drop me\"");
    t.send("y");
    t.expect("Deleted webhook");
    let (out, code) = t.finish();
    assert_eq!(code, 0, "{out}");
    assert_eq!(names(&server), ["keep me"]);
}

#[test]
fn no_input_on_a_terminal_asks_nothing() {
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.args(["add", "--dry-run", "--no-input"])
        .env("OOMNITZA_TOKEN", "unused-token");
    let t = Tty::spawn(cmd);
    let (out, code) = t.finish();
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("--preset"), "{out}");
}

fn make_executable(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Runs a command without a terminal (stdin is /dev/null) and fails the test if it has not
/// ended within a few seconds: a prompt there would wait forever.
fn run_without_terminal(cmd: &mut Command) -> common::Run {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn oomhook");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if child.try_wait().expect("waiting for oomhook").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "{cmd:?} hung without a terminal\nstdout:\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Fails with the usage code, naming `flag`.
fn names_flag(run: common::Run, flag: &str) {
    let run = run.code(2);
    assert!(
        run.stderr.contains(flag),
        "the error names {flag}:\n{}",
        run.stderr
    );
}

#[test]
fn without_a_terminal_add_fails_naming_the_missing_flag() {
    let env = Env::new();
    let dry = |args: &[&str]| {
        let mut cmd = env.cmd();
        cmd.arg("add")
            .args(args)
            .args(["--dry-run"])
            .env("OOMNITZA_TOKEN", "unused-token");
        run_without_terminal(&mut cmd)
    };
    names_flag(dry(&[]), "--preset");
    names_flag(dry(&["--preset", "okta-user-deactivated"]), "--name");
    names_flag(
        dry(&["--preset", "okta-user-deactivated", "--name", "n"]),
        "--generate-secret",
    );
    names_flag(
        dry(&["--preset", "github-member-added", "--name", "n"]),
        "--secret-stdin",
    );

    let server = Server::start();
    names_flag(run_without_terminal(server.cmd().args(["add"])), "--preset");
    names_flag(
        run_without_terminal(
            server
                .cmd()
                .args(["add", "--preset", "okta-user-deactivated"]),
        ),
        "--name",
    );
    assert!(names(&server).is_empty());
}

#[test]
fn without_a_terminal_delete_fails_naming_yes() {
    let server = Server::start();
    create_quietly(&server, "okta-user-deactivated", "keep me");
    names_flag(
        run_without_terminal(server.cmd().args(["delete", "keep me"])),
        "--yes",
    );
    assert_eq!(names(&server), ["keep me"]);
}

#[test]
fn without_a_terminal_login_fails_naming_with_token() {
    let env = Env::new();
    names_flag(
        run_without_terminal(env.cmd().args(["login"])),
        "--with-token",
    );
}

#[test]
fn without_a_terminal_apply_prune_fails_naming_yes() {
    let server = Server::start();
    create_quietly(&server, "okta-user-deactivated", "not in the file");
    let file = server.env.write(
        "hooks.yaml",
        "webhooks:\n  - name: listed\n    preset: okta-user-deactivated\n    secret_env: LISTED_SECRET\n",
    );
    let mut cmd = server.cmd();
    cmd.args(["apply", "--prune", "-f"])
        .arg(&file)
        .env("LISTED_SECRET", "listed-secret-0123");
    names_flag(run_without_terminal(&mut cmd), "--yes");
    assert!(
        names(&server).contains(&"not in the file".to_string()),
        "nothing was deleted"
    );
}

#[test]
fn a_table_on_a_terminal_that_reports_no_width_is_80_columns_wide() {
    // A pseudo-terminal opened with no size, as some CI runners give: 0 columns.
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.env_remove("COLUMNS").args(["presets", "list"]);
    let (out, code) = Tty::spawn(cmd).finish();
    assert_eq!(code, 0, "{out}");
    // The terminal is read byte by byte (see `Tty`): the box drawing is UTF-8 again here.
    let bytes: Vec<u8> = out.chars().map(|c| c as u8).collect();
    let out = String::from_utf8_lossy(&bytes);
    let table: Vec<&str> = out.lines().take_while(|l| !l.starts_with("---")).collect();
    assert!(
        table
            .iter()
            .any(|l| l.contains("PRESET") && l.contains("TITLE")),
        "{out}"
    );
    let widest = table
        .iter()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0);
    assert!((60..=80).contains(&widest), "{widest} columns:\n{out}");
}
