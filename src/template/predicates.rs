//! Tests (`x is number`, `x is sequence`, ...) with Jinja2's definitions, which follow Python's
//! types: `bool` is a number, strings and dicts are sequences, `is lower` is `str.islower()`.

use std::cmp::Ordering;

use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind, State};

use super::objects::{Cycler, DictView, GroupTuple};
use super::pyops::{self, Num};
use super::{pyrepr, pystr};

/// Adds the Jinja2-compatible tests to an environment.
pub(super) fn register(env: &mut Environment<'static>) {
    // MiniJinja's own tests that Jinja2 does not have.
    for name in ["safe", "int", "builtins", "startingwith", "endingwith"] {
        env.remove_test(name);
    }
    env.add_test("number", is_number);
    env.add_test("integer", is_integer);
    env.add_test("float", is_float);
    env.add_test("boolean", is_boolean);
    env.add_test("string", is_string);
    env.add_test("mapping", is_mapping);
    env.add_test("sequence", is_sequence);
    env.add_test("iterable", is_iterable);
    env.add_test("callable", is_callable);
    env.add_test("filter", is_filter);
    env.add_test("test", is_test);
    env.add_test("lower", is_lower);
    env.add_test("upper", is_upper);
    env.add_test("odd", is_odd);
    env.add_test("even", is_even);
    env.add_test("divisibleby", is_divisibleby);
    for name in ["gt", "greaterthan", ">"] {
        env.add_test(name, |a: &Value, b: &Value| {
            ordered(a, b, ">", Ordering::is_gt)
        });
    }
    for name in ["ge", ">="] {
        env.add_test(name, |a: &Value, b: &Value| {
            ordered(a, b, ">=", Ordering::is_ge)
        });
    }
    for name in ["lt", "lessthan", "<"] {
        env.add_test(name, |a: &Value, b: &Value| {
            ordered(a, b, "<", Ordering::is_lt)
        });
    }
    for name in ["le", "<="] {
        env.add_test(name, |a: &Value, b: &Value| {
            ordered(a, b, "<=", Ordering::is_le)
        });
    }
}

/// Jinja2's ordering tests are Python's operators: an undefined side is an error (as in
/// `x | selectattr('n', 'gt', 0)` where an item has no `n`), and so are unlike types; a NaN
/// is neither greater nor less.
fn ordered(a: &Value, b: &Value, op: &str, holds: fn(Ordering) -> bool) -> Result<bool, Error> {
    if let (Some(x), Some(y)) = (Num::of(a), Num::of(b)) {
        return Ok(x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .is_some_and(|o| match (x, y) {
                (Num::Int(i), Num::Int(j)) => holds(i.cmp(&j)),
                _ => holds(o),
            }));
    }
    if a.is_undefined() || b.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            format!("`{op}` compares an undefined value (an item without the attribute?)"),
        ));
    }
    pyops::py_cmp(a, b).map(holds).map_err(|e| match e.kind() {
        ErrorKind::InvalidOperation => Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "'{op}' not supported between instances of '{}' and '{}'",
                pyops::type_name(a),
                pyops::type_name(b)
            ),
        ),
        _ => e,
    })
}

/// `isinstance(value, numbers.Number)`: `True` is a number.
fn is_number(v: &Value) -> bool {
    Num::of(v).is_some()
}

/// An `int` that is not a `bool`.
fn is_integer(v: &Value) -> bool {
    v.kind() == ValueKind::Number && v.is_integer()
}

fn is_float(v: &Value) -> bool {
    v.kind() == ValueKind::Number && !v.is_integer()
}

fn is_boolean(v: &Value) -> bool {
    v.kind() == ValueKind::Bool
}

fn is_string(v: &Value) -> bool {
    v.kind() == ValueKind::String
}

fn is_mapping(v: &Value) -> bool {
    v.kind() == ValueKind::Map
}

/// Has a length and supports `[]`: strings, lists, tuples, dicts (and `Undefined`).
fn is_sequence(v: &Value) -> bool {
    match v.kind() {
        ValueKind::String | ValueKind::Map | ValueKind::Undefined => true,
        ValueKind::Seq => v.downcast_object_ref::<GroupTuple>().is_some() || v.len().is_some(),
        _ => false,
    }
}

/// `iter(value)` works: strings, lists, dicts, iterators (and `Undefined`).
fn is_iterable(v: &Value) -> bool {
    matches!(
        v.kind(),
        ValueKind::String
            | ValueKind::Seq
            | ValueKind::Map
            | ValueKind::Iterable
            | ValueKind::Undefined
    ) || v.downcast_object_ref::<DictView>().is_some()
}

