//! Filters that differ from MiniJinja's defaults, made to match Jinja2 3.x (arguments bound as
//! Python binds them, positionally or by keyword; results as Python computes them), and
//! Oomnitza's `as_is`. Filters that exist in MiniJinja only are removed, so a template that
//! Jinja2 would reject is rejected here too.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write;

use minijinja::value::{Rest, Value, ValueKind, ValueOrKwargs};
use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior};

use super::objects::{self, GroupTuple};
use super::pyformat::{self, PercentArgs};
use super::pyops::{self, HashKey, Num, int_value};
pub(super) use super::python::args::bind;
use super::{html, pyrepr, pystr, textwrap};

/// Adds the Jinja2-compatible filters to an environment.
pub fn register(env: &mut Environment<'static>) {
    // MiniJinja's own filters that Jinja2 does not have.
    for name in ["split", "lines", "bool", "chain", "zip"] {
        env.remove_filter(name);
    }
    env.add_filter("tojson", tojson);
    env.add_filter("as_is", as_is);
    env.add_filter("string", string);
    env.add_filter("safe", safe);
    env.add_filter("join", join);
    env.add_filter("default", default);
    env.add_filter("d", default);
    env.add_filter("round", round);
    env.add_filter("int", int);
    env.add_filter("float", float);
    env.add_filter("abs", abs);
    env.add_filter("sum", sum);
    env.add_filter("min", min);
    env.add_filter("max", max);
    env.add_filter("length", length);
    env.add_filter("count", length);
    env.add_filter("first", first);
    env.add_filter("last", last);
    env.add_filter("list", list);
    env.add_filter("reverse", reverse);
    env.add_filter("sort", sort);
    env.add_filter("unique", unique);
    env.add_filter("dictsort", dictsort);
    env.add_filter("items", items);
    env.add_filter("groupby", groupby);
    env.add_filter("attr", attr);
    env.add_filter("upper", upper);
    env.add_filter("lower", lower);
    env.add_filter("capitalize", capitalize);
    env.add_filter("title", title);
    env.add_filter("trim", trim);
    env.add_filter("replace", replace);
    env.add_filter("truncate", truncate);
    env.add_filter("indent", indent);
    env.add_filter("center", center);
    env.add_filter("wordcount", wordcount);
    env.add_filter("urlencode", urlencode);
    env.add_filter("escape", escape);
    env.add_filter("e", escape);
    env.add_filter("forceescape", forceescape);
    env.add_filter("format", format);
    env.add_filter("pprint", pprint);
    env.add_filter("xmlattr", xmlattr);
    env.add_filter("wordwrap", wordwrap);
    env.add_filter("striptags", striptags);
    env.add_filter("filesizeformat", filesizeformat);
    env.add_filter("batch", batch);
    env.add_filter("map", map);
    env.add_filter("select", select);
    env.add_filter("reject", reject);
    env.add_filter("selectattr", selectattr);
    env.add_filter("rejectattr", rejectattr);
    env.add_filter("slice", slice);
    env.add_filter("random", random);
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

/// A required argument.
fn required(v: Option<Value>, name: &str) -> Result<Value, Error> {
    v.ok_or_else(|| {
        Error::new(
            ErrorKind::MissingArgument,
            format!("missing required argument '{name}'"),
        )
    })
}

fn lenient(state: &State) -> bool {
    state.undefined_behavior() == UndefinedBehavior::Lenient
}

/// An undefined input: an error in strict mode; `true` in lenient mode, where the filter
/// then treats it as Jinja2's `Undefined` does (empty string, empty iterable, length 0).
fn undefined_input(state: &State, v: &Value) -> Result<bool, Error> {
    if !v.is_undefined() {
        return Ok(false);
    }
    if lenient(state) {
        Ok(true)
    } else {
        Err(Error::from(ErrorKind::UndefinedError))
    }
}

/// `soft_str(value)`: Python's `str()`, with undefined as `''` (lenient) or an error (strict).
fn soft_str<'a>(state: &State, v: &'a Value) -> Result<Cow<'a, str>, Error> {
    undefined_input(state, v)?;
    Ok(match v.as_str() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(pyrepr::str_of(v)?),
    })
}

fn truthy(v: &Option<Value>) -> bool {
    v.as_ref().is_some_and(Value::is_true)
}

fn int_arg(v: Option<Value>, name: &str, default: i64) -> Result<i64, Error> {
    match v {
        None => Ok(default),
        Some(v) => match Num::of(&v) {
            Some(Num::Int(i)) => {
                i64::try_from(i).map_err(|_| invalid(format!("{name} is too large")))
            }
            _ => Err(invalid(format!(
                "{name} must be an integer, not {}",
                pyops::type_name(&v)
            ))),
        },
    }
}

fn str_arg(v: Option<Value>, name: &str) -> Result<Option<String>, Error> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => match v.as_str() {
            Some(s) => Ok(Some(s.to_string())),
            None => Err(invalid(format!(
                "{name} must be a string, not {}",
                pyops::type_name(&v)
            ))),
        },
    }
}

/// The most items a filter collects into a list (`range(10**11)|list` would exhaust memory).
const MAX_ITEMS: usize = 10_000_000;

/// The items of an iterable as Python's `iter()` gives them (a dict's keys, a string's
/// characters); an undefined value is empty in lenient mode.
fn iterate(state: &State, v: &Value) -> Result<Vec<Value>, Error> {
    if undefined_input(state, v)? {
        return Ok(Vec::new());
    }
    match v.kind() {
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Map | ValueKind::String => {
            if let Some(n) = v.len().filter(|&n| n > MAX_ITEMS) {
                return Err(invalid(format!(
                    "{n} items are over the limit of {MAX_ITEMS} for a list"
                )));
            }
            Ok(v.try_iter()?.collect())
        }
        _ => Err(invalid(format!(
            "'{}' object is not iterable",
            pyops::type_name(v)
        ))),
    }
}

/// The parts of an attribute path as Jinja2's `make_attrgetter` splits it: `a.0.b` looks up
/// `a`, then index `0`, then `b`.
fn attr_parts(attribute: &Value) -> Vec<Value> {
    match attribute.as_str() {
        Some(s) => s
            .split('.')
            .map(|p| match p.parse::<i64>() {
                Ok(n) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Value::from(n),
                _ => Value::from(p),
            })
            .collect(),
        None => vec![attribute.clone()],
    }
}

