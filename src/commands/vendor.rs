//! The vendor side: `sign` (the headers a vendor would send), `verify` (check a received
//! request) and `send` (deliver a sample to a webhook as its vendor would).

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;

use super::shared::read_secret;
use super::{Ctx, block_on};
use crate::api::vendor::Delivered;
use crate::body;
use crate::cli::{SendArgs, SignArgs, VerifyArgs};
use crate::error::CliError;
use crate::output::{Tabular, new_table};
use crate::preset::{Preset, Registry};
use crate::secrets::{REDACTED, Secret};
use crate::signature::{self, EventIdSource, Headers, Scheme, SignInput, VerifyOptions};

/// The raw bytes of a payload: a file, stdin (`-`), or the preset's sample.
fn payload_bytes(
    path: Option<&str>,
    reg: &Registry,
    preset: &Preset,
    sample: Option<&str>,
) -> Result<(Vec<u8>, BTreeMap<String, String>)> {
    match path {
        Some("-") => {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
                .context("reading the payload from stdin")?;
            Ok((buf, BTreeMap::new()))
        }
        Some(p) => Ok((
            std::fs::read(p).with_context(|| format!("reading payload {p}"))?,
            BTreeMap::new(),
        )),
        None => {
            let s = reg.sample(preset, sample)?;
            Ok((s.text.into_bytes(), s.headers))
        }
    }
}

fn require_secret(src: &crate::cli::SecretSource, what: &str) -> Result<Secret> {
    read_secret(src, what)?.ok_or_else(|| {
        CliError::usage(format!("the {what} is required: pass --secret-stdin or --secret-file FILE (or set OOMHOOK_SECRET)")).into()
    })
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A message id as Standard Webhooks senders make them.
fn new_message_id() -> String {
    format!("msg_{}", uuid::Uuid::new_v4().simple())
}

pub(super) fn sign(args: SignArgs, ctx: &Ctx) -> Result<()> {
    let reg = ctx.registry();
    let preset = reg.get(&args.preset)?;
    let scheme = preset.require_scheme(args.secret_type.unwrap_or(preset.secret_type))?;
    let secret = require_secret(&args.secret, "webhook secret")?;
    let (payload, _) = payload_bytes(args.payload.as_deref(), &reg, &preset, None)?;
    let id = match (&args.id, scheme) {
        (Some(id), _) => Some(id.clone()),
        (None, Scheme::Hmac(h)) if h.signs_id() || h.id_header.is_some() => Some(new_message_id()),
        _ => None,
    };
    let input = SignInput {
        body: &payload,
        timestamp: args.timestamp.unwrap_or_else(now),
        id: id.as_deref(),
    };
    let headers = signature::sign(scheme, secret.expose().as_bytes(), &input)
        .map_err(|e| CliError::failed(e.to_string()))?;
    let shown: Vec<(String, String)> = match scheme {
        Scheme::Header(_) => {
            ctx.out
                .note("a header-secret vendor sends the secret itself: shown redacted");
            headers
                .into_iter()
                .map(|(k, _)| (k, REDACTED.to_string()))
                .collect()
        }
        Scheme::Hmac(_) => headers,
    };
    if ctx.out.is_table() {
        for (k, v) in &shown {
            ctx.out.line(&format!("{k}: {v}"))?;
        }
        return Ok(());
    }
    let map: serde_json::Map<String, serde_json::Value> =
        shown.into_iter().map(|(k, v)| (k, v.into())).collect();
    if ctx.out.format == crate::cli::OutputFormat::Yaml {
        ctx.out.yaml(&map)
    } else {
        ctx.out.json(&map)
    }
}

pub(super) fn verify(args: VerifyArgs, ctx: &Ctx) -> Result<()> {
    let reg = ctx.registry();
    let preset = reg.get(&args.preset)?;
    let scheme = preset.require_scheme(args.secret_type.unwrap_or(preset.secret_type))?;
    let secret = require_secret(&args.secret, "webhook secret")?;
    let (payload, _) = payload_bytes(Some(&args.payload), &reg, &preset, None)?;
    let mut headers = Headers::new();
    for line in &args.headers {
        let (k, v) = Headers::parse_line(line)
            .map_err(|e| CliError::usage(format!("--header {line:?}: {e}")))?;
        headers.push(k, v);
    }
    let opts = VerifyOptions {
        now: args.now.unwrap_or_else(now),
        tolerance: args.tolerance,
    };
    match signature::verify(
        scheme,
        secret.expose().as_bytes(),
        &payload,
        &headers,
        &opts,
    ) {
        Ok(()) => {
            ctx.out.success(&format!(
                "valid: the request authenticates as {} ({})",
                preset.vendor_name,
                scheme.header_name()
            ));
            Ok(())
        }
        Err(e) => {
            // A header secret is compared, not a signature checked: say so.
            let what = match (&e, scheme) {
                (signature::VerifyError::Mismatch, Scheme::Header(h)) => format!(
                    "the {} header does not hold the secret given (a header secret is sent as is)",
                    h.header
                ),
                _ => e.to_string(),
            };
            Err(CliError::failed(format!("invalid: {what}"))
                .with_hint(format!("reason code: {}", e.reason_code()))
                .into())
        }
    }
}

/// What `send` reports.
#[derive(Serialize)]
struct Sent {
    url: String,
    status: u16,
    response: serde_json::Value,
}

impl Tabular for Sent {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["FIELD", "VALUE"]);
        t.add_row(["url", &self.url]);
        t.add_row(["status", &self.status.to_string()]);
        let text = serde_json::to_string_pretty(&self.response).unwrap_or_default();
        t.add_row(["response", &text]);
        t
    }
}

