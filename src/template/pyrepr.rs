//! Python's way of writing values, so output matches Jinja2 byte for byte: `str()` of a value
//! as `{{ x }}` prints it, `repr()` inside lists and dicts, and `json.dumps` for `tojson`.

use std::fmt::Write;

use minijinja::value::{Value, ValueKind};

/// The deepest nesting written; deeper is an error, as Python's `RecursionError` (a payload
/// nests at most 128 deep, a template can nest values much deeper than a stack allows).
pub const MAX_DEPTH: usize = 500;

fn too_deep() -> String {
    format!("the value nests more than {MAX_DEPTH} deep")
}

/// `str(value)` as Python prints it at the top level of `{{ }}`.
///
/// # Errors
///
/// When the value nests more than [`MAX_DEPTH`] deep.
pub fn write_str(out: &mut String, v: &Value) -> Result<(), String> {
    match v.kind() {
        ValueKind::String => out.push_str(v.as_str().unwrap_or_default()),
        ValueKind::Undefined => {}
        _ => write_repr(out, v)?,
    }
    Ok(())
}

/// `repr(value)`: strings quoted, containers recursive.
///
/// # Errors
///
/// When the value nests more than [`MAX_DEPTH`] deep.
pub fn write_repr(out: &mut String, v: &Value) -> Result<(), String> {
    write_repr_at(out, v, 0)
}

fn write_repr_at(out: &mut String, v: &Value, level: usize) -> Result<(), String> {
    if level > MAX_DEPTH {
        return Err(too_deep());
    }
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => out.push_str("None"),
        ValueKind::Bool => out.push_str(if v.is_true() { "True" } else { "False" }),
        ValueKind::Number => write_number(out, v),
        ValueKind::String => write_str_repr(out, v.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('[');
            if let Ok(iter) = v.try_iter() {
                for (i, item) in iter.enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_repr_at(out, &item, level + 1)?;
                }
            }
            out.push(']');
        }
        ValueKind::Map => {
            out.push('{');
            if let Ok(iter) = v.try_iter() {
                for (i, key) in iter.enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_repr_at(out, &key, level + 1)?;
                    out.push_str(": ");
                    let item = v.get_item(&key).unwrap_or_default();
                    write_repr_at(out, &item, level + 1)?;
                }
            }
            out.push('}');
        }
        _ => {
            let _ = write!(out, "{v}");
        }
    }
    Ok(())
}

/// Numbers as Python prints them: integers plainly, floats with `repr(float)`.
pub fn write_number(out: &mut String, v: &Value) {
    if v.is_integer() {
        let _ = write!(out, "{v}");
    } else if let Some(f) = v.as_f64_lossless() {
        write_float(out, f);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// Small helper trait: the float inside a number value.
trait AsF64 {
    fn as_f64_lossless(&self) -> Option<f64>;
}

impl AsF64 for Value {
    fn as_f64_lossless(&self) -> Option<f64> {
        f64::try_from(self.clone()).ok()
    }
}

/// `repr(float)`: shortest round-trip digits; exponent form below 1e-4 and from 1e16.
pub fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("nan");
        return;
    }
    if f.is_infinite() {
        out.push_str(if f > 0.0 { "inf" } else { "-inf" });
        return;
    }
    if f == 0.0 {
        out.push_str(if f.is_sign_negative() { "-0.0" } else { "0.0" });
        return;
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let s = format!("{f}");
        out.push_str(&s);
        if !s.contains(['.', 'e', 'i', 'n']) {
            out.push_str(".0");
        }
    } else {
        out.push_str(mantissa);
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
}

/// `repr(str)`: single quotes unless the text has a single quote and no double quote.
pub fn write_str_repr(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let n = c as u32;
                let _ = if n < 0x100 {
                    write!(out, "\\x{n:02x}")
                } else if n < 0x10000 {
                    write!(out, "\\u{n:04x}")
                } else {
                    write!(out, "\\U{n:08x}")
                };
            }
        }
    }
    out.push(quote);
}

/// Python's `str.isprintable` for the characters that matter in practice: controls,
/// separators other than the plain space, and a few format characters are not printable.
fn is_printable(c: char) -> bool {
    let n = c as u32;
    if n < 0x20 || (0x7f..0xa0).contains(&n) {
        return false;
    }
    if c == ' ' {
        return true;
    }
    // Zs/Zl/Zp separators (other than space), and common Cf format characters.
    !matches!(n,
        0xa0 | 0xad | 0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064
        | 0x2066..=0x206f | 0x3000 | 0xfeff | 0xfff9..=0xfffb | 0xd800..=0xdfff)
        && !(0xe000..=0xf8ff).contains(&n)
        && !(0xf0000..).contains(&n)
}

