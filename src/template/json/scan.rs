//! One pass over JSON text that both checks it and records its structure.
//!
//! It accepts exactly what serde_json accepts as one value (the grammar of RFC 8259, strings
//! without raw control characters, `\u` escapes of four hex digits, nesting below
//! [`MAX_DEPTH`]); on anything else it gives up, and the caller asks serde_json for its
//! message and position. So errors read as serde_json's, and valid text is read once.
//!
//! The same pass, with nothing recorded, checks a rendered body and copies it without the
//! white space between tokens ([`compact`]).

use super::{MAX_DEPTH, Node};

/// The structure of `b`, one JSON value with no white space around it; `None` when it is not
/// valid JSON or nests [`MAX_DEPTH`] levels deep.
pub(super) fn structure(b: &[u8]) -> Option<Box<[Node]>> {
    thread_local! {
        /// Nodes are recorded here, then copied out at their exact size: no buffer grown
        /// and shrunk (or kept at twice its size) for every document.
        static SCRATCH: std::cell::Cell<Vec<Node>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let mut nodes = SCRATCH.take();
    nodes.clear();
    let mut tape = Tape { nodes, open: NONE };
    let found = walk(b, &mut tape).map(|()| Box::from(tape.nodes.as_slice()));
    // Kept for the next document unless a large one grew it.
    if tape.nodes.capacity() <= SCRATCH_KEPT {
        SCRATCH.set(tape.nodes);
    }
    found
}

/// The most nodes the scratch tape keeps room for between documents (64 KiB, a document of
/// some tens of kilobytes; every thread that reads payloads keeps one).
const SCRATCH_KEPT: usize = 1 << 12;

/// Appends `text` to `out` without the white space between its tokens when it is one JSON
/// value (white space around it allowed) nesting below [`MAX_DEPTH`]; false, and `out` as it
/// was, otherwise.
pub(super) fn compact(text: &str, out: &mut String) -> bool {
    let value = text.trim_matches([' ', '\t', '\n', '\r']);
    let mark = out.len();
    let mut copy = Compact {
        text: value,
        out,
        from: 0,
    };
    if walk(value.as_bytes(), &mut copy).is_none() {
        out.truncate(mark);
        return false;
    }
    let rest = &value[copy.from..];
    copy.out.push_str(rest);
    true
}

/// What a walk over the text tells as it goes.
trait Sink {
    /// A container opens at `start`.
    fn open(&mut self, start: usize);
    /// The innermost open container closes, its text ending at `end`.
    fn close(&mut self, end: usize);
    /// A string, number or literal spans `start..end`.
    fn leaf(&mut self, start: usize, end: usize, escaped: bool);
    /// White space spans `start..end` between two tokens.
    fn space(&mut self, start: usize, end: usize);
}

/// No node: the end of the chain of open containers.
const NONE: u32 = u32::MAX;

/// Records nodes. While a container is open, its node's `next` holds the node of the
/// container around it, so the open containers need no stack of their own.
struct Tape {
    nodes: Vec<Node>,
    /// The innermost open container.
    open: u32,
}

impl Sink for Tape {
    #[inline(always)]
    fn open(&mut self, start: usize) {
        let at = self.nodes.len() as u32;
        self.nodes.push(Node {
            start: start as u32,
            end: 0,
            next: self.open,
            escaped: false,
        });
        self.open = at;
    }

    #[inline(always)]
    fn close(&mut self, end: usize) {
        let next = self.nodes.len() as u32;
        let node = &mut self.nodes[self.open as usize];
        self.open = node.next;
        node.end = end as u32;
        node.next = next;
    }

    /// A value with nothing inside it (offsets below 4 GiB: the caller checks).
    #[inline(always)]
    fn leaf(&mut self, start: usize, end: usize, escaped: bool) {
        let next = self.nodes.len() as u32 + 1;
        self.nodes.push(Node {
            start: start as u32,
            end: end as u32,
            next,
            escaped,
        });
    }

    fn space(&mut self, _start: usize, _end: usize) {}
}

/// Copies the text but its white space between tokens.
struct Compact<'a> {
    text: &'a str,
    out: &'a mut String,
    /// Copied up to here.
    from: usize,
}

impl Sink for Compact<'_> {
    fn open(&mut self, _start: usize) {}
    fn close(&mut self, _end: usize) {}
    fn leaf(&mut self, _start: usize, _end: usize, _escaped: bool) {}

    fn space(&mut self, start: usize, end: usize) {
        self.out.push_str(&self.text[self.from..start]);
        self.from = end;
    }
}

