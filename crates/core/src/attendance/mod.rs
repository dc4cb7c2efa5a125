//! Attendance reconciliation: who of our people was in an instance, and when.
//!
//! Plain data in, plain data out: [`reconcile`] takes the raw rows Zoom reported for one
//! instance, the invitations, the people directory and the saved match rules, and returns an
//! [`InstanceAttendance`]: one [`AttendanceRecord`] per identified or invited person, the known
//! guests, and the unidentified rows grouped for review with suggestions. The rules are
//! ARCHITECTURE §6; see [`reconcile`] for the order and [`normalize`] for masking and name
//! comparison. [`review`] turns an admin's decision into a [`MatchRule`]; [`history`] adds up
//! records across instances.

pub mod history;
pub mod interval;
mod model;
pub mod normalize;
mod reconcile;
pub mod review;

pub use history::{AttendanceTotals, HistoryEntry, group_rate, person_history};
pub use interval::{merge_intervals, total_duration};
pub use model::{
    Alias, AliasKind, AttendanceRecord, AttendanceRow, AttendanceStatus, GuestEntry,
    InstanceAttendance, InstanceSchedule, Invitee, KnownPerson, MatchMethod, MatchRule, PersonId,
    Presence, ReconcileInput, RowSource, RuleId, RuleScope, RuleTarget, Suggestion,
    SuggestionReason, Thresholds, TimeSpan, UnidentifiedEntry,
};
pub use normalize::{is_masked, normalize_email, normalize_name, unmasked};
pub use reconcile::{SUGGESTION_LIMIT, reconcile};
pub use review::ApplyTo;
