//! The shared application state and the router. Every Zoom route passes the gate
//! (`gate.rs`) before its handler.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;

use crate::clock::{self, SimClock};
use crate::errors::ApiError;
use crate::faults::Faults;
use crate::limits::Limiter;
use crate::state::{AccountState, Store, User};
use crate::{
    HipaaMask, SimConfig, control, gate, ids, meetings, oauth, registrants, reports, users,
};

pub struct App {
    pub port: u16,
    pub clock: SimClock,
    store: Mutex<Store>,
    pub faults: Mutex<Faults>,
    pub limiter: Limiter,
    pub(crate) latency_ms: AtomicU64,
    report_delay_s: AtomicU64,
    pub(crate) rate_limits: AtomicBool,
    hipaa: Mutex<Option<HipaaMask>>,
    pub slash_uuid_share: f64,
    snapshot: Option<std::path::PathBuf>,
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
                    // A Free account has no licences: its owner is Basic, so registration
                    // is refused there as for any basic host (M25 `meetingCreate`).
                    user_type: if account.plan == crate::Plan::Free {
                        1
                    } else {
                        2
                    },
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
            snapshot: config.snapshot,
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

    pub fn runtime_snapshot_path(&self) -> Option<&std::path::Path> {
        self.snapshot.as_deref()
    }

    pub fn save_snapshot(&self) -> std::io::Result<()> {
        match &self.snapshot {
            Some(path) => crate::snapshot::save(self, path),
            None => Ok(()),
        }
    }

    pub fn state_json(&self) -> serde_json::Value {
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

    pub(crate) fn count(&self, endpoint: &'static str, status: u16) {
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
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            gate::zoom_gate,
        ));
    let oauth = Router::new()
        .route("/oauth/token", post(oauth::token))
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            gate::oauth_gate,
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

pub async fn not_found(req: Request) -> Response {
    ApiError::new(404, 404, format!("Not found: {}", req.uri().path())).into_response()
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
