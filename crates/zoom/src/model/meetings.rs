//! Meetings (M25 `meetingCreate`, `meeting`, `meetingUpdate`, `meetingDelete`, `meetings`;
//! REFERENCE §3).

use super::de;
use super::{int_enum, string_enum};
use crate::Secret;
use crate::paging::{Page, PageItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

int_enum! {
    /// Meeting `type` (M25): the invite-only flow uses 2, 3 and 8.
    pub enum MeetingType {
        Instant => 1,
        Scheduled => 2,
        RecurringNoFixedTime => 3,
        /// A personal meeting room (in past meeting / report types).
        Personal => 4,
        PersonalAudioConference => 7,
        RecurringFixedTime => 8,
        ScreenShareOnly => 10,
    }
}

int_enum! {
    /// `settings.approval_type`: registration approval (M25).
    pub enum ApprovalType {
        Automatic => 0,
        /// Manual approval: strangers with the registration link stay pending (ARCHITECTURE §7).
        Manual => 1,
        NoRegistration => 2,
    }
}

int_enum! {
    /// `settings.registration_type` (type-8 meetings only; M25).
    pub enum RegistrationType {
        OnceForAll => 1,
        EachOccurrence => 2,
        ChooseOccurrences => 3,
    }
}

int_enum! {
    /// `recurrence.type` (M25).
    pub enum RecurrenceType {
        Daily => 1,
        Weekly => 2,
        Monthly => 3,
    }
}

string_enum! {
    /// `type` filter of GET /users/{userId}/meetings (M25 `meetings`).
    pub enum MeetingListType {
        Scheduled => "scheduled",
        Live => "live",
        Upcoming => "upcoming",
        UpcomingMeetings => "upcoming_meetings",
        PreviousMeetings => "previous_meetings",
    }
}

/// `recurrence` (type 8 only).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Recurrence {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub recurrence_type: Option<RecurrenceType>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_int"
    )]
    pub repeat_interval: Option<i64>,
    /// Days, 1 = Sunday … 7 = Saturday. M25's text allows a comma-separated list ("1,3"), but
    /// its schema enumerates single days only; the contract test sends a single day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_days: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_int"
    )]
    pub monthly_day: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_int"
    )]
    pub monthly_week: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_int"
    )]
    pub monthly_week_day: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_int"
    )]
    pub end_times: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_opt_time",
        deserialize_with = "de::opt_time"
    )]
    pub end_date_time: Option<DateTime<Utc>>,
}

/// `settings` of a meeting; the same shape is sent and received. Only set fields are sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_video: Option<bool>,
    /// `waiting_room: true` disables join before host (M25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_before_host: Option<bool>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        deserialize_with = "de::opt_int"
    )]
    pub jbh_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mute_upon_entry: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_room: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval_type: Option<ApprovalType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_type: Option<RegistrationType>,
    /// Only takes effect with `registrants_email_notification: true` (M25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrants_confirmation_email: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrants_email_notification: Option<bool>,
    /// Registration meetings only (M25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_multiple_devices: Option<bool>,
    /// Semicolon-separated emails or ids. Alternative hosts cannot be registrants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_hosts: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_registration: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_authentication: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_recording: Option<String>,
}

/// POST /users/{userId}/meetings body.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct NewMeeting {
    pub topic: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub meeting_type: Option<MeetingType>,
    /// Sent as `yyyy-MM-ddTHH:mm:ssZ`. Without it a scheduled meeting becomes instant (M25).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_opt_time"
    )]
    pub start_time: Option<DateTime<Utc>>,
    /// Minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agenda: Option<String>,
    /// Meeting passcode, ≤10 printable ASCII characters, no spaces (M25; changelog 2025-10-20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_password: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_for: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<MeetingSettings>,
}

/// PATCH /meetings/{meetingId} body: only set fields change.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MeetingUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub meeting_type: Option<MeetingType>,
    /// Must be in the future or Zoom ignores it (M25 `meetingUpdate`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "de::ser_opt_time"
    )]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agenda: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Needed only when updating a whole type-8 series.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Recurrence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<MeetingSettings>,
}

/// Query of DELETE /meetings/{meetingId}.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeleteMeeting {
    /// Without it a recurring series is deleted whole.
    pub occurrence_id: Option<String>,
    /// Email registrants about the cancellation (Zoom's default: false).
    pub cancel_meeting_reminder: Option<bool>,
    pub schedule_for_reminder: Option<bool>,
}

/// One occurrence of a recurring meeting.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Occurrence {
    #[serde(default, deserialize_with = "de::null_default")]
    pub occurrence_id: String,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub duration: Option<i64>,
    #[serde(default)]
    pub status: Option<String>,
}

/// A meeting as POST /users/{userId}/meetings (201) and GET /meetings/{meetingId} return it.
#[derive(Debug, Clone, Deserialize)]
pub struct Meeting {
    #[serde(default, deserialize_with = "de::meeting_id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::null_default")]
    pub uuid: String,
    #[serde(default)]
    pub host_id: Option<String>,
    #[serde(default)]
    pub host_email: Option<String>,
    #[serde(default, deserialize_with = "de::null_default")]
    pub topic: String,
    #[serde(rename = "type", default)]
    pub meeting_type: Option<MeetingType>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub duration: Option<i64>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub agenda: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    /// Carries the host's ZAK: valid 2 h (90 days for custCreate hosts). Kept secret.
    #[serde(default, deserialize_with = "de::opt_secret")]
    pub start_url: Option<Secret<String>>,
    #[serde(default)]
    pub join_url: Option<String>,
    /// Only when registration is on.
    #[serde(default)]
    pub registration_url: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub h323_password: Option<String>,
    #[serde(default)]
    pub pstn_password: Option<String>,
    #[serde(default)]
    pub encrypted_password: Option<String>,
    #[serde(default, deserialize_with = "de::null_default")]
    pub occurrences: Vec<Occurrence>,
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
    #[serde(default)]
    pub settings: Option<MeetingSettings>,
}

/// An item of GET /users/{userId}/meetings.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct MeetingSummary {
    #[serde(default, deserialize_with = "de::meeting_id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::null_default")]
    pub uuid: String,
    #[serde(default)]
    pub host_id: Option<String>,
    #[serde(default, deserialize_with = "de::null_default")]
    pub topic: String,
    #[serde(rename = "type", default)]
    pub meeting_type: Option<MeetingType>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub duration: Option<i64>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub join_url: Option<String>,
    #[serde(default)]
    pub agenda: Option<String>,
}

impl PageItem for MeetingSummary {
    fn dedup_key(&self) -> String {
        // `upcoming` listings may show one item per occurrence of a series.
        format!(
            "{}|{}",
            self.id,
            self.start_time.map(|t| t.to_rfc3339()).unwrap_or_default()
        )
    }
}

/// A page of GET /users/{userId}/meetings.
#[derive(Debug, Clone, Deserialize)]
pub struct MeetingPage {
    #[serde(default, deserialize_with = "de::null_default")]
    pub meetings: Vec<MeetingSummary>,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

impl Page for MeetingPage {
    type Item = MeetingSummary;
    fn into_parts(self) -> (Vec<MeetingSummary>, Option<String>) {
        (self.meetings, self.next_page_token)
    }
}
