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

mod numbers;
mod output;
mod sequences;
mod strings;

use numbers::*;
use output::*;
use sequences::*;
use strings::*;

/// Adds the Jinja2-compatible filters to an environment.
pub(super) fn register(env: &mut Environment<'static>) {
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
