//! Filters and methods that differ from MiniJinja's defaults, made to match Jinja2, and
//! Oomnitza's `as_is`.

use minijinja::value::{Kwargs, Rest, StringInput, Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State};

use super::pyrepr;

/// Adds the Jinja2-compatible filters to an environment.
pub fn register(env: &mut Environment<'static>) {
    env.add_filter("tojson", tojson);
    env.add_filter("as_is", as_is);
    env.add_filter("string", string);
    env.add_filter("join", join);
    env.add_filter("round", round);
    env.add_filter("int", int);
    env.add_filter("title", title);
    env.add_filter("pprint", pprint);
    env.add_filter("center", center);
    env.add_filter("truncate", minijinja_contrib::filters::truncate);
    env.add_filter("striptags", minijinja_contrib::filters::striptags);
    env.add_filter("wordcount", minijinja_contrib::filters::wordcount);
    env.add_filter("wordwrap", minijinja_contrib::filters::wordwrap);
    env.add_filter("filesizeformat", minijinja_contrib::filters::filesizeformat);
    env.add_filter("indent", indent);
    env.add_test("divisibleby", divisibleby);
}

/// The widest result `zfill`, `ljust`, `rjust` and `center` pad to: MiniJinja's own limit on a
/// repeated string (`"x" * n`). Python would try, and run out of memory.
const MAX_WIDTH: usize = 100_000_000;

/// The largest `tojson` indent: JSON is indented for people to read.
const MAX_INDENT: usize = 100;

/// A padding width, refused past [`MAX_WIDTH`].
fn width_arg(width: usize) -> Result<usize, Error> {
    if width > MAX_WIDTH {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("padding to {width} characters is over the limit of {MAX_WIDTH}"),
        ));
    }
    Ok(width)
}

/// MiniJinja's `indent`, refused when it would pad more than [`MAX_WIDTH`] in all (it
/// allocates the padding whatever its size).
fn indent(
    value: StringInput<'_>,
    width: Option<usize>,
    first: Option<bool>,
    blank: Option<bool>,
    kwargs: Kwargs,
) -> Result<Value, Error> {
    let pad = match width {
        Some(w) => w,
        None => kwargs.get::<Option<usize>>("width")?.unwrap_or(4),
    };
    let lines = value.as_str().matches('\n').count() + 1;
    width_arg(pad.saturating_mul(lines))?;
    minijinja::filters::indent(value, width, first, blank, kwargs)
}

/// Jinja2's `divisibleby` (`value % num == 0`), without MiniJinja's panic on a zero divisor:
/// dividing by zero is an error, as in Python.
fn divisibleby(value: &Value, num: &Value) -> Result<bool, Error> {
    let is_int = |v: &Value| v.kind() != ValueKind::Number || v.is_integer();
    if is_int(value)
        && is_int(num)
        && let (Ok(a), Ok(b)) = (i128::try_from(value.clone()), i128::try_from(num.clone()))
    {
        return match b {
            0 => Err(Error::new(
                ErrorKind::InvalidOperation,
                "divisibleby(0): division by zero",
            )),
            // Only i128::MIN % -1 overflows, and it divides.
            _ => Ok(a.checked_rem(b).is_none_or(|r| r == 0)),
        };
    }
    Ok(minijinja::tests::is_divisibleby(value, num))
}

/// Python methods on values (`.get`, `.items`, `.split`, ...): MiniJinja's Python
/// compatibility layer, plus a few more string methods.
pub fn unknown_method(
    state: &State,
    value: &Value,
    method: &str,
    args: &[Value],
) -> Result<Value, Error> {
    if let Some(s) = value.as_str() {
        let arg_str = |i: usize| args.get(i).and_then(|a| a.as_str().map(str::to_string));
        let arg_int = |i: usize| args.get(i).and_then(|a| i64::try_from(a.clone()).ok());
        match method {
            "zfill" => {
                let width = width_arg(usize::try_from(arg_int(0).unwrap_or(0)).unwrap_or(0))?;
                let len = s.chars().count();
                if len >= width {
                    return Ok(Value::from(s));
                }
                let (sign, rest) = match s.chars().next() {
                    Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
                    _ => (String::new(), s),
                };
                return Ok(Value::from(format!(
                    "{sign}{}{rest}",
                    "0".repeat(width - len)
                )));
            }
            "ljust" | "rjust" => {
                let width = width_arg(usize::try_from(arg_int(0).unwrap_or(0)).unwrap_or(0))?;
                let fill = arg_str(1).and_then(|f| f.chars().next()).unwrap_or(' ');
                let len = s.chars().count();
                let pad: String = std::iter::repeat_n(fill, width.saturating_sub(len)).collect();
                return Ok(Value::from(if method == "ljust" {
                    format!("{s}{pad}")
                } else {
                    format!("{pad}{s}")
                }));
            }
            "removeprefix" => {
                let p = arg_str(0).unwrap_or_default();
                return Ok(Value::from(s.strip_prefix(p.as_str()).unwrap_or(s)));
            }
            "removesuffix" => {
                let p = arg_str(0).unwrap_or_default();
                return Ok(Value::from(s.strip_suffix(p.as_str()).unwrap_or(s)));
            }
            "swapcase" => {
                return Ok(Value::from(
                    s.chars()
                        .flat_map(|c| -> Vec<char> {
                            if c.is_uppercase() {
                                c.to_lowercase().collect()
                            } else {
                                c.to_uppercase().collect()
                            }
                        })
                        .collect::<String>(),
                ));
            }
            "casefold" => return Ok(Value::from(s.to_lowercase())),
            "partition" | "rpartition" => {
                let sep = arg_str(0).unwrap_or_default();
                if sep.is_empty() {
                    return Err(Error::new(ErrorKind::InvalidOperation, "empty separator"));
                }
                let found = if method == "partition" {
                    s.split_once(sep.as_str())
                } else {
                    s.rsplit_once(sep.as_str())
                };
                let parts = match found {
                    Some((a, b)) => vec![a.to_string(), sep, b.to_string()],
                    None if method == "partition" => {
                        vec![s.to_string(), String::new(), String::new()]
                    }
                    None => vec![String::new(), String::new(), s.to_string()],
                };
                return Ok(Value::from(parts));
            }
            "index" => {
                let sub = arg_str(0).unwrap_or_default();
                return match s.find(sub.as_str()) {
                    Some(i) => Ok(Value::from(s[..i].chars().count())),
                    None => Err(Error::new(
                        ErrorKind::InvalidOperation,
                        "substring not found",
                    )),
                };
            }
            _ => {}
        }
    }
    minijinja_contrib::pycompat::unknown_method_callback(state, value, method, args)
}

