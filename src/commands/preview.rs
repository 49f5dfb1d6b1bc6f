//! `preview`: render a body offline against a sample or a payload. No network, keyring or
//! config file is touched on this path.

use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Read, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::body;
use crate::cli::{OutputFormat, PreviewArgs};
use crate::error::CliError;
use crate::output::Output;
use crate::preset::{Registry, event_name};
use crate::signature::Headers;
use crate::template::{self, Engine, Undefined};

pub fn run(args: PreviewArgs, reg: &Registry, out: &Output) -> Result<()> {
    let preset = args.preset.as_deref().map(|id| reg.get(id)).transpose()?;
    let (name, source) = match (&args.template, &preset) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading template {}", path.display()))?;
            (path.display().to_string(), text)
        }
        (None, Some(p)) => (format!("body of {}", p.id), p.body.clone()),
        (None, None) => {
            return Err(
                CliError::usage("nothing to render: give a PRESET, or --template FILE").into(),
            );
        }
    };
    let undefined = if args.lenient {
        Undefined::Lenient
    } else {
        Undefined::Strict
    };
    let engine = Engine::new(&name, &source, undefined)?;
    let event = args
        .event
        .or(preset.as_ref().map(|p| p.event))
        .map(event_name);
    let sync_keys = if args.sync_keys.is_empty() {
        preset
            .as_ref()
            .map(|p| p.sync_keys.clone())
            .unwrap_or_default()
    } else {
        args.sync_keys.clone()
    };
    let mut headers = BTreeMap::new();
    let extra: Vec<(String, String)> = args
        .headers
        .iter()
        .map(|h| Headers::parse_line(h))
        .collect::<Result<_, _>>()
        .map_err(|e| CliError::usage(format!("--header: {e}")))?;

    if args.ndjson {
        headers.extend(extra);
        let path = args.payload.as_deref().unwrap_or("-");
        return ndjson(&engine, path, &headers, event);
    }

    let (payload_text, payload_name) = match (&args.payload, &preset) {
        (Some(p), _) => (
            read_payload(p)?,
            if p == "-" {
                "<stdin>".to_string()
            } else {
                p.clone()
            },
        ),
        (None, Some(p)) => {
            let s = reg.sample(p, args.sample.as_deref())?;
            headers.extend(s.headers.clone());
            (s.text, s.path)
        }
        (None, None) => {
            return Err(CliError::usage("no payload: pass --payload FILE (or - for stdin)").into());
        }
    };
    headers.extend(extra);
    let payload = body::parse_payload_value(&payload_text, &payload_name)?;
    let ctx = template::context(payload, &headers, event);
    let (rendered, warnings) = engine.render_with_warnings(&ctx)?;

    if args.raw {
        for w in &warnings {
            out.warn(w);
        }
        return out.raw(rendered.as_bytes());
    }

    let checked = body::check(&rendered, &sync_keys);
    let mut all_warnings = warnings;
    all_warnings.extend(checked.warnings.iter().cloned());
    if let Some(err) = &checked.error {
        out.note("rendered body:");
        out.note(&rendered);
        return Err(CliError::failed(err.clone()).into());
    }
    match (out.format_explicit, out.format) {
        (true, OutputFormat::Json | OutputFormat::Yaml) => {
            let report = Report {
                body: checked.fields.as_ref(),
                sync_key: checked.sync_key.as_deref(),
                sync_value: checked.sync_value.as_deref(),
                warnings: &all_warnings,
                payload: &payload_name,
                template: &name,
            };
            if out.format == OutputFormat::Json {
                out.json(&report)
            } else {
                out.yaml(&report)
            }
        }
        _ => {
            out.json(&checked.fields)?;
            if let (Some(k), Some(v)) = (&checked.sync_key, &checked.sync_value) {
                out.note(&format!("sync key: {k} = {v:?}"));
            }
            for w in &all_warnings {
                out.warn(w);
            }
            Ok(())
        }
    }
}

