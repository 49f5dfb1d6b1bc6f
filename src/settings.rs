//! Resolved settings: defaults < config file < environment < flags, with the source of each
//! value kept so `config show` and `whoami` can say where it came from.
//!
//! The config file is TOML:
//! ```toml
//! profile = "prod"                 # the default profile (else "default")
//! [profiles.prod]
//! url = "https://acme.oomnitza.com"
//! token_file = "/run/secrets/oomnitza-token"   # optional
//! ```
//! The token is looked up lazily (only commands that call the API need it): `OOMNITZA_TOKEN`,
//! then the profile's OS keyring entry (saved by `login`), then its token file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::cli::GlobalArgs;
use crate::env_vars;
use crate::error::CliError;
use crate::secrets::Secret;

/// Where the local server listens by default; also the default tenant URL.
pub(crate) const DEFAULT_URL: &str = "http://127.0.0.1:8080";
/// The profile used when none is named.
pub(crate) const DEFAULT_PROFILE: &str = "default";

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    Default,
    Flag(&'static str),
    Env(&'static str),
    ConfigFile(PathBuf),
    Keyring,
    TokenFile(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::Flag(name) => write!(f, "flag {name}"),
            Source::Env(name) => write!(f, "env {name}"),
            Source::ConfigFile(p) => write!(f, "config file {}", p.display()),
            Source::Keyring => f.write_str("OS keyring"),
            Source::TokenFile(p) => write!(f, "token file {}", p.display()),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Sourced<T> {
    fn new(value: T, source: Source) -> Self {
        Self { value, source }
    }
}

/// The config file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    /// The default profile.
    #[serde(default)]
    pub profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One profile of the config file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Profile {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub token_file: Option<PathBuf>,
}

/// Everything a command may need to reach the API.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub config_path: Sourced<PathBuf>,
    pub profile: Sourced<String>,
    pub url: Sourced<String>,
    /// The token file of the profile (whether or not it exists).
    pub token_file: Sourced<PathBuf>,
    pub no_input: bool,
}

impl Settings {
    /// Resolves settings from flags, the environment and the config file.
    pub(crate) fn resolve(global: &GlobalArgs) -> Result<Self> {
        Self::resolve_with(global, false)
    }

    /// [`Self::resolve`]; with `new_profile`, a profile the config file does not have yet is
    /// fine (`login` is what adds it).
    pub(crate) fn resolve_with(global: &GlobalArgs, new_profile: bool) -> Result<Self> {
        let config_path = match &global.config {
            Some(p)
                if std::env::var_os(env_vars::OOMHOOK_CONFIG)
                    .is_some_and(|v| Path::new(&v) == p) =>
            {
                Sourced::new(p.clone(), Source::Env(env_vars::OOMHOOK_CONFIG))
            }
            Some(p) => Sourced::new(p.clone(), Source::Flag("--config")),
            None => Sourced::new(default_config_path(), Source::Default),
        };
        let config = load_config(&config_path.value, config_path.source != Source::Default)?;
        let profile = match &global.profile {
            Some(p) if std::env::var(env_vars::OOMHOOK_PROFILE).is_ok_and(|v| v == *p) => {
                Sourced::new(p.clone(), Source::Env(env_vars::OOMHOOK_PROFILE))
            }
            Some(p) => Sourced::new(p.clone(), Source::Flag("--profile")),
            None => match &config.profile {
                Some(p) => Sourced::new(p.clone(), Source::ConfigFile(config_path.value.clone())),
                None => Sourced::new(DEFAULT_PROFILE.to_string(), Source::Default),
            },
        };
        let prof = config.profiles.get(&profile.value);
        if prof.is_none()
            && !new_profile
            && profile.source != Source::Default
            && profile.value != DEFAULT_PROFILE
        {
            let names: Vec<_> = config.profiles.keys().cloned().collect();
            return Err(CliError::usage(format!(
                "profile {:?} is not in {} (profiles there: {})",
                profile.value,
                config_path.value.display(),
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            ))
            .into());
        }
        // Set but empty is a mistake in a script, not a wish for the default server.
        if global.url.is_none()
            && std::env::var(env_vars::OOMNITZA_URL).is_ok_and(|v| v.trim().is_empty())
        {
            return Err(CliError::usage(format!(
                "{} is set but empty",
                env_vars::OOMNITZA_URL
            ))
            .with_hint(format!(
                "set it to the tenant root (e.g. https://acme.oomnitza.com), or unset it (`unset {}`) to use the profile's URL",
                env_vars::OOMNITZA_URL
            ))
            .into());
        }
        let url = if let Some(u) = &global.url {
            Sourced::new(u.clone(), Source::Flag("--url"))
        } else if let Some(u) = non_empty_env(env_vars::OOMNITZA_URL) {
            Sourced::new(u, Source::Env(env_vars::OOMNITZA_URL))
        } else if let Some(u) = prof.and_then(|p| p.url.clone()) {
            Sourced::new(u, Source::ConfigFile(config_path.value.clone()))
        } else {
            Sourced::new(DEFAULT_URL.to_string(), Source::Default)
        };
        let url = Sourced::new(
            normalize_url(&url.value).and_then(|u| tenant_root(&u, &url.source))?,
            url.source,
        );
        let token_file = match prof.and_then(|p| p.token_file.clone()) {
            Some(p) => Sourced::new(p, Source::ConfigFile(config_path.value.clone())),
            None => Sourced::new(default_token_file(&profile.value), Source::Default),
        };
        Ok(Self {
            config_path,
            profile,
            url,
            token_file,
            no_input: global.no_input,
        })
    }

    /// The API token: env, then keyring, then token file. Never from argv.
    pub(crate) fn token(&self) -> Result<Sourced<Secret>> {
        if let Some(t) = non_empty_env(env_vars::OOMNITZA_TOKEN) {
            return Ok(Sourced::new(
                Secret::new(t),
                Source::Env(env_vars::OOMNITZA_TOKEN),
            ));
        }
        if let Some(t) = crate::keystore::get(&self.profile.value) {
            return Ok(Sourced::new(t, Source::Keyring));
        }
        let file = &self.token_file.value;
        // A token file the profile names must be there: saying "no API token" would hide
        // which file was looked for.
        if let Source::ConfigFile(config) = &self.token_file.source
            && !file.is_file()
        {
            let why = if file.exists() {
                "is not a file"
            } else {
                "does not exist"
            };
            return Err(CliError::auth(format!(
                "the token file {} that profile {:?} names {why}",
                file.display(),
                self.profile.value
            ))
            .with_hint(format!(
                "fix token_file in {}, or run `oomhook login` (or set OOMNITZA_TOKEN)",
                config.display()
            ))
            .into());
        }
        if file.is_file() {
            let t = crate::secrets::read_file(file, "API token")?;
            return Ok(Sourced::new(
                t,
                Source::TokenFile(self.token_file.value.clone()),
            ));
        }
        Err(CliError::auth(format!(
            "no API token for profile {:?} ({})",
            self.profile.value, self.url.value
        ))
        .with_hint(format!(
            "run `oomhook login{}` (it keeps the URL too), or set OOMNITZA_TOKEN",
            if self.url.source == Source::Default {
                " --url URL"
            } else {
                ""
            }
        ))
        .into())
    }
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `<config dir>/oomhook/config.toml`.
pub(crate) fn default_config_path() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("oomhook")
        .join("config.toml")
}

/// `<config dir>/oomhook/tokens/<profile>`: where `login` writes when no keyring answers.
pub(crate) fn default_token_file(profile: &str) -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("oomhook")
        .join("tokens")
        .join(profile)
}

/// Reads the config file; a missing default file is an empty config, a missing named one an
/// error; parse errors carry `path:line:column`.
fn load_config(path: &Path, named: bool) -> Result<ConfigFile> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
            return Ok(ConfigFile::default());
        }
        Err(e) => return Err(e).with_context(|| format!("reading config file {}", path.display())),
    };
    toml::from_str(&text).map_err(|e| {
        let loc = e
            .span()
            .map(|s| {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                format!(":{line}:{col}")
            })
            .unwrap_or_default();
        CliError::failed(format!("{}{loc}: {}", path.display(), e.message())).into()
    })
}

