//! Python's `textwrap.wrap` as Jinja2's `wordwrap` calls it (`expand_tabs=False`,
//! `replace_whitespace=False`, `drop_whitespace=True`): the text split into chunks by
//! `TextWrapper.wordsep_re` (or `wordsep_simple_re`), then packed into lines.

use super::pystr;

/// `textwrap`'s whitespace: ASCII only.
fn is_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{0b}' | '\u{0c}' | '\r' | ' ')
}

/// `\w` of Python's `re` for `str` patterns.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `[^\d\W]`: a word character that is not a digit.
fn is_letter(c: char) -> bool {
    is_word(c) && !pystr::is_decimal(c.encode_utf8(&mut [0; 4]))
}

/// `[\w!"'&.,?]`.
fn is_word_punct(c: char) -> bool {
    is_word(c) || matches!(c, '!' | '"' | '\'' | '&' | '.' | ',' | '?')
}

/// A run of two or more `-` at `i`, followed by a word character.
fn em_dash_at(t: &[char], i: usize) -> bool {
    let mut j = i;
    while t.get(j) == Some(&'-') {
        j += 1;
    }
    j - i >= 2 && t.get(j).is_some_and(|&c| is_word(c))
}

/// `re.split(wordsep_re, text)` without empty pieces (`break_on_hyphens=True`).
fn split_hyphenated(t: &[char]) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut p = 0;
    while p < t.len() {
        let end = if is_ws(t[p]) {
            let mut e = p;
            while e < t.len() && is_ws(t[e]) {
                e += 1;
            }
            e
        } else if p > 0 && is_word_punct(t[p - 1]) && em_dash_at(t, p) {
            let mut e = p;
            while t.get(e) == Some(&'-') {
                e += 1;
            }
            e
        } else {
            word_end(t, p)
        };
        chunks.push(t[p..end].iter().collect());
        p = end;
    }
    chunks
}

/// The end of `[^ws]+?(?: hyphen | end of word | before an em-dash )` matched at `p`.
fn word_end(t: &[char], p: usize) -> usize {
    let letter = |i: usize| t.get(i).is_some_and(|&c| is_letter(c));
    let mut k = p + 1;
    loop {
        // Hyphenated word: `-` after two letters (or letter-letter-), and a letter, an
        // optional `-` and a letter after it.
        if t.get(k) == Some(&'-') {
            let behind = (k >= 2 && letter(k - 2) && letter(k - 1))
                || (k >= 3 && letter(k - 3) && t[k - 2] == '-' && letter(k - 1));
            let ahead =
                letter(k + 1) && (letter(k + 2) || (t.get(k + 2) == Some(&'-') && letter(k + 3)));
            if behind && ahead {
                return k + 1;
            }
        }
        // End of the word.
        if k >= t.len() || is_ws(t[k]) {
            return k;
        }
        // Before an em-dash.
        if is_word_punct(t[k - 1]) && em_dash_at(t, k) {
            return k;
        }
        k += 1;
    }
}

/// `re.split(wordsep_simple_re, text)` without empty pieces: words and whitespace runs.
fn split_simple(t: &[char]) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut p = 0;
    while p < t.len() {
        let ws = is_ws(t[p]);
        let mut e = p;
        while e < t.len() && is_ws(t[e]) == ws {
            e += 1;
        }
        chunks.push(t[p..e].iter().collect());
        p = e;
    }
    chunks
}

fn is_blank(chunk: &str) -> bool {
    pystr::strip(chunk, None, true, true).is_empty()
}

/// `textwrap.wrap(text, width, break_long_words=..., break_on_hyphens=...)`.
pub(super) fn wrap(
    text: &str,
    width: usize,
    break_long_words: bool,
    break_on_hyphens: bool,
) -> Vec<String> {
    let t: Vec<char> = text.chars().collect();
    let mut chunks = if break_on_hyphens {
        split_hyphenated(&t)
    } else {
        split_simple(&t)
    };
    chunks.reverse();
    let len = |s: &str| s.chars().count();
    let mut lines = Vec::new();
    while !chunks.is_empty() {
        let mut cur_line: Vec<String> = Vec::new();
        let mut cur_len = 0;
        if !lines.is_empty() && chunks.last().is_some_and(|c| is_blank(c)) {
            chunks.pop();
        }
        while let Some(chunk) = chunks.last() {
            let l = len(chunk);
            if cur_len + l <= width {
                cur_len += l;
                cur_line.push(chunks.pop().unwrap_or_default());
            } else {
                break;
            }
        }
        if chunks.last().is_some_and(|c| len(c) > width) {
            // `_handle_long_word`.
            let space_left = if width < 1 { 1 } else { width - cur_len };
            if break_long_words {
                let chunk: Vec<char> = chunks
                    .last()
                    .map(|c| c.chars().collect())
                    .unwrap_or_default();
                let mut end = space_left;
                if break_on_hyphens && chunk.len() > space_left {
                    let hyphen = chunk[..space_left.min(chunk.len())]
                        .iter()
                        .rposition(|&c| c == '-');
                    if let Some(h) = hyphen
                        && h > 0
                        && chunk[..h].iter().any(|&c| c != '-')
                    {
                        end = h + 1;
                    }
                }
                let end = end.min(chunk.len());
                cur_line.push(chunk[..end].iter().collect());
                if let Some(last) = chunks.last_mut() {
                    *last = chunk[end..].iter().collect();
                }
            } else if cur_line.is_empty() {
                cur_line.push(chunks.pop().unwrap_or_default());
            }
        }
        if cur_line.last().is_some_and(|c| is_blank(c)) {
            cur_line.pop();
        }
        if !cur_line.is_empty() {
            lines.push(cur_line.concat());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_as_python() {
        let text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt";
        assert_eq!(
            wrap(text, 20, true, true),
            [
                "Lorem ipsum dolor",
                "sit amet,",
                "consectetur",
                "adipiscing elit, sed",
                "do eiusmod tempor",
                "incididunt"
            ]
        );
        assert_eq!(
            wrap("Lorem ipsum dolor sit amet, consectetur", 10, true, true),
            ["Lorem", "ipsum", "dolor sit", "amet, cons", "ectetur"]
        );
        assert_eq!(
            wrap("aaaaaaaaaaaaaaaaaaaaaa bb", 10, false, true),
            ["aaaaaaaaaaaaaaaaaaaaaa", "bb"]
        );
    }

    #[test]
    fn splits_hyphenated_words() {
        let t: Vec<char> = "well-known e-mail a--b x".chars().collect();
        assert_eq!(
            split_hyphenated(&t),
            [
                "well-", "known", " ", "e-mail", " ", "a", "--", "b", " ", "x"
            ]
        );
        let t: Vec<char> = "self-contained-ish pre--post 123-456 ab-c-d -x- --a a- ---"
            .chars()
            .collect();
        assert_eq!(
            split_hyphenated(&t),
            [
                "self-",
                "contained-",
                "ish",
                " ",
                "pre",
                "--",
                "post",
                " ",
                "123-456",
                " ",
                "ab-",
                "c-d",
                " ",
                "-x-",
                " ",
                "--a",
                " ",
                "a-",
                " ",
                "---"
            ]
        );
        let t: Vec<char> = "Hello, world--again! x-y-z aa-b-cc".chars().collect();
        assert_eq!(
            split_hyphenated(&t),
            [
                "Hello,", " ", "world", "--", "again!", " ", "x-y-z", " ", "aa-", "b-", "cc"
            ]
        );
    }
}
