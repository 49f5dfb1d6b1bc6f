//! One pass over JSON text that both checks it and records its structure.
//!
//! It accepts exactly what serde_json accepts as one value (the grammar of RFC 8259, strings
//! without raw control characters, `\u` escapes of four hex digits, nesting below
//! [`MAX_DEPTH`]); on anything else it gives up, and the caller asks serde_json for its
//! message and position. So errors read as serde_json's, and valid text is read once.

use super::{MAX_DEPTH, Node};

/// The structure of `b`, one JSON value with no white space around it; `None` when it is not
/// valid JSON or nests [`MAX_DEPTH`] levels deep.
pub(super) fn structure(b: &[u8]) -> Option<Vec<Node>> {
    let mut tape: Vec<Node> = Vec::with_capacity(b.len() / 8 + 1);
    // The containers open around `i`: their node, and whether each is an object.
    let mut open = Stack::default();
    let mut i = 0;
    'value: loop {
        // A value starts at `i`.
        let start = i;
        match *b.get(i)? {
            c @ (b'{' | b'[') => {
                if open.len() + 1 == MAX_DEPTH {
                    return None;
                }
                let object = c == b'{';
                open.push(tape.len(), object);
                tape.push(Node {
                    start: start as u32,
                    end: 0,
                    next: 0,
                    escaped: false,
                });
                i = skip_ws(b, i + 1);
                let close = if object { b'}' } else { b']' };
                if b.get(i) != Some(&close) {
                    if object {
                        i = key(b, i, &mut tape)?;
                    }
                    continue 'value;
                }
                // Empty: closed below.
            }
            b'"' => {
                let escaped;
                (i, escaped) = string(b, i + 1)?;
                leaf(&mut tape, start, i, escaped);
                i = skip_ws(b, i);
            }
            b'-' | b'0'..=b'9' => {
                i = number(b, i)?;
                leaf(&mut tape, start, i, false);
                i = skip_ws(b, i);
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
                leaf(&mut tape, start, i, false);
                i = skip_ws(b, i);
            }
            _ => return None,
        }
        // After a value, at `i`: the next one in its container, or the container's end.
        loop {
            let Some(&(at, object)) = open.last() else {
                return (i == b.len()).then_some(tape);
            };
            match *b.get(i)? {
                b',' => {
                    i = skip_ws(b, i + 1);
                    if object {
                        i = key(b, i, &mut tape)?;
                    }
                    continue 'value;
                }
                c if c == if object { b'}' } else { b']' } => {
                    open.pop();
                    let next = tape.len();
                    let node = &mut tape[at];
                    node.end = (i + 1) as u32;
                    node.next = next as u32;
                    i = skip_ws(b, i + 1);
                }
                _ => return None,
            }
        }
    }
}

/// The containers open at a point of the text, innermost last: at most [`MAX_DEPTH`], held
/// in place (no allocation per document).
struct Stack {
    open: [(usize, bool); MAX_DEPTH],
    len: usize,
}

impl Default for Stack {
    fn default() -> Self {
        Stack {
            open: [(0, false); MAX_DEPTH],
            len: 0,
        }
    }
}

impl Stack {
    fn len(&self) -> usize {
        self.len
    }

    /// Callers keep below [`MAX_DEPTH`].
    fn push(&mut self, node: usize, object: bool) {
        self.open[self.len] = (node, object);
        self.len += 1;
    }

    fn pop(&mut self) {
        self.len -= 1;
    }

    fn last(&self) -> Option<&(usize, bool)> {
        self.len.checked_sub(1).map(|i| &self.open[i])
    }
}

/// A value with nothing inside it, `start..end` (offsets below 4 GiB: the caller checks).
fn leaf(tape: &mut Vec<Node>, start: usize, end: usize, escaped: bool) {
    let next = tape.len() + 1;
    tape.push(Node {
        start: start as u32,
        end: end as u32,
        next: next as u32,
        escaped,
    });
}

/// An object's key at `i`, its colon and the white space around it: where its value starts.
fn key(b: &[u8], i: usize, tape: &mut Vec<Node>) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let (end, escaped) = string(b, i + 1)?;
    leaf(tape, i, end, escaped);
    let i = skip_ws(b, end);
    (b.get(i) == Some(&b':')).then(|| skip_ws(b, i + 1))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = b.get(i) {
        i += 1;
    }
    i
}

/// A string whose text starts at `i`, after its opening quote: where it ends, after its
/// closing quote, and whether it has escapes.
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
    use super::structure;

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
        }
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
