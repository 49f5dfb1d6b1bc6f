//! Python's `%`, `~`, `+` and `*`, which compiled templates call in place of the engine's
//! operators (see `machine.rs`): printf formatting when the left side of `%` is a string,
//! `str()` of both sides for `~`, floor modulo for numbers, and no value built larger than
//! [`super::limits::MAX_SIZE`].

use minijinja::value::{Value, ValueKind};
use minijinja::{Error, ErrorKind, State, UndefinedBehavior};

use super::bigint::{self, Op};
use super::limits::{check, check_items};
use super::mutable::PyList;
use super::pyformat::{self, PercentArgs};
use super::pyops::{self, Num, int_value, type_name};
use super::pyrepr;
use minijinja::value::Tuple;

fn unsupported(op: &str, a: &Value, b: &Value) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!(
            "unsupported operand type(s) for {op}: '{}' and '{}'",
            type_name(a),
            type_name(b)
        ),
    )
}

/// An undefined operand: Jinja2's `Undefined` refuses arithmetic in both modes.
fn refuse_undefined(a: &Value, b: &Value) -> Result<(), Error> {
    if a.is_undefined() || b.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    Ok(())
}

/// Python's `a % b`: printf-style formatting when `a` is a string (a tuple gives the
/// arguments, a dict the `%(name)s` mapping, anything else is the one argument); the modulo
/// with the divisor's sign for numbers.
pub(crate) fn rem(_state: &State, a: &Value, b: &Value) -> Result<Value, Error> {
    py_rem(a, b)
}

/// [`rem`] without the render's state.
pub(crate) fn py_rem(a: &Value, b: &Value) -> Result<Value, Error> {
    refuse_undefined(a, b)?;
    if let Some(fmt) = a.as_str() {
        let out = if b.is_tuple() {
            let items: Vec<Value> = b.try_iter()?.collect();
            pyformat::percent_format(fmt, PercentArgs::Positional(&items))?
        } else if b.kind() == ValueKind::Map {
            pyformat::percent_format(fmt, PercentArgs::Mapping(b))?
        } else if b.kind() == ValueKind::Seq && !fmt.contains('%') {
            // A list is a mapping to Python's `%` (it has `__getitem__`): with nothing to
            // format, no argument is left unconverted.
            fmt.to_string()
        } else {
            pyformat::percent_format(fmt, PercentArgs::Positional(std::slice::from_ref(b)))?
        };
        return Ok(Value::from(out));
    }
    if bigint::is_big(a) || bigint::is_big(b) {
        return bigint::binop(Op::Mod, a, b)?.ok_or_else(|| unsupported("%", a, b));
    }
    match (Num::of(a), Num::of(b)) {
        (Some(Num::Int(_)), Some(Num::Int(0))) => Err(Error::new(
            ErrorKind::InvalidOperation,
            "integer modulo by zero",
        )),
        (Some(Num::Int(x)), Some(Num::Int(y))) => {
            let r = x.checked_rem(y).unwrap_or(0);
            Ok(int_value(if r != 0 && (r < 0) != (y < 0) {
                r + y
            } else {
                r
            }))
        }
        (Some(x), Some(y)) => {
            let (x, y) = (x.as_f64(), y.as_f64());
            if y == 0.0 {
                return Err(Error::new(ErrorKind::InvalidOperation, "float modulo"));
            }
            let mut r = x % y;
            if r != 0.0 && (r < 0.0) != (y < 0.0) {
                r += y;
            } else if r == 0.0 {
                r = 0.0_f64.copysign(y);
            }
            Ok(Value::from(r))
        }
        _ => Err(unsupported("%", a, b)),
    }
}

/// Jinja2's `a ~ b`: `str(a) + str(b)` (`True`, `None`, `['a']`, `1e+20` as Python prints
/// them). An undefined side is empty in lenient mode and an error in strict mode.
pub(crate) fn concat(state: &State, a: &Value, b: &Value) -> Result<Value, Error> {
    py_concat(
        a,
        b,
        state.undefined_behavior() == UndefinedBehavior::Lenient,
    )
}

/// [`concat`] without the render's state.
pub(crate) fn py_concat(a: &Value, b: &Value, lenient: bool) -> Result<Value, Error> {
    let mut out = String::new();
    for v in [a, b] {
        if v.is_undefined() {
            if lenient {
                continue;
            }
            return Err(Error::from(ErrorKind::UndefinedError));
        }
        match v.as_str() {
            Some(s) => {
                check(out.len() + s.len())?;
                out.push_str(s);
            }
            None => {
                let s = pyrepr::str_of(v)?;
                check(out.len() + s.len())?;
                out.push_str(&s);
            }
        }
    }
    Ok(Value::from(out))
}

