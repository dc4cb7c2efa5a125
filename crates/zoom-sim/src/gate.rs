//! The gate every Zoom request passes before its handler: injected faults, bearer token,
//! scopes, account rate limits (REF §6) — all decided on arrival — then the simulated
//! latency, `X-RateLimit-*` headers and request counts.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::{App, Caller, Shared, not_found};
use crate::clock;
use crate::errors::ApiError;
use crate::faults::PathAction;
use crate::limits;

/// The path fault for a request, taken when it arrives. `Ok` is extra server time (a `slow`
/// fault, in ms) before the request is served; `Err` is the response to send instead of
/// serving it.
#[allow(clippy::result_large_err)]
fn path_fault(app: &App, path: &str) -> Result<u64, Response> {
    let action = app.faults().take_path(path);
    match action {
        Some(PathAction::Slow(ms)) => Ok(ms),
        Some(PathAction::Status(status)) => {
            let msg = match status {
                502 => "Bad Gateway",
                503 => "Service Unavailable",
                _ => "Internal Server Error",
            };
            Err(ApiError::new(status, status as i64, msg).into_response())
        }
        Some(PathAction::Reset) => Err(reset_response()),
        None => Ok(0),
    }
}

/// The simulated network latency plus `extra_ms` of server time. Every answer, refusals
/// included, waits for it before it is produced, so round trips are the same whatever the
/// answer.
async fn delay(app: &App, extra_ms: u64) {
    let ms = app
        .latency_ms
        .load(Ordering::Relaxed)
        .saturating_add(extra_ms);
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

/// A response whose body fails at once: hyper then closes the connection without finishing
/// the answer, which a client sees as a reset / incomplete message.
fn reset_response() -> Response {
    let stream = futures::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "zoom-sim: injected connection reset",
        ))
    });
    let mut resp = Response::new(axum::body::Body::from_stream(stream));
    resp.headers_mut().insert(
        axum::http::header::CONTENT_LENGTH,
        HeaderValue::from_static("100"),
    );
    resp
}

pub async fn oauth_gate(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let resp = match path_fault(&app, req.uri().path()) {
        Ok(slow) => {
            delay(&app, slow).await;
            next.run(req).await
        }
        Err(r) => {
            delay(&app, 0).await;
            r
        }
    };
    app.count("POST /oauth/token", resp.status().as_u16());
    resp
}

pub async fn zoom_gate(State(app): State<Shared>, mut req: Request, next: Next) -> Response {
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let Some(ep) = limits::endpoint(req.method(), &path) else {
        return not_found(req).await;
    };
    let fault = path_fault(&app, req.uri().path());
    // Zoom counts a request against the rate limits when it arrives; latency is network
    // time. So the 429 decision (and the sliding window's timestamp) is taken now, before
    // the delay, and a loaded machine's timer jitter cannot push an evenly paced request
    // into a neighbour's window.
    let admitted = match &fault {
        Ok(_) => Some(admit(&app, &req, &ep)),
        Err(_) => None,
    };
    // A request that has arrived is carried out to the end even when the client stops
    // waiting (a timeout, a killed process): Zoom does not undo work because nobody read
    // the answer. Serving it on its own task keeps hyper's cancellation of the connection
    // from cancelling the handler, which is exactly the window where a careless client
    // would create something twice.
    let served = tokio::spawn(async move {
        let resp = match (fault, admitted) {
            (Err(r), _) => {
                delay(&app, 0).await;
                r
            }
            (Ok(slow), admitted) => {
                delay(&app, slow).await;
                match admitted.expect("admitted when there is no fault") {
                    Err(r) => r,
                    Ok((caller, headers)) => {
                        req.extensions_mut().insert(caller);
                        let mut resp = next.run(req).await;
                        for (k, v) in headers {
                            if let Ok(v) = HeaderValue::from_str(&v) {
                                resp.headers_mut().insert(k, v);
                            }
                        }
                        resp
                    }
                }
            }
        };
        app.count(ep.name, resp.status().as_u16());
        resp
    });
    match served.await {
        Ok(resp) => resp,
        Err(e) => ApiError::new(500, 500, format!("zoom-sim: handler failed: {e}")).into_response(),
    }
}

