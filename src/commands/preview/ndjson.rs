//! `preview --ndjson`: one JSON payload per line in, one compact body per line out, in input
//! order, streaming in bounded memory.
//!
//! Three kinds of threads share the work:
//! - a reader cuts the input into blocks of whole lines (at most [`BLOCKS_IN_FLIGHT`] blocks
//!   are out at a time, in buffers used again and again, so memory stays flat whatever the
//!   input size);
//! - one renderer per core takes pieces of a block (a few dozen lines each) as it becomes free,
//!   so no core waits for another at the end of a batch;
//! - this thread cuts blocks into pieces and writes the rendered pieces in order as soon as
//!   each is ready (a slow producer's lines come out as they come in).
//!
//! A bad line ends the run: the bodies of every line before it are written first.

use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};

use crate::body;
use crate::error::CliError;
use crate::preset::batch;
use crate::template::{self, Engine, Renderer};

/// What every line is rendered with.
pub(super) struct Job<'a> {
    pub engine: &'a Engine,
    pub headers: minijinja::Value,
    pub event: Option<&'a str>,
    pub path: &'a str,
    /// A preset that batches (`items`): each line's items of a handled event type are rendered,
    /// one body per item, in order; items of other types are left out.
    pub batch: Option<(&'a crate::preset::Preset, crate::signature::Headers)>,
}

/// The reader fills blocks of about this many bytes (more when one line is longer) ...
const BLOCK_BYTES: usize = 1 << 20;
/// ... reading this much at a time ...
const READ_BYTES: usize = 256 << 10;
/// ... and has at most this many blocks out, read but not yet written.
const BLOCKS_IN_FLIGHT: usize = 4;
/// A renderer takes about this many bytes of lines at a time.
const PIECE_BYTES: usize = 192 << 10;

/// Renders every line of `input` to `w`, in order.
pub(super) fn run(job: &Job<'_>, input: Box<dyn Read + Send>, w: &mut impl Write) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (events_tx, events) = std::sync::mpsc::channel::<Event>();
    // Buffers for the reader to fill: as many as blocks may be out, each given back once its
    // block is written.
    let (spare_tx, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    for _ in 0..BLOCKS_IN_FLIGHT {
        let _ = spare_tx.send(Vec::new());
    }
    // The reader is not joined: after a bad line the run ends at once, even while the reader
    // waits on a slow pipe.
    let reader_tx = events_tx.clone();
    std::thread::spawn(move || read_blocks(input, &reader_tx, &spare));

    let (work_tx, work) = std::sync::mpsc::channel::<Piece>();
    let work = Mutex::new(work);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let tx = events_tx.clone();
            let (work, stop) = (&work, &stop);
            scope.spawn(move || render_pieces(job, work, &tx, stop));
        }
        drop(events_tx);
        let result = Writer::default().run(job.path, &events, &work_tx, &spare_tx, w);
        // Renderers finish the piece in hand and find no more.
        stop.store(true, Ordering::Relaxed);
        drop(work_tx);
        result
    })
}

/// What the reader and the renderers tell this thread.
enum Event {
    /// Whole lines (the last block may end without a line break).
    Lines(Block),
    /// The line after the ones sent is over the size limit.
    TooLong,
    /// Reading failed after the lines sent.
    Failed(std::io::Error),
    /// The input ended after the lines sent.
    End,
    /// Piece `seq`, rendered.
    Rendered(usize, Rendered),
}

/// Lines read: the first `len` bytes of `bytes` (all of whose bytes are initialized, so that
/// the buffer is read into again without being cleared).
struct Block {
    bytes: Vec<u8>,
    len: usize,
}

