//! Server-to-Server OAuth (REFERENCE §1).
//!
//! `POST {oauth_base}/oauth/token` with `Authorization: Basic base64(client_id:client_secret)` and
//! the form body `grant_type=account_credentials&account_id=…` (the form-body variant, as Zoom's
//! Rivet SDK sends it). Tokens live one hour and have no refresh token; the cached token is
//! replaced once ≤60 s remain (Rivet's `EXPIRATION_DELTA_SECONDS`), and once more when Zoom
//! rejects it (401 / code 124). Neither the secret nor the token is ever logged or put in an
//! error message: both travel only inside [`Secret`].

use crate::{ErrorKind, Secret, ZoomError};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Refresh this long before the token's expiry.
pub(crate) const REFRESH_MARGIN_SECS: i64 = 60;

#[derive(Clone)]
pub(crate) struct AccessToken {
    pub value: Arc<Secret<String>>,
    pub expires_at: DateTime<Utc>,
    /// Increases with every fetched token, so a rejection invalidates only the token it saw.
    pub generation: u64,
}

#[derive(Default)]
pub(crate) struct TokenCache {
    pub current: Option<AccessToken>,
    pub generation: u64,
}

impl TokenCache {
    /// The cached token if it is still good for at least the margin.
    pub(crate) fn fresh(&self, now: DateTime<Utc>) -> Option<AccessToken> {
        self.current
            .as_ref()
            .filter(|t| t.expires_at - chrono::Duration::seconds(REFRESH_MARGIN_SECS) > now)
            .cloned()
    }

    /// Drop the token Zoom just rejected (but not a newer one another task fetched meanwhile).
    pub(crate) fn invalidate(&mut self, generation: u64) {
        if self
            .current
            .as_ref()
            .is_some_and(|t| t.generation == generation)
        {
            self.current = None;
        }
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct TokenResponse {
    pub access_token: String,
    #[serde(default)]
    pub expires_in: Option<i64>,
}

#[derive(serde::Deserialize, Default)]
struct TokenErrorBody {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    code: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<String>,
}

pub(crate) fn basic_header(client_id: &str, client_secret: &Secret<String>) -> Secret<String> {
    let raw = format!("{client_id}:{}", client_secret.expose());
    Secret::new(format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    ))
}

pub(crate) fn form_body(account_id: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "account_credentials")
        .append_pair("account_id", account_id)
        .finish()
}

/// Map a non-2xx token endpoint answer. Zoom answers 400 `{"error":"invalid_client",
/// "reason":"Invalid client_id or client_secret"}` for bad credentials (REFERENCE §1).
pub(crate) fn token_error(status: u16, body: &[u8]) -> ZoomError {
    let parsed: TokenErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let reason = parsed
        .reason
        .or(parsed.message)
        .unwrap_or_else(|| format!("HTTP {status}"));
    let code = match &parsed.code {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        _ => None,
    };
    let (kind, message) = if status >= 500 {
        (
            ErrorKind::Unavailable,
            format!("Zoom's token endpoint is unavailable: {reason}"),
        )
    } else if status == 429 {
        (
            ErrorKind::RateLimited { daily: false },
            format!("Zoom's token endpoint is rate limiting: {reason}"),
        )
    } else {
        let error = parsed.error.unwrap_or_default();
        let message = match error.as_str() {
            "invalid_client" => format!(
                "Zoom rejected the client ID or client secret (invalid_client: {reason}). Check the \
                 Server-to-Server OAuth app's credentials and that the app is activated."
            ),
            "" => format!("Zoom refused to issue an access token: {reason}"),
            other => format!("Zoom refused to issue an access token ({other}: {reason})"),
        };
        (ErrorKind::Unauthorized, message)
    };
    ZoomError {
        kind,
        http_status: Some(status),
        zoom_code: code,
        message,
        retry_after: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_and_basic_header() {
        assert_eq!(
            form_body("acc id"),
            "grant_type=account_credentials&account_id=acc+id"
        );
        let h = basic_header("id", &Secret::new("sec".to_owned()));
        assert_eq!(h.expose(), "Basic aWQ6c2Vj");
        assert!(!format!("{h:?}").contains("aWQ6"));
    }

    #[test]
    fn invalid_client_is_unauthorized_with_a_clear_message() {
        let e = token_error(
            400,
            br#"{"reason":"Invalid client_id or client_secret","error":"invalid_client"}"#,
        );
        assert_eq!(e.kind, ErrorKind::Unauthorized);
        assert!(e.message.contains("client ID or client secret"));
    }

    #[test]
    fn cache_refreshes_within_margin_and_invalidates_by_generation() {
        let now = Utc::now();
        let mut cache = TokenCache {
            current: Some(AccessToken {
                value: Arc::new(Secret::new("t".into())),
                expires_at: now + chrono::Duration::seconds(61),
                generation: 1,
            }),
            generation: 1,
        };
        assert!(cache.fresh(now).is_some());
        assert!(cache.fresh(now + chrono::Duration::seconds(2)).is_none());
        cache.invalidate(2);
        assert!(cache.current.is_some());
        cache.invalidate(1);
        assert!(cache.current.is_none());
    }
}
