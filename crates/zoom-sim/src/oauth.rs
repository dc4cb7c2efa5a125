//! `POST /oauth/token`: Server-to-Server OAuth (REF §1). Form body or query string,
//! Basic auth `client_id:client_secret`, `grant_type=account_credentials&account_id=…`.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use crate::app::Shared;
use crate::ids;
use crate::limits::ALL_SCOPES;
use crate::state::AccessToken;

/// REF §1: 1 hour lifetime; the response says 3599.
const TOKEN_TTL_SECS: i64 = 3600;

fn oauth_error(reason: &str, error: &str) -> Response {
    // REF §1 "Token endpoint errors": HTTP 400 `{"reason":…,"error":…}`.
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({ "reason": reason, "error": error })),
    )
        .into_response()
}

pub async fn token(
    State(app): State<Shared>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Both variants appear in Zoom's own material (REF §10.11): read the query string, then
    // let form-body fields override it.
    let mut params: HashMap<String, String> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    if let Ok(form) = serde_urlencoded::from_bytes::<HashMap<String, String>>(&body) {
        params.extend(form);
    }
    let basic = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|raw| String::from_utf8(raw).ok());
    let Some((client_id, client_secret)) = basic
        .as_deref()
        .and_then(|s| s.split_once(':'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
    else {
        return oauth_error("Invalid client_id or client_secret", "invalid_client");
    };
    let now = app.now();
    let mut s = app.store();
    let Some(account) = s
        .accounts
        .iter()
        .find(|a| a.config.client_id == client_id && a.config.client_secret == client_secret)
        .map(|a| a.config.clone())
    else {
        return oauth_error("Invalid client_id or client_secret", "invalid_client");
    };
    if params.get("grant_type").map(String::as_str) != Some("account_credentials") {
        return oauth_error("unsupported grant type", "unsupported_grant_type");
    }
    if params.get("account_id") != Some(&account.account_id) {
        // No source gives this exact text; `invalid_request` follows RFC 6749 §5.2.
        return oauth_error("Invalid account_id", "invalid_request");
    }
    let access_token = format!("sim.{}", ids::token(&mut s.rng, 48));
    s.tokens.insert(
        access_token.clone(),
        AccessToken {
            account_id: account.account_id.clone(),
            expires_at: now + chrono::Duration::seconds(TOKEN_TTL_SECS),
            revoked: false,
        },
    );
    let scope = match &account.scopes {
        Some(list) => list.join(" "),
        None => ALL_SCOPES.join(" "),
    };
    drop(s);
    axum::Json(json!({
        "access_token": access_token,
        "token_type": "bearer",
        "expires_in": TOKEN_TTL_SECS - 1,
        "scope": scope,
        "api_url": app.base(),
    }))
    .into_response()
}