impl Block {
    fn lines(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// Lines of a block, for a renderer.
struct Piece {
    seq: usize,
    block: Arc<Block>,
    start: usize,
    end: usize,
}

/// A rendered piece: its bodies, its line count, and the first bad line if there was one
/// (its number within the piece, from 1).
struct Rendered {
    out: String,
    lines: usize,
    error: Option<(usize, LineError)>,
}

/// Why a line could not be rendered.
enum LineError {
    NotUtf8,
    TooLong,
    Json { column: usize, cause: String },
    Render(String),
    Body(String),
}

impl LineError {
    fn at(self, path: &str, n: usize) -> CliError {
        CliError::failed(match self {
            LineError::NotUtf8 => format!("{path}:{n}: the line is not UTF-8 text"),
            LineError::TooLong => format!("{path}: line {n}: the payload is over the size limit"),
            LineError::Json { column, cause } => {
                format!("{path}:{n}:{column}: not valid JSON: {cause}")
            }
            LineError::Render(e) | LineError::Body(e) => format!("{path}: line {n}: {e}"),
        })
    }
}

/// Reads `input` into blocks of whole lines, each in a spare buffer.
fn read_blocks(mut input: Box<dyn Read + Send>, tx: &Sender<Event>, spare: &Receiver<Vec<u8>>) {
    // The start of a line whose end is not read yet.
    let mut carry: Vec<u8> = Vec::new();
    while let Ok(mut buf) = spare.recv() {
        let mut len = carry.len();
        grow(&mut buf, len + READ_BYTES);
        buf[..len].copy_from_slice(&carry);
        let last = loop {
            grow(&mut buf, len + READ_BYTES);
            let got = loop {
                match input.read(&mut buf[len..len + READ_BYTES]) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    got => break got,
                }
            };
            let got = match got {
                Ok(n) => n,
                Err(e) => {
                    // The whole lines read before the failure are still rendered.
                    len = memchr::memrchr(b'\n', &buf[..len]).map_or(0, |i| i + 1);
                    break Some(Event::Failed(e));
                }
            };
            len += got;
            if got == 0 {
                break Some(Event::End);
            }
            // A block goes out when it is full, or when the input has no more for now (a
            // short read), so that a slow producer's lines are rendered as they come in.
            if len < BLOCK_BYTES && got == READ_BYTES {
                continue;
            }
            match memchr::memrchr(b'\n', &buf[..len]) {
                Some(i) => {
                    carry.clear();
                    carry.extend_from_slice(&buf[i + 1..len]);
                    len = i + 1;
                    break None;
                }
                // One line so far, and over the limit: it is not rendered.
                None if len > body::MAX_PAYLOAD + 2 => {
                    len = 0;
                    break Some(Event::TooLong);
                }
                // One line so far: read on.
                None => {}
            }
        };
        if len > 0 && tx.send(Event::Lines(Block { bytes: buf, len })).is_err() {
            return;
        }
        if let Some(last) = last {
            let _ = tx.send(last);
            return;
        }
    }
}

/// Makes `buf` at least `len` bytes long.
fn grow(buf: &mut Vec<u8>, len: usize) {
    if buf.len() < len {
        buf.resize(len, 0);
    }
}

/// Renders pieces as they come, until there are none or the run stops.
fn render_pieces(
    job: &Job<'_>,
    work: &Mutex<Receiver<Piece>>,
    tx: &Sender<Event>,
    stop: &AtomicBool,
) {
    loop {
        let piece = {
            let Ok(work) = work.lock() else { return };
            match work.recv() {
                Ok(piece) => piece,
                Err(_) => return,
            }
        };
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let Piece {
            seq,
            block,
            start,
            end,
        } = piece;
        let rendered = render_piece(job, &block.lines()[start..end]);
        // Let go of the block first: once its last piece is written, its buffer is reused.
        drop(block);
        if tx.send(Event::Rendered(seq, rendered)).is_err() {
            return;
        }
    }
}

/// Renders the lines of `bytes` one after another, one compact body per line; stops at the
/// first bad line.
fn render_piece(job: &Job<'_>, bytes: &[u8]) -> Rendered {
    let mut done = Rendered {
        out: String::with_capacity(bytes.len() / 4),
        lines: 0,
        error: None,
    };
    let renderer = job.engine.renderer();
    // Each body is rendered here, then copied compact to `done.out`.
    let mut body = String::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let (line, tail) = match memchr::memchr(b'\n', rest) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &[][..]),
        };
        rest = tail;
        done.lines += 1;
        if let Err(e) = render_line(job, &renderer, line, &mut body, &mut done.out) {
            done.error = Some((done.lines, e));
            break;
        }
    }
    done
}

