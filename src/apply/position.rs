//! Where things are in an apply file's text: the line of `webhooks:` and of each field of each
//! block-style item, so that the checker in [`super::file`] can point a problem at its
//! `FILE:LINE`. The values themselves come from the YAML parser; this reads only lines and
//! indentation, and when the text is not in the plain block style (flow style, anchors), it
//! falls back on the item's name or the `webhooks:` line.

/// Where things are in the text: the `webhooks:` line and each block-style item's lines. Used
/// only to point messages at lines; the values come from the YAML parser.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    lines: Vec<String>,
    /// 1-based line of `webhooks:`.
    pub(super) webhooks_line: Option<usize>,
    /// Block-style items of the list, in order.
    items: Vec<Span>,
}

/// One item's lines (0-based, end exclusive) and the column its keys start at.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    key_col: usize,
}

/// An item's place in the text, for finding its fields' lines.
pub(crate) struct ItemSpan<'a> {
    layout: &'a Layout,
    span: Option<Span>,
    /// 1-based line to fall back on.
    pub(super) first_line: usize,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// A sequence entry's dash at column `col`: `-` then a space or the end of the line.
fn is_dash_at(line: &str, col: usize) -> bool {
    let rest = &line[col.min(line.len())..];
    rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t")
}

impl Layout {
    pub(super) fn of(text: &str) -> Self {
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        let mut layout = Layout {
            webhooks_line: None,
            items: Vec::new(),
            lines: Vec::new(),
        };
        let Some(w) = lines
            .iter()
            .position(|l| key_at(l, 0, "webhooks").is_some())
        else {
            layout.lines = lines;
            return layout;
        };
        layout.webhooks_line = Some(w + 1);
        let mut item_indent = None;
        let mut current: Option<Span> = None;
        let mut end = lines.len();
        for (i, line) in lines.iter().enumerate().skip(w + 1) {
            if is_blank_or_comment(line) {
                continue;
            }
            let ind = indent(line);
            let dash_col = *item_indent.get_or_insert(ind);
            if ind < dash_col || (ind == dash_col && !is_dash_at(line, ind)) {
                end = i;
                break;
            }
            if ind == dash_col {
                if let Some(mut s) = current.take() {
                    s.end = i;
                    layout.items.push(s);
                }
                let after = &line[ind + 1..];
                let key_col = if after.trim().is_empty() {
                    // `-` alone: the keys start on the next line.
                    lines[i + 1..]
                        .iter()
                        .find(|l| !is_blank_or_comment(l))
                        .map_or(ind + 2, |l| indent(l))
                } else {
                    ind + 1 + indent(after)
                };
                current = Some(Span {
                    start: i,
                    end: lines.len(),
                    key_col,
                });
            }
        }
        if let Some(mut s) = current.take() {
            s.end = end;
            layout.items.push(s);
        }
        layout.lines = lines;
        layout
    }

    /// 1-based line of a top-level key.
    pub(super) fn top_key_line(&self, key: &str) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| key_at(l, 0, key).is_some())
            .map(|i| i + 1)
    }

    /// The `k`th item (0-based). When the text's layout is not the plain block style, the item
    /// is found by its name in the text instead.
    pub(super) fn item<'a>(&'a self, k: usize, name: Option<&str>) -> ItemSpan<'a> {
        if let Some(span) = self.items.get(k).copied() {
            return ItemSpan {
                layout: self,
                span: Some(span),
                first_line: span.start + 1,
            };
        }
        let fallback = self.webhooks_line.unwrap_or(1);
        let by_name = name.and_then(|n| {
            let start = fallback.saturating_sub(1);
            self.lines
                .iter()
                .enumerate()
                .skip(start)
                .find(|(_, l)| l.contains(n))
                .map(|(i, _)| i + 1)
        });
        ItemSpan {
            layout: self,
            span: None,
            first_line: by_name.unwrap_or(fallback),
        }
    }
}

impl ItemSpan<'_> {
    /// 1-based line of a field of this item.
    pub(super) fn line_of(&self, field: &str) -> Option<usize> {
        let span = self.span?;
        (span.start..span.end)
            .find(|&i| key_at(&self.layout.lines[i], span.key_col, field).is_some())
            .map(|i| i + 1)
    }

    /// Whether the field's value is a block scalar (`|` or `>`) starting on the next line.
    pub(super) fn is_block_scalar(&self, field: &str) -> bool {
        let Some(line) = self.line_of(field) else {
            return false;
        };
        let span = self.span.expect("line_of found it in the span");
        key_at(&self.layout.lines[line - 1], span.key_col, field)
            .is_some_and(|rest| rest.starts_with('|') || rest.starts_with('>'))
    }
}

/// If `line` has the key `key` at column `col` (possibly after the item's dash), what follows
/// the colon, trimmed.
fn key_at<'a>(line: &'a str, col: usize, key: &str) -> Option<&'a str> {
    if line.len() < col || !line.is_char_boundary(col) {
        return None;
    }
    let (head, rest) = line.split_at(col);
    // Before the key: only spaces, or the item's dash.
    if !head.chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        if let Some(after) = rest.strip_prefix(quoted.as_str()) {
            let after = after.trim_start_matches(' ');
            if let Some(value) = after.strip_prefix(':')
                && (value.is_empty() || value.starts_with([' ', '\t']))
            {
                return Some(value.trim());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
# comment
webhooks:
  - name: a
    preset: p
    body: |
      {}

  -
    name: \"b\"
    'event': update_user
other: 1
";

    #[test]
    fn block_items_and_their_fields_are_found_by_line() {
        let layout = Layout::of(TEXT);
        assert_eq!(layout.webhooks_line, Some(2));
        assert_eq!(layout.top_key_line("other"), Some(11));
        let first = layout.item(0, None);
        assert_eq!(first.first_line, 3);
        assert_eq!(first.line_of("name"), Some(3));
        assert_eq!(first.line_of("body"), Some(5));
        assert!(first.is_block_scalar("body"));
        assert!(!first.is_block_scalar("preset"));
        assert_eq!(first.line_of("event"), None);
        // A dash alone on its line: the keys start on the next one, quoted or not.
        let second = layout.item(1, None);
        assert_eq!(second.first_line, 8);
        assert_eq!(second.line_of("name"), Some(9));
        assert_eq!(second.line_of("event"), Some(10));
        // `other:` ends the list: it is no field of the last item.
        assert_eq!(second.line_of("other"), None);
    }

    #[test]
    fn flow_items_fall_back_on_their_name() {
        let layout = Layout::of("webhooks: [{name: x}, {name: yz}]\n");
        let item = layout.item(1, Some("yz"));
        assert_eq!(item.first_line, 1);
        assert_eq!(item.line_of("name"), None);
        let layout = Layout::of("a: 1\nwebhooks:\n  [{name: x},\n   {name: yz}]\n");
        assert_eq!(layout.item(1, Some("yz")).first_line, 4);
        assert_eq!(layout.item(5, None).first_line, 2);
    }
}
