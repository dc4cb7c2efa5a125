//! zoom-sim: a faithful simulator of the Zoom REST endpoints Rollcall uses.
//!
//! Serves Zoom's paths under `/v2`, the OAuth token endpoint at `/oauth/token`, and a control
//! API under `/_sim/` (not part of Zoom) to act out meetings, move the clock and inject faults.
//! Used by the tests, the benchmarks and the desktop app's demo mode.
//!
//! Public API (stable; the rest of the workspace relies on it):
//! - [`SimConfig`] / [`SimAccount`] describe the simulated Zoom.
//! - [`start`] serves it on a free 127.0.0.1 port and returns a [`SimHandle`].
//! - [`SimHandle::seed_users`] / [`SimHandle::seed_registrants`] fill an account directly
//!   (demo mode), [`SimHandle::edit_meeting_in_portal`] changes a meeting outside the API.
//!
//! Control API (`{control_base}` = `http://127.0.0.1:PORT/_sim`, JSON; errors are
//! `{"code","message"}`):
//! - `POST /meetings/{id}/start` `{"occurrence_id"?}` → `{"uuid","host"}` (the host joins).
//! - `POST /meetings/{id}/end` → `{"uuid","end_time"}` (every open row is closed).
//! - `POST /join` `{"join_url","name"?,"email"?,"device"?,"phone"?,"pin"?}` →
//!   `{"participant":H,"status":"in_meeting"}` or `{"waiting":H,"status":"in_waiting_room"}`.
//!   `join_url` is a meeting link (`?pwd=`), a registrant link (`?tk=`), either plus `&zak=`.
//! - `POST /admit` `{"participant":H}`, `POST /leave` `{"participant":H}`.
//! - `POST /register` `{"registration_url","email","first_name","last_name"?}` → 201
//!   `{"registrant_id","status","participant_pin_code","join_url"?}` (a stranger registering).
//! - `GET /clock`, `POST /clock/advance` `{"seconds","frozen"?}`, `POST /clock/set`
//!   `{"now","frozen"?}` → `{"now","frozen"}`.
//! - `POST /faults` (see `faults::FaultSpec`: `{"kind":"rate_limit_burst","category","count"}`,
//!   `{"kind":"daily_cap","category"}`, `{"kind":"http_error","status","count"?,"path_prefix"?}`,
//!   `{"kind":"slow","delay_ms","count"?,"path_prefix"?}`, `{"kind":"reset","count"?,
//!   "path_prefix"?}`, `{"kind":"revoke_tokens","account_id"?}`); `DELETE /faults` clears.
//! - `GET|POST /config` `{"latency_ms"?,"report_delay_seconds"?,"rate_limits"?,"hipaa"?}`.
//! - `GET /state`: users, meetings (with registrants), instances (with rows), live
//!   participants, request counts per endpoint and status, knobs and faults.
//! - `POST /snapshot`: write `SimConfig::snapshot` now (204; 409 when none is configured).
//!
//! Facts about Zoom come from `shared/zoom-api/REFERENCE.md` (cited as "REF §n") and the
//! OpenAPI copies next to it (cited by tag and operationId, e.g. "M25 `meetingCreate`").

mod acting;
mod app;
mod clock;
mod control;
mod errors;
mod faults;
mod gate;
mod ids;
mod limits;
mod meetings;
mod oauth;
mod paging;
mod registrants;
mod reports;
mod seed;
mod snapshot;
mod state;
mod users;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use seed::{SeedRegistrant, SeedUser, SeededRegistrant};

/// The plan decides rate limits and which endpoints exist (reports need a paid plan,
/// dashboards Business).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    Pro,
    Business,
}

/// How HIPAA/BAA masking hides names and emails in participant rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HipaaMask {
    /// `""`, as the specs say.
    Empty,
    /// `"******"`, as seen on a real HIPAA account (devforum t/16511).
    Stars,
}

/// One Zoom account with a Server-to-Server OAuth app.
#[derive(Debug, Clone)]
pub struct SimAccount {
    pub account_id: String,
    pub client_id: String,
    pub client_secret: String,
    /// The owner (`GET /users/me`), created licensed (Basic on a Free plan, which has no
    /// licences).
    pub owner_email: String,
    /// Scopes granted to the app; `None` grants every scope.
    pub scopes: Option<Vec<String>>,
    pub plan: Plan,
}

