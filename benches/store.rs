//! The store's share of a delivery on its own: the writer's statements and commits for
//! deliveries that each create a user, with nothing else around them (no HTTP, render or
//! threads), in transactions of 1, 10, 30 and 100 deliveries: group commit's range. Set beside
//! `scripts/bench-serve.sh`'s per-thread figures for the whole server: the writer there cannot
//! do a delivery in less CPU than this.
//!
//! Run: `cargo bench --features bench --bench store` (`STORE_BENCH_N` deliveries per group size, default 50,000).

use std::io::Write as _;

use oomhook::server::bench::store_deliveries;

fn main() {
    let n: usize = std::env::var("STORE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "store: {n} deliveries per run, each creating a user (SQLite file, WAL)"
    );
    for group in [1, 10, 30, 100] {
        let path = dir.path().join(format!("store-{group}.db"));
        let run = store_deliveries(&path, n, group).unwrap_or_else(|e| panic!("{e:#}"));
        let per = |d: std::time::Duration| d.as_secs_f64() * 1e6 / run.deliveries as f64;
        let cpu = run
            .cpu
            .map(|c| format!("{:6.1} us CPU", per(c)))
            .unwrap_or_else(|| "CPU time unknown".into());
        let _ = writeln!(
            out,
            "  {group:>3} per transaction: {cpu} per delivery, {:6.1} us wall (checkpoints included)",
            per(run.wall)
        );
    }
}
