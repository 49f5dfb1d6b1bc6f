//! Properties of the library's input handling: the preset parser, the template renderer, the
//! payload reader and signatures never panic on any input, and keep the invariants they promise
//! (round trips, `tojson` giving back its input, sign-then-verify, tampering detected).
//!
//! Each property runs a modest number of cases so the whole module stays fast in debug builds;
//! `PROPTEST_CASES` does not change them. The fuzz targets in `fuzz/` cover the same entry
//! points without a case limit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use oomhook::body::{check, parse_payload};
use oomhook::preset::Preset;
use oomhook::signature::{
    Algorithm, Encoding, HeaderAuth, Headers, HmacAuth, Scheme, SecretEncoding, SignInput,
    TimestampFormat, VerifyError, VerifyOptions, sign, verify,
};
use oomhook::template::{Engine, Undefined, context};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// A runner configuration: `cases` cases, no regression files written next to the sources.
fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// A string strategy from a regular expression, compiled once (a `&str` strategy compiles its
/// expression again for every case).
fn re(pattern: &str) -> proptest::string::RegexGeneratorStrategy<String> {
    proptest::string::string_regex(pattern).expect("a valid expression")
}

// ---- presets ----------------------------------------------------------------------------------

/// Every bundled preset: `(path relative to presets/, text)`, sorted.
fn bundled_presets() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    let mut out = Vec::new();
    for vendor in std::fs::read_dir(&root).unwrap() {
        let vendor = vendor.unwrap().path();
        if !vendor.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&vendor).unwrap() {
            let file: PathBuf = file.unwrap().path();
            if file.extension().is_some_and(|e| e == "yaml") {
                let rel = file
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read_to_string(&file).unwrap()));
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 10,
        "bundled presets not found under {}",
        root.display()
    );
    out
}

/// Asserts two presets are equal field by field (`Preset` has no `PartialEq`).
fn assert_same_preset(a: &Preset, b: &Preset) {
    assert_eq!(a.id, b.id);
    assert_eq!(a.vendor, b.vendor);
    assert_eq!(a.vendor_name, b.vendor_name);
    assert_eq!(a.title, b.title);
    assert_eq!(a.description, b.description);
    assert_eq!(a.vendor_events, b.vendor_events);
    assert_eq!(a.event, b.event);
    assert_eq!(a.secret_type, b.secret_type);
    assert_eq!(a.auth, b.auth);
    assert_eq!(a.handshake, b.handshake);
    assert_eq!(a.event_id, b.event_id);
    assert_eq!(a.body, b.body);
    assert_eq!(a.sync_keys, b.sync_keys);
    assert_eq!(a.setup, b.setup);
    assert_eq!(a.samples.len(), b.samples.len());
    for (x, y) in a.samples.iter().zip(&b.samples) {
        assert_eq!(
            (&x.name, &x.file, &x.headers),
            (&y.name, &y.file, &y.headers)
        );
    }
}

/// Serializes a preset and parses the YAML back (under the same file name); the two must be
/// equal, and serializing again must give the same text.
fn assert_round_trips(p: &Preset, name: &str) {
    let yaml = serde_yaml_ng::to_string(p).expect("a parsed preset serializes");
    let back = Preset::from_yaml(&yaml, name)
        .unwrap_or_else(|e| panic!("re-serialized preset does not parse: {e:#}\n{yaml}"));
    assert_same_preset(p, &back);
    assert_eq!(serde_yaml_ng::to_string(&back).unwrap(), yaml);
}

#[test]
fn bundled_presets_parse_and_round_trip_through_yaml() {
    for (rel, text) in bundled_presets() {
        let p = Preset::from_yaml(&text, &rel).unwrap_or_else(|e| panic!("{rel}: {e:#}"));
        assert_eq!(
            Some(p.id.as_str()),
            rel.rsplit('/').next().unwrap().strip_suffix(".yaml")
        );
        assert_round_trips(&p, &rel);
        Engine::new(&rel, &p.body, Undefined::Strict).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, u8),
    Delete(usize),
    Replace(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that matter to YAML more often than chance would pick them.
    let byte = prop_oneof![
        3 => any::<u8>(),
        2 => select(b":-[]{}|>&*!#'\"\n \t,?%@`\\".to_vec()),
    ];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), byte).prop_map(|(i, b)| Edit::Replace(i, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, e: &Edit) {
    let n = bytes.len();
    match *e {
        Edit::Insert(i, b) => bytes.insert(i % (n + 1), b),
        Edit::Delete(i) if n > 0 => {
            bytes.remove(i % n);
        }
        Edit::Replace(i, b) if n > 0 => bytes[i % n] = b,
        _ => {}
    }
}

/// YAML-looking text: keys, scalars, flow and block collections, anchors, tags, junk.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        select(vec![
            "id: ",
            "vendor: ",
            "auth:\n",
            "  hmac:\n",
            "    header: X\n",
            "body: |\n  ",
            "samples:\n  - name: a\n    file: b\n",
            "- ",
            "? ",
            ": ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "&a ",
            "*a",
            "!!str ",
            "!!binary ",
            "!x ",
            "<<: *a\n",
            "|-\n",
            ">+\n",
            "'",
            "\"",
            "\\u0000",
            "\n",
            "  ",
            "\t",
            "#",
            "---\n",
            "...\n",
            "~",
            "null",
            "1e400",
            "-0x1",
            ".inf",
            "yes",
            "\u{feff}",
            "%YAML 1.2\n",
            "%TAG ! x\n",
        ])
        .prop_map(str::to_string),
        re("[a-z_]{1,8}"),
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(256))]

    /// Any text: the parser returns (an error), never panics; the file name decides the id.
    #[test]
    fn preset_parser_never_panics(text in prop_oneof![any::<String>(), yamlish()]) {
        if let Ok(p) = Preset::from_yaml(&text, "fuzz.yaml") {
            prop_assert_eq!(p.id.as_str(), "fuzz");
            assert_round_trips(&p, "fuzz.yaml");
        }
    }

    /// A bundled preset with a few bytes inserted, deleted or replaced: an error or a preset,
    /// never a panic; a preset that still parses round-trips through YAML like the originals.
    #[test]
    fn mutated_bundled_presets_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..4),
    ) {
        let presets = bundled_presets();
        let (rel, text) = which.get(&presets);
        let mut bytes = text.clone().into_bytes();
        for e in &edits {
            apply(&mut bytes, e);
        }
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(p) = Preset::from_yaml(&text, rel) {
            assert_round_trips(&p, rel);
        }
    }
}

