//! The SQLite store: one writer thread with group commit, a pool of readers, the schema.
//!
//! Every write runs on one dedicated thread that owns the only writing connection, so writes
//! never contend and never block the async threads. The thread takes whatever jobs are queued
//! (up to [`MAX_BATCH`]), runs them in one transaction, commits once, and only then answers
//! each job: a caller that got `Ok` knows its change is committed. Under load this is group
//! commit (one commit for many deliveries); at rest a batch is one job.
//!
//! A job that fails must take back its own changes and no others'. Jobs are run bare at first
//! (a savepoint per job copies every page the job first touches, which was a fifth of the
//! writer's time); when one fails, the batch is rolled back and run again from its start, each
//! job inside a savepoint of its own. So a job may run more than once: its work is `FnMut`, and
//! only what it did in its last run is committed and answered.
//!
//! Reads of a file database run on a small pool of read-only connections (WAL lets them read
//! while the writer writes) via `spawn_blocking`. An in-memory database has one connection, so
//! its reads go through the writer thread as well.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rusqlite::{Connection, OpenFlags};
use time::OffsetDateTime;
use time::macros::format_description;
use tokio::sync::oneshot;

use super::error::ApiError;

/// At most this many jobs share one transaction.
const MAX_BATCH: usize = 512;
/// How long a connection waits for a lock held by another process before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// The checkpoint thread runs at most this often while there are commits ...
const CHECKPOINT_EVERY: Duration = Duration::from_millis(10);
/// ... and the writer checkpoints itself only when the WAL has grown past this many pages
/// (SQLite's default is 1000).
const WAL_CEILING_PAGES: i64 = 4 * 1024;
/// Read connections kept open for reuse.
const MAX_IDLE_READERS: usize = 8;

/// Where the database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DbLocation {
    /// `--db :memory:`: gone when the server stops.
    Memory,
    File(PathBuf),
}

impl std::fmt::Display for DbLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbLocation::Memory => f.write_str(":memory: (discarded on exit)"),
            DbLocation::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A handle on the store; cheap to clone.
#[derive(Clone)]
pub(super) struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    writer: mpsc::Sender<Msg>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// Read-only connections of a file database; `None` in memory.
    readers: Option<Readers>,
}

struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

enum Msg {
    Job(Box<dyn Task>),
    Stop,
}

/// One unit of work for the writer thread, answered after the commit.
trait Task: Send {
    /// Runs the work (again, after a rollback); false when it failed and its changes must be
    /// rolled back.
    fn run(&mut self, conn: &Connection) -> bool;
    /// Marks the job failed without running it (or after a failed savepoint).
    fn abort(&mut self, e: ApiError);
    /// Answers the caller with the outcome of the commit.
    fn finish(self: Box<Self>, commit: Result<(), ApiError>);
}

struct Job<F, R> {
    work: F,
    result: Option<Result<R, ApiError>>,
    reply: oneshot::Sender<Result<R, ApiError>>,
}

impl<F, R> Task for Job<F, R>
where
    F: FnMut(&Connection) -> Result<R, ApiError> + Send,
    R: Send,
{
    fn run(&mut self, conn: &Connection) -> bool {
        let result = catch_unwind(AssertUnwindSafe(|| (self.work)(conn))).unwrap_or_else(|_| {
            Err(ApiError::internal(
                "the store failed while handling this request",
            ))
        });
        let ok = result.is_ok();
        self.result = Some(result);
        ok
    }

    fn abort(&mut self, e: ApiError) {
        self.result = Some(Err(e));
    }

    fn finish(self: Box<Self>, commit: Result<(), ApiError>) {
        let Job {
            work,
            result,
            reply,
        } = *self;
        // What the work holds is let go before the caller hears back, so the caller gets
        // back sole ownership of anything it shared with it.
        drop(work);
        let answer = match (commit, result) {
            (Ok(()), Some(result)) => result,
            (Ok(()), None) => Err(ApiError::internal("the store did not run this request")),
            (Err(e), _) => Err(e),
        };
        let _ = reply.send(answer);
    }
}

