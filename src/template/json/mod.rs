//! Payloads as template values, read lazily.
//!
//! A payload is checked as JSON and its structure recorded in one pass (serde_json's message,
//! line and column on an error; no more than [`MAX_DEPTH`] levels of nesting): where each
//! value starts and ends, and where the next one at the same level begins.
//! It becomes template values only where a template looks: an object or an array is read from
//! that record when first used, a string or number when first looked up. A body template reads
//! a few fields of a payload that has many, so most of a payload never becomes values.
//!
//! Objects and arrays behave as MiniJinja's own maps and lists: key order as in the text, a
//! repeated key keeping its first place and its last value (as Python's `json.loads`),
//! lookups, length, iteration, equality and printing.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use minijinja::{Error, ErrorKind, State};
use serde_json::value::RawValue;

use super::mutable::{PyDict, PyList};
use super::pyrepr;

mod scan;

/// Nesting is refused at this many levels: serde_json's own recursion limit.
pub const MAX_DEPTH: usize = 128;

/// Objects with more keys than this get a hash index; smaller ones are searched in order.
const INDEX_FROM: usize = 32;

/// Reads a JSON document as a template value.
///
/// # Errors
///
/// serde_json's error (with its line and column) when the text is not one JSON value, or
/// nests deeper than [`MAX_DEPTH`].
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let value = text.trim_matches([' ', '\t', '\n', '\r']);
    if u32::try_from(value.len()).is_err() {
        return Err(serde::de::Error::custom("the document is over 4 GiB"));
    }
    let Some(tape) = scan::structure(value.as_bytes()) else {
        // Not JSON, or too deep: serde_json's parser says what and where.
        serde_json::from_str::<&RawValue>(text)?;
        serde_json::from_str::<serde_json::Value>(text)?;
        return Err(serde::de::Error::custom("recursion limit exceeded"));
    };
    let doc = Arc::new(Doc {
        src: value.into(),
        tape,
        changed: Mutex::new(Vec::new()),
        any_changed: AtomicBool::new(false),
    });
    Ok(value_of(&doc, 0))
}

/// Appends `text` to `out` without the white space between its tokens, when it is one JSON
/// value nesting less than [`MAX_DEPTH`] levels deep (checked as [`parse`] checks a payload,
/// in the same pass); false, and `out` as it was, otherwise.
pub fn compact(text: &str, out: &mut String) -> bool {
    scan::compact(text, out)
}

/// A checked document and its structure.
struct Doc {
    src: Box<str>,
    tape: Box<[Node]>,
    /// The arrays and objects a template changed in place (`payload.tags.append(x)`), by node:
    /// from then on that node is this list or dict, wherever it is looked up.
    changed: Mutex<Vec<(usize, Value)>>,
    any_changed: AtomicBool,
}

/// The methods that change a list or dict in place: calling one on a payload's array or
/// object makes it a template list or dict first.
const CHANGING: [&str; 11] = [
    "append",
    "extend",
    "insert",
    "pop",
    "remove",
    "clear",
    "reverse",
    "sort",
    "update",
    "setdefault",
    "popitem",
];

impl Doc {
    /// What node `at` became when a template changed it, if it did.
    fn changed(&self, at: usize) -> Option<Value> {
        if !self.any_changed.load(Ordering::Acquire) {
            return None;
        }
        let changed = self.changed.lock().unwrap_or_else(PoisonError::into_inner);
        changed
            .iter()
            .find(|(n, _)| *n == at)
            .map(|(_, v)| v.clone())
    }

    /// Node `at` as a list or dict the template may change (made once, by `make`).
    fn change(
        &self,
        at: usize,
        make: impl FnOnce() -> Result<Value, Error>,
    ) -> Result<Value, Error> {
        if let Some(v) = self.changed(at) {
            return Ok(v);
        }
        let v = make()?;
        let mut changed = self.changed.lock().unwrap_or_else(PoisonError::into_inner);
        changed.push((at, v.clone()));
        self.any_changed.store(true, Ordering::Release);
        Ok(v)
    }

    /// The JSON text of node `at`.
    fn text(&self, at: usize) -> &str {
        let node = self.tape[at];
        &self.src[node.start as usize..node.end as usize]
    }

    /// The text of string node `at` between its quotes, when it has no escapes.
    fn plain_str(&self, at: usize) -> Option<&str> {
        let literal = self.text(at);
        (!self.tape[at].escaped).then(|| &literal[1..literal.len() - 1])
    }

    /// The node after node `at` and all it holds.
    fn next(&self, at: usize) -> usize {
        self.tape[at].next as usize
    }
}