// ---- templates --------------------------------------------------------------------------------

/// Names a template may read: payload keys the payload strategy uses, the built-in context
/// names, loop variables, and names nothing defines.
const NAMES: &[&str] = &[
    "payload",
    "headers",
    "data",
    "user",
    "email",
    "items",
    "name",
    "x",
    "v",
    "k",
    "loop",
    "missing",
    "range",
    "namespace",
    "oomnitza_event",
];

/// Literals of every type, small enough that arithmetic on them stays cheap.
const LITERALS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "7",
    "20",
    "0.5",
    "-2.5",
    "1e300",
    "'a'",
    "'Hello World'",
    "\"b c\"",
    "''",
    "'<&>'",
    "'é✓'",
    "none",
    "None",
    "true",
    "false",
    "True",
    "[]",
    "[1, 'a', none]",
    "{}",
    "{'a': 1, 'b': [2]}",
    "(1, 2)",
    "range(5)",
    "dict(a=1)",
    "namespace(n=0)",
    "2 ** 10",
];

/// Arguments for width, precision, base and indent parameters (`N` in the lists below): small,
/// negative and huge. Arguments whose value a filter may return (`S`) are only small, as a
/// huge number multiplying a list would make a sequence no render can print.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "10",
    "-1",
    "-5",
    "40",
    "1000",
    "100000001",
    "2147483647",
    "-2147483648",
    "9223372036854775807",
    "-9223372036854775808",
    "1000000000000",
    "1.5",
    "'3'",
];

const ATTRS: &[&str] = &[
    "a", "b", "name", "email", "items", "data", "0", "first", "length", "id", "real",
];

/// Filters, `N` replaced with a number from `NUMBERS`, `S` with a small one.
const FILTERS: &[&str] = &[
    "tojson",
    "tojson(N)",
    "tojson(indent=N)",
    "as_is",
    "string",
    "join",
    "join(', ')",
    "join(attribute='a')",
    "round",
    "round(N)",
    "round(N, 'floor')",
    "round(N, 'ceil')",
    "round(method='x')",
    "int",
    "int(S)",
    "int(base=N)",
    "title",
    "pprint",
    "center(N)",
    "truncate(length=N)",
    "truncate(length=N, end='')",
    "striptags",
    "wordcount",
    "wordwrap(width=N)",
    "filesizeformat",
    "filesizeformat(true)",
    "default('d')",
    "default('d', true)",
    "first",
    "last",
    "length",
    "lower",
    "upper",
    "list",
    "sort",
    "unique",
    "reverse",
    "selectattr('a')",
    "rejectattr('a', 'none')",
    "map(attribute='a')",
    "map('upper')",
    "trim",
    "replace('a', 'b')",
    "abs",
    "float",
    "sum",
    "batch(3)",
    "slice(2)",
    "items",
    "dictsort",
    "capitalize",
    "urlencode",
    "min",
    "max",
    "bool",
    "e",
    "safe",
    "unknownfilter",
    "indent(N)",
];

/// Methods (Python's, as the engine provides them), `N` and `S` replaced with numbers.
const METHODS: &[&str] = &[
    "get('a')",
    "get('a', S)",
    "items()",
    "keys()",
    "values()",
    "split()",
    "split(',')",
    "strip()",
    "lstrip('a')",
    "upper()",
    "lower()",
    "title()",
    "startswith('a')",
    "endswith(('a', 'b'))",
    "replace('a', 'b')",
    "count('a')",
    "find('a')",
    "zfill(N)",
    "ljust(N)",
    "rjust(N, '*')",
    "ljust(N, '')",
    "removeprefix('a')",
    "removesuffix('')",
    "swapcase()",
    "casefold()",
    "partition('a')",
    "rpartition('')",
    "index('a')",
    "splitlines()",
    "capitalize()",
    "isdigit()",
    "format(S)",
    "append(S)",
    "nosuch()",
];

/// Binary operators (`**` only in a literal: `20 ** 20` times a list is a sequence too long
/// to print).
const OPERATORS: &[&str] = &[
    "+", "-", "*", "/", "//", "%", "~", "==", "!=", "<", ">=", "and", "or", "in", "not in", "is",
    "is not",
];

const TESTS: &[&str] = &[
    "defined",
    "undefined",
    "none",
    "string",
    "number",
    "mapping",
    "sequence",
    "iterable",
    "odd",
    "even",
    "divisibleby(N)",
    "equalto(S)",
    "true",
    "false",
    "startingwith('a')",
    "nosuchtest",
];

/// Unbalanced or broken delimiters and tags.
const JUNK: &[&str] = &[
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "{{ x",
    "x }}",
    "{% if %}",
    "{% if x %}",
    "{% endif %}",
    "{% for %}",
    "{% for x in %}",
    "{% endfor %}",
    "{% else %}",
    "{% set %}",
    "{% set x %}",
    "{% raw %}",
    "{% endraw %}",
    "{{-",
    "-}}",
    "{%-",
    "-%}",
    "{{ }}",
    "{{ {{ }} }}",
    "{% break %}",
    "{% continue %}",
    "{% macro m() %}",
    "{% endmacro %}",
    "{% filter upper %}",
    "{% endfilter %}",
    "{% include 'x' %}",
    "{% extends 'x' %}",
    "{% block b %}",
    "{% with %}",
    "{{ x |",
    "{{ x. }}",
    "{{ 'unterminated }}",
    "{{ [1, }}",
    "{{ (1 }}",
    "{# unterminated",
    "{%}",
    "{{}}",
    "\u{0}",
    "{{ 1 is divisibleby(0) }}",
];

fn with_number(template: &str, n: &str, small: u8) -> String {
    template.replace('N', n).replace('S', &small.to_string())
}

