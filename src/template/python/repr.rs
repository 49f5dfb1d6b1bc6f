//! Python's way of writing values, so output matches Jinja2 byte for byte: `str()` of a value
//! as `{{ x }}` prints it, `repr()` inside lists and dicts, and `json.dumps` for `tojson`.
//! The writers take any `fmt::Write`, so the formatter writes straight into the output.

use std::fmt::{self, Write};

use minijinja::value::{Value, ValueKind};

use super::objects::{DictView, GroupTuple, Range, Tuple, ViewKind};
use super::pyops;

/// The deepest nesting written; deeper is an error, as Python's `RecursionError` (a payload
/// nests at most 128 deep, but a template can build values nested deeper than a stack allows).
pub(crate) const MAX_DEPTH: usize = 500;

/// The error for a value nested past [`MAX_DEPTH`].
pub(crate) fn too_deep() -> minijinja::Error {
    minijinja::Error::new(
        minijinja::ErrorKind::InvalidOperation,
        format!("the value nests more than {MAX_DEPTH} deep"),
    )
}

thread_local! {
    /// How deep `write_repr` is in the value it writes.
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of `write_repr`: refused past [`MAX_DEPTH`], released on drop.
struct DepthGuard;

impl DepthGuard {
    fn enter() -> Result<Self, fmt::Error> {
        DEPTH.with(|d| {
            if d.get() >= MAX_DEPTH {
                return Err(fmt::Error);
            }
            d.set(d.get() + 1);
            Ok(DepthGuard)
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Whether a value nests more than `limit` containers deep.
pub(crate) fn nests_deeper(v: &Value, limit: usize) -> bool {
    match v.kind() {
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Map if limit == 0 => true,
        ValueKind::Seq | ValueKind::Iterable => {
            v.downcast_object_ref::<Range>().is_none()
                && v.try_iter()
                    .is_ok_and(|mut it| it.any(|x| nests_deeper(&x, limit - 1)))
        }
        ValueKind::Map => v
            .as_object()
            .and_then(|o| o.try_iter_pairs())
            .is_some_and(|mut it| {
                it.any(|(k, x)| nests_deeper(&k, limit - 1) || nests_deeper(&x, limit - 1))
            }),
        _ => false,
    }
}

/// `str(value)` as Python prints it at the top level of `{{ }}`. Writing to a `String` fails
/// only for a value nested past [`MAX_DEPTH`].
pub(crate) fn write_str<W: Write + ?Sized>(out: &mut W, v: &Value) -> fmt::Result {
    match v.kind() {
        ValueKind::String => out.write_str(v.as_str().unwrap_or_default()),
        ValueKind::Undefined => Ok(()),
        _ => write_repr(out, v),
    }
}

/// `str(value)` as a new string.
///
/// # Errors
///
/// When the value nests more than [`MAX_DEPTH`] deep.
pub(crate) fn str_of(v: &Value) -> Result<String, minijinja::Error> {
    if let Some(s) = v.as_str() {
        return Ok(s.to_string());
    }
    let mut s = String::new();
    write_str(&mut s, v).map_err(|_| too_deep())?;
    Ok(s)
}

/// `repr(value)` as a new string.
///
/// # Errors
///
/// When the value nests more than [`MAX_DEPTH`] deep.
pub(crate) fn repr_of(v: &Value) -> Result<String, minijinja::Error> {
    let mut s = String::new();
    write_repr(&mut s, v).map_err(|_| too_deep())?;
    Ok(s)
}

/// `repr(value)`: strings quoted, containers recursive (to [`MAX_DEPTH`]).
pub(crate) fn write_repr<W: Write + ?Sized>(out: &mut W, v: &Value) -> fmt::Result {
    let _level = match v.kind() {
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Map => Some(DepthGuard::enter()?),
        _ => None,
    };
    match v.kind() {
        ValueKind::Undefined => out.write_str("Undefined"),
        ValueKind::None => out.write_str("None"),
        ValueKind::Bool => out.write_str(if v.is_true() { "True" } else { "False" }),
        ValueKind::Number => write_number(out, v),
        ValueKind::String => write_str_repr(out, v.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            if let Some(t) = v.downcast_object_ref::<Tuple>() {
                return write_tuple(out, t);
            }
            if let Some(view) = v.downcast_object_ref::<DictView>() {
                return write_view(out, view.kind, &view.items());
            }
            if let Some(g) = v.downcast_object_ref::<GroupTuple>() {
                return write_group(out, &g.grouper, &g.list);
            }
            if let Some(r) = v.downcast_object_ref::<Range>() {
                return match r.step {
                    1 => write!(out, "range({}, {})", r.start, r.stop),
                    step => write!(out, "range({}, {}, {step})", r.start, r.stop),
                };
            }
            out.write_char('[')?;
            if let Ok(iter) = v.try_iter() {
                for (i, item) in iter.enumerate() {
                    if i > 0 {
                        out.write_str(", ")?;
                    }
                    write_repr(out, &item)?;
                }
            }
            out.write_char(']')
        }
        ValueKind::Map => {
            out.write_char('{')?;
            if let Some(pairs) = v.as_object().and_then(|o| o.try_iter_pairs()) {
                for (i, (key, item)) in pairs.enumerate() {
                    if i > 0 {
                        out.write_str(", ")?;
                    }
                    write_repr(out, &key)?;
                    out.write_str(": ")?;
                    write_repr(out, &item)?;
                }
            }
            out.write_char('}')
        }
        _ => write!(out, "{v}"),
    }
}

/// `repr(tuple)`: `(1, 'a')`, `(1,)`, `()`.
pub(crate) fn write_tuple<W: Write + ?Sized>(out: &mut W, items: &[Value]) -> fmt::Result {
    out.write_char('(')?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        write_repr(out, item)?;
    }
    if items.len() == 1 {
        out.write_char(',')?;
    }
    out.write_char(')')
}

/// `repr` of a dict view: `dict_items([('a', 1)])`.
pub(crate) fn write_view<W: Write + ?Sized>(
    out: &mut W,
    kind: ViewKind,
    items: &[Value],
) -> fmt::Result {
    out.write_str(kind.name())?;
    out.write_str("([")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        write_repr(out, item)?;
    }
    out.write_str("])")
}

/// `repr` of a `groupby` group, a named tuple that prints as a tuple: `('a', [...])`.
pub(crate) fn write_group<W: Write + ?Sized>(
    out: &mut W,
    grouper: &Value,
    list: &Value,
) -> fmt::Result {
    out.write_char('(')?;
    write_repr(out, grouper)?;
    out.write_str(", ")?;
    write_repr(out, list)?;
    out.write_char(')')
}

/// Numbers as Python prints them: integers plainly, floats with `repr(float)`.
pub(crate) fn write_number<W: Write + ?Sized>(out: &mut W, v: &Value) -> fmt::Result {
    match pyops::Num::of(v) {
        Some(pyops::Num::Float(f)) => write_float(out, f),
        Some(pyops::Num::Int(i)) => write!(out, "{i}"),
        None => write!(out, "{v}"),
    }
}

/// `repr(float)`: shortest round-trip digits; exponent form below 1e-4 and from 1e16.
pub(crate) fn write_float<W: Write + ?Sized>(out: &mut W, f: f64) -> fmt::Result {
    if f.is_nan() {
        return out.write_str("nan");
    }
    if f.is_infinite() {
        return out.write_str(if f > 0.0 { "inf" } else { "-inf" });
    }
    if f == 0.0 {
        return out.write_str(if f.is_sign_negative() { "-0.0" } else { "0.0" });
    }
    // Rust's shortest digits (`LowerExp`): how many, and the exponent.
    let mut short = Buf::new();
    let _ = write!(short, "{f:e}");
    let (mantissa, exp) = short
        .as_str()
        .split_once('e')
        .unwrap_or((short.as_str(), "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let exp: i32 = exp.parse().unwrap_or(0);
    let a = f.abs();
    if (1e-4..1e16).contains(&a) {
        // As many decimals as the shortest digits need, rounded exactly (see `nearest`).
        let decimals = usize::try_from(digits as i32 - 1 - exp).unwrap_or(0);
        let buf = nearest(
            f,
            digits,
            |b| write!(b, "{f:.decimals$}"),
            |b| write!(b, "{f}"),
        );
        out.write_str(buf.as_str())?;
        if !buf.as_str().contains('.') {
            out.write_str(".0")?;
        }
        Ok(())
    } else {
        // `1.5e-7` becomes Python's `1.5e-07`.
        let precision = digits.saturating_sub(1);
        let buf = nearest(
            f,
            digits,
            |b| write!(b, "{f:.precision$e}"),
            |b| write!(b, "{f:e}"),
        );
        let s = buf.as_str();
        let (mantissa, exp) = s.split_once('e').unwrap_or((s, "0"));
        let (sign, digits) = match exp.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', exp),
        };
        out.write_str(mantissa)?;
        out.write_char('e')?;
        out.write_char(sign)?;
        if digits.len() < 2 {
            out.write_char('0')?;
        }
        out.write_str(digits)
    }
}

/// Of the shortest digits that read back as `f`, the ones Python's `repr` picks: nearest the
/// exact value, a tie to the even digit. `exact` writes `f` rounded exactly (half to even) to
/// the shortest length, `shortest` Rust's shortest digits, which may break such a tie the
/// other way (`1000000000000000.25`: Python `...0.2`, Rust `...0.3`); the exact rounding is
/// kept when it reads back as `f`.
///
/// A tie needs two decimals of `digits` digits inside the interval that reads back as `f`,
/// and a double's interval is about 2.2e-16 of it wide: 16 digits or more. Shorter digits are
/// Rust's as they are, with no second formatting (a float is printed on every render).
fn nearest(
    f: f64,
    digits: usize,
    exact: impl FnOnce(&mut Buf) -> fmt::Result,
    shortest: impl FnOnce(&mut Buf) -> fmt::Result,
) -> Buf {
    let mut buf = Buf::new();
    if digits >= 16 && exact(&mut buf).is_ok() && buf.as_str().parse::<f64>() == Ok(f) {
        return buf;
    }
    let mut buf = Buf::new();
    let _ = shortest(&mut buf);
    buf
}

/// A small stack buffer for formatting one number without allocating.
struct Buf {
    bytes: [u8; 40],
    len: usize,
}

impl Buf {
    fn new() -> Self {
        Self {
            bytes: [0; 40],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl Write for Buf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// `repr(str)`: single quotes unless the text has a single quote and no double quote.
pub(crate) fn write_str_repr<W: Write + ?Sized>(out: &mut W, s: &str) -> fmt::Result {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.write_char(quote)?;
    let mut plain_from = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            c if c == quote => Some(if c == '\'' { "\\'" } else { "\\\"" }),
            c if is_printable(c) => continue,
            _ => None,
        };
        out.write_str(&s[plain_from..i])?;
        plain_from = i + c.len_utf8();
        match escaped {
            Some(e) => out.write_str(e)?,
            None => {
                let n = c as u32;
                if n < 0x100 {
                    write!(out, "\\x{n:02x}")?;
                } else if n < 0x10000 {
                    write!(out, "\\u{n:04x}")?;
                } else {
                    write!(out, "\\U{n:08x}")?;
                }
            }
        }
    }
    out.write_str(&s[plain_from..])?;
    out.write_char(quote)
}

/// Python's `str.isprintable` for the characters that matter in practice: controls,
/// separators other than the plain space, and a few format characters are not printable.
pub(crate) fn is_printable(c: char) -> bool {
    let n = c as u32;
    if n < 0x20 || (0x7f..0xa0).contains(&n) {
        return false;
    }
    if n < 0x7f {
        return true;
    }
    // Zs/Zl/Zp separators (other than space), and common Cf format characters.
    !matches!(n,
        0xa0 | 0xad | 0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x2064
        | 0x2066..=0x206f | 0x3000 | 0xfeff | 0xfff9..=0xfffb | 0xd800..=0xdfff)
        && !(0xe000..=0xf8ff).contains(&n)
        && !(0xf0000..).contains(&n)
}

/// Python's `pprint.pformat(value)`: `repr` with dict keys sorted, broken over lines (width
/// 80, indent 1) when it does not fit.
///
/// # Errors
///
/// When the value nests more than [`MAX_DEPTH`] deep.
pub(crate) fn pformat(v: &Value) -> Result<String, minijinja::Error> {
    if nests_deeper(v, MAX_DEPTH) {
        return Err(too_deep());
    }
    let mut out = String::new();
    pp_format(&mut out, v, 0, 0, 0);
    Ok(out)
}

/// `pprint`'s `_safe_repr`: `repr` with every dict's keys sorted.
fn pp_repr(out: &mut String, v: &Value) {
    match v.kind() {
        ValueKind::Undefined => out.push_str("Undefined"),
        ValueKind::Map => {
            out.push('{');
            for (i, (key, item)) in pp_sorted_items(v).iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                pp_repr(out, key);
                out.push_str(": ");
                pp_repr(out, item);
            }
            out.push('}');
        }
        ValueKind::Seq | ValueKind::Iterable if is_plain_seq(v) => {
            let tuple = v.is_tuple();
            out.push(if tuple { '(' } else { '[' });
            let mut n = 0;
            for (i, item) in v.try_iter().into_iter().flatten().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                pp_repr(out, &item);
                n += 1;
            }
            if tuple {
                out.push_str(if n == 1 { ",)" } else { ")" });
            } else {
                out.push(']');
            }
        }
        _ => {
            let _ = write_repr(out, v);
        }
    }
}

/// A list or tuple (or an iterator, which is listed): not a dict view, group or range, which
/// print in their own way.
fn is_plain_seq(v: &Value) -> bool {
    v.downcast_object_ref::<DictView>().is_none()
        && v.downcast_object_ref::<GroupTuple>().is_none()
        && v.downcast_object_ref::<Range>().is_none()
}

/// A dict's items sorted as `pprint` sorts them (`_safe_key`: by value, else by type name).
fn pp_sorted_items(v: &Value) -> Vec<(Value, Value)> {
    let mut items: Vec<(Value, Value)> = v
        .as_object()
        .and_then(|o| o.try_iter_pairs())
        .map(Iterator::collect)
        .unwrap_or_default();
    items.sort_by(|(a, _), (b, _)| {
        pyops::py_cmp(a, b).unwrap_or_else(|_| pyops::type_name(a).cmp(pyops::type_name(b)))
    });
    items
}

fn pp_format(out: &mut String, v: &Value, indent: usize, allowance: usize, level: usize) {
    let mut rep = String::new();
    pp_repr(&mut rep, v);
    let max_width = 80usize.saturating_sub(indent + allowance);
    if rep.chars().count() > max_width {
        match v.kind() {
            ValueKind::Map => {
                out.push('{');
                let items = pp_sorted_items(v);
                let indent = indent + 1;
                let last = items.len().saturating_sub(1);
                for (i, (key, item)) in items.iter().enumerate() {
                    let mut krep = String::new();
                    pp_repr(&mut krep, key);
                    out.push_str(&krep);
                    out.push_str(": ");
                    let allow = if i == last { allowance + 1 } else { 1 };
                    pp_format(
                        out,
                        item,
                        indent + krep.chars().count() + 2,
                        allow,
                        level + 1,
                    );
                    if i != last {
                        out.push_str(",\n");
                        out.extend(std::iter::repeat_n(' ', indent));
                    }
                }
                out.push('}');
                return;
            }
            ValueKind::Seq | ValueKind::Iterable if is_plain_seq(v) => {
                let items: Vec<Value> = v.try_iter().map(Iterator::collect).unwrap_or_default();
                let tuple = v.is_tuple();
                let end = match (tuple, items.len()) {
                    (true, 1) => ",)",
                    (true, _) => ")",
                    _ => "]",
                };
                out.push(if tuple { '(' } else { '[' });
                let allowance = allowance + end.len();
                let indent = indent + 1;
                let last = items.len().saturating_sub(1);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",\n");
                        out.extend(std::iter::repeat_n(' ', indent));
                    }
                    pp_format(
                        out,
                        item,
                        indent,
                        if i == last { allowance } else { 1 },
                        level + 1,
                    );
                }
                out.push_str(end);
                return;
            }
            ValueKind::String => {
                pp_str(
                    out,
                    v.as_str().unwrap_or_default(),
                    indent,
                    allowance,
                    level + 1,
                    &rep,
                );
                return;
            }
            _ => {}
        }
    }
    out.push_str(&rep);
}

