//! `test [PATH...] [--update]`: render every sample of every preset and compare the bodies with
//! the expected ones stored beside the preset, for CI. The layout of the expected files is in
//! presets/README.md ("Expected bodies").

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::Value;

use crate::body;
use crate::cli::TestArgs;
use crate::error::CliError;
use crate::output::{Output, Tabular, new_table, no_wrap};
use crate::preset::{BUNDLED_FILES, Origin, Preset, Registry, Sample, batch, event_name};
use crate::template::{Engine, Undefined};

/// Lines of unchanged text shown around each change of a diff.
const CONTEXT: usize = 3;

/// What happened to one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    /// The rendered bodies are the expected ones.
    Pass,
    /// They differ.
    Fail,
    /// No expected file yet.
    Missing,
    /// The preset or the sample could not be rendered.
    Error,
    /// `--update` wrote the expected file.
    Updated,
}

impl Status {
    fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "FAIL",
            Status::Missing => "missing",
            Status::Error => "error",
            Status::Updated => "updated",
        }
    }
}

/// One sample's result (`-o json` prints a list of these).
#[derive(Debug, Serialize)]
struct Outcome {
    preset: String,
    sample: String,
    status: Status,
    /// The expected file, as a path for files on disk or `presets/...` for bundled ones.
    expected: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    /// Unified diff, expected (-) against rendered (+).
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
}

/// Where a preset's expected bodies are kept.
enum Store {
    /// `<folder of the YAML>/expected/<id>/`, on disk.
    Dir(PathBuf),
    /// `<vendor>/expected/<id>/` inside the binary (read-only).
    Bundled(String),
}

impl Store {
    fn of(p: &Preset) -> Store {
        match &p.origin {
            Origin::File(yaml) => Store::Dir(
                yaml.parent()
                    .unwrap_or(Path::new("."))
                    .join("expected")
                    .join(&p.id),
            ),
            Origin::Bundled => {
                let suffix = format!("{}.yaml", p.id);
                let dir = BUNDLED_FILES
                    .iter()
                    .find(|(rel, _)| rel.rsplit('/').next() == Some(suffix.as_str()))
                    .and_then(|(rel, _)| rel.rsplit_once('/').map(|(d, _)| format!("{d}/")))
                    .unwrap_or_default();
                Store::Bundled(format!("{dir}expected/{}/", p.id))
            }
        }
    }

    /// The expected file of a sample, for messages.
    fn shown(&self, sample: &str) -> String {
        match self {
            Store::Dir(d) => d.join(format!("{sample}.json")).display().to_string(),
            Store::Bundled(d) => format!("presets/{d}{sample}.json"),
        }
    }