/// A Jinja expression from the grammar above.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        select(NAMES).prop_map(str::to_string),
        select(LITERALS).prop_map(str::to_string),
        re("'[ -~]{0,6}'").prop_map(|s| s.replace('\\', "")),
    ];
    leaf.prop_recursive(4, 32, 3, |inner| {
        prop_oneof![
            (inner.clone(), select(ATTRS)).prop_map(|(e, a)| format!("{e}.{a}")),
            (inner.clone(), inner.clone()).prop_map(|(e, i)| format!("{e}[{i}]")),
            (
                inner.clone(),
                select(vec!["1:", ":-1", "::2", "::-1", "0:0"])
            )
                .prop_map(|(e, s)| format!("{e}[{s}]")),
            (inner.clone(), select(FILTERS), select(NUMBERS), 0u8..5)
                .prop_map(|(e, f, n, s)| format!("{e} | {}", with_number(f, n, s))),
            (inner.clone(), select(METHODS), select(NUMBERS), 0u8..5)
                .prop_map(|(e, m, n, s)| format!("({e}).{}", with_number(m, n, s))),
            (inner.clone(), select(OPERATORS), inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (inner.clone(), select(TESTS), select(NUMBERS), 0u8..5)
                .prop_map(|(e, t, n, s)| format!("({e} is {})", with_number(t, n, s))),
            inner.clone().prop_map(|e| format!("(not {e})")),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            (inner.clone(), inner.clone()).prop_map(|(k, v)| format!("{{{k}: {v}}}")),
            (inner.clone(), inner.clone(), inner)
                .prop_map(|(a, b, c)| format!("({a} if {b} else {c})")),
        ]
    })
}

/// What a `for` loop may iterate over: never more than a few items, so runs stay cheap.
fn iterable() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "payload",
            "items",
            "data",
            "user",
            "headers",
            "missing",
            "'abc'",
            "[1, 2, 3]",
            "{'a': 1, 'b': 2}",
            "range(4)",
            "payload.items()",
            "data | list",
            "none",
            "7",
        ])
        .prop_map(str::to_string),
        (0u8..6).prop_map(|n| format!("range({n})")),
    ]
}

/// Template text without delimiters (no `{`, `%`, `#`, no carriage return).
fn plain_text() -> impl Strategy<Value = String> {
    prop_oneof![
        re("[^{%#\r]{0,40}"),
        select(vec![
            "\n", " ", "}", "-}", "a\nb", ",", "\"k\": ", "é", "\t"
        ])
        .prop_map(str::to_string),
    ]
}

/// A template: text, expressions, `if`, `for`, `set`, comments and broken delimiters.
fn template() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => plain_text(),
        4 => expr().prop_map(|e| format!("{{{{ {e} }}}}")),
        1 => expr().prop_map(|e| format!("{{{{- {e} -}}}}")),
        1 => expr().prop_map(|e| format!("{{% set v = {e} %}}")),
        1 => re("[^#]{0,10}").prop_map(|c| format!("{{# {c} #}}")),
        2 => select(JUNK).prop_map(str::to_string),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| v.concat()),
            (expr(), inner.clone(), prop::option::of(inner.clone())).prop_map(|(c, a, b)| match b {
                Some(b) => format!("{{% if {c} %}}{a}{{% else %}}{b}{{% endif %}}"),
                None => format!("{{% if {c} %}}{a}{{% endif %}}"),
            }),
            (select(vec!["v", "k, v", "x"]), iterable(), inner.clone(), any::<bool>()).prop_map(
                |(var, it, body, filtered)| {
                    let cond = if filtered { " if v" } else { "" };
                    format!("{{% for {var} in {it}{cond} %}}{body}{{{{ loop.index }}}}{{% else %}}-{{% endfor %}}")
                }
            ),
            inner.prop_map(|body| format!("{{% filter upper %}}{body}{{% endfilter %}}")),
        ]
    })
}

/// A finite float, with the values float printing gets wrong most often.
fn float() -> impl Strategy<Value = f64> {
    use prop::num::f64 as f;
    prop_oneof![
        3 => f::POSITIVE | f::NEGATIVE | f::NORMAL | f::SUBNORMAL | f::ZERO,
        1 => select(vec![
            0.1, -0.0, 1e16, 1e15, 1e-4, 1e-5, 5e-324, f64::MAX, f64::MIN_POSITIVE, 123456789.125,
            2.5, 1e22, 9007199254740993.0,
        ]),
    ]
}

/// Object keys: the names templates and sync keys use, and any text.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(vec![
            "a", "b", "name", "email", "username", "items", "data", "user", "x", "id", "payload",
            "headers", "0", "", " ", "<k>", "é", "B", "a.b",
        ])
        .prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

/// Any JSON value (finite numbers; integers over the whole i64 and u64 ranges).
fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        float().prop_map(Value::from),
        prop_oneof![
            any::<String>(),
            select(vec![
                "",
                " ",
                "it's",
                "\"q\"",
                "</script>",
                "a&b",
                "\u{2028}",
                "😀",
                "\u{0}"
            ])
            .prop_map(str::to_string),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A JSON object (the shape vendors send).
fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((key(), json()), 0..8).prop_map(|kv| kv.into_iter().collect())
}

/// A payload as the engine reads it from JSON text (lazily).
fn lazy(payload: &Value) -> minijinja::Value {
    oomhook::template::json::parse(&payload.to_string()).expect("serde_json wrote valid JSON")
}

fn render(template: &str, payload: &Value, undefined: Undefined) -> Result<String, String> {
    let engine = Engine::new("t", template, undefined).map_err(|e| e.to_string())?;
    engine
        .render(&context(lazy(payload), &BTreeMap::new(), None))
        .map_err(|e| e.to_string())
}

