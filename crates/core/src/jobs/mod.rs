//! Jobs: every long operation (provisioning, registration, closing the door, attendance sync)
//! runs as a job persisted in SQLite with one row per item and an idempotency key.
//!
//! - Progress is published as [`JobProgress`] events (done, total, rate, time left).
//! - Pause, resume and cancel act between items; a pause keeps every finished item.
//! - At start, [`Runner::resume_unfinished`] picks up what was running when the process stopped
//!   (even after `kill -9`): items marked `in_flight` may have reached Zoom, so their handler is
//!   told (`interrupted`) and must look before it acts again. Nothing is done twice.
//! - A handler can pause the whole job (a daily Zoom limit) until a given time.

mod dispatch;
mod runner;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use runner::{ItemHandler, ItemResult, JobControl, Runner};

use crate::error::{AppError, Result};
use crate::store::jobs::{JobItemRow, JobRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum JobKind {
    Provision,
    Deprovision,
    Register,
    Uninvite,
    CloseDoor,
    AttendanceSync,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Provision => "provision",
            JobKind::Deprovision => "deprovision",
            JobKind::Register => "register",
            JobKind::Uninvite => "uninvite",
            JobKind::CloseDoor => "close_door",
            JobKind::AttendanceSync => "attendance_sync",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "provision" => JobKind::Provision,
            "deprovision" => JobKind::Deprovision,
            "register" => JobKind::Register,
            "uninvite" => JobKind::Uninvite,
            "close_door" => JobKind::CloseDoor,
            "attendance_sync" => JobKind::AttendanceSync,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum JobState {
    Queued,
    Running,
    Paused,
    Completed,
    /// Finished, with some items failed (each with its reason).
    Failed,
    Cancelled,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Paused => "paused",
            JobState::Completed => "completed",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "queued" => JobState::Queued,
            "running" => JobState::Running,
            "paused" => JobState::Paused,
            "completed" => JobState::Completed,
            "failed" => JobState::Failed,
            "cancelled" => JobState::Cancelled,
            _ => return None,
        })
    }

    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobState::Completed | JobState::Failed | JobState::Cancelled
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    pub id: String,
    pub kind: JobKind,
    pub title: String,
    pub state: JobState,
    /// Why the job is paused, in plain words (e.g. Zoom's daily limit).
    pub pause_reason: Option<String>,
    pub resume_after: Option<DateTime<Utc>>,
    pub total: u32,
    pub done: u32,
    pub failed: u32,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl Job {
    pub(crate) fn from_row(row: &JobRow) -> Result<Self> {
        Ok(Self {
            id: row.id.clone(),
            kind: JobKind::parse(&row.kind)
                .ok_or_else(|| AppError::database(format!("unknown job kind {:?}", row.kind)))?,
            title: row.title.clone(),
            state: JobState::parse(&row.state)
                .ok_or_else(|| AppError::database(format!("unknown job state {:?}", row.state)))?,
            pause_reason: row.pause_reason.clone(),
            resume_after: row.resume_after.as_deref().and_then(parse_time),
            total: row.total.max(0) as u32,
            done: row.done.max(0) as u32,
            failed: row.failed.max(0) as u32,
            created_at: parse_time(&row.created_at).unwrap_or_default(),
            started_at: row.started_at.as_deref().and_then(parse_time),
            finished_at: row.finished_at.as_deref().and_then(parse_time),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ItemState {
    Pending,
    InFlight,
    Done,
    Failed,
    Skipped,
}

impl ItemState {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemState::Pending => "pending",
            ItemState::InFlight => "in_flight",
            ItemState::Done => "done",
            ItemState::Failed => "failed",
            ItemState::Skipped => "skipped",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Some(match value {
            "pending" => ItemState::Pending,
            "in_flight" => ItemState::InFlight,
            "done" => ItemState::Done,
            "failed" => ItemState::Failed,
            "skipped" => ItemState::Skipped,
            _ => return None,
        })
    }
}

/// One item of a job, as handlers and front ends see it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobItem {
    pub seq: u32,
    pub key: String,
    /// What the item is about (a person id, a meeting id …), for the handler.
    pub subject: String,
    /// What the item is about, for people ("Ada Lovelace <ada@example.org>").
    pub label: String,
    pub state: ItemState,
    pub error_message: Option<String>,
    pub attempts: u32,
}

impl JobItem {
    pub(crate) fn from_row(row: &JobItemRow) -> Self {
        Self {
            seq: row.seq.max(0) as u32,
            key: row.idempotency_key.clone(),
            subject: row.subject.clone(),
            label: row.label.clone(),
            state: ItemState::parse(&row.state).unwrap_or(ItemState::Pending),
            error_message: row.error_message.clone(),
            attempts: row.attempts.max(0) as u32,
        }
    }
}

/// Published after every item and every state change.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    pub job_id: String,
    pub kind: JobKind,
    pub title: String,
    pub state: JobState,
    pub done: u32,
    pub failed: u32,
    pub total: u32,
    /// Items per minute over this run.
    pub rate_per_minute: Option<f64>,
    pub seconds_left: Option<u32>,
    pub pause_reason: Option<String>,
}

pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}
