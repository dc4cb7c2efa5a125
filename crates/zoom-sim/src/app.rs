//! The shared application state, the router and the gate every Zoom request passes:
//! latency, injected faults, bearer token, scopes, rate limits, `X-RateLimit-*` headers and
//! request counts.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;

use crate::clock::{self, SimClock};
use crate::errors::ApiError;
use crate::faults::{Faults, PathAction};
use crate::limits::{self, Limiter};
use crate::state::{AccountState, Store, User};
use crate::{HipaaMask, SimConfig, control, ids, meetings, oauth, registrants, reports, users};

pub struct App {
    pub port: u16,
    pub clock: SimClock,
    store: Mutex<Store>,
    pub faults: Mutex<Faults>,
    pub limiter: Limiter,
    latency_ms: AtomicU64,
    report_delay_s: AtomicU64,
    rate_limits: AtomicBool,
    hipaa: Mutex<Option<HipaaMask>>,
    pub slash_uuid_share: f64,
}

/// The account a bearer token belongs to; put into request extensions by the gate.
#[derive(Debug, Clone)]
pub struct Caller {
    pub account_id: String,
}

pub type Shared = Arc<App>;

impl App {
    pub fn new(config: SimConfig, port: u16) -> Self {
        let clock = SimClock::new(config.start_time);
        let now = clock.now();
        let mut rng = StdRng::seed_from_u64(config.seed);
        let mut store = Store {
            rng: StdRng::seed_from_u64(0),
            accounts: Vec::new(),
            users: Default::default(),
            meetings: Default::default(),
            instances: Vec::new(),
            live: Default::default(),
            tokens: Default::default(),
            page_tokens: Default::default(),
            reg_tokens: Default::default(),
            registration_links: Default::default(),
            daily: Default::default(),
            next_handle: 0,
            requests_by_endpoint: Default::default(),
            requests_by_status: Default::default(),
        };
        for account in &config.accounts {
            let owner_id = ids::user_id(&mut rng);
            let local = account.owner_email.split('@').next().unwrap_or("owner");
            store.users.insert(
                owner_id.clone(),
                User {
                    id: owner_id.clone(),
                    account_id: account.account_id.clone(),
                    email: account.owner_email.clone(),
                    first_name: "Account".into(),
                    last_name: "Owner".into(),
                    display_name: format!("Account Owner ({local})"),
                    user_type: 2,
                    status: "active".into(),
                    login_type: 100,
                    action: "owner".into(),
                    pmi: 1_000_000_000 + ids::pin(&mut rng),
                    created_at: now,
                },
            );
            store.accounts.push(AccountState {
                config: account.clone(),
                owner_id,
            });
        }
        store.rng = rng;
        Self {
            port,
            clock,
            store: Mutex::new(store),
            faults: Mutex::new(Faults::default()),
            limiter: Limiter::default(),
            latency_ms: AtomicU64::new(config.latency.as_millis() as u64),
            report_delay_s: AtomicU64::new(config.report_delay.as_secs()),
            rate_limits: AtomicBool::new(config.rate_limits),
            hipaa: Mutex::new(config.hipaa),
            slash_uuid_share: config.slash_uuid_share,
        }
    }

    /// The store lock. Held only for in-memory work, never across `.await`.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn hipaa(&self) -> Option<HipaaMask> {
        *self.hipaa.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn report_delay(&self) -> chrono::Duration {
        // Bounded to a year so adding it to a time cannot overflow.
        chrono::Duration::seconds(self.report_delay_s.load(Ordering::Relaxed).min(31_536_000) as i64)
    }

    pub fn runtime_config(&self) -> serde_json::Value {
        json!({
            "latency_ms": self.latency_ms.load(Ordering::Relaxed),
            "report_delay_seconds": self.report_delay_s.load(Ordering::Relaxed),
            "rate_limits": self.rate_limits.load(Ordering::Relaxed),
            "hipaa": self.hipaa(),
        })
    }

    pub fn set_runtime_config(&self, patch: &control::ConfigPatch) {
        if let Some(ms) = patch.latency_ms {
            self.latency_ms.store(ms, Ordering::Relaxed);
        }
        if let Some(s) = patch.report_delay_seconds {
            self.report_delay_s.store(s, Ordering::Relaxed);
        }
        if let Some(on) = patch.rate_limits {
            self.rate_limits.store(on, Ordering::Relaxed);
        }
        if let Some(h) = patch.hipaa {
            *self.hipaa.lock().unwrap_or_else(|p| p.into_inner()) = h;
        }
    }

