//! zoom-sim: a faithful simulator of the Zoom REST endpoints Rollcall uses.
//!
//! Serves Zoom's paths under `/v2`, the OAuth token endpoint at `/oauth/token`, and a control
//! API under `/_sim/` (not part of Zoom) to act out meetings, move the clock and inject faults.
//! Used by the tests, the benchmarks and the desktop app's demo mode.
//!
//! Public API (stable; the rest of the workspace relies on it):
//! - [`SimConfig`] / [`SimAccount`] describe the simulated Zoom.
//! - [`start`] serves it on a free 127.0.0.1 port and returns a [`SimHandle`].

use std::time::Duration;

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
    /// The owner (`GET /users/me`), created licensed.
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
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            accounts: vec![SimAccount::demo()],
            hipaa: None,
            latency: Duration::ZERO,
            seed: 1,
        }
    }
}

/// A running simulator. Dropping it does not stop the server; call [`SimHandle::shutdown`].
#[derive(Debug)]
pub struct SimHandle {
    port: u16,
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
}

/// Serve the simulator on `127.0.0.1:port` (0 picks a free port) on the current tokio runtime.
pub async fn start(config: SimConfig, port: u16) -> std::io::Result<SimHandle> {
    let _ = (config, port);
    Err(std::io::Error::other("zoom-sim is not built yet"))
}
