//! The HTTP client's transport: retries with backoff, timeouts, error mapping; the typed
//! calls of each endpoint, with paging, are in `client/endpoints.rs`.
//!
//! Retries: 429, 502, 503, 504 and connection failures, with exponential backoff (0.5 s
//! doubling, full jitter, as Oomnitza's own connector does), honouring `Retry-After`, for at most
//! [`RetryPolicy::max_total`] in all. A refused connection is the exception: on this machine
//! nothing listens at that address and no retry changes that, so it fails at once; elsewhere
//! it is tried again only for [`REFUSED_RETRY`] (a server restarting behind its address).
//! Every create carries an `Idempotency-Key`, so retrying it never makes a second webhook.
//!
//! A server that cannot be reached is one line naming its URL, where that URL came from and
//! what to check; the HTTP library's chain of causes is shown with `-v` only.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use futures::stream::{self, StreamExt, TryStreamExt};
use reqwest::{Method, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::model::{
    ErrorBody, LoggedDelivery, Webhook, WebhookCreate, WebhookPatch, name_key, paths,
};
use crate::env_vars;
use crate::error::CliError;
use crate::output::Output;
use crate::secrets::{Secret, redact_url_passwords};

// The endpoints, one method each, on top of the transport below.
mod endpoints;

/// How hard to retry.
#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    pub max_attempts: u32,
    pub base: Duration,
    pub max_delay: Duration,
    /// Cap on the total time spent waiting between attempts of one call.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            base: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_total: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Whether another attempt may follow attempt number `attempt` of a call that began at
    /// `started`, after waiting `wait`.
    fn allows(&self, attempt: u32, started: Instant, wait: Duration) -> bool {
        attempt < self.max_attempts && started.elapsed() + wait <= self.max_total
    }

    /// The defaults, with the total cap from `OOMHOOK_RETRY_MAX` (seconds, 0 for no retries).
    pub(crate) fn from_env() -> Result<Self> {
        let d = Self::default();
        Ok(Self {
            max_total: env_seconds(env_vars::OOMHOOK_RETRY_MAX, d.max_total, true)?,
            ..d
        })
    }
}

/// Seconds from an environment variable: unset or empty gives `default`; anything else must be
/// a finite number of seconds, above 0 (or 0 itself when `zero_ok`), else a usage error naming
/// the variable.
pub(crate) fn env_seconds(name: &str, default: Duration, zero_ok: bool) -> Result<Duration> {
    let Some(raw) = std::env::var(name).ok().filter(|v| !v.trim().is_empty()) else {
        return Ok(default);
    };
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0 || zero_ok && *s == 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            let least = if zero_ok { "0 or more" } else { "more than 0" };
            CliError::usage(format!(
                "{name}={raw:?} is not a number of seconds ({least}, such as 30)"
            ))
            .into()
        })
}

/// A client of one tenant's API.
#[derive(Clone)]
pub(crate) struct Client {
    http: reqwest::Client,
    base: String,
    /// The `Authorization2` value, marked sensitive.
    token: header::HeaderValue,
    retry: RetryPolicy,
    out: Output,
    /// Whether the user was told that a call is being retried (once per command is enough).
    retry_noted: Arc<AtomicBool>,
    /// Where the tenant URL came from ("flag --url", "default", ...), for the message of a
    /// server that cannot be reached.
    url_source: Option<String>,
}

/// Items per page when listing (the contract's maximum).
const PAGE: usize = 1000;

/// How long a refused connection to another machine is tried again.
pub(crate) const REFUSED_RETRY: Duration = Duration::from_secs(3);