/// JSON equality with numbers compared by value: integers exactly, floats as `f64`.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
                (Some(p), Some(q), _, _) => p == q,
                (_, _, Some(p), Some(q)) => p == q,
                _ if x.is_f64() && y.is_f64() => x.as_f64() == y.as_f64(),
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// Every object in a parsed value has its keys in sorted order (`sort_keys=True`).
fn keys_sorted(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            m.keys().zip(m.keys().skip(1)).all(|(a, b)| a < b) && m.values().all(keys_sorted)
        }
        Value::Array(a) => a.iter().all(keys_sorted),
        _ => true,
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Any template from the grammar, any payload, strict or lenient: a string or an error,
    /// never a panic (the fuel limit ends runaway loops).
    #[test]
    fn templates_never_panic(
        template in template(),
        payload in json(),
        strict in any::<bool>(),
    ) {
        let undefined = if strict { Undefined::Strict } else { Undefined::Lenient };
        if let Ok(engine) = Engine::new("t", &template, undefined) {
            let ctx = context(lazy(&payload), &BTreeMap::new(), Some("create_user"));
            match engine.render_with_warnings(&ctx) {
                // Strict and lenient agree whenever strict succeeds.
                Ok((out, _)) if strict => {
                    let lenient = Engine::new("t", &template, Undefined::Lenient).unwrap();
                    prop_assert_eq!(lenient.render(&ctx).ok(), Some(out));
                }
                Ok(_) => {}
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
        }
    }

    /// A payload read lazily from its text equals, key for key and in the same order, the
    /// same payload converted eagerly; looking up, iterating and measuring agree at every level.
    #[test]
    fn lazy_payloads_equal_eager_ones(payload in json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&payload).unwrap()
        } else {
            payload.to_string()
        };
        let lazy = oomhook::template::json::parse(&text).unwrap();
        let eager = minijinja::Value::from(minijinja::value::Serde(&payload));
        prop_assert_eq!(&lazy, &eager);
        fn walk(a: &minijinja::Value, b: &minijinja::Value) -> Result<(), TestCaseError> {
            prop_assert_eq!(a.kind(), b.kind());
            prop_assert_eq!(a.len(), b.len());
            if let (Ok(ai), Ok(bi)) = (a.try_iter(), b.try_iter()) {
                let (ak, bk): (Vec<_>, Vec<_>) = (ai.collect(), bi.collect());
                prop_assert_eq!(&ak, &bk);
                for k in &ak {
                    if a.kind() == minijinja::value::ValueKind::Map {
                        walk(&a.get_item(k).unwrap(), &b.get_item(k).unwrap())?;
                    }
                }
                if a.kind() == minijinja::value::ValueKind::Seq {
                    for i in 0..ak.len() {
                        let i = minijinja::Value::from(i);
                        walk(&a.get_item(&i).unwrap(), &b.get_item(&i).unwrap())?;
                    }
                }
            }
            Ok(())
        }
        walk(&lazy, &eager)?;
    }

    /// Arbitrary text (any character, delimiters included): compiles or not, never panics.
    #[test]
    fn arbitrary_template_text_never_panics(text in any::<String>(), payload in json()) {
        let _ = render(&text, &payload, Undefined::Lenient);
        let _ = render(&text, &payload, Undefined::Strict);
    }

    /// Text without delimiters renders as itself with its line breaks read as Jinja2 reads them
    /// (`\r\n` and `\r` are `\n`), less one trailing line break (`keep_trailing_newline=False`).
    #[test]
    fn plain_text_renders_as_itself(
        text in re("[^{%#\r]{0,200}"),
        end in select(vec!["", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", " "]),
        payload in json(),
    ) {
        let source = format!("{text}{end}");
        let lf = source.replace("\r\n", "\n").replace('\r', "\n");
        let expected = lf.strip_suffix('\n').unwrap_or(&lf);
        prop_assert_eq!(render(&source, &payload, Undefined::Strict).unwrap(), expected);
    }

    /// `tojson` of any JSON value parses back as that value, with sorted keys, ASCII only and
    /// without the HTML-sensitive characters; as the whole payload and under a key.
    #[test]
    fn tojson_gives_back_its_input(
        x in json(),
        indent in prop::option::of(0usize..4),
        top in any::<bool>(),
    ) {
        let arg = indent.map(|n| format!("(indent={n})")).unwrap_or_default();
        let (template, payload) = if top {
            (format!("{{{{ payload | tojson{arg} }}}}"), x.clone())
        } else {
            (format!("{{{{ x | tojson{arg} }}}}"), serde_json::json!({ "x": x }))
        };
        let out = render(&template, &payload, Undefined::Strict).unwrap();
        prop_assert!(out.is_ascii(), "not ASCII: {out}");
        prop_assert!(!out.contains(['<', '>', '&', '\'']), "not HTML-safe: {out}");
        let back: Value = serde_json::from_str(&out)
            .map_err(|e| TestCaseError::fail(format!("{e}: {out}")))?;
        // A payload key `payload` wins over the whole payload (Zoom sends one).
        let expected = match x.get("payload") {
            Some(inner) if top => inner,
            _ => &x,
        };
        prop_assert!(json_eq(&back, expected), "{back} != {expected}");
        prop_assert!(keys_sorted(&back), "keys not sorted: {out}");
    }
}

/// Templates that recurse forever or nest too deep are errors, promptly, not a stack overflow.
/// (A loop that never ends runs out of fuel: `preview`'s tests show it, at a cost of some
/// 50 million instructions.)
#[test]
fn runaway_and_deep_templates_are_errors() {
    let payload = serde_json::json!({});
    let deep = 20_000;
    let cases = [
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}".to_string(),
        format!("{{{{ {}1{} }}}}", "(".repeat(deep), ")".repeat(deep)),
        format!("{{{{ {}1{} }}}}", "[".repeat(deep), "]".repeat(deep)),
        format!("{{{{ {}1{} }}}}", "{'a': ".repeat(deep), "}".repeat(deep)),
        format!("{{{{ 1{} }}}}", " | string".repeat(deep)),
        format!("{{{{ x{} }}}}", ".a".repeat(deep)),
        format!("{{{{ x{} }}}}", "[0]".repeat(deep)),
        format!("{{{{ x{} }}}}", "()".repeat(deep)),
        format!("{{{{ 1{} }}}}", " ~ 1".repeat(deep)),
        format!("{{{{ {}1 }}}}", "not ".repeat(deep)),
        format!("{{% set v = 1{} %}}", " + 1".repeat(deep)),
        format!(
            "{}{}",
            "{% if x %}".repeat(deep),
            "{% endif %}".repeat(deep)
        ),
        format!("{}x", "{% for i in [1] %}".repeat(deep)),
    ];
    for template in &cases {
        let started = std::time::Instant::now();
        let result = render(template, &payload, Undefined::Lenient);
        assert!(
            result.is_err(),
            "{}...: {result:?}",
            &template[..60.min(template.len())]
        );
        assert!(
            started.elapsed().as_secs() < 30,
            "took {:?}",
            started.elapsed()
        );
    }
}