const CATEGORY: HeaderName = HeaderName::from_static("x-ratelimit-category");
const TYPE: HeaderName = HeaderName::from_static("x-ratelimit-type");
const LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// Token, scope and account rate limits. On success: the caller and the headers to add.
#[allow(clippy::result_large_err)]
fn admit(
    app: &App,
    req: &Request,
    ep: &limits::Endpoint,
) -> Result<(Caller, Vec<(HeaderName, String)>), Response> {
    let now = app.now();
    let bearer = req
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .unwrap_or("");
    let (account_id, plan, scopes) = {
        let s = app.store();
        let Some(tok) = s.tokens.get(bearer) else {
            return Err(ApiError::invalid_token().into_response());
        };
        if tok.revoked || tok.expires_at <= now {
            return Err(ApiError::invalid_token().into_response());
        }
        let Some(acct) = s.account(&tok.account_id) else {
            return Err(ApiError::invalid_token().into_response());
        };
        (
            acct.config.account_id.clone(),
            acct.config.plan,
            acct.config.scopes.clone(),
        )
    };
    if let Some(granted) = scopes
        && !ep.scopes.iter().any(|s| granted.iter().any(|g| g == s))
    {
        // REF §7: 4711 "Invalid access token, does not contain scopes:[...]" (devforum
        // t/108207). HTTP 400 is our pick; the sources give no status.
        return Err(ApiError::new(
            400,
            4711,
            format!(
                "Invalid access token, does not contain scopes:[{}].",
                ep.scopes.join(", ")
            ),
        )
        .into_response());
    }
    let caller = Caller {
        account_id: account_id.clone(),
    };
    if !app.rate_limits.load(Ordering::Relaxed) {
        return Ok((caller, Vec::new()));
    }
    let cat = ep.category;
    let today = now.date_naive();
    let qps_refused = |limit: usize, retry: Duration| {
        let secs = retry.as_secs_f64().ceil().max(1.0) as u64;
        let reset = now.timestamp() + secs as i64;
        // REF §6: per-second 429 body; `Retry-After` in seconds and `X-RateLimit-Reset`
        // (unix time) per KWP.
        ApiError::new(
            429,
            429,
            "You have reached the maximum per-second rate limit for this API. Try again later.",
        )
        .with_header(CATEGORY, cat.header().into())
        .with_header(TYPE, "QPS".into())
        .with_header(LIMIT, limit.to_string())
        .with_header(REMAINING, "0".into())
        .with_header(axum::http::header::RETRY_AFTER, secs.to_string())
        .with_header(RESET, reset.to_string())
        .into_response()
    };
    let daily_refused = |limit: u64| {
        // REF §6: daily 429 with `Retry-After` = ISO date of the next 00:00 UTC.
        ApiError::new(
            429,
            429,
            "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.",
        )
        .with_header(CATEGORY, cat.header().into())
        .with_header(TYPE, "Daily-limit".into())
        .with_header(LIMIT, limit.to_string())
        .with_header(REMAINING, "0".into())
        .with_header(axum::http::header::RETRY_AFTER, clock::fmt(clock::next_midnight(now)))
        .into_response()
    };
    let daily = cat.daily(plan);
    {
        let mut f = app.faults();
        if f.daily_cap_hit(cat, today) {
            return Err(daily_refused(daily.map(|d| d.0).unwrap_or(0)));
        }
        if f.take_burst(cat) {
            let (limit, _) = cat.window(plan);
            return Err(qps_refused(limit, Duration::from_secs(1)));
        }
    }
    let admit = match app.limiter.check(&account_id, cat, plan) {
        Ok(a) => a,
        Err(r) => return Err(qps_refused(r.limit, r.retry_after)),
    };
    if let Some((cap, bucket)) = daily {
        let key = format!("acct:{account_id}:{bucket}");
        if app.store().take_daily(key, today, cap).is_err() {
            return Err(daily_refused(cap));
        }
    }
    Ok((
        caller,
        vec![
            (CATEGORY, cat.header().to_string()),
            (TYPE, "QPS".to_string()),
            (LIMIT, admit.limit.to_string()),
            (REMAINING, admit.remaining.to_string()),
        ],
    ))
}
