//! Payloads: any bytes, read as text (invalid UTF-8 replaced), give a value or an error, never
//! a panic or a stack overflow; a value reads back equal from its own serialization; the lazy
//! reader the templates use accepts what the eager one accepts and gives equal values, and
//! accepts nothing serde_json refuses; and `check` gives either fields or an error.

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
    let c = check(&text, &["email".to_string(), "username".to_string()]);
    assert_eq!(c.fields.is_some(), c.error.is_none());
    assert_eq!(c.sync_key.is_some(), c.sync_value.is_some());
});