/// Renders one line (blank ones are skipped) and appends its body and a line break to `out`;
/// `body` is a buffer to render in.
fn render_line(
    job: &Job<'_>,
    renderer: &Renderer<'_>,
    line: &[u8],
    body: &mut String,
    out: &mut String,
) -> Result<(), LineError> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = std::str::from_utf8(line).map_err(|_| LineError::NotUtf8)?;
    if text.trim().is_empty() {
        return Ok(());
    }
    if text.len() > body::MAX_PAYLOAD {
        return Err(LineError::TooLong);
    }
    let payload = template::json::parse(text).map_err(|e| LineError::Json {
        column: e.column(),
        cause: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    })?;
    let Some((preset, sig_headers)) = &job.batch else {
        let ctx = template::context_of(payload, job.headers.clone(), job.event);
        return render_one(renderer, &ctx, body, out);
    };
    let items = batch::items(preset, &payload).map_err(LineError::Render)?;
    for item in &items {
        if batch::event_type(preset, sig_headers, item)
            .skip(preset)
            .is_none()
        {
            let ctx = batch::context(&payload, job.headers.clone(), job.event, item);
            render_one(renderer, &ctx, body, out)?;
        }
    }
    Ok(())
}

/// Renders one body (in `rendered`) and writes it, compact, on a line of its own.
fn render_one(
    renderer: &Renderer<'_>,
    ctx: &minijinja::Value,
    rendered: &mut String,
    out: &mut String,
) -> Result<(), LineError> {
    renderer
        .render_to(ctx, rendered)
        .map_err(|e| LineError::Render(e.to_string()))?;
    if !minify_object(rendered, out) {
        let checked = body::check(rendered, &[]);
        return Err(LineError::Body(
            checked
                .error
                .unwrap_or_else(|| "the body is not a JSON object".into()),
        ));
    }
    out.push('\n');
    Ok(())
}

/// This thread's side: cuts blocks into pieces for the renderers and writes what they
/// render, in order.
#[derive(Default)]
struct Writer {
    /// The next piece to hand out, and the next to write.
    next_seq: usize,
    next_out: usize,
    /// For each piece handed out and not yet written, in order: whether it ends its block.
    ends_block: VecDeque<bool>,
    /// The blocks handed out and not yet written, in order.
    blocks: VecDeque<Arc<Block>>,
    /// Pieces rendered ahead of their turn.
    ready: BTreeMap<usize, Rendered>,
    /// Input lines before the next piece to write.
    lines: usize,
    /// How the input ended (after every piece handed out), once it has.
    ended: Option<Ending>,
}

/// How the input ended.
enum Ending {
    Done,
    TooLong,
    Failed(std::io::Error),
}

impl Writer {
    fn run(
        mut self,
        path: &str,
        events: &Receiver<Event>,
        work: &Sender<Piece>,
        spare: &Sender<Vec<u8>>,
        w: &mut impl Write,
    ) -> Result<()> {
        loop {
            if self.next_out == self.next_seq
                && let Some(ending) = self.ended.take()
            {
                return match ending {
                    Ending::Done => Ok(()),
                    Ending::TooLong => Err(LineError::TooLong.at(path, self.lines + 1).into()),
                    Ending::Failed(e) => Err(e).with_context(|| format!("reading {path}")),
                };
            }
            let Ok(event) = events.recv() else {
                return Err(CliError::failed("rendering a line failed unexpectedly").into());
            };
            match event {
                Event::Lines(block) => self.hand_out(block, work),
                Event::End => self.ended = Some(Ending::Done),
                Event::TooLong => self.ended = Some(Ending::TooLong),
                Event::Failed(e) => self.ended = Some(Ending::Failed(e)),
                Event::Rendered(seq, rendered) => {
                    self.ready.insert(seq, rendered);
                    let mut wrote = false;
                    while let Some(done) = self.ready.remove(&self.next_out) {
                        w.write_all(done.out.as_bytes())?;
                        wrote = true;
                        if let Some((n, e)) = done.error {
                            w.flush()?;
                            return Err(e.at(path, self.lines + n).into());
                        }
                        self.lines += done.lines;
                        self.next_out += 1;
                        if self.ends_block.pop_front() == Some(true) {
                            let _ = spare.send(self.spent_block());
                        }
                    }
                    // Out as soon as rendered, for whoever reads the other end of a pipe.
                    if wrote {
                        w.flush()?;
                    }
                }
            }
        }
    }

