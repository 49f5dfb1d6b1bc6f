//! `preview`: render a body offline against a sample or a payload. No network, keyring or
//! config file is touched on this path.

use std::collections::BTreeMap;
use std::io::{BufWriter, Read, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::body;
use crate::cli::{OutputFormat, PreviewArgs};
use crate::error::CliError;
use crate::output::Output;
use crate::preset::{Preset, Registry, batch, event_name};
use crate::signature::Headers;
use crate::template::{self, Engine, Undefined};

mod ndjson;
mod watch;
pub(super) mod whatif;

pub(super) fn run(args: PreviewArgs, reg: &Registry, out: &Output) -> Result<()> {
    if args.watch {
        return watch::run(&args, reg, out);
    }
    render(&args, reg, out)
}

/// One preview: reads the template, the preset and the payload, renders and prints.
fn render(args: &PreviewArgs, reg: &Registry, out: &Output) -> Result<()> {
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
        let batched = preset.as_ref().filter(|p| p.items.is_some());
        return ndjson(&engine, path, &headers, event, batched);
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
    if let Some(p) = preset.as_ref().filter(|p| p.items.is_some()) {
        let job = Batch {
            engine: &engine,
            preset: p,
            headers: &headers,
            event,
            sync_keys: &sync_keys,
            payload_name: &payload_name,
            template: &name,
        };
        return batch_preview(&job, &payload, args.raw, out);
    }
    // The event filter, as `serve` applies it: a payload of another type would be skipped.
    if let Some(p) = &preset {
        let item = batch::Item {
            index: None,
            value: payload.clone(),
        };
        if let Some((_, message)) =
            batch::event_type(p, &batch::headers_of(&headers), &item).skip(p)
        {
            return Err(
                CliError::failed(format!("{payload_name}: skipped: {message}"))
                    .with_hint("serve logs such a delivery as skipped and changes nothing")
                    .into(),
            );
        }
    }
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

/// A preview of a preset that batches or filters event types: what `serve` does per item.
struct Batch<'a> {
    engine: &'a Engine,
    preset: &'a Preset,
    headers: &'a BTreeMap<String, String>,
    event: Option<&'a str>,
    sync_keys: &'a [String],
    payload_name: &'a str,
    template: &'a str,
}

/// One item of a batched preview.
#[derive(Serialize)]
struct ItemReport {
    /// The item's index in the batch; `None` when the preset does not batch.
    index: Option<usize>,
    event_type: Option<String>,
    /// `rendered` or `skipped`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    body: Option<serde_json::Map<String, serde_json::Value>>,
    sync_key: Option<String>,
    sync_value: Option<String>,
    warnings: Vec<String>,
}

/// The `-o json|yaml` form of a batched preview.
#[derive(Serialize)]
struct BatchReport<'a> {
    items: &'a [ItemReport],
    payload: &'a str,
    template: &'a str,
}

/// Renders each item of the payload that the preset handles, as `serve` would; skipped items
/// are shown with the reason. The first item that fails to render is an error, after the
/// items before it are shown.
fn batch_preview(
    job: &Batch<'_>,
    payload: &minijinja::Value,
    raw: bool,
    out: &Output,
) -> Result<()> {
    let p = job.preset;
    let items = batch::items(p, payload)
        .map_err(|e| CliError::failed(format!("{}: {e}", job.payload_name)))?;
    let sig_headers = batch::headers_of(job.headers);
    let headers_value = template::headers_value(job.headers);
    let mut reports = Vec::with_capacity(items.len());
    let mut failure = None;
    for item in &items {
        let label = match item.index {
            Some(i) => format!("item {i}"),
            None => "the payload".to_string(),
        };
        let kind = batch::event_type(p, &sig_headers, item);
        let mut report = ItemReport {
            index: item.index,
            event_type: kind.name().map(str::to_string),
            status: "skipped",
            reason: None,
            body: None,
            sync_key: None,
            sync_value: None,
            warnings: Vec::new(),
        };
        if let Some((_, message)) = batch::lifecycle(p, item).or_else(|| kind.skip(p)) {
            report.reason = Some(message);
            reports.push(report);
            continue;
        }
        let ctx = batch::context(payload, headers_value.clone(), job.event, item);
        let (rendered, warnings) = match job.engine.render_with_warnings(&ctx) {
            Ok(x) => x,
            Err(e) => {
                failure = Some(anyhow::Error::from(e).context(format!("{label} did not render")));
                break;
            }
        };
        if raw {
            for w in &warnings {
                out.warn(&format!("{label}: {w}"));
            }
            out.raw(rendered.as_bytes())?;
            out.raw(b"\n")?;
            continue;
        }
        let checked = body::check(&rendered, job.sync_keys);
        if let Some(err) = &checked.error {
            out.note(&format!("rendered body of {label}:"));
            out.note(&rendered);
            failure = Some(CliError::failed(format!("{label}: {err}")).into());
            break;
        }
        report.status = "rendered";
        report.body = checked.fields;
        report.sync_key = checked.sync_key;
        report.sync_value = checked.sync_value;
        report.warnings = warnings;
        report.warnings.extend(checked.warnings);
        reports.push(report);
    }
    if raw {
        return failure.map_or(Ok(()), Err);
    }
    match (out.format_explicit, out.format) {
        (true, OutputFormat::Json | OutputFormat::Yaml) => {
            if let Some(e) = failure {
                return Err(e);
            }
            let report = BatchReport {
                items: &reports,
                payload: job.payload_name,
                template: job.template,
            };
            if out.format == OutputFormat::Json {
                out.json(&report)?;
            } else {
                out.yaml(&report)?;
            }
        }
        _ => {
            for r in &reports {
                let label = match r.index {
                    Some(i) => format!("item {i}"),
                    None => "payload".to_string(),
                };
                let kind = r.event_type.as_deref().unwrap_or("no event type");
                match &r.body {
                    Some(body) => {
                        out.note(&format!("{label} ({kind}):"));
                        out.json(body)?;
                        if let (Some(k), Some(v)) = (&r.sync_key, &r.sync_value) {
                            out.note(&format!("sync key: {k} = {v:?}"));
                        }
                        for w in &r.warnings {
                            out.warn(w);
                        }
                    }
                    None => out.note(&format!(
                        "{label} ({kind}): skipped: {}",
                        r.reason.as_deref().unwrap_or_default()
                    )),
                }
            }
            if let Some(e) = failure {
                return Err(e);
            }
        }
    }
    if reports.iter().all(|r| r.body.is_none()) {
        return Err(CliError::failed(format!(
            "no item of {} is of an event type the preset handles ({})",
            job.payload_name,
            p.vendor_events.join(", ")
        ))
        .into());
    }
    Ok(())
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

/// `--ndjson`: one payload per line of `path` (or stdin for `-`), one body per line out.
fn ndjson(
    engine: &Engine,
    path: &str,
    headers: &BTreeMap<String, String>,
    event: Option<&str>,
    batched: Option<&Preset>,
) -> Result<()> {
    let input: Box<dyn Read + Send> = if path == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("reading payload {path}"))?)
    };
    let job = ndjson::Job {
        engine,
        headers: template::headers_value(headers),
        event,
        path,
        batch: batched.map(|p| (p, batch::headers_of(headers))),
    };
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = ndjson::run(&job, input, &mut w);
    // Lines before a bad one are still written.
    w.flush()?;
    result
}
