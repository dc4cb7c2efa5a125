//! Per-person history and per-group rates over reconciled instances.
//!
//! Rates are over invitations: an instance a person was not invited to adds to their attended
//! count and time but not to their rate. The share of scheduled time counts at most the
//! scheduled length per instance (a meeting that overran does not give more than 100 %).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{AttendanceRecord, InstanceSchedule};

/// One person's outcome of one instance, with the instance's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    #[specta(type = String)]
    pub scheduled_start: DateTime<Utc>,
    pub scheduled_seconds: u32,
    pub invited: bool,
    pub attended: bool,
    pub attended_seconds: u32,
}

impl HistoryEntry {
    pub fn new(schedule: &InstanceSchedule, record: &AttendanceRecord) -> Self {
        let scheduled = schedule.scheduled_duration().num_seconds();
        Self {
            scheduled_start: schedule.scheduled_start,
            scheduled_seconds: u32::try_from(scheduled.max(0)).unwrap_or(u32::MAX),
            invited: record.invited,
            attended: record.attended,
            attended_seconds: record.presence.attended_seconds,
        }
    }

    /// Attended time counted toward the share: at most the scheduled length.
    fn counted_seconds(&self) -> u32 {
        self.attended_seconds.min(self.scheduled_seconds)
    }
}

/// Totals over a set of entries.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, specta::Type, Default)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceTotals {
    /// Instances invited to.
    pub invited: u32,
    /// Instances attended (invited or not).
    pub attended: u32,
    /// Instances invited to and attended.
    pub attended_invited: u32,
    /// Attended time over all entries, whole seconds.
    pub attended_seconds: u32,
    /// Scheduled time of the invited instances, whole seconds.
    pub scheduled_seconds: u32,
    /// `attended_invited / invited` (0 when nothing was invited).
    pub attendance_rate: f64,
    /// Attended time of invited instances (each capped at its scheduled length) / their
    /// scheduled time (0 when nothing was scheduled).
    pub time_share: f64,
}

/// A person's totals over their entries (one per instance).
pub fn person_history<'a>(entries: impl IntoIterator<Item = &'a HistoryEntry>) -> AttendanceTotals {
    let mut t = AttendanceTotals::default();
    let mut counted: u64 = 0;
    let mut scheduled: u64 = 0;
    for e in entries {
        t.attended += u32::from(e.attended);
        t.attended_seconds = t.attended_seconds.saturating_add(e.attended_seconds);
        if e.invited {
            t.invited += 1;
            t.attended_invited += u32::from(e.attended);
            scheduled += u64::from(e.scheduled_seconds);
            counted += u64::from(e.counted_seconds());
        }
    }
    t.scheduled_seconds = u32::try_from(scheduled).unwrap_or(u32::MAX);
    t.attendance_rate = ratio(u64::from(t.attended_invited), u64::from(t.invited));
    t.time_share = ratio(counted, scheduled);
    t
}

/// A group's totals over the instances scheduled to start in `[from, to)`: pass the entries of
/// the group's members (one per member per instance).
pub fn group_rate<'a>(
    entries: impl IntoIterator<Item = &'a HistoryEntry>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AttendanceTotals {
    person_history(
        entries
            .into_iter()
            .filter(|e| e.scheduled_start >= from && e.scheduled_start < to),
    )
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
