//! Serve's limits on what one sender can cost (README, "What serve limits"):
//!
//! - renders run on a bounded pool of threads, away from the threads that answer requests, so
//!   runaway bodies cannot starve health checks or other webhooks; a webhook whose renders
//!   have proved quick (under 5 ms of CPU) renders inline, and its first slow render sends it
//!   back to the pool for good;
//! - rejected deliveries are limited per webhook: past a burst, a rejection is answered 429
//!   with `Retry-After` and counted rather than logged, so someone who knows only a webhook's
//!   URL cannot fill the disk; the log keeps samples (the burst, then one every 10 s) and the
//!   count shows in the delivery list's `X-Rejections-Unlogged` header.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use tokio::sync::Semaphore;

use super::error::ApiError;

/// Rejected deliveries logged at once per webhook before the limit applies.
pub(super) const REJECT_BURST: f64 = 20.0;
/// Rejected deliveries logged per second per webhook past the burst: one every 10 s, so a
/// sustained flood adds at most 8,640 rows a day to a webhook's log.
pub(super) const REJECT_RATE: f64 = 0.1;

/// A token bucket per webhook for its rejected deliveries, and the count of those answered
/// 429 without being logged (since `serve` started).
#[derive(Default)]
pub(super) struct RejectLimiter {
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
    unlogged: u64,
}

/// The process's rejection limiter.
pub(super) static REJECTS: LazyLock<RejectLimiter> = LazyLock::new(RejectLimiter::default);

impl RejectLimiter {
    /// Whether a rejection of this webhook may be logged now; if not, it is counted and the
    /// seconds to wait come back (answer [`too_many`]).
    pub(super) fn admit(&self, webhook_id: &str) -> Result<(), u64> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        let now = Instant::now();
        let b = buckets.entry(webhook_id.to_string()).or_insert(Bucket {
            tokens: REJECT_BURST,
            at: now,
            unlogged: 0,
        });
        let refill = now.duration_since(b.at).as_secs_f64() * REJECT_RATE;
        b.tokens = (b.tokens + refill).min(REJECT_BURST);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            return Ok(());
        }
        b.unlogged += 1;
        // Whole seconds until the next rejection may be logged (at least 1).
        let wait = ((1.0 - b.tokens) / REJECT_RATE).ceil().max(1.0);
        Err(wait as u64)
    }

    /// Rejections of this webhook answered 429 and not logged.
    pub(super) fn unlogged(&self, webhook_id: &str) -> u64 {
        self.buckets
            .lock()
            .ok()
            .and_then(|b| b.get(webhook_id).map(|b| b.unlogged))
            .unwrap_or(0)
    }

    /// Forgets a deleted webhook.
    pub(super) fn forget(&self, webhook_id: &str) {
        if let Ok(mut b) = self.buckets.lock() {
            b.remove(webhook_id);
        }
    }
}

/// A render this quick (in CPU time of its thread, which a busy machine does not stretch)
/// marks its webhook fast: its next renders run inline, on the thread that answers the
/// request, saving the hand-off to the pool (a third of a delivery's CPU).
pub(super) const FAST_RENDER: Duration = Duration::from_millis(5);

/// What is known of one webhook version's render time: nothing yet (its renders go to the
/// pool), fast (inline), or slow (the pool, for good: one slow render is enough).
#[derive(Default)]
pub(super) struct RenderSpeed(AtomicU8);

const UNKNOWN: u8 = 0;
const FAST: u8 = 1;
const SLOW: u8 = 2;

/// A clock for [`RenderSpeed::record`]: the calling thread's CPU time where there is one,
/// else wall time.
pub(super) fn render_clock() -> Duration {
    #[cfg(unix)]
    if let Ok(t) = nix::time::clock_gettime(nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID) {
        return Duration::from(t);
    }
    static START: LazyLock<Instant> = LazyLock::new(Instant::now);
    START.elapsed()
}

impl RenderSpeed {
    /// Whether the next render may run inline.
    pub(super) fn inline(&self) -> bool {
        self.0.load(Ordering::Relaxed) == FAST
    }

    /// Notes how long a render took.
    pub(super) fn record(&self, took: Duration) {
        if took > FAST_RENDER {
            self.0.store(SLOW, Ordering::Relaxed);
        } else {
            let _ = self
                .0
                .compare_exchange(UNKNOWN, FAST, Ordering::Relaxed, Ordering::Relaxed);
        }
    }
}

/// How long a delivery waits for a render thread before it is answered 503.
pub(super) const RENDER_QUEUE_WAIT: Duration = Duration::from_secs(10);

/// The render pool: at most one render per core (at least two) at a time, each on a blocking
/// thread.
pub(super) struct RenderPool {
    permits: Arc<Semaphore>,
}

/// The process's render pool.
pub(super) static RENDERS: LazyLock<RenderPool> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    RenderPool {
        permits: Arc::new(Semaphore::new(cores.max(2))),
    }
});

/// Why a render did not run to its end.
#[derive(Debug)]
pub(super) enum RenderError {
    /// Every render thread stayed busy for [`RENDER_QUEUE_WAIT`].
    Busy,
    /// The render panicked.
    Failed,
}

impl RenderPool {
    /// Runs `f` on a render thread once one is free.
    pub(super) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, RenderError> {
        let permit = tokio::time::timeout(RENDER_QUEUE_WAIT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| RenderError::Busy)?
            .map_err(|_| RenderError::Busy)?;
        tokio::task::spawn_blocking(move || {
            let out = f();
            drop(permit);
            out
        })
        .await
        .map_err(|_| RenderError::Failed)
    }
}

/// `429 rate_limited` with `Retry-After: wait`.
pub(super) fn too_many(wait: u64) -> Response {
    let mut res = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "too many rejected deliveries to this webhook; retry later",
    )
    .into_response();
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    res
}