impl SimAccount {
    /// The account demo mode and most tests use.
    pub fn demo() -> Self {
        Self {
            account_id: "demo-account".into(),
            client_id: "demo-client".into(),
            client_secret: "demo-secret-not-a-real-secret".into(),
            owner_email: "owner@demo.rollcall.invalid".into(),
            scopes: None,
            plan: Plan::Pro,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub accounts: Vec<SimAccount>,
    pub hipaa: Option<HipaaMask>,
    /// Added to every Zoom response (not control calls).
    pub latency: Duration,
    /// Seed for ids, tokens and UUIDs, so runs are repeatable.
    pub seed: u64,
    /// Where the sim clock starts; `None` starts at the real time. The clock then runs at real
    /// speed and can be moved with `/_sim/clock/*`.
    pub start_time: Option<DateTime<Utc>>,
    /// Sim time between the end of a meeting instance and its past-meeting/report/dashboard data
    /// appearing (Zoom: "a minute or two", devforum t/48616). Zero by default.
    pub report_delay: Duration,
    /// Per-second and per-day account rate limits (REF §6). Switch off only for benchmarks.
    /// Per-user/per-resource daily caps (meeting create/update, registrant add) stay on.
    pub rate_limits: bool,
    /// Share of meeting instances (0.0..=1.0) whose UUID starts with `/` or contains `//`, so
    /// clients must double-encode them (REF §5 "Meeting UUID rule").
    pub slash_uuid_share: f64,
    /// Keep what Zoom holds in this JSON file: loaded at start when it exists, written by
    /// [`SimHandle::save_snapshot`], `POST /_sim/snapshot` and [`SimHandle::shutdown`].
    pub snapshot: Option<std::path::PathBuf>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            accounts: vec![SimAccount::demo()],
            hipaa: None,
            latency: Duration::ZERO,
            seed: 1,
            start_time: None,
            report_delay: Duration::ZERO,
            rate_limits: true,
            slash_uuid_share: 0.25,
            snapshot: None,
        }
    }
}

/// A running simulator. Dropping it does not stop the server; call [`SimHandle::shutdown`].
pub struct SimHandle {
    port: u16,
    app: Arc<app::App>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("port", &self.port)
            .finish()
    }
}

impl SimHandle {
    pub fn port(&self) -> u16 {
        self.port
    }
    /// `http://127.0.0.1:PORT/v2`
    pub fn api_base(&self) -> String {
        format!("http://127.0.0.1:{}/v2", self.port)
    }
    /// `http://127.0.0.1:PORT`; the token endpoint is `{oauth_base}/oauth/token`.
    pub fn oauth_base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
    /// `http://127.0.0.1:PORT/_sim`
    pub fn control_base(&self) -> String {
        format!("http://127.0.0.1:{}/_sim", self.port)
    }
    /// What Zoom holds, as `GET /_sim/state` returns it (users, meetings, registrants,
    /// instances, participant rows, request counts).
    pub fn state(&self) -> serde_json::Value {
        self.app.state_json()
    }
    /// The sim clock's current time.
    pub fn now(&self) -> DateTime<Utc> {
        self.app.clock.now()
    }
    /// Move the sim clock forward (as `POST /_sim/clock/advance`).
    pub fn advance_clock(&self, by: Duration) {
        self.app.clock.advance(by);
    }
    /// Set the sim clock (as `POST /_sim/clock/set`).
    pub fn set_clock(&self, to: DateTime<Utc>) {
        self.app.clock.set(to);
    }
    /// Stop the sim clock at its current time (`true`) or let it run again (`false`).
    pub fn freeze_clock(&self, frozen: bool) {
        self.app.clock.freeze(frozen);
    }
    /// Write the snapshot file now (no-op without `SimConfig::snapshot`).
    pub fn save_snapshot(&self) -> std::io::Result<()> {
        self.app.save_snapshot()
    }
    /// Stop serving and wait for the server task to finish; writes the snapshot file when
    /// one is configured.
    pub async fn shutdown(mut self) {
        if let Err(e) = self.app.save_snapshot() {
            tracing::warn!("zoom-sim: snapshot not saved: {e}");
        }
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// Serve the simulator on `127.0.0.1:port` (0 picks a free port) on the current tokio runtime.
pub async fn start(config: SimConfig, port: u16) -> std::io::Result<SimHandle> {
    // Loopback only: the simulator is never reachable from another machine.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let port = listener.local_addr()?.port();
    let snapshot = config.snapshot.clone();
    let app = app::App::new(config, port);
    if let Some(path) = &snapshot {
        let saved_at = snapshot::load(&mut app.store(), path)?;
        // Zoom's time does not run backwards: a clock behind the snapshot catches up to it.
        if let Some(t) = saved_at.filter(|t| *t > app.clock.now()) {
            app.clock.set(t);
        }
    }
    let app = Arc::new(app);
    let router = app::router(app.clone());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stop_rx.await;
            })
            .await;
        if let Err(e) = served {
            tracing::warn!("zoom-sim server stopped: {e}");
        }
    });
    Ok(SimHandle {
        port,
        app,
        stop: Some(stop_tx),
        task: Some(task),
    })
}
