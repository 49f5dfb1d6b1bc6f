//! Finding presets: the bundled ones (embedded at build time) and a user folder.
//!
//! Lookups by id are lazy: `preview PRESET` parses one YAML file, not all of them, so the
//! offline path stays as fast as `--version`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{Origin, Preset};
use crate::error::CliError;

include!(concat!(env!("OUT_DIR"), "/bundled_presets.rs"));

/// A sample payload, read.
#[derive(Debug, Clone)]
pub struct Sample {
    pub name: String,
    /// The payload text exactly as stored.
    pub text: String,
    pub headers: BTreeMap<String, String>,
    /// Where it was read from, for messages.
    pub path: String,
}

/// Bundled presets plus an optional user folder (which wins on equal ids).
#[derive(Debug, Clone, Default)]
pub struct Registry {
    user_dir: Option<PathBuf>,
}

impl Registry {
    /// A registry reading `user_dir` (when it exists) on top of the bundled presets.
    pub fn new(user_dir: Option<PathBuf>) -> Self {
        Self { user_dir }
    }

    /// `<config dir>/oomhook/presets`.
    pub fn default_user_dir() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("oomhook").join("presets"))
    }

    /// The user folder in use, if any.
    pub fn user_dir(&self) -> Option<&Path> {
        self.user_dir.as_deref()
    }

    /// One preset by id.
    pub fn get(&self, id: &str) -> Result<Preset> {
        if let Some(path) = self.user_file(id) {
            return load_file(&path);
        }
        if let Some((rel, text)) = bundled_yaml().find(|(rel, _)| stem(rel) == id) {
            return parse(text, Origin::Bundled, rel);
        }
        let ids = self.ids().unwrap_or_default();
        let mut err = CliError::failed(format!("unknown preset {id:?}"));
        err = match closest(id, &ids) {
            Some(s) => err.with_hint(format!(
                "did you mean {s:?}? (`oomhook presets list` lists them)"
            )),
            None => err.with_hint("`oomhook presets list` lists the presets"),
        };
        Err(err.into())
    }

    /// Every preset id, sorted.
    pub fn ids(&self) -> Result<Vec<String>> {
        let mut ids: BTreeSet<String> = bundled_yaml()
            .map(|(rel, _)| stem(rel).to_string())
            .collect();
        for path in self.user_files()? {
            ids.insert(stem(&path.to_string_lossy()).to_string());
        }
        Ok(ids.into_iter().collect())
    }

    /// Every preset, user ones overriding bundled ones with the same id, sorted by id.
    pub fn all(&self) -> Result<Vec<Preset>> {
        let mut by_id = BTreeMap::new();
        for (rel, text) in bundled_yaml() {
            let p = parse(text, Origin::Bundled, rel)?;
            by_id.insert(p.id.clone(), p);
        }
        for path in self.user_files()? {
            let p = load_file(&path)?;
            by_id.insert(p.id.clone(), p);
        }
        Ok(by_id.into_values().collect())
    }

    /// A sample of a preset by name (the first when `name` is None).
    pub fn sample(&self, preset: &Preset, name: Option<&str>) -> Result<Sample> {
        let sref = match name {
            None => preset
                .samples
                .first()
                .ok_or_else(|| CliError::failed(format!("preset {} has no samples", preset.id)))?,
            Some(n) => preset.samples.iter().find(|s| s.name == n).ok_or_else(|| {
                let names: Vec<_> = preset.samples.iter().map(|s| s.name.as_str()).collect();
                CliError::usage(format!(
                    "preset {} has no sample {n:?} (it has: {})",
                    preset.id,
                    names.join(", ")
                ))
            })?,
        };
        let (text, path) = match &preset.origin {
            Origin::Bundled => {
                let dir = bundled_dir_of(preset);
                let rel = normalize(&format!("{dir}{}", sref.file));
                let text = BUNDLED
                    .iter()
                    .find(|(p, _)| *p == rel)
                    .map(|(_, t)| (*t).to_string())
                    .ok_or_else(|| {
                        CliError::failed(format!("bundled sample presets/{rel} is missing"))
                    })?;
                (text, format!("presets/{rel}"))
            }
            Origin::File(yaml) => {
                let path = yaml.parent().unwrap_or(Path::new(".")).join(&sref.file);
                let text = std::fs::read_to_string(&path).with_context(|| {
                    format!("reading sample {} of preset {}", path.display(), preset.id)
                })?;
                (text, path.display().to_string())
            }
        };
        Ok(Sample {
            name: sref.name.clone(),
            text,
            headers: sref.headers.clone(),
            path,
        })
    }

    fn user_file(&self, id: &str) -> Option<PathBuf> {
        let dir = self.user_dir.as_ref()?;
        let direct = dir.join(format!("{id}.yaml"));
        if direct.is_file() {
            return Some(direct);
        }
        let entries = std::fs::read_dir(dir).ok()?;
        entries
            .filter_map(Result::ok)
            .map(|e| e.path().join(format!("{id}.yaml")))
            .find(|p| p.is_file())
    }

    fn user_files(&self) -> Result<Vec<PathBuf>> {
        let Some(dir) = &self.user_dir else {
            return Ok(Vec::new());
        };
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        yaml_files_in(dir)
    }
}

