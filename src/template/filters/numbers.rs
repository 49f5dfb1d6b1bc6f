//! Number filters: `int`, `float`, `abs`, `round`, `sum`, `min`, `max`, with Python's parsing and rounding.

use super::*;
use crate::template::python::bigint;
use num_traits::FromPrimitive;

/// The first of each run of ten Unicode decimal digits (category Nd, as Python 3.11 knows
/// them), 0 to 9 in order.
pub(super) const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// The text with every Unicode decimal digit as its ASCII digit, as Python's `int()` and
/// `float()` read it (`int('١٢٣')` is 123).
pub(super) fn ascii_digits(text: &str) -> Cow<'_, str> {
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
pub(super) fn parse_int(text: &str, base: u32) -> Option<i128> {
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
pub(super) fn parse_float(text: &str) -> Option<f64> {
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
pub(super) fn int(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
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
            // Python's `int()` of a large float is its exact integer.
            num_bigint::BigInt::from_f64(f.trunc()).map_or(default.clone(), bigint::value)
        }
    };
    if bigint::is_big(value) {
        return Ok(value.clone());
    }
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
                // Decimal digits past 128 bits are a Python `int` too.
                let long = || {
                    let t = pystr::strip(s, None, true, true).replace('_', "");
                    (base == 10 || base == 0)
                        .then(|| bigint::parse(t.strip_prefix('+').unwrap_or(&t)))
                        .flatten()
                        .filter(|_| !has_leading_zero(s))
                };
                match parsed {
                    Some(n) => int_value(n),
                    None => long()
                        .or_else(|| parse_float(s).map(from_float))
                        .unwrap_or(default.clone()),
                }
            }
            None => default,
        },
    })
}

/// A decimal literal with a leading zero (`010`), which `int(s, 0)` rejects.
pub(super) fn has_leading_zero(s: &str) -> bool {
    let t = pystr::strip(s, None, true, true).trim_start_matches(['+', '-']);
    let digits: String = t.chars().filter(|&c| c != '_').collect();
    digits.len() > 1
        && digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().any(|b| b != b'0')
}

/// Jinja2's `float(default=0.0)`: `float(value)`, else the default (as given).
pub(super) fn float(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
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
pub(super) fn abs(value: &Value) -> Result<Value, Error> {
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
pub(super) fn pow10(n: i64) -> f64 {
    10f64.powi(i32::try_from(n).unwrap_or(if n < 0 { i32::MIN } else { i32::MAX }))
}

/// Jinja2's `round(precision=0, method='common')`: Python's `round(value, precision)` for
/// `common` (an int stays an int), else `math.ceil`/`math.floor` of `value * 10**precision`
/// divided back (always a float).
pub(super) fn round(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
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
pub(super) fn round_int(i: i128, n: i64) -> i128 {
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
pub(super) fn python_round(x: f64, n: i64) -> f64 {
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
pub(super) fn sum(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
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

pub(super) fn min_or_max(
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
pub(super) fn min(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    min_or_max(state, value, &args, std::cmp::Ordering::Less)
}

/// Jinja2's `max(case_sensitive=False, attribute=None)`.
pub(super) fn max(state: &State, value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    min_or_max(state, value, &args, std::cmp::Ordering::Greater)
}
