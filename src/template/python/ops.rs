//! Python's value semantics where Jinja2's filters rely on them: numbers (`bool` is an `int`),
//! comparison (`<` between like types only), equality (`1 == 1.0 == True`), addition (for
//! `sum`) and hashing keys (for `unique`).

use std::cmp::Ordering;

use minijinja::value::{Tuple, Value, ValueKind};
use minijinja::{Error, ErrorKind};

/// A Python number: `int` (and `bool`) or `float`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    /// The number in a value: integers, floats and booleans.
    pub(crate) fn of(v: &Value) -> Option<Num> {
        match v.kind() {
            ValueKind::Bool => Some(Num::Int(i128::from(v.is_true()))),
            ValueKind::Number if v.is_integer() => i128::try_from(v.clone()).ok().map(Num::Int),
            ValueKind::Number => f64::try_from(v.clone()).ok().map(Num::Float),
            _ => None,
        }
    }

    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
}

/// An integer value, stored as `i64` when it fits (as the engine does).
pub(crate) fn int_value(i: i128) -> Value {
    match i64::try_from(i) {
        Ok(small) => Value::from(small),
        Err(_) => Value::from(i),
    }
}

/// Python's name of a value's type, for error messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v.kind() {
        ValueKind::Undefined => "Undefined",
        ValueKind::None => "NoneType",
        ValueKind::Bool => "bool",
        ValueKind::Number if v.is_integer() => "int",
        ValueKind::Number => "float",
        ValueKind::String => "str",
        ValueKind::Bytes => "bytes",
        ValueKind::Seq if v.is_tuple() => "tuple",
        ValueKind::Seq => "list",
        ValueKind::Map => "dict",
        ValueKind::Iterable => "iterator",
        _ if super::bigint::is_big(v) => "int",
        _ => "object",
    }
}

pub(crate) fn cmp_nums(a: Num, b: Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(&y)),
        (x, y) => x.as_f64().partial_cmp(&y.as_f64()),
    }
}

/// Python's `a == b` for plain data.
pub(crate) fn py_eq(a: &Value, b: &Value) -> bool {
    if (super::bigint::is_big(a) || super::bigint::is_big(b))
        && let Some(o) = super::bigint::cmp(a, b)
    {
        return o == Ordering::Equal;
    }
    if let (Some(x), Some(y)) = (Num::of(a), Num::of(b)) {
        return cmp_nums(x, y) == Some(Ordering::Equal);
    }
    match (a.kind(), b.kind()) {
        (ValueKind::String, ValueKind::String) => a.as_str() == b.as_str(),
        (ValueKind::None, ValueKind::None) | (ValueKind::Undefined, ValueKind::Undefined) => true,
        (ValueKind::Seq, ValueKind::Seq) => {
            // A list never equals a tuple in Python.
            let tuple = |v: &Value| v.is_tuple();
            if tuple(a) != tuple(b) || a.len() != b.len() {
                return false;
            }
            match (a.try_iter(), b.try_iter()) {
                (Ok(x), Ok(y)) => x.zip(y).all(|(p, q)| py_eq(&p, &q)),
                _ => false,
            }
        }
        (ValueKind::Map, ValueKind::Map) => {
            if a.len() != b.len() {
                return false;
            }
            let (Some(x), Some(y)) = (a.as_object(), b.as_object()) else {
                return false;
            };
            let Some(pairs) = x.try_iter_pairs() else {
                return false;
            };
            pairs.into_iter().all(|(k, v)| match y.get_value(&k) {
                Some(w) => py_eq(&v, &w),
                None => false,
            })
        }
        _ => a == b,
    }
}

fn not_supported(op: &str, a: &Value, b: &Value) -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!(
            "'{op}' not supported between instances of '{}' and '{}'",
            type_name(a),
            type_name(b)
        ),
    )
}

/// Python's ordering of two values as `sorted`, `min` and `max` see it: numbers with numbers,
/// strings with strings (by code point), lists and tuples item by item; anything else is a
/// `TypeError`.
pub(crate) fn py_cmp(a: &Value, b: &Value) -> Result<Ordering, Error> {
    if a.is_undefined() || b.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    if (super::bigint::is_big(a) || super::bigint::is_big(b))
        && let Some(o) = super::bigint::cmp(a, b)
    {
        return Ok(o);
    }
    if let (Some(x), Some(y)) = (Num::of(a), Num::of(b)) {
        // NaN compares false both ways; Python's sort then keeps the order it has.
        return Ok(cmp_nums(x, y).unwrap_or(Ordering::Equal));
    }
    match (a.kind(), b.kind()) {
        (ValueKind::String, ValueKind::String) => Ok(a.as_str().cmp(&b.as_str())),
        (ValueKind::Seq, ValueKind::Seq) if a.is_tuple() == b.is_tuple() => {
            let mut x = a.try_iter()?;
            let mut y = b.try_iter()?;
            loop {
                match (x.next(), y.next()) {
                    (Some(p), Some(q)) => {
                        if !py_eq(&p, &q) {
                            return py_cmp(&p, &q);
                        }
                    }
                    (Some(_), None) => return Ok(Ordering::Greater),
                    (None, Some(_)) => return Ok(Ordering::Less),
                    (None, None) => return Ok(Ordering::Equal),
                }
            }
        }
        _ => Err(not_supported("<", a, b)),
    }
}

