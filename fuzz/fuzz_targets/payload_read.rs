//! Payloads: any bytes, read as text (invalid UTF-8 replaced), give a value or an error, never
//! a panic or a stack overflow; a value reads back equal from its own serialization; the lazy
//! reader the templates use accepts what the eager one accepts and gives equal values, and
//! accepts nothing serde_json refuses; a value compacted in one pass (as `preview --ndjson`
//! writes a body) reads back as the same value, and only what serde_json accepts is compacted;
//! and `check` gives either fields or an error.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oomhook::body::{check, parse_payload, parse_payload_value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(v) = parse_payload(&text, "fuzz.json") {
        let again = parse_payload(&serde_json::to_string(&v).unwrap(), "fuzz.json")
            .expect("a serialized payload reads back");
        assert_eq!(again, v);
        let lazy = parse_payload_value(&text, "fuzz.json").expect("the lazy reader agrees");
        assert_eq!(lazy, minijinja::Value::from(minijinja::value::Serde(&v)));
    }
    if parse_payload_value(&text, "fuzz.json").is_ok() {
        assert!(
            serde_json::from_str::<&serde_json::value::RawValue>(&text).is_ok(),
            "the lazy reader accepted what serde_json refuses"
        );
    }
    let mut compacted = String::new();
    if oomhook::template::json::compact(&text, &mut compacted) {
        assert!(
            serde_json::from_str::<&serde_json::value::RawValue>(&text).is_ok(),
            "compacted what serde_json refuses"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&compacted).ok(),
            serde_json::from_str::<serde_json::Value>(&text).ok(),
            "compacting changed the value"
        );
    } else {
        assert!(compacted.is_empty(), "a refused value left text behind");
    }
    let c = check(&text, &["email".to_string(), "username".to_string()]);
    assert_eq!(c.fields.is_some(), c.error.is_none());
    assert_eq!(c.sync_key.is_some(), c.sync_value.is_some());
});
