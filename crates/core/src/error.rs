//! One error vocabulary for every front end (ARCHITECTURE §9): a stable `code` the UI and the
//! CLI act on, a `message` in plain words for an admin, and a `detail` with the technical chain
//! (Zoom's own code included) for support. Never carries a secret.

use rollcall_zoom::{ErrorKind, ZoomError};
use serde::Serialize;

/// Stable codes. Add one only when a front end acts on it differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub enum ErrorCode {
    ZoomNotConnected,
    ZoomUnauthorized,
    ZoomMissingScope,
    ZoomRateLimited,
    ZoomPlanRequired,
    ZoomUnavailable,
    ZoomNetwork,
    KeychainUnavailable,
    Validation,
    NotFound,
    Conflict,
    Database,
    Unknown,
    /// Another Rollcall (window or command) runs jobs in this data folder.
    AlreadyOpen,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub detail: Option<String>,
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Validation, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }

    pub fn database(err: impl std::fmt::Display) -> Self {
        Self::new(
            ErrorCode::Database,
            "Rollcall could not read or write its local data. Your data is safe; try again, \
             and if this keeps happening, restore the latest backup from Settings.",
        )
        .with_detail(err.to_string())
    }
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = err {
            return Self::not_found("That item no longer exists.");
        }
        Self::database(err)
    }
}

impl From<sqlx::migrate::MigrateError> for AppError {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        Self::database(err)
    }
}

/// Zoom's answers, said for an admin: what happened and what to do next. Zoom's code and
/// message stay in `detail`.
impl From<ZoomError> for AppError {
    fn from(err: ZoomError) -> Self {
        let detail = zoom_detail(&err);
        let (code, message) = match &err.kind {
            ErrorKind::Unauthorized => (
                ErrorCode::ZoomUnauthorized,
                "Zoom did not accept these credentials. Check the Account ID, Client ID and \
                 Client secret, and that the Server-to-Server OAuth app is activated in the \
                 Zoom App Marketplace."
                    .to_owned(),
            ),
            ErrorKind::MissingScope { scopes } if !scopes.is_empty() => (
                ErrorCode::ZoomMissingScope,
                format!(
                    "The Zoom app is missing permissions ({}). Add these scopes to the app in the \
                     Zoom App Marketplace, then try again.",
                    scopes.join(", ")
                ),
            ),
            ErrorKind::MissingScope { .. } => (
                ErrorCode::ZoomMissingScope,
                "The Zoom app is missing a permission this needs. Add the scopes listed in \
                 Rollcall's guide to the app in the Zoom App Marketplace, then try again."
                    .to_owned(),
            ),
            ErrorKind::NotFound => (
                ErrorCode::NotFound,
                "Zoom no longer has this item; it may have been deleted in Zoom.".to_owned(),
            ),
            ErrorKind::Conflict => (
                ErrorCode::Conflict,
                "Zoom already has this item.".to_owned(),
            ),
            ErrorKind::RateLimited { daily: true } => (
                ErrorCode::ZoomRateLimited,
                match err.retry_after {
                    Some(at) => format!(
                        "Zoom's daily limit for this kind of request is reached. Rollcall will \
                         continue after {} (UTC).",
                        at.format("%Y-%m-%d %H:%M")
                    ),
                    None => "Zoom's daily limit for this kind of request is reached. Rollcall \
                             will continue after midnight UTC."
                        .to_owned(),
                },
            ),
            ErrorKind::RateLimited { daily: false } => (
                ErrorCode::ZoomRateLimited,
                "Zoom asked Rollcall to slow down. It will continue shortly.".to_owned(),
            ),
            ErrorKind::Validation { fields } if !fields.is_empty() => (
                ErrorCode::Validation,
                format!(
                    "Zoom refused some values: {}.",
                    fields
                        .iter()
                        .map(|f| format!("{} ({})", f.field, f.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ),
            ErrorKind::Validation { .. } => (
                ErrorCode::Validation,
                format!("Zoom refused the request: {}", err.message),
            ),
            ErrorKind::PlanRequired => (
                ErrorCode::ZoomPlanRequired,
                "This needs a higher Zoom plan than the account has. Check the plan chosen for \
                 this account in Settings."
                    .to_owned(),
            ),
            ErrorKind::Unavailable => (
                ErrorCode::ZoomUnavailable,
                "Zoom is not answering properly right now. Try again in a few minutes.".to_owned(),
            ),
            ErrorKind::Network => (
                ErrorCode::ZoomNetwork,
                "Rollcall could not reach Zoom. Check the internet connection (and the API and \
                 OAuth addresses of this account), then try again."
                    .to_owned(),
            ),
            ErrorKind::Decode { .. } => (
                ErrorCode::Unknown,
                "Zoom answered in a way Rollcall did not expect. Nothing was changed; please \
                 report this with the technical details."
                    .to_owned(),
            ),
            ErrorKind::Rejected => (
                ErrorCode::Unknown,
                format!("Zoom refused the request: {}", err.message),
            ),
        };
        Self {
            code,
            message,
            detail: Some(detail),
        }
    }
}

fn zoom_detail(err: &ZoomError) -> String {
    let mut parts = Vec::new();
    if let Some(status) = err.http_status {
        parts.push(format!("HTTP {status}"));
    }
    if let Some(code) = err.zoom_code {
        parts.push(format!("Zoom code {code}"));
    }
    if let ErrorKind::Decode { path } = &err.kind {
        parts.push(format!("at {path}"));
    }
    parts.push(err.message.clone());
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape every front end parses. Changing it breaks the UI and scripts using `--json`.
    #[test]
    fn json_shape_is_pinned() {
        let err = AppError::validation("The email is not valid.").with_detail("line 3");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "Validation",
                "message": "The email is not valid.",
                "detail": "line 3"
            })
        );
        let bare = serde_json::to_value(AppError::not_found("gone")).unwrap();
        assert_eq!(
            bare,
            serde_json::json!({"code": "NotFound", "message": "gone", "detail": null})
        );
    }

    #[test]
    fn zoom_errors_keep_zoom_code_in_detail_and_speak_plainly() {
        let mut zoom = ZoomError::new(
            ErrorKind::MissingScope {
                scopes: vec!["meeting:write:admin".into()],
            },
            "Invalid access token, does not contain scopes:[meeting:write:admin]",
        );
        zoom.http_status = Some(400);
        zoom.zoom_code = Some(4711);
        let err = AppError::from(zoom);
        assert_eq!(err.code, ErrorCode::ZoomMissingScope);
        assert!(err.message.contains("meeting:write:admin"));
        let detail = err.detail.unwrap();
        assert!(detail.contains("Zoom code 4711"), "{detail}");
        assert!(detail.contains("HTTP 400"), "{detail}");
    }
}