impl Store {
    /// Opens (creating if needed) the database, brings its schema up to date, runs `prepare`
    /// on it (the rows' own upkeep, which the store knows nothing of) and starts the writer
    /// thread.
    pub(super) fn open(
        location: &DbLocation,
        prepare: fn(&Connection) -> rusqlite::Result<()>,
    ) -> anyhow::Result<Store> {
        let conn = connect(location)?;
        prepare(&conn).with_context(|| format!("preparing the database {location}"))?;
        // A file database is checkpointed by a thread of its own, so the writer never stops
        // for the copy back into the database file and its fsync.
        let checkpointer = match location {
            DbLocation::Memory => None,
            DbLocation::File(path) => Some(Checkpointer::start(path)?),
        };
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("oomhook-store".into())
            .spawn(move || writer_loop(conn, rx, checkpointer))?;
        let readers = match location {
            DbLocation::Memory => None,
            DbLocation::File(path) => Some(Readers {
                path: path.clone(),
                idle: Mutex::new(Vec::new()),
            }),
        };
        Ok(Store {
            inner: Arc::new(Inner {
                writer: tx,
                thread: Mutex::new(Some(thread)),
                readers,
            }),
        })
    }

    /// Runs `work` in the write transaction; its changes are committed when this returns `Ok`.
    /// An `Err` from `work` rolls back what it did (and only that). `work` may be run more than
    /// once (see the module's notes): it must do the same to the database each time, and
    /// nothing outside it.
    pub(super) async fn write<R, F>(&self, work: F) -> Result<R, ApiError>
    where
        F: FnMut(&Connection) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            work,
            result: None,
            reply,
        };
        self.inner
            .writer
            .send(Msg::Job(Box::new(job)))
            .map_err(|_| ApiError::internal("the store is closed"))?;
        answer
            .await
            .map_err(|_| ApiError::internal("the store stopped while handling this request"))?
    }

    /// Runs `work` in a read transaction (one snapshot), off the async threads. In memory it
    /// goes through the writer, so it too may be run more than once.
    pub(super) async fn read<R, F>(&self, mut work: F) -> Result<R, ApiError>
    where
        F: FnMut(&Connection) -> Result<R, ApiError> + Send + 'static,
        R: Send + 'static,
    {
        if self.inner.readers.is_none() {
            return self.write(work).await;
        }
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let readers = inner.readers.as_ref().expect("checked above");
            let conn = readers.take()?;
            conn.execute_batch("BEGIN")?;
            let result = work(&conn);
            conn.execute_batch("COMMIT")?;
            readers.give_back(conn);
            result
        })
        .await
        .map_err(|_| ApiError::internal("the store failed while handling this request"))?
    }

    /// Stops the writer after the jobs already queued, and waits for it.
    pub(super) fn close(&self) {
        let _ = self.inner.writer.send(Msg::Stop);
        if let Some(handle) = self.inner.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = handle.join();
        }
    }
}

/// The writer's connection (the only one that writes): WAL, the settings below, the schema up
/// to date.
pub(super) fn connect(location: &DbLocation) -> anyhow::Result<Connection> {
    let conn = match location {
        DbLocation::Memory => Connection::open_in_memory()?,
        DbLocation::File(path) => {
            create_private_file(path)?;
            let conn = Connection::open(path)
                .with_context(|| format!("opening the database {}", path.display()))?;
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                bail!(
                    "{}: could not switch the database to WAL mode (got {mode})",
                    path.display()
                );
            }
            conn
        }
    };
    // WAL + synchronous=NORMAL: a commit is in the WAL file before `COMMIT` returns, so it
    // survives a crash (or kill -9) of this process; only an OS crash or power loss may
    // lose the last commits. That is the durability the API promises for a 2xx.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Savepoint journals in memory: each job's savepoint copies the pages it first touches,
    // and on disk that was a third of the writer's time.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(64);
    // 32 MiB of page cache: the indexes deliveries touch stay in memory.
    conn.pragma_update(None, "cache_size", -32 * 1024)?;
    migrate(&conn).with_context(|| format!("preparing the database {location}"))?;
    // The checkpoint thread keeps the WAL short (see `Store::open`); the writer checkpoints
    // only past a far larger WAL, as a bound should that thread fall behind.
    if matches!(location, DbLocation::File(_)) {
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CEILING_PAGES)?;
    }
    Ok(conn)
}

