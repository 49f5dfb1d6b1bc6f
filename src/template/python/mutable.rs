//! Python's lists and dicts as a template builds them (`[...]`, `{...}`, `dict(...)`): values
//! that `append`, `extend`, `insert`, `pop`, `remove`, `clear`, `reverse`, `sort`, `update`,
//! `setdefault` and `popitem` change in place, as Python's do, so that
//! `{% set _ = l.append(x) %}` works. Their other methods are the ones every list and dict has
//! (`methods.rs`); they print, compare and serialize as lists and dicts.

use std::sync::{Arc, Mutex, MutexGuard};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value, ValueKind};
use minijinja::{Error, ErrorKind, State};

use super::args::bind;
use super::limits::check_items;
use super::pyops::{self, HashKey};
use super::pyrepr;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

fn no_more(args: &[Value], most: usize, method: &str) -> Result<(), Error> {
    if args.len() > most {
        return Err(Error::new(
            ErrorKind::TooManyArguments,
            format!(
                "{method}() takes at most {most} arguments ({} given)",
                args.len()
            ),
        ));
    }
    Ok(())
}

/// A value as a template-built list or dict (nested ones too); other values as they are.
pub(crate) fn mutable(v: Value) -> Value {
    if v.as_object().is_some_and(|o| {
        o.downcast_ref::<PyList>().is_some() || o.downcast_ref::<PyDict>().is_some()
    }) {
        return v;
    }
    match v.kind() {
        ValueKind::Seq if !v.is_tuple() && v.as_object().is_none_or(|_| plain_seq(&v)) => {
            let items = v.try_iter().into_iter().flatten().map(mutable).collect();
            PyList::value(items)
        }
        ValueKind::Map if !v.is_kwargs() => {
            let pairs = v
                .as_object()
                .and_then(|o| o.try_iter_pairs())
                .into_iter()
                .flatten()
                .map(|(k, x)| (k, mutable(x)))
                .collect();
            // A constant with a key Python cannot hash stays as the engine built it.
            PyDict::value(pairs).unwrap_or(v)
        }
        _ => v,
    }
}

/// A list the engine built (not a tuple, a range or a view, which print differently).
fn plain_seq(v: &Value) -> bool {
    v.downcast_object_ref::<Vec<Value>>().is_some()
}

thread_local! {
    /// Values whose drop was put off by [`drop_flat`], while an outer drop is draining them.
    static PENDING: std::cell::RefCell<Option<Vec<Value>>> = const { std::cell::RefCell::new(None) };
}

/// Drops values without recursing into the lists and dicts they hold: a list nested
/// thousands deep (`{% set ns.x = [ns.x] %}` in a loop) would otherwise overflow the stack
/// when it is dropped. The outermost call drains a work list; the calls its drops make only
/// add to it.
fn drop_flat(values: Vec<Value>) {
    let outermost = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        match p.as_mut() {
            Some(pending) => {
                pending.extend(values);
                false
            }
            None => {
                *p = Some(values);
                true
            }
        }
    });
    if !outermost {
        return;
    }
    loop {
        let next = PENDING.with(|p| p.borrow_mut().as_mut().and_then(Vec::pop));
        match next {
            Some(v) => drop(v),
            None => break,
        }
    }
    PENDING.with(|p| *p.borrow_mut() = None);
}

/// A list (`[a, b]`) as a template builds it.
#[derive(Debug, Default)]
pub(crate) struct PyList(Mutex<Vec<Value>>);

impl Drop for PyList {
    fn drop(&mut self) {
        let items = std::mem::take(
            self.0
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        drop_flat(items);
    }
}

impl Drop for PyDict {
    fn drop(&mut self) {
        let entries = std::mem::take(
            self.0
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        drop_flat(entries.into_iter().flat_map(|(k, v)| [k, v]).collect());
    }
}

impl PyList {
    pub(crate) fn value(items: Vec<Value>) -> Value {
        Value::from_object(PyList(Mutex::new(items)))
    }

