//! Python's `str` semantics that differ from Rust's: what whitespace and line breaks are,
//! indexes in characters, `split` and `splitlines`, `title`, `capitalize` and the `is...`
//! predicates.

/// The widest string padding may build (`zfill`, `ljust`, `center`, `indent`, format widths
/// and precisions): MiniJinja's own limit on a repeated string (`"x" * n`). Python would try,
/// and run out of memory.
pub(crate) const MAX_WIDTH: usize = super::limits::MAX_SIZE;

/// The size of `s.replace(old, new)` (with at most `count` replacements), refused past
/// [`super::MAX_SIZE`] before the string is built.
pub(crate) fn check_replace(
    s: &str,
    old: &str,
    new: &str,
    count: Option<usize>,
) -> Result<(), minijinja::Error> {
    if new.len() <= old.len() {
        return Ok(());
    }
    let found = if old.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(old).count()
    };
    let n = count.map_or(found, |c| c.min(found));
    super::limits::check(
        s.len()
            .saturating_add(n.saturating_mul(new.len() - old.len())),
    )
}

/// A padding width or precision, refused past [`MAX_WIDTH`].
pub(crate) fn check_width(width: usize) -> Result<usize, minijinja::Error> {
    if width > MAX_WIDTH {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("a width or precision of {width} is over the limit of {MAX_WIDTH}"),
        ));
    }
    Ok(width)
}

/// `str.isspace` for one character: Unicode white space plus the four separators
/// `\x1c`..`\x1f` that Python counts and Rust does not.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The line boundaries of `str.splitlines`.
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `str.splitlines(keepends)`.
pub(crate) fn splitlines(s: &str, keepends: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_line_break(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
            chars.next();
            end += 1;
        }
        out.push(if keepends {
            &s[start..end]
        } else {
            &s[start..i]
        });
        start = end;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// `str.strip(chars)` / `lstrip` / `rstrip`: Python's whitespace when `chars` is `None`.
pub(crate) fn strip<'a>(s: &'a str, chars: Option<&str>, left: bool, right: bool) -> &'a str {
    let test = |c: char| match chars {
        Some(set) => set.contains(c),
        None => is_space(c),
    };
    let s = if left { s.trim_start_matches(test) } else { s };
    if right { s.trim_end_matches(test) } else { s }
}

/// `str.split(sep, maxsplit)`; `sep` `None` splits on runs of whitespace.
pub(crate) fn split(
    s: &str,
    sep: Option<&str>,
    maxsplit: i64,
) -> Result<Vec<String>, &'static str> {
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        usize::try_from(maxsplit).unwrap_or(usize::MAX)
    };
    match sep {
        Some("") => Err("empty separator"),
        Some(sep) => {
            let mut out = Vec::new();
            let mut rest = s;
            while left > 0 {
                let Some(i) = rest.find(sep) else { break };
                out.push(rest[..i].to_string());
                rest = &rest[i + sep.len()..];
                left -= 1;
            }
            out.push(rest.to_string());
            Ok(out)
        }
        None => {
            let mut out = Vec::new();
            let mut rest = s.trim_start_matches(is_space);
            while !rest.is_empty() {
                if left == 0 {
                    out.push(rest.to_string());
                    break;
                }
                let end = rest.find(is_space).unwrap_or(rest.len());
                out.push(rest[..end].to_string());
                rest = rest[end..].trim_start_matches(is_space);
                left -= 1;
            }
            Ok(out)
        }
    }
}

/// `str.rsplit(sep, maxsplit)`.
pub(crate) fn rsplit(
    s: &str,
    sep: Option<&str>,
    maxsplit: i64,
) -> Result<Vec<String>, &'static str> {
    let mut left = if maxsplit < 0 {
        usize::MAX
    } else {
        usize::try_from(maxsplit).unwrap_or(usize::MAX)
    };
    let mut out = Vec::new();
    match sep {
        Some("") => return Err("empty separator"),
        Some(sep) => {
            let mut rest = s;
            while left > 0 {
                let Some(i) = rest.rfind(sep) else { break };
                out.push(rest[i + sep.len()..].to_string());
                rest = &rest[..i];
                left -= 1;
            }
            out.push(rest.to_string());
        }
        None => {
            let mut rest = s.trim_end_matches(is_space);
            while !rest.is_empty() {
                if left == 0 {
                    out.push(rest.to_string());
                    break;
                }
                let start = rest.rfind(is_space).map_or(0, |i| {
                    i + rest[i..].chars().next().map_or(1, char::len_utf8)
                });
                out.push(rest[start..].to_string());
                rest = rest[..start].trim_end_matches(is_space);
                left -= 1;
            }
        }
    }
    out.reverse();
    Ok(out)
}

