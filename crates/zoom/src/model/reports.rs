//! After a meeting: past meetings, instances, participants, reports and dashboard rows
//! (M25 `pastMeetingDetails`, `pastMeetings`, `pastMeetingParticipants`,
//! `reportMeetingDetails`, `reportMeetingParticipants`; Z23 `dashboardMeetingParticipants`;
//! REFERENCE §5).
//!
//! Rows are kept as Zoom sends them: a rejoin is a separate row; guests have empty `id` /
//! `participant_user_id`; HIPAA accounts may mask names and emails (`""`, `"******"`).

use super::de;
use super::meetings::MeetingType;
use super::string_enum;
use crate::paging::{Page, PageItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

string_enum! {
    /// A participant row's `status`.
    pub enum ParticipantStatus {
        InMeeting => "in_meeting",
        InWaitingRoom => "in_waiting_room",
    }
}

/// GET /past_meetings/{meetingId|UUID}.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PastMeeting {
    #[serde(default, deserialize_with = "de::null_default")]
    pub uuid: String,
    #[serde(default, deserialize_with = "de::meeting_id")]
    pub id: u64,
    #[serde(default)]
    pub host_id: Option<String>,
    #[serde(rename = "type", default)]
    pub meeting_type: Option<MeetingType>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub user_email: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub end_time: Option<DateTime<Utc>>,
    /// Minutes.
    #[serde(default, deserialize_with = "de::opt_int")]
    pub duration: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub total_minutes: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub participants_count: Option<i64>,
    #[serde(default)]
    pub dept: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

/// GET /report/meetings/{meetingId|UUID}.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MeetingReport {
    #[serde(default, deserialize_with = "de::null_default")]
    pub uuid: String,
    #[serde(default, deserialize_with = "de::meeting_id")]
    pub id: u64,
    #[serde(rename = "type", default)]
    pub meeting_type: Option<MeetingType>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub user_email: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub end_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub duration: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub total_minutes: Option<i64>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub participants_count: Option<i64>,
    #[serde(default)]
    pub dept: Option<String>,
}

/// One ended instance of a meeting.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PastInstance {
    #[serde(default, deserialize_with = "de::null_default")]
    pub uuid: String,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
}

/// GET /past_meetings/{meetingId}/instances (not paginated).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PastInstances {
    #[serde(default, deserialize_with = "de::null_default")]
    pub meetings: Vec<PastInstance>,
}

fn row_key(parts: &[&str]) -> String {
    parts.join("\u{1f}")
}

fn time_key(t: &Option<DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339()).unwrap_or_default()
}

/// A row of GET /past_meetings/{meetingId|UUID}/participants.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct PastParticipant {
    /// Zoom user id of a signed-in same-account user; `""` for guests.
    #[serde(default, deserialize_with = "de::null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub name: String,
    /// Per-join participant id.
    #[serde(default, deserialize_with = "de::null_default")]
    pub user_id: String,
    #[serde(default)]
    pub registrant_id: Option<String>,
    #[serde(default)]
    pub user_email: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub join_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub leave_time: Option<DateTime<Utc>>,
    /// Seconds.
    #[serde(default, deserialize_with = "de::opt_int")]
    pub duration: Option<i64>,
    #[serde(default)]
    pub failover: Option<bool>,
    #[serde(default)]
    pub status: Option<ParticipantStatus>,
    #[serde(default)]
    pub internal_user: Option<bool>,
}

impl PageItem for PastParticipant {
    fn dedup_key(&self) -> String {
        row_key(&[
            &self.user_id,
            &self.id,
            &self.name,
            &time_key(&self.join_time),
            &time_key(&self.leave_time),
        ])
    }
}

/// A page of past participants.
#[derive(Debug, Clone, Deserialize)]
pub struct PastParticipantPage {
    #[serde(default, deserialize_with = "de::null_default")]
    pub participants: Vec<PastParticipant>,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

impl Page for PastParticipantPage {
    type Item = PastParticipant;
    fn into_parts(self) -> (Vec<PastParticipant>, Option<String>) {
        (self.participants, self.next_page_token)
    }
}

/// A row of GET /report/meetings/{meetingId|UUID}/participants (`include_fields=registrant_id`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct ReportParticipant {
    /// Deprecated by Zoom in favour of `participant_user_id`.
    #[serde(default, deserialize_with = "de::null_default")]
    pub id: String,
    /// Zoom user id if signed in to this account, else `""`.
    #[serde(default, deserialize_with = "de::null_default")]
    pub participant_user_id: String,
    /// Per-join participant id.
    #[serde(default, deserialize_with = "de::null_default")]
    pub user_id: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub name: String,
    #[serde(default)]
    pub user_email: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub join_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub leave_time: Option<DateTime<Utc>>,
    /// Seconds.
    #[serde(default, deserialize_with = "de::opt_int")]
    pub duration: Option<i64>,
    #[serde(default)]
    pub registrant_id: Option<String>,
    #[serde(default)]
    pub failover: Option<bool>,
    #[serde(default)]
    pub status: Option<ParticipantStatus>,
    #[serde(default)]
    pub customer_key: Option<String>,
    #[serde(default)]
    pub bo_mtg_id: Option<String>,
}

impl PageItem for ReportParticipant {
    fn dedup_key(&self) -> String {
        row_key(&[
            &self.user_id,
            &self.participant_user_id,
            &self.name,
            &time_key(&self.join_time),
            &time_key(&self.leave_time),
        ])
    }
}

/// A page of report participants.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportParticipantPage {
    #[serde(default, deserialize_with = "de::null_default")]
    pub participants: Vec<ReportParticipant>,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

impl Page for ReportParticipantPage {
    type Item = ReportParticipant;
    fn into_parts(self) -> (Vec<ReportParticipant>, Option<String>) {
        (self.participants, self.next_page_token)
    }
}

/// A row of GET /metrics/meetings/{meetingId|UUID}/participants (`type=past`,
/// `include_fields=registrant_id`; Business+ only; Z23).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct DashboardParticipant {
    #[serde(default, deserialize_with = "de::null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub user_id: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub participant_user_id: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub user_name: String,
    #[serde(default)]
    pub email: Option<String>,
    /// `Phone`, `H.323/SIP`, `Windows`, `Mac`, `iOS`, `Android` … (free text).
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub join_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub leave_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub leave_reason: Option<String>,
    #[serde(default)]
    pub status: Option<ParticipantStatus>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub registrant_id: Option<String>,
    #[serde(default)]
    pub customer_key: Option<String>,
    #[serde(default)]
    pub bo_mtg_id: Option<String>,
    #[serde(default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
}

impl PageItem for DashboardParticipant {
    fn dedup_key(&self) -> String {
        row_key(&[
            &self.user_id,
            &self.participant_user_id,
            &self.user_name,
            &time_key(&self.join_time),
            &time_key(&self.leave_time),
        ])
    }
}

/// A page of dashboard participants.
#[derive(Debug, Clone, Deserialize)]
pub struct DashboardParticipantPage {
    #[serde(default, deserialize_with = "de::null_default")]
    pub participants: Vec<DashboardParticipant>,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

impl Page for DashboardParticipantPage {
    type Item = DashboardParticipant;
    fn into_parts(self) -> (Vec<DashboardParticipant>, Option<String>) {
        (self.participants, self.next_page_token)
    }
}
