//! The apply file: parsing it, checking every webhook in it (all problems at once, each with
//! `FILE:LINE`), and filling omitted fields from the webhook's preset.
//!
//! ```yaml
//! webhooks:
//!   - name: okta-deactivations        # required, unique (case-insensitively) in the file
//!     preset: okta-user-deactivated   # required
//!     secret_type: header             # the preset's when omitted
//!     event: update_user              # the preset's when omitted
//!     body: |                         # the preset's when omitted
//!       ...
//!     sync_keys: [username, email]    # the preset's when omitted
//!     enabled: true                   # true when omitted
//!     secret_env: OKTA_HOOK_SECRET    # the secret: an environment variable ...
//!     # secret_file: ./secrets/okta   # ... or a file (its first line), relative to this file
//! ```
//!
//! Nothing here talks to a server: the result is plain data that [`super::plan`] compares
//! with the server's webhooks.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::position::{ItemSpan, Layout};
use crate::api::model::name_key;
use crate::domain::{OomnitzaEvent, SecretType};
use crate::error::CliError;
use crate::preset::{Preset, Registry, check_sync_keys, closest, event_name};
use crate::secrets::{self, Secret};

/// The fields of a webhook in the file, in their documented order.
pub(crate) const FIELDS: [&str; 9] = [
    "name",
    "preset",
    "secret_type",
    "event",
    "body",
    "sync_keys",
    "enabled",
    "secret_env",
    "secret_file",
];

pub(crate) use crate::domain::EVENTS;

/// Where a webhook's secret comes from. The file never holds the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SecretRef {
    /// No source given: fine while the secret need not be sent.
    None,
    /// An environment variable.
    Env(String),
    /// A file (its first line), already resolved against the apply file's folder.
    File(PathBuf),
}

/// One webhook as the file wants it, omitted fields filled from its preset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Desired {
    pub name: String,
    pub preset: String,
    pub secret_type: SecretType,
    pub event: OomnitzaEvent,
    pub body: String,
    pub sync_keys: Vec<String>,
    pub enabled: bool,
    pub secret: SecretRef,
    /// `FILE:LINE` of the item (its `name:`), for messages.
    pub at: String,
    /// `FILE:LINE` of its `secret_env`/`secret_file` (else of the item).
    pub secret_at: String,
}

/// A problem in the file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// `FILE:LINE` or `FILE:LINE:COLUMN`.
    pub at: String,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// The text of an apply file and where it came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    /// Shown in `FILE:LINE` (the path as given, or `stdin`).
    pub name: &'a str,
    pub text: &'a str,
    /// `secret_file` paths are relative to this folder.
    pub base_dir: &'a Path,
}

/// Parses and checks the file: the webhooks it wants, or every problem found.
pub(crate) fn load(src: &Source, registry: &Registry) -> Result<Vec<Desired>, Vec<Problem>> {
    let mut value: Value = match serde_yaml_ng::from_str(src.text) {
        Ok(v) => v,
        Err(e) => return Err(vec![yaml_problem(src.name, &e)]),
    };
    if let Err(e) = value.apply_merge() {
        return Err(vec![yaml_problem(src.name, &e)]);
    }
    let layout = Layout::of(src.text);
    let mut checker = Checker {
        src,
        layout: &layout,
        registry,
        presets: HashMap::new(),
        problems: Vec::new(),
    };
    let items = checker.top(&value);
    let mut desired = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (k, item) in items.iter().enumerate() {
        if let Some(d) = checker.item(k, item, &mut seen) {
            desired.push(d);
        }
    }
    if checker.problems.is_empty() {
        Ok(desired)
    } else {
        Err(checker.problems)
    }
}

