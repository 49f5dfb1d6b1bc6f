//! Accepting connections: HTTP/1.1 with a deadline on each request head, so a client that
//! trickles its headers is cut off (README, "What serve limits"); stops accepting on a stop
//! signal and gives the connections in flight a grace period.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// A request's head (request line and headers) must arrive within this time; an idle
/// keep-alive connection waits as long for its next request.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head, in bytes (hyper refuses a larger one with 431).
const MAX_HEAD: usize = 64 * 1024;

/// Serves `app` on `listener` until `stop` resolves; then waits up to `grace` for the
/// connections in flight. Returns whether they all finished in time.
pub(super) async fn serve(
    listener: TcpListener,
    app: Router,
    stop: impl Future<Output = ()>,
    grace: Duration,
) -> bool {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .max_buf_size(MAX_HEAD);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let tcp = match accepted {
                    Ok((tcp, _)) => tcp,
                    Err(_) => {
                        // Out of file descriptors or a connection reset before it was
                        // accepted: wait a little rather than spin.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                // Small answers go out at once rather than waiting on Nagle's algorithm.
                let _ = tcp.set_nodelay(true);
                let service = TowerToHyperService::new(app.clone());
                let conn = graceful.watch(http.serve_connection(TokioIo::new(tcp), service));
                tokio::spawn(async move {
                    let _ = conn.await;
                });
            }
            () = &mut stop => break,
        }
    }
    drop(listener);
    tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_ok()
}