/// Sorts values as Python's `sorted(values, key=..., reverse=...)` does: stable, and a
/// `TypeError` when two keys cannot be compared.
pub(crate) fn sort_by_keys(items: &mut [(Value, Value)], reverse: bool) -> Result<(), Error> {
    let mut err = None;
    items.sort_by(|(ka, _), (kb, _)| {
        let r = if reverse {
            py_cmp(kb, ka)
        } else {
            py_cmp(ka, kb)
        };
        r.unwrap_or_else(|e| {
            err.get_or_insert(e);
            Ordering::Equal
        })
    });
    match err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Python's `a + b` as `sum` uses it: numbers, or lists (tuples) concatenated.
pub(crate) fn py_add(a: &Value, b: &Value) -> Result<Value, Error> {
    if a.is_undefined() || b.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    if (super::bigint::is_big(a) || super::bigint::is_big(b))
        && let Some(sum) = super::bigint::binop(super::bigint::Op::Add, a, b)?
    {
        return Ok(sum);
    }
    match (Num::of(a), Num::of(b)) {
        (Some(Num::Int(x)), Some(Num::Int(y))) => {
            return Ok(match x.checked_add(y) {
                Some(z) => int_value(z),
                None => super::bigint::value(num_bigint::BigInt::from(x) + y),
            });
        }
        (Some(x), Some(y)) => return Ok(Value::from(x.as_f64() + y.as_f64())),
        _ => {}
    }
    if a.kind() == ValueKind::Seq && b.kind() == ValueKind::Seq {
        let tuple = |v: &Value| v.is_tuple();
        if tuple(a) == tuple(b) {
            let items: Vec<Value> = a.try_iter()?.chain(b.try_iter()?).collect();
            return Ok(if tuple(a) {
                Value::from_object(Tuple::new(items))
            } else {
                Value::from(items)
            });
        }
    }
    Err(Error::new(
        ErrorKind::InvalidOperation,
        format!(
            "unsupported operand type(s) for +: '{}' and '{}'",
            type_name(a),
            type_name(b)
        ),
    ))
}

/// A hashable key with Python's equality (`1`, `1.0` and `True` are one key), for `unique`;
/// `None` for values Python cannot hash (lists, dicts).
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) enum HashKey {
    None,
    Int(i128),
    Float(u64),
    Str(String),
    Tuple(Vec<HashKey>),
}

impl HashKey {
    pub(crate) fn of(v: &Value) -> Option<HashKey> {
        if let Some(n) = Num::of(v) {
            return Some(match n {
                Num::Int(i) => HashKey::Int(i),
                Num::Float(f) if f.fract() == 0.0 && f.abs() < 1.7e38 => HashKey::Int(f as i128),
                // All NaNs are one key here; Python keeps distinct NaN objects apart.
                Num::Float(f) => HashKey::Float(if f.is_nan() {
                    f64::NAN.to_bits()
                } else {
                    f.to_bits()
                }),
            });
        }
        match v.kind() {
            ValueKind::None | ValueKind::Undefined => Some(HashKey::None),
            ValueKind::String => Some(HashKey::Str(v.as_str().unwrap_or_default().to_string())),
            ValueKind::Seq if v.is_tuple() => v
                .try_iter()
                .ok()?
                .map(|x| HashKey::of(&x))
                .collect::<Option<Vec<_>>>()
                .map(HashKey::Tuple),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_across_int_float_and_bool() {
        assert!(py_eq(&Value::from(1), &Value::from(1.0)));
        assert!(py_eq(&Value::from(true), &Value::from(1)));
        assert_eq!(
            py_cmp(&Value::from(2), &Value::from(1.5)).unwrap(),
            Ordering::Greater
        );
        assert!(py_cmp(&Value::from("a"), &Value::from(1)).is_err());
    }

    #[test]
    fn lists_compare_item_by_item() {
        let a = Value::from(vec![Value::from(1), Value::from("b")]);
        let b = Value::from(vec![Value::from(1), Value::from("c")]);
        assert_eq!(py_cmp(&a, &b).unwrap(), Ordering::Less);
        assert_eq!(
            py_cmp(&a, &Value::from(vec![Value::from(1)])).unwrap(),
            Ordering::Greater
        );
    }

    #[test]
    fn sums_keep_ints_exact() {
        assert_eq!(
            py_add(&Value::from(1), &Value::from(true)).unwrap(),
            Value::from(2)
        );
        assert_eq!(
            py_add(&Value::from(0.1), &Value::from(0.2)).unwrap(),
            Value::from(0.1 + 0.2)
        );
        assert!(py_add(&Value::from(0), &Value::from("a")).is_err());
    }
}