/// Reads a secret from where the file says, or says why it cannot (never with the value).
pub(crate) fn read_secret(secret: &SecretRef) -> Result<Secret, String> {
    let secret = match secret {
        SecretRef::None => return Err("no secret: give secret_env or secret_file".to_string()),
        SecretRef::Env(var) => match std::env::var(var) {
            Ok(v) if !v.is_empty() => Secret::new(v),
            Ok(_) => return Err(format!("environment variable {var} (secret_env) is empty")),
            Err(std::env::VarError::NotPresent) => {
                return Err(format!(
                    "environment variable {var} (secret_env) is not set"
                ));
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(format!(
                    "environment variable {var} (secret_env) is not valid UTF-8"
                ));
            }
        },
        SecretRef::File(path) => {
            secrets::read_file(path, "secret").map_err(|e| format!("secret_file: {e:#}"))?
        }
    };
    crate::domain::check_secret(secret.expose())?;
    Ok(secret)
}

/// A YAML syntax (or structure) error as `FILE:LINE:COLUMN: message`.
fn yaml_problem(name: &str, e: &serde_yaml_ng::Error) -> Problem {
    let text = e.to_string();
    match e.location() {
        Some(loc) => {
            let suffix = format!(" at line {} column {}", loc.line(), loc.column());
            let message = text.replacen(&suffix, "", 1);
            Problem {
                at: format!("{name}:{}:{}", loc.line(), loc.column()),
                message,
                hint: None,
            }
        }
        None => Problem {
            at: name.to_string(),
            message: text,
            hint: None,
        },
    }
}