    fn items(&self) -> Vec<Value> {
        lock(&self.0).clone()
    }
}

/// An index as Python reads it (negative from the end), within `0..len`.
fn index(i: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let i = if i < 0 { i + len } else { i };
    (0..len)
        .contains(&i)
        .then(|| usize::try_from(i).ok())
        .flatten()
}

impl Object for PyList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let items = lock(&self.0);
        let i = index(i64::try_from(key.clone()).ok()?, items.len())?;
        items.get(i).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.items())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(lock(&self.0).len())
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        let none = Value::from(());
        match method {
            "append" => {
                let [x] = bind(args, ["object"])?;
                let x = x.ok_or_else(|| invalid("append() takes exactly one argument"))?;
                let mut items = lock(&self.0);
                check_items(items.len() + 1)?;
                items.push(mutable(x));
                Ok(none)
            }
            "extend" => {
                let [other] = bind(args, ["iterable"])?;
                let other = other.ok_or_else(|| invalid("extend() takes exactly one argument"))?;
                let more: Vec<Value> = other.try_iter()?.collect();
                let mut items = lock(&self.0);
                check_items(items.len() + more.len())?;
                items.extend(more);
                Ok(none)
            }
            "insert" => {
                let [i, x] = bind(args, ["index", "object"])?;
                let (Some(i), Some(x)) = (i, x) else {
                    return Err(invalid("insert expected 2 arguments"));
                };
                let i = i64::try_from(i).map_err(|_| invalid("an integer is required"))?;
                let mut items = lock(&self.0);
                check_items(items.len() + 1)?;
                let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
                let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
                items.insert(usize::try_from(at).unwrap_or(0), mutable(x));
                Ok(none)
            }
            "pop" => {
                let [i] = bind(args, ["index"])?;
                let mut items = lock(&self.0);
                if items.is_empty() {
                    return Err(invalid("pop from empty list"));
                }
                let i = match i {
                    Some(i) => i64::try_from(i).map_err(|_| invalid("an integer is required"))?,
                    None => -1,
                };
                let at = index(i, items.len()).ok_or_else(|| invalid("pop index out of range"))?;
                Ok(items.remove(at))
            }
            "remove" => {
                let [x] = bind(args, ["value"])?;
                let x = x.ok_or_else(|| invalid("remove() takes exactly one argument"))?;
                // Compared without the lock held: an item may hold this very list.
                let at = self
                    .items()
                    .iter()
                    .position(|v| pyops::py_eq(v, &x))
                    .ok_or_else(|| invalid("list.remove(x): x not in list"))?;
                let mut items = lock(&self.0);
                if at < items.len() {
                    items.remove(at);
                }
                Ok(none)
            }
            "clear" => {
                no_more(args, 0, method)?;
                lock(&self.0).clear();
                Ok(none)
            }
            "reverse" => {
                no_more(args, 0, method)?;
                lock(&self.0).reverse();
                Ok(none)
            }
            "sort" => {
                let [reverse] = bind(args, ["reverse"])?;
                let reverse = reverse.is_some_and(|r| r.is_true());
                let mut pairs: Vec<(Value, Value)> =
                    self.items().into_iter().map(|v| (v.clone(), v)).collect();
                pyops::sort_by_keys(&mut pairs, reverse)?;
                *lock(&self.0) = pairs.into_iter().map(|(_, v)| v).collect();
                Ok(none)
            }
            "copy" => {
                no_more(args, 0, method)?;
                Ok(PyList::value(self.items()))
            }
            _ => Err(Error::from(ErrorKind::UnknownMethod)),
        }
    }
}

/// A dict (`{'k': v}`, `dict(k=v)`) as a template builds it: keys in insertion order, one
/// entry per Python-equal key (`1`, `1.0` and `True` are one key).
#[derive(Debug, Default)]
pub(crate) struct PyDict(Mutex<Vec<(Value, Value)>>);

impl PyDict {
    /// A dict of the pairs, the last of equal keys winning; an error for a key Python cannot
    /// hash (a list, a dict).
    pub(crate) fn value(pairs: Vec<(Value, Value)>) -> Result<Value, Error> {
        let mut entries = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            insert(&mut entries, k, v)?;
        }
        Ok(Value::from_object(PyDict(Mutex::new(entries))))
    }

    fn entries(&self) -> Vec<(Value, Value)> {
        lock(&self.0).clone()
    }
}

