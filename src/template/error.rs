//! Template errors for people: one headline with `name:line:column` and the cause (naming the
//! variable when it is undefined), then the source line and a caret under the culprit.

use std::fmt;

use minijinja::ErrorKind;

/// A template failed to compile or render.
#[derive(Debug, Clone)]
pub struct TemplateError {
    kind: ErrorKind,
    /// `name:line:column` (or `name:line`, or `name`).
    location: String,
    message: String,
    /// The source line and the caret line under it.
    snippet: Option<String>,
}

impl TemplateError {
    /// From a MiniJinja error, with the template's display name and source.
    pub fn from_minijinja(err: &minijinja::Error, name: &str, source: &str) -> Self {
        // MiniJinja may point inside a multi-byte character (at an unexpected one): the span
        // is widened to whole characters.
        let span = err
            .range()
            .filter(|r| r.start <= r.end && r.end <= source.len())
            .map(|r| char_start(source, r.start)..char_end(source, r.end));
        let (line, col) = match &span {
            Some(r) => line_col(source, r.start),
            None => (err.line().unwrap_or(0), 0),
        };
        let location = match (line, col) {
            (0, _) => name.to_string(),
            (l, 0) => format!("{name}:{l}"),
            (l, c) => format!("{name}:{l}:{c}"),
        };
        let culprit = span.as_ref().map(|r| source[r.clone()].trim());
        let detail = err.detail().map(str::to_string);
        let message = match err.kind() {
            ErrorKind::UndefinedError if detail.as_deref().is_some_and(|d| d.starts_with('`')) => {
                format!(
                    "undefined value in `{}`: {}",
                    culprit.unwrap_or_default(),
                    detail.unwrap_or_default()
                )
            }
            ErrorKind::UndefinedError if detail.is_some() => {
                let input = span.as_ref().and_then(|r| filter_input(source, r.start));
                let what = match input.as_deref().or(culprit).and_then(variable_of) {
                    Some(v) => format!("undefined variable `{v}`"),
                    None => "undefined value".to_string(),
                };
                format!("{what}: {}", detail.unwrap_or_default())
            }
            ErrorKind::UndefinedError => match (
                span.as_ref().and_then(|r| filter_input(source, r.start)),
                culprit,
            ) {
                (Some(input), Some(filter)) => {
                    let filter = filter.split(['(', ' ']).next().unwrap_or(filter);
                    match variable_of(&input).filter(|v| v.len() == input.trim().len()) {
                        // `{{ a.nope | tojson }}`: the variable is what is undefined.
                        Some(v) => {
                            format!("undefined variable `{v}` (given to the `{filter}` filter)")
                        }
                        None => format!("undefined value in `{input}|{filter}`"),
                    }
                }
                _ => match culprit.and_then(variable_of) {
                    Some(v) => format!("undefined variable `{v}`"),
                    None => match culprit {
                        Some(c) if !c.is_empty() => format!("undefined value in `{c}`"),
                        _ => "undefined value".to_string(),
                    },
                },
            },
            ErrorKind::SyntaxError => match (detail.as_deref(), unclosed_block(source)) {
                // MiniJinja says "expected end of block" without naming it; Jinja2 names the
                // end tag it was looking for and the block it closes.
                (Some(d), Some((tag, line))) if d.starts_with("unexpected end of input") => {
                    format!(
                        "syntax error: the template ends inside the `{tag}` block opened on \
                         line {line}: `{{% end{tag} %}}` is missing"
                    )
                }
                (Some(d), _) if d.starts_with("unknown statement end") => {
                    let before = span.as_ref().map_or(source, |r| &source[..r.start]);
                    match unclosed_block(before) {
                        Some((tag, line)) => format!(
                            "syntax error: {d}: the innermost open block is the `{tag}` block \
                             opened on line {line}, closed by `{{% end{tag} %}}`"
                        ),
                        None => format!("syntax error: {d}: no block is open here"),
                    }
                }
                _ => format!("syntax error: {}", detail.unwrap_or_default()),
            },
            ErrorKind::OutOfFuel => format!(
                "the template was stopped: it did more work than one render may ({} operations, \
                 or {} MiB of values and output built): does it loop forever?",
                super::FUEL,
                super::FUEL * 64 / (1024 * 1024)
            ),
            ErrorKind::UnknownFilter | ErrorKind::UnknownTest | ErrorKind::UnknownFunction => {
                format!(
                    "{}: {}",
                    err.kind(),
                    detail.unwrap_or_else(|| culprit.unwrap_or_default().to_string())
                )
            }
            ErrorKind::UnknownMethod => match culprit {
                Some(c) => format!(
                    "unknown method in `{c}`{}",
                    detail.map(|d| format!(": {d}")).unwrap_or_default()
                ),
                None => err.kind().to_string(),
            },
            kind => match detail {
                Some(d) => format!("{kind}: {d}"),
                None => kind.to_string(),
            },
        };
        let snippet = if line > 0 {
            Some(snippet(source, line, span.as_ref()))
        } else {
            None
        };
        Self {
            kind: err.kind(),
            location,
            message,
            snippet,
        }
    }