/// Walks `b`, one JSON value with no white space around it, telling `sink` what it finds;
/// `None` when it is not valid JSON or nests [`MAX_DEPTH`] levels deep.
fn walk(b: &[u8], sink: &mut impl Sink) -> Option<()> {
    // Whether each open container is an object: bit `d % 64` of word `d / 64` for the one
    // at depth `d` (below `MAX_DEPTH`, so 128 bits hold them all); and whether the innermost
    // one is.
    let mut objects = [0u64; MAX_DEPTH.div_ceil(64)];
    let mut object = false;
    let mut depth = 0;
    let mut i = 0;
    'value: loop {
        // A value starts at `i`.
        let start = i;
        match *b.get(i)? {
            c @ (b'{' | b'[') => {
                if depth + 1 == MAX_DEPTH {
                    return None;
                }
                object = c == b'{';
                let (word, bit) = (depth / 64, depth % 64);
                objects[word] = (objects[word] & !(1 << bit)) | (u64::from(object) << bit);
                depth += 1;
                sink.open(start);
                i = skip_ws(b, i + 1, sink);
                let close = if object { b'}' } else { b']' };
                if b.get(i) != Some(&close) {
                    if object {
                        i = key(b, i, sink)?;
                    }
                    continue 'value;
                }
                // Empty: closed below.
            }
            b'"' => {
                let escaped;
                (i, escaped) = string(b, i + 1)?;
                sink.leaf(start, i, escaped);
                i = skip_ws(b, i, sink);
            }
            b'-' | b'0'..=b'9' => {
                i = number(b, i)?;
                sink.leaf(start, i, false);
                i = skip_ws(b, i, sink);
            }
            b't' | b'f' | b'n' => {
                let word: &[u8] = match b[i] {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                if !b[i..].starts_with(word) {
                    return None;
                }
                i += word.len();
                sink.leaf(start, i, false);
                i = skip_ws(b, i, sink);
            }
            _ => return None,
        }
        // After a value, at `i`: the next one in its container, or the container's end.
        loop {
            if depth == 0 {
                return (i == b.len()).then_some(());
            }
            match *b.get(i)? {
                b',' => {
                    i = skip_ws(b, i + 1, sink);
                    if object {
                        i = key(b, i, sink)?;
                    }
                    continue 'value;
                }
                c if c == if object { b'}' } else { b']' } => {
                    depth -= 1;
                    if let Some(outer) = depth.checked_sub(1) {
                        object = objects[outer / 64] >> (outer % 64) & 1 == 1;
                    }
                    sink.close(i + 1);
                    i = skip_ws(b, i + 1, sink);
                }
                _ => return None,
            }
        }
    }
}

/// An object's key at `i`, its colon and the white space around it: where its value starts.
#[inline(always)]
fn key(b: &[u8], i: usize, sink: &mut impl Sink) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let (end, escaped) = string(b, i + 1)?;
    sink.leaf(i, end, escaped);
    let i = skip_ws(b, end, sink);
    (b.get(i) == Some(&b':')).then(|| skip_ws(b, i + 1, sink))
}

/// Past the white space at `i`, if any (told to `sink`).
#[inline(always)]
fn skip_ws(b: &[u8], i: usize, sink: &mut impl Sink) -> usize {
    if !matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        return i;
    }
    let mut end = i + 1;
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(end) {
        end += 1;
    }
    sink.space(i, end);
    end
}

/// A string whose text starts at `i`, after its opening quote: where it ends, after its
/// closing quote, and whether it has escapes.
#[inline(always)]
fn string(b: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    loop {
        // Eight bytes at a time to the first quote, backslash or control character.
        while let Some(chunk) = b.get(i..i + 8) {
            let found = special(u64::from_le_bytes(chunk.try_into().ok()?));
            if found != 0 {
                i += found.trailing_zeros() as usize / 8;
                break;
            }
            i += 8;
        }
        match *b.get(i)? {
            b'"' => return Some((i + 1, escaped)),
            b'\\' => {
                escaped = true;
                i += match *b.get(i + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                    b'u' if b.get(i + 2..i + 6)?.iter().all(u8::is_ascii_hexdigit) => 6,
                    _ => return None,
                }
            }
            0..=0x1f => return None,
            _ => i += 1,
        }
    }
}

/// The high bit of the first of the eight bytes of `v` (in memory order) that is `"`, `\` or
/// below 0x20, and maybe of bytes after it; zero when there is none.
fn special(v: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let quote = zero_in(v ^ u64::from_ne_bytes([b'"'; 8]));
    let backslash = zero_in(v ^ u64::from_ne_bytes([b'\\'; 8]));
    let control = v.wrapping_sub(u64::from_ne_bytes([0x20; 8])) & !v & HIGH;
    quote | backslash | control
}