/// `pprint`'s long strings: split at line ends and between words, as adjacent literals.
fn pp_str(
    out: &mut String,
    s: &str,
    mut indent: usize,
    mut allowance: usize,
    level: usize,
    whole: &str,
) {
    let repr = |t: &str| {
        let mut r = String::new();
        let _ = write_str_repr(&mut r, t);
        r
    };
    let lines = super::pystr::splitlines(s, true);
    if level == 1 {
        indent += 1;
        allowance += 1;
    }
    let max_width = 80usize.saturating_sub(indent);
    let mut max_width1 = max_width;
    let mut chunks: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let rep = repr(line);
        if i == lines.len() - 1 {
            max_width1 = max_width1.saturating_sub(allowance);
        }
        if rep.chars().count() <= max_width1 {
            chunks.push(rep);
            continue;
        }
        // `re.findall(r'\S*\s*', line)`: runs of non-space followed by their spaces.
        let mut parts: Vec<&str> = Vec::new();
        let mut rest = *line;
        while !rest.is_empty() {
            let word_end = rest.find(super::pystr::is_space).unwrap_or(rest.len());
            let space_end = rest[word_end..]
                .find(|c| !super::pystr::is_space(c))
                .map_or(rest.len(), |j| word_end + j);
            parts.push(&rest[..space_end]);
            rest = &rest[space_end..];
        }
        let mut max_width2 = max_width;
        let mut current = String::new();
        for (j, part) in parts.iter().enumerate() {
            let candidate = format!("{current}{part}");
            if j == parts.len() - 1 && i == lines.len() - 1 {
                max_width2 = max_width2.saturating_sub(allowance);
            }
            if repr(&candidate).chars().count() > max_width2 {
                if !current.is_empty() {
                    chunks.push(repr(&current));
                }
                current = (*part).to_string();
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            chunks.push(repr(&current));
        }
    }
    if chunks.len() <= 1 {
        out.push_str(whole);
        return;
    }
    if level == 1 {
        out.push('(');
    }
    for (i, chunk) in chunks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
        }
        out.push_str(chunk);
    }
    if level == 1 {
        out.push(')');
    }
}