impl Client {
    /// A client for `base` (the tenant root) with an API token.
    pub(crate) fn new(base: &str, token: Secret, out: &Output) -> Result<Self> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let timeout = env_seconds(env_vars::OOMHOOK_TIMEOUT, Duration::from_secs(30), false)?;
        let retry = RetryPolicy::from_env()?;
        // Whitespace around a token (a newline from a file or an echo) is never part of it.
        let mut token = header::HeaderValue::from_str(token.expose().trim()).map_err(|_| {
            CliError::auth(
                "the API token has characters an HTTP header cannot carry (a line break?)",
            )
            .with_hint("check OOMNITZA_TOKEN, or run `oomhook login` again")
        })?;
        token.set_sensitive(true);
        let http = reqwest::Client::builder()
            .user_agent(concat!("oomhook/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10).min(timeout))
            .timeout(timeout)
            .pool_max_idle_per_host(64)
            .redirect(same_origin_redirects())
            .build()?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_string(),
            token,
            retry,
            out: out.clone(),
            retry_noted: Arc::default(),
            url_source: None,
        })
    }

    /// Tells where the tenant URL came from (named when the server cannot be reached).
    #[must_use]
    pub(crate) fn with_url_source(mut self, source: impl ToString) -> Self {
        self.url_source = Some(source.to_string());
        self
    }

    /// What to check when the webhook list itself is not found: the URL is not a tenant root.
    fn no_api_hint(&self) -> String {
        let path = reqwest::Url::parse(&self.base)
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default();
        if path.is_empty() {
            format!(
                "{} has no webhook API: is it an Oomnitza tenant root (or `oomhook serve`)?",
                self.base
            )
        } else {
            format!(
                "{} has the path {path}: the URL is the tenant root, such as https://acme.oomnitza.com, without a path (oomhook adds /api/v3/... itself)",
                self.base
            )
        }
    }

    /// Whether the tenant lives on this machine (a refused connection there is final).
    fn is_loopback(&self) -> bool {
        reqwest::Url::parse(&self.base).is_ok_and(|u| {
            let host = u.host_str().unwrap_or_default();
            host.eq_ignore_ascii_case("localhost")
                || host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        })
    }

    /// A transport failure as one line naming the server and what to check; the HTTP
    /// library's chain of causes is the detail `-v` shows.
    fn transport_error(&self, e: &reqwest::Error) -> anyhow::Error {
        let why = if is_refused(e) {
            "connection refused (nothing is listening there)".to_string()
        } else if e.is_timeout() {
            "timed out waiting for an answer (OOMHOOK_TIMEOUT sets the limit in seconds)"
                .to_string()
        } else {
            root_cause(e)
        };
        let from = match self.url_source.as_deref() {
            Some("default") => format!(
                "{} is the default URL (no --url, OOMNITZA_URL or profile url is set)",
                self.base
            ),
            Some(src) => format!("the URL came from {src}"),
            None => "check the URL".to_string(),
        };
        let what = if self.is_loopback() {
            "is `oomhook serve` running there?"
        } else {
            "is it the tenant root (https://acme.oomnitza.com), and reachable from here?"
        };
        // A password in the URL (`http://user:pass@host`) is never shown.
        CliError::unreachable(redact_url_passwords(&format!(
            "could not reach the server at {}: {why}",
            self.base
        )))
        .with_hint(redact_url_passwords(&format!(
            "{from}; {what} Another server: pass --url or set OOMNITZA_URL (`oomhook login` keeps it in the profile)"
        )))
        .with_detail(redact_url_passwords(&transport_text(e)))
        .into()
    }

    /// A webhook whose `url` came relative (`/hooks/...`, off the API, which gives it whole)
    /// gets it taken against the server's address, so it can be pasted into a vendor and sent to.
    fn absolute_url(&self, mut w: Webhook) -> Webhook {
        if !w.url.is_empty()
            && reqwest::Url::parse(&w.url).is_err()
            && let Ok(url) =
                reqwest::Url::parse(&format!("{}/", self.base)).and_then(|base| base.join(&w.url))
        {
            w.url = url.into();
        }
        w
    }

    /// Sends a request, retrying what is safe to retry, and maps failures to CLI errors.
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&(dyn erased::Body + Sync)>,
        extra: &[(&str, String)],
    ) -> Result<reqwest::Response> {
        self.send_noting_loss(method, path, query, body, extra, &mut false)
            .await
    }

    /// [`Self::send`], telling in `answer_lost` whether an earlier attempt may have reached
    /// the server and only its answer was lost (so a refusal may answer that attempt's work).
    async fn send_noting_loss(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&(dyn erased::Body + Sync)>,
        extra: &[(&str, String)],
        answer_lost: &mut bool,
    ) -> Result<reqwest::Response> {
        let url = format!("{}{path}", self.base);
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut req = self
                .http
                .request(method.clone(), &url)
                .query(query)
                .header(paths::TOKEN_HEADER, self.token.clone())
                .header(header::ACCEPT, "application/json");
            for (k, v) in extra {
                req = req.header(*k, v);
            }
            if let Some(b) = body {
                req = req
                    .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                    .body(b.to_json()?);
            }
            self.out
                .debug(1, &format!("{method} {url} (attempt {attempt})"));
            let result = req.send().await;
            let mut refused = false;
            let (retry_after, why, brief) = match &result {
                Ok(resp) => {
                    let status = resp.status();
                    self.out.debug(1, &format!("{method} {url} -> {status}"));
                    if !matches!(status.as_u16(), 429 | 502 | 503 | 504) {
                        return match result {
                            Ok(resp) if status.is_success() => Ok(resp),
                            // The lost attempt deleted it: gone is what was asked.
                            Ok(resp)
                                if status == StatusCode::NOT_FOUND
                                    && method == Method::DELETE
                                    && *answer_lost =>
                            {
                                self.out.debug(
                                    1,
                                    "an earlier attempt deleted it (its answer was lost)",
                                );
                                Ok(resp)
                            }
                            Ok(resp)
                                if status == StatusCode::NOT_FOUND && path == paths::WEBHOOKS =>
                            {
                                Err(with_hint(
                                    api_error(resp, &method, path).await,
                                    &self.no_api_hint(),
                                ))
                            }
                            Ok(resp) => Err(api_error(resp, &method, path).await),
                            Err(_) => unreachable!(),
                        };
                    }
                    let ra = resp
                        .headers()
                        .get(header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<f64>().ok())
                        .filter(|s| s.is_finite())
                        .map(|s| Duration::from_secs_f64(s.clamp(0.0, 3600.0)));
                    let why = format!("the server answered {status}");
                    (ra, why.clone(), why)
                }
                Err(e) if is_retryable_transport(e) => {
                    *answer_lost |= !e.is_connect();
                    refused = is_refused(e);
                    let brief = if e.is_connect() {
                        "could not connect to the server"
                    } else if e.is_timeout() {
                        "the server did not answer in time"
                    } else {
                        "the connection to the server broke"
                    };
                    (None, transport_text(e), brief.to_string())
                }
                Err(e) => return Err(self.transport_error(e)),
            };
            let backoff = self.backoff(attempt);
            let wait = retry_after.unwrap_or(backoff);
            let spent = started.elapsed();
            let refused_for_good = refused
                && (self.is_loopback() || spent + wait > REFUSED_RETRY.min(self.retry.max_total));
            if refused_for_good || !self.retry.allows(attempt, started, wait) {
                self.out
                    .debug(1, &format!("giving up after {attempt} attempts ({why})"));
                return match result {
                    Ok(resp) => {
                        let e = api_error(resp, &method, path).await;
                        Err(
                            match retry_after.filter(|w| spent + *w > self.retry.max_total) {
                                Some(w) => with_hint(
                                    e,
                                    &format!(
                                        "the server asked to wait {:.0}s, past the {:.0}s retries may take: try again later, or raise OOMHOOK_RETRY_MAX",
                                        w.as_secs_f64(),
                                        self.retry.max_total.as_secs_f64()
                                    ),
                                ),
                                None => e,
                            },
                        )
                    }
                    Err(e) => Err(self.transport_error(&e)),
                };
            }
            self.out
                .debug(1, &format!("{why}; retrying in {:.1}s", wait.as_secs_f64()));
            if !self.retry_noted.swap(true, Ordering::Relaxed) {
                let note = if refused {
                    format!(
                        "{brief} (connection refused); retrying for up to {}s",
                        REFUSED_RETRY.min(self.retry.max_total).as_secs_f64()
                    )
                } else {
                    format!(
                        "{brief}; retrying for up to {}s (OOMHOOK_RETRY_MAX sets the limit)",
                        self.retry.max_total.as_secs_f64()
                    )
                };
                self.out.note(&note);
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Exponential backoff with full jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .retry
            .base
            .saturating_mul(1u32 << (attempt - 1).min(16));
        let cap = exp.min(self.retry.max_delay);
        cap.mul_f64(rand::random::<f64>().max(0.1))
    }

    /// A GET's JSON answer, and the `X-Total-Count` it carried. An answer that breaks off while
    /// it is read is asked for again, as a request that fails is: reading changes nothing.
    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        what: &str,
    ) -> Result<(T, Option<usize>)> {
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let resp = self.send(Method::GET, path, query, None, &[]).await?;
            let total = total_count(&resp);
            let encoding = content_encoding(&resp);
            match resp.bytes().await {
                Ok(bytes) => {
                    return serde_json::from_slice(&bytes)
                        .map(|v| (v, total))
                        .map_err(|e| not_as_described(what, &e, encoding));
                }
                Err(e) => {
                    let wait = self.backoff(attempt);
                    if !self.retry.allows(attempt, started, wait) {
                        return Err(body_error(&e, what));
                    }
                    self.out.debug(
                        1,
                        &format!(
                            "reading the answer to {what} broke off ({}); asking again in {:.1}s",
                            transport_text(&e),
                            wait.as_secs_f64()
                        ),
                    );
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// The webhook a create or change answered with; an answer with no body (a 201 or 204
    /// without one) is read back with `read_back`.
    async fn written(
        &self,
        resp: reqwest::Response,
        what: &str,
        read_back: impl Future<Output = Result<Webhook>>,
    ) -> Result<Webhook> {
        let encoding = content_encoding(&resp);
        let body = resp.bytes().await.map_err(|e| body_error(&e, what))?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return read_back.await;
        }
        serde_json::from_slice(&body)
            .map(|w| self.absolute_url(w))
            .map_err(|e| not_as_described(what, &e, encoding))
    }
}

/// A server may echo a request back in an error message: the secret the request carried is
/// taken out of whatever the error says.
fn without_secret(e: anyhow::Error, secret: Option<&Secret>) -> anyhow::Error {
    let Some(secret) = secret.map(Secret::expose).filter(|s| !s.is_empty()) else {
        return e;
    };
    let scrub = |text: &str| text.replace(secret, "[secret]");
    match e.downcast::<CliError>() {
        Ok(mut c) => {
            c.message = scrub(&c.message);
            c.hint = c.hint.as_deref().map(scrub);
            c.into()
        }
        Err(e) if format!("{e:#}").contains(secret) => anyhow::anyhow!(scrub(&format!("{e:#}"))),
        Err(e) => e,
    }
}

/// The `Content-Encoding` of an answer that is still encoded: the client asks for gzip and
/// reads it, so any other is one it did not ask for.
fn content_encoding(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.eq_ignore_ascii_case("identity"))
        .map(str::to_string)
}