/// The byte range of the Python slice `s[start:end]` (character indexes, negative from the end).
pub(crate) fn slice_range(s: &str, start: Option<i64>, end: Option<i64>) -> (usize, usize) {
    let len = i64::try_from(s.chars().count()).unwrap_or(i64::MAX);
    let clamp = |i: i64| if i < 0 { (i + len).max(0) } else { i.min(len) };
    let a = start.map_or(0, clamp);
    let b = end.map_or(len, clamp).max(a);
    let byte = |n: i64| {
        s.char_indices()
            .nth(usize::try_from(n).unwrap_or(0))
            .map_or(s.len(), |(i, _)| i)
    };
    (byte(a), byte(b))
}

/// Character index of a byte offset.
pub(crate) fn char_index(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

/// `str.find(sub, start, end)` in characters, `-1` when absent; `rfind` with `reverse`.
pub(crate) fn find(s: &str, sub: &str, start: Option<i64>, end: Option<i64>, reverse: bool) -> i64 {
    let (a, b) = slice_range(s, start, end);
    let hay = &s[a..b];
    // Python finds the empty string even at the end of a window past the string's end.
    let found = if reverse {
        hay.rfind(sub)
    } else {
        hay.find(sub)
    };
    match found {
        Some(i) => i64::try_from(char_index(s, a + i)).unwrap_or(-1),
        None => -1,
    }
}

/// `str.count(sub, start, end)`: non-overlapping occurrences; the empty string is found
/// between every two characters and at both ends.
pub(crate) fn count(s: &str, sub: &str, start: Option<i64>, end: Option<i64>) -> usize {
    let (a, b) = slice_range(s, start, end);
    let hay = &s[a..b];
    if sub.is_empty() {
        return hay.chars().count() + 1;
    }
    hay.matches(sub).count()
}

/// Characters whose general category is Lt (titlecase letters).
fn is_titlecase(c: char) -> bool {
    matches!(c as u32,
        0x01c5 | 0x01c8 | 0x01cb | 0x01f2 | 0x1f88..=0x1f8f | 0x1f98..=0x1f9f | 0x1fa8..=0x1faf
        | 0x1fbc | 0x1fcc | 0x1ffc)
}

/// Python's "cased" characters: upper, lower or title case.
fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase(c)
}

/// The title-case mapping of a character (`str.title`, `str.capitalize`): upper case, except
/// for the digraphs and ligatures that have a title-case form of their own.
fn push_title(out: &mut String, c: char) {
    match c {
        '\u{01c4}'..='\u{01c6}' => out.push('\u{01c5}'),
        '\u{01c7}'..='\u{01c9}' => out.push('\u{01c8}'),
        '\u{01ca}'..='\u{01cc}' => out.push('\u{01cb}'),
        '\u{01f1}'..='\u{01f3}' => out.push('\u{01f2}'),
        'ß' => out.push_str("Ss"),
        'ﬀ' => out.push_str("Ff"),
        'ﬁ' => out.push_str("Fi"),
        'ﬂ' => out.push_str("Fl"),
        'ﬃ' => out.push_str("Ffi"),
        'ﬄ' => out.push_str("Ffl"),
        'ﬅ' | 'ﬆ' => out.push_str("St"),
        c if is_titlecase(c) => out.push(c),
        c => out.extend(c.to_uppercase()),
    }
}

/// `str.lower()` of the rest of a word, keeping Python's final-sigma rule (Rust's
/// `to_lowercase` applies it to a whole string only).
fn push_lower(out: &mut String, s: &str) {
    out.push_str(&s.to_lowercase());
}