/// Checks a tenant URL and drops a trailing slash.
pub(crate) fn normalize_url(url: &str) -> Result<String> {
    let u = url.trim().trim_end_matches('/');
    let ok =
        (u.starts_with("http://") || u.starts_with("https://")) && u.len() > "https://".len() - 1;
    if !ok {
        return Err(CliError::usage(format!("{url:?} is not an http(s) URL"))
            .with_hint("pass --url https://acme.oomnitza.com (or http://127.0.0.1:8080 for a local `oomhook serve`)")
            .into());
    }
    Ok(u.to_string())
}

/// Refuses a URL that points into the API (`https://acme.oomnitza.com/api/v3`): oomhook adds
/// `/api/v3/...` to the tenant root itself, so such a URL would ask for `/api/api/v3/...`
/// and get a bare 404. The message gives the root to use instead and where the URL came from.
fn tenant_root(url: &str, source: &Source) -> Result<String> {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return Ok(url.to_string());
    };
    let path = parsed.path().trim_end_matches('/');
    if path != "/api" && !path.starts_with("/api/") {
        return Ok(url.to_string());
    }
    let mut root = parsed.clone();
    root.set_path("");
    root.set_query(None);
    let root = root.as_str().trim_end_matches('/').to_string();
    let fix = match source {
        Source::Env(name) => format!("set {name}={root}"),
        Source::ConfigFile(p) => format!("set url = \"{root}\" in {}", p.display()),
        _ => format!("pass --url {root}"),
    };
    Err(CliError::usage(format!(
        "{url} (from {source}) points into the API; oomhook wants the tenant root, {root}"
    ))
    .with_hint(format!("{fix} (oomhook adds /api/v3/... itself)"))
    .into())
}