    pub fn snapshot(&self) -> serde_json::Value {
        let now = self.now();
        let faults = self.faults().describe();
        let s = self.store();
        let instances: Vec<serde_json::Value> = s
            .instances
            .iter()
            .map(|i| {
                let mut v = serde_json::to_value(i).unwrap_or_default();
                v["rows"] = i
                    .rows
                    .iter()
                    .map(|r| {
                        let mut rv = serde_json::to_value(r).unwrap_or_default();
                        rv["duration"] = json!(r.duration(now));
                        rv
                    })
                    .collect();
                v
            })
            .collect();
        json!({
            "now": clock::fmt(now),
            "accounts": s.accounts.iter().map(|a| json!({
                "account_id": a.config.account_id,
                "plan": a.config.plan,
                "owner_id": a.owner_id,
            })).collect::<Vec<_>>(),
            "users": s.users.values().collect::<Vec<_>>(),
            "meetings": s.meetings.values().collect::<Vec<_>>(),
            "instances": instances,
            "live_participants": s.live.iter().map(|(h, p)| json!({
                "handle": h, "instance": p.instance, "row": p.row,
                "registrant_id": p.registrant_id, "waiting": p.waiting,
            })).collect::<Vec<_>>(),
            "requests_by_endpoint": s.requests_by_endpoint,
            "requests_by_status": s.requests_by_status.iter().map(|(k, v)| (k.to_string(), *v)).collect::<std::collections::BTreeMap<_, _>>(),
            "config": self.runtime_config(),
            "faults": faults,
        })
    }

    fn count(&self, endpoint: &'static str, status: u16) {
        let mut s = self.store();
        *s.requests_by_endpoint.entry(endpoint).or_default() += 1;
        *s.requests_by_status.entry(status).or_default() += 1;
    }
}

pub fn router(app: Shared) -> Router {
    let v2 = Router::new()
        .route("/v2/users", get(users::list).post(users::create))
        .route("/v2/users/{user_id}", get(users::get).delete(users::delete))
        .route("/v2/users/{user_id}/token", get(users::token))
        .route(
            "/v2/users/{user_id}/meetings",
            get(meetings::list).post(meetings::create),
        )
        .route(
            "/v2/meetings/{meeting_id}",
            get(meetings::get)
                .patch(meetings::update)
                .delete(meetings::delete),
        )
        .route(
            "/v2/meetings/{meeting_id}/registrants",
            get(registrants::list).post(registrants::create),
        )
        .route(
            "/v2/meetings/{meeting_id}/registrants/status",
            put(registrants::status),
        )
        .route(
            "/v2/meetings/{meeting_id}/registrants/{registrant_id}",
            get(registrants::get).delete(registrants::delete),
        )
        .route(
            "/v2/meetings/{meeting_id}/batch_registrants",
            post(registrants::batch),
        )
        .route("/v2/past_meetings/{meeting_id}", get(reports::past_meeting))
        .route(
            "/v2/past_meetings/{meeting_id}/instances",
            get(reports::past_instances),
        )
        .route(
            "/v2/past_meetings/{meeting_id}/participants",
            get(reports::past_participants),
        )
        .route(
            "/v2/report/meetings/{meeting_id}",
            get(reports::report_meeting),
        )
        .route(
            "/v2/report/meetings/{meeting_id}/participants",
            get(reports::report_participants),
        )
        .route(
            "/v2/metrics/meetings/{meeting_id}/participants",
            get(reports::dashboard_participants),
        )
        .route_layer(axum::middleware::from_fn_with_state(app.clone(), zoom_gate));
    let oauth = Router::new()
        .route("/oauth/token", post(oauth::token))
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            oauth_gate,
        ));
    v2.merge(oauth)
        .nest("/_sim", control::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app)
}

async fn method_not_allowed(req: Request) -> Response {
    ApiError::new(
        405,
        405,
        format!(
            "Method {} is not allowed on {}.",
            req.method(),
            req.uri().path()
        ),
    )
    .into_response()
}

async fn not_found(req: Request) -> Response {
    ApiError::new(404, 404, format!("Not found: {}", req.uri().path())).into_response()
}

/// Latency and path faults shared by `/v2` and `/oauth`. `Err` is the response to send
/// instead of serving the request.
async fn pre_flight(app: &App, path: &str) -> Result<(), Response> {
    let latency = app.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    let action = app.faults().take_path(path);
    match action {
        Some(PathAction::Slow(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            Ok(())
        }
        Some(PathAction::Status(status)) => {
            let msg = match status {
                502 => "Bad Gateway",
                503 => "Service Unavailable",
                _ => "Internal Server Error",
            };
            Err(ApiError::new(status, status as i64, msg).into_response())
        }
        Some(PathAction::Reset) => Err(reset_response()),
        None => Ok(()),
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

async fn oauth_gate(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let resp = match pre_flight(&app, req.uri().path()).await {
        Ok(()) => next.run(req).await,
        Err(r) => r,
    };
    app.count("POST /oauth/token", resp.status().as_u16());
    resp
}

async fn zoom_gate(State(app): State<Shared>, mut req: Request, next: Next) -> Response {
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let Some(ep) = limits::endpoint(req.method(), &path) else {
        return not_found(req).await;
    };
    let resp = match pre_flight(&app, req.uri().path()).await {
        Err(r) => r,
        Ok(()) => match admit(&app, &req, &ep) {
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
        },
    };
    app.count(ep.name, resp.status().as_u16());
    resp
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

/// HIPAA masking of names and emails in participant rows (REF §5: specs say `""`, a real
/// HIPAA account saw `"******"`, devforum t/16511).
pub fn mask(value: &str, hipaa: Option<HipaaMask>) -> String {
    match hipaa {
        None => value.to_string(),
        Some(HipaaMask::Empty) => String::new(),
        Some(HipaaMask::Stars) => "******".to_string(),
    }
}
