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
use crate::preset::{Registry, event_name};
use crate::signature::Headers;
use crate::template::{self, Engine, Undefined};

mod ndjson;
mod watch;

pub fn run(args: PreviewArgs, reg: &Registry, out: &Output) -> Result<()> {
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

/// `--ndjson`: one payload per line of `path` (or stdin for `-`), one body per line out.
fn ndjson(
    engine: &Engine,
    path: &str,
    headers: &BTreeMap<String, String>,
    event: Option<&str>,
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
    };
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = ndjson::run(&job, input, &mut w);
    // Lines before a bad one are still written.
    w.flush()?;
    result
}