    /// The stored text, None when there is none yet.
    fn read(&self, sample: &str) -> Result<Option<String>> {
        match self {
            Store::Dir(d) => {
                let path = d.join(format!("{sample}.json"));
                match std::fs::read_to_string(&path) {
                    Ok(t) => Ok(Some(t)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
                }
            }
            Store::Bundled(d) => {
                let rel = format!("{d}{sample}.json");
                Ok(BUNDLED_FILES
                    .iter()
                    .find(|(p, _)| *p == rel)
                    .map(|(_, t)| (*t).to_string()))
            }
        }
    }

    /// Writes the expected file whole: a temporary file renamed over it, so that an
    /// interrupted run leaves the old file or the new one, never half of one.
    fn write(&self, sample: &str, text: &str) -> Result<()> {
        let Store::Dir(d) = self else {
            return Err(CliError::failed("bundled presets are read-only").into());
        };
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
        let path = d.join(format!("{sample}.json"));
        let tmp = d.join(format!(".{sample}.json.tmp"));
        std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;
        Ok(())
    }
}

pub(super) fn run(args: TestArgs, reg: &Registry, out: &Output) -> Result<()> {
    let mut outcomes = Vec::new();
    // Every PATH is read before anything is rendered or written: a bad one fails the run
    // with nothing written.
    let mut groups: Vec<(Option<&Path>, Vec<Preset>)> = Vec::new();
    if args.paths.is_empty() {
        groups.push((None, reg.all()?));
    }
    for path in &args.paths {
        let files = crate::preset::load_path(path)?;
        if files.is_empty() {
            return Err(CliError::failed(format!(
                "{}: no presets (*.yaml) in this folder or its subfolders",
                path.display()
            ))
            .into());
        }
        let mut presets = Vec::new();
        for (f, preset) in files {
            match preset {
                Ok(p) => presets.push(p),
                Err(e) => outcomes.push(Outcome {
                    preset: stem(&f),
                    sample: String::new(),
                    status: Status::Error,
                    expected: String::new(),
                    message: Some(format!("{e:#}")),
                    diff: None,
                }),
            }
        }
        groups.push((Some(path), presets));
    }

    let mut bundled_skipped = false;
    let mut empty_folders = Vec::new();
    for (path, presets) in &groups {
        let first = outcomes.len();
        for p in presets {
            let update = args.update && matches!(p.origin, Origin::File(_));
            bundled_skipped |= args.update && !update;
            test_preset(reg, p, update, &mut outcomes);
        }
        let mine = &outcomes[first..];
        if let Some(path) = path
            && !mine.is_empty()
            && mine.iter().all(|o| o.status == Status::Missing)
        {
            empty_folders.push(path.display().to_string());
        }
    }

    let failed = outcomes
        .iter()
        .filter(|o| matches!(o.status, Status::Fail | Status::Missing | Status::Error))
        .count();
    let updated = outcomes
        .iter()
        .filter(|o| o.status == Status::Updated)
        .count();
    let presets: usize = groups.iter().map(|(_, p)| p.len()).sum();

    if out.format_explicit || failed > 0 || updated > 0 || out.is_table() {
        out.data(&outcomes)?;
    }
    for o in &outcomes {
        match o.status {
            Status::Fail => {
                out.error(
                    &format!(
                        "preset {} sample {}: the body differs from {}",
                        o.preset, o.sample, o.expected
                    ),
                    None,
                );
                if let Some(d) = &o.diff {
                    crate::output::eprint_line(&colour_diff(d, out.color));
                }
            }
            Status::Error => {
                let at = if o.sample.is_empty() {
                    o.preset.clone()
                } else {
                    format!("preset {} sample {}", o.preset, o.sample)
                };
                out.error(
                    &format!("{at}: {}", o.message.as_deref().unwrap_or_default()),
                    None,
                );
            }
            _ => {}
        }
    }
    if bundled_skipped {
        out.note(
            "bundled presets are built in and were only compared: to update theirs, give the \
             presets/ folder of a checkout as PATH",
        );
    }
    if !empty_folders.is_empty() {
        let folders = empty_folders.join(" ");
        return Err(CliError::failed(format!(
            "{folders}: no expected bodies yet (expected/<preset>/<sample>.json beside each preset)"
        ))
        .with_hint(format!(
            "run `oomhook test {folders} --update` to write them from the current templates, then review and commit them"
        ))
        .into());
    }
    let missing = outcomes
        .iter()
        .filter(|o| o.status == Status::Missing)
        .count();
    if failed > 0 {
        let mut err = CliError::failed(format!(
            "{failed} of {} samples failed ({presets} presets)",
            outcomes.len()
        ));
        if missing > 0 {
            err = err.with_hint(format!(
                "{missing} sample(s) have no expected bodies: `oomhook test PATH --update` writes them"
            ));
        } else if outcomes.iter().any(|o| o.status == Status::Fail) {
            err = err.with_hint(
                "if the change is intended, `oomhook test PATH --update` rewrites the expected bodies",
            );
        }
        return Err(err.into());
    }
    if updated > 0 {
        out.success(&format!(
            "{updated} expected file(s) written, {} samples of {presets} presets checked",
            outcomes.len()
        ));
    } else {
        out.success(&format!(
            "{} samples of {presets} presets: every body as expected",
            outcomes.len()
        ));
    }
    Ok(())
}

/// Renders every sample of one preset and compares (or, with `update`, writes).
fn test_preset(reg: &Registry, p: &Preset, update: bool, outcomes: &mut Vec<Outcome>) {
    let store = Store::of(p);
    let engine = Engine::new(&format!("body of {}", p.id), &p.body, Undefined::Strict);
    for s in &p.samples {
        let expected = store.shown(&s.name);
        let mut outcome = Outcome {
            preset: p.id.clone(),
            sample: s.name.clone(),
            status: Status::Error,
            expected,
            message: None,
            diff: None,
        };
        if let Err(m) = check_name(&s.name) {
            outcome.message = Some(m);
            outcomes.push(outcome);
            continue;
        }
        let engine = match &engine {
            Ok(e) => e,
            Err(e) => {
                outcome.message = Some(e.to_string());
                outcomes.push(outcome);
                continue;
            }
        };
        let bodies = reg
            .sample(p, Some(&s.name))
            .map_err(|e| format!("{e:#}"))
            .and_then(|sample| render_bodies(engine, p, &sample));
        let bodies = match bodies {
            Ok(b) => b,
            Err(m) => {
                outcome.message = Some(m);
                outcomes.push(outcome);
                continue;
            }
        };
        let rendered = expected_text(&bodies);
        let stored = match store.read(&s.name) {
            Ok(t) => t,
            Err(e) => {
                outcome.message = Some(format!("{e:#}"));
                outcomes.push(outcome);
                continue;
            }
        };
        let matches = match &stored {
            None => None,
            Some(text) => match parse_expected(text, &outcome.expected) {
                Ok(v) => Some(v == bodies),
                // A file that is not a list of bodies is rewritten by --update, else reported.
                Err(m) if !update => {
                    outcome.message = Some(m);
                    outcomes.push(outcome);
                    continue;
                }
                Err(_) => Some(false),
            },
        };
        outcome.status = match (matches, update) {
            (Some(true), _) => Status::Pass,
            (_, true) => match store.write(&s.name, &rendered) {
                Ok(()) => Status::Updated,
                Err(e) => {
                    outcome.message = Some(format!("{e:#}"));
                    Status::Error
                }
            },
            (None, false) => {
                outcome.message = Some("no expected bodies yet".into());
                Status::Missing
            }
            (Some(false), false) => {
                let old = stored.as_deref().unwrap_or_default();
                // Compared as JSON values, shown as the text --update would write.
                let old = parse_expected(old, "")
                    .map(|v| expected_text(&v))
                    .unwrap_or_else(|_| old.to_string());
                outcome.diff = Some(unified_diff(
                    &old,
                    &rendered,
                    &outcome.expected,
                    &format!("{} sample {} (rendered)", p.id, s.name),
                ));
                Status::Fail
            }
        };
        outcomes.push(outcome);
    }
}

/// The bodies a sample renders to, one per item, as a delivery would send them.
///
/// Today a delivery renders its payload once, so the list holds one body. This is the one place
/// `test` renders: when presets batch (`items`), it switches over to the per-item render and the
/// expected files (a list already) keep their format.
fn render_bodies(engine: &Engine, p: &Preset, sample: &Sample) -> Result<Vec<Value>, String> {
    let payload =
        body::parse_payload_value(&sample.text, &sample.path).map_err(|e| e.message.clone())?;
    // One body per item `serve` would render: a batch sample has several.
    let items = batch::handled_contexts(p, &payload, &sample.headers, Some(event_name(p.event)))?;
    let mut bodies = Vec::with_capacity(items.len());
    for (index, ctx) in items {
        let at = |e: String| match index {
            Some(i) => format!("item {i}: {e}"),
            None => e,
        };
        let text = engine.render(&ctx).map_err(|e| at(e.to_string()))?;
        let checked = body::check(&text, &p.sync_keys);
        if let Some(err) = checked.error {
            return Err(at(err));
        }
        bodies.extend(checked.fields.map(Value::Object));
    }
    Ok(bodies)
}

/// The expected file's text: a JSON array of the bodies, two-space indented, one key a line,
/// keys in the order the template writes them (so that `git diff` shows field changes).
fn expected_text(bodies: &[Value]) -> String {
    let mut s = serde_json::to_string_pretty(bodies).unwrap_or_default();
    s.push('\n');
    s
}

/// An expected file: a JSON array of bodies (objects).
fn parse_expected(text: &str, shown: &str) -> Result<Vec<Value>, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "{shown}:{}:{}: not valid JSON: {}",
            e.line(),
            e.column(),
            e.to_string().split(" at line ").next().unwrap_or_default()
        )
    })?;
    match v {
        Value::Array(items) if items.iter().all(Value::is_object) => Ok(items),
        _ => Err(format!(
            "{shown}: expected a JSON array of bodies (one object per item)"
        )),
    }
}