/// `json.dumps(value, sort_keys=True, indent=indent)` with Jinja2's HTML-safe escapes
/// (`<`, `>`, `&`, `'` as `\u00XX`) and `ensure_ascii`; `indent` is the text of one level.
/// The error is Python's `TypeError`.
pub(crate) fn write_json(
    out: &mut String,
    v: &Value,
    indent: Option<&str>,
    sort_keys: bool,
    level: usize,
) -> Result<(), String> {
    if level > MAX_DEPTH {
        return Err(format!("the value nests more than {MAX_DEPTH} deep"));
    }
    match v.kind() {
        ValueKind::None => out.push_str("null"),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
        ValueKind::Number => write_json_number(out, v),
        ValueKind::String => write_json_str(out, v.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable
            if is_plain_seq(v) || v.downcast_object_ref::<GroupTuple>().is_some() =>
        {
            let mut empty = true;
            for item in v.try_iter().map_err(|e| e.to_string())? {
                out.push(if empty { '[' } else { ',' });
                if !empty && indent.is_none() {
                    out.push(' ');
                }
                empty = false;
                newline(out, indent, level + 1);
                write_json(out, &item, indent, sort_keys, level + 1)?;
            }
            if empty {
                out.push_str("[]");
            } else {
                newline(out, indent, level);
                out.push(']');
            }
        }
        ValueKind::Map => {
            let Some(pairs) = v.as_object().and_then(|o| o.try_iter_pairs()) else {
                out.push_str("{}");
                return Ok(());
            };
            let mut pairs: Vec<(Value, Value)> = pairs.collect();
            if pairs.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            if sort_keys {
                pyops::sort_by_keys(&mut pairs, false)
                    .map_err(|e| e.detail().unwrap_or("unorderable keys").to_string())?;
            }
            for (i, (key, item)) in pairs.iter().enumerate() {
                out.push(if i == 0 { '{' } else { ',' });
                if i > 0 && indent.is_none() {
                    out.push(' ');
                }
                newline(out, indent, level + 1);
                match key.kind() {
                    ValueKind::String => write_json_str(out, key.as_str().unwrap_or_default()),
                    ValueKind::Bool | ValueKind::None | ValueKind::Number => {
                        out.push('"');
                        write_json(out, key, None, sort_keys, 0)?;
                        out.push('"');
                    }
                    _ => {
                        return Err(format!(
                            "keys must be str, int, float, bool or None, not {}",
                            pyops::type_name(key)
                        ));
                    }
                }
                out.push_str(": ");
                write_json(out, item, indent, sort_keys, level + 1)?;
            }
            newline(out, indent, level);
            out.push('}');
        }
        _ if let Some(digits) = super::bigint::digits(v) => out.push_str(&digits),
        _ => {
            let name = match v.downcast_object_ref::<DictView>() {
                Some(view) => view.kind.name(),
                None if v.downcast_object_ref::<Range>().is_some() => "range",
                None => pyops::type_name(v),
            };
            return Err(format!("Object of type {name} is not JSON serializable"));
        }
    }
    Ok(())
}

/// A number as `json.dumps` writes it: `float.__repr__`, with `NaN` and `Infinity`.
fn write_json_number(out: &mut String, v: &Value) {
    match pyops::Num::of(v) {
        Some(pyops::Num::Float(f)) if f.is_nan() => out.push_str("NaN"),
        Some(pyops::Num::Float(f)) if f.is_infinite() => {
            out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
        }
        _ => {
            let _ = write_number(out, v);
        }
    }
}

fn newline(out: &mut String, indent: Option<&str>, level: usize) {
    if let Some(unit) = indent {
        out.push('\n');
        for _ in 0..level {
            out.push_str(unit);
        }
    }
}

/// A JSON string with `ensure_ascii` and Jinja2's HTML-safe escapes.
pub(crate) fn write_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut plain_from = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{08}' => "\\b",
            '\u{0c}' => "\\f",
            '<' => "\\u003c",
            '>' => "\\u003e",
            '&' => "\\u0026",
            '\'' => "\\u0027",
            ' '..='~' => continue,
            _ => "",
        };
        out.push_str(&s[plain_from..i]);
        plain_from = i + c.len_utf8();
        if escaped.is_empty() {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push_str(escaped);
        }
    }
    out.push_str(&s[plain_from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn float(f: f64) -> String {
        let mut s = String::new();
        write_float(&mut s, f).unwrap();
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
        assert_eq!(float(3.14158), "3.14158");
        assert_eq!(float(1e20), "1e+20");
        assert_eq!(float(123456789.125), "123456789.125");
    }

    #[test]
    fn repr_of_strings_picks_quotes_as_python() {
        let r = |s: &str| {
            let mut o = String::new();
            write_str_repr(&mut o, s).unwrap();
            o
        };
        assert_eq!(r("a"), "'a'");
        assert_eq!(r("it's"), "\"it's\"");
        assert_eq!(r("both ' and \""), "'both \\' and \"'");
        assert_eq!(r("tab\there"), "'tab\\there'");
        assert_eq!(r("é✓"), "'é✓'");
        assert_eq!(r("\u{1}"), "'\\x01'");
        assert_eq!(r("a\u{85}b\u{2028}"), "'a\\x85b\\u2028'");
    }

    #[test]
    fn tuples_and_views_print_as_python() {
        let t = Value::from_object(Tuple::new(vec![Value::from("a"), Value::from(1)]));
        let one = Value::from_object(Tuple::new(vec![Value::from(1)]));
        assert_eq!(str_of(&t).unwrap(), "('a', 1)");
        assert_eq!(str_of(&one).unwrap(), "(1,)");
        let map = Value::from(minijinja::value::Serde(
            serde_json::json!({"k": [1.0, null]}),
        ));
        let view = Value::from_object(DictView {
            kind: ViewKind::Items,
            map,
        });
        assert_eq!(str_of(&view).unwrap(), "dict_items([('k', [1.0, None])])");
    }

    #[test]
    fn floats_break_ties_of_their_shortest_digits_to_even() {
        for (f, python) in [
            (1e15 + 0.25, "1000000000000000.2"),
            (218_062_916_676_755.0 + 0.125, "218062916676755.12"),
            (0.1 + 0.2, "0.30000000000000004"),
            (2.5, "2.5"),
            (1e16, "1e+16"),
            (1.5e-7, "1.5e-07"),
            (5e-324, "5e-324"),
        ] {
            let mut s = String::new();
            write_float(&mut s, f).unwrap();
            assert_eq!(s, python);
        }
    }

    #[test]
    fn json_is_sorted_ascii_and_html_safe() {
        let v = Value::from(minijinja::value::Serde(
            serde_json::json!({"b": "<é>", "a": [1, 2.5, null, true]}),
        ));
        let mut s = String::new();
        write_json(&mut s, &v, None, true, 0).unwrap();
        assert_eq!(
            s,
            r#"{"a": [1, 2.5, null, true], "b": "\u003c\u00e9\u003e"}"#
        );
    }

    #[test]
    fn json_sorts_int_keys_as_numbers_and_indents() {
        let v = Value::from_pairs([
            (Value::from(10), Value::from(1)),
            (Value::from(2), Value::from(vec![Value::from(1)])),
        ]);
        let mut s = String::new();
        write_json(&mut s, &v, Some("  "), true, 0).unwrap();
        assert_eq!(s, "{\n  \"2\": [\n    1\n  ],\n  \"10\": 1\n}");
    }
}
