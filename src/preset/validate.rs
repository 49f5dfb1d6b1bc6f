//! Checks on a parsed preset beyond its schema: names, auth, sync keys, the template, and that
//! every sample renders to a JSON object whose sync keys resolve.

use serde::Serialize;

use super::{Preset, Registry, batch, event_name};
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
    if let Some(src) = &p.event_type {
        if src.header.is_none() && src.path.is_none() {
            add(at.clone(), "event_type: give header, path or both".into());
        }
        if let Some(h) = &src.header
            && reqwest::header::HeaderName::from_bytes(h.as_bytes()).is_err()
        {
            add(
                at.clone(),
                format!("event_type.header: {h:?} is not a header name"),
            );
        }
        if let Some(path) = &src.path
            && !super::is_dotted_path(path)
        {
            add(
                at.clone(),
                format!("event_type.path: {path:?} is not a dotted path"),
            );
        }
    }
    if let Some(path) = &p.items
        && !super::is_dotted_path(path)
    {
        add(at.clone(), format!("items: {path:?} is not a dotted path"));
    }
    if let Some(h) = &p.event_id_scope {
        if reqwest::header::HeaderName::from_bytes(h.as_bytes()).is_err() {
            add(
                at.clone(),
                format!("event_id_scope: {h:?} is not a header name"),
            );
        }
        if p.event_id.is_none() {
            add(
                at.clone(),
                "event_id_scope: give event_id too (the scope qualifies it)".into(),
            );
        }
    }
    if let Some(path) = &p.item_secret {
        if !super::is_dotted_path(path) {
            add(
                at.clone(),
                format!("item_secret: {path:?} is not a dotted path"),
            );
        }
        if p.secret_type != crate::domain::SecretType::Header {
            add(
                at.clone(),
                "item_secret: the secret type must be header (the vendor sends the secret itself)"
                    .into(),
            );
        }
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
        let where_ = format!("sample {}", s.name);
        let items = match batch::items(p, &payload) {
            Ok(items) => items,
            Err(e) => {
                add(where_, e);
                continue;
            }
        };
        let headers = batch::headers_of(&sample.headers);
        let headers_value = template::headers_value(&sample.headers);
        let mut handled = 0;
        for item in &items {
            // Items of other types are skipped by `serve`: a batch of mixed types is expected.
            if !batch::is_handled(p, &headers, item) {
                continue;
            }
            handled += 1;
            let where_ = match item.index {
                Some(i) => format!("sample {} item {i}", s.name),
                None => where_.clone(),
            };
            let ctx = batch::context(
                &payload,
                headers_value.clone(),
                Some(event_name(p.event)),
                item,
            );
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
        if handled == 0 {
            let types: Vec<String> = items
                .iter()
                .map(|i| {
                    batch::event_type(p, &headers, i)
                        .name()
                        .unwrap_or("(none)")
                        .to_string()
                })
                .collect();
            add(
                where_,
                format!(
                    "no item is of an event type the preset handles ({}): found {}",
                    p.vendor_events.join(", "),
                    if types.is_empty() {
                        "no items".to_string()
                    } else {
                        types.join(", ")
                    }
                ),
            );
        }
    }
    found
}