/// `str.title()`: a cased character after an uncased one is title-cased, others lowered.
pub(crate) fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    let mut word_start = 0;
    for (i, c) in s.char_indices() {
        if prev_cased {
            if !is_cased(c) {
                push_lower(&mut out, &s[word_start..i]);
                word_start = i;
            }
        } else {
            if word_start < i {
                out.push_str(&s[word_start..i]);
            }
            push_title(&mut out, c);
            word_start = i + c.len_utf8();
        }
        prev_cased = is_cased(c);
    }
    if prev_cased {
        push_lower(&mut out, &s[word_start..]);
    } else {
        out.push_str(&s[word_start..]);
    }
    out
}

/// `str.capitalize()`: the first character title-cased, the rest lowered.
pub(crate) fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        push_title(&mut out, c);
        push_lower(&mut out, chars.as_str());
    }
    out
}

/// `str.casefold()`: Unicode full case folding, per character with no final-sigma rule (`ß`
/// and `ẞ` to `ss`, `ς` to `σ`, `ﬁ` to `fi`). For all but a few characters that is the lower
/// case of the upper case; the others are Cherokee (folded to its capitals), the dotless `ı`
/// (kept) and `ẞ`.
pub(crate) fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ı' | '\u{13a0}'..='\u{13f5}' => out.push(c),
            '\u{13f8}'..='\u{13fd}' | '\u{ab70}'..='\u{abbf}' => out.extend(c.to_uppercase()),
            'ẞ' => out.push_str("ss"),
            c => {
                for u in c.to_uppercase() {
                    out.extend(u.to_lowercase());
                }
            }
        }
    }
    out
}

/// `str.swapcase()`.
pub(crate) fn swapcase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `str.islower()`: at least one cased character, and none upper or title case.
pub(crate) fn is_lower(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_lowercase();
    }
    cased
}

/// `str.isupper()`: at least one cased character, and none lower or title case.
pub(crate) fn is_upper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase() || is_titlecase(c) {
            return false;
        }
        cased |= c.is_uppercase();
    }
    cased
}

/// `str.istitle()`: upper/title-case characters only after uncased ones, lower case only
/// after cased ones, and at least one cased character.
pub(crate) fn is_title(s: &str) -> bool {
    let mut cased = false;
    let mut prev_cased = false;
    for c in s.chars() {
        if c.is_uppercase() || is_titlecase(c) {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            cased = true;
        } else {
            prev_cased = false;
        }
    }
    cased
}

/// Decimal digits (category Nd) as far as they can be told without Unicode tables: ASCII
/// digits, and other numeric characters outside the known non-decimal blocks.
fn is_decimal_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    c.is_numeric() && !is_digit_only(c) && !is_numeric_only(c)
}

/// Digits that are not decimal: superscripts, subscripts, circled and parenthesized digits.
fn is_digit_only(c: char) -> bool {
    matches!(c as u32, 0xb2 | 0xb3 | 0xb9 | 0x2070..=0x2079 | 0x2080..=0x2089 | 0x2460..=0x24ff | 0x2776..=0x2793)
}

/// Numeric characters that are not digits: fractions, Roman numerals, CJK numerals.
fn is_numeric_only(c: char) -> bool {
    matches!(c as u32, 0xbc..=0xbe | 0x2150..=0x218b | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303a)
}

/// `str.isdecimal()`.
pub(crate) fn is_decimal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_decimal_char)
}

/// `str.isdigit()`.
pub(crate) fn is_digit(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| is_decimal_char(c) || is_digit_only(c))
}

/// `str.isnumeric()`.
pub(crate) fn is_numeric(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_numeric)
}

/// `str.isalpha()`.
pub(crate) fn is_alpha(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphabetic)
}

/// `str.isalnum()`.
pub(crate) fn is_alnum(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphabetic() || c.is_numeric())
}

/// `str.isspace()`.
pub(crate) fn is_space_str(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_space)
}

