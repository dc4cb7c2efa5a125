//! Meeting registrants (M25 `meetingRegistrantCreate`, `meetingRegistrants`,
//! `meetingRegistrantGet`, `meetingRegistrantStatus`, `meetingregistrantdelete`,
//! `addBatchRegistrants`; REFERENCE §4).

use super::de;
use super::meetings::Occurrence;
use super::string_enum;
use crate::paging::{Page, PageItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Zoom's cap on registrants per status update or batch call (M25; not enforced by the spec's
/// schema, so the client refuses more locally).
pub const MAX_REGISTRANTS_PER_CALL: usize = 30;

string_enum! {
    /// A registrant's `status`, also the `status` filter of the listing (default `approved`).
    pub enum RegistrantStatus {
        Approved => "approved",
        Pending => "pending",
        Denied => "denied",
    }
}

string_enum! {
    /// `action` of PUT /meetings/{meetingId}/registrants/status.
    pub enum RegistrantAction {
        Approve => "approve",
        Deny => "deny",
        Cancel => "cancel",
    }
}

/// `custom_questions[]` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomQuestion {
    #[serde(default, deserialize_with = "de::null_default")]
    pub title: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub value: String,
}

/// POST /meetings/{meetingId}/registrants body. `email` (≤128) and `first_name` (≤64) required.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct NewRegistrant {
    pub email: String,
    pub first_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_questions: Option<Vec<CustomQuestion>>,
    /// Approve even though the meeting uses manual approval (M25).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_approve: Option<bool>,
}

/// 201 of POST /meetings/{meetingId}/registrants.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct RegistrantCreated {
    /// The meeting id.
    #[serde(default, deserialize_with = "de::meeting_id")]
    pub id: u64,
    #[serde(default, deserialize_with = "de::null_default")]
    pub registrant_id: String,
    /// Omitted while the registrant is pending manual approval (M25).
    #[serde(default)]
    pub join_url: Option<String>,
    /// Authenticates phone-audio participants (M25, int64).
    #[serde(default, deserialize_with = "de::opt_int")]
    pub participant_pin_code: Option<i64>,
    #[serde(default)]
    pub topic: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub start_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::null_default")]
    pub occurrences: Vec<Occurrence>,
}

/// A registrant from the listing or GET …/registrants/{registrantId}.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Registrant {
    #[serde(default, deserialize_with = "de::null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub email: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub status: Option<RegistrantStatus>,
    #[serde(default)]
    pub join_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub create_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub participant_pin_code: Option<i64>,
    #[serde(default, deserialize_with = "de::null_default")]
    pub custom_questions: Vec<CustomQuestion>,
}

impl PageItem for Registrant {
    fn dedup_key(&self) -> String {
        if self.id.is_empty() {
            format!("email:{}", self.email.to_lowercase())
        } else {
            self.id.clone()
        }
    }
}

/// A page of GET /meetings/{meetingId}/registrants.
#[derive(Debug, Clone, Deserialize)]
pub struct RegistrantPage {
    #[serde(default, deserialize_with = "de::null_default")]
    pub registrants: Vec<Registrant>,
    #[serde(default)]
    pub next_page_token: Option<String>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub total_records: Option<i64>,
}

impl Page for RegistrantPage {
    type Item = Registrant;
    fn into_parts(self) -> (Vec<Registrant>, Option<String>) {
        (self.registrants, self.next_page_token)
    }
}

/// Filters of GET /meetings/{meetingId}/registrants.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegistrantQuery {
    /// Zoom's default is `approved`.
    pub status: Option<RegistrantStatus>,
    pub occurrence_id: Option<String>,
}

/// `registrants[]` item of a status update: Zoom takes `id` and/or `email`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RegistrantRef {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// PUT /meetings/{meetingId}/registrants/status body (≤30 registrants).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistrantStatusUpdate {
    pub action: RegistrantAction,
    pub registrants: Vec<RegistrantRef>,
}

/// `registrants[]` item of a batch registration.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct BatchRegistrant {
    pub email: String,
    pub first_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// POST /meetings/{meetingId}/batch_registrants body: ≤30 registrants, type-2 scheduled
/// meetings with registration only (M25 `addBatchRegistrants`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct BatchRegistrants {
    pub registrants: Vec<BatchRegistrant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_approve: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registrants_confirmation_email: Option<bool>,
}

/// One registration of a batch: `{email, registrant_id, join_url, participant_pin_code}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct BatchRegistered {
    #[serde(default, deserialize_with = "de::null_default")]
    pub email: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub registrant_id: String,
    #[serde(default)]
    pub join_url: Option<String>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub participant_pin_code: Option<i64>,
}

/// 201 of POST /meetings/{meetingId}/batch_registrants.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct BatchRegistrationResult {
    #[serde(default, deserialize_with = "de::null_default")]
    pub registrants: Vec<BatchRegistered>,
}
