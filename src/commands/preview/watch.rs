//! `preview --watch`: render again whenever the template, the payload or the preset file is
//! saved, until Ctrl-C.
//!
//! Files are polled (modification time, change time, size and inode of each path, every
//! 100 ms) rather than watched through OS notifications. A preview watches two or three small
//! files, so polling costs nothing measurable, needs no dependency, and behaves the same on
//! every OS and filesystem (network and container mounts included, where notifications are
//! missed). It also handles editors that save by writing a new file and renaming it over the
//! old one without special cases: the path is looked up afresh on every poll, so a new inode
//! at the same path is a change, where a watch on the old file would go quiet.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::Result;

use super::render;
use crate::cli::PreviewArgs;
use crate::error::CliError;
use crate::output::Output;
use crate::preset::{Origin, Registry};

/// How often the files are looked at.
const POLL: Duration = Duration::from_millis(100);
/// How long the files must stay unchanged before rendering: an editor's save is often several
/// writes, or a delete and a rename.
const SETTLE: Duration = Duration::from_millis(150);
/// How long a watched file may be missing (between an editor's delete and its rename) before
/// the render goes ahead and reports it.
const MISSING_GRACE: Duration = Duration::from_secs(2);

/// Clears the screen and the scrollback, and puts the cursor home.
const CLEAR: &[u8] = b"\x1b[H\x1b[2J\x1b[3J";

/// What identifies one version of a file; None when the path does not exist.
type Stamp = Option<(Option<SystemTime>, u64, u64, i64, i64)>;

pub(super) fn run(args: &PreviewArgs, reg: &Registry, out: &Output) -> Result<()> {
    if args.payload.as_deref() == Some("-") {
        return Err(CliError::usage(
            "--watch reads the payload from a file: give --payload FILE, not stdin",
        )
        .into());
    }
    let mut files = watched(args, reg)?;
    if files.is_empty() {
        return Err(CliError::usage(
            "--watch has no file to watch: a bundled preset is built in",
        )
        .with_hint(
            "give --template FILE and/or --payload FILE, or a preset from your presets folder",
        )
        .into());
    }
    super::super::block_on(async {
        let mut interrupts = interrupts()?;
        let mut seen = stamps(&files);
        let mut count = 1;
        draw(args, reg, out, &files, count);
        loop {
            tokio::select! {
                _ = interrupts.recv() => break,
                () = tokio::time::sleep(POLL) => {}
            }
            let mut now = stamps(&files);
            if now == seen {
                continue;
            }
            // Wait until the files settle, and for a file an editor removed to come back.
            let mut missing_since = None;
            loop {
                tokio::select! {
                    _ = interrupts.recv() => return finish(out),
                    () = tokio::time::sleep(SETTLE) => {}
                }
                let again = stamps(&files);
                let missing = again.iter().any(Option::is_none);
                let since = *missing_since.get_or_insert_with(std::time::Instant::now);
                if !missing {
                    missing_since = None;
                }
                let settled = again == now;
                now = again;
                if settled && (!missing || since.elapsed() >= MISSING_GRACE) {
                    break;
                }
            }
            // What is rendered is at least this version: a save during the render is seen
            // at the next poll.
            seen = now;
            count += 1;
            draw(args, reg, out, &files, count);
            // The preset may now name another sample file; a preset that no longer parses
            // keeps the files it had.
            if let Ok(f) = watched(args, reg)
                && !f.is_empty()
                && f != files
            {
                files = f;
                seen = stamps(&files);
            }
        }
        finish(out)
    })
}

/// Ctrl-C: a clean stop. On a terminal, the note starts a line of its own (the terminal has
/// just echoed `^C`).
fn finish(out: &Output) -> Result<()> {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        out.note("\nstopped watching");
    } else {
        out.note("stopped watching");
    }
    Ok(())
}

/// One render: on a terminal, on a cleared screen; otherwise after the previous one. An error
/// is shown (with its caret) and watching goes on.
fn draw(args: &PreviewArgs, reg: &Registry, out: &Output, files: &[PathBuf], count: u32) {
    if out.stdout_tty {
        let _ = out.raw(CLEAR);
    }
    if let Err(e) = render(args, reg, out) {
        let c = crate::error::classify(&e);
        out.error(&format!("{e:#}"), c.hint.as_deref());
    }
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    out.note(&format!(
        "render {count}; watching {} (Ctrl-C stops)",
        names.join(", ")
    ));
}

/// The files a preview reads: the template, the payload, and a preset's YAML and sample when
/// the preset is a file (bundled ones are built in).
fn watched(args: &PreviewArgs, reg: &Registry) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if let Some(t) = &args.template {
        files.push(t.clone());
    }
    if let Some(p) = &args.payload {
        files.push(PathBuf::from(p));
    }
    if let Some(id) = &args.preset {
        let p = reg.get(id)?;
        if let Origin::File(yaml) = &p.origin {
            files.push(yaml.clone());
            if args.payload.is_none() {
                files.push(PathBuf::from(reg.sample(&p, args.sample.as_deref())?.path));
            }
        }
    }
    files.dedup();
    Ok(files)
}

fn stamps(files: &[PathBuf]) -> Vec<Stamp> {
    files.iter().map(|f| stamp(f)).collect()
}

#[cfg(unix)]
fn stamp(path: &std::path::Path) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((
        m.modified().ok(),
        m.len(),
        m.ino(),
        m.ctime(),
        m.ctime_nsec(),
    ))
}

#[cfg(not(unix))]
fn stamp(path: &std::path::Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok(), m.len(), 0, 0, 0))
}

/// Ctrl-C as a stream. The handler is in place once this returns, so a Ctrl-C during the
/// first render is a clean stop too.
#[cfg(unix)]
fn interrupts() -> std::io::Result<tokio::signal::unix::Signal> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
}

#[cfg(windows)]
fn interrupts() -> std::io::Result<tokio::signal::windows::CtrlC> {
    tokio::signal::windows::ctrl_c()
}