/// One value of the document, in document order (a container before what it holds; an
/// object's keys are nodes too, each before its value). Offsets fit in 32 bits: a document
/// is refused past 4 GiB.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Byte range of the value's text (a string with its quotes).
    start: u32,
    end: u32,
    /// The node after this value and all it holds: its next sibling, if it has one.
    next: u32,
    /// A string with escapes in it.
    escaped: bool,
}

/// The value of node `at`.
fn value_of(doc: &Arc<Doc>, at: usize) -> Value {
    let text = doc.text(at);
    match text.as_bytes()[0] {
        b'{' | b'[' if let Some(changed) = doc.changed(at) => changed,
        b'{' => Value::from_object(LazyMap::new(doc.clone(), at)),
        b'[' => Value::from_object(LazyList {
            doc: doc.clone(),
            at,
            nodes: OnceLock::new(),
        }),
        b'"' => match doc.plain_str(at) {
            Some(s) => Value::from(s),
            None => serde_json::from_str::<String>(text).map_or(Value::UNDEFINED, Value::from),
        },
        // JSON's `-0` is an integer to Python (0); serde_json reads it as the float -0.0.
        _ if text == "-0" => Value::from(0),
        // An integer keeps all its digits, as Python's `int` does (serde_json would read one
        // beyond 64 bits as a float).
        _ if text.len() > 18
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
            && let Some(i) = super::python::bigint::parse(text) =>
        {
            i
        }
        _ => match serde_json::from_str::<Value>(text) {
            Ok(v) => v,
            // A number too large for a float (`1e400`): infinite, as Python reads it.
            Err(_) => text.parse::<f64>().map_or(Value::UNDEFINED, Value::from),
        },
    }
}

/// The nodes held by container `at` (for an object: key, value, key, value, ...).
fn children(doc: &Doc, at: usize) -> impl Iterator<Item = usize> + '_ {
    let end = doc.next(at);
    let mut j = at + 1;
    std::iter::from_fn(move || {
        (j < end).then(|| {
            let here = j;
            j = doc.next(j);
            here
        })
    })
}

/// An object's distinct keys in order (a repeated key keeps its first place) and, for each,
/// the node of its value (the last one).
struct Entries {
    keys: Vec<Value>,
    values: Vec<usize>,
    /// Key to position, for objects of more than [`INDEX_FROM`] pairs.
    index: Option<HashMap<Box<str>, usize>>,
}

/// A JSON object, read when first used.
pub struct LazyMap {
    doc: Arc<Doc>,
    at: usize,
    /// Built for iteration and length, and for lookups in objects with many pairs.
    entries: OnceLock<Entries>,
}

impl LazyMap {
    fn new(doc: Arc<Doc>, at: usize) -> Self {
        LazyMap {
            doc,
            at,
            entries: OnceLock::new(),
        }
    }

    /// The node of each pair's key (its value is the node after it).
    fn key_nodes(&self) -> impl Iterator<Item = usize> + '_ {
        children(&self.doc, self.at).step_by(2)
    }

    /// The text of the key at node `k`.
    fn key_text(&self, k: usize) -> std::borrow::Cow<'_, str> {
        let literal = self.doc.text(k);
        match self.doc.plain_str(k) {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Owned(serde_json::from_str(literal).unwrap_or_default()),
        }
    }

    /// Whether the key at node `k` is `key`: compared byte for byte, decoded only when it has
    /// escapes.
    fn key_is(&self, k: usize, key: &str) -> bool {
        let node = self.doc.tape[k];
        if node.escaped {
            return serde_json::from_str::<String>(self.doc.text(k)).is_ok_and(|s| s == key);
        }
        let (start, end) = (node.start as usize + 1, node.end as usize - 1);
        end - start == key.len() && &self.doc.src.as_bytes()[start..end] == key.as_bytes()
    }

    fn entries(&self) -> &Entries {
        self.entries.get_or_init(|| {
            let mut e = Entries {
                keys: Vec::new(),
                values: Vec::new(),
                index: None,
            };
            let mut index: HashMap<Box<str>, usize> = HashMap::new();
            let mut pairs = 0;
            for k in self.key_nodes() {
                pairs += 1;
                let name = self.key_text(k);
                match index.get(name.as_ref()) {
                    Some(&i) => e.values[i] = k + 1,
                    None => {
                        index.insert(name.as_ref().into(), e.keys.len());
                        e.keys.push(Value::from(name.as_ref()));
                        e.values.push(k + 1);
                    }
                }
            }
            // As `find` decides: by the number of pairs, repeated keys included.
            if pairs > INDEX_FROM {
                e.index = Some(index);
            }
            e
        })
    }

    /// The node of the value a lookup of `key` gives: the last pair with that key. A small
    /// object is searched in its text, with nothing built or kept; past [`INDEX_FROM`] pairs,
    /// a hash index is built once.
    fn find(&self, key: &str) -> Option<usize> {
        let indexed = |e: &Entries| Some(e.values[*e.index.as_ref()?.get(key)?]);
        if let Some(e) = self.entries.get().filter(|e| e.index.is_some()) {
            return indexed(e);
        }
        let (mut found, mut pairs) = (None, 0);
        let (mut k, end) = (self.at + 1, self.doc.next(self.at));
        while k < end {
            if pairs == INDEX_FROM {
                return indexed(self.entries());
            }
            if self.key_is(k, key) {
                found = Some(k + 1);
            }
            // Past the key and its value.
            k = self.doc.next(k + 1);
            pairs += 1;
        }
        found
    }
}