/// A value nested thousands deep, built by a loop: printing it, `tojson`, `pprint`, `string`
/// and `join` are errors (as Python's `RecursionError`), not a stack overflow. (MiniJinja itself
/// still overflows dropping a value nested some ten thousand deep.)
#[test]
fn values_nested_by_a_template_do_not_overflow() {
    let build = "{% set ns = namespace(x=1) %}{% for i in range(4000) %}{% set ns.x = [ns.x] %}{% endfor %}";
    for out in [
        "{{ ns.x | tojson }}",
        "{{ ns.x }}",
        "{{ ns.x | pprint }}",
        "{{ ns.x | string }}",
        "{{ [ns.x] | join }}",
    ] {
        let result = render(
            &format!("{build}{out}"),
            &serde_json::json!({}),
            Undefined::Strict,
        );
        assert!(result.is_err(), "{out}: {:?}", result.map(|s| s.len()));
    }
}

// ---- payloads ---------------------------------------------------------------------------------

/// Bytes that look like JSON: tokens, escapes, numbers at the edges, deep brackets.
fn jsonish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        select(vec![
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"a\"",
            "\"",
            "1",
            "-0",
            "1e999",
            "-1e-999",
            "0.5e+3",
            "18446744073709551616",
            "-9223372036854775809",
            "true",
            "null",
            "nul",
            " ",
            "\n",
            "\\u0000",
            "\"\\ud800\"",
            "\"\\udc00\\ud800\"",
            "\"\\x\"",
            "01",
            ".5",
            "NaN",
            "\u{feff}",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 0..4),
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.concat())
}

/// The sync-key rule, written out independently: null, blank text, `[]` and `{}` are empty.
fn is_empty_field(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(_) => false,
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Any bytes, read as text (invalid UTF-8 replaced): an error or a value, never a panic; a
    /// value read back from its own serialization is the same; `check` gives fields or an error.
    #[test]
    fn payload_reader_never_panics(bytes in prop_oneof![prop::collection::vec(any::<u8>(), 0..300), jsonish()]) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(v) = parse_payload(&text, "p.json") {
            let again = parse_payload(&serde_json::to_string(&v).unwrap(), "p.json").unwrap();
            prop_assert_eq!(&again, &v);
        }
        let c = check(&text, &["email".to_string(), "username".to_string()]);
        prop_assert_eq!(c.fields.is_some(), c.error.is_none());
        prop_assert_eq!(c.sync_key.is_some(), c.sync_value.is_some());
    }

    /// A JSON object, compact or pretty, is read back equal; `check` takes it as the fields and
    /// resolves the first sync key that is not empty.
    #[test]
    fn payload_objects_read_back_equal(
        obj in json_object(),
        pretty in any::<bool>(),
        sync_keys in prop::collection::vec(select(vec!["email", "username", "id", "name", "a"]), 1..4),
    ) {
        let value = Value::Object(obj.clone());
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        prop_assert_eq!(&parse_payload(&text, "p.json").unwrap(), &value);

        let keys: Vec<String> = sync_keys.iter().map(|k| k.to_string()).collect();
        let c = check(&text, &keys);
        prop_assert_eq!(c.error, None);
        prop_assert_eq!(c.fields.as_ref(), Some(&obj));
        let first = keys.iter().find(|k| !is_empty_field(obj.get(k.as_str())));
        prop_assert_eq!(c.sync_key.as_ref(), first);
        if let Some(k) = first {
            let expected = match &obj[k.as_str()] {
                Value::String(s) => s.trim().to_string(),
                other => other.to_string(),
            };
            prop_assert_eq!(c.sync_value, Some(expected));
        }
    }
}

/// Nesting far beyond any payload, and beyond the stack: an error, not an overflow.
#[test]
fn deeply_nested_payloads_are_errors() {
    let n = 100_000;
    let cases = [
        "[".repeat(n),
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        "{\"a\":".repeat(n),
        format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n)),
        format!("{}{}", "[{\"a\":".repeat(n / 2), "}]".repeat(n / 2)),
    ];
    for text in &cases {
        assert!(parse_payload(text, "p.json").is_err());
        let c = check(text, &["email".to_string()]);
        assert!(c.error.is_some() && c.fields.is_none());
    }
    // Within the limit, nesting is read.
    let ok = format!("{{\"a\":{}1{}}}", "[".repeat(100), "]".repeat(100));
    assert!(parse_payload(&ok, "p.json").is_ok());
}

// ---- signatures -------------------------------------------------------------------------------

/// Header names, with case variants of each other so that collisions are tried too.
const HEADER_NAMES: &[&str] = &[
    "X-Signature",
    "x-signature",
    "X-Hub-Signature-256",
    "webhook-signature",
    "X-Timestamp",
    "webhook-timestamp",
    "webhook-id",
    "X-Id",
    "Authorization",
    "Sig",
];

/// A message template that signs the body and, when asked, the timestamp and the id.
fn message(ts: bool, id: bool) -> impl Strategy<Value = String> {
    let lit = re("[a-z0-9:.,=|_ -]{0,4}");
    (prop::collection::vec(lit, 4), any::<prop::sample::Index>()).prop_map(move |(lits, order)| {
        let mut parts = vec!["{body}"];
        if ts {
            parts.push("{timestamp}");
        }
        if id {
            parts.push("{id}");
        }
        let n = parts.len();
        parts.rotate_left(order.index(n));
        let mut out = lits[0].clone();
        for (i, p) in parts.iter().enumerate() {
            out.push_str(p);
            out.push_str(&lits[i + 1]);
        }
        out
    })
}

/// A text prefix: common ones, and any header text.
fn prefix() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "", "sha256=", "v0=", "v1,", "Bearer ", "SHA256=", "t=1,v1="
        ])
        .prop_map(str::to_string),
        re("[ -~\t]{0,8}"),
        re("[a-zé=]{1,4}"),
    ]
}

