//! A line diff for webhook bodies, printed unified-style (`@@ -a,b +c,d @@`, then ` `, `-` and
//! `+` lines) with a few lines of context. Bodies are short, so a plain longest-common-
//! subsequence table is enough; past a size limit the diff degrades to "all removed, all added".

/// Lines of context around each change.
pub(crate) const CONTEXT: usize = 3;

/// Above this many table cells (old lines x new lines), no alignment is attempted.
const MAX_CELLS: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// The unified-style diff of two texts, one line per element (no trailing newlines). Empty when
/// the texts are equal. Texts that differ only in line endings or a final newline give one
/// explanatory line.
pub(crate) fn unified(old: &str, new: &str, context: usize) -> Vec<String> {
    if old == new {
        return Vec::new();
    }
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = align(&a, &b);
    let mut out = Vec::new();
    let (mut a_seen, mut b_seen, mut walked) = (0usize, 0usize, 0usize);
    for (start, end) in hunks(&ops, context) {
        // Lines of each side before the hunk.
        for op in &ops[walked..start] {
            a_seen += usize::from(!matches!(op, Op::Insert(_)));
            b_seen += usize::from(!matches!(op, Op::Delete(_)));
        }
        walked = start;
        let hunk = &ops[start..end];
        let na = hunk
            .iter()
            .filter(|op| !matches!(op, Op::Insert(_)))
            .count();
        let nb = hunk
            .iter()
            .filter(|op| !matches!(op, Op::Delete(_)))
            .count();
        // An empty side is positioned at the line before it (as `diff -u` does).
        let a_pos = if na == 0 { a_seen } else { a_seen + 1 };
        let b_pos = if nb == 0 { b_seen } else { b_seen + 1 };
        out.push(format!("@@ -{a_pos},{na} +{b_pos},{nb} @@"));
        for op in hunk {
            out.push(match *op {
                Op::Equal(i, _) => format!(" {}", a[i]),
                Op::Delete(i) => format!("-{}", a[i]),
                Op::Insert(j) => format!("+{}", b[j]),
            });
        }
    }
    if out.is_empty() {
        out.push("(only line endings or the final newline differ)".to_string());
    }
    out
}

/// Counts of removed and added lines.
pub(crate) fn stat(old: &str, new: &str) -> (usize, usize) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    align(&a, &b).iter().fold((0, 0), |(d, i), op| match op {
        Op::Delete(_) => (d + 1, i),
        Op::Insert(_) => (d, i + 1),
        Op::Equal(..) => (d, i),
    })
}

/// An edit script turning `a` into `b`, in order.
fn align(a: &[&str], b: &[&str]) -> Vec<Op> {
    // Common prefix and suffix first: most body edits touch a few lines in the middle.
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops: Vec<Op> = (0..pre).map(|i| Op::Equal(i, i)).collect();
    let (n, m) = (am.len(), bm.len());
    if n.saturating_mul(m) > MAX_CELLS {
        ops.extend((0..n).map(|i| Op::Delete(pre + i)));
        ops.extend((0..m).map(|j| Op::Insert(pre + j)));
    } else {
        // lcs[i][j]: length of the LCS of am[i..] and bm[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push(Op::Equal(pre + i, pre + j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                // Removed lines before added ones, as diff -u shows them.
                ops.push(Op::Delete(pre + i));
                i += 1;
            } else {
                ops.push(Op::Insert(pre + j));
                j += 1;
            }
        }
    }
    let (ea, eb) = (a.len() - suf, b.len() - suf);
    ops.extend((0..suf).map(|k| Op::Equal(ea + k, eb + k)));
    ops
}

/// Ranges of `ops` to print: each change with `context` equal lines around it, ranges that
/// touch merged.
fn hunks(ops: &[Op], context: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, op) in ops.iter().enumerate() {
        if matches!(op, Op::Equal(..)) {
            continue;
        }
        let start = k.saturating_sub(context);
        let end = (k + 1 + context).min(ops.len());
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert!(unified("a\nb\n", "a\nb\n", CONTEXT).is_empty());
        assert_eq!(stat("a\n", "a\n"), (0, 0));
    }

    #[test]
    fn changes_get_context_and_far_apart_changes_separate_hunks() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new = old
            .replacen("1\n2\n", "1\ntwo\n", 1)
            .replace("\n18\n", "\n18\neighteen and a half\n");
        let d = unified(&old, &new, 2);
        assert_eq!(
            d,
            [
                "@@ -1,4 +1,4 @@",
                " 1",
                "-2",
                "+two",
                " 3",
                " 4",
                "@@ -17,4 +17,5 @@",
                " 17",
                " 18",
                "+eighteen and a half",
                " 19",
                " 20",
            ]
        );
        assert_eq!(stat(&old, &new), (1, 2));
    }

    #[test]
    fn all_added_or_all_removed() {
        assert_eq!(
            unified("", "a\nb\n", CONTEXT),
            ["@@ -0,0 +1,2 @@", "+a", "+b"]
        );
        assert_eq!(unified("a\n", "", CONTEXT), ["@@ -1,1 +0,0 @@", "-a"]);
    }

    #[test]
    fn a_final_newline_alone_is_named() {
        assert_eq!(
            unified("a\n", "a", CONTEXT),
            ["(only line endings or the final newline differ)"]
        );
    }
}
