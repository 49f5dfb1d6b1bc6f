//! `export`: the server's webhooks as an apply file. Fields equal to the preset's defaults are
//! left out, so the file stays short and applying it to the same server changes nothing.
//! Secrets are never exported: each webhook gets a `secret_env` placeholder.

use std::collections::HashSet;

use serde::Serialize;

use crate::api::model::Webhook;
use crate::domain::{OomnitzaEvent, SecretType};
use crate::preset::{Preset, Registry};

/// One webhook of an exported file, fields in the documented order.
#[derive(Debug, Serialize)]
pub(crate) struct Item<'a> {
    pub name: &'a str,
    pub preset: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_type: Option<SecretType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<OomnitzaEvent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sync_keys: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    pub secret_env: String,
}

/// The exported document.
#[derive(Debug, Serialize)]
pub(crate) struct Document<'a> {
    pub webhooks: Vec<Item<'a>>,
}

/// The apply file for these webhooks, and warnings (presets this oomhook does not know, whose
/// webhooks are then written in full).
pub(crate) fn document<'a>(
    hooks: &'a [Webhook],
    registry: &Registry,
) -> (Document<'a>, Vec<String>) {
    let mut warnings = Vec::new();
    let mut used = HashSet::new();
    let mut items = Vec::with_capacity(hooks.len());
    let mut presets: std::collections::HashMap<&str, Option<Preset>> =
        std::collections::HashMap::new();
    for w in hooks {
        let preset = presets
            .entry(w.preset.as_str())
            .or_insert_with(|| registry.get(&w.preset).ok());
        if preset.is_none() {
            warnings.push(format!(
                "webhook {:?} uses preset {:?}, which this oomhook does not know: applying the file will fail until it does",
                w.name, w.preset
            ));
        }
        let p = preset.as_ref();
        let differs = |same: bool| p.is_none() || !same;
        items.push(Item {
            name: &w.name,
            preset: &w.preset,
            secret_type: differs(p.is_some_and(|p| p.secret_type == w.secret_type))
                .then_some(w.secret_type),
            event: differs(p.is_some_and(|p| p.event == w.event)).then_some(w.event),
            body: differs(p.is_some_and(|p| p.body == w.body)).then_some(w.body.as_str()),
            sync_keys: differs(p.is_some_and(|p| p.sync_keys == w.sync_keys))
                .then_some(w.sync_keys.as_slice()),
            enabled: (!w.enabled).then_some(false),
            secret_env: placeholder(&w.name, &mut used),
        });
    }
    (Document { webhooks: items }, warnings)
}

/// The file's text: a comment on secrets, then the YAML.
pub(crate) fn to_yaml(doc: &Document) -> anyhow::Result<String> {
    let n = doc.webhooks.len();
    let mut out = String::new();
    out.push_str(&format!(
        "# oomhook apply file: {n} webhook{} exported from the server.\n",
        if n == 1 { "" } else { "s" }
    ));
    out.push_str(
        "# Secrets are never exported. Each webhook names the environment variable (secret_env)\n\
         # that holds its secret; apply reads it only when it sends the secret: when it creates the\n\
         # webhook (on another server, say) or with --rotate-secrets. Set those variables, or replace\n\
         # `secret_env: VAR` with `secret_file: PATH` (a file whose first line is the secret).\n\
         # Fields equal to the preset's defaults are left out.\n",
    );
    out.push_str(&serde_yaml_ng::to_string(doc)?);
    Ok(out)
}

/// `OOMHOOK_SECRET_<NAME IN UPPER SNAKE CASE>`, made unique among `used`.
pub(crate) fn placeholder(name: &str, used: &mut HashSet<String>) -> String {
    let mut snake = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            snake.push(c.to_ascii_uppercase());
        } else if !snake.ends_with('_') {
            snake.push('_');
        }
    }
    let snake = snake.trim_matches('_');
    let base = if snake.is_empty() {
        "OOMHOOK_SECRET".to_string()
    } else {
        format!("OOMHOOK_SECRET_{snake}")
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::apply::file::{self, Source};
    use crate::apply::plan::{Action, Rotate, plan};

    fn hook(name: &str, preset: &Preset) -> Webhook {
        Webhook {
            id: format!("id-{name}"),
            name: name.into(),
            preset: preset.id.clone(),
            vendor: preset.vendor.clone(),
            secret_type: preset.secret_type,
            has_secret: true,
            event: preset.event,
            body: preset.body.clone(),
            sync_keys: preset.sync_keys.clone(),
            enabled: true,
            url: "http://x/hooks/1".into(),
            version: 1,
            created_at: "2025-01-01T00:00:00Z".into(),
            updated_at: "2025-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn placeholders_are_upper_snake_and_unique() {
        let mut used = HashSet::new();
        assert_eq!(
            placeholder("okta-deactivations", &mut used),
            "OOMHOOK_SECRET_OKTA_DEACTIVATIONS"
        );
        assert_eq!(
            placeholder("Okta  Deactivations!", &mut used),
            "OOMHOOK_SECRET_OKTA_DEACTIVATIONS_2"
        );
        assert_eq!(placeholder("été", &mut used), "OOMHOOK_SECRET_T");
        assert_eq!(placeholder("--", &mut used), "OOMHOOK_SECRET");
    }

    #[test]
    fn defaults_are_left_out_and_the_export_applies_as_a_no_op() {
        let reg = Registry::new(None);
        let okta = reg.get("okta-user-deactivated").unwrap();
        let mut changed = hook("Changed Hook", &okta);
        changed.body =
            "{\n  \"username\": {{ data.id | tojson }},\n\n  \"note\": \"  spaced  \"\n}".into();
        changed.sync_keys = vec!["email".into()];
        changed.enabled = false;
        changed.event = OomnitzaEvent::ArchiveUser;
        let mut leading = hook("leading", &okta);
        leading.body = "  {\"a\": 1}\n\n\n".into();
        let hooks = vec![hook("plain", &okta), changed, leading];
        let (doc, warnings) = document(&hooks, &reg);
        assert!(warnings.is_empty());
        let yaml = to_yaml(&doc).unwrap();
        assert!(
            yaml.starts_with("# oomhook apply file: 3 webhooks exported"),
            "{yaml}"
        );
        assert!(yaml.contains("- name: plain\n  preset: okta-user-deactivated\n  secret_env: OOMHOOK_SECRET_PLAIN\n"), "{yaml}");
        assert!(!yaml.contains("secret_type"), "{yaml}");

        let desired = file::load(
            &Source {
                name: "x.yaml",
                text: &yaml,
                base_dir: Path::new("."),
            },
            &reg,
        )
        .unwrap();
        let p = plan(&desired, &hooks, true, &Rotate::None);
        assert!(
            p.entries.iter().all(|e| e.action == Action::Unchanged),
            "{p:#?}\n{yaml}"
        );
    }
}