/// The `-o json|yaml` form of a preview.
#[derive(Serialize)]
struct Report<'a> {
    body: Option<&'a serde_json::Map<String, serde_json::Value>>,
    sync_key: Option<&'a str>,
    sync_value: Option<&'a str>,
    warnings: &'a [String],
    payload: &'a str,
    template: &'a str,
}

/// Reads a payload file, or stdin for `-`, refusing what is over the size limit.
fn read_payload(path: &str) -> Result<String> {
    let limit = body::MAX_PAYLOAD as u64 + 1;
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut buf)
            .context("reading the payload from stdin")?;
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(limit).read_to_end(&mut buf))
            .with_context(|| format!("reading payload {path}"))?;
    }
    if buf.len() as u64 >= limit {
        return Err(CliError::failed(format!(
            "{path}: the payload is over the {} MiB limit",
            body::MAX_PAYLOAD / 1048576
        ))
        .into());
    }
    String::from_utf8(buf)
        .map_err(|e| CliError::failed(format!("{path}: the payload is not UTF-8 ({e})")).into())
}

/// One JSON payload per line in, one compact body per line out, in order, streaming.
fn ndjson(
    engine: &Engine,
    path: &str,
    headers: &BTreeMap<String, String>,
    event: Option<&str>,
) -> Result<()> {
    let source: Box<dyn Read + Send> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("reading payload {path}"))?)
    };
    let input = std::io::BufReader::with_capacity(BATCH_BYTES, source);
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
    let job = Job {
        engine,
        headers: template::headers_value(headers),
        event,
        path,
    };
    let result = ndjson_lines(&job, input, &mut w);
    // Lines before a bad one are still written.
    w.flush()?;
    result
}

/// What every line is rendered with.
struct Job<'a> {
    engine: &'a Engine,
    headers: minijinja::Value,
    event: Option<&'a str>,
    path: &'a str,
}

/// Lines read, then rendered together: up to this many ...
const BATCH_LINES: usize = 2048;
/// ... or this many bytes of input (so memory stays flat whatever the line sizes).
const BATCH_BYTES: usize = 4 << 20;
/// Below this many lines, a batch is rendered on this thread alone.
const MIN_PARALLEL: usize = 64;

/// Lines of input read together: the text, and (line number, start, end) of each line that
/// is not blank.
#[derive(Default)]
struct Batch {
    buf: String,
    lines: Vec<(usize, usize, usize)>,
    eof: bool,
}

/// Reads the next batch into `batch` (emptied first); `n` counts lines read so far.
fn read_batch(input: &mut Input, n: &mut usize, batch: &mut Batch) -> std::io::Result<()> {
    batch.buf.clear();
    batch.lines.clear();
    while batch.lines.len() < BATCH_LINES && batch.buf.len() < BATCH_BYTES {
        let start = batch.buf.len();
        if input.read_line(&mut batch.buf)? == 0 {
            batch.eof = true;
            return Ok(());
        }
        *n += 1;
        let text = batch.buf[start..].trim_end_matches(['\n', '\r']);
        if !text.trim().is_empty() {
            batch.lines.push((*n, start, start + text.len()));
        }
        // All that had arrived is read: render it now rather than wait for more (a slow
        // producer's lines come out as they come in).
        if input.buffer().is_empty() {
            break;
        }
    }
    Ok(())
}

/// The payload lines, buffered by as much as a batch holds.
type Input = std::io::BufReader<Box<dyn Read + Send>>;

