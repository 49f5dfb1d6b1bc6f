//! MarkupSafe's `striptags` (comments, then tags, removed; whitespace collapsed; then
//! Python's `html.unescape`) for Jinja2's `striptags` filter.

use std::fmt::Write;

use super::pystr;

/// Named references that resolve to white space (looked up here, as the shared entity table
/// is only reachable through a function that collapses white space).
const SPACE_ENTITIES: &[(&str, &str)] = &[
    ("emsp13", "\u{2004}"),
    ("emsp14", "\u{2005}"),
    ("emsp", "\u{2003}"),
    ("ensp", "\u{2002}"),
    ("hairsp", "\u{200a}"),
    ("MediumSpace", "\u{205f}"),
    ("nbsp", "\u{a0}"),
    ("NewLine", "\n"),
    ("NonBreakingSpace", "\u{a0}"),
    ("numsp", "\u{2007}"),
    ("puncsp", "\u{2008}"),
    ("Tab", "\t"),
    ("ThickSpace", "\u{205f}\u{200a}"),
    ("thinsp", "\u{2009}"),
    ("ThinSpace", "\u{2009}"),
    ("VeryThinSpace", "\u{200a}"),
];

/// The HTML 4 names HTML5 also accepts without the `;`.
const LEGACY: &[&str] = &[
    "AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml", "COPY", "Ccedil",
    "ETH", "Eacute", "Ecirc", "Egrave", "Euml", "GT", "Iacute", "Icirc", "Igrave", "Iuml", "LT",
    "Ntilde", "Oacute", "Ocirc", "Ograve", "Oslash", "Otilde", "Ouml", "QUOT", "REG", "THORN",
    "Uacute", "Ucirc", "Ugrave", "Uuml", "Yacute", "aacute", "acirc", "acute", "aelig", "agrave",
    "amp", "aring", "atilde", "auml", "brvbar", "ccedil", "cedil", "cent", "copy", "curren", "deg",
    "divide", "eacute", "ecirc", "egrave", "eth", "euml", "frac12", "frac14", "frac34", "gt",
    "iacute", "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo", "lt", "macr", "micro",
    "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm", "oslash",
    "otilde", "ouml", "para", "plusmn", "pound", "quot", "raquo", "reg", "sect", "shy", "sup1",
    "sup2", "sup3", "szlig", "thorn", "times", "uacute", "ucirc", "ugrave", "uml", "uuml",
    "yacute", "yen", "yuml",
];

/// The text of an HTML5 named reference (`amp;`, or a legacy name without `;`).
fn named(name: &str) -> Option<String> {
    let bare = match name.strip_suffix(';') {
        Some(b) => b,
        None if LEGACY.contains(&name) => name,
        None => return None,
    };
    if bare.is_empty() || !bare.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if let Some((_, v)) = SPACE_ENTITIES.iter().find(|(k, _)| *k == bare) {
        return Some((*v).to_string());
    }
    let reference = format!("&{bare};");
    let resolved = minijinja_contrib::filters::striptags(reference.clone());
    (resolved != reference && !resolved.is_empty()).then_some(resolved)
}

/// A numeric reference as Python resolves it (Windows-1252 for 0x80..0x9f, U+FFFD for
/// invalid code points, nothing for non-characters).
fn numeric(num: u64, out: &mut String) {
    const CP1252: [char; 32] = [
        '\u{20ac}', '\u{81}', '\u{201a}', '\u{192}', '\u{201e}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2c6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8d}', '\u{17d}',
        '\u{8f}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2dc}', '\u{2122}', '\u{161}', '\u{203a}', '\u{153}', '\u{9d}', '\u{17e}',
        '\u{178}',
    ];
    match num {
        0 => out.push('\u{fffd}'),
        0x0d => out.push('\r'),
        0x80..=0x9f => out.push(CP1252[usize::try_from(num - 0x80).unwrap_or(0)]),
        0xd800..=0xdfff => out.push('\u{fffd}'),
        n if n > 0x10ffff => out.push('\u{fffd}'),
        0x1..=0x8 | 0xb | 0xe..=0x1f | 0x7f | 0xfdd0..=0xfdef => {}
        n if n & 0xfffe == 0xfffe => {}
        n => out.push(char::from_u32(u32::try_from(n).unwrap_or(0xfffd)).unwrap_or('\u{fffd}')),
    }
}