/// A number starting at `i`: where it ends.
fn number(b: &[u8], mut i: usize) -> Option<usize> {
    let digits = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    if b[i] == b'-' {
        i += 1;
    }
    match *b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits(i + 1),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        if !b.get(i + 1)?.is_ascii_digit() {
            return None;
        }
        i = digits(i + 1);
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        if !b.get(i)?.is_ascii_digit() {
            return None;
        }
        i = digits(i);
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::{compact, structure};

    /// Accepts what serde_json accepts, and nothing else.
    #[test]
    fn agrees_with_serde_json() {
        let cases = [
            "{}",
            "[]",
            "0",
            "-0",
            "-0.5e+10",
            "1E5",
            "\"\"",
            r#""a\"b\\c\/d\b\f\n\r\t\u00e9\uD800""#,
            r#"{"a": [1, {"b": null}, true, false], "c": "d"}"#,
            "[ 1 , 2 ]",
            "{ \"a\" : 1 }",
            "\"é 日本 \u{1F600}\"",
            "\"0123456789abcdef0123456789\"",
            "\"0123456789abcdef01234567\\\"89\"",
            // Refused:
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "{,}",
            "[,1]",
            "{\"a\" 1}",
            "{1: 2}",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "tru",
            "truex",
            "nul",
            "[1 2]",
            "{} {}",
            "\"\\x\"",
            "\"\\u12g4\"",
            "\"\\u123\"",
            "\"a\tb\"",
            "\"0123456789abcdef\u{1}0123456789\"",
            "\"unterminated",
            "[\"a\"]]",
            "]",
            "NaN",
            "[1}",
            "{\"a\":1]",
        ];
        for text in cases {
            let ours = structure(text.as_bytes()).is_some();
            let serde = serde_json::from_str::<&serde_json::value::RawValue>(text).is_ok();
            assert_eq!(ours, serde, "{text:?}");
            let mut out = String::from("x");
            assert_eq!(compact(text, &mut out), serde, "{text:?}");
            if !serde {
                assert_eq!(out, "x", "{text:?}");
            }
        }
    }

    #[test]
    fn compact_drops_white_space_between_tokens_only() {
        let cases = [
            (
                "{ \"a b\" : [1, 2],\n \"c\": \"x \\\" y\" }",
                r#"{"a b":[1,2],"c":"x \" y"}"#,
            ),
            ("\r\n\t [ ] \n", "[]"),
            (
                "{\n  \"é \\\\\" : \"\\\"\" ,\"n\":\t-1.5e3 }",
                r#"{"é \\":"\"","n":-1.5e3}"#,
            ),
            ("\"  spaced  \"", "\"  spaced  \""),
            ("[true ,false, null,{} ,[ ]]", "[true,false,null,{},[]]"),
        ];
        for (text, want) in cases {
            let mut out = String::from("{}\n");
            assert!(compact(text, &mut out), "{text:?}");
            assert_eq!(out, format!("{{}}\n{want}"), "{text:?}");
        }
        let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(!compact(&deep, &mut String::new()));
    }

    /// Random texts over JSON's characters: compacted only when serde_json accepts them, and
    /// to the same value.
    #[test]
    fn compact_agrees_with_serde_json_on_random_text() {
        let alphabet: Vec<char> = "{}[]\",: \n\t-0123e.E+truefalsnl\\/u\u{e9}ab"
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        let mut accepted = 0;
        for _ in 0..200_000 {
            let len = 1 + next(12);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let mut out = String::new();
            let ours = compact(&text, &mut out);
            let serde = serde_json::from_str::<&serde_json::value::RawValue>(&text).is_ok();
            assert_eq!(ours, serde, "{text:?}");
            if ours {
                accepted += 1;
                assert_eq!(
                    serde_json::from_str::<serde_json::Value>(&out).ok(),
                    serde_json::from_str::<serde_json::Value>(&text).ok(),
                    "{text:?} compacted to {out:?}"
                );
            } else {
                assert!(out.is_empty(), "{text:?}");
            }
        }
        assert!(accepted > 1_000, "only {accepted} valid texts generated");
    }

    #[test]
    fn records_where_each_value_is() {
        let text = r#"{"a": [1, "x"], "b": {}}"#;
        let tape = structure(text.as_bytes()).unwrap();
        let spans: Vec<&str> = tape
            .iter()
            .map(|n| &text[n.start as usize..n.end as usize])
            .collect();
        assert_eq!(
            spans,
            [text, "\"a\"", "[1, \"x\"]", "1", "\"x\"", "\"b\"", "{}"]
        );
        let nexts: Vec<u32> = tape.iter().map(|n| n.next).collect();
        assert_eq!(nexts, [7, 2, 5, 4, 5, 6, 7]);
        let escaped: Vec<bool> = structure(br#"["a", "b\"c", {"\u0041": 1}]"#)
            .unwrap()
            .iter()
            .map(|n| n.escaped)
            .collect();
        assert_eq!(escaped, [false, false, true, false, true, false]);
    }
}