/// The YAML files in a folder and its direct subfolders, sorted.
pub(super) fn yaml_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let read = |d: &Path| {
        std::fs::read_dir(d).with_context(|| format!("reading presets folder {}", d.display()))
    };
    for entry in read(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            for sub in read(&path)? {
                let p = sub?.path();
                if is_yaml(&p) {
                    out.push(p);
                }
            }
        } else if is_yaml(&path) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn is_yaml(p: &Path) -> bool {
    p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

/// The presets a PATH names (a preset file, or every `*.yaml` under a folder), each read on
/// its own so that one that fails is reported beside the others; an error when the PATH is
/// neither a file nor a folder.
pub fn load_path(path: &Path) -> Result<Vec<(PathBuf, Result<Preset>)>> {
    let files = if path.is_dir() {
        yaml_files_in(path)?
    } else if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        return Err(
            CliError::failed(format!("{}: no such file or folder", path.display()))
                .with_hint("give a presets folder or a preset file, or no PATH for the bundled presets and yours")
                .into(),
        );
    };
    Ok(files
        .into_iter()
        .map(|f| {
            let preset = load_file(&f);
            (f, preset)
        })
        .collect())
}

/// Reads and parses a preset file.
pub fn load_file(path: &Path) -> Result<Preset> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading preset {}", path.display()))?;
    parse(
        &text,
        Origin::File(path.to_path_buf()),
        &path.display().to_string(),
    )
}

/// Parses preset YAML; errors carry `path:line:column`.
pub(crate) fn parse(text: &str, origin: Origin, rel: &str) -> Result<Preset> {
    let shown = origin.describe(rel);
    let mut p: Preset = serde_yaml_ng::from_str(text).map_err(|e| {
        let loc = e
            .location()
            .map(|l| format!(":{}:{}", l.line(), l.column()))
            .unwrap_or_default();
        // serde_yaml_ng appends " at line L column C" to some messages; the location is in front.
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        CliError::failed(format!("{shown}{loc}: {msg}"))
    })?;
    p.origin = origin;
    let file_stem = stem(rel);
    if p.id != file_stem {
        return Err(CliError::failed(format!(
            "{shown}: id {:?} does not match the file name {file_stem:?}",
            p.id
        ))
        .into());
    }
    Ok(p)
}

fn bundled_yaml() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUNDLED
        .iter()
        .copied()
        .filter(|(p, _)| p.ends_with(".yaml"))
}

/// `okta/` for a bundled preset stored at `okta/<id>.yaml`.
fn bundled_dir_of(preset: &Preset) -> String {
    bundled_yaml()
        .find(|(rel, _)| stem(rel) == preset.id)
        .and_then(|(rel, _)| rel.rsplit_once('/').map(|(d, _)| format!("{d}/")))
        .unwrap_or_default()
}

fn stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

/// Resolves `.` and `..` in a relative path.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The closest id by edit distance, when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(wanted: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= 3.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_preset_parses_and_has_its_samples() {
        let reg = Registry::new(None);
        let all = reg.all().unwrap();
        assert!(!all.is_empty());
        for p in &all {
            for s in &p.samples {
                let sample = reg.sample(p, Some(&s.name)).unwrap();
                serde_json::from_str::<serde_json::Value>(&sample.text).unwrap();
            }
        }
    }

    #[test]
    fn typo_suggests_the_closest_id() {
        let ids = vec![
            "okta-user-deactivated".to_string(),
            "zoom-user-created".to_string(),
        ];
        assert_eq!(
            closest("okta-user-deactivate", &ids),
            Some("okta-user-deactivated")
        );
        assert_eq!(closest("nothing-like-it-at-all", &ids), None);
    }

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(
            normalize("okta/./samples/../samples/a.json"),
            "okta/samples/a.json"
        );
    }
}