/// An answer that does not parse as the API's JSON (and why it may not, when it came
/// compressed unasked).
fn not_as_described(what: &str, e: &serde_json::Error, encoding: Option<String>) -> anyhow::Error {
    let err = CliError::failed(format!(
        "the server's answer to {what} is not what the API describes: {e}"
    ));
    match encoding {
        Some(enc) => err
            .with_hint(format!(
                "the answer came with Content-Encoding: {enc}, which was not asked for; the server should send plain JSON"
            ))
            .into(),
        None => err.into(),
    }
}

/// The same error with a hint (when it is one of ours).
fn with_hint(e: anyhow::Error, hint: &str) -> anyhow::Error {
    match e.downcast::<CliError>() {
        Ok(c) => c.with_hint(hint).into(),
        Err(e) => e,
    }
}

/// Whether a webhook is the one a create asked for (what it named; the secret cannot be
/// read back).
fn created_as_asked(new: &WebhookCreate, w: &Webhook) -> bool {
    new.preset == w.preset
        && new.secret_type.is_none_or(|t| t == w.secret_type)
        && new.event.is_none_or(|e| e == w.event)
        && new.body.as_ref().is_none_or(|b| *b == w.body)
        && new.sync_keys.as_ref().is_none_or(|k| *k == w.sync_keys)
        && new.enabled.is_none_or(|e| e == w.enabled)
}

