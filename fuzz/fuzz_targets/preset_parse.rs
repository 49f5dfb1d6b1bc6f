//! Preset YAML: any bytes, read as text, give a preset or an error, never a panic; a preset
//! that parses serializes back to YAML that parses to the same preset.

#![no_main]

use libfuzzer_sys::fuzz_target;
use oomhook::preset::Preset;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = Preset::from_yaml(&text, "fuzz.yaml") {
        assert_eq!(p.id, "fuzz");
        let yaml = serde_yaml_ng::to_string(&p).expect("a parsed preset serializes");
        let back = Preset::from_yaml(&yaml, "fuzz.yaml").expect("a serialized preset parses");
        assert_eq!(serde_yaml_ng::to_string(&back).unwrap(), yaml);
    }
});