/// Python's `html.unescape`.
pub(super) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        // `#[0-9]+;?` or `#[xX][0-9a-fA-F]+;?`
        if let Some(num) = after.strip_prefix('#') {
            let (hex, digits_from) = match num.as_bytes().first() {
                Some(b'x' | b'X') => (true, &num[1..]),
                _ => (false, num),
            };
            let len = digits_from
                .bytes()
                .take_while(|b| {
                    if hex {
                        b.is_ascii_hexdigit()
                    } else {
                        b.is_ascii_digit()
                    }
                })
                .count();
            if len > 0 {
                let digits = &digits_from[..len];
                let n = u64::from_str_radix(digits, if hex { 16 } else { 10 }).unwrap_or(u64::MAX);
                numeric(n, &mut out);
                let mut consumed = 1 + usize::from(hex) + len;
                if num[consumed - 1..].starts_with(';') {
                    consumed += 1;
                }
                rest = &after[consumed..];
                continue;
            }
        }
        // `[^\t\n\f <&#;]{1,32};?`
        let name_len: usize = after
            .chars()
            .take_while(|&c| !matches!(c, '\t' | '\n' | '\u{0c}' | ' ' | '<' | '&' | '#' | ';'))
            .take(32)
            .map(char::len_utf8)
            .sum();
        if name_len == 0 {
            out.push('&');
            rest = after;
            continue;
        }
        let with_semi = name_len + usize::from(after[name_len..].starts_with(';'));
        let name = &after[..with_semi];
        if let Some(v) = named(name) {
            out.push_str(&v);
        } else {
            // The longest known name at the start (at least two characters).
            let cuts: Vec<usize> = name
                .char_indices()
                .map(|(j, _)| j)
                .filter(|&j| j >= 2)
                .collect();
            match cuts
                .iter()
                .rev()
                .find_map(|&j| named(&name[..j]).map(|v| (j, v)))
            {
                Some((j, v)) => {
                    out.push_str(&v);
                    out.push_str(&name[j..]);
                }
                None => {
                    out.push('&');
                    out.push_str(name);
                }
            }
        }
        rest = &after[with_semi..];
    }
    out.push_str(rest);
    out
}

/// MarkupSafe's `Markup.striptags`.
pub(super) fn striptags(s: &str) -> String {
    let mut value = s.to_string();
    while let Some(start) = value.find("<!--") {
        let Some(end) = value[start..].find("-->") else {
            break;
        };
        value.replace_range(start..start + end + 3, "");
    }
    let mut text = String::with_capacity(value.len());
    let mut rest = value.as_str();
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        text.push_str(&rest[..start]);
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    let mut collapsed = String::with_capacity(text.len());
    for (i, word) in text
        .split(pystr::is_space)
        .filter(|w| !w.is_empty())
        .enumerate()
    {
        if i > 0 {
            collapsed.push(' ');
        }
        let _ = collapsed.write_str(word);
    }
    unescape(&collapsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_as_python() {
        assert_eq!(
            unescape("a &amp; b &lt;x&gt; &#39;q&#x27; &copy; &nbsp;|&copy2 &bogus; &#128; &#0;"),
            "a & b <x> 'q' © \u{a0}|©2 &bogus; € \u{fffd}"
        );
    }

    #[test]
    fn strips_comments_then_tags() {
        assert_eq!(
            striptags("<p>Hello <b>world</b> &amp; &lt;x&gt;</p>   a"),
            "Hello world & <x> a"
        );
        assert_eq!(striptags("a <!-- <b>c</b> --> d&nbsp;e"), "a d\u{a0}e");
        assert_eq!(striptags("a < b"), "a < b");
    }
}
