//! `serve`'s HTTP helpers, shared by the management API (`api`), the delivery pipeline and the
//! streams: JSON answers and pages, the media type check, bodies read within their size and
//! time limits (README, "What serve limits"), and paging parameters.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt as _;
use serde::Serialize;
use serde_json::Value;

use super::error::{ApiError, JSON};
use crate::api::model::paths;

/// The largest management request body accepted.
pub(super) const MAX_REQUEST: usize = 1024 * 1024;

/// A JSON answer.
pub(super) fn json_response<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => raw_json(status, body),
        Err(e) => ApiError::internal(format!("encoding the answer: {e}")).into_response(),
    }
}

pub(super) fn raw_json(status: StatusCode, body: impl Into<Body>) -> Response {
    let mut res = (status, body.into()).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
    res
}

/// A page of a list, with `X-Total-Count`.
pub(super) fn page_response<T: Serialize>(items: &[T], total: u64) -> Response {
    let mut res = json_response(StatusCode::OK, items);
    res.headers_mut()
        .insert(paths::TOTAL_HEADER, HeaderValue::from(total));
    res
}

/// Whether the request says its body is JSON (`application/json`, or `application/*+json`).
pub(super) fn is_json(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.len() > 17
            && essence[..12].eq_ignore_ascii_case("application/")
            && essence[essence.len() - 5..].eq_ignore_ascii_case("+json")
}

/// Why a body could not be read.
pub(super) enum BodyError {
    TooLarge,
    Broken(String),
    /// The body did not arrive within [`BODY_TIMEOUT`].
    TimedOut,
}

impl BodyError {
    /// The answer for a body that could not be read (`limit`: the size refused).
    pub(super) fn into_api(self, limit: usize) -> ApiError {
        match self {
            BodyError::TooLarge => ApiError::too_large(limit),
            BodyError::Broken(why) => ApiError::bad_request(why),
            BodyError::TimedOut => ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                format!(
                    "the body did not arrive within {} s",
                    BODY_TIMEOUT.as_secs()
                ),
            ),
        }
    }
}

/// A request's whole body must arrive within this time (README, "What serve limits"); the
/// head has its own deadline (`listen::HEADER_TIMEOUT`).
pub(super) const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// A body that declares a length over the limit but under this size is read to its end
/// (within [`BODY_TIMEOUT`], and never kept) before the 413, so that the client gets the
/// answer instead of a reset connection; a larger one is cut off at once. A chunked body
/// declares nothing, so it is answered as soon as it passes the limit.
const DRAIN_MAX: u64 = 8 * 1024 * 1024;

/// Reads a body of at most `limit` bytes, within [`BODY_TIMEOUT`].
pub(super) async fn read_body(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Bytes, BodyError> {
    tokio::time::timeout(BODY_TIMEOUT, read_body_inner(headers, body, limit))
        .await
        .unwrap_or(Err(BodyError::TimedOut))
}

pub(super) async fn read_body_inner(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<Bytes, BodyError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_MAX) {
        return Err(BodyError::TooLarge);
    }
    let mut too_large = declared.is_some_and(|n| n > limit as u64);
    let mut seen: u64 = 0;
    let mut stream = body.into_data_stream();
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|e| BodyError::Broken(format!("could not read the body: {e}")))?;
        seen += chunk.len() as u64;
        if seen > limit as u64 {
            if declared.is_none() {
                return Err(BodyError::TooLarge);
            }
            too_large = true;
            (first, rest) = (None, Vec::new());
        }
        if too_large {
            if seen > DRAIN_MAX {
                break;
            }
            continue;
        }
        match &first {
            None => first = Some(chunk),
            Some(f) => {
                if rest.is_empty() {
                    rest.extend_from_slice(f);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    if too_large {
        return Err(BodyError::TooLarge);
    }
    Ok(if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        Bytes::from(rest)
    })
}

/// A JSON request body: 415 unless sent as JSON, 413 over the limit, 400 unless it parses.
pub(super) async fn read_json(headers: &HeaderMap, body: Body) -> Result<Value, ApiError> {
    if !is_json(headers) {
        return Err(ApiError::unsupported_media_type());
    }
    let bytes = read_body(headers, body, MAX_REQUEST)
        .await
        .map_err(|e| e.into_api(MAX_REQUEST))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request(format!("the body is not JSON: {e}")))
}

/// `limit` (1..1000, default 100) and `skip` (>= 0).
pub(super) struct Paging {
    pub(super) limit: u32,
    pub(super) skip: u64,
}

pub(super) fn paging(query: &[(String, String)]) -> Result<Paging, ApiError> {
    let last = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
    };
    let limit = match last("limit") {
        None => 100,
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                ApiError::invalid(
                    "limit",
                    format!("limit must be an integer from 1 to 1000, not {v:?}"),
                )
            })?,
    };
    let skip = match last("skip") {
        None => 0,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| *n <= i64::MAX as u64)
            .ok_or_else(|| {
                ApiError::invalid(
                    "skip",
                    format!("skip must be an integer from 0 to {}, not {v:?}", i64::MAX),
                )
            })?,
    };
    Ok(Paging { limit, skip })
}
