//! The plan: what to do to the server's webhooks so they match the file. Pure data in, data
//! out: the file's webhooks (defaults filled), the server's list, and the options.
//!
//! Webhooks are matched by name, case-insensitively. One that the server lacks is created; one
//! whose preset, secret type, event, body, sync keys or enabled flag differ (or whose name
//! differs in case) is updated with only the fields that differ; the rest are unchanged. With
//! `prune`, the server's webhooks the file does not list are deleted.
//!
//! Secrets: the server never returns them, so they cannot be compared. A secret is sent when a
//! webhook is created, and to an existing webhook only when the run asks for it
//! ([`Rotate`]): applying the same file twice changes nothing.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::diff;
use super::file::Desired;
use crate::api::model::{Webhook, WebhookCreate, WebhookPatch, name_key};
use crate::preset::{event_name, secret_type_name};
use crate::secrets::Secret;

/// Which existing webhooks get their secret sent again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Rotate {
    /// None (the default): secrets are sent on create only.
    #[default]
    None,
    /// Every webhook in the file.
    All,
    /// These names (lower-case).
    Names(HashSet<String>),
}

impl Rotate {
    /// From `--rotate-secrets[=NAME,...]`: absent, all, or those names.
    pub(crate) fn from_flag(flag: Option<&[String]>) -> Self {
        match flag {
            None => Self::None,
            Some([]) => Self::All,
            Some(names) => Self::Names(names.iter().map(|n| name_key(n)).collect()),
        }
    }

    fn covers(&self, name: &str) -> bool {
        match self {
            Self::None => false,
            Self::All => true,
            Self::Names(n) => n.contains(&name_key(name)),
        }
    }

    /// Names asked for that the file does not list.
    pub(crate) fn unknown_names<'a>(&'a self, desired: &[Desired]) -> Vec<&'a str> {
        let Self::Names(names) = self else {
            return Vec::new();
        };
        let listed: HashSet<String> = desired.iter().map(|d| name_key(&d.name)).collect();
        let mut v: Vec<&str> = names
            .iter()
            .filter(|n| !listed.contains(*n))
            .map(String::as_str)
            .collect();
        v.sort_unstable();
        v
    }
}

/// What happens to one webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Action {
    Create,
    Update,
    Unchanged,
    Delete,
}

/// One field that differs, as text for people (never a secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Change {
    pub field: &'static str,
    /// The server's value.
    pub from: String,
    /// The file's value.
    pub to: String,
    /// For the body: a unified-style line diff.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diff: Vec<String>,
}

/// One webhook's entry of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Entry {
    pub action: Action,
    pub name: String,
    /// The server's id (not for creates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The server's version the entry was planned against (not for creates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    pub preset: String,
    /// Fields that differ (updates).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Whether the secret is sent (creates, and rotations). Its value is never part of a plan.
    pub sends_secret: bool,
    /// Index of the file's webhook (not for deletes).
    #[serde(skip)]
    pub desired: Option<usize>,
    /// What to send, when something is (secrets are filled in at execution).
    #[serde(skip)]
    pub patch: Option<WebhookPatch>,
}

/// The whole plan: the file's webhooks in file order, then deletions by name.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub(crate) struct Plan {
    pub entries: Vec<Entry>,
}

/// How many of each action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Counts {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    pub unchanged: usize,
}

impl Plan {
    pub(crate) fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for e in &self.entries {
            match e.action {
                Action::Create => c.create += 1,
                Action::Update => c.update += 1,
                Action::Delete => c.delete += 1,
                Action::Unchanged => c.unchanged += 1,
            }
        }
        c
    }

    /// The entries that delete.
    pub(crate) fn deletions(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.action == Action::Delete)
    }
}

