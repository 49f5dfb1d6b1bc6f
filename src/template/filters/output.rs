//! Filters that print or convert a value: `tojson`, `string`, `join`, `default`, `pprint`, `as_is`.

use super::*;

/// The largest `tojson` indent: JSON is indented for people to read, and the indent is
/// repeated at every level.
pub(super) const MAX_JSON_INDENT: usize = 100;

/// Jinja2's `tojson`: `json.dumps(value, sort_keys=True)` with HTML-safe escapes. As in Python,
/// `indent` is a number of spaces or the text of one level.
pub(super) fn tojson(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [indent] = bind(&args, ["indent"])?;
    let indent = match indent {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => {
            let (width, text) = match (Num::of(&v), v.as_str()) {
                (Some(Num::Int(i)), _) => (usize::try_from(i).unwrap_or(0), None),
                (_, Some(text)) => (text.chars().count(), Some(text.to_string())),
                _ => return Err(invalid("indent must be a number or a string")),
            };
            if width > MAX_JSON_INDENT {
                return Err(invalid(format!(
                    "tojson: an indent of {width} is over the limit of {MAX_JSON_INDENT}"
                )));
            }
            Some(text.unwrap_or_else(|| " ".repeat(width)))
        }
    };
    if value.is_undefined() {
        // Lenient mode prints an undefined value empty, but JSON has no empty value: Jinja2
        // refuses it too ("not JSON serializable"). Saying so, and what to write instead.
        return Err(if lenient(state) {
            Error::new(
                ErrorKind::UndefinedError,
                "JSON has no undefined value, so `tojson` refuses it even in lenient mode (as \
                 Jinja2 does); give a default first, e.g. `| default(none) | tojson`",
            )
        } else {
            Error::from(ErrorKind::UndefinedError)
        });
    }
    let mut out = String::new();
    pyrepr::write_json(&mut out, value, indent.as_deref(), true, 0)
        .map_err(|e| invalid(format!("tojson: {e}")))?;
    Ok(Value::from_safe_string(out))
}

/// Oomnitza's `as_is`: keep a value as a string (what Python's `str()` gives).
pub(super) fn as_is(value: &Value) -> Result<Value, Error> {
    Ok(Value::from(pyrepr::str_of(value)?))
}

/// Jinja2's `string`: Python's `str()` (a safe string stays safe).
pub(super) fn string(state: &State, value: &Value) -> Result<Value, Error> {
    if value.kind() == ValueKind::String {
        return Ok(value.clone());
    }
    Ok(Value::from(soft_str(state, value)?.into_owned()))
}

/// Jinja2's `safe`: `Markup(value)`, the value's `str()` marked safe.
pub(super) fn safe(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from_safe_string(
        soft_str(state, value)?.into_owned(),
    ))
}

/// Jinja2's `join(d='', attribute=None)`: `str()` of each item (or of an attribute of each).
pub(super) fn join(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [d, attribute] = bind(&args, ["d", "attribute"])?;
    let sep = d
        .map(|d| pyrepr::str_of(&d))
        .transpose()?
        .unwrap_or_default();
    if value.is_none() {
        return Err(invalid("'NoneType' object is not iterable"));
    }
    let parts = attribute.as_ref().map(attr_parts);
    let mut out = String::new();
    for (i, item) in iterate(state, value)?.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        let item = match &parts {
            Some(p) => get_path(item, p)?,
            None => item.clone(),
        };
        pyrepr::write_str(&mut out, &item).map_err(|_| pyrepr::too_deep())?;
        crate::template::python::limits::check(out.len())?;
    }
    Ok(Value::from(out))
}

/// Jinja2's `default(default_value='', boolean=False)`.
pub(super) fn default(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [default_value, boolean] = bind(&args, ["default_value", "boolean"])?;
    if value.is_undefined() || (truthy(&boolean) && !value.is_true()) {
        Ok(default_value.unwrap_or_else(|| Value::from("")))
    } else {
        Ok(value.clone())
    }
}

/// Jinja2's `pprint`: Python's `pprint.pformat`.
pub(super) fn pprint(value: &Value) -> Result<String, Error> {
    pyrepr::pformat(value)
}
