//! Python methods on values, as Jinja2 templates call them: `str` methods (`.split`,
//! `.strip`, `.format`, `.startswith`, the `is...` predicates), `dict.get`/`.keys`/`.values`/
//! `.items`, and `list.index`/`.count`. The methods that change a list or dict in place
//! (`append`, `update`, ...) are the lists' and dicts' own (`python/mutable.rs`, and the
//! payload's arrays and objects in `json/`).

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind, State};

use super::filters::bind;
use super::mutable::PyList;
use super::objects::{DictView, Tuple, ViewKind};
use super::pyformat;
use super::pyops::{self, Num};
use super::pyrepr;
use super::pystr;

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

/// Looks up a Python method of a value and calls it.
pub(super) fn unknown_method(
    state: &mut State,
    value: &Value,
    method: &str,
    args: &[Value],
) -> Result<Value, Error> {
    // `'{}'.format(missing)`: an undefined argument is an error where printing it would be
    // (Jinja2 formats its `Undefined`, or refuses a format spec for it).
    if method == "format"
        && state.undefined_behavior() != minijinja::UndefinedBehavior::Lenient
        && args.iter().any(|a| {
            a.is_undefined()
                || (a.is_kwargs()
                    && a.try_iter()
                        .into_iter()
                        .flatten()
                        .any(|k| a.get_item(&k).is_ok_and(|v| v.is_undefined())))
        })
    {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    match value.kind() {
        ValueKind::String => str_method(value.as_str().unwrap_or_default(), method, args),
        ValueKind::Map => dict_method(value, method, args),
        ValueKind::Seq => list_method(value, method, args),
        ValueKind::Number => number_method(value, method, args),
        _ => Err(Error::from(ErrorKind::UnknownMethod)),
    }
}

/// Python's `float.is_integer()`, `int.bit_length()` and `conjugate()` of either.
fn number_method(value: &Value, method: &str, args: &[Value]) -> Result<Value, Error> {
    no_args(args)?;
    match (method, Num::of(value)) {
        ("is_integer", Some(Num::Float(f))) => Ok(Value::from(f.fract() == 0.0)),
        ("bit_length", Some(Num::Int(i))) => {
            Ok(Value::from(128 - i.unsigned_abs().leading_zeros()))
        }
        ("conjugate", Some(_)) => Ok(value.clone()),
        _ => Err(Error::from(ErrorKind::UnknownMethod)),
    }
}

fn no_args(args: &[Value]) -> Result<(), Error> {
    bind(args, []).map(|[]| ())
}

/// An optional integer argument (`None` allowed).
fn opt_int(v: Option<Value>, name: &str) -> Result<Option<i64>, Error> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        Some(v) => match Num::of(&v) {
            Some(Num::Int(i)) => Ok(Some(i64::try_from(i).unwrap_or(if i < 0 {
                i64::MIN
            } else {
                i64::MAX
            }))),
            _ => Err(invalid(format!(
                "{name}: '{}' object cannot be interpreted as an integer",
                pyops::type_name(&v)
            ))),
        },
    }
}

/// A string argument.
fn str_arg(v: Option<Value>, name: &str) -> Result<String, Error> {
    match v {
        Some(v) => v
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| invalid(format!("{name} must be str, not {}", pyops::type_name(&v)))),
        None => Err(Error::new(
            ErrorKind::MissingArgument,
            format!("missing required argument '{name}'"),
        )),
    }
}

/// An optional string argument (`None` allowed).
fn opt_str(v: Option<Value>, name: &str) -> Result<Option<String>, Error> {
    match v {
        None => Ok(None),
        Some(v) if v.is_none() => Ok(None),
        some => str_arg(some, name).map(Some),
    }
}

/// A list of strings (`str.split()`'s), which the template may change in place.
fn strings(v: Vec<String>) -> Value {
    PyList::value(v.into_iter().map(Value::from).collect::<Vec<_>>())
}

