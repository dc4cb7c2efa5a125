//! The data that goes into and comes out of reconciliation.
//!
//! Inputs are plain values the store already has (raw attendance rows, invitations, the people
//! directory, saved match rules, thresholds). Outputs are what the UI shows; every output type
//! is `camelCase` on the wire and has a specta `Type`. Times are UTC (`DateTime<Utc>`, an
//! RFC 3339 string on the wire); durations on the wire are whole seconds.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A person in the directory (local id). On the wire a plain number: local ids stay far below
/// 2^53, so TypeScript's `number` holds them exactly.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(transparent)]
pub struct PersonId(#[specta(type = f64)] pub i64);

/// A saved match rule (local id assigned by the store). A plain number on the wire.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(transparent)]
pub struct RuleId(#[specta(type = f64)] pub i64);

/// Which Zoom endpoint a row came from. Reconciliation treats all sources alike; feed one
/// source per instance (the same join reported by two endpoints would count as two joins,
/// although the interval union keeps the attended time right).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum RowSource {
    /// `GET /report/meetings/{id}/participants`.
    Report,
    /// `GET /past_meetings/{id}/participants`.
    Past,
    /// `GET /metrics/meetings/{id}/participants?type=past`.
    Dashboard,
}

/// One raw attendance row, exactly as fetched (one join of one device). Values may be masked
/// (`""`, blanks, `******`, `Name unavailable`); reconciliation treats masked values as absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceRow {
    /// Stable id assigned at fetch (e.g. instance uuid + page + index). Breaks every tie.
    pub row_key: String,
    /// Zoom's registration id for the link used to join, if any.
    pub registration_id: Option<String>,
    /// The Zoom user id of a signed-in user of the account (or the legacy `id`).
    pub zoom_user_id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    #[specta(type = String)]
    pub joined_at: DateTime<Utc>,
    /// A leave before the join (bad data) is read as a zero-length stay at the join.
    #[specta(type = String)]
    pub left_at: DateTime<Utc>,
    /// Time in the waiting room is never attended time.
    pub in_waiting_room: bool,
    pub source: RowSource,
}

/// A person invited to the meeting series, with the registration Zoom gave the invitation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Invitee {
    pub person_id: PersonId,
    pub registration_id: Option<String>,
}

/// A person in the directory, with what rows may carry about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KnownPerson {
    pub person_id: PersonId,
    /// First and last name, as the directory shows it.
    pub display_name: String,
    pub email: Option<String>,
    /// The email of the person's Zoom user, when it differs from `email`.
    pub zoom_email: Option<String>,
    pub zoom_user_id: Option<String>,
}

/// What a row can be recognised by, as the row shows it (after normalization): the key of
/// match rules and of review-queue entries.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct Alias {
    pub kind: AliasKind,
    /// Normalized: emails lower-cased, names as [`normalize_name`](super::normalize_name)
    /// returns them, ids trimmed.
    pub value: String,
}

/// The kinds of alias, strongest first. A row's best alias is the first kind it carries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum AliasKind {
    /// A registration id that no invitation carries (a stranger who registered, a cancelled
    /// invitation).
    RegistrationId,
    /// A Zoom user id that no known person carries.
    ZoomUserId,
    Email,
    Name,
    /// Nothing usable on the row (everything masked): the row key, so the row stands alone.
    Row,
}

/// Whom a match rule ties an alias to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RuleTarget {
    #[serde(rename_all = "camelCase")]
    Person { person_id: PersonId },
    /// A known guest (an interpreter, a speaker from outside): identified, not a person of
    /// the directory, never in the review queue again.
    #[serde(rename_all = "camelCase")]
    Guest { label: Option<String> },
}

/// Where a match rule applies. A series rule beats an account rule for the same row.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum RuleScope {
    /// Every instance of one meeting series (Zoom meeting id).
    #[serde(rename_all = "camelCase")]
    Series { meeting_id: String },
    /// Every meeting of the account.
    Account,
}

