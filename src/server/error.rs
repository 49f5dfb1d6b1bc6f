//! The one error type of the server and its JSON shape.
//!
//! Every non-2xx answer carries `{"errors": [{"code", "message", "field"?}]}` (the API's
//! [`ErrorBody`]): handlers return [`ApiError`], and [`error_shape`] rewrites the few answers
//! that do not come from a handler (axum's own 405, extractor rejections) into that shape.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::model::{ErrorBody, ErrorItem};

/// An error answer: status, code, message and, for a bad value, the field it is about.
#[derive(Debug, Clone)]
pub(super) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    /// Further errors of the same request (several bad fields at once).
    pub more: Vec<ErrorItem>,
}

impl ApiError {
    pub(super) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
            more: Vec::new(),
        }
    }

    /// Names the field, query parameter or header the error is about.
    #[must_use]
    pub(super) fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub(super) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub(super) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub(super) fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// `422 invalid` about one field.
    pub(super) fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message).field(field)
    }

    pub(super) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub(super) fn precondition_failed(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
            message,
        )
        .field("If-Match")
    }

    pub(super) fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is larger than {limit} bytes"),
        )
    }

    pub(super) fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "expected Content-Type application/json",
        )
    }

    pub(super) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    /// The JSON body of this error.
    pub(super) fn body(&self) -> ErrorBody {
        let mut body = ErrorBody::one(self.code, self.message.clone(), self.field.as_deref());
        body.errors.extend(self.more.iter().cloned());
        body
    }

    /// `422 invalid` listing every bad field; `None` when there is none.
    pub(super) fn invalid_all(mut items: Vec<ErrorItem>) -> Option<Self> {
        if items.is_empty() {
            return None;
        }
        let first = items.remove(0);
        let mut err = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", first.message);
        err.field = first.field;
        err.more = items;
        Some(err)
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        {
            return Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "internal",
                "the store is busy",
            );
        }
        Self::internal(format!("store: {e}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.body()).unwrap_or_default();
        let mut res = (self.status, body).into_response();
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        res
    }
}

/// The Content-Type of every JSON answer.
pub(super) const JSON: &str = "application/json; charset=utf-8";

/// Middleware body: an error answer that is not JSON (axum's 404/405, an extractor rejection)
/// gets the API's error shape; its other headers (`Allow` on a 405) are kept.
pub(super) async fn error_shape(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || is_json(res.headers()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // The text of a rejection is short and written for people; keep it as the message.
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_string();
    let (code, fallback) = match status {
        StatusCode::NOT_FOUND => ("not_found", "no such resource"),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method_not_allowed", "method not allowed on this resource")
        }
        StatusCode::UNAUTHORIZED => ("unauthorized", "unauthorized"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "the body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "expected Content-Type application/json",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid", "invalid request"),
        s if s.is_server_error() => ("internal", "internal error"),
        _ => ("bad_request", "bad request"),
    };
    let message = if text.is_empty() {
        fallback.to_string()
    } else {
        text
    };
    let mut res = ApiError::new(status, code, message).into_response();
    if let Some(allow) = parts.headers.remove(header::ALLOW) {
        res.headers_mut().insert(header::ALLOW, allow);
    }
    res
}

fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}