    /// Cuts a block into pieces at line breaks and hands them to the renderers.
    fn hand_out(&mut self, block: Block, work: &Sender<Piece>) {
        let block = Arc::new(block);
        let lines = block.lines();
        let mut start = 0;
        while start < lines.len() {
            let mut end = (start + PIECE_BYTES).min(lines.len());
            if end < lines.len() {
                end = memchr::memchr(b'\n', &lines[end..]).map_or(lines.len(), |i| end + i + 1);
            }
            let _ = work.send(Piece {
                seq: self.next_seq,
                block: block.clone(),
                start,
                end,
            });
            self.ends_block.push_back(end == lines.len());
            self.next_seq += 1;
            start = end;
        }
        self.blocks.push_back(block);
    }

    /// The buffer of the oldest block, all of it written, to be read into again; a new one
    /// if it grew past the usual size for a long line, so memory stays flat.
    fn spent_block(&mut self) -> Vec<u8> {
        self.blocks
            .pop_front()
            .and_then(|block| Arc::try_unwrap(block).ok())
            .map(|block| block.bytes)
            .filter(|bytes| bytes.len() <= BLOCK_BYTES + READ_BYTES)
            .unwrap_or_default()
    }
}

/// Appends `text` to `out` without insignificant whitespace; false (and `out` as it was)
/// unless it is one valid JSON object.
fn minify_object(text: &str, out: &mut String) -> bool {
    let mark = out.len();
    // Checked and copied in one pass ...
    if template::json::compact(text, out) {
        if out[mark..].starts_with('{') {
            return true;
        }
        out.truncate(mark);
        return false;
    }
    // ... except a body nested too deep for that pass (or not JSON at all): serde_json skims
    // a value it does not keep with no depth limit.
    minify_any_depth(text, out)
}

/// [`minify_object`] with no depth limit.
fn minify_any_depth(text: &str, out: &mut String) -> bool {
    let mark = out.len();
    let b = text.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                // A string: copied whole, escapes included.
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
            }
            b' ' | b'\n' | b'\r' | b'\t' => {
                out.push_str(&text[run..i]);
                i += 1;
                run = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[run..]);
    let ok = out[mark..].starts_with('{')
        && serde_json::from_str::<serde::de::IgnoredAny>(&out[mark..]).is_ok();
    if !ok {
        out.truncate(mark);
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::minify_object;

    #[test]
    fn minify_keeps_strings_and_checks_json() {
        let mut s = String::new();
        assert!(minify_object(
            "{ \"a b\" : [1, 2],\n \"c\": \"x \\\" y\" }",
            &mut s
        ));
        assert_eq!(s, r#"{"a b":[1,2],"c":"x \" y"}"#);
        let mut s = String::new();
        assert!(!minify_object("[1]", &mut s));
        let mut s = String::new();
        assert!(!minify_object("{\"a\": }", &mut s));
        // Appends after what is there, and checks only what it appended.
        let mut s = String::from("{\"x\":1}\n");
        assert!(minify_object("{ \"é\\\\\" : \"\\\"\" }", &mut s));
        assert_eq!(s, "{\"x\":1}\n{\"é\\\\\":\"\\\"\"}");
        assert!(!minify_object("1", &mut s));
        assert_eq!(s, "{\"x\":1}\n{\"é\\\\\":\"\\\"\"}");
        // Nested deeper than payloads may be: still a valid body, as serde_json has it.
        let deep = format!("{{\"a\": {}1{} }}", "[ ".repeat(200), " ]".repeat(200));
        let mut s = String::new();
        assert!(minify_object(&deep, &mut s));
        assert_eq!(
            s,
            format!("{{\"a\":{}1{}}}", "[".repeat(200), "]".repeat(200))
        );
    }
}
