//! The one error type of the Zoom client. Callers act on `kind`; `zoom_code` and `message`
//! keep what Zoom said for the technical details. Never contains a secret or a token.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad client id/secret, app not activated, token revoked (after one refresh attempt).
    Unauthorized,
    /// The app lacks a scope; the names Zoom gave, when it gave them.
    MissingScope {
        scopes: Vec<String>,
    },
    NotFound,
    /// E.g. 1005/409 "email already used".
    Conflict,
    /// 429. `daily` means a daily cap: do not retry before `ZoomError::retry_after`.
    RateLimited {
        daily: bool,
    },
    /// 300 and friends; the fields Zoom named.
    Validation {
        fields: Vec<FieldError>,
    },
    /// The plan does not allow this (code 200 "Only available for paid users", dashboards on Pro).
    PlanRequired,
    /// Zoom answered 5xx, or a report is not ready yet.
    Unavailable,
    /// Could not reach Zoom (DNS, connect, reset, timeout).
    Network,
    /// Zoom answered something we could not decode; `path` is the JSON path that failed.
    Decode {
        path: String,
    },
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

impl ZoomError {
    /// True for a daily or per-second 429.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self.kind, ErrorKind::RateLimited { .. })
    }
}

/// Zoom's error body: `{"code": int, "message": text, "errors": [{"field", "message"}]}`
/// (developers.zoom.us/docs/api/errors.md, REFERENCE §7). Every field optional: proxies and
/// gateways answer with other shapes.
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ZoomErrorBody {
    #[serde(default)]
    pub code: Option<serde_json::Value>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub errors: Option<Vec<ZoomFieldError>>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct ZoomFieldError {
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

impl ZoomErrorBody {
    pub(crate) fn parse(body: &[u8]) -> Self {
        serde_json::from_slice(body).unwrap_or_default()
    }

    pub(crate) fn code(&self) -> Option<i64> {
        match &self.code {
            Some(serde_json::Value::Number(n)) => n.as_i64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// What a 429 told us (REFERENCE §6 "429 headers").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RateLimitInfo {
    pub daily: bool,
    pub retry_after: Option<chrono::DateTime<Utc>>,
}

/// Classify a 429: daily when `X-RateLimit-Type: Daily-limit` or the message says "daily"
/// (the per-user meeting and per-registrant texts carry no headers, devforum t/18928).
pub(crate) fn rate_limit_info(
    headers: &http::HeaderMap,
    message: &str,
    now: DateTime<Utc>,
) -> RateLimitInfo {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let daily = header("x-ratelimit-type").is_some_and(|t| t.eq_ignore_ascii_case("daily-limit"))
        || message.to_ascii_lowercase().contains("daily");
    let mut retry_after = header("retry-after").and_then(|v| parse_retry_after(v, now));
    if retry_after.is_none() {
        // KWP lists X-RateLimit-Reset (unix seconds) on per-second hits (secondary source).
        retry_after = header("x-ratelimit-reset")
            .and_then(|v| v.parse::<i64>().ok())
            .and_then(|secs| DateTime::from_timestamp(secs, 0));
    }
    if daily && retry_after.is_none() {
        // Daily caps reset at GMT 00:00 (M25 meetingCreate 429 text, REFERENCE §6).
        retry_after = Some(next_utc_midnight(now));
    }
    RateLimitInfo { daily, retry_after }
}

/// `Retry-After` as an ISO date (Zoom's documented form), delta-seconds, or an HTTP date:
/// the exact form is unverified (REFERENCE §10.7), so all three are accepted.
pub(crate) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        if !(secs.is_finite() && secs >= 0.0) {
            return None;
        }
        // A delay too long for a date (a garbled header) is no instruction at all: checked
        // arithmetic, because chrono panics on overflow (found by the `zoom_answers` fuzzer).
        return chrono::TimeDelta::try_milliseconds((secs * 1000.0) as i64)
            .and_then(|delay| now.checked_add_signed(delay));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(value) {
        return Some(t.with_timezone(&Utc));
    }
    None
}

pub(crate) fn next_utc_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.date_naive().succ_opt().unwrap_or(now.date_naive());
    tomorrow.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Scope names from "Invalid access token, does not contain scopes:[a:b, c:d]." (t/108207).
pub(crate) fn parse_scopes(message: &str) -> Vec<String> {
    let Some(start) = message.find('[') else {
        return Vec::new();
    };
    let rest = &message[start + 1..];
    let end = rest.find(']').unwrap_or(rest.len());
    rest[..end]
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Map a non-2xx Zoom API answer to a [`ZoomError`] (REFERENCE §7). The caller has already
/// dealt with refresh-once on 401/124 and with 429 bookkeeping.
pub(crate) fn from_response(
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> ZoomError {
    let parsed = ZoomErrorBody::parse(body);
    let code = parsed.code();
    let message = parsed
        .message
        .clone()
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| format!("Zoom answered HTTP {status}"));
    let lower = message.to_ascii_lowercase();
    let mut retry_after = None;
    // Scope errors first: whatever status they come with, a new token would not help.
    // 4711 always means missing scopes on API calls; 4700 and 104 only with that text
    // (4700 is also "token cannot be empty"; REFERENCE §10.9).
    let scope_text = lower.contains("scope");
    let kind = if code == Some(4711)
        || (matches!(code, Some(4700 | 104)) && scope_text)
        || lower.contains("does not contain scope")
    {
        ErrorKind::MissingScope {
            scopes: parse_scopes(&message),
        }
    } else if status == 401 || matches!(code, Some(124 | 4700)) {
        ErrorKind::Unauthorized
    } else if status == 429 || code == Some(429) {
        let info = rate_limit_info(headers, &message, now);
        retry_after = info.retry_after;
        ErrorKind::RateLimited { daily: info.daily }
    } else if status >= 500 {
        ErrorKind::Unavailable
    } else if code == Some(200) && (lower.contains("paid") || lower.contains("plan")) {
        ErrorKind::PlanRequired
    } else if status == 404 || matches!(code, Some(1001 | 3001)) {
        ErrorKind::NotFound
    } else if status == 409 || code == Some(1005) {
        ErrorKind::Conflict
    } else if code == Some(300) {
        let fields = parsed
            .errors
            .unwrap_or_default()
            .into_iter()
            .map(|e| FieldError {
                field: e.field.unwrap_or_default(),
                message: e.message.unwrap_or_default(),
            })
            .collect();
        ErrorKind::Validation { fields }
    } else {
        ErrorKind::Rejected
    };
    ZoomError {
        kind,
        http_status: Some(status),
        zoom_code: code,
        message,
        retry_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn map(status: u16, body: &str) -> ZoomError {
        from_response(status, &http::HeaderMap::new(), body.as_bytes(), now())
    }

    #[test]
    fn codes_map_to_kinds() {
        assert_eq!(
            map(
                401,
                r#"{"code":104,"message":"Invalid access token, does not contain scopes:[a:b]."}"#
            )
            .kind,
            ErrorKind::MissingScope {
                scopes: vec!["a:b".into()]
            }
        );
        assert_eq!(
            map(401, r#"{"code":4700,"message":"Token cannot be empty."}"#).kind,
            ErrorKind::Unauthorized
        );
        assert_eq!(
            map(401, r#"{"code":124,"message":"Invalid access token."}"#).kind,
            ErrorKind::Unauthorized
        );
        assert_eq!(
            map(400, r#"{"code":4711,"message":"Invalid access token, does not contain scopes:[meeting:write:registrant:admin, user:read:user:admin]."}"#).kind,
            ErrorKind::MissingScope { scopes: vec!["meeting:write:registrant:admin".into(), "user:read:user:admin".into()] }
        );
        assert_eq!(
            map(404, r#"{"code":1001,"message":"User does not exist"}"#).kind,
            ErrorKind::NotFound
        );
        assert_eq!(
            map(400, r#"{"code":3001,"message":"Meeting does not exist"}"#).kind,
            ErrorKind::NotFound
        );
        assert_eq!(
            map(
                409,
                r#"{"code":1005,"message":"Email has already been used"}"#
            )
            .kind,
            ErrorKind::Conflict
        );
        assert_eq!(
            map(
                400,
                r#"{"code":200,"message":"Only available for Paid users"}"#
            )
            .kind,
            ErrorKind::PlanRequired
        );
        assert_eq!(map(503, "<html>").kind, ErrorKind::Unavailable);
        assert_eq!(
            map(400, r#"{"code":3003,"message":"not host"}"#).kind,
            ErrorKind::Rejected
        );
        let v = map(
            400,
            r#"{"code":300,"message":"Validation Failed.","errors":[{"field":"user_info.email","message":"Invalid field."}]}"#,
        );
        assert_eq!(
            v.kind,
            ErrorKind::Validation {
                fields: vec![FieldError {
                    field: "user_info.email".into(),
                    message: "Invalid field.".into()
                }]
            }
        );
        assert_eq!(v.zoom_code, Some(300));
        assert_eq!(v.http_status, Some(400));
    }

    #[test]
    fn rate_limits_daily_and_per_second() {
        let mut h = http::HeaderMap::new();
        h.insert("x-ratelimit-type", "Daily-limit".parse().unwrap());
        h.insert("retry-after", "2026-11-30T00:00:00Z".parse().unwrap());
        let e = from_response(
            429,
            &h,
            br#"{"code":429,"message":"maximum daily rate limit"}"#,
            now(),
        );
        assert_eq!(e.kind, ErrorKind::RateLimited { daily: true });
        assert_eq!(
            e.retry_after.unwrap().to_rfc3339(),
            "2026-11-30T00:00:00+00:00"
        );

        // Per-user meeting cap: no headers, the message says daily; reset at next 00:00 UTC.
        let e = map(
            429,
            r#"{"code":429,"message":"You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user."}"#,
        );
        assert_eq!(e.kind, ErrorKind::RateLimited { daily: true });
        assert_eq!(e.retry_after, Some(next_utc_midnight(now())));

        let mut h = http::HeaderMap::new();
        h.insert("retry-after", "2".parse().unwrap());
        h.insert("x-ratelimit-type", "QPS".parse().unwrap());
        let e = from_response(429, &h, br#"{"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."}"#, now());
        assert_eq!(e.kind, ErrorKind::RateLimited { daily: false });
        assert_eq!(e.retry_after, Some(now() + chrono::Duration::seconds(2)));
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(
            parse_retry_after("1.5", now()),
            Some(now() + chrono::Duration::milliseconds(1500))
        );
        assert!(parse_retry_after("Mon, 30 Nov 2026 00:00:00 +0000", now()).is_some());
        assert_eq!(parse_retry_after("soon", now()), None);
        // The fuzzer's find: delta-seconds past what a date can hold is ignored, not a panic.
        assert_eq!(parse_retry_after("52222222222222222222", now()), None);
        assert_eq!(parse_retry_after("1e300", now()), None);
    }
}
