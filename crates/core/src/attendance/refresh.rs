//! The periodic refresh of recent attendance: while the desktop app is open, every N minutes
//! (the `refreshMinutes` setting; 0 = off) a sync of the recent meetings runs, unless one is
//! already running.
//!
//! The decision is here, pure and tested; the timer that asks for it lives in the desktop
//! shell, because "while the app is open" is the desktop process's lifetime (the CLI runs one
//! command and exits, so it has no periodic refresh).

use chrono::{DateTime, Duration, Utc};

use crate::app::App;
use crate::error::Result;
use crate::jobs::{Job, JobKind, JobState};

/// How far back a refresh looks for ended instances.
pub const RECENT_DAYS: u32 = 7;

/// What the refresh timer should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshDecision {
    /// The setting is 0: no periodic refresh.
    Off,
    /// Not due yet; due after this long.
    Wait(Duration),
    /// Due, but an attendance sync is running: skip this turn (the next turn checks again).
    Busy,
    /// Due: start a refresh now (and count the period from now).
    Run,
}

/// Whether a periodic refresh should start at `now`, `refresh_minutes` after `last` (the last
/// refresh, or when the app opened: the first refresh comes one period after opening).
pub fn refresh_decision(
    refresh_minutes: u32,
    last: DateTime<Utc>,
    now: DateTime<Utc>,
    sync_running: bool,
) -> RefreshDecision {
    if refresh_minutes == 0 {
        return RefreshDecision::Off;
    }
    let due = last + Duration::minutes(i64::from(refresh_minutes));
    if now < due {
        RefreshDecision::Wait(due - now)
    } else if sync_running {
        RefreshDecision::Busy
    } else {
        RefreshDecision::Run
    }
}

/// Whether any attendance sync job is running now (on demand, periodic, or resumed).
pub fn any_sync_running(jobs: &[Job]) -> bool {
    jobs.iter()
        .any(|j| j.kind == JobKind::AttendanceSync && j.state == JobState::Running)
}

impl App {
    /// Whether an attendance sync job is running (see [`refresh_decision`]).
    pub async fn attendance_sync_running(&self) -> Result<bool> {
        let jobs = self.runner().await.list(200).await?;
        Ok(any_sync_running(&jobs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
            + Duration::minutes(minute)
    }

    #[test]
    fn zero_minutes_turns_the_refresh_off_whatever_the_time() {
        assert_eq!(
            refresh_decision(0, at(0), at(0), false),
            RefreshDecision::Off
        );
        assert_eq!(
            refresh_decision(0, at(0), at(10_000), false),
            RefreshDecision::Off
        );
    }

    #[test]
    fn the_first_refresh_comes_one_period_after_the_last_one() {
        assert_eq!(
            refresh_decision(15, at(0), at(0), false),
            RefreshDecision::Wait(Duration::minutes(15))
        );
        assert_eq!(
            refresh_decision(15, at(0), at(14), false),
            RefreshDecision::Wait(Duration::minutes(1))
        );
        assert_eq!(
            refresh_decision(15, at(0), at(15), false),
            RefreshDecision::Run
        );
        assert_eq!(
            refresh_decision(15, at(0), at(100), false),
            RefreshDecision::Run
        );
    }

    #[test]
    fn a_running_sync_makes_a_due_refresh_wait_its_turn_but_not_an_early_one() {
        assert_eq!(
            refresh_decision(15, at(0), at(20), true),
            RefreshDecision::Busy
        );
        assert_eq!(
            refresh_decision(15, at(0), at(5), true),
            RefreshDecision::Wait(Duration::minutes(10))
        );
    }

    #[test]
    fn a_clock_set_back_waits_rather_than_running_at_once() {
        // `now` before `last` (the system clock moved back): not due.
        assert!(matches!(
            refresh_decision(15, at(30), at(0), false),
            RefreshDecision::Wait(_)
        ));
    }

    fn job(kind: JobKind, state: JobState) -> Job {
        Job {
            id: "j".into(),
            kind,
            title: String::new(),
            state,
            pause_reason: None,
            resume_after: None,
            total: 0,
            done: 0,
            failed: 0,
            created_at: at(0),
            started_at: None,
            finished_at: None,
        }
    }

    #[test]
    fn only_a_running_attendance_sync_counts_as_busy() {
        assert!(!any_sync_running(&[]));
        assert!(!any_sync_running(&[
            job(JobKind::Provision, JobState::Running),
            job(JobKind::AttendanceSync, JobState::Completed),
            job(JobKind::AttendanceSync, JobState::Paused),
        ]));
        assert!(any_sync_running(&[
            job(JobKind::Provision, JobState::Completed),
            job(JobKind::AttendanceSync, JobState::Running),
        ]));
    }
}
