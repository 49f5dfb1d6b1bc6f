//! Python's integers past 128 bits. The engine's integers stop at 128 bits; Python's have no
//! limit, so `2 ** 130` and a 40-digit integer in a payload are values of this type. Below
//! that they are the engine's own integers again, so the common case pays nothing. They add,
//! subtract, multiply, floor-divide, take the modulo and the power of other integers, mix with
//! floats (as Python's do, through a float), compare, print and serialize as their digits.

use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

use minijinja::value::{DynObject, Object, ObjectRepr, Value, ValueKind};
use minijinja::{Error, ErrorKind};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::limits::too_large;

/// The largest integer a template may build, in bits: its digits fit in the size limit
/// (`limits::MAX_SIZE`) several times over, and its arithmetic stays fast.
const MAX_BITS: u64 = 1 << 20;

/// An integer beyond 128 bits.
#[derive(Debug)]
pub(crate) struct PyInt(BigInt);

impl Object for PyInt {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn is_true(self: &Arc<Self>) -> bool {
        !self.0.is_zero()
    }

    fn custom_cmp(self: &Arc<Self>, other: &DynObject) -> Option<Ordering> {
        other.downcast_ref::<PyInt>().map(|o| self.0.cmp(&o.0))
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An integer as a value: the engine's own when it fits in 128 bits (in 64 when it fits).
pub(crate) fn value(b: BigInt) -> Value {
    if let Some(i) = b.to_i64() {
        return Value::from(i);
    }
    match b.to_i128() {
        Some(i) => Value::from(i),
        None => Value::from_object(PyInt(b)),
    }
}

/// One of the engine's integers (a bool is one, as in Python).
fn small_int(v: &Value) -> Option<i128> {
    match v.kind() {
        ValueKind::Bool => Some(i128::from(v.is_true())),
        ValueKind::Number if v.is_integer() => i128::try_from(v.clone()).ok(),
        _ => None,
    }
}

/// A number as a float (`None` for what is not a number).
fn float_of(v: &Value) -> Result<Option<f64>, Error> {
    if let Some(p) = v.downcast_object_ref::<PyInt>() {
        return to_f64(&p.0).map(Some);
    }
    Ok(match v.kind() {
        ValueKind::Bool | ValueKind::Number => f64::try_from(v.clone()).ok(),
        _ => None,
    })
}

/// Whether a value is an integer beyond 128 bits.
pub(crate) fn is_big(v: &Value) -> bool {
    v.downcast_object_ref::<PyInt>().is_some()
}

/// An integer beyond 128 bits (`None` for any other value).
pub(crate) fn of_big(v: &Value) -> Option<BigInt> {
    v.downcast_object_ref::<PyInt>().map(|p| p.0.clone())
}

/// The digits of an integer beyond 128 bits (`None` for any other value).
pub(crate) fn digits(v: &Value) -> Option<String> {
    v.downcast_object_ref::<PyInt>().map(|p| p.0.to_string())
}

/// Any integer value (a bool, one of the engine's, or one beyond 128 bits).
pub(crate) fn of(v: &Value) -> Option<BigInt> {
    if let Some(p) = v.downcast_object_ref::<PyInt>() {
        return Some(p.0.clone());
    }
    small_int(v).map(BigInt::from)
}

/// A decimal integer's text (a JSON payload's) as a value, whatever its size.
pub(crate) fn parse(text: &str) -> Option<Value> {
    text.parse::<BigInt>().ok().map(value)
}

/// Python's `float(n)`: an error past the largest float, as Python's `OverflowError`.
fn to_f64(b: &BigInt) -> Result<f64, Error> {
    b.to_f64().filter(|f| f.is_finite()).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            "int too large to convert to float",
        )
    })
}

/// An arithmetic operator on integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Sub,
    Mul,
    FloorDiv,
    Mod,
    Pow,
}

fn check_bits(bits: u64) -> Result<(), Error> {
    if bits > MAX_BITS {
        return Err(too_large());
    }
    Ok(())
}