/// Compares the file's webhooks with the server's.
pub(crate) fn plan(desired: &[Desired], server: &[Webhook], prune: bool, rotate: &Rotate) -> Plan {
    let by_name: HashMap<String, &Webhook> =
        server.iter().map(|w| (name_key(&w.name), w)).collect();
    let mut entries = Vec::with_capacity(desired.len());
    let mut matched: HashSet<&str> = HashSet::new();
    for (i, d) in desired.iter().enumerate() {
        let Some(w) = by_name.get(&name_key(&d.name)) else {
            entries.push(Entry {
                action: Action::Create,
                name: d.name.clone(),
                id: None,
                version: None,
                preset: d.preset.clone(),
                changes: Vec::new(),
                sends_secret: true,
                desired: Some(i),
                patch: None,
            });
            continue;
        };
        matched.insert(w.id.as_str());
        let (changes, mut patch) = compare(d, w);
        let rotated = rotate.covers(&d.name);
        if rotated {
            // The value is filled in at execution; this marks that the patch carries it.
            patch.secret = Some(Secret::redacted());
        }
        let action = if changes.is_empty() && !rotated {
            Action::Unchanged
        } else {
            Action::Update
        };
        entries.push(Entry {
            action,
            name: d.name.clone(),
            id: Some(w.id.clone()),
            version: Some(w.version),
            preset: d.preset.clone(),
            changes,
            sends_secret: rotated,
            desired: Some(i),
            patch: (action == Action::Update).then_some(patch),
        });
    }
    if prune {
        let mut gone: Vec<&Webhook> = server
            .iter()
            .filter(|w| !matched.contains(w.id.as_str()))
            .collect();
        gone.sort_by(|a, b| {
            name_key(&a.name)
                .cmp(&name_key(&b.name))
                .then(a.name.cmp(&b.name))
        });
        entries.extend(gone.into_iter().map(|w| Entry {
            action: Action::Delete,
            name: w.name.clone(),
            id: Some(w.id.clone()),
            version: Some(w.version),
            preset: w.preset.clone(),
            changes: Vec::new(),
            sends_secret: false,
            desired: None,
            patch: None,
        }));
    }
    Plan { entries }
}

/// The fields that differ, for people and as a patch.
pub(crate) fn compare(d: &Desired, w: &Webhook) -> (Vec<Change>, WebhookPatch) {
    let mut changes = Vec::new();
    let mut patch = WebhookPatch::default();
    let mut scalar = |field: &'static str, from: String, to: String| {
        changes.push(Change {
            field,
            from,
            to,
            diff: Vec::new(),
        });
    };
    if d.name != w.name {
        scalar("name", w.name.clone(), d.name.clone());
        patch.name = Some(d.name.clone());
    }
    if d.preset != w.preset {
        scalar("preset", w.preset.clone(), d.preset.clone());
        patch.preset = Some(d.preset.clone());
    }
    if d.secret_type != w.secret_type {
        scalar(
            "secret_type",
            secret_type_name(w.secret_type).into(),
            secret_type_name(d.secret_type).into(),
        );
        patch.secret_type = Some(d.secret_type);
    }
    if d.event != w.event {
        scalar(
            "event",
            event_name(w.event).into(),
            event_name(d.event).into(),
        );
        patch.event = Some(d.event);
    }
    if d.sync_keys != w.sync_keys {
        scalar("sync_keys", list(&w.sync_keys), list(&d.sync_keys));
        patch.sync_keys = Some(d.sync_keys.clone());
    }
    if d.enabled != w.enabled {
        scalar("enabled", w.enabled.to_string(), d.enabled.to_string());
        patch.enabled = Some(d.enabled);
    }
    if d.body != w.body {
        changes.push(Change {
            field: "body",
            from: w.body.clone(),
            to: d.body.clone(),
            diff: diff::unified(&w.body, &d.body, diff::CONTEXT),
        });
        patch.body = Some(d.body.clone());
    }
    (changes, patch)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `[a, b]`.
fn list(v: &[String]) -> String {
    format!("[{}]", v.join(", "))
}

/// The create request for a file's webhook (every field explicit, so the server's defaults
/// never decide), with its secret.
pub(crate) fn create_request(d: &Desired, secret: Secret) -> WebhookCreate {
    WebhookCreate {
        name: d.name.clone(),
        preset: d.preset.clone(),
        secret_type: Some(d.secret_type),
        secret: Some(secret),
        event: Some(d.event),
        body: Some(d.body.clone()),
        sync_keys: Some(d.sync_keys.clone()),
        enabled: Some(d.enabled),
    }
}

