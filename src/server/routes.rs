//! The HTTP surface: the router (the management API, the hooks, health) and its middleware.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::{ApiError, error_shape};
use super::http::json_response;
use super::{App, api, payloads, pipeline, replay, stream};
use crate::api::model::paths;

pub(super) fn router(app: App) -> Router {
    let api = Router::new()
        .route(
            paths::WEBHOOKS,
            get(api::list_webhooks).post(api::create_webhook),
        )
        .route(
            "/api/v3/webhooks/{id}",
            get(api::show_webhook)
                .patch(api::patch_webhook)
                .delete(api::delete_webhook),
        )
        .route(
            "/api/v3/webhooks/{id}/deliveries",
            get(api::list_deliveries),
        )
        .route(
            "/api/v3/webhooks/{id}/deliveries/follow",
            get(stream::follow),
        )
        .route(
            "/api/v3/webhooks/{id}/deliveries/{delivery_id}",
            get(payloads::show_delivery),
        )
        .route(
            "/api/v3/webhooks/{id}/deliveries/{delivery_id}/replay",
            axum::routing::post(replay::replay),
        )
        .route(paths::USERS, get(api::list_users))
        .route("/api/v3/users/{ident}", get(api::show_user))
        .route(paths::ASSETS, get(api::list_assets))
        .route("/api/v3/assets/{ident}", get(api::show_asset))
        .route_layer(middleware::from_fn_with_state(app.clone(), require_token));
    let router = Router::new()
        .merge(api)
        .route(paths::HEALTH, get(health))
        .route(
            "/hooks/{token}",
            get(pipeline::verify).post(pipeline::receive),
        )
        .fallback(not_found)
        .layer(middleware::map_response(error_shape));
    let router = if app.out.verbose > 0 {
        router.layer(middleware::from_fn_with_state(app.clone(), log_request))
    } else {
        router
    };
    router.with_state(app)
}

// ---- middleware ------------------------------------------------------------------------

/// `Authorization2: <token>`, compared in constant time (as digests, so not even the length
/// of the token shows).
async fn require_token(State(app): State<App>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(paths::TOKEN_HEADER)
        .map(|v| Sha256::digest(v.as_bytes()));
    let ok = given.is_some_and(|d| bool::from(d.as_slice().ct_eq(&app.token_digest)));
    if !ok {
        return ApiError::unauthorized(format!("missing or invalid {} token", paths::TOKEN_HEADER))
            .into_response();
    }
    next.run(req).await
}

/// With -v: one line per request on stderr. The path of a delivery hides its token.
async fn log_request(State(app): State<App>, req: Request, next: Next) -> Response {
    if !app.out.shows(1) {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = req.uri().path();
    let path = match path.strip_prefix("/hooks/") {
        Some(_) => "/hooks/(token)".to_string(),
        None => path.to_string(),
    };
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    app.out.debug(
        1,
        &format!("{method} {path} -> {} ({ms:.1} ms)", res.status().as_u16()),
    );
    res
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such resource")
}

// ---- health ------------------------------------------------------------------------------

async fn health() -> Response {
    json_response(
        StatusCode::OK,
        &serde_json::json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}),
    )
}