struct Checker<'a> {
    src: &'a Source<'a>,
    layout: &'a Layout,
    registry: &'a Registry,
    /// Presets looked up so far (by id), or why they could not be.
    presets: HashMap<String, Result<Preset, (String, Option<String>)>>,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, line: usize, message: impl Into<String>, hint: Option<String>) {
        self.problems.push(Problem {
            at: format!("{}:{line}", self.src.name),
            message: message.into(),
            hint,
        });
    }

    /// The top level: a mapping with one key, `webhooks`, holding a list.
    fn top(&mut self, value: &Value) -> Vec<Value> {
        let hint = Some("the file holds a top-level `webhooks:` list of webhooks".to_string());
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => {
                self.problem(1, "the file is empty", hint);
                return Vec::new();
            }
            other => {
                self.problem(
                    1,
                    format!("the file holds {}, not a mapping", kind(other)),
                    hint,
                );
                return Vec::new();
            }
        };
        for key in map.keys() {
            let k = key_text(key);
            // `x-...` keys are a place for YAML anchors that items merge (`<<: *defaults`).
            if k != "webhooks" && !k.starts_with("x-") {
                let line = self.layout.top_key_line(&k).unwrap_or(1);
                self.problem(
                    line,
                    format!("unknown top-level field `{k}` (expected: webhooks)"),
                    Some(
                        "top-level keys starting with `x-` are ignored: a place for YAML anchors"
                            .into(),
                    ),
                );
            }
        }
        match map.get("webhooks") {
            None => {
                self.problem(1, "no `webhooks:` list", hint);
                Vec::new()
            }
            Some(Value::Null) => Vec::new(),
            Some(Value::Sequence(items)) => items.clone(),
            Some(other) => {
                let line = self.layout.webhooks_line.unwrap_or(1);
                self.problem(
                    line,
                    format!("`webhooks` holds {}, not a list", kind(other)),
                    hint,
                );
                Vec::new()
            }
        }
    }

    /// One webhook of the list; `None` when it has problems (they are recorded).
    fn item(
        &mut self,
        k: usize,
        item: &Value,
        seen: &mut HashMap<String, usize>,
    ) -> Option<Desired> {
        let before = self.problems.len();
        let name_hint = item.get("name").and_then(scalar_text);
        let span = self.layout.item(k, name_hint.as_deref());
        let item_line = span.line_of("name").unwrap_or(span.first_line);
        let Value::Mapping(map) = item else {
            self.problem(
                item_line,
                format!(
                    "webhook {} is {}, not a mapping of fields",
                    k + 1,
                    kind(item)
                ),
                None,
            );
            return None;
        };
        let at = |field: &str| span.line_of(field).unwrap_or(item_line);
        self.check_keys(map, &span, item_line);

        // name
        let name = match map.get("name") {
            None => {
                self.problem(item_line, format!("webhook {} has no `name`", k + 1), None);
                None
            }
            Some(v) => match scalar_text(v) {
                Some(n) => match crate::domain::check_name(&n) {
                    Ok(()) => Some(n),
                    Err(why) => {
                        self.problem(at("name"), format!("name {n:?}: {why}"), None);
                        None
                    }
                },
                None => {
                    self.problem(
                        at("name"),
                        format!("`name` is {}, not a string", kind(v)),
                        None,
                    );
                    None
                }
            },
        };
        if let Some(n) = &name {
            let key = name_key(n);
            if let Some(first) = seen.get(&key) {
                self.problem(
                    at("name"),
                    format!("duplicate name {n:?} (first at line {first}; names are compared case-insensitively)"),
                    None,
                );
            } else {
                seen.insert(key, at("name"));
            }
        }
        let label = name.as_deref().map_or_else(
            || format!("webhook {}", k + 1),
            |n| format!("webhook {n:?}"),
        );

        // preset
        let preset = match map.get("preset") {
            None => {
                self.problem(
                    item_line,
                    format!("{label} has no `preset`"),
                    Some("`oomhook presets list` lists them".into()),
                );
                None
            }
            Some(Value::String(id)) => match self.preset(id) {
                Ok(p) => Some(p),
                Err((message, hint)) => {
                    self.problem(at("preset"), format!("{label}: {message}"), hint);
                    None
                }
            },
            Some(v) => {
                self.problem(
                    at("preset"),
                    format!("{label}: `preset` is {}, not a string", kind(v)),
                    None,
                );
                None
            }
        };

        // secret_type
        let secret_type = map.get("secret_type").and_then(|v| {
            match v.as_str().and_then(crate::domain::parse_secret_type) {
                Some(t) => Some(t),
                None => {
                    self.problem(
                        at("secret_type"),
                        format!("{label}: invalid secret_type {} (header or hmac)", show(v)),
                        None,
                    );
                    None
                }
            }
        });
        if let (Some(p), Some(t)) = (&preset, secret_type)
            && let Err(e) = p.require_scheme(t)
        {
            self.problem(at("secret_type"), format!("{label}: {e}"), None);
        }

        // event
        let event = map
            .get("event")
            .and_then(|v| match v.as_str().and_then(parse_event) {
                Some(e) => Some(e),
                None => {
                    let names: Vec<&str> = EVENTS.iter().map(|e| event_name(*e)).collect();
                    self.problem(
                        at("event"),
                        format!(
                            "{label}: invalid event {} (one of: {})",
                            show(v),
                            names.join(", ")
                        ),
                        None,
                    );
                    None
                }
            });

        // body
        let body = map.get("body").and_then(|v| match v {
            Value::String(s) if !s.trim().is_empty() => {
                if let Err((line, message)) = compile(s) {
                    let key_line = at("body");
                    let file_line = if span.is_block_scalar("body") && line > 0 {
                        key_line + line
                    } else {
                        key_line
                    };
                    self.problem(
                        file_line,
                        format!("{label}: the body does not compile: {message}"),
                        None,
                    );
                    None
                } else {
                    Some(s.clone())
                }
            }
            Value::String(_) => {
                self.problem(
                    at("body"),
                    format!("{label}: `body` is empty (omit it for the preset's body)"),
                    None,
                );
                None
            }
            other => {
                self.problem(
                    at("body"),
                    format!("{label}: `body` is {}, not a string", kind(other)),
                    None,
                );
                None
            }
        });

        // sync_keys
        let sync_keys = map.get("sync_keys").and_then(|v| {
            let keys: Option<Vec<String>> = match v {
                Value::Sequence(s) => s.iter().map(|k| k.as_str().map(str::to_string)).collect(),
                _ => None,
            };
            match keys {
                Some(keys) => match check_sync_keys(&keys) {
                    Ok(()) => Some(keys),
                    Err(e) => {
                        self.problem(at("sync_keys"), format!("{label}: {e}"), None);
                        None
                    }
                },
                None => {
                    self.problem(
                        at("sync_keys"),
                        format!("{label}: `sync_keys` must be a list of field names, e.g. [username, email]"),
                        None,
                    );
                    None
                }
            }
        });

        // enabled
        let enabled = match map.get("enabled") {
            None => true,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.problem(
                    at("enabled"),
                    format!("{label}: `enabled` is {}, not true or false", kind(v)),
                    None,
                );
                true
            }
        };

        // secret_env / secret_file
        let mut secret = SecretRef::None;
        for field in ["secret_env", "secret_file"] {
            let Some(v) = map.get(field) else { continue };
            let Some(s) = v.as_str().filter(|s| !s.trim().is_empty()) else {
                let what = if field == "secret_env" {
                    "an environment variable name"
                } else {
                    "a file path"
                };
                self.problem(
                    at(field),
                    format!("{label}: `{field}` must be {what}"),
                    None,
                );
                continue;
            };
            if secret != SecretRef::None {
                self.problem(
                    at(field),
                    format!("{label}: give either secret_env or secret_file, not both"),
                    None,
                );
                continue;
            }
            secret = if field == "secret_env" {
                SecretRef::Env(s.to_string())
            } else {
                SecretRef::File(self.src.base_dir.join(s))
            };
        }
        let secret_line = span
            .line_of("secret_env")
            .or_else(|| span.line_of("secret_file"))
            .unwrap_or(item_line);

        if let (Some(p), Some(e)) = (&preset, event)
            && let Err(why) = crate::domain::check_event_fits(p.event, e)
        {
            self.problem(at("event"), format!("event: {why}"), None);
        }
        if self.problems.len() > before {
            return None;
        }
        let (name, preset) = (name?, preset?);
        Some(Desired {
            name,
            secret_type: secret_type.unwrap_or(preset.secret_type),
            event: event.unwrap_or(preset.event),
            body: body.unwrap_or_else(|| preset.body.clone()),
            sync_keys: sync_keys.unwrap_or_else(|| preset.sync_keys.clone()),
            preset: preset.id,
            enabled,
            secret,
            at: format!("{}:{item_line}", self.src.name),
            secret_at: format!("{}:{secret_line}", self.src.name),
        })
    }

    /// Every key of an item is a known field; inline secrets get their own message.
    fn check_keys(&mut self, map: &Mapping, span: &ItemSpan, item_line: usize) {
        for key in map.keys() {
            let k = key_text(key);
            if FIELDS.contains(&k.as_str()) {
                continue;
            }
            let line = span.line_of(&k).unwrap_or(item_line);
            let (message, hint) = match k.as_str() {
                "secret" => (
                    "inline secrets are not allowed".to_string(),
                    Some("name where the secret is: `secret_env: VAR` or `secret_file: PATH`".to_string()),
                ),
                "secret_version" | "rotate_secret" | "rotate_secrets" => (
                    format!("unknown field `{k}`"),
                    Some("to send the secrets of existing webhooks again, run apply with --rotate-secrets".to_string()),
                ),
                _ => {
                    let fields = FIELDS.map(String::from);
                    let hint = closest(&k, &fields).map(|f| format!("did you mean `{f}`?"));
                    (format!("unknown field `{k}` (expected one of: {})", FIELDS.join(", ")), hint)
                }
            };
            self.problem(line, message, hint);
        }
    }

    fn preset(&mut self, id: &str) -> Result<Preset, (String, Option<String>)> {
        let registry = self.registry;
        self.presets
            .entry(id.to_string())
            .or_insert_with(|| {
                registry.get(id).map_err(|e| {
                    let hint = e.downcast_ref::<CliError>().and_then(|c| c.hint.clone());
                    (format!("{e:#}"), hint)
                })
            })
            .clone()
    }
}