/// The plan as text for people: one line per change, field diffs indented under updates, the
/// unchanged ones listed only when `verbose`.
pub(crate) fn render(plan: &Plan, verbose: bool, color: bool) -> String {
    let paint =
        |s: &str, f: fn(console::StyledObject<&str>) -> console::StyledObject<&str>| -> String {
            if color {
                f(console::style(s)).to_string()
            } else {
                s.to_string()
            }
        };
    let mut out = String::new();
    for e in &plan.entries {
        match e.action {
            Action::Create => {
                out.push_str(&paint("+ create", |s| s.green()));
                out.push_str(&format!(" {} ({})\n", e.name, e.preset));
            }
            Action::Delete => {
                out.push_str(&paint("- delete", |s| s.red()));
                out.push_str(&format!(" {} ({}, not in the file)\n", e.name, e.preset));
            }
            Action::Unchanged => {
                if verbose {
                    out.push_str(&paint("= unchanged", |s| s.dim()));
                    out.push_str(&format!(" {}\n", e.name));
                }
            }
            Action::Update => {
                out.push_str(&paint("~ update", |s| s.yellow()));
                out.push_str(&format!(" {}\n", e.name));
                for c in &e.changes {
                    if c.field == "body" {
                        let (removed, added) = diff::stat(&c.from, &c.to);
                        out.push_str(&format!(
                            "    body: -{removed} +{added} line{}\n",
                            plural(removed.max(added))
                        ));
                    } else {
                        out.push_str(&format!("    {}: {} -> {}\n", c.field, c.from, c.to));
                    }
                    for line in &c.diff {
                        let painted = match line.chars().next() {
                            Some('+') => paint(line, |s| s.green()),
                            Some('-') => paint(line, |s| s.red()),
                            Some('@') => paint(line, |s| s.cyan()),
                            _ => line.clone(),
                        };
                        out.push_str(&format!("      {painted}\n"));
                    }
                }
                if e.sends_secret {
                    out.push_str("    secret: sent again (--rotate-secrets; value not shown)\n");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::file::SecretRef;
    use crate::domain::{OomnitzaEvent, SecretType};

    fn desired(name: &str) -> Desired {
        Desired {
            name: name.into(),
            preset: "okta-user-deactivated".into(),
            secret_type: SecretType::Header,
            event: OomnitzaEvent::UpdateUser,
            body: "{\n  \"a\": 1,\n  \"b\": 2\n}\n".into(),
            sync_keys: vec!["username".into(), "email".into()],
            enabled: true,
            secret: SecretRef::Env("S".into()),
            at: "f:1".into(),
            secret_at: "f:1".into(),
        }
    }

    fn server(d: &Desired, id: &str) -> Webhook {
        Webhook {
            id: id.into(),
            name: d.name.clone(),
            preset: d.preset.clone(),
            vendor: "okta".into(),
            secret_type: d.secret_type,
            has_secret: true,
            event: d.event,
            body: d.body.clone(),
            sync_keys: d.sync_keys.clone(),
            enabled: d.enabled,
            url: format!("http://x/hooks/{id}"),
            version: 3,
            created_at: "2025-01-01T00:00:00Z".into(),
            updated_at: "2025-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn equal_webhooks_are_unchanged_and_missing_ones_created() {
        let (a, b) = (desired("a"), desired("b"));
        let p = plan(&[a.clone(), b], &[server(&a, "1")], false, &Rotate::None);
        assert_eq!(
            p.entries.iter().map(|e| e.action).collect::<Vec<_>>(),
            [Action::Unchanged, Action::Create]
        );
        assert!(p.entries[1].sends_secret && !p.entries[0].sends_secret);
        assert_eq!(
            p.counts(),
            Counts {
                create: 1,
                update: 0,
                delete: 0,
                unchanged: 1
            }
        );
    }

    #[test]
    fn names_match_case_insensitively() {
        let a = desired("Okta-A");
        let mut w = server(&a, "1");
        w.name = "okta-a".into();
        let p = plan(&[a], &[w], true, &Rotate::None);
        assert_eq!(p.entries.len(), 1);
        assert_eq!(p.entries[0].action, Action::Update);
        assert_eq!(p.entries[0].changes[0].field, "name");
        assert_eq!(
            p.entries[0].patch.as_ref().unwrap().name.as_deref(),
            Some("Okta-A")
        );
    }

    #[test]
    fn updates_patch_only_what_differs_and_show_a_body_diff() {
        let a = desired("a");
        let mut w = server(&a, "1");
        w.event = OomnitzaEvent::ArchiveUser;
        w.sync_keys = vec!["email".into()];
        w.body = "{\n  \"a\": 1,\n  \"b\": 3\n}\n".into();
        let p = plan(&[a], &[w], false, &Rotate::None);
        let e = &p.entries[0];
        assert_eq!(e.action, Action::Update);
        assert_eq!(e.version, Some(3));
        let fields: Vec<_> = e.changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["event", "sync_keys", "body"]);
        assert_eq!(e.changes[0].from, "archive_user");
        assert_eq!(e.changes[0].to, "update_user");
        assert_eq!(e.changes[1].from, "[email]");
        assert_eq!(
            e.changes[2].diff,
            [
                "@@ -1,4 +1,4 @@",
                " {",
                "   \"a\": 1,",
                "-  \"b\": 3",
                "+  \"b\": 2",
                " }"
            ]
        );
        let patch = e.patch.as_ref().unwrap();
        assert_eq!(patch.event, Some(OomnitzaEvent::UpdateUser));
        assert!(
            patch.preset.is_none()
                && patch.enabled.is_none()
                && patch.secret.is_none()
                && patch.name.is_none()
        );
        let text = render(&p, false, false);
        assert!(
            text.contains("~ update a\n    event: archive_user -> update_user\n"),
            "{text}"
        );
        assert!(
            text.contains("      -  \"b\": 3\n      +  \"b\": 2\n"),
            "{text}"
        );
    }

    #[test]
    fn prune_deletes_only_what_the_file_does_not_list() {
        let (a, b) = (desired("a"), desired("b"));
        let srv = [
            server(&b, "2"),
            server(&a, "1"),
            server(&desired("z"), "3"),
            server(&desired("c"), "4"),
        ];
        let p = plan(&[a.clone(), b.clone()], &srv, false, &Rotate::None);
        assert!(p.deletions().next().is_none());
        let p = plan(&[a, b], &srv, true, &Rotate::None);
        let gone: Vec<_> = p.deletions().map(|e| e.name.as_str()).collect();
        assert_eq!(gone, ["c", "z"]);
        assert_eq!(p.counts().delete, 2);
    }

    #[test]
    fn rotation_sends_the_secret_as_an_update() {
        let (a, b) = (desired("a"), desired("b"));
        let srv = [server(&a, "1"), server(&b, "2")];
        let rotate = Rotate::from_flag(Some(&["A".to_string()]));
        let p = plan(&[a.clone(), b.clone()], &srv, false, &rotate);
        assert_eq!(p.entries[0].action, Action::Update);
        assert!(p.entries[0].sends_secret && p.entries[0].changes.is_empty());
        assert_eq!(p.entries[1].action, Action::Unchanged);
        let all = plan(&[a.clone(), b], &srv, false, &Rotate::from_flag(Some(&[])));
        assert_eq!(all.counts().update, 2);
        assert_eq!(rotate.unknown_names(&[a]), Vec::<&str>::new());
        let text = render(&p, true, false);
        assert!(
            text.contains("secret: sent again") && text.contains("= unchanged b"),
            "{text}"
        );
    }

    #[test]
    fn plans_serialize_without_secrets() {
        let a = desired("a");
        let p = plan(
            std::slice::from_ref(&a),
            &[server(&a, "1")],
            false,
            &Rotate::All,
        );
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"sends_secret\":true"));
        assert!(
            !json.contains("redacted") && !json.contains("patch"),
            "{json}"
        );
    }
}
