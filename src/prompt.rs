//! Prompts: whether one may appear (only with a terminal on stdin and stderr and without
//! `--no-input`; without one, a missing value is an error naming its flag, never a hang), the
//! theme they share, and what Ctrl-C does while they are up.
//!
//! Ctrl-C at a prompt cancels the whole command: the terminal is put back as it was (echo on,
//! cursor shown), a short message goes to stderr and the process exits with 130, the shell's
//! code for an interrupt. A watcher thread does this, because a hidden-input prompt reads in
//! cooked mode, where Ctrl-C is a signal rather than a key the prompt could see.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use anyhow::Result;
use dialoguer::theme::ColorfulTheme;

use crate::cli::GlobalArgs;
use crate::env_vars;
use crate::error::CliError;

/// The exit code of a command cancelled with Ctrl-C (128 + SIGINT, as shells report it).
pub(crate) const CANCELLED_EXIT: i32 = 130;

/// True when prompts are allowed.
pub(crate) fn can_prompt(global: &GlobalArgs) -> bool {
    if global.no_input {
        return false;
    }
    if std::env::var(env_vars::OOMHOOK_FORCE_TTY).is_ok_and(|v| v == "1") {
        return true;
    }
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// The look of every prompt. Colour follows `--color`/`NO_COLOR` like the rest of stderr.
pub(crate) fn theme(color: bool) -> ColorfulTheme {
    console::set_colors_enabled_stderr(color);
    ColorfulTheme::default()
}

/// Asks a yes/no question on the terminal (default no). Ctrl-C cancels the command.
pub(crate) fn confirm(question: &str) -> Result<bool> {
    on_interrupt("cancelled");
    dialoguer::Confirm::with_theme(&theme(console::colors_enabled_stderr()))
        .with_prompt(question)
        .default(false)
        .interact()
        .answer()
}

/// Asks for a value without showing it (an API token). Ctrl-C cancels the command.
pub(crate) fn hidden(question: &str) -> Result<String> {
    on_interrupt("cancelled");
    dialoguer::Password::with_theme(&theme(console::colors_enabled_stderr()))
        .with_prompt(question)
        .interact()
        .answer()
}

/// Turns a prompt's result into ours: an interrupted prompt cancels the command, any other
/// failure (the terminal went away) is an error.
pub(crate) trait Answer<T> {
    fn answer(self) -> Result<T>;
}

impl<T> Answer<T> for dialoguer::Result<T> {
    fn answer(self) -> Result<T> {
        match self {
            Ok(v) => Ok(v),
            Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => cancel(),
            Err(dialoguer::Error::IO(e)) => {
                Err(CliError::failed(format!("the prompt could not read the terminal: {e}"))
                    .with_hint("pass the values as flags (see --help), or run with --no-input to be told which are missing")
                    .into())
            }
        }
    }
}

/// Like [`Answer`] for prompts that Esc may leave (`interact_opt`): leaving cancels too.
pub(crate) trait OptAnswer<T> {
    fn answer_or_cancel(self) -> Result<T>;
}

impl<T> OptAnswer<T> for dialoguer::Result<Option<T>> {
    fn answer_or_cancel(self) -> Result<T> {
        match self.answer()? {
            Some(v) => Ok(v),
            None => cancel(),
        }
    }
}

/// What Ctrl-C prints from now on (the watcher is started on first use).
static MESSAGE: Mutex<&str> = Mutex::new("cancelled");
/// Set while an external editor owns the terminal: Ctrl-C is the editor's then.
static EDITOR_RUNNING: AtomicBool = AtomicBool::new(false);
/// Held by the thread that is ending the process, so only one says so.
static EXITING: Mutex<()> = Mutex::new(());
static WATCHER: OnceLock<bool> = OnceLock::new();

/// Makes Ctrl-C end the command with `message` (and exit code 130), the terminal restored.
/// Later calls only change the message.
pub(crate) fn on_interrupt(message: &'static str) {
    *MESSAGE.lock().unwrap_or_else(|p| p.into_inner()) = message;
    WATCHER.get_or_init(start_watcher);
}

/// Runs `f` (an external editor) with Ctrl-C left to it.
pub(crate) fn with_editor<T>(f: impl FnOnce() -> T) -> T {
    EDITOR_RUNNING.store(true, Ordering::SeqCst);
    let out = f();
    EDITOR_RUNNING.store(false, Ordering::SeqCst);
    out
}

/// Ends the process as cancelled: cursor shown, message on stderr, exit 130.
pub(crate) fn cancel() -> ! {
    finish(None)
}

/// The terminal settings from before the first prompt.
#[cfg(unix)]
type Saved = nix::sys::termios::Termios;
#[cfg(not(unix))]
type Saved = ();

#[cfg_attr(not(unix), allow(unused_variables))]
fn finish(saved: Option<&Saved>) -> ! {
    let _only_one = EXITING.lock().unwrap_or_else(|p| p.into_inner());
    #[cfg(unix)]
    if let Some(t) = saved {
        let _ =
            nix::sys::termios::tcsetattr(std::io::stdin(), nix::sys::termios::SetArg::TCSANOW, t);
    }
    let term = console::Term::stderr();
    let _ = term.show_cursor();
    let message = *MESSAGE.lock().unwrap_or_else(|p| p.into_inner());
    crate::output::eprint_line("");
    crate::output::eprint_line(message);
    std::process::exit(CANCELLED_EXIT)
}

/// Starts the thread that waits for Ctrl-C; true once the handler is in place.
fn start_watcher() -> bool {
    #[cfg(unix)]
    let saved: Option<Saved> = nix::sys::termios::tcgetattr(std::io::stdin()).ok();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("ctrl-c".into())
        .spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                let _ = ready_tx.send(false);
                return;
            };
            rt.block_on(async move {
                #[cfg(unix)]
                {
                    use tokio::signal::unix::{SignalKind, signal};
                    let Ok(mut sigint) = signal(SignalKind::interrupt()) else {
                        let _ = ready_tx.send(false);
                        return;
                    };
                    let _ = ready_tx.send(true);
                    while sigint.recv().await.is_some() {
                        if !EDITOR_RUNNING.load(Ordering::SeqCst) {
                            finish(saved.as_ref());
                        }
                    }
                }
                #[cfg(not(unix))]
                {
                    let _ = ready_tx.send(true);
                    while tokio::signal::ctrl_c().await.is_ok() {
                        if !EDITOR_RUNNING.load(Ordering::SeqCst) {
                            finish(None);
                        }
                    }
                }
            });
        });
    spawned.is_ok() && ready_rx.recv().unwrap_or(false)
}
