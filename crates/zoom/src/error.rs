//! The one error type of the Zoom client. Callers act on `kind`; `zoom_code` and `message`
//! keep what Zoom said for the technical details. Never contains a secret or a token.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad client id/secret, app not activated, token revoked (after one refresh attempt).
    Unauthorized,
    /// The app lacks a scope; the names Zoom gave, when it gave them.
    MissingScope { scopes: Vec<String> },
    NotFound,
    /// E.g. 1005/409 "email already used".
    Conflict,
    /// 429. `daily` means a daily cap: do not retry before `ZoomError::retry_after`.
    RateLimited { daily: bool },
    /// 300 and friends; the fields Zoom named.
    Validation { fields: Vec<FieldError> },
    /// The plan does not allow this (code 200 "Only available for paid users", dashboards on Pro).
    PlanRequired,
    /// Zoom answered 5xx, or a report is not ready yet.
    Unavailable,
    /// Could not reach Zoom (DNS, connect, reset, timeout).
    Network,
    /// Zoom answered something we could not decode; `path` is the JSON path that failed.
    Decode { path: String },
    /// Anything else Zoom refused (code kept in `zoom_code`).
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ZoomError {
    pub kind: ErrorKind,
    pub http_status: Option<u16>,
    pub zoom_code: Option<i64>,
    /// What Zoom said, or what went wrong locally. Plain text, no secrets.
    pub message: String,
    /// When the request may be tried again (from `Retry-After` or a daily reset).
    pub retry_after: Option<DateTime<Utc>>,
}

impl ZoomError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            http_status: None,
            zoom_code: None,
            message: message.into(),
            retry_after: None,
        }
    }
}