/// A saved admin decision: rows showing `alias` belong to `target` (rule 3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MatchRule {
    pub id: RuleId,
    pub alias: Alias,
    pub target: RuleTarget,
    pub scope: RuleScope,
}

/// The thresholds an admin sets for statuses. On the wire, whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    /// Late when the first join is strictly after start + this. Default 5 minutes.
    #[serde(with = "seconds")]
    #[specta(type = u32)]
    pub late_after: Duration,
    /// Left early when the last leave is strictly before end − this. Default 5 minutes.
    #[serde(with = "seconds")]
    #[specta(type = u32)]
    pub left_early_before_end: Duration,
    /// Attended when the attended time is > 0 and ≥ this. Default 0: any attended time.
    #[serde(with = "seconds")]
    #[specta(type = u32)]
    pub present_min: Duration,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            late_after: Duration::minutes(5),
            left_early_before_end: Duration::minutes(5),
            present_min: Duration::zero(),
        }
    }
}

/// When an instance was meant to happen and when it really ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InstanceSchedule {
    #[specta(type = String)]
    pub scheduled_start: DateTime<Utc>,
    #[specta(type = String)]
    pub scheduled_end: DateTime<Utc>,
    /// When the host ended it, if known.
    #[specta(type = Option<String>)]
    pub actual_end: Option<DateTime<Utc>>,
}

impl InstanceSchedule {
    /// The end "left early" is measured from: the earlier of the scheduled and the actual end.
    /// Whoever stays until a meeting that ended early is over did not leave early, and whoever
    /// stays until the scheduled end of a meeting that overran did not leave early either.
    pub fn reference_end(&self) -> DateTime<Utc> {
        match self.actual_end {
            Some(actual) => actual.min(self.scheduled_end),
            None => self.scheduled_end,
        }
    }

    /// Scheduled length (zero when the end is not after the start).
    pub fn scheduled_duration(&self) -> Duration {
        (self.scheduled_end - self.scheduled_start).max(Duration::zero())
    }
}

/// Everything reconciliation reads for one instance.
#[derive(Debug, Clone, Copy)]
pub struct ReconcileInput<'a> {
    /// The Zoom meeting id of the series this instance belongs to (selects series rules).
    pub meeting_id: &'a str,
    pub schedule: InstanceSchedule,
    pub rows: &'a [AttendanceRow],
    pub invitees: &'a [Invitee],
    pub people: &'a [KnownPerson],
    pub rules: &'a [MatchRule],
    pub thresholds: Thresholds,
    /// The meeting's host. Zoom lists the host among the participants; their rows are the
    /// host's, never a person's of the directory and never in the review queue.
    pub host: HostIdentity<'a>,
}

/// Who hosts a meeting, as Zoom names them on participant rows. Empty or masked values are
/// absent: `HostIdentity::default()` recognizes no row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HostIdentity<'a> {
    pub zoom_user_id: Option<&'a str>,
    pub email: Option<&'a str>,
}

/// How a row was tied to its person: the §6 rule that held first. Ordered strongest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum MatchMethod {
    /// 1. The row's registration id is an invitation's.
    RegistrationId,
    /// 2. The row's Zoom user id is a known person's.
    ZoomUserId,
    /// 3. A saved match rule (series before account).
    Rule,
    /// 4. The row's email is a person's email or Zoom email.
    Email,
    /// 5. The row's normalized name is exactly one invitee's.
    UniqueName,
}

/// A person's status for an instance.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum AttendanceStatus {
    Present,
    /// Invited, attended, first join after start + `late_after`. Wins over `LeftEarly` when
    /// both hold (the record's `late` and `leftEarly` flags show both).
    Late,
    /// Invited, attended, last leave before end − `left_early_before_end`.
    LeftEarly,
    /// Invited, no attended time (or less than `present_min`).
    Absent,
    /// Identified but not invited (whatever the time attended).
    Uninvited,
    /// Not tied to anyone. `reconcile` never puts it on a record: such rows are in
    /// [`InstanceAttendance::unidentified`]; the variant is for views that list both.
    Unidentified,
}