fn pad_width(v: Option<Value>) -> Result<usize, Error> {
    let w = opt_int(v, "width")?.ok_or_else(|| {
        Error::new(
            ErrorKind::MissingArgument,
            "missing required argument 'width'",
        )
    })?;
    pystr::check_width(usize::try_from(w).unwrap_or(0))
}

fn fill_char(v: Option<Value>) -> Result<char, Error> {
    match opt_str(v, "fillchar")? {
        None => Ok(' '),
        Some(f) => {
            let mut cs = f.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(invalid(
                    "The fill character must be exactly one character long",
                )),
            }
        }
    }
}

/// `startswith`/`endswith` with a string or a tuple (list) of strings, within `s[start:end]`.
fn affix(s: &str, args: &[Value], ends: bool) -> Result<Value, Error> {
    let [what, start, end] = bind(args, ["prefix", "start", "end"])?;
    let what =
        what.ok_or_else(|| Error::new(ErrorKind::MissingArgument, "missing required argument"))?;
    let (a, b) = pystr::slice_range(s, opt_int(start, "start")?, opt_int(end, "end")?);
    let window = &s[a..b];
    let test = |p: &str| {
        if ends {
            window.ends_with(p)
        } else {
            window.starts_with(p)
        }
    };
    if let Some(p) = what.as_str() {
        return Ok(Value::from(test(p)));
    }
    if what.kind() == ValueKind::Seq {
        for p in what.try_iter()? {
            let p = p.as_str().ok_or_else(|| {
                invalid(format!(
                    "tuple for startswith must only contain str, not {}",
                    pyops::type_name(&p)
                ))
            })?;
            if test(p) {
                return Ok(Value::from(true));
            }
        }
        return Ok(Value::from(false));
    }
    Err(invalid(format!(
        "startswith first arg must be str or a tuple of str, not {}",
        pyops::type_name(&what)
    )))
}