    /// A syntax error found before MiniJinja parses, at a byte offset of the source.
    pub(crate) fn syntax_at(name: &str, source: &str, offset: usize, detail: &str) -> Self {
        let offset = char_start(source, offset.min(source.len()));
        let (line, col) = line_col(source, offset);
        Self {
            kind: ErrorKind::SyntaxError,
            location: format!("{name}:{line}:{col}"),
            message: format!("syntax error: {detail}"),
            snippet: Some(snippet(source, line, Some(&(offset..offset)))),
        }
    }

    /// A filter or test that does not exist: `at` is its name's place in the source (the
    /// caret underlines the name).
    pub(crate) fn unknown_name(
        name: &str,
        source: &str,
        at: std::ops::Range<usize>,
        detail: &str,
    ) -> Self {
        let end = char_end(source, at.end.min(source.len()));
        let at = char_start(source, at.start.min(end))..end;
        let (line, col) = line_col(source, at.start);
        Self {
            kind: ErrorKind::UnknownFilter,
            location: format!("{name}:{line}:{col}"),
            message: detail.to_string(),
            snippet: Some(snippet(source, line, Some(&at))),
        }
    }

    /// Whether the error is an undefined value.
    pub fn is_undefined(&self) -> bool {
        self.kind == ErrorKind::UndefinedError
    }

