//! Where `serve` keeps its data and which API token it accepts.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::store::DbLocation;
use crate::env_vars;
use crate::error::CliError;
use crate::secrets::Secret;

/// `--db`: a path, `:memory:`, or by default `<data dir>/oomhook/serve.db`.
pub(super) fn db_location(db: Option<&str>) -> anyhow::Result<DbLocation> {
    match db {
        Some(":memory:") => Ok(DbLocation::Memory),
        Some("") => Err(CliError::usage("--db is empty: give a file, or :memory:").into()),
        Some(path) => Ok(DbLocation::File(PathBuf::from(path))),
        None => {
            let dir = dirs::data_local_dir().ok_or_else(|| {
                CliError::usage("no data directory is known on this system: pass --db PATH")
            })?;
            Ok(DbLocation::File(dir.join("oomhook").join("serve.db")))
        }
    }
}

/// Where the API token came from.
pub(super) enum TokenSource {
    File(PathBuf),
    Env,
    /// Made now; kept in this file (`None` for an in-memory database).
    Generated(Option<PathBuf>),
    /// Made by an earlier run and kept beside the database.
    Kept(PathBuf),
}

/// The API token: `--token-file` (first line), else `OOMHOOK_SERVE_TOKEN`, else the token kept
/// beside the database (`<db>.token`, made and written 0600 on first use; fresh for `:memory:`).
pub(super) fn resolve_token(
    token_file: Option<&Path>,
    db: &DbLocation,
) -> anyhow::Result<(Secret, TokenSource)> {
    let (token, source) = resolve_token_inner(token_file, db)?;
    let n = token.expose().chars().count();
    if n < TOKEN_MIN {
        let from = match &source {
            TokenSource::Env => crate::env_vars::OOMHOOK_SERVE_TOKEN.to_string(),
            TokenSource::File(p) | TokenSource::Kept(p) => p.display().to_string(),
            TokenSource::Generated(_) => "the generated token".to_string(),
        };
        return Err(crate::error::CliError::usage(format!(
            "the API token from {from} has {n} characters: give at least {TOKEN_MIN}"
        ))
        .with_hint("leave it unset and `oomhook serve` generates a strong one")
        .into());
    }
    Ok((token, source))
}

/// The shortest API token `serve` accepts: the management API is reachable wherever the
/// webhook URLs are, so its token must not be guessable.
pub(super) const TOKEN_MIN: usize = 16;

fn resolve_token_inner(
    token_file: Option<&Path>,
    db: &DbLocation,
) -> anyhow::Result<(Secret, TokenSource)> {
    if let Some(path) = token_file {
        let token = crate::secrets::read_file(path, "API token")?;
        return Ok((token, TokenSource::File(path.to_path_buf())));
    }
    if let Ok(token) = std::env::var(env_vars::OOMHOOK_SERVE_TOKEN)
        && !token.trim().is_empty()
    {
        return Ok((Secret::new(token.trim()), TokenSource::Env));
    }
    let DbLocation::File(db) = db else {
        return Ok((new_token(), TokenSource::Generated(None)));
    };
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".token");
    let path = db.with_file_name(name);
    if path.exists() {
        let token = crate::secrets::read_file(&path, "API token")?;
        return Ok((token, TokenSource::Kept(path)));
    }
    let token = new_token();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts
        .open(&path)
        .with_context(|| format!("writing the API token to {}", path.display()))?;
    writeln!(file, "{}", token.expose())
        .with_context(|| format!("writing the API token to {}", path.display()))?;
    Ok((token, TokenSource::Generated(Some(path))))
}

fn new_token() -> Secret {
    crate::secrets::generate_header_secret()
}