fn str_method(s: &str, method: &str, args: &[Value]) -> Result<Value, Error> {
    let predicate = |f: fn(&str) -> bool| -> Result<Value, Error> {
        no_args(args)?;
        Ok(Value::from(f(s)))
    };
    match method {
        "upper" => no_args(args).map(|()| Value::from(s.to_uppercase())),
        "lower" => no_args(args).map(|()| Value::from(s.to_lowercase())),
        "casefold" => no_args(args).map(|()| Value::from(pystr::casefold(s))),
        "capitalize" => no_args(args).map(|()| Value::from(pystr::capitalize(s))),
        "title" => no_args(args).map(|()| Value::from(pystr::title(s))),
        "swapcase" => no_args(args).map(|()| Value::from(pystr::swapcase(s))),
        "strip" | "lstrip" | "rstrip" => {
            let [chars] = bind(args, ["chars"])?;
            let chars = opt_str(chars, "chars")?;
            Ok(Value::from(pystr::strip(
                s,
                chars.as_deref(),
                method != "rstrip",
                method != "lstrip",
            )))
        }
        "split" | "rsplit" => {
            let [sep, maxsplit] = bind(args, ["sep", "maxsplit"])?;
            let sep = opt_str(sep, "sep")?;
            let maxsplit = opt_int(maxsplit, "maxsplit")?.unwrap_or(-1);
            let parts = if method == "split" {
                pystr::split(s, sep.as_deref(), maxsplit)
            } else {
                pystr::rsplit(s, sep.as_deref(), maxsplit)
            };
            parts.map(strings).map_err(invalid)
        }
        "splitlines" => {
            let [keepends] = bind(args, ["keepends"])?;
            let keep = keepends.is_some_and(|k| k.is_true());
            Ok(PyList::value(
                pystr::splitlines(s, keep)
                    .into_iter()
                    .map(Value::from)
                    .collect::<Vec<_>>(),
            ))
        }
        "replace" => {
            let [old, new, count] = bind(args, ["old", "new", "count"])?;
            let old = str_arg(old, "old")?;
            let new = str_arg(new, "new")?;
            let count = opt_int(count, "count")?.and_then(|c| usize::try_from(c).ok());
            pystr::check_replace(s, &old, &new, count)?;
            Ok(Value::from(match count {
                Some(n) => s.replacen(&old, &new, n),
                None => s.replace(&old, &new),
            }))
        }
        "startswith" => affix(s, args, false),
        "endswith" => affix(s, args, true),
        "find" | "rfind" | "index" | "rindex" | "count" => {
            let [sub, start, end] = bind(args, ["sub", "start", "end"])?;
            let sub = str_arg(sub, "sub")?;
            let (start, end) = (opt_int(start, "start")?, opt_int(end, "end")?);
            if method == "count" {
                return Ok(Value::from(pystr::count(s, &sub, start, end)));
            }
            let i = pystr::find(s, &sub, start, end, method.starts_with('r'));
            if i < 0 && method.ends_with("index") {
                return Err(invalid("substring not found"));
            }
            Ok(Value::from(i))
        }
        "join" => {
            let [items] = bind(args, ["iterable"])?;
            let items = items.ok_or_else(|| {
                Error::new(
                    ErrorKind::MissingArgument,
                    "join() takes exactly one argument",
                )
            })?;
            let mut out = String::new();
            let iter: Vec<Value> = match items.kind() {
                ValueKind::Seq | ValueKind::Iterable | ValueKind::Map | ValueKind::String => {
                    items.try_iter()?.collect()
                }
                _ => return Err(invalid("can only join an iterable")),
            };
            for (i, item) in iter.iter().enumerate() {
                let Some(part) = item.as_str() else {
                    return Err(invalid(format!(
                        "sequence item {i}: expected str instance, {} found",
                        pyops::type_name(item)
                    )));
                };
                if i > 0 {
                    out.push_str(s);
                }
                out.push_str(part);
                super::python::limits::check(out.len())?;
            }
            Ok(Value::from(out))
        }
        "format" => {
            let (positional, kwargs) = match args.split_last() {
                Some((last, rest)) if last.is_kwargs() => (rest, Some(last)),
                _ => (args, None),
            };
            pyformat::str_format(s, positional, kwargs).map(Value::from)
        }
        "zfill" => {
            let [width] = bind(args, ["width"])?;
            let width = pad_width(width)?;
            let len = s.chars().count();
            if len >= width {
                return Ok(Value::from(s));
            }
            let (sign, rest) = match s.chars().next() {
                Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
                _ => (String::new(), s),
            };
            Ok(Value::from(format!(
                "{sign}{}{rest}",
                "0".repeat(width - len)
            )))
        }
        "ljust" | "rjust" | "center" => {
            let [width, fill] = bind(args, ["width", "fillchar"])?;
            let width = pad_width(width)?;
            let fill = fill_char(fill)?;
            if method == "center" {
                return Ok(Value::from(pystr::center(s, width, fill)));
            }
            let pad: String =
                std::iter::repeat_n(fill, width.saturating_sub(s.chars().count())).collect();
            Ok(Value::from(if method == "ljust" {
                format!("{s}{pad}")
            } else {
                format!("{pad}{s}")
            }))
        }
        "removeprefix" | "removesuffix" => {
            let [affix] = bind(args, ["affix"])?;
            let affix = str_arg(affix, "affix")?;
            Ok(Value::from(if method == "removeprefix" {
                s.strip_prefix(affix.as_str()).unwrap_or(s)
            } else {
                s.strip_suffix(affix.as_str()).unwrap_or(s)
            }))
        }
        "partition" | "rpartition" => {
            let [sep] = bind(args, ["sep"])?;
            let sep = str_arg(sep, "sep")?;
            if sep.is_empty() {
                return Err(invalid("empty separator"));
            }
            let found = if method == "partition" {
                s.split_once(sep.as_str())
            } else {
                s.rsplit_once(sep.as_str())
            };
            let parts = match found {
                Some((a, b)) => [a, sep.as_str(), b],
                None if method == "partition" => [s, "", ""],
                None => ["", "", s],
            };
            Ok(Value::from_object(Tuple::new(
                parts.into_iter().map(Value::from).collect(),
            )))
        }
        "expandtabs" => {
            let [tabsize] = bind(args, ["tabsize"])?;
            let n = opt_int(tabsize, "tabsize")?.unwrap_or(8);
            Ok(Value::from(pystr::expandtabs(
                s,
                usize::try_from(n).unwrap_or(0),
            )))
        }
        "isdigit" => predicate(pystr::is_digit),
        "isdecimal" => predicate(pystr::is_decimal),
        "isnumeric" => predicate(pystr::is_numeric),
        "isalpha" => predicate(pystr::is_alpha),
        "isalnum" => predicate(pystr::is_alnum),
        "isspace" => predicate(pystr::is_space_str),
        "islower" => predicate(pystr::is_lower),
        "isupper" => predicate(pystr::is_upper),
        "istitle" => predicate(pystr::is_title),
        "isascii" => predicate(|s| s.is_ascii()),
        "isidentifier" => predicate(pystr::is_identifier),
        "isprintable" => predicate(|s| s.chars().all(pyrepr::is_printable)),
        _ => Err(Error::from(ErrorKind::UnknownMethod)),
    }
}