/// A valid HMAC scheme (one that `HmacAuth::check` accepts, as every preset's is).
fn hmac_auth() -> impl Strategy<Value = HmacAuth> {
    (any::<bool>(), any::<bool>()).prop_flat_map(|(signs_ts, signs_id)| {
        let ts_header = if signs_ts {
            select(HEADER_NAMES)
                .prop_map(|h| Some(h.to_string()))
                .boxed()
        } else {
            prop::option::of(select(HEADER_NAMES).prop_map(str::to_string)).boxed()
        };
        let id_header = if signs_id {
            select(HEADER_NAMES)
                .prop_map(|h| Some(h.to_string()))
                .boxed()
        } else {
            prop::option::of(select(HEADER_NAMES).prop_map(str::to_string)).boxed()
        };
        (
            select(HEADER_NAMES),
            message(signs_ts, signs_id),
            prop_oneof![Just(Encoding::Hex), Just(Encoding::Base64)],
            prefix(),
            ts_header,
            prop_oneof![
                Just(TimestampFormat::Unix),
                Just(TimestampFormat::UnixMs),
                Just(TimestampFormat::Rfc3339),
                Just(TimestampFormat::Any)
            ],
            id_header,
            prop::option::of(0u64..1000),
            prop_oneof![Just(SecretEncoding::Raw), Just(SecretEncoding::Whsec)],
            any::<bool>(),
        )
            .prop_map(
                |(
                    header,
                    message,
                    encoding,
                    prefix,
                    timestamp_header,
                    timestamp_format,
                    id_header,
                    tolerance,
                    secret_encoding,
                    multiple,
                )| {
                    let tolerance = timestamp_header.as_ref().and(tolerance);
                    // SHA-256 only: the key-equivalence properties below use its block size.
                    HmacAuth {
                        header: header.to_string(),
                        message,
                        encoding,
                        algorithm: Algorithm::Sha256,
                        prefix,
                        timestamp_header,
                        timestamp_format,
                        id_header,
                        tolerance,
                        secret_encoding,
                        multiple,
                    }
                },
            )
            .prop_filter("a scheme a preset could hold", |a| a.check().is_ok())
    })
}

/// A secret for a scheme: any bytes for a raw key, `whsec_` + base64 (prefix optional) for a
/// Standard Webhooks one.
fn secret_for(encoding: SecretEncoding) -> BoxedStrategy<Vec<u8>> {
    match encoding {
        SecretEncoding::Raw => prop::collection::vec(any::<u8>(), 1..100).boxed(),
        SecretEncoding::Whsec => (prop::collection::vec(any::<u8>(), 1..70), any::<bool>())
            .prop_map(|(key, with_prefix)| {
                let b64 = STANDARD.encode(key);
                if with_prefix {
                    format!("whsec_{b64}")
                } else {
                    b64
                }
                .into_bytes()
            })
            .boxed(),
    }
}

/// A unix time the scheme's format can write.
fn timestamp_for(format: TimestampFormat) -> impl Strategy<Value = i64> {
    match format {
        // Years 0000 to 9999, the range RFC 3339 writes.
        TimestampFormat::Rfc3339 => -62_167_219_200i64..=253_402_300_799,
        TimestampFormat::UnixMs => (i64::MIN / 1000)..=(i64::MAX / 1000),
        TimestampFormat::Unix => i64::MIN..=i64::MAX,
        // Written as unix seconds; 13 digits or more would be read back as milliseconds.
        TimestampFormat::Any => -999_999_999_999i64..=999_999_999_999,
    }
}

/// Everything one signed request needs.
#[derive(Debug, Clone)]
struct Signed {
    auth: HmacAuth,
    secret: Vec<u8>,
    body: Vec<u8>,
    timestamp: i64,
    id: Option<String>,
}

fn signed() -> impl Strategy<Value = Signed> {
    hmac_auth().prop_flat_map(|auth| {
        let id = if auth.signs_id() {
            re("[ -~]{1,24}").prop_map(Some).boxed()
        } else {
            prop::option::of(re("[!-~]{1,24}")).boxed()
        };
        (
            Just(auth.clone()),
            secret_for(auth.secret_encoding),
            prop::collection::vec(any::<u8>(), 0..200),
            timestamp_for(auth.timestamp_format),
            id,
        )
            .prop_map(|(auth, secret, body, timestamp, id)| Signed {
                auth,
                secret,
                body,
                timestamp,
                id,
            })
    })
}

impl Signed {
    fn headers(&self) -> Vec<(String, String)> {
        let input = SignInput {
            body: &self.body,
            timestamp: self.timestamp,
            id: self.id.as_deref(),
        };
        sign(Scheme::Hmac(&self.auth), &self.secret, &input)
            .unwrap_or_else(|e| panic!("signing failed: {e}"))
    }

    fn verify_with(
        &self,
        secret: &[u8],
        body: &[u8],
        headers: Vec<(String, String)>,
    ) -> Result<(), VerifyError> {
        verify(
            Scheme::Hmac(&self.auth),
            secret,
            body,
            &Headers::from(headers),
            &VerifyOptions::at(self.timestamp),
        )
    }
}

/// The HMAC key of a secret as the scheme reads it (`None`: not a usable secret).
fn hmac_key(encoding: SecretEncoding, secret: &[u8]) -> Option<Vec<u8>> {
    match encoding {
        SecretEncoding::Raw => Some(secret.to_vec()),
        SecretEncoding::Whsec => STANDARD
            .decode(secret.strip_prefix(b"whsec_").unwrap_or(secret))
            .ok(),
    }
}

/// The block HMAC-SHA256 really keys with: long keys hashed, then zero-padded to 64 bytes.
/// Two keys with the same block sign alike (`ab` and `ab\0`, for instance).
fn key_block(key: &[u8]) -> Vec<u8> {
    let mut block = if key.len() > 64 {
        Sha256::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    block.resize(64, 0);
    block
}

/// Writes a unix time in a scheme's format, as a vendor would.
fn write_timestamp(format: TimestampFormat, ts: i64) -> Option<String> {
    match format {
        TimestampFormat::Unix | TimestampFormat::Any => Some(ts.to_string()),
        TimestampFormat::UnixMs => ts.checked_mul(1000).map(|ms| ms.to_string()),
        TimestampFormat::Rfc3339 => time::OffsetDateTime::from_unix_timestamp(ts)
            .ok()?
            .format(&time::format_description::well_known::Rfc3339)
            .ok(),
    }
}

/// A header scheme and a secret it can carry (UTF-8 header text, not empty).
fn header_case() -> impl Strategy<Value = (HeaderAuth, String)> {
    (select(HEADER_NAMES), prefix(), re("[!-~][ -~é\t]{0,40}"))
        .prop_map(|(header, prefix, secret)| {
            (
                HeaderAuth {
                    header: header.to_string(),
                    prefix,
                },
                secret,
            )
        })
        .prop_filter("a scheme a preset could hold", |(a, _)| a.check().is_ok())
}

/// Arbitrary headers: the scheme's names and others, with any values.
fn arbitrary_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        select(HEADER_NAMES).prop_map(str::to_string),
        re("[A-Za-z-]{1,12}")
    ];
    let value = prop_oneof![
        any::<String>(),
        re("(sha256=|v0=|v1,|t=)?[0-9a-fA-F]{0,70}"),
        re("(v1,)?[A-Za-z0-9+/]{40,46}={0,2}( v1,[A-Za-z0-9+/=]{0,44})*"),
        re("-?[0-9]{0,22}"),
        re(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})"
        ),
    ];
    prop::collection::vec((name, value), 0..8)
}