/// Whether a webhook has the values a patch set (but the secret, which cannot be read back).
fn patched_as_asked(patch: &WebhookPatch, w: &Webhook) -> bool {
    patch.name.as_ref().is_none_or(|n| *n == w.name)
        && patch.preset.as_ref().is_none_or(|p| *p == w.preset)
        && patch.secret_type.is_none_or(|t| t == w.secret_type)
        && patch.event.is_none_or(|e| e == w.event)
        && patch.body.as_ref().is_none_or(|b| *b == w.body)
        && patch.sync_keys.as_ref().is_none_or(|k| *k == w.sync_keys)
        && patch.enabled.is_none_or(|e| e == w.enabled)
}

/// Adds a page's ids to those seen. Pages that repeat a webhook mean the server did not
/// honour `skip` (or `limit`): the list would be wrong, so it is refused.
fn distinct(seen: &mut HashSet<String>, page: &[Webhook]) -> Result<()> {
    match page.iter().find(|w| !seen.insert(w.id.clone())) {
        None => Ok(()),
        Some(w) => Err(CliError::failed(format!(
            "the server listed webhook {} twice while paging: it does not seem to honour `skip`",
            w.id
        ))
        .into()),
    }
}

/// Request bodies as JSON, behind one object-safe trait.
mod erased {
    pub(super) trait Body {
        fn to_json(&self) -> serde_json::Result<Vec<u8>>;
    }
    impl<T: serde::Serialize> Body for T {
        fn to_json(&self) -> serde_json::Result<Vec<u8>> {
            serde_json::to_vec(self)
        }
    }
}