fn dict_method(value: &Value, method: &str, args: &[Value]) -> Result<Value, Error> {
    let view = |kind: ViewKind| -> Result<Value, Error> {
        no_args(args)?;
        Ok(Value::from_object(DictView {
            kind,
            map: value.clone(),
        }))
    };
    match method {
        "get" => {
            let [key, default] = bind(args, ["key", "default"])?;
            let key = key.ok_or_else(|| {
                Error::new(
                    ErrorKind::MissingArgument,
                    "get expected at least 1 argument, got 0",
                )
            })?;
            let found = value.as_object().and_then(|o| o.get_value(&key));
            Ok(found.unwrap_or_else(|| default.unwrap_or(Value::from(()))))
        }
        "keys" => view(ViewKind::Keys),
        "values" => view(ViewKind::Values),
        "items" => view(ViewKind::Items),
        "copy" => no_args(args).map(|()| value.clone()),
        _ => Err(Error::from(ErrorKind::UnknownMethod)),
    }
}

fn list_method(value: &Value, method: &str, args: &[Value]) -> Result<Value, Error> {
    match method {
        "index" => {
            let [x, start, end] = bind(args, ["value", "start", "end"])?;
            let x = x.ok_or_else(|| {
                Error::new(
                    ErrorKind::MissingArgument,
                    "index expected at least 1 argument, got 0",
                )
            })?;
            let len = i64::try_from(value.len().unwrap_or(0)).unwrap_or(i64::MAX);
            let clamp = |i: i64| if i < 0 { (i + len).max(0) } else { i.min(len) };
            let a = opt_int(start, "start")?.map_or(0, clamp);
            let b = opt_int(end, "end")?.map_or(len, clamp);
            for (i, item) in value.try_iter()?.enumerate() {
                let i = i64::try_from(i).unwrap_or(i64::MAX);
                if i >= a && i < b && pyops::py_eq(&item, &x) {
                    return Ok(Value::from(i));
                }
            }
            Err(invalid(format!("{} is not in list", pyrepr::repr_of(&x)?)))
        }
        "count" => {
            let [x] = bind(args, ["value"])?;
            let x = x.ok_or_else(|| {
                Error::new(
                    ErrorKind::MissingArgument,
                    "count() takes exactly one argument",
                )
            })?;
            Ok(Value::from(
                value
                    .try_iter()?
                    .filter(|item| pyops::py_eq(item, &x))
                    .count(),
            ))
        }
        "copy" => no_args(args).map(|()| value.clone()),
        _ => Err(Error::from(ErrorKind::UnknownMethod)),
    }
}