/// Jinja2's `tojson`: `json.dumps(value, sort_keys=True)` with HTML-safe escapes.
fn tojson(value: &Value, indent: Option<Value>, kwargs: Kwargs) -> Result<Value, Error> {
    let indent = match indent.or(kwargs.get::<Option<Value>>("indent")?) {
        None => None,
        Some(v) if v.is_none() => None,
        Some(v) => Some(
            usize::try_from(v)
                .ok()
                .filter(|&n| n <= MAX_INDENT)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::InvalidOperation,
                        format!("indent must be a number from 0 to {MAX_INDENT}"),
                    )
                })?,
        ),
    };
    kwargs.assert_all_used()?;
    let mut out = String::new();
    pyrepr::write_json(&mut out, value, indent, true, 0)
        .map_err(|e| Error::new(ErrorKind::InvalidOperation, format!("tojson: {e}")))?;
    Ok(Value::from_safe_string(out))
}

/// Oomnitza's `as_is`: keep a value as a string (what Python's `str()` gives).
fn as_is(value: &Value) -> Result<Value, Error> {
    let mut s = String::new();
    pyrepr::write_str(&mut s, value).map_err(invalid)?;
    Ok(Value::from(s))
}

/// Jinja2's `string`: Python's `str()`.
fn string(value: &Value) -> Result<Value, Error> {
    if value.kind() == ValueKind::String {
        return Ok(value.clone());
    }
    as_is(value)
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

/// Jinja2's `join`: `str()` of each item (or of an attribute of each item).
fn join(state: &State, value: &Value, d: Option<&str>, kwargs: Kwargs) -> Result<String, Error> {
    let attribute: Option<String> = kwargs.get("attribute")?;
    let sep: Option<String> = kwargs.get("d")?;
    kwargs.assert_all_used()?;
    let sep = d.map(str::to_string).or(sep).unwrap_or_default();
    if value.is_undefined() || value.is_none() {
        return Ok(String::new());
    }
    if let Some(s) = value.as_str() {
        return Ok(s.chars().map(String::from).collect::<Vec<_>>().join(&sep));
    }
    let mut out = String::new();
    for (i, item) in value.try_iter()?.enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        let item = match &attribute {
            Some(a) => lookup_attr(state, &item, a)?,
            None => item,
        };
        pyrepr::write_str(&mut out, &item).map_err(invalid)?;
    }
    Ok(out)
}

fn lookup_attr(_state: &State, item: &Value, path: &str) -> Result<Value, Error> {
    let mut cur = item.clone();
    for part in path.split('.') {
        cur = match part.parse::<i64>() {
            Ok(n) => cur.get_item(&Value::from(n))?,
            Err(_) => cur.get_attr(part)?,
        };
    }
    Ok(cur)
}

/// Jinja2's `round`: Python's `round` (ties to even, on the exact binary value), or ceil/floor.
fn round(value: &Value, precision: Option<i32>, kwargs: Kwargs) -> Result<Value, Error> {
    let method: Option<String> = kwargs.get("method")?;
    let precision = match precision {
        Some(p) => p,
        None => kwargs.get::<Option<i32>>("precision")?.unwrap_or(0),
    };
    kwargs.assert_all_used()?;
    let x = f64::try_from(value.clone())
        .map_err(|_| Error::new(ErrorKind::InvalidOperation, "round needs a number"))?;
    let method = method.as_deref().unwrap_or("common");
    let scale = 10f64.powi(precision);
    let r = match method {
        "common" => python_round(x, precision),
        "ceil" => (x * scale).ceil() / scale,
        "floor" => (x * scale).floor() / scale,
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "method must be common, ceil or floor",
            ));
        }
    };
    Ok(Value::from(r))
}

