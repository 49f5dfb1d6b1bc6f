//! One error classification at the edge: it picks the exit code and an optional `hint:` line.
//!
//! Code inside uses `anyhow` with context; the errors that decide an exit code are a
//! [`CliError`] somewhere in the chain (or a transport error from the HTTP client).

use std::fmt;

/// Exit codes, as the README's "Exit codes" table lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    /// 1: the API refused, validation, template error, signature invalid.
    Failed,
    /// 2: usage (a flag is missing or wrong).
    Usage,
    /// 3: the server could not be reached.
    Unreachable,
    /// 4: authentication failed (401/403).
    Auth,
}

impl ExitKind {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitKind::Failed => 1,
            ExitKind::Usage => 2,
            ExitKind::Unreachable => 3,
            ExitKind::Auth => 4,
        }
    }
}

/// An error that knows its exit code and may carry a hint for the user.
#[derive(Debug)]
pub struct CliError {
    pub kind: ExitKind,
    pub message: String,
    pub hint: Option<String>,
    /// The HTTP status of the API answer this error reports, if it reports one.
    pub status: Option<u16>,
    /// What lies under the message (an HTTP library's chain of causes): shown with `-v` only,
    /// so the error itself stays one line.
    pub detail: Option<String>,
}

impl CliError {
    pub fn new(kind: ExitKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            hint: None,
            status: None,
            detail: None,
        }
    }
    pub fn failed(message: impl Into<String>) -> Self {
        Self::new(ExitKind::Failed, message)
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitKind::Usage, message)
    }
    pub fn unreachable(message: impl Into<String>) -> Self {
        Self::new(ExitKind::Unreachable, message)
    }
    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(ExitKind::Auth, message)
    }
    /// A value that is missing where no prompt may ask for it: names the flag to use.
    pub fn missing_flag(what: &str, flag: &str) -> Self {
        Self::usage(format!("{what} is required: pass {flag}"))
            .with_hint("without a terminal (or with --no-input) oomhook never prompts")
    }
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// What to tell the user about an error: exit code, and a hint if one applies.
pub(crate) struct Classified {
    pub code: u8,
    pub hint: Option<String>,
    /// A broken pipe: exit quietly.
    pub quiet: bool,
    /// The detail under the error, for `-v`.
    pub detail: Option<String>,
}

/// Walk the chain once and classify.
pub(crate) fn classify(err: &anyhow::Error) -> Classified {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<CliError>() {
            return Classified {
                code: e.kind.code(),
                hint: e.hint.clone(),
                quiet: false,
                detail: e.detail.clone(),
            };
        }
        if let Some(e) = cause.downcast_ref::<std::io::Error>()
            && e.kind() == std::io::ErrorKind::BrokenPipe
        {
            return Classified {
                code: 0,
                hint: None,
                quiet: true,
                detail: None,
            };
        }
        if let Some(e) = cause.downcast_ref::<reqwest::Error>()
            && (e.is_connect() || e.is_timeout())
        {
            return Classified {
                code: ExitKind::Unreachable.code(),
                hint: Some("check --url (or OOMNITZA_URL) and that the server is running".into()),
                quiet: false,
                detail: None,
            };
        }
    }
    Classified {
        code: ExitKind::Failed.code(),
        hint: None,
        quiet: false,
        detail: None,
    }
}