/// One stay in the meeting (a merged interval; half-open `[start, end)`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub struct TimeSpan {
    #[specta(type = String)]
    pub start: DateTime<Utc>,
    #[specta(type = String)]
    pub end: DateTime<Utc>,
}

/// What a set of rows adds up to: the interval union of the rows outside the waiting room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type, Default)]
#[serde(rename_all = "camelCase")]
pub struct Presence {
    #[specta(type = Option<String>)]
    pub first_join: Option<DateTime<Utc>>,
    #[specta(type = Option<String>)]
    pub last_leave: Option<DateTime<Utc>>,
    /// Rows outside the waiting room (rejoins and second devices each count).
    pub joins: u32,
    /// Rows in the waiting room (never attended time).
    pub waiting_room_rows: u32,
    /// Sum of the merged intervals, whole seconds.
    pub attended_seconds: u32,
    /// The merged intervals, in time order, for the timeline.
    pub intervals: Vec<TimeSpan>,
}

impl Presence {
    pub fn attended(&self) -> Duration {
        Duration::seconds(i64::from(self.attended_seconds))
    }
}

/// One person's attendance of one instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceRecord {
    pub person_id: PersonId,
    pub invited: bool,
    /// Attended time > 0 and ≥ `present_min` (whether invited or not).
    pub attended: bool,
    pub status: AttendanceStatus,
    /// First join after start + `late_after` (false without attended time).
    pub late: bool,
    /// Last leave before end − `left_early_before_end` (false without attended time).
    pub left_early: bool,
    /// The strongest method among the person's rows; `None` when there are no rows.
    pub match_method: Option<MatchMethod>,
    /// The rule that tied rows, when `match_method` is `Rule` (the lowest id if several).
    pub rule_id: Option<RuleId>,
    pub presence: Presence,
    /// The rows tied to this person, sorted by join time then row key.
    pub row_keys: Vec<String>,
}

/// A known guest: rows a match rule ties to `Guest`, one entry per rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GuestEntry {
    pub rule_id: RuleId,
    pub alias: Alias,
    pub label: Option<String>,
    pub presence: Presence,
    pub row_keys: Vec<String>,
}

/// Why a person is suggested for an unidentified alias.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "camelCase")]
pub enum SuggestionReason {
    SimilarName,
    SameEmailDomain,
    Invited,
}

/// A person the admin may mean. Never applied automatically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub person_id: PersonId,
    pub display_name: String,
    /// Higher is likelier; see [`review`](super::review) for the formula.
    pub score: f64,
    pub reasons: Vec<SuggestionReason>,
}

/// Rows not tied to anyone, grouped by their best alias (a guest who rejoined 3 times is one
/// entry with 3 rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UnidentifiedEntry {
    pub alias: Alias,
    /// A name to show: the first unmasked name on the rows, if any.
    pub display_name: Option<String>,
    pub presence: Presence,
    /// The rows, sorted by join time then row key.
    pub rows: Vec<AttendanceRow>,
    pub suggestions: Vec<Suggestion>,
}

/// The reconciled attendance of one instance. Sorted by stable keys: records by person id,
/// guests by rule id, unidentified entries by alias.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InstanceAttendance {
    pub records: Vec<AttendanceRecord>,
    pub guests: Vec<GuestEntry>,
    pub unidentified: Vec<UnidentifiedEntry>,
}

/// Serde for `chrono::Duration` as whole seconds.
mod seconds {
    use chrono::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(value.num_seconds())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let secs = i64::deserialize(deserializer)?;
        Duration::try_seconds(secs).ok_or_else(|| serde::de::Error::custom("duration out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_types_need_no_bigint() {
        let types = specta::Types::default()
            .register::<InstanceAttendance>()
            .register::<MatchRule>()
            .register::<Thresholds>()
            .register::<InstanceSchedule>();
        let shape = format!("{types:?}");
        for big in ["i64", "u64", "i128", "u128", "isize", "usize"] {
            assert!(!shape.contains(big), "{big} in {shape}");
        }
    }
}