/// Python's key equality. Only hashable keys are stored (as in Python), and they compare by
/// their hash keys alone: nothing else is looked at while the dict is locked.
fn same_key(a: &Value, b: &Value) -> bool {
    match (HashKey::of(a), HashKey::of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn unhashable(k: &Value) -> Error {
    invalid(format!("unhashable type: '{}'", pyops::type_name(k)))
}

fn insert(entries: &mut Vec<(Value, Value)>, k: Value, v: Value) -> Result<(), Error> {
    if HashKey::of(&k).is_none() {
        return Err(unhashable(&k));
    }
    match entries.iter_mut().find(|(key, _)| same_key(key, &k)) {
        Some(slot) => slot.1 = v,
        None => entries.push((k, v)),
    }
    Ok(())
}

fn key_arg(k: Option<Value>, method: &str) -> Result<Value, Error> {
    let k = k.ok_or_else(|| invalid(format!("{method} expected at least 1 argument, got 0")))?;
    if HashKey::of(&k).is_none() {
        return Err(unhashable(&k));
    }
    Ok(k)
}

impl Object for PyDict {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        lock(&self.0)
            .iter()
            .find(|(k, _)| same_key(k, key))
            .map(|(_, v)| v.clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(lock(&self.0).iter().map(|(k, _)| k.clone()).collect())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(lock(&self.0).len())
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        let none = Value::from(());
        match method {
            "update" => {
                let (positional, kwargs) = match args.split_last() {
                    Some((last, rest)) if last.is_kwargs() => (rest, Some(last)),
                    _ => (args, None),
                };
                no_more(positional, 1, method)?;
                let mut new: Vec<(Value, Value)> = Vec::new();
                if let Some(other) = positional.first() {
                    new.extend(pairs_of(other)?);
                }
                if let Some(kw) = kwargs {
                    for k in kw.try_iter()? {
                        let v = kw.get_item(&k)?;
                        new.push((k, v));
                    }
                }
                let mut entries = lock(&self.0);
                check_items((entries.len() + new.len()) * 2)?;
                for (k, v) in new {
                    insert(&mut entries, k, mutable(v))?;
                }
                Ok(none)
            }
            "setdefault" => {
                let [k, d] = bind(args, ["key", "default"])?;
                let k = key_arg(k, method)?;
                let mut entries = lock(&self.0);
                if let Some((_, v)) = entries.iter().find(|(key, _)| same_key(key, &k)) {
                    return Ok(v.clone());
                }
                let d = mutable(d.unwrap_or_else(|| Value::from(())));
                entries.push((k, d.clone()));
                Ok(d)
            }
            "pop" => {
                let [k, d] = bind(args, ["key", "default"])?;
                let k = key_arg(k, method)?;
                let mut entries = lock(&self.0);
                match entries.iter().position(|(key, _)| same_key(key, &k)) {
                    Some(at) => Ok(entries.remove(at).1),
                    None => d.ok_or_else(|| {
                        Error::new(
                            ErrorKind::InvalidOperation,
                            format!("KeyError: {}", pyrepr::repr_of(&k).unwrap_or_default()),
                        )
                    }),
                }
            }
            "popitem" => {
                no_more(args, 0, method)?;
                let (k, v) = lock(&self.0)
                    .pop()
                    .ok_or_else(|| invalid("popitem(): dictionary is empty"))?;
                Ok(super::objects::pair(k, v))
            }
            "clear" => {
                no_more(args, 0, method)?;
                lock(&self.0).clear();
                Ok(none)
            }
            "copy" => {
                no_more(args, 0, method)?;
                PyDict::value(self.entries())
            }
            _ => Err(Error::from(ErrorKind::UnknownMethod)),
        }
    }
}

/// The `(key, value)` pairs of a mapping, or of an iterable of pairs (as `dict(...)` takes).
fn pairs_of(v: &Value) -> Result<Vec<(Value, Value)>, Error> {
    if v.kind() == ValueKind::Map {
        return v
            .try_iter()?
            .map(|k| {
                let x = v.get_item(&k)?;
                Ok((k, x))
            })
            .collect();
    }
    v.try_iter()?
        .map(|item| {
            let mut it = item.try_iter()?;
            match (it.next(), it.next(), it.next()) {
                (Some(k), Some(x), None) => Ok((k, x)),
                _ => Err(invalid(
                    "dictionary update sequence element has the wrong length; 2 is required",
                )),
            }
        })
        .collect()
}

/// Jinja2's `dict(...)`: Python's `dict` (a mapping or pairs, then keywords), changeable.
pub(crate) fn dict(
    args: minijinja::value::Rest<minijinja::value::ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let (positional, kwargs) = match args.split_last() {
        Some((last, rest)) if last.is_kwargs() => (rest, Some(last)),
        _ => (&args[..], None),
    };
    no_more(positional, 1, "dict")?;
    if positional.first().is_some_and(Value::is_undefined) {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let mut pairs = match positional.first() {
        Some(other) => pairs_of(other)?,
        None => Vec::new(),
    };
    if let Some(kw) = kwargs {
        for k in kw.try_iter()? {
            let v = kw.get_item(&k)?;
            pairs.push((k, v));
        }
    }
    PyDict::value(pairs.into_iter().map(|(k, v)| (k, mutable(v))).collect())
}

/// `[a, b, ...]` from the stack: what the engine's list-building instruction becomes.
pub(crate) fn build_list(items: minijinja::value::Rest<Value>) -> Value {
    PyList::value(items.0)
}

/// `{k: v, ...}` from the stack (keys and values alternating): what the engine's
/// map-building instruction becomes.
pub(crate) fn build_dict(items: minijinja::value::Rest<Value>) -> Result<Value, Error> {
    let mut pairs = Vec::with_capacity(items.len() / 2);
    let mut it = items.0.into_iter();
    while let (Some(k), Some(v)) = (it.next(), it.next()) {
        pairs.push((k, v));
    }
    PyDict::value(pairs)
}
