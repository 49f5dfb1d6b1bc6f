//! A test case in a few lines: the real binary with its arguments, environment and stdin, and
//! what must come out (exit code, stdout, stderr). Every check runs when the case runs, and a
//! failure shows the command and both streams.
//!
//! ```ignore
//! env.case(["preview", "--raw", "--template"]).arg(&t).stdin(b"{}")
//!     .exit(0).stdout_is("a@b.c\n").stderr_empty().run();
//! ```

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::process::Command;

use super::{Env, Run, Server, run};

/// What a stream must hold.
enum Check {
    Is(String),
    Has(String),
    Lacks(String),
}

/// One run of `oomhook` and its expected outcome; `run` runs it and checks everything.
#[must_use = "a case checks nothing until it is run"]
pub struct Case {
    /// What the case is, for its failure message.
    what: Option<String>,
    cmd: Command,
    stdin: Option<Vec<u8>>,
    code: i32,
    stdout: Vec<Check>,
    stderr: Vec<Check>,
}

impl Env {
    /// A case of `oomhook ARGS` in this environment (success expected unless `exit` says).
    pub fn case<I, S>(&self, args: I) -> Case
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Case::new(self.cmd()).args(args)
    }
}

impl Server {
    /// A case of `oomhook ARGS` against this server.
    pub fn case<I, S>(&self, args: I) -> Case
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Case::new(self.cmd()).args(args)
    }
}

impl Case {
    /// A case of a prepared command.
    pub fn new(cmd: Command) -> Self {
        Self {
            what: None,
            cmd,
            stdin: None,
            code: 0,
            stdout: Vec::new(),
            stderr: Vec::new(),
        }
    }

    /// Names the case in its failure message (for cases in a loop).
    pub fn named(mut self, what: impl Into<String>) -> Self {
        self.what = Some(what.into());
        self
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.cmd.env(key, value);
        self
    }

    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Self {
        self.stdin = Some(input.as_ref().to_vec());
        self
    }

    /// The exit code expected (0 when not given).
    pub fn exit(mut self, code: i32) -> Self {
        self.code = code;
        self
    }

    /// Stdout is exactly this.
    pub fn stdout_is(mut self, text: impl Into<String>) -> Self {
        self.stdout.push(Check::Is(text.into()));
        self
    }

    pub fn stdout_has(mut self, text: impl Into<String>) -> Self {
        self.stdout.push(Check::Has(text.into()));
        self
    }

    pub fn stdout_lacks(mut self, text: impl Into<String>) -> Self {
        self.stdout.push(Check::Lacks(text.into()));
        self
    }

    pub fn stdout_empty(self) -> Self {
        self.stdout_is("")
    }

    /// Stderr is exactly this.
    pub fn stderr_is(mut self, text: impl Into<String>) -> Self {
        self.stderr.push(Check::Is(text.into()));
        self
    }

    pub fn stderr_has(mut self, text: impl Into<String>) -> Self {
        self.stderr.push(Check::Has(text.into()));
        self
    }

    pub fn stderr_lacks(mut self, text: impl Into<String>) -> Self {
        self.stderr.push(Check::Lacks(text.into()));
        self
    }

    pub fn stderr_empty(self) -> Self {
        self.stderr_is("")
    }

    /// Runs the command, checks the exit code, that nothing panicked, and every stream check
    /// (all failures at once), and returns the run for further checks.
    pub fn run(mut self) -> Run {
        let shown = match &self.what {
            Some(what) => format!("{what}: {:?}", self.cmd),
            None => format!("{:?}", self.cmd),
        };
        let r = run(&mut self.cmd, self.stdin.as_deref());
        let mut failures = String::new();
        if r.code != self.code {
            let _ = writeln!(failures, "exit code {}, expected {}", r.code, self.code);
        }
        if r.stderr.contains("panicked") {
            let _ = writeln!(failures, "the program panicked");
        }
        for (name, text, checks) in [
            ("stdout", &r.stdout, &self.stdout),
            ("stderr", &r.stderr, &self.stderr),
        ] {
            for check in checks {
                match check {
                    Check::Is(want) if text != want => {
                        let _ = writeln!(failures, "{name} is not {want:?}");
                    }
                    Check::Has(want) if !text.contains(want.as_str()) => {
                        let _ = writeln!(failures, "{name} lacks {want:?}");
                    }
                    Check::Lacks(bad) if text.contains(bad.as_str()) => {
                        let _ = writeln!(failures, "{name} holds {bad:?}");
                    }
                    _ => {}
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{shown}\n{failures}stdout:\n{}\nstderr:\n{}",
            r.stdout,
            r.stderr
        );
        r
    }
}