/// Python's `a + b`: numbers, strings, lists and tuples.
pub(crate) fn add(_state: &State, a: &Value, b: &Value) -> Result<Value, Error> {
    py_add(a, b)
}

/// [`add`] without the render's state.
pub(crate) fn py_add(a: &Value, b: &Value) -> Result<Value, Error> {
    refuse_undefined(a, b)?;
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str())
        && a.kind() == ValueKind::String
        && b.kind() == ValueKind::String
    {
        check(x.len() + y.len())?;
        return Ok(Value::from([x, y].concat()));
    }
    if a.kind() == ValueKind::Seq && b.kind() == ValueKind::Seq {
        check_items(a.len().unwrap_or(0) + b.len().unwrap_or(0))?;
        // A new list, which the template may change in place as Python's.
        if !a.is_tuple() && !b.is_tuple() {
            let items = a.try_iter()?.chain(b.try_iter()?).collect();
            return Ok(PyList::value(items));
        }
    }
    pyops::py_add(a, b)
}

/// Python's `a * b`: numbers, or a string, list or tuple repeated (none for a count below 1).
pub(crate) fn mul(_state: &State, a: &Value, b: &Value) -> Result<Value, Error> {
    py_mul(a, b)
}

/// [`mul`] without the render's state.
pub(crate) fn py_mul(a: &Value, b: &Value) -> Result<Value, Error> {
    refuse_undefined(a, b)?;
    if bigint::is_big(a) || bigint::is_big(b) {
        return bigint::binop(Op::Mul, a, b)?.ok_or_else(|| unsupported("*", a, b));
    }
    match (Num::of(a), Num::of(b)) {
        (Some(Num::Int(x)), Some(Num::Int(y))) => {
            return match x.checked_mul(y) {
                Some(z) => Ok(int_value(z)),
                None => bigint::arith(Op::Mul, &x.into(), &y.into()),
            };
        }
        (Some(x), Some(y)) => return Ok(Value::from(x.as_f64() * y.as_f64())),
        _ => {}
    }
    let (seq, count) = match (Num::of(a), Num::of(b)) {
        (None, Some(Num::Int(n))) => (a, n),
        (Some(Num::Int(n)), None) => (b, n),
        _ => return Err(unsupported("*", a, b)),
    };
    let count = usize::try_from(count.max(0)).unwrap_or(usize::MAX);
    match seq.kind() {
        ValueKind::String => {
            let s = seq.as_str().unwrap_or_default();
            check(s.len().saturating_mul(count))?;
            Ok(Value::from(s.repeat(count)))
        }
        ValueKind::Seq => {
            let items: Vec<Value> = seq.try_iter()?.collect();
            check_items(items.len().saturating_mul(count))?;
            let repeated: Vec<Value> = (0..count).flat_map(|_| items.iter().cloned()).collect();
            Ok(if seq.is_tuple() {
                Value::from_object(Tuple::new(repeated))
            } else {
                PyList::value(repeated)
            })
        }
        _ => Err(unsupported("*", a, b)),
    }
}

/// Python's `<`, `<=`, `>` and `>=`: numbers with numbers (NaN compares false), strings with
/// strings, lists with lists and tuples with tuples item by item; other pairs are a
/// `TypeError`, as in Jinja2 (`0 < 'a'`, `none < 1`), where the engine would order them.
pub(crate) fn py_order(a: &Value, b: &Value, op: &str) -> Result<Value, Error> {
    use std::cmp::Ordering::{Greater, Less};
    let ord = match (Num::of(a), Num::of(b)) {
        (Some(x), Some(y)) => pyops::cmp_nums(x, y),
        _ if bigint::is_big(a) || bigint::is_big(b) => {
            bigint::cmp(a, b).or_else(|| pyops::py_cmp(a, b).ok())
        }
        _ => Some(pyops::py_cmp(a, b).map_err(|e| {
            if e.kind() == ErrorKind::InvalidOperation {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!(
                        "'{op}' not supported between instances of '{}' and '{}'",
                        type_name(a),
                        type_name(b)
                    ),
                )
            } else {
                e
            }
        })?),
    };
    let holds = match (op, ord) {
        (_, None) => false,
        ("<", Some(o)) => o == Less,
        ("<=", Some(o)) => o != Greater,
        (">", Some(o)) => o == Greater,
        (_, Some(o)) => o != Less,
    };
    Ok(Value::from(holds))
}

pub(crate) fn lt(a: &Value, b: &Value) -> Result<Value, Error> {
    py_order(a, b, "<")
}

pub(crate) fn lte(a: &Value, b: &Value) -> Result<Value, Error> {
    py_order(a, b, "<=")
}