    /// `location: message`, one line.
    pub fn headline(&self) -> String {
        format!("{}: {}", self.location, self.message)
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(s) = &self.snippet {
            write!(f, "\n{s}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TemplateError {}

/// The start of the character holding byte `i`.
fn char_start(source: &str, mut i: usize) -> usize {
    while !source.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The end of the character holding byte `i - 1` (`i` itself on a boundary).
fn char_end(source: &str, mut i: usize) -> usize {
    while !source.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, source[line_start..offset].chars().count() + 1)
}

/// The source line with a caret line under the span (or under the whole line).
fn snippet(source: &str, line: usize, span: Option<&std::ops::Range<usize>>) -> String {
    let text = source
        .lines()
        .nth(line - 1)
        .unwrap_or("")
        .trim_end_matches('\r');
    let num = line.to_string();
    let pad = " ".repeat(num.len());
    let mut out = format!("{pad} |\n{num} | {text}\n{pad} | ");
    if let Some(r) = span {
        // Whole characters, inside the source, whoever computed the span.
        let end = char_end(source, r.end.min(source.len()));
        let r = &(char_start(source, r.start.min(end))..end);
        let line_start = source[..r.start].rfind('\n').map_or(0, |i| i + 1);
        let col = source[line_start..r.start].chars().count();
        // The end of the span's own line (a newline is always a character boundary; a line
        // counted another way, as around a lone carriage return, could end inside one).
        let line_end = source[r.start..]
            .find('\n')
            .map_or(source.len(), |i| r.start + i);
        let width = source[r.start..r.end.min(line_end).max(r.start)]
            .chars()
            .count()
            .max(1);
        let lead: String = text
            .chars()
            .take(col)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&lead);
        out.push_str(&"^".repeat(width));
    }
    out
}

/// When the span at `start` is a filter (`x.y|upper`), the expression the filter is applied
/// to, as written: from the start of the tag (or its keyword) to the `|`.
fn filter_input(source: &str, start: usize) -> Option<String> {
    let before = source[..start].trim_end();
    let before = before.strip_suffix('|')?;
    let tag = before
        .rfind("{{")
        .into_iter()
        .chain(before.rfind("{%"))
        .max()?;
    let mut expr = before[tag + 2..].trim_start_matches(['-', '+']).trim();
    for keyword in ["if ", "elif ", "set ", "for ", "with "] {
        if let Some(rest) = expr.strip_prefix(keyword) {
            expr = rest.trim_start();
        }
    }
    if let Some(i) = expr
        .find(" in ")
        .or_else(|| expr.find(" = "))
        .or_else(|| expr.find("="))
    {
        expr = expr[i..]
            .trim_start_matches([' ', '='])
            .trim_start_matches("in ")
            .trim();
    }
    let expr = expr.trim();
    (!expr.is_empty() && expr.chars().count() <= 80 && !expr.contains('\n'))
        .then(|| expr.to_string())
}

/// The innermost block still open at the end of the source (`if`, `for`, `macro`, ...) and
/// the line it opens on: what a missing end tag leaves open. Comments and `raw` blocks are
/// skipped; `{% set x = 1 %}` opens nothing, `{% set x %}` opens a block.
fn unclosed_block(source: &str) -> Option<(String, usize)> {
    const BLOCKS: [&str; 9] = [
        "if",
        "for",
        "macro",
        "call",
        "filter",
        "set",
        "with",
        "block",
        "autoescape",
    ];
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let close = match after.as_bytes().first() {
            Some(b'#') => "#}",
            Some(b'%') => "%}",
            _ => {
                offset += i + 1;
                rest = after;
                continue;
            }
        };
        let body_start = i + 2;
        let Some(len) = rest[body_start..].find(close) else {
            break;
        };
        let tag = rest[body_start..body_start + len].trim_matches(['-', '+', ' ', '\t', '\n']);
        let at = offset + i;
        let mut end = body_start + len + 2;
        if close == "%}" {
            let word = tag
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default();
            if word == "raw" {
                match rest[end..].find("endraw") {
                    Some(j) => end += j + 6,
                    None => return Some(("raw".to_string(), line_col(source, at).0)),
                }
            } else if let Some(name) = word.strip_prefix("end") {
                if let Some(pos) = open.iter().rposition(|(b, _)| *b == name) {
                    open.truncate(pos);
                }
            } else if BLOCKS.contains(&word) && !(word == "set" && tag.contains('=')) {
                open.push((word, at));
            }
        }
        offset += end;
        rest = &rest[end..];
    }
    open.pop()
        .map(|(tag, at)| (tag.to_string(), line_col(source, at).0))
}

/// The variable path at the start of an expression: `t.alternateId` in
/// `t.alternateId | tojson`, `data.events[0]` in `data.events[0].x`.
fn variable_of(expr: &str) -> Option<String> {
    let expr = expr
        .trim_start_matches(['{', '-', '+', ' '])
        .trim_end_matches(['}', '-', '+', ' ']);
    let mut out = String::new();
    let mut depth = 0;
    for c in expr.chars() {
        match c {
            '[' => {
                depth += 1;
                out.push(c);
            }
            ']' => {
                depth -= 1;
                out.push(c);
            }
            c if depth > 0 => out.push(c),
            c if c.is_alphanumeric() || c == '_' || c == '.' => out.push(c),
            _ => break,
        }
    }
    let first = out.chars().next()?;
    (first.is_alphabetic() || first == '_').then_some(out.trim_end_matches('.').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_a_missing_end_tag_leaves_open_is_named() {
        assert_eq!(
            unclosed_block("{% if a %}{% for x in y %}{% endfor %}\n{# {% for %} #}"),
            Some(("if".to_string(), 1))
        );
        assert_eq!(
            unclosed_block("{% set a = 1 %}\n{%- set b -%}x"),
            Some(("set".to_string(), 2))
        );
        assert_eq!(unclosed_block("{% raw %}{% if %}{% endraw %}"), None);
        assert_eq!(unclosed_block("{% macro m() %}{% endmacro %}"), None);
    }

    #[test]
    fn variable_path_is_cut_at_the_first_operator() {
        assert_eq!(
            variable_of("t.alternateId | tojson").as_deref(),
            Some("t.alternateId")
        );
        assert_eq!(
            variable_of("data.events[0].x").as_deref(),
            Some("data.events[0].x")
        );
        assert_eq!(variable_of("1 + x"), None);
    }

    #[test]
    fn a_span_inside_a_character_is_widened() {
        let source = "{%\u{1d507}";
        let err = minijinja::Environment::new()
            .template_from_str(source)
            .unwrap_err();
        let e = TemplateError::from_minijinja(&err, "t", source);
        assert!(e.headline().starts_with("t:1:"), "{e}");
        assert_eq!((char_start(source, 3), char_end(source, 3)), (2, 6));
    }

    #[test]
    fn filter_inputs_are_found() {
        let src = "{{ x.y|upper }}";
        assert_eq!(filter_input(src, 7).as_deref(), Some("x.y"));
        let src = "{% if a|default('b')| int %}";
        assert_eq!(filter_input(src, 22).as_deref(), Some("a|default('b')"));
        assert_eq!(filter_input("{{ x.y }}", 3), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("ab\ncé{{x}}", 7), (2, 4));
    }
}

/// One step of a variable path: `.name` or `['key']` / `[0]`.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Attr(String),
    Item(minijinja::Value),
}

/// Names that are never a payload's variable: keywords, the loop and macro variables, the
/// globals.
const NOT_VARIABLES: [&str; 24] = [
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    "recursive",
    "loop",
    "caller",
    "varargs",
    "kwargs",
    "self",
    "range",
    "dict",
    "namespace",
    "cycler",
    "joiner",
];

/// The variable paths an expression reads (`a.b['c'][0]`), in order: not the names of filters,
/// tests, functions or methods, nor anything inside a string literal.
fn variable_paths(expr: &str) -> Vec<(String, Vec<Step>)> {
    let chars: Vec<char> = expr.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    // The last significant character, and the last word, before the current position.
    let mut prev_char = ' ';
    let mut prev_word = String::new();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let skip_string = |i: &mut usize| {
        let quote = chars[*i];
        *i += 1;
        while *i < chars.len() && chars[*i] != quote {
            if chars[*i] == '\\' {
                *i += 1;
            }
            *i += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' || c == '"' {
            skip_string(&mut i);
            prev_char = c;
            prev_word.clear();
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !(c.is_alphabetic() || c == '_') {
            if !is_ident(c) {
                prev_char = c;
                prev_word.clear();
            }
            i += 1;
            while i < chars.len() && c.is_ascii_digit() && is_ident(chars[i]) {
                i += 1;
            }
            continue;
        }
        let start = i;
        while i < chars.len() && is_ident(chars[i]) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let named_elsewhere = matches!(prev_char, '.' | '|') || prev_word == "is" || {
            prev_word == "not" && found.last().is_some() && expr[..].contains(" is not ")
        };
        if named_elsewhere || NOT_VARIABLES.contains(&word.as_str()) {
            prev_char = 'a';
            prev_word = word;
            continue;
        }
        // The path: `.name`, `['key']`, `["key"]` or `[digits]` steps.
        let mut text = word.clone();
        let mut steps = Vec::new();
        loop {
            if i + 1 < chars.len()
                && chars[i] == '.'
                && (chars[i + 1].is_alphabetic() || chars[i + 1] == '_')
            {
                let s = i + 1;
                let mut e = s;
                while e < chars.len() && is_ident(chars[e]) {
                    e += 1;
                }
                let name: String = chars[s..e].iter().collect();
                if chars.get(e) == Some(&'(') {
                    // A method call: the path is what it is called on.
                    break;
                }
                text.push('.');
                text.push_str(&name);
                steps.push(Step::Attr(name));
                i = e;
            } else if chars.get(i) == Some(&'[') {
                let close = chars[i..].iter().position(|&c| c == ']').map(|p| i + p);
                let Some(close) = close else { break };
                let inner: String = chars[i + 1..close].iter().collect();
                let inner = inner.trim();
                let key = if let Some(q) = inner.chars().next().filter(|q| *q == '\'' || *q == '"')
                {
                    inner
                        .strip_prefix(q)
                        .and_then(|r| r.strip_suffix(q))
                        .filter(|k| !k.contains(['\\', q]))
                        .map(minijinja::Value::from)
                } else {
                    inner.parse::<i64>().ok().map(minijinja::Value::from)
                };
                let Some(key) = key else { break };
                text.push_str(&format!(
                    "[{}]",
                    chars[i + 1..close].iter().collect::<String>()
                ));
                steps.push(Step::Item(key));
                i = close + 1;
            } else {
                break;
            }
        }
        // A call of a function (`range(3)`) reads no variable of that name, nor does a
        // keyword argument (`f(a=1)`).
        let mut after = i;
        while chars.get(after).is_some_and(|c| c.is_whitespace()) {
            after += 1;
        }
        let keyword = chars.get(after) == Some(&'=') && chars.get(after + 1) != Some(&'=');
        let called = steps.is_empty() && chars.get(i) == Some(&'(');
        if !keyword && !called {
            found.push((text, steps));
        }
        prev_char = 'a';
        prev_word = word;
    }
    found
}

impl TemplateError {
    /// Names what was undefined by looking at the values: the first variable path of the
    /// expression that is undefined in `ctx` (`nope` in `{{ ibig == nope }}`, `payload.zz` in
    /// `{{ payload.zz.y }}`), rather than the first name written. Names the template sets
    /// itself (`locals`) cannot be looked up here and are passed over.
    pub(super) fn name_undefined(
        &mut self,
        culprit: &str,
        ctx: &minijinja::Value,
        locals: &std::collections::HashSet<&str>,
    ) {
        if !self.is_undefined() {
            return;
        }
        let mut unknown = false;
        for (text, steps) in variable_paths(culprit) {
            let root = text.split(['.', '[']).next().unwrap_or_default();
            if locals.contains(root) {
                unknown = true;
                continue;
            }
            let mut value = ctx.get_attr(root).unwrap_or_default();
            let mut shown = root.to_string();
            let mut rest = text[root.len()..].to_string();
            let mut undefined = value.is_undefined();
            for step in &steps {
                if undefined {
                    break;
                }
                let piece_len = match step {
                    Step::Attr(n) => n.len() + 1,
                    Step::Item(_) => rest.find(']').map_or(rest.len(), |p| p + 1),
                };
                shown.push_str(&rest[..piece_len]);
                rest = rest[piece_len..].to_string();
                value = match step {
                    Step::Attr(n) => value
                        .get_attr(n)
                        .ok()
                        .filter(|v| !v.is_undefined())
                        .or_else(|| value.get_item(&minijinja::Value::from(n.as_str())).ok()),
                    Step::Item(k) => value.get_item(k).ok(),
                }
                .unwrap_or_default();
                undefined = value.is_undefined();
            }
            if undefined {
                if !self.message.contains(&format!("`{shown}`")) {
                    self.message = format!("undefined variable `{shown}`");
                }
                return;
            }
        }
        // Every variable it reads is defined: what is undefined is a value computed from them
        // (`{{ items|first }}` of an empty list).
        if !unknown && self.message.starts_with("undefined variable") {
            self.message = format!("undefined value in `{}`", culprit.trim());
        }
    }
}