proptest! {
    #![proptest_config(config(256))]

    /// Signing then verifying with the same inputs holds, for every kind of HMAC scheme; so it
    /// does with header names in lower case (as HTTP/2 delivers them).
    #[test]
    fn hmac_sign_then_verify_holds(s in signed(), lower in any::<bool>()) {
        let mut headers = s.headers();
        if lower {
            for (name, _) in &mut headers {
                *name = name.to_ascii_lowercase();
            }
        }
        prop_assert_eq!(s.verify_with(&s.secret, &s.body, headers), Ok(()));
    }

    /// With `multiple`, other entries next to the right signature (key rotation) do not stop
    /// it from verifying, wherever it stands in the list.
    #[test]
    fn hmac_multiple_accepts_any_matching_entry(
        s in signed().prop_filter("multiple", |s| s.auth.multiple),
        others in prop::collection::vec(re("[A-Za-z0-9+/=,]{1,50}"), 0..3),
        at in any::<prop::sample::Index>(),
    ) {
        let mut headers = s.headers();
        let (_, sig) = headers.last_mut().unwrap();
        let mut entries: Vec<String> = others.iter().map(|o| format!("{}{o}", s.auth.prefix)).collect();
        entries.insert(at.index(entries.len() + 1), sig.clone());
        *sig = entries.join(" ");
        prop_assert_eq!(s.verify_with(&s.secret, &s.body, headers), Ok(()));
    }

    /// Changing one byte of the body, or adding one, always fails with a mismatch.
    #[test]
    fn hmac_altered_body_fails(s in signed(), at in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let mut body = s.body.clone();
        if body.is_empty() {
            body.push(flip);
        } else {
            body[at.index(s.body.len())] ^= flip;
        }
        prop_assert_eq!(s.verify_with(&s.secret, &body, s.headers()), Err(VerifyError::Mismatch));
    }

    /// Changing one byte of the secret fails, unless the changed secret is the same HMAC key
    /// (a whsec secret whose last `=` became `A` decodes to the key plus a zero byte).
    #[test]
    fn hmac_altered_secret_fails(s in signed(), at in any::<prop::sample::Index>(), flip in 1u8..=255) {
        let mut secret = s.secret.clone();
        secret[at.index(s.secret.len())] ^= flip;
        let result = s.verify_with(&secret, &s.body, s.headers());
        let same_key = match (hmac_key(s.auth.secret_encoding, &s.secret), hmac_key(s.auth.secret_encoding, &secret)) {
            (Some(a), Some(b)) => !b.is_empty() && key_block(&a) == key_block(&b),
            _ => false,
        };
        if same_key {
            prop_assert_eq!(result, Ok(()));
        } else {
            prop_assert!(result.is_err(), "verified with a changed secret");
            if s.auth.secret_encoding == SecretEncoding::Raw {
                prop_assert_eq!(result, Err(VerifyError::Mismatch));
            }
        }
    }

    /// Changing one byte of the decoded key of a whsec secret always fails.
    #[test]
    fn hmac_altered_whsec_key_fails(
        s in signed().prop_filter("whsec", |s| s.auth.secret_encoding == SecretEncoding::Whsec),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let mut key = hmac_key(SecretEncoding::Whsec, &s.secret).unwrap();
        let i = at.index(key.len());
        key[i] ^= flip;
        let secret = format!("whsec_{}", STANDARD.encode(&key));
        prop_assert_eq!(s.verify_with(secret.as_bytes(), &s.body, s.headers()), Err(VerifyError::Mismatch));
    }

    /// Another timestamp in the header: a signed timestamp fails the signature; an unsigned
    /// one fails only when it is out of the tolerance or unreadable.
    #[test]
    fn hmac_altered_timestamp_fails(
        s in signed().prop_filter("timestamp header", |s| s.auth.timestamp_header.is_some()),
        shift in prop_oneof![-100_000i64..100_000, any::<i64>()],
        junk in prop::option::of(prop_oneof![any::<String>(), re("-?[0-9]{1,20}")]),
    ) {
        let name = s.auth.timestamp_header.clone().unwrap();
        let mut headers = s.headers();
        let original = headers.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        let shifted = s.timestamp.checked_add(shift).filter(|_| shift != 0);
        let new = match (&junk, shifted) {
            (Some(text), _) => text.clone(),
            (None, Some(t)) => match write_timestamp(s.auth.timestamp_format, t) {
                Some(text) => text,
                None => return Ok(()),
            },
            (None, None) => return Ok(()),
        };
        prop_assume!(new != original);
        for (n, v) in &mut headers {
            if *n == name {
                *v = new.clone();
            }
        }
        let result = s.verify_with(&s.secret, &s.body, headers);
        if s.auth.signs_timestamp() {
            prop_assert!(result.is_err(), "a changed signed timestamp verified");
        } else if let Err(e) = &result {
            prop_assert!(
                matches!(e, VerifyError::BadTimestamp(_) | VerifyError::StaleTimestamp { .. }),
                "{e:?}"
            );
        } else if let Some(t) = shifted.filter(|_| junk.is_none()) {
            let tolerance = s.auth.tolerance.unwrap_or(0);
            prop_assert!(tolerance == 0 || t.abs_diff(s.timestamp) <= tolerance);
        }
    }

    /// Arbitrary headers never make `verify` panic, and never verify.
    #[test]
    fn hmac_verify_never_panics_on_arbitrary_headers(
        auth in hmac_auth(),
        headers in arbitrary_headers(),
        secret in prop::collection::vec(any::<u8>(), 0..80),
        body in prop::collection::vec(any::<u8>(), 0..64),
        now in any::<i64>(),
        tolerance in prop::option::of(any::<u64>()),
    ) {
        let opts = VerifyOptions { now, tolerance };
        let result = verify(Scheme::Hmac(&auth), &secret, &body, &Headers::from(headers), &opts);
        prop_assert!(result.is_err());
        let _ = result.unwrap_err().to_string();
    }

    /// Header schemes: sign then verify holds whatever the body; the header name's case does
    /// not matter.
    #[test]
    fn header_sign_then_verify_holds(
        (auth, secret) in header_case(),
        body in prop::collection::vec(any::<u8>(), 0..64),
        lower in any::<bool>(),
    ) {
        let input = SignInput { body: &[], timestamp: 0, id: None };
        let mut headers = sign(Scheme::Header(&auth), secret.as_bytes(), &input).unwrap();
        prop_assert_eq!(headers.len(), 1);
        if lower {
            headers[0].0 = headers[0].0.to_ascii_lowercase();
        }
        let headers = Headers::from(headers);
        prop_assert_eq!(verify(Scheme::Header(&auth), secret.as_bytes(), &body, &headers, &VerifyOptions::at(0)), Ok(()));
    }

    /// Header schemes: one byte changed in the secret fails; one byte changed in the header
    /// fails, unless it only changed the case of a prefix letter (prefixes ignore case).
    #[test]
    fn header_altered_secret_or_header_fails(
        (auth, secret) in header_case(),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        in_header in any::<bool>(),
    ) {
        let input = SignInput { body: &[], timestamp: 0, id: None };
        let mut headers = sign(Scheme::Header(&auth), secret.as_bytes(), &input).unwrap();
        let mut key = secret.clone().into_bytes();
        let case_only;
        if in_header {
            let mut value = headers[0].1.clone().into_bytes();
            let i = at.index(value.len());
            let before = value[i];
            value[i] ^= flip;
            case_only = i < auth.prefix.len() && before.eq_ignore_ascii_case(&value[i]);
            headers[0].1 = String::from_utf8_lossy(&value).into_owned();
        } else {
            let i = at.index(key.len());
            key[i] ^= flip;
            case_only = false;
        }
        let result = verify(Scheme::Header(&auth), &key, b"", &Headers::from(headers), &VerifyOptions::at(0));
        if case_only {
            prop_assert_eq!(result, Ok(()));
        } else {
            prop_assert_eq!(result, Err(VerifyError::Mismatch));
        }
    }

    /// Header schemes: arbitrary headers never panic and never verify a long secret.
    #[test]
    fn header_verify_never_panics_on_arbitrary_headers(
        (auth, _) in header_case(),
        headers in arbitrary_headers(),
        secret in prop::collection::vec(any::<u8>(), 0..80),
    ) {
        let result = verify(Scheme::Header(&auth), &secret, b"", &Headers::from(headers), &VerifyOptions::at(0));
        if secret.len() >= 16 {
            prop_assert!(result.is_err());
        }
    }
}