impl Readers {
    fn take(&self) -> Result<Connection, ApiError> {
        if let Some(conn) = self.idle.lock().ok().and_then(|mut idle| idle.pop()) {
            return Ok(conn);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(&self.path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    }

    fn give_back(&self, conn: Connection) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < MAX_IDLE_READERS
        {
            idle.push(conn);
        }
    }
}

/// The thread that copies committed pages from the WAL back into the database file
/// (`PRAGMA wal_checkpoint(PASSIVE)`: it never blocks the writer or the readers).
struct Checkpointer {
    /// Told after each commit; dropped to stop the thread.
    poke: mpsc::SyncSender<()>,
    thread: JoinHandle<()>,
}

impl Checkpointer {
    fn start(path: &Path) -> anyhow::Result<Checkpointer> {
        let conn = Connection::open(path)
            .with_context(|| format!("opening the database {}", path.display()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let (poke, poked) = mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("oomhook-checkpoint".into())
            .spawn(move || {
                // Waits for a commit, checkpoints, lets commits gather, and goes again.
                let mut due = poked.recv().is_ok();
                while due {
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    due = match pause(&poked) {
                        Some(true) => true,
                        Some(false) => poked.recv().is_ok(),
                        None => false,
                    };
                }
            })?;
        Ok(Checkpointer { poke, thread })
    }

    /// After a commit: a checkpoint is due (never waits).
    fn poke(&self) {
        let _ = self.poke.try_send(());
    }

    /// Stops the thread after its checkpoint in progress.
    fn stop(self) {
        drop(self.poke);
        let _ = self.thread.join();
    }
}

/// Waits [`CHECKPOINT_EVERY`]: whether a commit came meanwhile, or `None` at once when the
/// checkpoint thread is told to stop.
fn pause(poked: &mpsc::Receiver<()>) -> Option<bool> {
    let until = Instant::now() + CHECKPOINT_EVERY;
    let mut committed = false;
    loop {
        match poked.recv_timeout(until.saturating_duration_since(Instant::now())) {
            Ok(()) => committed = true,
            Err(mpsc::RecvTimeoutError::Timeout) => return Some(committed),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
}

fn writer_loop(conn: Connection, rx: mpsc::Receiver<Msg>, checkpointer: Option<Checkpointer>) {
    let mut batch: Vec<Box<dyn Task>> = Vec::with_capacity(MAX_BATCH);
    let mut stop = false;
    while !stop {
        let mut next = match rx.recv() {
            Ok(Msg::Job(job)) => Some(job),
            Ok(Msg::Stop) | Err(_) => break,
        };
        let mut began = exec(&conn, "BEGIN IMMEDIATE").map_err(ApiError::from);
        // Bare until a job fails; then every job of the batch in a savepoint of its own.
        let mut guarded = false;
        // Jobs that arrive while the batch runs join it: the busier the server, the more
        // deliveries share a commit, and an idle server commits each job at once.
        while let Some(mut job) = next.take() {
            let failed = match (&began, guarded) {
                (Err(_), _) => false,
                (Ok(()), true) => {
                    run_guarded(&conn, job.as_mut());
                    false
                }
                (Ok(()), false) => !job.run(&conn),
            };
            batch.push(job);
            if failed {
                guarded = true;
                began = rerun_guarded(&conn, &mut batch);
            }
            if began.is_err() || batch.len() >= MAX_BATCH {
                break;
            }
            next = take_next(&rx, &mut stop);
        }
        let commit = began.and_then(|()| exec(&conn, "COMMIT").map_err(ApiError::from));
        if commit.is_err() {
            // Whatever stopped the batch, no transaction stays open for the next one.
            let _ = conn.execute_batch("ROLLBACK");
        }
        for job in batch.drain(..) {
            job.finish(commit.clone());
        }
        if let Some(c) = &checkpointer {
            c.poke();
        }
    }
    if let Some(c) = checkpointer {
        c.stop();
    }
    // A clean stop: fold the WAL back into the database file.
    let _ = conn.execute_batch("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);");
}

/// The next job already queued, if any (never waits).
fn take_next(rx: &mpsc::Receiver<Msg>, stop: &mut bool) -> Option<Box<dyn Task>> {
    match rx.try_recv() {
        Ok(Msg::Job(job)) => Some(job),
        Ok(Msg::Stop) => {
            *stop = true;
            None
        }
        Err(_) => None,
    }
}

/// After a job run bare failed: rolls the whole transaction back and runs the batch again
/// from its start, each job in its own savepoint, so the failed job's changes go and the
/// others' stay.
fn rerun_guarded(conn: &Connection, batch: &mut [Box<dyn Task>]) -> Result<(), ApiError> {
    // Some errors (a full disk, for one) have SQLite roll the transaction back itself.
    if !conn.is_autocommit() {
        exec(conn, "ROLLBACK")?;
    }
    exec(conn, "BEGIN IMMEDIATE")?;
    for job in batch.iter_mut() {
        run_guarded(conn, job.as_mut());
    }
    Ok(())
}

/// Runs one job inside its own savepoint of the batch's transaction: a job that fails takes
/// back its own changes and no others.
fn run_guarded(conn: &Connection, job: &mut dyn Task) {
    if let Err(e) = exec(conn, "SAVEPOINT job") {
        job.abort(e.into());
        return;
    }
    let end = if job.run(conn) {
        exec(conn, "RELEASE job")
    } else {
        exec(conn, "ROLLBACK TO job").and_then(|()| exec(conn, "RELEASE job"))
    };
    if let Err(e) = end {
        job.abort(e.into());
    }
}

fn exec(conn: &Connection, sql: &str) -> Result<(), rusqlite::Error> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}

/// Creates the database file readable by its owner only (it holds webhook secrets); SQLite
/// gives its `-wal` and `-shm` files the same mode.
fn create_private_file(path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    match opts.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("creating the database {}", path.display())),
    }
}

/// Schema migrations, in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    r"
CREATE TABLE webhooks (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,     -- the name lower-cased: names are unique ignoring case
    token       TEXT NOT NULL UNIQUE,     -- the last segment of the webhook's url
    preset      TEXT NOT NULL,
    vendor      TEXT NOT NULL,
    secret_type TEXT NOT NULL,
    secret      TEXT NOT NULL,            -- kept to verify deliveries; never returned
    event       TEXT NOT NULL,
    body        TEXT NOT NULL,
    sync_keys   TEXT NOT NULL,            -- JSON array
    enabled     INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE deliveries (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL,        -- random; never looked up, so not indexed
    webhook_id      TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    received_at     TEXT NOT NULL,
    status          TEXT NOT NULL,
    reason          TEXT,
    vendor_event_id TEXT,
    sync_key        TEXT,
    sync_value      TEXT,
    action          TEXT NOT NULL,
    record_id       TEXT,
    rendered        TEXT                  -- JSON object
);
CREATE INDEX deliveries_by_webhook ON deliveries(webhook_id, seq);
CREATE INDEX deliveries_by_event ON deliveries(webhook_id, vendor_event_id)
    WHERE vendor_event_id IS NOT NULL AND status <> 'rejected';
CREATE TABLE records (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,             -- user | asset
    fields     TEXT NOT NULL,             -- JSON object
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX records_by_kind ON records(kind, seq);
-- Every field value of every record, as sync keys compare it: finds a record by a sync key
-- without a scan. Kept in step with `records` by every write. (Since schema 2: the values of
-- the fields in `key_fields` only.)
CREATE TABLE record_keys (
    kind  TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    seq   INTEGER NOT NULL,
    PRIMARY KEY (kind, field, value, seq)
) WITHOUT ROWID;
CREATE TABLE idempotency (
    key          TEXT PRIMARY KEY,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    location     TEXT,
    body         TEXT NOT NULL,
    created_unix INTEGER NOT NULL
);
CREATE INDEX idempotency_by_age ON idempotency(created_unix);
",
    r"
-- The fields whose values `record_keys` holds, for every record of the kind: the fields a
-- record is looked up by (every webhook's sync keys, and the username or serial number of
-- `GET /api/v3/{users,assets}/{ident}`). Only grows: a field is indexed, with every record's
-- value back-filled, when a webhook first names it. Until now every field was indexed, so
-- every field already in `record_keys` is in.
CREATE TABLE key_fields (
    kind  TEXT NOT NULL,
    field TEXT NOT NULL,
    PRIMARY KEY (kind, field)
) WITHOUT ROWID;
INSERT OR IGNORE INTO key_fields VALUES ('user', 'username'), ('asset', 'serial_number');
INSERT OR IGNORE INTO key_fields SELECT DISTINCT kind, field FROM record_keys;
INSERT OR IGNORE INTO key_fields
    SELECT substr(w.event, instr(w.event, '_') + 1), k.value FROM webhooks w, json_each(w.sync_keys) k
    WHERE k.type = 'text';
",
    r"
-- Per-item delivery log (presets/README.md, `items`): a row per item of a delivery, sharing
-- the request's id; the reason's message; the vendor event type read; and the content key
-- that dedupes a signed body whose delivery id the signature does not cover.
ALTER TABLE deliveries ADD COLUMN request_id TEXT;
ALTER TABLE deliveries ADD COLUMN item_index INTEGER;
ALTER TABLE deliveries ADD COLUMN message TEXT;
ALTER TABLE deliveries ADD COLUMN event_type TEXT;
ALTER TABLE deliveries ADD COLUMN content_key TEXT;
CREATE INDEX deliveries_by_content ON deliveries(webhook_id, content_key)
    WHERE content_key IS NOT NULL AND status <> 'rejected';
",
    r"
-- What each request carried (README, `deliveries --id`): the body's bytes as received (what
-- the signature covered) and the headers the template saw, secret-bearing and signature
-- headers redacted; one row per request (a batch's items share it through `request_id`).
-- The newest `serve --keep-deliveries` of each webhook are kept. Entries are found by id.
CREATE TABLE payloads (
    seq        INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    body       BLOB NOT NULL,
    headers    TEXT NOT NULL              -- JSON object, lower-case names
);
CREATE INDEX payloads_by_webhook ON payloads(webhook_id, seq);
CREATE INDEX deliveries_by_id ON deliveries(id);
-- A replay (`oomhook replay`) names the delivery it ran again.
ALTER TABLE deliveries ADD COLUMN replay_of TEXT;
",
];

fn migrate(conn: &Connection) -> anyhow::Result<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > MIGRATIONS.len() {
        bail!(
            "the database has schema version {version}, newer than this oomhook knows ({}): use a newer oomhook",
            MIGRATIONS.len()
        );
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))?;
    }
    Ok(())
}

