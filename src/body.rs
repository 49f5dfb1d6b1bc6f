//! Payloads in, Oomnitza fields out: reading payload JSON with positions in errors, checking a
//! rendered body, and resolving the sync key. Shared by `preview`, `validate` and `serve`.

use serde_json::{Map, Value};

use crate::error::CliError;

/// The largest payload accepted, as vendors send small ones (and `serve` takes 1 MiB): the
/// largest value a render may build, so that a payload can always be printed whole.
pub const MAX_PAYLOAD: usize = crate::template::MAX_SIZE;

/// Parses a payload; an error names `source:line:column`.
pub fn parse_payload(text: &str, source: &str) -> Result<Value, CliError> {
    check_size(text, source)?;
    serde_json::from_str(text).map_err(|e| json_error(&e, text, source))
}

/// Refuses a payload over [`MAX_PAYLOAD`], or empty.
fn check_size(text: &str, source: &str) -> Result<(), CliError> {
    if text.len() > MAX_PAYLOAD {
        return Err(CliError::failed(format!(
            "{source}: the payload is {:.1} MiB, over the {} MiB limit",
            text.len() as f64 / 1048576.0,
            MAX_PAYLOAD / 1048576
        )));
    }
    if text.trim().is_empty() {
        return Err(CliError::failed(format!(
            "{source}: the payload is empty (expected a JSON value)"
        )));
    }
    Ok(())
}

/// Reads a payload as template values ([`crate::template::json::parse`]), with the same
/// checks and errors as [`parse_payload`].
pub fn parse_payload_value(text: &str, source: &str) -> Result<minijinja::Value, CliError> {
    check_size(text, source)?;
    crate::template::json::parse(text).map_err(|e| json_error(&e, text, source))
}

/// `source:line:column: cause` for a JSON error. serde_json reports an error found at a line
/// break as column 0 of the next line; that is shown as the end of the line it ends.
pub fn json_error(e: &serde_json::Error, text: &str, source: &str) -> CliError {
    let msg = e.to_string();
    let cause = msg.split(" at line ").next().unwrap_or(&msg);
    let (mut line, mut col) = (e.line(), e.column());
    if col == 0 && line > 1 {
        line -= 1;
        col = text.lines().nth(line - 1).map_or(0, |l| l.chars().count()) + 1;
    }
    CliError::failed(format!("{source}:{line}:{col}: not valid JSON: {cause}"))
}

/// A rendered body, checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Checked {
    /// The fields, when the body is a JSON object.
    pub fields: Option<Map<String, Value>>,
    /// The sync key that resolved and its value.
    pub sync_key: Option<String>,
    pub sync_value: Option<String>,
    /// Problems a person should know about.
    pub warnings: Vec<String>,
    /// Why the body is unusable, if it is.
    pub error: Option<String>,
}

/// Parses the rendered text as a JSON object and resolves the first non-empty sync key.
pub fn check(rendered: &str, sync_keys: &[String]) -> Checked {
    let mut out = Checked {
        fields: None,
        sync_key: None,
        sync_value: None,
        warnings: Vec::new(),
        error: None,
    };
    let fields = match serde_json::from_str::<Value>(rendered) {
        Ok(Value::Object(m)) => m,
        Ok(other) => {
            out.error = Some(format!(
                "the body rendered to a JSON {}, not an object of Oomnitza fields",
                kind(&other)
            ));
            return out;
        }
        Err(e) => {
            out.error = Some(format!(
                "the body did not render to JSON (rendered line {}, column {}: {})",
                e.line(),
                e.column(),
                e.to_string().split(" at line ").next().unwrap_or_default()
            ));
            return out;
        }
    };
    for key in fields.keys() {
        if key.is_empty() || key.chars().any(|c| !(c.is_alphanumeric() || c == '_')) {
            out.warnings.push(format!(
                "field {key:?} has characters Oomnitza rewrites (keep to letters, digits and _)"
            ));
        }
    }
    match resolve_sync_key(&fields, sync_keys) {
        Some((k, v)) => {
            for skipped in sync_keys.iter().take_while(|s| **s != k) {
                out.warnings.push(format!("sync key {skipped:?} is empty; fell back to {k:?}"));
            }
            out.sync_key = Some(k);
            out.sync_value = Some(v);
        }
        None => out.warnings.push(format!(
            "no sync key resolved: {} empty or missing in the body (Oomnitza would skip this event)",
            sync_keys.join(", ")
        )),
    }
    out.fields = Some(fields);
    out
}

/// The first sync key whose value is non-empty, and that value as text.
pub fn resolve_sync_key(fields: &Map<String, Value>, keys: &[String]) -> Option<(String, String)> {
    keys.iter().find_map(|k| {
        let text = match fields.get(k)? {
            Value::Null => return None,
            Value::String(s) => s.trim().to_string(),
            Value::Array(a) if a.is_empty() => return None,
            Value::Object(o) if o.is_empty() => return None,
            other => other.to_string(),
        };
        (!text.is_empty()).then(|| (k.clone(), text))
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_non_empty_sync_key_wins() {
        let keys = vec!["email".to_string(), "username".to_string()];
        let c = check(r#"{"email": "  ", "username": "luca"}"#, &keys);
        assert_eq!(c.sync_key.as_deref(), Some("username"));
        assert_eq!(c.sync_value.as_deref(), Some("luca"));
        assert_eq!(c.warnings.len(), 1);
    }

    #[test]
    fn a_body_that_is_not_an_object_is_an_error() {
        assert!(check("[1]", &[]).error.unwrap().contains("array"));
        assert!(check("{", &[]).error.is_some());
    }

    #[test]
    fn payload_errors_have_line_and_column() {
        let e = parse_payload("{\n  \"a\": ,\n}", "p.json").unwrap_err();
        assert!(e.message.starts_with("p.json:2:8:"), "{}", e.message);
        assert!(
            parse_payload("  \n", "p.json")
                .unwrap_err()
                .message
                .contains("empty")
        );
    }
}
