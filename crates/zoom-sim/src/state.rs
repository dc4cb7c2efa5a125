//! What the simulated Zoom holds. One `Store` behind one short-held lock (see `app.rs`).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use crate::{Plan, SimAccount};

#[derive(Debug, Clone)]
pub struct AccountState {
    pub config: SimAccount,
    pub owner_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub account_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub display_name: String,
    /// 1 Basic, 2 Licensed, 4 Unassigned, 99 None (U25 `userCreate`).
    #[serde(rename = "type")]
    pub user_type: i64,
    /// `active` | `inactive` | `pending`.
    pub status: String,
    /// 99 for API (custCreate) users (U25 `user` `login_type`), 100 Zoom work email otherwise.
    pub login_type: i64,
    pub action: String,
    pub pmi: i64,
    pub created_at: DateTime<Utc>,
}

impl User {
    pub fn is_api_user(&self) -> bool {
        self.login_type == 99
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Recurrence {
    #[serde(rename = "type")]
    pub kind: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_interval: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekly_days: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monthly_day: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_times: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Occurrence {
    pub occurrence_id: String,
    pub start_time: DateTime<Utc>,
    pub duration: i64,
    /// `available` | `deleted`.
    pub status: String,
}

/// The meeting settings the simulator acts on (M25 `meetingCreate` `settings`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    pub approval_type: i64,
    pub registration_type: i64,
    pub waiting_room: bool,
    pub join_before_host: bool,
    pub allow_multiple_devices: bool,
    pub registrants_confirmation_email: bool,
    pub registrants_email_notification: bool,
    pub alternative_hosts: String,
    pub meeting_authentication: bool,
    pub host_video: bool,
    pub participant_video: bool,
    pub mute_upon_entry: bool,
    pub close_registration: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            approval_type: 2,
            registration_type: 1,
            waiting_room: false,
            join_before_host: false,
            allow_multiple_devices: false,
            registrants_confirmation_email: true,
            registrants_email_notification: true,
            alternative_hosts: String::new(),
            meeting_authentication: false,
            host_video: false,
            participant_video: false,
            mute_upon_entry: false,
            close_registration: false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    /// UUID of the next instance to start.
    pub uuid: String,
    pub account_id: String,
    pub host_id: String,
    pub topic: String,
    #[serde(rename = "type")]
    pub meeting_type: i64,
    pub start_time: DateTime<Utc>,
    pub duration: i64,
    pub timezone: String,
    pub agenda: String,
    pub password: String,
    pub created_at: DateTime<Utc>,
    pub settings: Settings,
    pub recurrence: Option<Recurrence>,
    pub occurrences: Vec<Occurrence>,
    pub registration_token: Option<String>,
    pub registrants: Vec<Registrant>,
    /// Index into `Store::instances` of the running instance.
    pub live_instance: Option<usize>,
}

impl Meeting {
    pub fn registration_on(&self) -> bool {
        self.settings.approval_type != 2
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Registrant {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// `approved` | `pending` | `denied`; `cancelled` is kept internally (link dead) and
    /// listed as `denied`.
    pub status: String,
    pub token: String,
    pub pin: i64,
    pub create_time: DateTime<Utc>,
    pub occurrence_ids: Vec<String>,
    pub extra: BTreeMap<String, String>,
}

impl Registrant {
    pub fn name(&self) -> String {
        if self.last_name.is_empty() {
            self.first_name.clone()
        } else {
            format!("{} {}", self.first_name, self.last_name)
        }
    }
    pub fn public_status(&self) -> &str {
        if self.status == "cancelled" {
            "denied"
        } else {
            &self.status
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instance {
    pub uuid: String,
    pub meeting_id: i64,
    pub account_id: String,
    pub host_id: String,
    pub topic: String,
    pub meeting_type: i64,
    pub occurrence_id: Option<String>,
    pub start_time: DateTime<Utc>,
    pub end_time: Option<DateTime<Utc>>,
    pub rows: Vec<Row>,
}

/// One join (or one waiting-room stay) of one participant: a report/past/dashboard row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// Per-join participant id (`user_id`); a rejoin gets a new one (REF §5).
    pub user_id: String,
    /// Zoom user id when signed in (host, ZAK join), else "" (changelog 2023-03-03).
    pub participant_user_id: String,
    pub name: String,
    pub email: String,
    pub registrant_id: String,
    pub join_time: DateTime<Utc>,
    pub leave_time: Option<DateTime<Utc>>,
    /// `in_meeting` | `in_waiting_room`.
    pub status: String,
    pub device: String,
    pub internal_user: bool,
    pub is_host: bool,
    /// The control handle of the participant this row belongs to.
    pub handle: String,
}

impl Row {
    pub fn duration(&self, now: DateTime<Utc>) -> i64 {
        (self.leave_time.unwrap_or(now) - self.join_time)
            .num_seconds()
            .max(0)
    }
}

#[derive(Debug, Clone)]
pub struct LiveParticipant {
    pub instance: usize,
    pub row: usize,
    pub registrant_id: String,
    pub waiting: bool,
}

#[derive(Debug, Clone)]
pub struct AccessToken {
    pub account_id: String,
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
}

#[derive(Debug, Clone)]
pub struct PageToken {
    pub key: String,
    pub offset: usize,
    pub issued: DateTime<Utc>,
}

pub struct Store {
    pub rng: StdRng,
    pub accounts: Vec<AccountState>,
    pub users: BTreeMap<String, User>,
    pub meetings: BTreeMap<i64, Meeting>,
    pub instances: Vec<Instance>,
    pub live: HashMap<String, LiveParticipant>,
    pub tokens: HashMap<String, AccessToken>,
    pub page_tokens: HashMap<String, PageToken>,
    /// Registrant join token → (meeting id, registrant id).
    pub reg_tokens: HashMap<String, (i64, String)>,
    /// Public registration link token → meeting id.
    pub registration_links: HashMap<String, i64>,
    /// Daily counters keyed by what they limit; reset when the sim date moves on.
    pub daily: HashMap<String, (NaiveDate, u64)>,
    pub next_handle: u64,
    pub requests_by_endpoint: BTreeMap<&'static str, u64>,
    pub requests_by_status: BTreeMap<u16, u64>,
}

impl Store {
    pub fn account(&self, id: &str) -> Option<&AccountState> {
        self.accounts.iter().find(|a| a.config.account_id == id)
    }

    pub fn plan(&self, account_id: &str) -> Plan {
        self.account(account_id)
            .map(|a| a.config.plan)
            .unwrap_or(Plan::Free)
    }

    /// `userId` path values: a user id, an email, or `me` (U25 `user`).
    pub fn find_user(&self, account_id: &str, key: &str) -> Option<&User> {
        let key = if key == "me" {
            self.account(account_id)?.owner_id.clone()
        } else {
            key.to_string()
        };
        if let Some(u) = self.users.get(&key) {
            return (u.account_id == account_id).then_some(u);
        }
        self.users
            .values()
            .find(|u| u.account_id == account_id && u.email.eq_ignore_ascii_case(&key))
    }

    pub fn meeting(&self, account_id: &str, id: i64) -> Option<&Meeting> {
        self.meetings
            .get(&id)
            .filter(|m| m.account_id == account_id)
    }

    pub fn meeting_mut(&mut self, account_id: &str, id: i64) -> Option<&mut Meeting> {
        self.meetings
            .get_mut(&id)
            .filter(|m| m.account_id == account_id)
    }

    /// Count one use of a daily budget; `Err(count)` when `cap` is already reached.
    pub fn take_daily(&mut self, key: String, today: NaiveDate, cap: u64) -> Result<u64, u64> {
        let entry = self.daily.entry(key).or_insert((today, 0));
        if entry.0 != today {
            *entry = (today, 0);
        }
        if entry.1 >= cap {
            return Err(entry.1);
        }
        entry.1 += 1;
        Ok(cap - entry.1)
    }

    pub fn new_handle(&mut self) -> String {
        self.next_handle += 1;
        format!("p{}", self.next_handle)
    }
}
