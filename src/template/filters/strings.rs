//! String filters: case, `trim`, `replace`, `truncate`, `indent`, `center`, `wordcount`,
//! `urlencode`, `escape`, `xmlattr`, `wordwrap`, `striptags`, `format`.

use super::*;

/// Jinja2's `upper`.
pub(super) fn upper(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from(soft_str(state, value)?.to_uppercase()))
}

/// Jinja2's `lower`.
pub(super) fn lower(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from(soft_str(state, value)?.to_lowercase()))
}

/// Jinja2's `capitalize`: Python's `str.capitalize`.
pub(super) fn capitalize(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from(pystr::capitalize(&soft_str(state, value)?)))
}

/// Jinja2's `title`: split before runs of whitespace, `-` and opening brackets; each piece's
/// first character upper-cased and the rest lowered.
pub(super) fn title(state: &State, value: &Value) -> Result<Value, Error> {
    let s = soft_str(state, value)?;
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if pystr::is_space(c) || matches!(c, '-' | '(' | '{' | '[' | '<') {
            out.push(c);
            start = true;
        } else if start {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.extend(c.to_lowercase());
        }
    }
    Ok(Value::from(out))
}

/// Jinja2's `trim(chars=None)`: Python's `str.strip`.
pub(super) fn trim(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [chars] = bind(&args, ["chars"])?;
    let chars = str_arg(chars, "chars")?;
    let s = soft_str(state, value)?;
    Ok(Value::from(pystr::strip(&s, chars.as_deref(), true, true)))
}

/// Jinja2's `replace(old, new, count=None)`: Python's `str.replace`.
pub(super) fn replace(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [old, new, count] = bind(&args, ["old", "new", "count"])?;
    let old = pyrepr::str_of(&required(old, "old")?)?;
    let new = pyrepr::str_of(&required(new, "new")?)?;
    let count = match count {
        Some(c) if !c.is_none() => int_arg(Some(c), "count", -1)?,
        _ => -1,
    };
    let s = soft_str(state, value)?;
    pystr::check_replace(&s, &old, &new, usize::try_from(count).ok())?;
    Ok(Value::from(match usize::try_from(count) {
        Ok(n) => s.replacen(&old, &new, n),
        Err(_) => s.replace(&old, &new),
    }))
}

/// Jinja2's `truncate(length=255, killwords=False, end='...', leeway=5)`.
pub(super) fn truncate(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [length, killwords, end, leeway] = bind(&args, ["length", "killwords", "end", "leeway"])?;
    let length = int_arg(length, "length", 255)?;
    let end = str_arg(end, "end")?.unwrap_or_else(|| "...".to_string());
    let leeway = match leeway {
        Some(l) if !l.is_none() => int_arg(Some(l), "leeway", 5)?,
        _ => 5,
    };
    let end_len = i64::try_from(end.chars().count()).unwrap_or(i64::MAX);
    if length < end_len {
        return Err(invalid(format!(
            "expected length >= {end_len}, got {length}"
        )));
    }
    if leeway < 0 {
        return Err(invalid(format!("expected leeway >= 0, got {leeway}")));
    }
    let Some(s) = value.as_str() else {
        // `len(s)` of another value: short enough ones come back as they are.
        return match value.len() {
            _ if value.is_undefined() => Ok(value.clone()),
            Some(n) if i64::try_from(n).unwrap_or(i64::MAX) <= length + leeway => Ok(value.clone()),
            _ => Err(invalid(format!(
                "cannot truncate a value of type '{}'",
                pyops::type_name(value)
            ))),
        };
    };
    if i64::try_from(s.chars().count()).unwrap_or(i64::MAX) <= length + leeway {
        return Ok(value.clone());
    }
    let keep = usize::try_from(length - end_len).unwrap_or(0);
    let cut = s.char_indices().nth(keep).map_or(s, |(i, _)| &s[..i]);
    let head = if truthy(&killwords) {
        cut
    } else {
        cut.rsplit_once(' ').map_or(cut, |(a, _)| a)
    };
    Ok(Value::from(format!("{head}{end}")))
}