/// Looks an attribute path up in an item (`environment.getitem` for each part).
fn get_path(item: &Value, parts: &[Value]) -> Result<Value, Error> {
    let mut cur = item.clone();
    for p in parts {
        cur = cur.get_item(p)?;
    }
    Ok(cur)
}

/// Jinja2's `ignore_case`: strings lowered, other values as they are.
fn ignore_case(v: Value) -> Value {
    match v.as_str() {
        Some(s) => Value::from(s.to_lowercase()),
        None => v,
    }
}

/// A sort key getter: `make_attrgetter` (or `make_multi_attrgetter` for `a,b`), with
/// `ignore_case` unless case sensitive.
struct KeyGetter {
    paths: Vec<Vec<Value>>,
    multi: bool,
    case_sensitive: bool,
}

impl KeyGetter {
    fn new(attribute: Option<&Value>, case_sensitive: bool, multi: bool) -> Self {
        let paths = match attribute {
            None => vec![Vec::new()],
            Some(a) if a.is_none() => vec![Vec::new()],
            Some(a) => match a.as_str() {
                Some(s) if multi => s.split(',').map(|p| attr_parts(&Value::from(p))).collect(),
                _ => vec![attr_parts(a)],
            },
        };
        let multi = multi && paths.len() > 1;
        Self {
            paths,
            multi,
            case_sensitive,
        }
    }

