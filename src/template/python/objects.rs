//! Python values the engine has no type for: the views `dict.keys()`, `dict.values()` and
//! `dict.items()` return, `groupby`'s groups, `range`, `cycler`; and tuples (the engine's own).
//! `repr.rs` prints each as Python prints it: `('a', 1)`, `dict_items([('a', 1)])`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use minijinja::value::{Enumerator, Object, ObjectRepr, Rest, Value};
use minijinja::{Error, ErrorKind, State};

/// A Python tuple: the engine's own (it prints with parentheses, as Python's does).
pub(crate) use minijinja::value::Tuple;

/// A `(key, value)` pair as a value.
pub(crate) fn pair(key: Value, value: Value) -> Value {
    Value::from_object(Tuple::from([key, value]))
}

/// Which view of a dict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ViewKind {
    Keys,
    Values,
    Items,
}

impl ViewKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }
}

/// `dict.keys()`, `dict.values()` or `dict.items()`: iterable, sized, printed as Python does.
#[derive(Debug)]
pub(crate) struct DictView {
    pub kind: ViewKind,
    pub map: Value,
}

impl DictView {
    /// The items of the view, in the dict's order.
    pub(crate) fn items(&self) -> Vec<Value> {
        let Some(obj) = self.map.as_object() else {
            return Vec::new();
        };
        let Some(pairs) = obj.try_iter_pairs() else {
            return Vec::new();
        };
        match self.kind {
            ViewKind::Keys => pairs.map(|(k, _)| k).collect(),
            ViewKind::Values => pairs.map(|(_, v)| v).collect(),
            ViewKind::Items => pairs.map(|(k, v)| pair(k, v)).collect(),
        }
    }
}

impl Object for DictView {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Iterable
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.items())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        self.map.len()
    }
}

/// One group of Jinja2's `groupby`: the named tuple `_GroupTuple(grouper, list)`, which
/// prints as a plain tuple.
#[derive(Debug)]
pub(crate) struct GroupTuple {
    pub grouper: Value,
    pub list: Value,
}

impl Object for GroupTuple {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match (key.as_usize(), key.as_str()) {
            (Some(0), _) | (_, Some("grouper")) => Some(self.grouper.clone()),
            (Some(1), _) | (_, Some("list")) => Some(self.list.clone()),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(2)
    }
}

/// Python's `range(start, stop, step)`: a lazy sequence that prints as `range(0, 3)`.
#[derive(Debug)]
pub(crate) struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl Range {
    fn len(&self) -> usize {
        let (span, step) = if self.step > 0 {
            (
                i128::from(self.stop) - i128::from(self.start),
                i128::from(self.step),
            )
        } else {
            (
                i128::from(self.start) - i128::from(self.stop),
                -i128::from(self.step),
            )
        };
        if span <= 0 {
            0
        } else {
            usize::try_from((span + step - 1) / step).unwrap_or(usize::MAX)
        }
    }
}

impl Object for Range {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = i64::try_from(key.as_usize().filter(|&i| i < self.len())?).ok()?;
        Some(Value::from(self.start + i * self.step))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.len())
    }
}

/// The `range` global: `range(stop)`, `range(start, stop)`, `range(start, stop, step)`.
pub(crate) fn range(args: Rest<Value>) -> Result<Value, Error> {
    let int = |v: &Value| -> Result<i64, Error> {
        match super::pyops::Num::of(v) {
            Some(super::pyops::Num::Int(i)) => i64::try_from(i)
                .map_err(|_| Error::new(ErrorKind::InvalidOperation, "range argument too large")),
            _ => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    super::pyops::type_name(v)
                ),
            )),
        }
    };
    let (start, stop, step) = match args.as_slice() {
        [stop] => (0, int(stop)?, 1),
        [start, stop] => (int(start)?, int(stop)?, 1),
        [start, stop, step] => (int(start)?, int(stop)?, int(step)?),
        [] => {
            return Err(Error::new(
                ErrorKind::MissingArgument,
                "range expected at least 1 argument, got 0",
            ));
        }
        _ => {
            return Err(Error::new(
                ErrorKind::TooManyArguments,
                "range expected at most 3 arguments",
            ));
        }
    };
    if step == 0 {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "range() arg 3 must not be zero",
        ));
    }
    Ok(Value::from_object(Range { start, stop, step }))
}

/// Jinja2's `Cycler`: `.next()` gives the current item and moves on, `.reset()` goes back to
/// the first, `.current` is the item `.next()` gives next.
#[derive(Debug)]
pub(crate) struct Cycler {
    items: Vec<Value>,
    pos: AtomicUsize,
}

impl Object for Cycler {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        match key.as_str()? {
            "current" => self.items.get(self.pos.load(Ordering::Relaxed)).cloned(),
            "items" => Some(Value::from_object(Tuple::new(self.items.clone()))),
            _ => None,
        }
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        if !args.is_empty() {
            return Err(Error::new(
                ErrorKind::TooManyArguments,
                format!("{method}() takes no arguments"),
            ));
        }
        match method {
            "next" | "__next__" => {
                let pos = self.pos.load(Ordering::Relaxed);
                self.pos
                    .store((pos + 1) % self.items.len(), Ordering::Relaxed);
                Ok(self.items[pos].clone())
            }
            "reset" => {
                self.pos.store(0, Ordering::Relaxed);
                Ok(Value::from(()))
            }
            _ => Err(Error::from(ErrorKind::UnknownMethod)),
        }
    }
}

/// The `cycler` global: `cycler(*items)`.
pub(crate) fn cycler(items: Rest<Value>) -> Result<Value, Error> {
    if items.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "at least one item has to be provided",
        ));
    }
    Ok(Value::from_object(Cycler {
        items: items.0,
        pos: AtomicUsize::new(0),
    }))
}