/// `str.isidentifier()` for the common case (ASCII and letters).
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => chars.all(|c| c == '_' || c.is_alphanumeric()),
        _ => false,
    }
}

/// `str.center(width, fill)`: Python puts the odd extra space on the right, unless the
/// width is odd and the string's length even.
pub(crate) fn center(s: &str, width: usize, fill: char) -> String {
    let len = s.chars().count();
    if len >= width {
        return s.to_string();
    }
    let marg = width - len;
    let left = marg / 2 + (marg & width & 1);
    let mut out = String::with_capacity(s.len() + marg * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, marg - left));
    out
}

/// `str.expandtabs(tabsize)`.
pub(crate) fn expandtabs(s: &str, tabsize: usize) -> String {
    let mut out = String::with_capacity(s.len());
    let mut col = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    out.extend(std::iter::repeat_n(' ', n));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casefold_folds_fully_with_no_final_sigma() {
        for (text, folded) in [
            ("Straße ẞ", "strasse ss"),
            ("ΣΑΣ ς", "σασ σ"),
            ("ﬁle ᾈ", "file ἀι"),
            ("İı", "i\u{307}ı"),
            ("Ꭰꭰᏸ", "ᎠᎠᏰ"),
            ("John.Doe@Example.COM", "john.doe@example.com"),
        ] {
            assert_eq!(casefold(text), folded, "{text}");
        }
    }

    #[test]
    fn splitlines_knows_pythons_line_breaks() {
        assert_eq!(
            splitlines("a\r\nb\nc\rd\u{0b}e", false),
            ["a", "b", "c", "d", "e"]
        );
        assert_eq!(splitlines("a\nb\n", true), ["a\n", "b\n"]);
        assert_eq!(splitlines("", false), Vec::<&str>::new());
    }

    #[test]
    fn split_matches_python() {
        assert_eq!(split(" a  b ", None, -1).unwrap(), ["a", "b"]);
        assert_eq!(split("a b c", None, 1).unwrap(), ["a", "b c"]);
        assert_eq!(split("a,b,,c", Some(","), -1).unwrap(), ["a", "b", "", "c"]);
        assert_eq!(rsplit("a,b,c", Some(","), 1).unwrap(), ["a,b", "c"]);
        assert_eq!(rsplit(" a b  c ", None, 1).unwrap(), [" a b", "c"]);
        assert_eq!(split(" a ", None, 0).unwrap(), ["a "]);
        assert!(split("a", Some(""), -1).is_err());
    }

    #[test]
    fn find_and_count_use_character_indexes() {
        assert_eq!(find("héllo", "l", None, None, false), 2);
        assert_eq!(find("héllo", "l", None, None, true), 3);
        assert_eq!(find("abc", "z", None, None, false), -1);
        assert_eq!(count("abc", "", None, None), 4);
        assert_eq!(count("aaaa", "aa", None, None), 2);
        assert_eq!(find("abcabc", "a", Some(1), None, false), 3);
    }

    #[test]
    fn case_functions_match_python() {
        assert_eq!(title("they're bill's friends"), "They'Re Bill'S Friends");
        assert_eq!(title("hello wORLD 3rd"), "Hello World 3Rd");
        assert_eq!(capitalize("hELLO World"), "Hello world");
        assert_eq!(capitalize("ßa"), "Ssa");
        assert!(is_lower("12a") && !is_lower("123") && !is_lower("aB"));
        assert!(is_upper("A1") && !is_upper(""));
        assert!(is_title("Ab Cd") && !is_title("AB"));
        assert!(!is_digit("") && is_digit("12") && is_digit("²") && !is_decimal("²"));
    }

    #[test]
    fn strip_uses_pythons_whitespace() {
        assert_eq!(strip("\u{1c} a \u{1f}", None, true, true), "a");
        assert_eq!(strip("xxaxx", Some("x"), true, false), "axx");
    }

    #[test]
    fn center_puts_the_odd_space_as_python() {
        assert_eq!(center("ab", 5, ' '), "  ab ");
        assert_eq!(center("abc", 6, ' '), " abc  ");
        assert_eq!(center("ab", 6, '*'), "**ab**");
    }
}