/// `a op b` on integers of any size, as Python computes it. A negative power gives a float.
pub(crate) fn arith(op: Op, a: &BigInt, b: &BigInt) -> Result<Value, Error> {
    let zero_division = |what: &str| Error::new(ErrorKind::InvalidOperation, what.to_owned());
    Ok(match op {
        Op::Add => value(a + b),
        Op::Sub => value(a - b),
        Op::Mul => {
            check_bits(a.bits() + b.bits())?;
            value(a * b)
        }
        Op::FloorDiv if b.is_zero() => {
            return Err(zero_division("integer division or modulo by zero"));
        }
        Op::FloorDiv => value(a.div_floor(b)),
        Op::Mod if b.is_zero() => return Err(zero_division("integer modulo by zero")),
        Op::Mod => value(a.mod_floor(b)),
        Op::Pow if b.is_negative() => {
            if a.is_zero() {
                return Err(zero_division("0.0 cannot be raised to a negative power"));
            }
            let exp = b.to_f64().unwrap_or(f64::NEG_INFINITY);
            Value::from(to_f64(a)?.powf(exp))
        }
        Op::Pow => {
            // 0, 1 and -1 stay small whatever the exponent.
            if a.is_zero() || a.magnitude() == &1u32.into() {
                let odd = b.is_odd();
                return Ok(value(if a.is_zero() && !b.is_zero() {
                    BigInt::zero()
                } else if a.is_negative() && odd {
                    BigInt::from(-1)
                } else {
                    BigInt::from(1)
                }));
            }
            let exp = b.to_u32().ok_or_else(too_large)?;
            check_bits(a.bits().saturating_mul(u64::from(exp)))?;
            value(num_traits::Pow::pow(a, exp))
        }
    })
}

/// `a op b` where either side is an integer beyond 128 bits: with another integer as
/// integers, with a float as floats (Python converts the integer); `None` when either side is
/// not a number.
pub(crate) fn binop(op: Op, a: &Value, b: &Value) -> Result<Option<Value>, Error> {
    if let (Some(x), Some(y)) = (of(a), of(b)) {
        return arith(op, &x, &y).map(Some);
    }
    let (Some(x), Some(y)) = (float_of(a)?, float_of(b)?) else {
        return Ok(None);
    };
    Ok(Some(Value::from(match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
        Op::FloorDiv => (x / y).floor(),
        Op::Mod => x - y * (x / y).floor(),
        Op::Pow => x.powf(y),
    })))
}

/// Python's ordering of two numbers when either is an integer beyond 128 bits (`None` when
/// either is not a number).
pub(crate) fn cmp(a: &Value, b: &Value) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (of(a), of(b)) {
        return Some(x.cmp(&y));
    }
    let side = |v: &Value| match of(v) {
        Some(i) => i.to_f64(),
        None => float_of(v).ok().flatten(),
    };
    side(a)?.partial_cmp(&side(b)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_grow_past_128_bits_and_shrink_back() {
        let two = BigInt::from(2);
        let big = arith(Op::Pow, &two, &BigInt::from(130)).unwrap();
        assert_eq!(big.to_string(), "1361129467683753853853498429727072845824");
        assert!(is_big(&big));
        let back = binop(Op::FloorDiv, &big, &Value::from(1u64 << 63))
            .unwrap()
            .unwrap();
        assert!(
            !is_big(&back),
            "2**130 // 2**63 fits the engine's integers again"
        );
        assert_eq!(back.to_string(), (1u128 << 67).to_string());
        let neg = arith(Op::Mod, &BigInt::from(-7), &BigInt::from(3)).unwrap();
        assert_eq!(neg.to_string(), "2");
        assert!(arith(Op::Pow, &two, &BigInt::from(1u64 << 40)).is_err());
        assert_eq!(
            arith(Op::Pow, &BigInt::from(-1), &BigInt::from(1u64 << 40))
                .unwrap()
                .to_string(),
            "1"
        );
        assert_eq!(
            parse("-123456789012345678901234567890123456789012")
                .unwrap()
                .to_string(),
            "-123456789012345678901234567890123456789012"
        );
    }
}