/// Python's `callable()`: the functions (`range`, `dict`, `joiner`, ...) and, as in Jinja2,
/// an undefined value; data never is. Macros and `loop` are not seen as callable (they read
/// as mappings here).
fn is_callable(v: &Value) -> bool {
    v.is_undefined()
        || (v.kind() == ValueKind::Plain && v.downcast_object_ref::<Cycler>().is_none())
}

/// `name is filter` / `name is test`: whether a filter or test of that name exists; a value
/// that is not a string names none (MiniJinja's own tests refuse it).
fn is_filter(state: &State, v: &Value) -> bool {
    v.as_str()
        .is_some_and(|name| minijinja::tests::is_filter(state, name))
}

fn is_test(state: &State, v: &Value) -> bool {
    v.as_str()
        .is_some_and(|name| minijinja::tests::is_test(state, name))
}

/// `str(value).islower()`.
fn is_lower(v: &Value) -> Result<bool, Error> {
    Ok(pystr::is_lower(&pyrepr::str_of(v)?))
}

/// `str(value).isupper()`.
fn is_upper(v: &Value) -> Result<bool, Error> {
    Ok(pystr::is_upper(&pyrepr::str_of(v)?))
}

/// Python's `value % n` (floored) compared with `r`.
fn modulo_is(v: &Value, n: &Value, r: i128) -> Result<bool, Error> {
    if v.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let (Some(a), Some(b)) = (Num::of(v), Num::of(n)) else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "unsupported operand type(s) for %: '{}' and '{}'",
                pyops::type_name(v),
                pyops::type_name(n)
            ),
        ));
    };
    match (a, b) {
        (_, Num::Int(0)) => Err(Error::new(
            ErrorKind::InvalidOperation,
            "integer division or modulo by zero",
        )),
        (_, Num::Float(0.0)) => Err(Error::new(ErrorKind::InvalidOperation, "float modulo")),
        (Num::Int(x), Num::Int(y)) => Ok(floored_rem(x, y) == r),
        (x, y) => Ok(float_rem(x.as_f64(), y.as_f64()) == r as f64),
    }
}

/// `x % y` of floats as Python computes it: C's `fmod` (exact), then given the sign of `y`.
fn float_rem(x: f64, y: f64) -> f64 {
    let m = x % y;
    if m == 0.0 {
        0.0f64.copysign(y)
    } else if (m < 0.0) != (y < 0.0) {
        m + y
    } else {
        m
    }
}

/// `x % y` with the sign of `y`, as Python computes it.
fn floored_rem(x: i128, y: i128) -> i128 {
    let r = x % y;
    if r != 0 && ((r < 0) != (y < 0)) {
        r + y
    } else {
        r
    }
}

fn is_odd(v: &Value) -> Result<bool, Error> {
    modulo_is(v, &Value::from(2), 1)
}

fn is_even(v: &Value) -> Result<bool, Error> {
    modulo_is(v, &Value::from(2), 0)
}

fn is_divisibleby(v: &Value, n: &Value) -> Result<bool, Error> {
    modulo_is(v, n, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulo_is_floored() {
        assert_eq!(floored_rem(-3, 2), 1);
        assert_eq!(floored_rem(7, -3), -2);
        assert!(is_odd(&Value::from(-3)).unwrap());
        assert!(is_odd(&Value::from(3.0)).unwrap());
        assert!(is_divisibleby(&Value::from(9.0), &Value::from(3)).unwrap());
        assert!(!is_divisibleby(&Value::from(10), &Value::from(3)).unwrap());
        assert!(is_divisibleby(&Value::from(10), &Value::from(0)).is_err());
        // Exact for floats too large for `x - y * floor(x / y)`.
        assert!(!is_divisibleby(&Value::from(1e16), &Value::from(3)).unwrap());
        assert!(is_divisibleby(&Value::from(1e16), &Value::from(2)).unwrap());
        assert_eq!(float_rem(-7.5, 2.0), 0.5);
        assert_eq!(float_rem(7.5, -2.0), -0.5);
    }

    #[test]
    fn python_types() {
        assert!(is_number(&Value::from(true)) && !is_integer(&Value::from(true)));
        assert!(
            is_sequence(&Value::from("ab"))
                && is_sequence(&Value::from(minijinja::value::Serde(
                    serde_json::json!({"a": 1})
                )))
        );
        assert!(!is_sequence(&Value::from(3)) && !is_iterable(&Value::from(3)));
        assert!(is_upper(&Value::from("A1")).unwrap() && !is_lower(&Value::from("123")).unwrap());
    }
}