/// Reads batches of lines on one thread while the batch before is rendered, split across the
/// cores, and its bodies written in input order. On a bad line, the bodies of the lines before
/// it are written, then its error is returned.
fn ndjson_lines(job: &Job<'_>, mut input: Input, w: &mut impl Write) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut outs: Vec<String> = vec![String::new(); workers];
    let path = job.path;
    // Batches go out full and come back empty, to be filled again. The reader is not joined:
    // after a bad line the run ends at once, even while the reader waits on a slow pipe.
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<std::io::Result<Batch>>(1);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Batch>();
    std::thread::spawn(move || {
        let mut n = 0usize;
        loop {
            let mut batch = empty_rx.try_recv().unwrap_or_default();
            let read = read_batch(&mut input, &mut n, &mut batch);
            let last = read.is_err() || batch.eof;
            if full_tx.send(read.map(|()| batch)).is_err() || last {
                return;
            }
        }
    });
    for batch in full_rx {
        let batch = batch.with_context(|| format!("reading {path}"))?;
        render_batch(job, &batch, &mut outs, w)?;
        // Out as soon as rendered, for whoever reads the other end of a pipe.
        w.flush()?;
        if batch.eof {
            break;
        }
        let _ = empty_tx.send(batch);
    }
    Ok(())
}

/// Renders one batch, split across the cores, and writes its bodies in order.
fn render_batch(
    job: &Job<'_>,
    batch: &Batch,
    outs: &mut [String],
    w: &mut impl Write,
) -> Result<()> {
    let (buf, lines) = (batch.buf.as_str(), batch.lines.as_slice());
    let parts = if lines.len() < MIN_PARALLEL {
        1
    } else {
        outs.len()
    };
    let chunk = lines.len().div_ceil(parts).max(1);
    let results: Vec<Result<(), CliError>> = if parts == 1 {
        vec![render_lines(job, buf, lines, &mut outs[0])]
    } else {
        std::thread::scope(|scope| {
            let mut handles = Vec::new();
            let mut slots = outs.iter_mut();
            let mut mine = None;
            for (i, part) in lines.chunks(chunk).enumerate() {
                let out = slots.next().expect("one output per worker");
                if i == 0 {
                    mine = Some((part, out));
                } else {
                    handles.push(scope.spawn(move || render_lines(job, buf, part, out)));
                }
            }
            let mut results = Vec::with_capacity(parts);
            if let Some((part, out)) = mine {
                results.push(render_lines(job, buf, part, out));
            }
            for h in handles {
                results.push(h.join().unwrap_or_else(|_| {
                    Err(CliError::failed("rendering a line failed unexpectedly"))
                }));
            }
            results
        })
    };
    for (out, result) in outs.iter_mut().zip(results) {
        w.write_all(out.as_bytes())?;
        out.clear();
        result?;
    }
    Ok(())
}

/// Renders `lines` of `buf` one after another into `out`, one compact body per line; stops
/// at the first bad line (the bodies before it stay in `out`).
fn render_lines(
    job: &Job<'_>,
    buf: &str,
    lines: &[(usize, usize, usize)],
    out: &mut String,
) -> Result<(), CliError> {
    let path = job.path;
    for &(n, start, end) in lines {
        let text = &buf[start..end];
        if text.len() > body::MAX_PAYLOAD {
            return Err(CliError::failed(format!(
                "{path}: line {n}: the payload is over the size limit"
            )));
        }
        let payload = template::json::parse(text).map_err(|e| {
            CliError::failed(format!(
                "{path}:{n}:{}: not valid JSON: {}",
                e.column(),
                e.to_string().split(" at line ").next().unwrap_or_default()
            ))
        })?;
        let ctx = template::context_of(payload, job.headers.clone(), job.event);
        let rendered = job
            .engine
            .render(&ctx)
            .map_err(|e| CliError::failed(format!("{path}: line {n}: {e}")))?;
        if !minify_object(&rendered, out) {
            let checked = body::check(&rendered, &[]);
            let why = checked
                .error
                .unwrap_or_else(|| "the body is not a JSON object".into());
            return Err(CliError::failed(format!("{path}: line {n}: {why}")));
        }
        out.push('\n');
    }
    Ok(())
}

/// Appends `text` to `out` without insignificant whitespace; false (and `out` as it was)
/// unless it is one valid JSON object.
fn minify_object(text: &str, out: &mut String) -> bool {
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
    }
}
