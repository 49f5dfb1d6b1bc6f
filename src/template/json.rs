//! Payloads as template values, read lazily.
//!
//! A payload is checked as JSON once, in full (serde_json's message, line and column on an
//! error; no more than [`MAX_DEPTH`] levels of nesting), but it becomes template values only
//! where a template looks: an object or an array stays as its text until first used, and is
//! then read one level deep. A body template reads a few fields of a payload that has many, so
//! most of a payload is never turned into values at all.
//!
//! Objects and arrays behave as MiniJinja's own maps and lists: key order as in the text,
//! a repeated key keeping its first place and its last value (as Python's `json.loads`),
//! lookups, length, iteration, equality and printing.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

/// The deepest nesting accepted: serde_json's own recursion limit.
pub const MAX_DEPTH: usize = 128;

/// Objects with more keys than this get a hash index; smaller ones are searched in order.
const INDEX_FROM: usize = 16;

/// Reads a JSON document as a template value.
///
/// # Errors
///
/// serde_json's error (with its line and column) when the text is not one JSON value, or
/// nests deeper than [`MAX_DEPTH`].
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    // Checks the whole document (its syntax, strings and escapes) without building anything.
    let raw: &RawValue = serde_json::from_str(text)?;
    // That check has no depth limit: a document nested too deep is read once more by
    // serde_json's parser, which stops at its limit with a position.
    if depth(text.as_bytes()) > MAX_DEPTH {
        serde_json::from_str::<serde_json::Value>(text)?;
    }
    let src: Arc<str> = Arc::from(raw.get());
    let span = 0..src.len();
    Ok(value_of(&src, span))
}

/// How deep the brackets of a valid JSON text nest (brackets inside strings not counted).
fn depth(b: &[u8]) -> usize {
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// The value of the JSON text `src[span]` (one valid value, no surrounding white space).
fn value_of(src: &Arc<str>, span: Range<usize>) -> Value {
    match src.as_bytes().get(span.start) {
        Some(b'{') => Value::from_object(LazyMap {
            src: src.clone(),
            span,
            entries: OnceLock::new(),
        }),
        Some(b'[') => Value::from_object(LazyList {
            src: src.clone(),
            span,
            items: OnceLock::new(),
        }),
        _ => scalar(&src[span]),
    }
}

/// A string, number, boolean or null.
fn scalar(text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => v,
        // A number too large for a float (`1e400`): infinite, as Python reads it.
        Err(_) => text.parse::<f64>().map_or(Value::UNDEFINED, Value::from),
    }
}

/// Where a borrowed slice of `src` starts in it.
fn offset_in(src: &str, part: &str) -> usize {
    part.as_ptr() as usize - src.as_ptr() as usize
}

/// An object key, borrowed from the text unless it has escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// One level of an object: its keys and where each value's text is.
struct Entries {
    keys: Vec<Value>,
    spans: Vec<Range<usize>>,
    values: Vec<OnceLock<Value>>,
    /// Key to position, for objects with many keys.
    index: Option<HashMap<Arc<str>, usize>>,
}

impl Entries {
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.keys.iter().position(|k| k.as_str() == Some(key)),
        }
    }
}

/// A JSON object, read when first used.
pub struct LazyMap {
    src: Arc<str>,
    span: Range<usize>,
    entries: OnceLock<Entries>,
}

impl LazyMap {
    fn entries(&self) -> &Entries {
        self.entries.get_or_init(|| {
            let text = &self.src[self.span.clone()];
            let pairs = read_level::<Vec<(Key<'_>, &RawValue)>>(text, PairsVisitor);
            let mut e = Entries {
                keys: Vec::with_capacity(pairs.len()),
                spans: Vec::with_capacity(pairs.len()),
                values: Vec::new(),
                index: None,
            };
            let mut index: HashMap<Arc<str>, usize> = HashMap::new();
            for (key, raw) in pairs {
                let start = self.span.start + offset_in(text, raw.get());
                let span = start..start + raw.get().len();
                // A repeated key keeps its first place and takes the last value.
                let seen = if e.keys.len() < INDEX_FROM {
                    e.keys.iter().position(|k| k.as_str() == Some(&key.0))
                } else {
                    if index.is_empty() {
                        for (i, k) in e.keys.iter().enumerate() {
                            index.insert(Arc::from(k.as_str().unwrap_or_default()), i);
                        }
                    }
                    index.get(key.0.as_ref()).copied()
                };
                match seen {
                    Some(i) => e.spans[i] = span,
                    None => {
                        if !index.is_empty() {
                            index.insert(Arc::from(key.0.as_ref()), e.keys.len());
                        }
                        e.keys.push(Value::from(key.0.as_ref()));
                        e.spans.push(span);
                    }
                }
            }
            if e.keys.len() > INDEX_FROM {
                if index.is_empty() {
                    for (i, k) in e.keys.iter().enumerate() {
                        index.insert(Arc::from(k.as_str().unwrap_or_default()), i);
                    }
                }
                e.index = Some(index);
            }
            e.values = (0..e.keys.len()).map(|_| OnceLock::new()).collect();
            e
        })
    }

    fn value_at(&self, e: &Entries, i: usize) -> Value {
        e.values[i]
            .get_or_init(|| value_of(&self.src, e.spans[i].clone()))
            .clone()
    }
}

impl fmt::Debug for LazyMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.src[self.span.clone()])
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
        let e = self.entries();
        e.position(key).map(|i| self.value_at(e, i))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.entries().keys.clone())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.entries().keys.len())
    }
}

/// A JSON array, read when first used.
pub struct LazyList {
    src: Arc<str>,
    span: Range<usize>,
    items: OnceLock<Items>,
}

/// One level of an array: where each item's text is, and the items read so far.
type Items = (Vec<Range<usize>>, Vec<OnceLock<Value>>);

impl LazyList {
    fn items(&self) -> &Items {
        self.items.get_or_init(|| {
            let text = &self.src[self.span.clone()];
            let raws = read_level::<Vec<&RawValue>>(text, ItemsVisitor);
            let spans: Vec<Range<usize>> = raws
                .iter()
                .map(|raw| {
                    let start = self.span.start + offset_in(text, raw.get());
                    start..start + raw.get().len()
                })
                .collect();
            let values = spans.iter().map(|_| OnceLock::new()).collect();
            (spans, values)
        })
    }
}

impl fmt::Debug for LazyList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.src[self.span.clone()])
    }
}

impl Object for LazyList {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize()?;
        let (spans, values) = self.items();
        let span = spans.get(i)?;
        Some(
            values[i]
                .get_or_init(|| value_of(&self.src, span.clone()))
                .clone(),
        )
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.items().0.len())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.items().0.len())
    }
}

/// Reads one level of an object or array that [`parse`] already checked; the nested values
/// are kept as text.
fn read_level<'a, T: Default>(text: &'a str, visitor: impl Visitor<'a, Value = T>) -> T {
    let mut d = serde_json::Deserializer::from_str(text);
    // Checked when the document was parsed, so this cannot fail; if it did, the level reads
    // as empty rather than failing a render.
    (&mut d).deserialize_any(visitor).unwrap_or_default()
}

struct PairsVisitor;

impl<'de> Visitor<'de> for PairsVisitor {
    type Value = Vec<(Key<'de>, &'de RawValue)>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(key) = map.next_key::<Key<'de>>()? {
            out.push((key, map.next_value::<&'de RawValue>()?));
        }
        Ok(out)
    }
}

struct ItemsVisitor;

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = Vec<&'de RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(8));
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            out.push(item);
        }
        Ok(out)
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
