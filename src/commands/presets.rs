//! `presets list` and `presets show`.

use anyhow::Result;
use serde::Serialize;

use crate::cli::PresetsCommand;
use crate::output::{Output, Tabular, new_table, no_wrap};
use crate::preset::{Preset, Registry, event_name, secret_type_name};

pub(super) fn run(cmd: PresetsCommand, reg: &Registry, out: &Output) -> Result<()> {
    match cmd {
        PresetsCommand::List(args) => {
            let mut rows: Vec<Summary> = reg.all()?.iter().map(Summary::from).collect();
            if let Some(v) = &args.vendor {
                rows.retain(|r| r.vendor.eq_ignore_ascii_case(v));
            }
            out.data(&rows)
        }
        PresetsCommand::Show(args) => {
            let p = reg.get(&args.preset)?;
            if args.template {
                return out.raw(p.body.as_bytes());
            }
            if let Some(name) = &args.sample {
                let s = reg.sample(&p, Some(name))?;
                // Headers the sample is sent with, which a body reads as `headers`: on stderr,
                // so stdout stays the payload alone.
                for (k, v) in &s.headers {
                    out.note(&format!("sent with header {k}: {v}"));
                }
                return out.raw(s.text.as_bytes());
            }
            out.data(&Shown(p))
        }
    }
}

/// A line of `presets list`.
#[derive(Serialize)]
struct Summary {
    id: String,
    vendor: String,
    title: String,
    event: &'static str,
    secret_types: Vec<&'static str>,
    vendor_events: Vec<String>,
    source: String,
}

impl From<&Preset> for Summary {
    fn from(p: &Preset) -> Self {
        Self {
            id: p.id.clone(),
            vendor: p.vendor.clone(),
            title: p.title.clone(),
            event: event_name(p.event),
            secret_types: p.secret_types().into_iter().map(secret_type_name).collect(),
            vendor_events: p.vendor_events.clone(),
            source: p.origin.to_string(),
        }
    }
}

impl Tabular for Vec<Summary> {
    fn table(&self) -> comfy_table::Table {
        let mut t = new_table(["PRESET", "EVENT", "SECRET", "TITLE"]);
        for s in self {
            t.add_row([
                s.id.clone(),
                s.event.to_string(),
                s.secret_types.join(","),
                s.title.clone(),
            ]);
        }
        no_wrap(&mut t, 0);
        no_wrap(&mut t, 1);
        t
    }
}

/// `presets show`: the whole preset.
#[derive(Serialize)]
#[serde(transparent)]
struct Shown(Preset);

impl Tabular for Shown {
    fn table(&self) -> comfy_table::Table {
        let p = &self.0;
        let mut t = new_table(["FIELD", "VALUE"]);
        let auth = p
            .secret_types()
            .into_iter()
            .filter_map(|st| {
                p.scheme(st)
                    .map(|s| format!("{}: {}", secret_type_name(st), describe(s)))
            })
            .collect::<Vec<_>>()
            .join("\n");
        let rows = [
            ("id", p.id.clone()),
            ("title", p.title.clone()),
            ("vendor", format!("{} ({})", p.vendor_name, p.vendor)),
            ("description", p.description.clone()),
            ("vendor events", p.vendor_events.join(", ")),
            ("oomnitza event", event_name(p.event).to_string()),
            ("secret type", secret_type_name(p.secret_type).to_string()),
            ("auth", auth),
            ("sync keys", p.sync_keys.join(", ")),
            (
                "samples",
                format!(
                    "{} (`--sample NAME` prints one)",
                    p.samples
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            ("source", p.origin.to_string()),
            ("body", p.body.trim_end().to_string()),
        ];
        for (k, v) in rows {
            t.add_row([k.to_string(), v]);
        }
        t
    }
}

/// One line about how a vendor authenticates.
fn describe(scheme: crate::signature::Scheme<'_>) -> String {
    match scheme {
        crate::signature::Scheme::Header(h) => format!("{}: {}<secret>", h.header, h.prefix),
        crate::signature::Scheme::Hmac(h) => {
            format!("{}: {} of {:?}", h.header, h.algorithm.name(), h.message)
        }
    }
}