/// Jinja2's `indent(width=4, first=False, blank=False)`; `width` may be a string.
pub(super) fn indent(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [width, first, blank] = bind(&args, ["width", "first", "blank"])?;
    let indention = match &width {
        Some(w) if w.as_str().is_some() => w.as_str().unwrap_or_default().to_string(),
        _ => " ".repeat(pystr::check_width(
            usize::try_from(int_arg(width, "width", 4)?).unwrap_or(0),
        )?),
    };
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let Some(s) = value.as_str() else {
        return Err(invalid(format!(
            "unsupported operand type(s) for +=: '{}' and 'str'",
            pyops::type_name(value)
        )));
    };
    let text = format!("{s}\n");
    let lines = pystr::splitlines(&text, false);
    pystr::check_width(indention.len().saturating_mul(lines.len()))?;
    let mut rv = String::with_capacity(text.len() + lines.len() * indention.len());
    if truthy(&first) {
        rv.push_str(&indention);
    }
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            rv.push('\n');
            if truthy(&blank) || !line.is_empty() {
                rv.push_str(&indention);
            }
        }
        rv.push_str(line);
    }
    Ok(Value::from(rv))
}

/// Jinja2's `center(width=80)`: Python's `str.center`.
pub(super) fn center(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let [width] = bind(&args, ["width"])?;
    let width = pystr::check_width(usize::try_from(int_arg(width, "width", 80)?).unwrap_or(0))?;
    Ok(Value::from(pystr::center(
        &soft_str(state, value)?,
        width,
        ' ',
    )))
}

/// Jinja2's `wordcount`: the number of `\w+` runs.
pub(super) fn wordcount(state: &State, value: &Value) -> Result<Value, Error> {
    let s = soft_str(state, value)?;
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        let w = c.is_alphanumeric() || c == '_';
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    Ok(Value::from(n))
}

/// Jinja2's `url_quote`: UTF-8, percent-encoded but for `A-Za-z0-9_.-~` (and `/` outside
/// query strings); in query strings a space is `+`.
pub(super) fn url_quote(out: &mut String, v: &Value, for_qs: bool) -> Result<(), Error> {
    let s = pyrepr::str_of(v)?;
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(b as char)
            }
            b'/' if !for_qs => out.push('/'),
            b' ' if for_qs => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    Ok(())
}

/// Jinja2's `urlencode`: a string (or scalar) quoted; a dict or an iterable of pairs as a
/// query string.
pub(super) fn urlencode(state: &State, value: &Value) -> Result<Value, Error> {
    let mut out = String::new();
    match value.kind() {
        ValueKind::String | ValueKind::None | ValueKind::Bool | ValueKind::Number => {
            url_quote(&mut out, value, false)?
        }
        ValueKind::Map => {
            for (i, pair) in pairs(value)?.iter().enumerate() {
                if i > 0 {
                    out.push('&');
                }
                url_quote(&mut out, &pair.get_item_by_index(0)?, true)?;
                out.push('=');
                url_quote(&mut out, &pair.get_item_by_index(1)?, true)?;
            }
        }
        _ => {
            for (i, pair) in iterate(state, value)?.iter().enumerate() {
                let kv: Vec<Value> = match pair.kind() {
                    ValueKind::Seq | ValueKind::String | ValueKind::Map | ValueKind::Iterable => {
                        pair.try_iter()?.collect()
                    }
                    _ => Vec::new(),
                };
                let [k, v] = <[Value; 2]>::try_from(kv)
                    .map_err(|_| invalid("urlencode needs (key, value) pairs"))?;
                if i > 0 {
                    out.push('&');
                }
                url_quote(&mut out, &k, true)?;
                out.push('=');
                url_quote(&mut out, &v, true)?;
            }
        }
    }
    Ok(Value::from(out))
}

/// MarkupSafe's escaping: `& < > " '`.
pub(super) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut plain_from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&#34;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[plain_from..i]);
        out.push_str(rep);
        plain_from = i + 1;
    }
    out.push_str(&s[plain_from..]);
    out
}

/// Jinja2's `escape`/`e`: escapes `str(value)`, unless it is already safe.
pub(super) fn escape(state: &State, value: &Value) -> Result<Value, Error> {
    if value.is_safe() {
        return Ok(value.clone());
    }
    Ok(Value::from_safe_string(html_escape(&soft_str(
        state, value,
    )?)))
}

