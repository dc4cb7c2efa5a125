//! Attendance reconciliation: who of our people was in an instance, and when.
//!
//! Plain data in, plain data out: [`reconcile`] takes the raw rows Zoom reported for one
//! instance, the invitations, the people directory and the saved match rules, and returns an
//! [`InstanceAttendance`]: one [`AttendanceRecord`] per identified or invited person, the known
//! guests, and the unidentified rows grouped for review with suggestions. The rules are
//! ARCHITECTURE §6; see [`reconcile`] for the order and [`normalize`] for masking and name
//! comparison. [`review`] turns an admin's decision into a [`MatchRule`]; [`history`] adds up
//! records across instances.
//!
//! Around the engine: [`sync`] fetches instances and raw rows from Zoom (a resumable job),
//! [`records`] runs the engine on what the store holds and stores the derived records,
//! [`views`] is the API the front ends call on [`App`](crate::App) (views, review queue and
//! decisions, settings), and [`export`] writes CSV and XLSX.
//!
//! # Choices made where §6 leaves room
//! - **Names** match after trim, whitespace collapse and lower-casing; diacritics are kept
//!   (`José` ≠ `Jose` for rule 5; suggestions fold them).
//! - **Emails** that two people share (as email or Zoom email) match neither (rule 4).
//! - **The host** (the meeting's host Zoom user id, or unmasked email, on a row) is neither a
//!   person nor a guest nor unidentified: Zoom lists the host among the participants, and those
//!   rows are left out of the result (checked before rule 1; hosts cannot be registrants, §7).
//! - **A borrowed link** counts for its owner: the registration id on the row wins (rule 1).
//! - **Aliases**, strongest first: unknown registration id, unknown Zoom user id, email,
//!   normalized name; a fully masked row has only its row key and stands alone.
//! - **Rules**: series before account, then the stronger alias kind, then the lower id.
//! - **Statuses**: late is strictly after start + `late_after`, left early strictly before
//!   end − `left_early_before_end`, where end is the earlier of scheduled and actual end.
//!   Late wins over left early in `status`; both flags are on the record. Absent means
//!   invited with no attended time (waiting room only, or below `present_min`).
//! - **Joins** count rows outside the waiting room; waiting-room rows stay tied to the person
//!   (`row_keys`, `waitingRoomRows`) but add no time.

pub mod export;
pub mod history;
pub mod interval;
mod model;
pub mod normalize;
mod reconcile;
pub mod records;
pub mod refresh;
pub mod review;
pub mod sync;
pub mod views;

pub use history::{AttendanceTotals, HistoryEntry, group_rate, person_history};
pub use interval::{merge_intervals, total_duration};
pub use model::{
    Alias, AliasKind, AttendanceRecord, AttendanceRow, AttendanceStatus, GuestEntry, HostIdentity,
    InstanceAttendance, InstanceSchedule, Invitee, KnownPerson, MatchMethod, MatchRule, PersonId,
    Presence, ReconcileInput, RowSource, RuleId, RuleScope, RuleTarget, Suggestion,
    SuggestionReason, Thresholds, TimeSpan, UnidentifiedEntry,
};
pub use normalize::{is_masked, normalize_email, normalize_name, unmasked};
pub use reconcile::{SUGGESTION_LIMIT, reconcile};
pub use review::ApplyTo;