impl fmt::Debug for LazyMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.doc.text(self.at))
    }
}

impl Object for LazyMap {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        if let Some(changed) = self.doc.changed(self.at) {
            return changed.get_attr(key).ok().filter(|v| !v.is_undefined());
        }
        self.find(key).map(|node| value_of(&self.doc, node))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        if let Some(changed) = self.doc.changed(self.at) {
            return Enumerator::Values(changed.try_iter().into_iter().flatten().collect());
        }
        Enumerator::Values(self.entries().keys.clone())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        if let Some(changed) = self.doc.changed(self.at) {
            return changed.len();
        }
        Some(self.entries().keys.len())
    }

    fn call_method(
        self: &Arc<Self>,
        state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        let dict = match self.doc.changed(self.at) {
            Some(changed) => changed,
            None if CHANGING.contains(&method) => self.doc.change(self.at, || {
                let e = self.entries();
                let pairs = e.keys.iter().cloned();
                PyDict::value(
                    pairs
                        .zip(e.values.iter().map(|&n| value_of(&self.doc, n)))
                        .collect(),
                )
            })?,
            None => return Err(Error::from(ErrorKind::UnknownMethod)),
        };
        dict.call_method(state, method, args)
    }

    /// Python's `str()` of a dict (what `~` and other string conversions print).
    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pyrepr::write_repr(f, &Value::from_dyn_object(self.clone()))
    }
}

/// A JSON array, read when first used.
pub struct LazyList {
    doc: Arc<Doc>,
    at: usize,
    /// The node of each item, for arrays of more than [`INDEX_FROM`] items; a smaller one is
    /// walked in its text.
    nodes: OnceLock<Vec<usize>>,
}

impl LazyList {
    fn nodes(&self) -> &[usize] {
        self.nodes
            .get_or_init(|| children(&self.doc, self.at).collect())
    }

    /// The node of item `i`.
    fn node(&self, i: usize) -> Option<usize> {
        if let Some(nodes) = self.nodes.get() {
            return nodes.get(i).copied();
        }
        for (n, node) in children(&self.doc, self.at).enumerate() {
            if n == INDEX_FROM {
                return self.nodes().get(i).copied();
            }
            if n == i {
                return Some(node);
            }
        }
        None
    }

    fn len(&self) -> usize {
        match self.nodes.get() {
            Some(nodes) => nodes.len(),
            None => children(&self.doc, self.at).count(),
        }
    }
}

impl fmt::Debug for LazyList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.doc.text(self.at))
    }
}