/// Compiles a body; on failure the template line (1-based, 0 unknown) and a message.
fn compile(body: &str) -> Result<(), (usize, String)> {
    let mut env = crate::template::environment(crate::template::Undefined::Lenient);
    env.add_template_owned("body", body.to_string())
        .map_err(|e| {
            let line = e.line().unwrap_or(0);
            let err = crate::template::TemplateError::from_minijinja(&e, "body", body);
            (line, err.headline())
        })
}

pub(crate) use crate::domain::parse_event;

/// A scalar as text (names may be numbers in YAML).
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn key_text(key: &Value) -> String {
    scalar_text(key).unwrap_or_else(|| show(key))
}

/// A value for a message, on one line.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => serde_yaml_ng::to_string(other)
            .map(|s| s.trim().replace('\n', " "))
            .unwrap_or_default(),
    }
}

/// What kind of YAML value this is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<Vec<Desired>, Vec<Problem>> {
        load(
            &Source {
                name: "hooks.yaml",
                text,
                base_dir: Path::new("/tmp"),
            },
            &Registry::new(None),
        )
    }

    fn problems(text: &str) -> Vec<String> {
        load_str(text)
            .expect_err("problems expected")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn omitted_fields_take_the_presets_defaults() {
        let d = load_str(
            "webhooks:\n  - name: a\n    preset: okta-user-deactivated\n    secret_env: X\n",
        )
        .unwrap();
        let p = Registry::new(None).get("okta-user-deactivated").unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].body, p.body);
        assert_eq!(d[0].sync_keys, p.sync_keys);
        assert_eq!(d[0].event, p.event);
        assert_eq!(d[0].secret_type, p.secret_type);
        assert!(d[0].enabled);
        assert_eq!(d[0].secret, SecretRef::Env("X".into()));
        assert_eq!(d[0].at, "hooks.yaml:2");
        assert_eq!(d[0].secret_at, "hooks.yaml:4");
    }

    #[test]
    fn every_problem_is_listed_with_its_line() {
        let text = "\
webhooks:
  - name: a
    preset: okta-user-deactivated
    colour: blue
  - name: A
    preset: okta-user-deactivatd
  - preset: okta-user-deactivated
    name: c
    event: delete_user
    sync_keys: [username, username]
  - name: d
    preset: okta-user-deactivated
    body: |
      {
        \"a\": {{ x }
      }
  - name: e
    preset: okta-user-deactivated
    secret: hunter2hunter2
    secret_env: E
    secret_file: e.txt
";
        let p = problems(text);
        assert!(
            p[0].starts_with("hooks.yaml:4: unknown field `colour`"),
            "{p:?}"
        );
        assert!(
            p[1].starts_with("hooks.yaml:5: duplicate name \"A\" (first at line 2"),
            "{p:?}"
        );
        assert!(
            p[2].starts_with(
                "hooks.yaml:6: webhook \"A\": unknown preset \"okta-user-deactivatd\""
            ),
            "{p:?}"
        );
        assert!(
            p[3].starts_with("hooks.yaml:9: webhook \"c\": invalid event \"delete_user\""),
            "{p:?}"
        );
        assert!(
            p[4].starts_with("hooks.yaml:10: webhook \"c\": sync key \"username\" is given twice"),
            "{p:?}"
        );
        assert!(
            p[5].starts_with("hooks.yaml:15: webhook \"d\": the body does not compile"),
            "{p:?}"
        );
        assert_eq!(p[6], "hooks.yaml:19: inline secrets are not allowed");
        assert!(
            p[7].starts_with("hooks.yaml:21: webhook \"e\": give either secret_env or secret_file"),
            "{p:?}"
        );
        assert_eq!(p.len(), 8, "{p:?}");
        assert!(!p.iter().any(|m| m.contains("hunter2")));
    }

    #[test]
    fn yaml_syntax_errors_have_line_and_column() {
        let p = problems("webhooks:\n  - name: a\n   preset: x\n");
        assert_eq!(p.len(), 1);
        assert!(
            p[0].starts_with("hooks.yaml:3:4: did not find expected '-' indicator, while"),
            "{p:?}"
        );
    }

    #[test]
    fn top_level_shape() {
        assert_eq!(problems("")[0], "hooks.yaml:1: the file is empty");
        assert!(
            problems("hooks: []\n")[0].starts_with("hooks.yaml:1: unknown top-level field `hooks`")
        );
        assert!(problems("webhooks: 3\n")[0].contains("`webhooks` holds a number"));
        assert!(load_str("webhooks:\n").unwrap().is_empty());
        assert!(load_str("webhooks: []\n").unwrap().is_empty());
    }

    #[test]
    fn secret_type_must_be_one_the_preset_has() {
        let p = problems(
            "webhooks:\n- name: a\n  preset: okta-user-deactivated\n  secret_type: hmac\n",
        );
        assert!(
            p[0].starts_with(
                "hooks.yaml:4: webhook \"a\": preset okta-user-deactivated does not support a hmac"
            ),
            "{p:?}"
        );
        let p = problems(
            "webhooks:\n- name: a\n  preset: okta-user-deactivated\n  secret_type: basic\n",
        );
        assert!(
            p[0].starts_with("hooks.yaml:4: webhook \"a\": invalid secret_type \"basic\""),
            "{p:?}"
        );
    }

    #[test]
    fn misspelt_fields_get_a_suggestion() {
        let e = load_str("webhooks:\n  -\n    name: a\n    preset: okta-user-deactivated\n    sync_key: [email]\n").unwrap_err();
        assert_eq!(e[0].at, "hooks.yaml:5");
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `sync_keys`?"));
    }

    #[test]
    fn flow_style_items_are_found_by_name() {
        let e = load_str(
            "webhooks: [{name: a, preset: okta-user-deactivated},\n  {name: bee, preset: nope}]\n",
        )
        .unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].at, "hooks.yaml:2");
    }

    #[test]
    fn secret_files_are_relative_to_the_apply_file() {
        let d = load_str(
            "webhooks:\n  - name: a\n    preset: okta-user-deactivated\n    secret_file: s/a.txt\n",
        )
        .unwrap();
        assert_eq!(d[0].secret, SecretRef::File(PathBuf::from("/tmp/s/a.txt")));
    }

    #[test]
    fn merge_keys_share_settings() {
        let text = "\
defaults: &d
  preset: okta-user-deactivated
webhooks:
  - <<: *d
    name: a
";
        assert!(problems(text)[0].contains("unknown top-level field `defaults`"));
        let text = "\
x-defaults: &d
  preset: okta-user-deactivated
  enabled: false
webhooks:
  - <<: *d
    name: a
";
        assert!(!load_str(text).unwrap()[0].enabled);
        let text = "\
webhooks:
  - &d
    name: a
    preset: okta-user-deactivated
    enabled: false
  - <<: *d
    name: b
";
        let d = load_str(text).unwrap();
        assert_eq!(d[1].name, "b");
        assert!(!d[1].enabled);
    }

    #[test]
    fn secrets_are_read_and_checked() {
        assert!(
            read_secret(&SecretRef::Env("OOMHOOK_TEST_SURELY_UNSET_VAR".into()))
                .unwrap_err()
                .contains("is not set")
        );
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("s");
        std::fs::write(&f, "short\n").unwrap();
        let e = read_secret(&SecretRef::File(f.clone())).unwrap_err();
        assert_eq!(e, "the secret has 5 characters: give 8 to 512");
        std::fs::write(&f, "long-enough-secret\nsecond line\n").unwrap();
        assert_eq!(
            read_secret(&SecretRef::File(f)).unwrap().expose(),
            "long-enough-secret"
        );
    }
}
