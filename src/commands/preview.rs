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
        return ndjson(&engine, path, &headers, event, out);
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
    let payload = body::parse_payload(&payload_text, &payload_name)?;
    let ctx = template::context(&payload, &headers, event);
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
    out: &Output,
) -> Result<()> {
    let input: Box<dyn BufRead> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::with_capacity(
            1 << 16,
            std::fs::File::open(path).with_context(|| format!("reading payload {path}"))?,
        ))
    };
    let _ = out;
    let stdout = std::io::stdout();
    let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = ndjson_lines(engine, input, headers, event, path, &mut w);
    // Lines before a bad one are still written.
    w.flush()?;
    result
}

fn ndjson_lines(
    engine: &Engine,
    mut input: Box<dyn BufRead>,
    headers: &BTreeMap<String, String>,
    event: Option<&str>,
    path: &str,
    w: &mut impl Write,
) -> Result<()> {
    let mut line = String::new();
    let mut n = 0usize;
    let mut compact = String::new();
    loop {
        line.clear();
        let read = input
            .read_line(&mut line)
            .with_context(|| format!("reading {path}"))?;
        if read == 0 {
            return Ok(());
        }
        n += 1;
        let text = line.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        if text.len() > body::MAX_PAYLOAD {
            return Err(CliError::failed(format!(
                "{path}: line {n}: the payload is over the size limit"
            ))
            .into());
        }
        let payload: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            CliError::failed(format!(
                "{path}:{n}:{}: not valid JSON: {}",
                e.column(),
                e.to_string().split(" at line ").next().unwrap_or_default()
            ))
        })?;
        let ctx = template::context(&payload, headers, event);
        let rendered = engine
            .render(&ctx)
            .map_err(|e| CliError::failed(format!("{path}: line {n}: {e}")))?;
        compact.clear();
        if !minify_object(&rendered, &mut compact) {
            let checked = body::check(&rendered, &[]);
            let why = checked
                .error
                .unwrap_or_else(|| "the body is not a JSON object".into());
            return Err(CliError::failed(format!("{path}: line {n}: {why}")).into());
        }
        compact.push('\n');
        w.write_all(compact.as_bytes())?;
    }
}

/// Writes `text` without insignificant whitespace; false unless it is one valid JSON object.
fn minify_object(text: &str, out: &mut String) -> bool {
    let mut in_str = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
        } else if c == '"' {
            in_str = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\n' | '\r' | '\t') {
            out.push(c);
        }
    }
    out.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(out).is_ok()
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
    }
}
