//! Checks on a parsed preset beyond its schema: names, auth, sync keys, the template, and that
//! every sample renders to a JSON object whose sync keys resolve.

use serde::Serialize;

use super::{Preset, Registry, event_name};
use crate::body;
use crate::template::{self, Engine, Undefined};

/// One problem found in a preset.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub preset: String,
    /// Where: the preset, a sample, or the body.
    pub location: String,
    pub message: String,
}

/// Every problem in a preset (empty when it is valid).
pub fn validate_preset(reg: &Registry, p: &Preset) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut add = |location: String, message: String| {
        found.push(Finding {
            preset: p.id.clone(),
            location,
            message,
        })
    };
    let at = p.origin.describe(&format!("{}/{}.yaml", p.vendor, p.id));

    let slug = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if !slug(&p.id) {
        add(
            at.clone(),
            format!("id {:?}: use lower-case letters, digits and -", p.id),
        );
    }
    if !slug(&p.vendor) {
        add(
            at.clone(),
            format!(
                "vendor {:?}: use lower-case letters, digits and -",
                p.vendor
            ),
        );
    }
    if p.vendor_events.is_empty() {
        add(
            at.clone(),
            "vendor_events: list at least one vendor event".into(),
        );
    }
    if p.scheme(p.secret_type).is_none() {
        add(
            at.clone(),
            format!(
                "secret_type is {} but auth has no {0} entry",
                super::secret_type_name(p.secret_type)
            ),
        );
    }
    if let Some(h) = &p.auth.header
        && h.header.trim().is_empty()
    {
        add(at.clone(), "auth.header.header: name the header".into());
    }
    if let Err(e) = super::check_sync_keys(&p.sync_keys) {
        add(at.clone(), e);
    }
    if p.samples.is_empty() {
        add(
            at.clone(),
            "samples: give at least one sample payload".into(),
        );
    }
    for (i, s) in p.samples.iter().enumerate() {
        if p.samples[..i].iter().any(|o| o.name == s.name) {
            add(
                at.clone(),
                format!("sample name {:?} is used twice", s.name),
            );
        }
    }
    let name = format!("body of {}", p.id);
    let engine = match Engine::new(&name, &p.body, Undefined::Strict) {
        Ok(e) => e,
        Err(e) => {
            add(at, e.headline());
            return found;
        }
    };
    for s in &p.samples {
        let sample = match reg.sample(p, Some(&s.name)) {
            Ok(x) => x,
            Err(e) => {
                add(at.clone(), format!("{e:#}"));
                continue;
            }
        };
        let payload = match body::parse_payload_value(&sample.text, &sample.path) {
            Ok(v) => v,
            Err(e) => {
                add(sample.path.clone(), e.message);
                continue;
            }
        };
        let ctx = template::context(payload, &sample.headers, Some(event_name(p.event)));
        let where_ = format!("sample {}", s.name);
        match engine.render(&ctx) {
            Err(e) => add(where_, e.headline()),
            Ok(text) => {
                let c = body::check(&text, &p.sync_keys);
                if let Some(err) = c.error {
                    add(where_, err);
                } else if c.sync_key.is_none() {
                    add(
                        where_,
                        format!(
                            "no sync key resolved ({} all empty)",
                            p.sync_keys.join(", ")
                        ),
                    );
                }
            }
        }
    }
    found
}