pub(crate) fn gt(a: &Value, b: &Value) -> Result<Value, Error> {
    py_order(a, b, ">")
}

pub(crate) fn gte(a: &Value, b: &Value) -> Result<Value, Error> {
    py_order(a, b, ">=")
}

/// Python's `item in container`: a substring of a string (only a string can be one), a key
/// of a dict, an item of a list, tuple or other iterable, equal as Python compares.
pub(crate) fn py_in(state: &State, item: &Value, container: &Value) -> Result<Value, Error> {
    let lenient = state.undefined_behavior() == UndefinedBehavior::Lenient;
    if container.is_undefined() {
        return if lenient {
            Ok(Value::from(false))
        } else {
            Err(Error::from(ErrorKind::UndefinedError))
        };
    }
    if item.is_undefined() && !lenient {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let found = match container.kind() {
        ValueKind::String => {
            let Some(needle) = item.as_str().filter(|_| item.kind() == ValueKind::String) else {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!(
                        "'in <string>' requires string as left operand, not {}",
                        type_name(item)
                    ),
                ));
            };
            container.as_str().unwrap_or_default().contains(needle)
        }
        ValueKind::Map if item.kind() == ValueKind::String => {
            !container.get_item(item)?.is_undefined()
                || container.try_iter()?.any(|k| pyops::py_eq(&k, item))
        }
        ValueKind::Map | ValueKind::Seq | ValueKind::Iterable => {
            container.try_iter()?.any(|x| pyops::py_eq(&x, item))
        }
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "argument of type '{}' is not iterable",
                    type_name(container)
                ),
            ));
        }
    };
    Ok(Value::from(found))
}

fn zero_division(msg: &str) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.to_owned())
}

fn bad_operand(op: &str, v: &Value) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!("bad operand type for unary {op}: '{}'", type_name(v)),
    )
}

/// Python's `a - b` on numbers.
pub(crate) fn sub(a: &Value, b: &Value) -> Result<Value, Error> {
    refuse_undefined(a, b)?;
    if bigint::is_big(a) || bigint::is_big(b) {
        return bigint::binop(Op::Sub, a, b)?.ok_or_else(|| unsupported("-", a, b));
    }
    match (Num::of(a), Num::of(b)) {
        (Some(Num::Int(x)), Some(Num::Int(y))) => Ok(match x.checked_sub(y) {
            Some(z) => int_value(z),
            None => bigint::value(num_bigint::BigInt::from(x) - y),
        }),
        (Some(x), Some(y)) => Ok(Value::from(x.as_f64() - y.as_f64())),
        _ => Err(unsupported("-", a, b)),
    }
}

/// Python's `a / b`: always a float.
pub(crate) fn div(a: &Value, b: &Value) -> Result<Value, Error> {
    refuse_undefined(a, b)?;
    let float = |v: &Value| match bigint::of_big(v) {
        Some(i) => num_traits::ToPrimitive::to_f64(&i),
        None => Num::of(v).map(Num::as_f64),
    };
    let (Some(x), Some(y)) = (float(a), float(b)) else {
        return Err(unsupported("/", a, b));
    };
    if y == 0.0 {
        return Err(zero_division("division by zero"));
    }
    Ok(Value::from(x / y))
}

/// Python's `a // b`: floor division, an integer for integers.
pub(crate) fn floordiv(a: &Value, b: &Value) -> Result<Value, Error> {
    refuse_undefined(a, b)?;
    if bigint::is_big(a) || bigint::is_big(b) {
        return bigint::binop(Op::FloorDiv, a, b)?.ok_or_else(|| unsupported("//", a, b));
    }
    match (Num::of(a), Num::of(b)) {
        (Some(Num::Int(_)), Some(Num::Int(0))) => {
            Err(zero_division("integer division or modulo by zero"))
        }
        // (`i128::MIN // -1` is the one quotient past 128 bits.)
        (Some(Num::Int(x)), Some(Num::Int(y))) if x == i128::MIN && y == -1 => {
            bigint::arith(Op::FloorDiv, &x.into(), &y.into())
        }
        (Some(Num::Int(x)), Some(Num::Int(y))) => {
            Ok(int_value(num_integer::Integer::div_floor(&x, &y)))
        }
        (Some(x), Some(y)) => {
            let (x, y) = (x.as_f64(), y.as_f64());
            if y == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            // CPython's float floor division.
            let m = x % y;
            let mut d = (x - m) / y;
            if m != 0.0 && ((y < 0.0) != (m < 0.0)) {
                d -= 1.0;
            }
            let q = if d != 0.0 {
                let f = d.floor();
                if d - f > 0.5 { f + 1.0 } else { f }
            } else {
                0.0_f64.copysign(x / y)
            };
            Ok(Value::from(q))
        }
        _ => Err(unsupported("//", a, b)),
    }
}