/// `json.dumps(value, sort_keys=True, indent=indent)` with Jinja2's HTML-safe escapes
/// (`<`, `>`, `&`, `'` as `\u00XX`) and `ensure_ascii`.
pub fn write_json(
    out: &mut String,
    v: &Value,
    indent: Option<usize>,
    sort_keys: bool,
    level: usize,
) -> Result<(), String> {
    if level > MAX_DEPTH {
        return Err(too_deep());
    }
    match v.kind() {
        ValueKind::Undefined => return Err("undefined value".into()),
        ValueKind::None => out.push_str("null"),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
        ValueKind::Number => {
            if v.is_integer() {
                let _ = write!(out, "{v}");
            } else {
                let f = v.as_f64_lossless().unwrap_or(f64::NAN);
                if f.is_nan() {
                    out.push_str("NaN");
                } else if f.is_infinite() {
                    out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
                } else {
                    write_float(out, f);
                }
            }
        }
        ValueKind::String => write_json_str(out, v.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            let items: Vec<Value> = v.try_iter().map_err(|e| e.to_string())?.collect();
            if items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    if indent.is_none() {
                        out.push(' ');
                    }
                }
                newline(out, indent, level + 1);
                write_json(out, item, indent, sort_keys, level + 1)?;
            }
            newline(out, indent, level);
            out.push(']');
        }
        ValueKind::Map => {
            let mut keys: Vec<Value> = v.try_iter().map_err(|e| e.to_string())?.collect();
            if keys.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            if sort_keys {
                keys.sort_by(|a, b| key_text(a).cmp(&key_text(b)));
            }
            out.push('{');
            for (i, key) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    if indent.is_none() {
                        out.push(' ');
                    }
                }
                newline(out, indent, level + 1);
                write_json_str(out, &key_text(key));
                out.push_str(": ");
                let item = v.get_item(key).unwrap_or_default();
                write_json(out, &item, indent, sort_keys, level + 1)?;
            }
            newline(out, indent, level);
            out.push('}');
        }
        _ => write_json_str(out, &v.to_string()),
    }
    Ok(())
}

fn key_text(k: &Value) -> String {
    match k.kind() {
        ValueKind::String => k.as_str().unwrap_or_default().to_string(),
        ValueKind::Bool => (if k.is_true() { "true" } else { "false" }).to_string(),
        ValueKind::None => "null".to_string(),
        _ => {
            let mut s = String::new();
            write_number(&mut s, k);
            s
        }
    }
}

fn newline(out: &mut String, indent: Option<usize>, level: usize) {
    if let Some(n) = indent {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', n * level));
    }
}

/// A JSON string with `ensure_ascii` and Jinja2's HTML-safe escapes.
pub fn write_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(f: f64) -> String {
        let mut s = String::new();
        write_float(&mut s, f);
        s
    }

    #[test]
    fn floats_print_as_python_repr() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(0.1), "0.1");
        assert_eq!(float(1e16), "1e+16");
        assert_eq!(float(1e15), "1000000000000000.0");
        assert_eq!(float(1.5e-7), "1.5e-07");
        assert_eq!(float(0.0001), "0.0001");
        assert_eq!(float(-0.0), "-0.0");
        assert_eq!(float(3.14159), "3.14159");
        assert_eq!(float(1e20), "1e+20");
        assert_eq!(float(123456789.125), "123456789.125");
    }

    #[test]
    fn repr_of_strings_picks_quotes_as_python() {
        let r = |s: &str| {
            let mut o = String::new();
            write_str_repr(&mut o, s);
            o
        };
        assert_eq!(r("a"), "'a'");
        assert_eq!(r("it's"), "\"it's\"");
        assert_eq!(r("both ' and \""), "'both \\' and \"'");
        assert_eq!(r("tab\there"), "'tab\\there'");
        assert_eq!(r("é✓"), "'é✓'");
        assert_eq!(r("\u{1}"), "'\\x01'");
    }

    #[test]
    fn json_is_sorted_ascii_and_html_safe() {
        let v = Value::from_serialize(serde_json::json!({"b": "<é>", "a": [1, 2.5, null, true]}));
        let mut s = String::new();
        write_json(&mut s, &v, None, true, 0).unwrap();
        assert_eq!(
            s,
            r#"{"a": [1, 2.5, null, true], "b": "\u003c\u00e9\u003e"}"#
        );
    }
}