/// Keeps `url` as the URL of `profile` in the config file at `path`, creating the file, the
/// profile or the key as needed; the file's comments, layout and other settings stay.
pub(crate) fn save_profile_url(path: &Path, profile: &str, url: &str) -> Result<()> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading config file {}", path.display())),
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| CliError::failed(format!("{}: {e}", path.display())))?;
    let not_a_table = |what: &str| {
        CliError::failed(format!(
            "{}: {what} is not a [table], so the URL cannot be kept there",
            path.display()
        ))
        .with_hint(format!(
            "write it yourself: [profiles.{profile}] url = \"{url}\" (README: Configuration and profiles)"
        ))
    };
    let profiles = doc
        .entry("profiles")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| not_a_table("profiles"))?;
    let prof = profiles
        .entry(profile)
        .or_insert_with(toml_edit::table)
        .as_table_mut()
        .ok_or_else(|| not_a_table(&format!("profiles.{profile}")))?;
    prof.insert("url", toml_edit::value(url));
    write_private(path, &doc.to_string())
}

/// Writes a file readable by its owner only (0600 on Unix), creating its folder.
pub(crate) fn write_private(path: &Path, contents: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let tmp = path.with_extension("tmp");
    {
        use std::io::Write;
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts
            .open(&tmp)
            .with_context(|| format!("writing {}", tmp.display()))?;
        f.write_all(contents.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_into_the_api_names_the_root_and_how_to_give_it() {
        assert_eq!(
            tenant_root("https://acme.oomnitza.com", &Source::Default).unwrap(),
            "https://acme.oomnitza.com"
        );
        // A path that is not the API's is kept (a tenant behind a prefix).
        assert_eq!(
            tenant_root("https://proxy.example/oomnitza", &Source::Default).unwrap(),
            "https://proxy.example/oomnitza"
        );
        for url in [
            "https://acme.oomnitza.com/api",
            "https://acme.oomnitza.com/api/v3",
            "https://acme.oomnitza.com/api/v3/webhooks?x=1",
        ] {
            let e = tenant_root(url, &Source::Env(env_vars::OOMNITZA_URL)).unwrap_err();
            let c = e.downcast_ref::<CliError>().unwrap();
            assert_eq!(c.kind, crate::error::ExitKind::Usage);
            assert!(
                c.message.contains("https://acme.oomnitza.com"),
                "{}",
                c.message
            );
            assert_eq!(
                c.hint.as_deref(),
                Some(
                    "set OOMNITZA_URL=https://acme.oomnitza.com (oomhook adds /api/v3/... itself)"
                )
            );
        }
    }

    #[test]
    fn the_url_is_kept_in_the_profile_and_the_rest_of_the_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        save_profile_url(&path, "default", "http://127.0.0.1:8080").unwrap();
        let cfg: ConfigFile = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            cfg.profiles["default"].url.as_deref(),
            Some("http://127.0.0.1:8080")
        );
        std::fs::write(
            &path,
            "profile = \"prod\" # mine\n\n[profiles.prod]\nurl = \"https://old.example\"\ntoken_file = \"/run/t\"\n",
        )
        .unwrap();
        save_profile_url(&path, "prod", "https://acme.oomnitza.com").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("# mine"), "{text}");
        let cfg: ConfigFile = toml::from_str(&text).unwrap();
        assert_eq!(cfg.profile.as_deref(), Some("prod"));
        let prod = &cfg.profiles["prod"];
        assert_eq!(prod.url.as_deref(), Some("https://acme.oomnitza.com"));
        assert_eq!(prod.token_file.as_deref(), Some(Path::new("/run/t")));
        // A file that is not TOML is not overwritten.
        std::fs::write(&path, "profiles = [").unwrap();
        assert!(save_profile_url(&path, "prod", "https://x.example").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "profiles = [");
    }
}