/// A sample name becomes a file name: keep it to one plain path segment.
fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "sample name {name:?} cannot name its expected file: use letters, digits, - _ and ."
        ))
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A unified diff of two texts by lines (longest common subsequence; bodies are small).
fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The edit script: (' ' | '-' | '+', line).
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut k = 0;
    while k < changed.len() {
        // A hunk: changes closer than twice the context are shown together.
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= end + 2 * CONTEXT + 1 {
            k += 1;
            end = changed[k];
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let (old_start, new_start) = ops[..start].iter().fold((1, 1), |(o, n), (c, _)| match c {
            '-' => (o + 1, n),
            '+' => (o, n + 1),
            _ => (o + 1, n + 1),
        });
        let old_len = ops[start..end].iter().filter(|(c, _)| *c != '+').count();
        let new_len = ops[start..end].iter().filter(|(c, _)| *c != '-').count();
        out.push_str(&format!(
            "@@ -{old_start},{old_len} +{new_start},{new_len} @@\n"
        ));
        for (c, line) in &ops[start..end] {
            out.push(*c);
            out.push_str(line);
            out.push('\n');
        }
        k += 1;
    }
    out.trim_end().to_string()
}

/// Red removed lines and green added ones, when colour is on.
fn colour_diff(diff: &str, colour: bool) -> String {
    if !colour {
        return diff.to_string();
    }
    diff.lines()
        .map(|l| {
            if l.starts_with("---") || l.starts_with("+++") {
                console::style(l).bold().to_string()
            } else if l.starts_with('-') {
                console::style(l).red().to_string()
            } else if l.starts_with('+') {
                console::style(l).green().to_string()
            } else if l.starts_with("@@") {
                console::style(l).cyan().to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Tabular for Vec<Outcome> {
    fn table(&self) -> comfy_table::Table {
        // The expected file's path is in `-o json`; the preset and sample name it.
        let mut t = new_table(["PRESET", "SAMPLE", "RESULT"]);
        no_wrap(&mut t, 0);
        no_wrap(&mut t, 1);
        for o in self {
            t.add_row([
                o.preset.clone(),
                o.sample.clone(),
                o.status.label().to_string(),
            ]);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_the_changed_line_with_context() {
        let old = "[\n  {\n    \"a\": 1,\n    \"b\": 2\n  }\n]\n";
        let new = "[\n  {\n    \"a\": 1,\n    \"b\": 3\n  }\n]\n";
        let d = unified_diff(old, new, "x", "y");
        assert!(d.starts_with("--- x\n+++ y\n@@ -1,6 +1,6 @@\n"), "{d}");
        assert!(d.contains("\n-    \"b\": 2\n+    \"b\": 3\n"), "{d}");
    }

    #[test]
    fn diff_of_far_apart_changes_has_two_hunks() {
        let line = |i: usize| match i {
            2 => "two\n".to_string(),
            27 => "twenty-seven\n".to_string(),
            i => format!("line {i}\n"),
        };
        let old: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let new: String = (0..30).map(line).collect();
        let d = unified_diff(&old, &new, "x", "y");
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert!(d.contains("-line 27\n+twenty-seven"), "{d}");
    }

    #[test]
    fn expected_files_must_be_lists_of_bodies() {
        assert!(parse_expected("[{\"a\": 1}]", "f").is_ok());
        assert!(
            parse_expected("{\"a\": 1}", "f")
                .unwrap_err()
                .contains("JSON array")
        );
        assert!(parse_expected("[1]", "f").is_err());
        assert!(parse_expected("[", "f").unwrap_err().starts_with("f:1:"));
    }

    #[test]
    fn sample_names_stay_in_their_folder() {
        assert!(check_name("user-created").is_ok());
        assert!(check_name("../x").is_err());
        assert!(check_name("a/b").is_err());
        assert!(check_name("").is_err());
    }
}