/// Now, RFC 3339 in UTC with milliseconds, e.g. `2026-05-01T16:22:54.120Z`.
pub(super) fn now_rfc3339() -> String {
    let f =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::now_utc().format(&f).unwrap_or_default()
}

/// A new time-ordered (v7) UUID: milliseconds since the epoch, then random bits from the
/// thread's generator. An id made in a later millisecond sorts later, so it goes to the end
/// of an index rather than to a random page of it.
pub(super) fn new_id() -> String {
    let millis = u64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
        .unwrap_or_default();
    uuid::Builder::from_unix_timestamp_millis(millis, &rand::random())
        .into_uuid()
        .to_string()
}

/// Now, in unix seconds.
pub(super) fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::sync::atomic::Ordering::SeqCst;

    use super::*;

    #[test]
    fn ids_are_v7_uuids_that_sort_by_time() {
        let first = new_id();
        std::thread::sleep(Duration::from_millis(2));
        let second = new_id();
        for id in [&first, &second] {
            let u = uuid::Uuid::parse_str(id).unwrap();
            assert_eq!(u.get_version_num(), 7, "{id}");
            let (secs, _) = u.get_timestamp().unwrap().to_unix();
            assert!(
                secs.abs_diff(now_unix() as u64) < 5,
                "{id} carries the time"
            );
        }
        assert!(first < second, "{first} sorts before {second}");
        assert_ne!(new_id(), new_id());
    }

    type TestJob = Box<dyn FnMut(&Connection) -> Result<(), ApiError> + Send>;

    /// Queues `jobs` behind a job that holds the writer until all are queued, so they share
    /// one batch; answers in order, and the values left in table `t`.
    fn one_batch(jobs: Vec<TestJob>) -> (Vec<Result<(), ApiError>>, Vec<String>) {
        let store = Store::open(&DbLocation::Memory, |_| Ok(())).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            store
                .write(|c| Ok(c.execute_batch("CREATE TABLE t (v TEXT)")?))
                .await
                .unwrap();
            let (open, gate) = mpsc::channel::<()>();
            let gate = Mutex::new(Some(gate));
            let hold = store.write(move |_| {
                if let Some(gate) = gate.lock().unwrap().take() {
                    let _ = gate.recv();
                }
                Ok(())
            });
            let queued = jobs.into_iter().map(|job| store.write(job));
            let (_, answers, ()) = tokio::join!(hold, futures::future::join_all(queued), async {
                open.send(()).unwrap();
            });
            let mut left: Vec<String> = store
                .read(|c| {
                    let mut st = c.prepare("SELECT v FROM t")?;
                    let rows = st.query_map([], |r| r.get(0))?;
                    Ok(rows.collect::<Result<Vec<String>, _>>()?)
                })
                .await
                .unwrap();
            left.sort();
            (answers, left)
        })
    }

    fn insert(v: &'static str, runs: Arc<AtomicUsize>) -> TestJob {
        Box::new(move |c| {
            runs.fetch_add(1, SeqCst);
            c.execute("INSERT INTO t VALUES (?1)", [v])?;
            Ok(())
        })
    }

    fn failing(v: &'static str) -> TestJob {
        Box::new(move |c| {
            c.execute("INSERT INTO t VALUES (?1)", [v])?;
            Err(ApiError::conflict("no"))
        })
    }

    #[test]
    fn a_job_that_fails_takes_back_its_own_changes_and_no_others() {
        let runs = Arc::new(AtomicUsize::new(0));
        let (answers, left) = one_batch(vec![
            insert("a", runs.clone()),
            failing("x"),
            insert("b", runs.clone()),
            failing("y"),
            insert("c", runs.clone()),
        ]);
        let ok: Vec<bool> = answers.iter().map(Result::is_ok).collect();
        assert_eq!(ok, [true, false, true, false, true]);
        assert_eq!(left, ["a", "b", "c"]);
        // "a" ran bare, then again in a savepoint when "x" failed; the rest of the batch
        // ran once each, in savepoints.
        assert_eq!(runs.load(SeqCst), 4);
    }

    #[test]
    fn a_batch_with_no_failure_runs_each_job_once() {
        let runs = Arc::new(AtomicUsize::new(0));
        let (answers, left) = one_batch(vec![
            insert("a", runs.clone()),
            insert("b", runs.clone()),
            insert("c", runs.clone()),
        ]);
        assert!(answers.iter().all(Result::is_ok));
        assert_eq!(left, ["a", "b", "c"]);
        assert_eq!(runs.load(SeqCst), 3);
    }

    #[test]
    fn a_job_that_panics_is_an_error_and_changes_nothing() {
        let runs = Arc::new(AtomicUsize::new(0));
        let (answers, left) = one_batch(vec![
            Box::new(|c: &Connection| {
                c.execute("INSERT INTO t VALUES ('p')", [])?;
                panic!("a bug in a job");
            }),
            insert("a", runs.clone()),
        ]);
        assert!(answers[0].is_err());
        assert!(answers[1].is_ok());
        assert_eq!(left, ["a"]);
    }

    #[test]
    fn schema_2_makes_key_fields_of_every_field_indexed_before() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!("{}; PRAGMA user_version = 1;", MIGRATIONS[0]))
            .unwrap();
        conn.execute_batch(
            r#"
            INSERT INTO webhooks (id, name, name_key, token, preset, vendor, secret_type, secret,
                event, body, sync_keys, enabled, version, created_at, updated_at)
            VALUES ('w1', 'a', 'a', 't1', 'p', 'v', 'header', 's', 'update_asset', '{}',
                '["asset_tag", "serial_number"]', 1, 1, 'x', 'x'),
                   ('w2', 'b', 'b', 't2', 'p', 'v', 'header', 's', 'create_user', '{}',
                '["employee_id"]', 1, 1, 'x', 'x');
            INSERT INTO record_keys VALUES ('user', 'email', 'ann@acme.com', 1),
                ('user', 'title', 'Dr', 1), ('asset', 'model', 'X1', 2);
            "#,
        )
        .unwrap();
        migrate(&conn).unwrap();
        let mut st = conn
            .prepare("SELECT kind || '.' || field FROM key_fields ORDER BY 1")
            .unwrap();
        let got: Vec<String> = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            got,
            [
                "asset.asset_tag",
                "asset.model",
                "asset.serial_number",
                "user.email",
                "user.employee_id",
                "user.title",
                "user.username"
            ]
        );
        let version: usize = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len());
    }

    #[test]
    fn schema_3_keeps_earlier_deliveries_readable_as_their_own_requests() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "{}; {}; PRAGMA user_version = 2;",
            MIGRATIONS[0], MIGRATIONS[1]
        ))
        .unwrap();
        conn.execute_batch(
            r#"
            INSERT INTO webhooks (id, name, name_key, token, preset, vendor, secret_type, secret,
                event, body, sync_keys, enabled, version, created_at, updated_at)
            VALUES ('w1', 'a', 'a', 't1', 'p', 'v', 'header', 's', 'create_user', '{}',
                '["username"]', 1, 1, 'x', 'x');
            INSERT INTO deliveries (id, webhook_id, received_at, status, reason, action)
            VALUES ('d1', 'w1', '2026-01-01T00:00:00.000Z', 'rejected', 'render_failed', 'none');
            "#,
        )
        .unwrap();
        migrate(&conn).unwrap();
        let (rows, total) = super::super::deliveries::list(&conn, "w1", 10, 0).unwrap();
        assert_eq!(total, 1);
        assert_eq!(rows[0].request_id, "d1");
        assert_eq!(rows[0].item_index, None);
        assert_eq!(rows[0].reason.as_deref(), Some("render_failed"));
        assert_eq!(rows[0].message, None);
    }
}
