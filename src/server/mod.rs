//! `oomhook serve`: the local Oomnitza-compatible server (docs/openapi.yaml).
//!
//! - `routes`: the router, auth and logging middleware; `api`: the management API's handlers
//!   under `/api/v3`; `http`: the HTTP helpers they and the pipeline share (JSON answers,
//!   bodies read within their limits, paging);
//! - `pipeline`: inbound deliveries at `/hooks/{token}`;
//! - `validate`: request bodies checked field by field;
//! - `store`: SQLite (one writer thread with group commit, a pool of readers, the schema);
//!   `webhooks`, `deliveries`, `records`: the rows;
//! - `config`: where the data lives and which API token is accepted;
//! - `error`: the error shape every non-2xx answer has;
//! - `bench` (cargo feature `bench`): the store's share of a delivery on its own, for
//!   `benches/store.rs`.
//!
//! Runs on a multi-thread tokio runtime built here; stops on Ctrl-C or SIGTERM after the
//! requests in flight are answered.

mod api;
#[cfg(feature = "bench")]
#[doc(hidden)]
pub mod bench;
mod config;
mod deliveries;
mod error;
mod http;
mod limits;
mod listen;
mod payloads;
mod pipeline;
mod records;
mod replay;
mod routes;
mod store;
mod stream;
mod validate;
mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::cli::ServeArgs;
use crate::error::CliError;
use crate::output::{Output, eprint_line};
use crate::preset::{Preset, Registry};
use config::TokenSource;
use store::{DbLocation, Store};

/// How long requests in flight may take to finish once a stop is asked for: a few seconds,
/// whatever is running (a render still busy then is abandoned with the process).
const GRACE: Duration = Duration::from_secs(3);
/// How long the runtime waits for its threads once the server has stopped; a render on the
/// render pool is not waited for.
const RUNTIME_STOP: Duration = Duration::from_millis(500);

/// What every handler shares.
pub(crate) struct AppState {
    store: Store,
    presets: Presets,
    hooks: pipeline::HookCache,
    /// SHA-256 of the API token (compared digest to digest).
    token_digest: [u8; 32],
    /// Base of webhook urls, without a trailing `/`.
    public_url: String,
    out: Output,
    /// Payloads kept per webhook (`serve --keep-deliveries`).
    keep_deliveries: u32,
    /// Rung after each delivery's commit, for `deliveries --follow`.
    bell: stream::Bell,
}

pub(crate) type App = Arc<AppState>;

/// Presets by id, each read once (a user folder's presets are read when first needed).
pub(crate) struct Presets {
    registry: Registry,
    cache: RwLock<HashMap<String, Arc<Preset>>>,
}

impl Presets {
    fn new(registry: Registry) -> Self {
        Self {
            registry,
            cache: RwLock::new(HashMap::new()),
        }
    }

    /// One preset; an unknown id is an error saying so (with a suggestion when one is close).
    pub(crate) fn get(&self, id: &str) -> anyhow::Result<Arc<Preset>> {
        if let Some(p) = self.cache.read().ok().and_then(|c| c.get(id).cloned()) {
            return Ok(p);
        }
        let preset = Arc::new(self.registry.get(id)?);
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(id.to_string(), preset.clone());
        }
        Ok(preset)
    }
}

/// Runs the server until Ctrl-C or SIGTERM.
pub fn run(args: ServeArgs, registry: Registry, out: &Output) -> anyhow::Result<()> {
    let db = config::db_location(args.db.as_deref())?;
    let (token, source) = config::resolve_token(args.token_file.as_deref(), &db)?;
    // Names stored under an older key rule get their keys again (`webhooks::rekey_names`).
    let store = Store::open(&db, webhooks::rekey_names)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("oomhook-serve")
        .build()?;
    let state = AppState {
        store: store.clone(),
        presets: Presets::new(registry),
        hooks: pipeline::HookCache::default(),
        token_digest: Sha256::digest(token.expose().as_bytes()).into(),
        public_url: String::new(),
        out: out.clone(),
        keep_deliveries: args.keep_deliveries,
        bell: stream::Bell::default(),
    };
    let result = runtime.block_on(serve(&args, state, &db, &token, &source));
    runtime.shutdown_timeout(RUNTIME_STOP);
    store.close();
    if result.is_ok() {
        out.note("oomhook serve: stopped");
    }
    result
}

async fn serve(
    args: &ServeArgs,
    mut state: AppState,
    db: &DbLocation,
    token: &crate::secrets::Secret,
    source: &TokenSource,
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .map_err(|e| CliError::failed(format!("cannot listen on {}: {e}", args.listen)))?;
    let addr = listener.local_addr()?;
    state.public_url = match &args.public_url {
        Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
            u.trim_end_matches('/').to_string()
        }
        Some(u) => {
            return Err(CliError::usage(format!(
                "--public-url must be an http:// or https:// URL, not {u:?}"
            ))
            .into());
        }
        None => format!("http://{addr}"),
    };
    let out = state.out.clone();
    let state_out = state.out.clone();

    eprint_line(&format!("oomhook serve: listening on http://{addr}"));
    out.note(&format!("oomhook serve: database {db}"));
    match source {
        TokenSource::Generated(kept) => {
            eprint_line(&format!(
                "oomhook serve: API token (send it as Authorization2): {}",
                token.expose()
            ));
            if let Some(path) = kept {
                out.note(&format!(
                    "oomhook serve: the token is kept in {}",
                    path.display()
                ));
            }
        }
        TokenSource::Kept(path) => {
            out.note(&format!("oomhook serve: API token from {}", path.display()))
        }
        TokenSource::File(path) => {
            out.note(&format!("oomhook serve: API token from {}", path.display()))
        }
        TokenSource::Env => {
            out.note(&format!(
                "oomhook serve: API token from {}",
                crate::env_vars::OOMHOOK_SERVE_TOKEN
            ));
        }
    }
    if state.public_url != format!("http://{addr}") {
        out.note(&format!(
            "oomhook serve: webhook urls start with {}",
            state.public_url
        ));
    }

    let app = routes::router(Arc::new(state));
    let signal = async move {
        stop_signal().await;
        out.note("oomhook serve: stopping (finishing the requests in flight)");
    };
    if !listen::serve(listener, app, signal, GRACE).await {
        state_out.warn(&format!(
            "requests still in flight after {} s; stopping anyway",
            GRACE.as_secs()
        ));
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// The fields `serve` refuses in a create request's body, as its API would answer (for the
/// property that the client's checks agree with `serve`'s, in `commands::add`).
#[cfg(test)]
pub(crate) fn refused_create_fields(body: &serde_json::Value) -> Vec<String> {
    static PRESETS: std::sync::LazyLock<Presets> =
        std::sync::LazyLock::new(|| Presets::new(Registry::new(None)));
    match validate::create(body, &PRESETS) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .field
            .into_iter()
            .chain(e.more.into_iter().filter_map(|i| i.field))
            .collect(),
    }
}