    fn key(&self, item: &Value) -> Result<Value, Error> {
        let one = |path: &[Value]| -> Result<Value, Error> {
            let v = get_path(item, path)?;
            Ok(if self.case_sensitive {
                v
            } else {
                ignore_case(v)
            })
        };
        if self.multi {
            Ok(Value::from(
                self.paths
                    .iter()
                    .map(|p| one(p))
                    .collect::<Result<Vec<_>, _>>()?,
            ))
        } else {
            one(&self.paths[0])
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output and conversion

/// The largest `tojson` indent: JSON is indented for people to read, and the indent is
/// repeated at every level.
const MAX_JSON_INDENT: usize = 100;

/// Jinja2's `tojson`: `json.dumps(value, sort_keys=True)` with HTML-safe escapes. As in Python,
/// `indent` is a number of spaces or the text of one level.
fn tojson(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
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
fn as_is(value: &Value) -> Result<Value, Error> {
    Ok(Value::from(pyrepr::str_of(value)?))
}

/// Jinja2's `string`: Python's `str()` (a safe string stays safe).
fn string(state: &State, value: &Value) -> Result<Value, Error> {
    if value.kind() == ValueKind::String {
        return Ok(value.clone());
    }
    Ok(Value::from(soft_str(state, value)?.into_owned()))
}

/// Jinja2's `safe`: `Markup(value)`, the value's `str()` marked safe.
fn safe(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from_safe_string(
        soft_str(state, value)?.into_owned(),
    ))
}

/// Jinja2's `join(d='', attribute=None)`: `str()` of each item (or of an attribute of each).
fn join(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
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
        super::python::limits::check(out.len())?;
    }
    Ok(Value::from(out))
}

/// Jinja2's `default(default_value='', boolean=False)`.
fn default(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [default_value, boolean] = bind(&args, ["default_value", "boolean"])?;
    if value.is_undefined() || (truthy(&boolean) && !value.is_true()) {
        Ok(default_value.unwrap_or_else(|| Value::from("")))
    } else {
        Ok(value.clone())
    }
}

/// Jinja2's `pprint`: Python's `pprint.pformat`.
fn pprint(value: &Value) -> Result<String, Error> {
    pyrepr::pformat(value)
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// The first of each run of ten Unicode decimal digits (category Nd, as Python 3.11 knows
/// them), 0 to 9 in order.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The text with every Unicode decimal digit as its ASCII digit, as Python's `int()` and
/// `float()` read it (`int('١٢٣')` is 123).
fn ascii_digits(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let digit = |c: char| {
        let cp = u32::from(c);
        let zero = DECIMAL_ZEROS[..DECIMAL_ZEROS.partition_point(|&z| z <= cp)].last()?;
        u8::try_from(cp - zero)
            .ok()
            .filter(|d| *d < 10)
            .map(|d| char::from(b'0' + d))
    };
    text.chars().map(|c| digit(c).unwrap_or(c)).collect()
}

/// Python's `int(text, base)`: optional sign and base prefix, single underscores between
/// digits, surrounding whitespace, any Unicode decimal digits.
fn parse_int(text: &str, base: u32) -> Option<i128> {
    let text = ascii_digits(text);
    let s = pystr::strip(&text, None, true, true);
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = s.get(..2).map(str::to_ascii_lowercase);
    let prefixed = |p: &str| lower.as_deref() == Some(p);
    let (base, digits, after_prefix) = match base {
        0 if prefixed("0x") => (16, &s[2..], true),
        0 if prefixed("0o") => (8, &s[2..], true),
        0 if prefixed("0b") => (2, &s[2..], true),
        0 => (10, s, false),
        16 if prefixed("0x") => (16, &s[2..], true),
        8 if prefixed("0o") => (8, &s[2..], true),
        2 if prefixed("0b") => (2, &s[2..], true),
        b if (2..=36).contains(&b) => (b, s, false),
        _ => return None,
    };
    // An underscore may follow the prefix; otherwise only between two digits.
    let digits = if after_prefix {
        digits.strip_prefix('_').unwrap_or(digits)
    } else {
        digits
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.starts_with(['+', '-']) {
        return None;
    }
    let n = u128::from_str_radix(&clean, base).ok()?;
    let n = i128::try_from(n).ok()?;
    Some(if neg { -n } else { n })
}

/// Python's `float(text)`: whitespace, sign, `inf`/`nan`, underscores between digits, any
/// Unicode decimal digits.
fn parse_float(text: &str) -> Option<f64> {
    let text = ascii_digits(text);
    let s = pystr::strip(&text, None, true, true);
    if s.contains('_') {
        let b = s.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            if c == b'_'
                && !(i > 0
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                return None;
            }
        }
        return s.replace('_', "").parse().ok();
    }
    let body = s.trim_start_matches(['+', '-']);
    if s.len() - body.len() > 1 {
        return None;
    }
    s.parse().ok()
}

/// Jinja2's `int(default=0, base=10)`: `int(value)` (`int(value, base)` for strings), else
/// `int(float(value))`, else the default.
fn int(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [default, base] = bind(&args, ["default", "base"])?;
    let default = default.unwrap_or(Value::from(0));
    let base = int_arg(base, "base", 10)?;
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let from_float = |f: f64| -> Value {
        if f.is_finite() && f.abs() < 1.7e38 {
            int_value(f.trunc() as i128)
        } else {
            default.clone()
        }
    };
    Ok(match Num::of(value) {
        Some(Num::Int(i)) => int_value(i),
        Some(Num::Float(f)) if f.is_infinite() => {
            return Err(invalid("cannot convert float infinity to integer"));
        }
        Some(Num::Float(f)) => from_float(f),
        None => match value.as_str() {
            Some(s) => {
                let parsed = u32::try_from(base).ok().and_then(|b| {
                    let n = parse_int(s, b)?;
                    // `int('010', 0)` is an error in Python (leading zeros); the float
                    // fallback below then reads it as 10.
                    (b != 0 || !has_leading_zero(s)).then_some(n)
                });
                match parsed {
                    Some(n) => int_value(n),
                    None => parse_float(s).map_or(default.clone(), from_float),
                }
            }
            None => default,
        },
    })
}

/// A decimal literal with a leading zero (`010`), which `int(s, 0)` rejects.
fn has_leading_zero(s: &str) -> bool {
    let t = pystr::strip(s, None, true, true).trim_start_matches(['+', '-']);
    let digits: String = t.chars().filter(|&c| c != '_').collect();
    digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().any(|b| b != b'0')
}

/// Jinja2's `float(default=0.0)`: `float(value)`, else the default (as given).
fn float(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [default] = bind(&args, ["default"])?;
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let f = match Num::of(value) {
        Some(n) => Some(n.as_f64()),
        None => value.as_str().and_then(parse_float),
    };
    Ok(match f {
        Some(f) => Value::from(f),
        None => default.unwrap_or(Value::from(0.0)),
    })
}

/// Jinja2's `abs`: Python's `abs()` (`abs(True)` is `1`).
fn abs(value: &Value) -> Result<Value, Error> {
    match Num::of(value) {
        Some(Num::Int(i)) => Ok(int_value(i.abs())),
        Some(Num::Float(f)) => Ok(Value::from(f.abs())),
        None => Err(invalid(format!(
            "bad operand type for abs(): '{}'",
            pyops::type_name(value)
        ))),
    }
}

/// `10 ** n` as Python computes it: an exact integer for `n >= 0`, else a float.
fn pow10(n: i64) -> f64 {
    10f64.powi(i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX }))
}

/// Jinja2's `round(precision=0, method='common')`: Python's `round(value, precision)` for
/// `common` (an int stays an int), else `math.ceil`/`math.floor` of `value * 10**precision`
/// divided back (always a float).
fn round(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [precision, method] = bind(&args, ["precision", "method"])?;
    let precision = int_arg(precision, "precision", 0)?;
    let method = str_arg(method, "method")?.unwrap_or_else(|| "common".to_string());
    if !matches!(method.as_str(), "common" | "ceil" | "floor") {
        return Err(invalid("method must be common, ceil or floor"));
    }
    let Some(x) = Num::of(value) else {
        return Err(invalid(format!(
            "type {} doesn't define __round__ method",
            pyops::type_name(value)
        )));
    };
    if method == "common" {
        return Ok(match x {
            Num::Int(i) => int_value(round_int(i, precision)),
            Num::Float(f) => Value::from(python_round(f, precision)),
        });
    }
    let f = x.as_f64();
    let scaled = if precision >= 0 {
        f * pow10(precision)
    } else {
        f * (1.0 / pow10(-precision))
    };
    let r = if method == "ceil" {
        scaled.ceil()
    } else {
        scaled.floor()
    };
    if !r.is_finite() {
        return Err(invalid("cannot convert float infinity to integer"));
    }
    // Python's floor and ceil give an int, which has no negative zero.
    let r = r + 0.0;
    Ok(Value::from(if precision >= 0 {
        r / pow10(precision)
    } else {
        r / (1.0 / pow10(-precision))
    }))
}

/// Python's `round(int, n)`: unchanged for `n >= 0`, else to a multiple of `10**-n`, ties to even.
fn round_int(i: i128, n: i64) -> i128 {
    if n >= 0 {
        return i;
    }
    let Some(m) = u32::try_from(-n).ok().and_then(|e| 10i128.checked_pow(e)) else {
        return 0;
    };
    let q = i.div_euclid(m);
    let r = i.rem_euclid(m);
    let twice = r * 2;
    let q = if twice > m || (twice == m && q % 2 != 0) {
        q + 1
    } else {
        q
    };
    q * m
}

/// Python's `round(x, n)` for a float: correctly rounded on the exact binary value, ties to even.
fn python_round(x: f64, n: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if n >= 0 {
        if n > 330 {
            return x;
        }
        // Rust formats the exact binary value with round-half-to-even.
        return format!("{x:.prec$}", prec = usize::try_from(n).unwrap_or(0))
            .parse()
            .unwrap_or(x);
    }
    // Negative n: round the exact integer part (and the fraction's sign) at 10**-n.
    let k = usize::try_from(-n).unwrap_or(usize::MAX);
    let a = x.abs();
    let int_digits = format!("{:.0}", a.trunc());
    let frac_nonzero = a.fract() != 0.0;
    if k > int_digits.len() {
        return 0.0f64.copysign(x);
    }
    let split = int_digits.len() - k;
    let (head, tail) = int_digits.split_at(split);
    let half = std::cmp::Ordering::Equal;
    let first = tail.as_bytes()[0];
    let rest_nonzero = tail[1..].bytes().any(|b| b != b'0') || frac_nonzero;
    let cmp = match first.cmp(&b'5') {
        std::cmp::Ordering::Equal if rest_nonzero => std::cmp::Ordering::Greater,
        o => o,
    };
    let last_odd = head.as_bytes().last().is_some_and(|d| (d - b'0') % 2 == 1);
    let up = cmp == std::cmp::Ordering::Greater || (cmp == half && last_odd);
    let mut digits: Vec<u8> = head.bytes().collect();
    if up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let mut s = String::from_utf8(digits).unwrap_or_default();
    if s.is_empty() {
        s.push('0');
    }
    s.extend(std::iter::repeat_n('0', k));
    let r: f64 = s.parse().unwrap_or(0.0);
    r.copysign(x)
}

/// Jinja2's `sum(attribute=None, start=0)`: Python's `sum`, left to right.
fn sum(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [attribute, start] = bind(&args, ["attribute", "start"])?;
    let parts = attribute.filter(|a| !a.is_none()).map(|a| attr_parts(&a));
    let mut total = start.unwrap_or(Value::from(0));
    if total.as_str().is_some() {
        return Err(invalid(
            "sum() can't sum strings [use ''.join(seq) instead]",
        ));
    }
    for item in iterate(state, value)? {
        let item = match &parts {
            Some(p) => get_path(&item, p)?,
            None => item,
        };
        total = pyops::py_add(&total, &item)?;
    }
    Ok(total)
}

fn min_or_max(
    state: &State,
    value: &Value,
    args: &[Value],
    want: std::cmp::Ordering,
) -> Result<Value, Error> {
    let [case_sensitive, attribute] = bind(args, ["case_sensitive", "attribute"])?;
    let getter = KeyGetter::new(attribute.as_ref(), truthy(&case_sensitive), false);
    let mut best: Option<(Value, Value)> = None;
    for item in iterate(state, value)? {
        let key = getter.key(&item)?;
        let better = match &best {
            None => true,
            Some((best_key, _)) => pyops::py_cmp(&key, best_key)? == want,
        };
        if better {
            best = Some((key, item));
        }
    }
    Ok(best.map_or(Value::UNDEFINED, |(_, item)| item))
}

/// Jinja2's `min(case_sensitive=False, attribute=None)`.
fn min(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    min_or_max(state, value, &args, std::cmp::Ordering::Less)
}

/// Jinja2's `max(case_sensitive=False, attribute=None)`.
fn max(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    min_or_max(state, value, &args, std::cmp::Ordering::Greater)
}

// ---------------------------------------------------------------------------------------------
// Sequences and mappings

/// Jinja2's `length`/`count`: Python's `len()` (`0` for undefined in lenient mode).
fn length(state: &State, value: &Value) -> Result<Value, Error> {
    if undefined_input(state, value)? {
        return Ok(Value::from(0));
    }
    match value.kind() {
        ValueKind::String | ValueKind::Seq | ValueKind::Map | ValueKind::Iterable => {
            value.len().map(Value::from).ok_or_else(|| {
                invalid(format!(
                    "object of type '{}' has no len()",
                    pyops::type_name(value)
                ))
            })
        }
        _ => Err(invalid(format!(
            "object of type '{}' has no len()",
            pyops::type_name(value)
        ))),
    }
}

/// Jinja2's `first`: the first item (character, key), undefined when empty.
fn first(state: &State, value: &Value) -> Result<Value, Error> {
    if undefined_input(state, value)? {
        return Ok(Value::UNDEFINED);
    }
    if let Some(s) = value.as_str() {
        return Ok(s.chars().next().map_or(Value::UNDEFINED, Value::from));
    }
    match value.kind() {
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Map => {
            Ok(value.try_iter()?.next().unwrap_or(Value::UNDEFINED))
        }
        _ => Err(invalid(format!(
            "'{}' object is not iterable",
            pyops::type_name(value)
        ))),
    }
}

/// Jinja2's `last`: the last item (character, key), undefined when empty.
fn last(state: &State, value: &Value) -> Result<Value, Error> {
    if undefined_input(state, value)? {
        return Ok(Value::UNDEFINED);
    }
    if let Some(s) = value.as_str() {
        return Ok(s.chars().next_back().map_or(Value::UNDEFINED, Value::from));
    }
    match value.kind() {
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Map => {
            Ok(value.try_iter()?.last().unwrap_or(Value::UNDEFINED))
        }
        _ => Err(invalid(format!(
            "'{}' object is not reversible",
            pyops::type_name(value)
        ))),
    }
}

/// Jinja2's `list`: Python's `list()` (characters of a string, keys of a dict).
/// Jinja2's `list`: a new list, which the template may change in place as Python's.
fn list(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(super::mutable::PyList::value(iterate(state, value)?))
}

/// Jinja2's `reverse`: a reversed string, or the items in reverse order.
fn reverse(state: &State, value: &Value) -> Result<Value, Error> {
    if let Some(s) = value.as_str() {
        return Ok(Value::from(s.chars().rev().collect::<String>()));
    }
    let mut items = iterate(state, value)?;
    items.reverse();
    Ok(Value::from(items))
}

/// Jinja2's `sort(reverse=False, case_sensitive=False, attribute=None)`: stable, attribute may
/// be `a.b` or a comma list `age,name`.
fn sort(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [reverse, case_sensitive, attribute] =
        bind(&args, ["reverse", "case_sensitive", "attribute"])?;
    let getter = KeyGetter::new(attribute.as_ref(), truthy(&case_sensitive), true);
    // Jinja2 sorts by a list of keys even for one attribute, and lists compare items for
    // equality first: items that all lack the attribute keep their order, and only an item
    // without it next to one with it fails.
    let mut keyed = iterate(state, value)?
        .into_iter()
        .map(|item| {
            let key = getter.key(&item)?;
            let key = if getter.multi {
                key
            } else {
                Value::from(vec![key])
            };
            Ok((key, item))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    pyops::sort_by_keys(&mut keyed, truthy(&reverse)).map_err(|e| {
        match (e.kind(), attribute.as_ref().and_then(Value::as_str)) {
            (ErrorKind::UndefinedError, Some(attr)) => {
                invalid(format!("an item has no attribute '{attr}' to sort by"))
            }
            _ => e,
        }
    })?;
    Ok(Value::from(
        keyed.into_iter().map(|(_, item)| item).collect::<Vec<_>>(),
    ))
}

/// Jinja2's `unique(case_sensitive=False, attribute=None)`: first occurrences, in order.
fn unique(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [case_sensitive, attribute] = bind(&args, ["case_sensitive", "attribute"])?;
    let getter = KeyGetter::new(attribute.as_ref(), truthy(&case_sensitive), false);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in iterate(state, value)? {
        let key = getter.key(&item)?;
        let hashed = HashKey::of(&key)
            .ok_or_else(|| invalid(format!("unhashable type: '{}'", pyops::type_name(&key))))?;
        if seen.insert(hashed) {
            out.push(item);
        }
    }
    Ok(Value::from(out))
}

/// Jinja2's `map`, `select`, `reject`, `selectattr` and `rejectattr` begin with `if value:`,
/// so a false value (`0`, `false`, `''`, `none`) gives no items rather than an error; the rest
/// is MiniJinja's filter of the same name.
fn no_items(value: &Value) -> bool {
    !value.is_undefined() && !value.is_true()
}

/// MiniJinja's filter of the same name, after Jinja2's `if value:`.
macro_rules! if_value {
    ($name:ident($($arg:ident: $ty:ty),*)) => {
        fn $name(state: &mut State, value: Value, $($arg: $ty),*) -> Result<Vec<Value>, Error> {
            if no_items(&value) {
                return Ok(Vec::new());
            }
            minijinja::filters::$name(state, value, $($arg),*)
        }
    };
}

/// Jinja2's `map`: with a filter's name first, that filter on every item with the other
/// arguments, keywords included (MiniJinja's leaves the keywords out); with no positional
/// argument, by `attribute` (MiniJinja's filter of the same name).
fn map(state: &mut State, value: Value, args: Rest<ValueOrKwargs>) -> Result<Vec<Value>, Error> {
    if no_items(&value) {
        return Ok(Vec::new());
    }
    let Some(name) = args.first().filter(|a| !a.is_kwargs()) else {
        return minijinja::filters::map(state, value, args);
    };
    let name = name
        .as_str()
        .ok_or_else(|| invalid("map: the filter name must be a string"))?;
    let mut call = Vec::with_capacity(args.len());
    iterate(state, &value)?
        .into_iter()
        .map(|item| {
            call.clear();
            call.push(item);
            call.extend(args[1..].iter().map(|a| Value::clone(a)));
            state.apply_filter(name, &call)
        })
        .collect()
}

if_value!(select(test: Option<Cow<'_, str>>, args: Rest<ValueOrKwargs>));
if_value!(reject(test: Option<Cow<'_, str>>, args: Rest<ValueOrKwargs>));
if_value!(selectattr(attr: Cow<'_, str>, test: Option<Cow<'_, str>>, args: Rest<ValueOrKwargs>));
if_value!(rejectattr(attr: Cow<'_, str>, test: Option<Cow<'_, str>>, args: Rest<ValueOrKwargs>));

/// Jinja2's `random`: one item of a list (or character of a string) picked at random;
/// undefined when there is none. A dict is refused, as Python's `random.choice` refuses it.
fn random(state: &State, value: &Value) -> Result<Value, Error> {
    if value.kind() == ValueKind::Map {
        return Err(invalid(
            "random picks from a list, not a dict: `d | list | random` picks a key",
        ));
    }
    let items = iterate(state, value)?;
    if items.is_empty() {
        return Ok(Value::UNDEFINED);
    }
    Ok(items[rand::random_range(0..items.len())].clone())
}

/// A count argument that sizes a list the filter builds.
fn count_arg(v: Option<Value>, name: &str) -> Result<i64, Error> {
    let n = int_arg(Some(required(v, name)?), name, 0)?;
    if n > MAX_ITEMS as i64 {
        return Err(invalid(format!(
            "{name} {n} is over the limit of {MAX_ITEMS} for a list"
        )));
    }
    Ok(n)
}

/// Jinja2's `batch(linecount, fill_with=None)`: lists of `linecount` items, the last padded
/// with `fill_with` when it is given.
fn batch(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [linecount, fill_with] = bind(&args, ["linecount", "fill_with"])?;
    let linecount = count_arg(linecount, "linecount")?;
    let fill_with = fill_with.filter(|f| !f.is_none());
    let mut out = Vec::new();
    let mut tmp = Vec::new();
    for item in iterate(state, value)? {
        if tmp.len() as i64 == linecount {
            out.push(Value::from(std::mem::take(&mut tmp)));
        }
        tmp.push(item);
    }
    if !tmp.is_empty() {
        if let Some(fill) = fill_with
            && (tmp.len() as i64) < linecount
        {
            tmp.resize(linecount as usize, fill);
        }
        out.push(Value::from(tmp));
    }
    Ok(Value::from(out))
}

/// Jinja2's `slice(slices, fill_with=None)`: the items cut into `slices` columns, the first
/// ones an item longer; the shorter ones padded with `fill_with` when it is given.
fn slice(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [slices, fill_with] = bind(&args, ["slices", "fill_with"])?;
    let slices = count_arg(slices, "slices")?;
    let fill_with = fill_with.filter(|f| !f.is_none());
    let seq = iterate(state, value)?;
    if slices == 0 {
        return Err(invalid("integer division or modulo by zero"));
    }
    // `range(slices)` of a negative count is empty.
    let slices = usize::try_from(slices).unwrap_or(0);
    let (per, extra) = (seq.len() / slices.max(1), seq.len() % slices.max(1));
    let mut out = Vec::with_capacity(slices);
    let mut offset = 0;
    for n in 0..slices {
        let start = offset + n * per;
        if n < extra {
            offset += 1;
        }
        let mut column = seq[start..offset + (n + 1) * per].to_vec();
        if let Some(fill) = &fill_with
            && n >= extra
        {
            column.push(fill.clone());
        }
        out.push(Value::from(column));
    }
    Ok(Value::from(out))
}

/// Jinja2's `filesizeformat(binary=False)`: `float(value)` bytes in kB, MB, ... (KiB, MiB, ...
/// in binary), one decimal; under one unit, Python's `int()` of it in Bytes.
fn filesizeformat(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [binary] = bind(&args, ["binary"])?;
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let bytes = match (Num::of(value), value.as_str()) {
        (Some(n), _) => n.as_f64(),
        (None, Some(s)) => parse_float(s).ok_or_else(|| {
            invalid(format!(
                "could not convert string to float: {}",
                pyrepr::repr_of(value).unwrap_or_default()
            ))
        })?,
        (None, None) => {
            return Err(invalid(format!(
                "float() argument must be a string or a real number, not '{}'",
                pyops::type_name(value)
            )));
        }
    };
    let (base, prefixes) = if truthy(&binary) {
        (
            1024.0,
            ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"],
        )
    } else {
        (1000.0, ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"])
    };
    if bytes == 1.0 {
        return Ok(Value::from("1 Byte"));
    }
    if bytes < base {
        if bytes.is_infinite() {
            return Err(invalid("cannot convert float infinity to integer"));
        }
        // Python's `int()`: towards zero, every digit of the float (`-0.5` is `0`).
        let whole = bytes.trunc() + 0.0;
        return Ok(Value::from(format!("{whole:.0} Bytes")));
    }
    // `base ** (i + 2)`, an integer: Python compares a float with it exactly (the floor of the
    // float against it; the cast saturates) and divides by the float nearest to it. Past the
    // last unit, the last.
    let unit = |i: usize| (base as i128).pow(i as u32 + 2);
    let i = (0..prefixes.len())
        .find(|&i| !bytes.is_nan() && (bytes.floor() as i128) < unit(i))
        .unwrap_or(prefixes.len() - 1);
    let size = base * bytes / unit(i) as f64;
    Ok(Value::from(if size.is_nan() {
        format!("nan {}", prefixes[i])
    } else {
        format!("{size:.1} {}", prefixes[i])
    }))
}

/// The `(key, value)` pairs of a mapping, as tuples.
fn pairs(value: &Value) -> Result<Vec<Value>, Error> {
    if value.kind() != ValueKind::Map {
        return Err(invalid("Can only get item pairs from a mapping."));
    }
    let pairs = value
        .as_object()
        .and_then(|o| o.try_iter_pairs())
        .ok_or_else(|| invalid("cannot iterate the mapping"))?;
    Ok(pairs.map(|(k, v)| objects::pair(k, v)).collect())
}

/// Jinja2's `dictsort(case_sensitive=False, by='key', reverse=False)`: `(key, value)` tuples.
fn dictsort(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [case_sensitive, by, reverse] = bind(&args, ["case_sensitive", "by", "reverse"])?;
    let pos = match str_arg(by, "by")?.as_deref() {
        None | Some("key") => 0,
        Some("value") => 1,
        Some(_) => return Err(invalid("You can only sort by either \"key\" or \"value\"")),
    };
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let case_sensitive = truthy(&case_sensitive);
    let mut keyed = pairs(value)?
        .into_iter()
        .map(|pair| {
            let k = pair.get_item_by_index(pos)?;
            Ok((if case_sensitive { k } else { ignore_case(k) }, pair))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    pyops::sort_by_keys(&mut keyed, truthy(&reverse))?;
    Ok(Value::from(
        keyed.into_iter().map(|(_, p)| p).collect::<Vec<_>>(),
    ))
}

/// Jinja2's `items`: the `(key, value)` tuples of a mapping; nothing for undefined.
fn items(value: &Value) -> Result<Value, Error> {
    if value.is_undefined() {
        return Ok(Value::from(Vec::<Value>::new()));
    }
    Ok(Value::from(pairs(value)?))
}

/// Jinja2's `groupby(attribute, default=None, case_sensitive=False)`: sorted by the
/// attribute, grouped, each group a `(grouper, list)` named tuple; without case sensitivity
/// the grouper is the first item's own value.
fn groupby(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [attribute, default, case_sensitive] =
        bind(&args, ["attribute", "default", "case_sensitive"])?;
    let attribute = required(attribute, "attribute")?;
    let parts = attr_parts(&attribute);
    let case_sensitive = truthy(&case_sensitive);
    let default = default.filter(|d| !d.is_none());
    let lookup = |item: &Value| -> Result<Value, Error> {
        let v = get_path(item, &parts)?;
        Ok(match (&default, v.is_undefined()) {
            (Some(d), true) => d.clone(),
            _ => v,
        })
    };
    let mut keyed = iterate(state, value)?
        .into_iter()
        .map(|item| {
            let k = lookup(&item)?;
            Ok((if case_sensitive { k } else { ignore_case(k) }, item))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    pyops::sort_by_keys(&mut keyed, false)?;
    let mut groups: Vec<Value> = Vec::new();
    let mut current: Option<(Value, Vec<Value>)> = None;
    for (key, item) in keyed {
        match &mut current {
            Some((k, list)) if pyops::py_eq(k, &key) => list.push(item),
            _ => {
                if let Some((k, list)) = current.take() {
                    groups.push(make_group(k, list, case_sensitive, &lookup)?);
                }
                current = Some((key, vec![item]));
            }
        }
    }
    if let Some((k, list)) = current {
        groups.push(make_group(k, list, case_sensitive, &lookup)?);
    }
    Ok(Value::from(groups))
}

fn make_group(
    key: Value,
    list: Vec<Value>,
    case_sensitive: bool,
    lookup: &dyn Fn(&Value) -> Result<Value, Error>,
) -> Result<Value, Error> {
    let grouper = if case_sensitive {
        key
    } else {
        lookup(&list[0])?
    };
    Ok(Value::from_object(GroupTuple {
        grouper,
        list: Value::from(list),
    }))
}

/// Jinja2's `attr(name)`: `getattr(obj, name)`. The keys of a dict are not its attributes, so
/// only objects with attributes (a namespace, `loop`) have any.
fn attr(value: &Value, name: &Value) -> Result<Value, Error> {
    let name = pyrepr::str_of(name)?;
    if value.kind() == ValueKind::Plain {
        return value.get_attr(&name);
    }
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    Ok(Value::UNDEFINED)
}

// ---------------------------------------------------------------------------------------------
// Strings

/// Jinja2's `upper`.
fn upper(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from(soft_str(state, value)?.to_uppercase()))
}

/// Jinja2's `lower`.
fn lower(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from(soft_str(state, value)?.to_lowercase()))
}

/// Jinja2's `capitalize`: Python's `str.capitalize`.
fn capitalize(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from(pystr::capitalize(&soft_str(state, value)?)))
}

/// Jinja2's `title`: split before runs of whitespace, `-` and opening brackets; each piece's
/// first character upper-cased and the rest lowered.
fn title(state: &State, value: &Value) -> Result<Value, Error> {
    let s = soft_str(state, value)?;
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if pystr::is_space(c) || matches!(c, '-' | '(' | '{' | '[' | '<') {
            out.push(c);
            start = true;
        } else if start {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    Ok(Value::from(out))
}

/// Jinja2's `trim(chars=None)`: Python's `str.strip`.
fn trim(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [chars] = bind(&args, ["chars"])?;
    let chars = str_arg(chars, "chars")?;
    let s = soft_str(state, value)?;
    Ok(Value::from(pystr::strip(&s, chars.as_deref(), true, true)))
}

/// Jinja2's `replace(old, new, count=None)`: Python's `str.replace`.
fn replace(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [old, new, count] = bind(&args, ["old", "new", "count"])?;
    let old = pyrepr::str_of(&required(old, "old")?)?;
    let new = pyrepr::str_of(&required(new, "new")?)?;
    let count = match count {
        Some(c) if !c.is_none() => int_arg(Some(c), "count", -1)?,
        _ => -1,
    };
    let s = soft_str(state, value)?;
    pystr::check_replace(&s, &old, &new, usize::try_from(count).ok())?;
    Ok(Value::from(match usize::try_from(count) {
        Ok(n) => s.replacen(&old, &new, n),
        Err(_) => s.replace(&old, &new),
    }))
}

/// Jinja2's `truncate(length=255, killwords=False, end='...', leeway=5)`.
fn truncate(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [length, killwords, end, leeway] = bind(&args, ["length", "killwords", "end", "leeway"])?;
    let length = int_arg(length, "length", 255)?;
    let end = str_arg(end, "end")?.unwrap_or_else(|| "...".to_string());
    let leeway = match leeway {
        Some(l) if !l.is_none() => int_arg(Some(l), "leeway", 5)?,
        _ => 5,
    };
    let end_len = i64::try_from(end.chars().count()).unwrap_or(i64::MAX);
    if length < end_len {
        return Err(invalid(format!(
            "expected length >= {end_len}, got {length}"
        )));
    }
    if leeway < 0 {
        return Err(invalid(format!("expected leeway >= 0, got {leeway}")));
    }
    let Some(s) = value.as_str() else {
        // `len(s)` of another value: short enough ones come back as they are.
        return match value.len() {
            _ if value.is_undefined() => Ok(value.clone()),
            Some(n) if i64::try_from(n).unwrap_or(i64::MAX) <= length + leeway => Ok(value.clone()),
            _ => Err(invalid(format!(
                "cannot truncate a value of type '{}'",
                pyops::type_name(value)
            ))),
        };
    };
    if i64::try_from(s.chars().count()).unwrap_or(i64::MAX) <= length + leeway {
        return Ok(value.clone());
    }
    let keep = usize::try_from(length - end_len).unwrap_or(0);
    let cut = s.char_indices().nth(keep).map_or(s, |(i, _)| &s[..i]);
    let head = if truthy(&killwords) {
        cut
    } else {
        cut.rsplit_once(' ').map_or(cut, |(a, _)| a)
    };
    Ok(Value::from(format!("{head}{end}")))
}

/// Jinja2's `indent(width=4, first=False, blank=False)`; `width` may be a string.
fn indent(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [width, first, blank] = bind(&args, ["width", "first", "blank"])?;
    let indention = match &width {
        Some(w) if w.as_str().is_some() => w.as_str().unwrap_or_default().to_string(),
        _ => " ".repeat(pystr::check_width(
            usize::try_from(int_arg(width, "width", 4)?).unwrap_or(0),
        )?),
    };
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let Some(s) = value.as_str() else {
        return Err(invalid(format!(
            "unsupported operand type(s) for +=: '{}' and 'str'",
            pyops::type_name(value)
        )));
    };
    let text = format!("{s}\n");
    let lines = pystr::splitlines(&text, false);
    pystr::check_width(indention.len().saturating_mul(lines.len()))?;
    let mut rv = String::with_capacity(text.len() + lines.len() * indention.len());
    if truthy(&first) {
        rv.push_str(&indention);
    }
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            rv.push('\n');
            if truthy(&blank) || !line.is_empty() {
                rv.push_str(&indention);
            }
        }
        rv.push_str(line);
    }
    Ok(Value::from(rv))
}

/// Jinja2's `center(width=80)`: Python's `str.center`.
fn center(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [width] = bind(&args, ["width"])?;
    let width = pystr::check_width(usize::try_from(int_arg(width, "width", 80)?).unwrap_or(0))?;
    Ok(Value::from(pystr::center(
        &soft_str(state, value)?,
        width,
        ' ',
    )))
}

/// Jinja2's `wordcount`: the number of `\w+` runs.
fn wordcount(state: &State, value: &Value) -> Result<Value, Error> {
    let s = soft_str(state, value)?;
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        let w = c.is_alphanumeric() || c == '_';
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    Ok(Value::from(n))
}

/// Jinja2's `url_quote`: UTF-8, percent-encoded but for `A-Za-z0-9_.-~` (and `/` outside
/// query strings); in query strings a space is `+`.
fn url_quote(out: &mut String, v: &Value, for_qs: bool) -> Result<(), Error> {
    let s = pyrepr::str_of(v)?;
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(b as char)
            }
            b'/' if !for_qs => out.push('/'),
            b' ' if for_qs => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    Ok(())
}

/// Jinja2's `urlencode`: a string (or scalar) quoted; a dict or an iterable of pairs as a
/// query string.
fn urlencode(state: &State, value: &Value) -> Result<Value, Error> {
    let mut out = String::new();
    match value.kind() {
        ValueKind::String | ValueKind::None | ValueKind::Bool | ValueKind::Number => {
            url_quote(&mut out, value, false)?
        }
        ValueKind::Map => {
            for (i, pair) in pairs(value)?.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                url_quote(&mut out, &pair.get_item_by_index(0)?, true)?;
                out.push('=');
                url_quote(&mut out, &pair.get_item_by_index(1)?, true)?;
            }
        }
        _ => {
            for (i, pair) in iterate(state, value)?.iter().enumerate() {
                let kv: Vec<Value> = match pair.kind() {
                    ValueKind::Seq | ValueKind::String | ValueKind::Map | ValueKind::Iterable => {
                        pair.try_iter()?.collect()
                    }
                    _ => Vec::new(),
                };
                let [k, v] = <[Value; 2]>::try_from(kv)
                    .map_err(|_| invalid("urlencode needs (key, value) pairs"))?;
                if i > 0 {
                    out.push('&');
                }
                url_quote(&mut out, &k, true)?;
                out.push('=');
                url_quote(&mut out, &v, true)?;
            }
        }
    }
    Ok(Value::from(out))
}

/// MarkupSafe's escaping: `& < > " '`.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut plain_from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&#34;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[plain_from..i]);
        out.push_str(rep);
        plain_from = i + 1;
    }
    out.push_str(&s[plain_from..]);
    out
}

/// Jinja2's `escape`/`e`: escapes `str(value)`, unless it is already safe.
fn escape(state: &State, value: &Value) -> Result<Value, Error> {
    if value.is_safe() {
        return Ok(value.clone());
    }
    Ok(Value::from_safe_string(html_escape(&soft_str(
        state, value,
    )?)))
}

/// Jinja2's `forceescape`: escapes even a safe string.
fn forceescape(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from_safe_string(html_escape(&soft_str(
        state, value,
    )?)))
}

/// Jinja2's `xmlattr(autospace=True)`: `key="value"` pairs, escaped, skipping `None` and
/// undefined values.
fn xmlattr(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [autospace] = bind(&args, ["autospace"])?;
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let mut out = String::new();
    for pair in pairs(value)? {
        let (k, v) = (pair.get_item_by_index(0)?, pair.get_item_by_index(1)?);
        if v.is_none() || v.is_undefined() {
            continue;
        }
        let key = pyrepr::str_of(&k)?;
        if key.contains(|c: char| {
            c.is_ascii_whitespace() || c == '\u{0b}' || matches!(c, '/' | '>' | '=')
        }) {
            return Err(invalid(format!(
                "Invalid character in attribute name: {}",
                pyrepr::repr_of(&k)?
            )));
        }
        if autospace.as_ref().is_none_or(Value::is_true) || !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&html_escape(&key));
        out.push_str("=\"");
        if v.is_safe() {
            out.push_str(v.as_str().unwrap_or_default());
        } else {
            out.push_str(&html_escape(&pyrepr::str_of(&v)?));
        }
        out.push('"');
    }
    Ok(Value::from(out))
}

/// Jinja2's `wordwrap(width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True)`:
/// each line wrapped by Python's `textwrap`, joined with `wrapstring` (a newline).
fn wordwrap(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [width, break_long_words, wrapstring, break_on_hyphens] = bind(
        &args,
        [
            "width",
            "break_long_words",
            "wrapstring",
            "break_on_hyphens",
        ],
    )?;
    let width = int_arg(width, "width", 79)?;
    let Ok(width) = usize::try_from(width) else {
        return Err(invalid(format!("invalid width {width} (must be > 0)")));
    };
    if width == 0 {
        return Err(invalid("invalid width 0 (must be > 0)"));
    }
    let wrapstring = str_arg(wrapstring, "wrapstring")?.unwrap_or_else(|| "\n".to_string());
    let break_long = break_long_words.as_ref().is_none_or(Value::is_true);
    let hyphens = break_on_hyphens.as_ref().is_none_or(Value::is_true);
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let Some(s) = value.as_str() else {
        return Err(invalid(format!(
            "'{}' object has no attribute 'splitlines'",
            pyops::type_name(value)
        )));
    };
    let paragraphs: Vec<String> = pystr::splitlines(s, false)
        .into_iter()
        .map(|line| textwrap::wrap(line, width, break_long, hyphens).join(&wrapstring))
        .collect();
    Ok(Value::from(paragraphs.join(&wrapstring)))
}

/// Jinja2's `striptags`: comments and tags removed, white space collapsed, entities decoded.
fn striptags(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from(html::striptags(&soft_str(state, value)?)))
}

/// Jinja2's `format(*args, **kwargs)`: `str(value) % args` (or `% kwargs`).
fn format(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let fmt = soft_str(state, value)?;
    let (positional, kwargs) = match args.split_last() {
        Some((last, rest)) if last.is_kwargs() => (rest, Some(last)),
        _ => (&args[..], None),
    };
    let out = match kwargs {
        Some(_) if !positional.is_empty() => {
            return Err(invalid(
                "can't handle positional and keyword arguments at the same time",
            ));
        }
        Some(kw) => pyformat::percent_format(&fmt, PercentArgs::Mapping(kw))?,
        None => pyformat::percent_format(&fmt, PercentArgs::Positional(positional))?,
    };
    Ok(Value::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_round_ties_to_even_on_the_binary_value() {
        assert_eq!(python_round(2.5, 0), 2.0);
        assert_eq!(python_round(3.5, 0), 4.0);
        assert_eq!(python_round(2.675, 2), 2.67);
        assert_eq!(python_round(1234.5, -1), 1230.0);
        assert_eq!(python_round(1250.0, -2), 1200.0);
        assert_eq!(python_round(1350.0, -2), 1400.0);
        assert_eq!(python_round(1250.5, -2), 1300.0);
        assert_eq!(python_round(9999.0, -2), 10000.0);
        assert_eq!(python_round(-4.0, -1).to_bits(), (-0.0f64).to_bits());
        assert_eq!(python_round(40.0, -3), 0.0);
    }

    #[test]
    fn int_rounding_is_exact() {
        assert_eq!(round_int(1235, -1), 1240);
        assert_eq!(round_int(1245, -1), 1240);
        assert_eq!(round_int(15, -1), 20);
        assert_eq!(round_int(25, -1), 20);
        assert_eq!(round_int(-25, -1), -20);
        assert_eq!(round_int(42, 2), 42);
    }

    #[test]
    fn int_parsing_follows_python() {
        assert_eq!(parse_int("0x1A", 16), Some(26));
        assert_eq!(parse_int("0x1A", 0), Some(26));
        assert_eq!(parse_int("0x1A", 10), None);
        assert_eq!(parse_int(" 1_000 ", 10), Some(1000));
        assert_eq!(parse_int("1__0", 10), None);
        assert_eq!(parse_int("0b_101", 2), Some(5));
        assert_eq!(parse_int("-777", 8), Some(-511));
        assert_eq!(parse_int("12", 1), None);
        assert!(has_leading_zero("010") && !has_leading_zero("000") && !has_leading_zero("10"));
    }

    #[test]
    fn float_parsing_follows_python() {
        assert_eq!(parse_float(" 2.5 "), Some(2.5));
        assert_eq!(parse_float("1_000.5"), Some(1000.5));
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert_eq!(parse_float("_1"), None);
        assert_eq!(parse_float("--1"), None);
        assert!(parse_float("-Infinity").is_some_and(|f| f == f64::NEG_INFINITY));
        assert_eq!(parse_float("x"), None);
    }

    #[test]
    fn arguments_bind_as_python_binds_them() {
        let kw = |pairs: &[(&str, Value)]| {
            Value::from(minijinja::value::Kwargs::from_iter(
                pairs.iter().map(|(k, v)| (*k, v.clone())),
            ))
        };
        let [a, b, c] = bind(
            &[Value::from(2), kw(&[("method", Value::from("ceil"))])],
            ["precision", "method", "x"],
        )
        .unwrap();
        assert_eq!(
            (a, b, c),
            (Some(Value::from(2)), Some(Value::from("ceil")), None)
        );
        assert!(
            bind(
                &[Value::from(1), kw(&[("precision", Value::from(1))])],
                ["precision"]
            )
            .is_err()
        );
        assert!(bind(&[kw(&[("nope", Value::from(1))])], ["precision"]).is_err());
        assert!(bind(&[Value::from(1), Value::from(2)], ["precision"]).is_err());
    }

    #[test]
    fn escaping_matches_markupsafe() {
        assert_eq!(
            html_escape("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"
        );
    }
}