/// Redirects are followed only within the tenant's origin (scheme, host and port), at most 5.
/// The token travels in `Authorization2`, a header the HTTP library does not know to drop on a
/// redirect to another host, so such a redirect is not followed: the 3xx comes back and
/// [`api_error`] names where it pointed.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let next = attempt.url();
        let same = attempt.previous().first().is_some_and(|first| {
            first.scheme() == next.scheme()
                && first.host_str() == next.host_str()
                && first.port_or_known_default() == next.port_or_known_default()
        });
        if !same {
            attempt.stop()
        } else if attempt.previous().len() > 5 {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path segment, percent-encoded; unreserved characters stay as they are, so ids such as
/// `wh_1` or UUIDs reach the server (and error messages) unchanged.
fn enc(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

fn total_count(resp: &reqwest::Response) -> Option<usize> {
    resp.headers()
        .get(paths::TOTAL_HEADER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn is_retryable_transport(e: &reqwest::Error) -> bool {
    e.is_connect() || e.is_timeout() || e.is_request() && !e.is_builder() && !e.is_body()
}

fn transport_text(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(cause) = src {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        src = cause.source();
    }
    s
}

/// Whether the connection was refused (nothing listens at the address).
fn is_refused(e: &reqwest::Error) -> bool {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(cause) = src {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        src = cause.source();
    }
    false
}

/// The innermost cause of a transport error (what went wrong, without the layers above it).
fn root_cause(e: &reqwest::Error) -> String {
    let mut last: &dyn std::error::Error = e;
    while let Some(cause) = last.source() {
        last = cause;
    }
    last.to_string()
}

/// The answer broke off or stalled while its body was read: the server could not be reached.
fn body_error(e: &reqwest::Error, what: &str) -> anyhow::Error {
    let how = if e.is_timeout() {
        "timed out"
    } else {
        "broke off"
    };
    CliError::unreachable(redact_url_passwords(&format!(
        "reading the server's answer to {what} {how} ({})",
        transport_text(e)
    )))
        .with_hint("check the server (or the network to it) and try again; OOMHOOK_TIMEOUT sets the time limit in seconds")
        .into()
}

/// Maps a non-2xx answer to an error with the exit code (README, "Exit codes") and a hint.
async fn api_error(resp: reqwest::Response, method: &Method, path: &str) -> anyhow::Error {
    let status = resp.status();
    if status.is_redirection() {
        let to = resp
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("(no Location)");
        return CliError::failed(format!(
            "{method} {path}: the server redirected to {to}, another server; the API token is not sent there"
        ))
        .with_hint("if that is where the tenant lives, pass that address as --url (or OOMNITZA_URL)")
        .into();
    }
    let body = resp.bytes().await.unwrap_or_default();
    let detail = error_detail(&body)
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    let text = format!("{method} {path}: {} {detail}", status.as_u16());
    let err = match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            CliError::auth(format!("the server refused the API token ({text})"))
                .with_hint("run `oomhook login`, or set OOMNITZA_TOKEN")
        }
        StatusCode::NOT_FOUND => CliError::failed(format!("not found ({text})")),
        StatusCode::PRECONDITION_FAILED => {
            CliError::failed(format!("the webhook changed since that version ({text})"))
                .with_hint("`oomhook show NAME` gives the current version")
        }
        StatusCode::CONFLICT => CliError::failed(text).with_hint(
            "webhook names are unique, ignoring case: pick another --name, or change that webhook with `oomhook update`",
        ),
        StatusCode::TOO_MANY_REQUESTS => CliError::failed(format!("rate limited ({text})"))
            .with_hint("try again later, or raise OOMHOOK_RETRY_MAX"),
        _ => CliError::failed(text),
    };
    err.with_status(status.as_u16()).into()
}

/// What an error body says: the API's `errors` (with their fields), or else the message of
/// a JSON body in another common shape (a bare string, or `detail`, `message`, `error` or
/// `title`, as problem documents and many frameworks send). Other bodies (HTML pages, text) are not shown.
fn error_detail(body: &[u8]) -> Option<String> {
    if let Ok(api) = serde_json::from_slice::<ErrorBody>(body) {
        let detail = api
            .errors
            .iter()
            .map(|e| match &e.field {
                Some(f) => format!("{f}: {}", e.message),
                None => e.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("; ");
        return (!detail.is_empty()).then_some(detail);
    }
    let other: serde_json::Value = serde_json::from_slice(body).ok()?;
    other
        .as_str()
        .or_else(|| {
            ["detail", "message", "error", "title"]
                .iter()
                .find_map(|k| other.get(k)?.as_str())
        })
        .map(|m| m.chars().take(500).collect::<String>())
        .filter(|m| !m.trim().is_empty())
}

/// The status of the API answer an error reports.
fn status_of(e: &anyhow::Error) -> Option<u16> {
    e.downcast_ref::<CliError>().and_then(|c| c.status)
}

/// Whether an error is the API's 404.
pub(crate) fn is_not_found(e: &anyhow::Error) -> bool {
    status_of(e) == Some(404)
}

/// Serializable, for `--dry-run` plans.
#[derive(Debug, Serialize)]
pub(crate) struct PlannedRequest<'a, B: Serialize> {
    pub method: &'a str,
    pub url: String,
    pub headers: Vec<(&'a str, String)>,
    pub body: &'a B,
}