/// Jinja2's `forceescape`: escapes even a safe string.
pub(super) fn forceescape(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from_safe_string(html_escape(&soft_str(
        state, value,
    )?)))
}

/// Jinja2's `xmlattr(autospace=True)`: `key="value"` pairs, escaped, skipping `None` and
/// undefined values.
pub(super) fn xmlattr(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [autospace] = bind(&args, ["autospace"])?;
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let mut out = String::new();
    for pair in pairs(value)? {
        let (k, v) = (pair.get_item_by_index(0)?, pair.get_item_by_index(1)?);
        if v.is_none() || v.is_undefined() {
            continue;
        }
        let key = pyrepr::str_of(&k)?;
        if key.contains(|c: char| {
            c.is_ascii_whitespace() || c == '\u{0b}' || matches!(c, '/' | '>' | '=')
        }) {
            return Err(invalid(format!(
                "Invalid character in attribute name: {}",
                pyrepr::repr_of(&k)?
            )));
        }
        if autospace.as_ref().is_none_or(Value::is_true) || !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&html_escape(&key));
        out.push_str("=\"");
        if v.is_safe() {
            out.push_str(v.as_str().unwrap_or_default());
        } else {
            out.push_str(&html_escape(&pyrepr::str_of(&v)?));
        }
        out.push('"');
    }
    Ok(Value::from(out))
}

/// Jinja2's `wordwrap(width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True)`:
/// each line wrapped by Python's `textwrap`, joined with `wrapstring` (a newline).
pub(super) fn wordwrap(value: &Value, args: Rest<ValueOrKwargs>) -> Result<Value, Error> {
    let args = args.into_values();
    let [width, break_long_words, wrapstring, break_on_hyphens] = bind(
        &args,
        [
            "width",
            "break_long_words",
            "wrapstring",
            "break_on_hyphens",
        ],
    )?;
    let width = int_arg(width, "width", 79)?;
    let Ok(width) = usize::try_from(width) else {
        return Err(invalid(format!("invalid width {width} (must be > 0)")));
    };
    if width == 0 {
        return Err(invalid("invalid width 0 (must be > 0)"));
    }
    let wrapstring = str_arg(wrapstring, "wrapstring")?.unwrap_or_else(|| "\n".to_string());
    let break_long = break_long_words.as_ref().is_none_or(Value::is_true);
    let hyphens = break_on_hyphens.as_ref().is_none_or(Value::is_true);
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    let Some(s) = value.as_str() else {
        return Err(invalid(format!(
            "'{}' object has no attribute 'splitlines'",
            pyops::type_name(value)
        )));
    };
    let paragraphs: Vec<String> = pystr::splitlines(s, false)
        .into_iter()
        .map(|line| textwrap::wrap(line, width, break_long, hyphens).join(&wrapstring))
        .collect();
    Ok(Value::from(paragraphs.join(&wrapstring)))
}

/// Jinja2's `striptags`: comments and tags removed, white space collapsed, entities decoded.
pub(super) fn striptags(state: &State, value: &Value) -> Result<Value, Error> {
    Ok(Value::from(html::striptags(&soft_str(state, value)?)))
}

/// Jinja2's `format(*args, **kwargs)`: `str(value) % args` (or `% kwargs`).
pub(super) fn format(
    state: &State,
    value: &Value,
    args: Rest<ValueOrKwargs>,
) -> Result<Value, Error> {
    let args = args.into_values();
    let fmt = soft_str(state, value)?;
    let (positional, kwargs) = match args.split_last() {
        Some((last, rest)) if last.is_kwargs() => (rest, Some(last)),
        _ => (&args[..], None),
    };
    let out = match kwargs {
        Some(_) if !positional.is_empty() => {
            return Err(invalid(
                "can't handle positional and keyword arguments at the same time",
            ));
        }
        Some(kw) => pyformat::percent_format(&fmt, PercentArgs::Mapping(kw))?,
        None => pyformat::percent_format(&fmt, PercentArgs::Positional(positional))?,
    };
    Ok(Value::from(out))
}