/// Python's `a ** b`: an integer for integers (a float for a negative exponent), a float
/// otherwise; an error where Python overflows a float.
pub(crate) fn pow(a: &Value, b: &Value) -> Result<Value, Error> {
    refuse_undefined(a, b)?;
    if bigint::is_big(a) || bigint::is_big(b) {
        return bigint::binop(Op::Pow, a, b)?.ok_or_else(|| unsupported("** or pow()", a, b));
    }
    match (Num::of(a), Num::of(b)) {
        (Some(Num::Int(x)), Some(Num::Int(y))) if y >= 0 => {
            match u32::try_from(y).ok().and_then(|e| x.checked_pow(e)) {
                Some(z) => Ok(int_value(z)),
                None => bigint::arith(Op::Pow, &x.into(), &y.into()),
            }
        }
        (Some(x), Some(y)) => {
            let (x, y) = (x.as_f64(), y.as_f64());
            if x == 0.0 && y < 0.0 {
                return Err(zero_division("0.0 cannot be raised to a negative power"));
            }
            if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    "a negative number raised to a fractional power is a complex number",
                ));
            }
            let z = x.powf(y);
            if z.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    "(34, 'Numerical result out of range')",
                ));
            }
            Ok(Value::from(z))
        }
        _ => Err(unsupported("** or pow()", a, b)),
    }
}

/// Python's unary `-`.
pub(crate) fn neg(v: &Value) -> Result<Value, Error> {
    if v.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    if let Some(i) = bigint::of_big(v) {
        return Ok(bigint::value(-i));
    }
    match Num::of(v) {
        Some(Num::Int(i)) => Ok(match i.checked_neg() {
            Some(n) => int_value(n),
            None => bigint::value(-num_bigint::BigInt::from(i)),
        }),
        Some(Num::Float(f)) => Ok(Value::from(-f)),
        None => Err(bad_operand("-", v)),
    }
}

/// Python's `value[start:stop:step]` on a string, list or tuple: a string, list or tuple again
/// (a list the template may change in place), with Python's bounds.
pub(crate) fn slice(
    value: &Value,
    start: &Value,
    stop: &Value,
    step: &Value,
) -> Result<Value, Error> {
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let index = |v: &Value| -> Result<Option<i128>, Error> {
        if v.is_none() {
            return Ok(None);
        }
        if let Some(b) = bigint::of_big(v) {
            return Ok(Some(if num_traits::Signed::is_negative(&b) {
                i128::MIN
            } else {
                i128::MAX
            }));
        }
        match Num::of(v) {
            Some(Num::Int(i)) => Ok(Some(i)),
            _ if v.is_undefined() => Err(Error::from(ErrorKind::UndefinedError)),
            _ => Err(Error::new(
                ErrorKind::InvalidOperation,
                "slice indices must be integers or None or have an __index__ method",
            )),
        }
    };
    let (start, stop, step) = (index(start)?, index(stop)?, index(step)?.unwrap_or(1));
    if step == 0 {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "slice step cannot be zero",
        ));
    }
    let chars: Vec<char>;
    let items: Vec<Value>;
    let len = match value.kind() {
        ValueKind::String => {
            chars = value.as_str().unwrap_or_default().chars().collect();
            items = Vec::new();
            chars.len()
        }
        ValueKind::Seq => {
            chars = Vec::new();
            items = value.try_iter()?.collect();
            items.len()
        }
        _ => {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                format!("'{}' object is not subscriptable", type_name(value)),
            ));
        }
    };
    // CPython's `PySlice_AdjustIndices`.
    let n = len as i128;
    let (lower, upper) = if step > 0 { (0, n) } else { (-1, n - 1) };
    let adjust = |i: Option<i128>, default: i128| match i {
        None => default,
        Some(i) if i < 0 => (i + n).max(lower),
        Some(i) => i.min(upper),
    };
    let (from, to) = if step > 0 {
        (adjust(start, lower), adjust(stop, upper))
    } else {
        (adjust(start, upper), adjust(stop, lower))
    };
    let mut picked = Vec::new();
    let mut i = from;
    while (step > 0 && i < to) || (step < 0 && i > to) {
        picked.push(i as usize);
        i = match i.checked_add(step) {
            Some(next) => next,
            None => break,
        };
    }
    Ok(match value.kind() {
        ValueKind::String => Value::from(picked.into_iter().map(|i| chars[i]).collect::<String>()),
        _ => {
            let picked: Vec<Value> = picked.into_iter().map(|i| items[i].clone()).collect();
            if value.is_tuple() {
                Value::from_object(Tuple::new(picked))
            } else {
                PyList::value(picked)
            }
        }
    })
}