impl Object for LazyList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        if let Some(changed) = self.doc.changed(self.at) {
            return changed.get_item(key).ok().filter(|v| !v.is_undefined());
        }
        let node = self.node(key.as_usize()?)?;
        Some(value_of(&self.doc, node))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        if let Some(changed) = self.doc.changed(self.at) {
            return Enumerator::Values(changed.try_iter().into_iter().flatten().collect());
        }
        Enumerator::Seq(self.len())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        if let Some(changed) = self.doc.changed(self.at) {
            return changed.len();
        }
        Some(self.len())
    }

    fn call_method(
        self: &Arc<Self>,
        state: &mut State<'_, '_>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, Error> {
        let list = match self.doc.changed(self.at) {
            Some(changed) => changed,
            None if CHANGING.contains(&method) => self.doc.change(self.at, || {
                let items = children(&self.doc, self.at).map(|n| value_of(&self.doc, n));
                Ok(PyList::value(items.collect()))
            })?,
            None => return Err(Error::from(ErrorKind::UnknownMethod)),
        };
        list.call_method(state, method, args)
    }

    /// Python's `str()` of a list (what `~` and other string conversions print).
    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        pyrepr::write_repr(f, &Value::from_dyn_object(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eager(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn reads_as_the_eager_values_do() {
        let text = r#" {"b": [1, 2.5, "x\u00e9", null, true, {"c": []}], "a": {"k": "v"},
            "e\"s": "q", "n": -0, "big": 12345678901234567890, "f": 1e-7} "#;
        let lazy = parse(text).unwrap();
        assert_eq!(lazy, eager(text));
        assert_eq!(
            lazy.get_attr("b")
                .unwrap()
                .get_item(&Value::from(-1))
                .unwrap(),
            { eager("{\"c\": []}") }
        );
        let keys: Vec<Value> = lazy.try_iter().unwrap().collect();
        let eager_keys: Vec<Value> = eager(text).try_iter().unwrap().collect();
        assert_eq!(keys, eager_keys);
        assert_eq!(lazy.len(), Some(6));
        assert!(lazy.get_attr("missing").unwrap().is_undefined());
    }

    #[test]
    fn lookups_work_on_both_sides_of_the_index_size() {
        // Pairs, not distinct keys, decide whether the index is used: 33 pairs with one key
        // repeated once, then 32 pairs.
        for (pairs, repeated) in [(INDEX_FROM + 1, true), (INDEX_FROM, false), (40, true)] {
            let mut text = String::from("{");
            for i in 0..pairs {
                let k = if repeated && i == pairs - 1 { 0 } else { i };
                text.push_str(&format!("\"k{k}\": {i}, "));
            }
            text.truncate(text.len() - 2);
            text.push('}');
            let lazy = parse(&text).unwrap();
            let tree = eager(&text);
            assert_eq!(lazy, tree);
            for i in 0..pairs {
                let key = format!("k{i}");
                assert_eq!(
                    lazy.get_attr(&key).unwrap(),
                    tree.get_attr(&key).unwrap(),
                    "{pairs} pairs, {key}"
                );
            }
        }
    }

    #[test]
    fn arrays_read_the_same_on_both_sides_of_the_index_size() {
        for n in [0, 1, INDEX_FROM, INDEX_FROM + 1, 100] {
            let text = format!(
                "[{}]",
                (0..n)
                    .map(|i| format!("{{\"i\": {i}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let lazy = parse(&text).unwrap();
            assert_eq!(lazy, eager(&text), "{n} items");
            assert_eq!(lazy.len(), Some(n));
            for i in [0, n / 2, n.saturating_sub(1), n] {
                let got = lazy.get_item(&Value::from(i)).unwrap();
                assert_eq!(got, eager(&text).get_item(&Value::from(i)).unwrap());
            }
            let items: Vec<Value> = lazy.try_iter().unwrap().collect();
            assert_eq!(items.len(), n);
        }
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_its_last_value() {
        let v = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        let keys: Vec<String> = v.try_iter().unwrap().map(|k| k.to_string()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(v.get_attr("a").unwrap(), Value::from(3));
        // Past the size where a hash index is used, too.
        let mut text = String::from("{");
        for i in 0..40 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"k3\": \"last\"}");
        let v = parse(&text).unwrap();
        assert_eq!(v.len(), Some(40));
        assert_eq!(v.get_attr("k3").unwrap(), Value::from("last"));
        assert_eq!(v.get_attr("k39").unwrap(), Value::from(39));
        let third: Vec<Value> = v.try_iter().unwrap().skip(3).take(1).collect();
        assert_eq!(third, [Value::from("k3")]);
    }

    #[test]
    fn bad_and_too_deep_documents_are_errors_with_a_position() {
        let e = parse("{\"a\": [1, 2,]}").unwrap_err();
        assert_eq!((e.line(), e.column()), (1, 13));
        assert!(parse("{} x").is_err());
        assert!(parse("\"\\q\"").is_err());
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(
            parse(&deep)
                .unwrap_err()
                .to_string()
                .contains("recursion limit")
        );
        let ok = format!("[{}]", "[], ".repeat(300) + "[]");
        assert_eq!(parse(&ok).unwrap().len(), Some(301));
    }

    #[test]
    fn an_out_of_range_number_is_infinite() {
        let v = parse("[1e400, -1e400]").unwrap();
        assert_eq!(
            v.get_item(&Value::from(0)).unwrap(),
            Value::from(f64::INFINITY)
        );
    }
}
#[cfg(test)]
mod depth {
    #[test]
    fn the_depth_limit_is_serde_jsons() {
        for n in 120..135 {
            let text = format!("{}{}", "[".repeat(n), "]".repeat(n));
            let eager = serde_json::from_str::<serde_json::Value>(&text).is_ok();
            let lazy = super::parse(&text).is_ok();
            assert_eq!(eager, lazy, "depth {n}");
        }
    }
}