/// Python's `round(x, n)`: correctly rounded on the exact decimal value, ties to even.
fn python_round(x: f64, n: i32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    // As CPython: past these every double is already rounded, or rounds to zero (and the
    // format below would be gigabytes, the negation below overflow).
    if n > 323 {
        return x;
    }
    if n < -308 {
        return 0.0 * x;
    }
    if n >= 0 {
        // Rust formats the exact binary value with round-half-to-even.
        format!("{x:.prec$}", prec = usize::try_from(n).unwrap_or(0))
            .parse()
            .unwrap_or(x)
    } else {
        let scale = 10f64.powi(-n);
        let y = x / scale;
        let r = y.round();
        let r = if (y - y.trunc()).abs() == 0.5 {
            2.0 * (y / 2.0).round()
        } else {
            r
        };
        r * scale
    }
}

/// Jinja2's `int`: int(value), else int(float(value)) for strings, else the default.
fn int(value: &Value, default: Option<Value>, kwargs: Kwargs) -> Result<Value, Error> {
    let default = match default {
        Some(d) => d,
        None => kwargs
            .get::<Option<Value>>("default")?
            .unwrap_or(Value::from(0)),
    };
    let base: Option<u32> = kwargs.get("base")?;
    kwargs.assert_all_used()?;
    let base = base.unwrap_or(10);
    Ok(match value.kind() {
        ValueKind::Bool => Value::from(i64::from(value.is_true())),
        ValueKind::Number if value.is_integer() => value.clone(),
        ValueKind::Number => f64::try_from(value.clone())
            .map(|f| Value::from(f.trunc() as i128))
            .unwrap_or(default),
        ValueKind::String => {
            let s = value.as_str().unwrap_or_default().trim().replace('_', "");
            let digits = match base {
                16 => s
                    .trim_start_matches("0x")
                    .trim_start_matches("0X")
                    .to_string(),
                8 => s
                    .trim_start_matches("0o")
                    .trim_start_matches("0O")
                    .to_string(),
                2 => s
                    .trim_start_matches("0b")
                    .trim_start_matches("0B")
                    .to_string(),
                _ => s.clone(),
            };
            // A base outside 2..=36 is an error in Python's int() (Jinja2 then tries float());
            // from_str_radix would panic.
            let parsed = (2..=36)
                .contains(&base)
                .then(|| i128::from_str_radix(&digits, base).ok())
                .flatten();
            if let Some(i) = parsed {
                Value::from(i)
            } else if let Ok(f) = s.parse::<f64>() {
                if f.is_finite() {
                    Value::from(f.trunc() as i128)
                } else {
                    default
                }
            } else {
                default
            }
        }
        _ => default,
    })
}

/// Jinja2's `title`: capitalize each word, words split on whitespace, `-`, and opening brackets.
fn title(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut start = true;
    for c in value.chars() {
        if c.is_whitespace() || matches!(c, '-' | '(' | '{' | '[' | '<') {
            out.push(c);
            start = true;
        } else if start {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Jinja2's `pprint` for values that fit on a line: Python's `repr`.
fn pprint(value: &Value) -> Result<String, Error> {
    let mut s = String::new();
    pyrepr::write_repr(&mut s, value).map_err(invalid)?;
    Ok(s)
}

/// Python's `str.center`.
fn center(value: &str, width: Option<usize>, _rest: Rest<Value>) -> Result<String, Error> {
    let width = width_arg(width.unwrap_or(80))?;
    let len = value.chars().count();
    if len >= width {
        return Ok(value.to_string());
    }
    let marg = width - len;
    let left = marg / 2 + (marg & width & 1);
    Ok(format!(
        "{}{value}{}",
        " ".repeat(left),
        " ".repeat(marg - left)
    ))
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
        assert_eq!(python_round(0.1, i32::MAX), 0.1);
        assert_eq!(python_round(-5e300, i32::MIN), -0.0);
    }

    #[test]
    fn title_matches_jinja2() {
        assert_eq!(
            title("hello wORLD-foo (bar) it's"),
            "Hello World-Foo (Bar) It's"
        );
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        assert!(divisibleby(&Value::from(4), &Value::from(0)).is_err());
        assert!(divisibleby(&Value::from(true), &Value::from(false)).is_err());
        assert!(divisibleby(&Value::from(i128::MIN), &Value::from(-1)).unwrap());
        assert!(divisibleby(&Value::from(6), &Value::from(3)).unwrap());
        assert!(!divisibleby(&Value::from(4.5), &Value::from(2)).unwrap());
        assert!(width_arg(MAX_WIDTH + 1).is_err());
    }

    #[test]
    fn center_matches_python() {
        assert_eq!(center("ab", Some(5), Rest(vec![])).unwrap(), "  ab ");
        assert_eq!(center("abc", Some(6), Rest(vec![])).unwrap(), " abc  ");
        assert!(center("a", Some(usize::MAX), Rest(vec![])).is_err());
    }
}