// ---- one rule for webhook names, secrets and sync keys, client and serve ----------------------

/// Names near every edge of the rule (white space around, hidden characters, look-alikes, ids),
/// as argv can carry them.
fn webhook_name() -> impl Strategy<Value = String> {
    prop_oneof![
        re("[ a-zA-Z0-9_\\-\u{e9}\u{301}\u{200b}\u{202e}\t\u{ff41}]{1,8}"),
        (126usize..=130).prop_map(|n| "n".repeat(n)),
        re("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        re("[0-9]{1,4}"),
    ]
}

/// Whether `oomhook add --dry-run` and `serve`'s API both accept (or both refuse) a webhook.
fn add_and_serve_agree(name: &str, secret: &str, keys: &[String]) -> Result<(), String> {
    let s = crate::common::Server::start();
    let file = s.env.write("prop.secret", secret);
    let mut cmd = s.cmd();
    cmd.args([
        "add",
        "--preset",
        "okta-user-created",
        "--name",
        name,
        "--secret-file",
    ])
    .arg(&file)
    .args(["--dry-run", "--yes"]);
    for k in keys {
        cmd.args(["--sync-key", k]);
    }
    let client = crate::common::run(&mut cmd, None);
    let body = serde_json::json!({
        "name": name, "preset": "okta-user-created", "secret": secret, "sync_keys": keys,
    })
    .to_string();
    let (status, _, answer) = crate::common::http(
        "POST",
        &format!("{}/api/v3/webhooks", s.url),
        &[
            ("Authorization2", &s.token),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    );
    let answer = String::from_utf8_lossy(&answer);
    if status != 201 && status != 422 {
        return Err(format!("serve answered {status}: {answer}"));
    }
    if (client.code == 0) != (status == 201) {
        return Err(format!(
            "name {name:?} secret {secret:?} keys {keys:?}: client {} ({}), serve {status} ({answer})",
            client.code,
            client.stderr.trim()
        ));
    }
    Ok(())
}

/// The values where the client and `serve` once disagreed, end to end.
#[test]
fn add_and_serve_agree_on_the_edges() {
    let keys = vec!["email".to_string()];
    for name in [
        " lead",
        "trail ",
        "tab\there",
        "new\nline",
        "zero\u{200b}width",
        "12345",
    ] {
        add_and_serve_agree(name, "okta-header-secret-1", &keys).unwrap();
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// End to end for a sample: `oomhook add` (checking before it sends) and `serve`'s API
    /// accept exactly the same names, secrets and sync keys.
    #[test]
    fn add_and_serve_accept_the_same_webhooks(
        name in webhook_name(),
        secret in re("[a-z0-9][ a-z0-9\u{e9}]{3,9}[a-z0-9]"),
        keys in prop::collection::vec(re("[a-z_0-9\u{e9}]{0,3}"), 1..7),
    ) {
        let agreed = add_and_serve_agree(&name, &secret, &keys);
        prop_assert!(agreed.is_ok(), "{}", agreed.unwrap_err());
    }
}