/// The payload with the secret written at `path` of each item (of the list at the preset's
/// `items`, or of the payload itself).
fn with_item_secret(payload: &[u8], preset: &Preset, path: &str, secret: &str) -> Result<Vec<u8>> {
    fn walk<'a>(v: &'a mut serde_json::Value, path: &str) -> Option<&'a mut serde_json::Value> {
        path.split('.').try_fold(v, |v, seg| match v {
            serde_json::Value::Object(m) => m.get_mut(seg),
            serde_json::Value::Array(a) => a.get_mut(seg.parse::<usize>().ok()?),
            _ => None,
        })
    }
    let mut v: serde_json::Value = serde_json::from_slice(payload)
        .map_err(|e| CliError::failed(format!("the payload is not JSON: {e}")))?;
    let items: Vec<&mut serde_json::Value> = match &preset.items {
        Some(list) => match walk(&mut v, list) {
            Some(serde_json::Value::Array(a)) => a.iter_mut().collect(),
            _ => {
                return Err(
                    CliError::failed(format!("the payload has no list at `{list}`")).into(),
                );
            }
        },
        None => vec![&mut v],
    };
    let (parent, field) = path.rsplit_once('.').map_or(("", path), |(p, f)| (p, f));
    for item in items {
        let target = if parent.is_empty() {
            Some(item)
        } else {
            walk(item, parent)
        };
        if let Some(serde_json::Value::Object(m)) = target {
            m.insert(field.to_string(), secret.into());
        }
    }
    Ok(serde_json::to_vec(&v)?)
}

pub(super) fn send(args: SendArgs, ctx: &Ctx) -> Result<()> {
    let reg = ctx.registry();
    // `send --url U` means "deliver to U" (see `oomhook send --help`); the server then comes
    // from the env or profile.
    let target_flag = args.to.clone().or_else(|| ctx.global.url.clone());
    let mut global = ctx.global.clone();
    global.url = None;
    let inner = Ctx {
        global: &global,
        out: ctx.out,
    };
    let secret = require_secret(&args.secret, "webhook secret")?;
    let (_, client) = inner.client()?;
    let hook = block_on(client.find(&args.webhook))?;
    let preset = reg.get(&hook.preset)?;
    let scheme = preset.require_scheme(hook.secret_type)?;
    let (payload, sample_headers) = payload_bytes(
        args.payload.as_deref(),
        &reg,
        &preset,
        args.sample.as_deref(),
    )?;
    // A vendor that copies the secret into each item (Graph's clientState) sends it there,
    // not in a header.
    let payload = match &preset.item_secret {
        Some(path) => with_item_secret(&payload, &preset, path, secret.expose())?,
        None => payload,
    };
    if payload.len() > body::MAX_PAYLOAD {
        return Err(CliError::failed("the payload is over the size limit").into());
    }
    let mut headers: Vec<(String, String)> =
        vec![("Content-Type".into(), "application/json".into())];
    headers.extend(sample_headers);
    // A vendor gives every delivery a new id where the id travels in a header.
    if let Some(EventIdSource::Header(h)) = &preset.event_id
        && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(h))
        && !matches!(scheme, Scheme::Hmac(a) if a.id_header.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(h)))
    {
        headers.push((h.clone(), uuid::Uuid::new_v4().to_string()));
    }
    let id = matches!(scheme, Scheme::Hmac(h) if h.signs_id() || h.id_header.is_some())
        .then(new_message_id);
    let input = SignInput {
        body: &payload,
        timestamp: now(),
        id: id.as_deref(),
    };
    let signed = match &preset.item_secret {
        Some(_) => Vec::new(),
        None => signature::sign(scheme, secret.expose().as_bytes(), &input)
            .map_err(|e| CliError::failed(e.to_string()))?,
    };
    headers.retain(|(k, _)| !signed.iter().any(|(s, _)| s.eq_ignore_ascii_case(k)));
    headers.extend(signed);
    let url = target_flag.unwrap_or_else(|| hook.url.clone());
    ctx.out
        .debug(1, &format!("POST {url} ({} bytes)", payload.len()));
    let timeout = crate::api::client::env_seconds(
        crate::env_vars::OOMHOOK_TIMEOUT,
        std::time::Duration::from_secs(30),
        false,
    )?;
    let Delivered {
        status,
        location,
        text,
    } = block_on(crate::api::vendor::deliver(
        &url, &headers, payload, timeout,
    ))?;
    let response = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    let sent = Sent {
        url,
        status,
        response,
    };
    ctx.out.data(&sent)?;
    match (status, location) {
        (200..=299, _) => Ok(()),
        (300..=399, Some(to)) => Err(CliError::failed(format!(
            "the webhook answered {status}, a redirect to {to}; it was not followed, so the secret did not go there"
        ))
        .with_hint("if the webhook now lives there, send with --url and that address")
        .into()),
        (401, _) => Err(CliError::failed(format!("the webhook answered {status}: {}", answer_message(&sent.response)))
            .with_hint(format!(
                "the secret given is not the one webhook {:?} has: pass that one, or set a new one with `oomhook update {} --secret-file FILE` (and in the vendor)",
                hook.name, shell_word(&hook.name)
            ))
            .into()),
        (404, _) if !hook.enabled => Err(CliError::failed(format!("the webhook answered {status}: webhook {:?} is disabled", hook.name))
            .with_hint(format!("enable it with `oomhook update {} --enabled`", shell_word(&hook.name)))
            .into()),
        _ => Err(CliError::failed(format!("the webhook answered {status}: {}", answer_message(&sent.response))).into()),
    }
}

/// The message of an error answer (the API's `errors`), else the answer itself, short.
fn answer_message(response: &serde_json::Value) -> String {
    response["errors"][0]["message"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| response.to_string().chars().take(200).collect())
}

/// A name as one shell word (quoted when it holds anything but letters, digits, `-_.`).
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
