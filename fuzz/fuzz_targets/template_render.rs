//! Templates: the input up to the first NUL byte is the template, the rest the payload (JSON
//! when it parses, else a string). Compiling and rendering, strict and lenient, give a string
//! or an error, never a panic; the fuel limit ends runaway loops.

#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use oomhook::body::parse_payload_value;
use oomhook::template::{Engine, Undefined, context};
use minijinja::Value;

fuzz_target!(
    init: {
        // The renderer turns MiniJinja's own panics into errors: let them unwind to it rather
        // than abort in the panic hook. A panic that escapes still aborts the run.
        drop(std::panic::take_hook());
    },
    |data: &[u8]| render(data)
);

fn render(data: &[u8]) {
    let (template, payload) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"{}"[..]),
    };
    let template = String::from_utf8_lossy(template);
    let text = String::from_utf8_lossy(payload);
    let payload = parse_payload_value(&text, "payload.json").unwrap_or(Value::from(text.as_ref()));
    let headers = BTreeMap::from([("X-Test".to_string(), "1".to_string())]);
    let ctx = context(payload, &headers, Some("create_user"));
    for undefined in [Undefined::Strict, Undefined::Lenient] {
        if let Ok(engine) = Engine::new("fuzz", &template, undefined)
            && let Err(e) = engine.render_with_warnings(&ctx)
        {
            assert!(!e.to_string().is_empty());
        }
    }
}
