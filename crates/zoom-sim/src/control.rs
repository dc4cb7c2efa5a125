//! The control API under `/_sim/` (not part of Zoom): act out meetings (`acting.rs`), move
//! the clock, inject faults, change knobs and inspect what Zoom holds. JSON in, JSON out;
//! errors use Zoom's `{code, message}` shape so clients can share one decoder.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::HipaaMask;
use crate::acting::{admit, end_meeting, join, leave, register, start_meeting};
use crate::app::Shared;
use crate::clock::fmt;
use crate::errors::{ApiError, ApiResult, ZoomJson};
use crate::faults::FaultSpec;

pub fn router() -> Router<Shared> {
    Router::new()
        .route("/meetings/{meeting_id}/start", post(start_meeting))
        .route("/meetings/{meeting_id}/end", post(end_meeting))
        .route("/join", post(join))
        .route("/admit", post(admit))
        .route("/leave", post(leave))
        .route("/register", post(register))
        .route("/clock", get(clock_get))
        .route("/clock/advance", post(clock_advance))
        .route("/clock/set", post(clock_set))
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/config", get(config_get).post(config_set))
        .route("/state", get(state))
        .route("/snapshot", post(save_snapshot))
}

fn clock_json(app: &Shared) -> Value {
    json!({ "now": fmt(app.now()), "frozen": app.clock.is_frozen() })
}

async fn clock_get(State(app): State<Shared>) -> axum::Json<Value> {
    axum::Json(clock_json(&app))
}

#[derive(Deserialize)]
pub struct AdvanceBody {
    seconds: f64,
    frozen: Option<bool>,
}

async fn clock_advance(
    State(app): State<Shared>,
    ZoomJson(body): ZoomJson<AdvanceBody>,
) -> ApiResult<axum::Json<Value>> {
    // At most ten years at a time, so the clock never overflows.
    if !body.seconds.is_finite() || !(0.0..=315_360_000.0).contains(&body.seconds) {
        return Err(ApiError::field("seconds", "Must be a non-negative number."));
    }
    app.clock
        .advance(std::time::Duration::from_secs_f64(body.seconds));
    if let Some(f) = body.frozen {
        app.clock.freeze(f);
    }
    Ok(axum::Json(clock_json(&app)))
}

#[derive(Deserialize)]
pub struct SetBody {
    now: String,
    frozen: Option<bool>,
}

async fn clock_set(
    State(app): State<Shared>,
    ZoomJson(body): ZoomJson<SetBody>,
) -> ApiResult<axum::Json<Value>> {
    let t = DateTime::parse_from_rfc3339(&body.now)
        .map_err(|_| ApiError::field("now", "Must be an RFC 3339 time."))?;
    app.clock.set(t.with_timezone(&Utc));
    if let Some(f) = body.frozen {
        app.clock.freeze(f);
    }
    Ok(axum::Json(clock_json(&app)))
}

async fn add_fault(
    State(app): State<Shared>,
    ZoomJson(spec): ZoomJson<FaultSpec>,
) -> ApiResult<axum::Json<Value>> {
    if let FaultSpec::RevokeTokens { account_id } = &spec {
        let mut s = app.store();
        for t in s.tokens.values_mut() {
            if account_id.as_ref().is_none_or(|a| *a == t.account_id) {
                t.revoked = true;
            }
        }
    }
    if let FaultSpec::HttpError { status, .. } = &spec
        && !(500..=599).contains(status)
    {
        return Err(ApiError::field("status", "Must be a 5xx status."));
    }
    let today = app.clock.today();
    let mut f = app.faults();
    f.add(&spec, today);
    Ok(axum::Json(json!({ "faults": f.describe() })))
}

async fn clear_faults(State(app): State<Shared>) -> StatusCode {
    app.faults().clear();
    StatusCode::NO_CONTENT
}

/// Runtime knobs (`POST /_sim/config`); absent keys stay as they are.
#[derive(Debug, Default)]
pub struct ConfigPatch {
    pub latency_ms: Option<u64>,
    pub report_delay_seconds: Option<u64>,
    pub rate_limits: Option<bool>,
    /// `Some(None)` switches HIPAA masking off (`"hipaa": null` or `"off"`).
    pub hipaa: Option<Option<HipaaMask>>,
}

fn parse_patch(v: &Value) -> ApiResult<ConfigPatch> {
    let mut p = ConfigPatch::default();
    if let Some(x) = v.get("latency_ms") {
        p.latency_ms = Some(
            x.as_u64()
                .ok_or_else(|| ApiError::field("latency_ms", "Invalid field."))?,
        );
    }
    if let Some(x) = v.get("report_delay_seconds") {
        p.report_delay_seconds = Some(
            x.as_u64()
                .ok_or_else(|| ApiError::field("report_delay_seconds", "Invalid field."))?,
        );
    }
    if let Some(x) = v.get("rate_limits") {
        p.rate_limits = Some(
            x.as_bool()
                .ok_or_else(|| ApiError::field("rate_limits", "Invalid field."))?,
        );
    }
    if let Some(x) = v.get("hipaa") {
        p.hipaa = Some(match x.as_str() {
            None | Some("off") if x.is_null() || x.as_str() == Some("off") => None,
            Some("stars") => Some(HipaaMask::Stars),
            Some("empty") => Some(HipaaMask::Empty),
            _ => {
                return Err(ApiError::field(
                    "hipaa",
                    "Use \"stars\", \"empty\", \"off\" or null.",
                ));
            }
        });
    }
    Ok(p)
}

async fn config_get(State(app): State<Shared>) -> axum::Json<Value> {
    axum::Json(app.runtime_config())
}

async fn config_set(
    State(app): State<Shared>,
    ZoomJson(body): ZoomJson<Value>,
) -> ApiResult<axum::Json<Value>> {
    let patch = parse_patch(&body)?;
    app.set_runtime_config(&patch);
    Ok(axum::Json(app.runtime_config()))
}

async fn state(State(app): State<Shared>) -> axum::Json<Value> {
    axum::Json(app.state_json())
}

/// Write the snapshot file now (`SimConfig::snapshot`); 409 when none is configured.
async fn save_snapshot(State(app): State<Shared>) -> ApiResult<StatusCode> {
    if app.runtime_snapshot_path().is_none() {
        return Err(ApiError::new(409, 300, "No snapshot file is configured."));
    }
    app.save_snapshot()
        .map_err(|e| ApiError::new(500, 500, format!("Snapshot not saved: {e}")))?;
    Ok(StatusCode::NO_CONTENT)
}
