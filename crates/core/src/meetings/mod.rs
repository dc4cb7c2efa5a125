//! Meetings: create, edit, delete and import invite-only meetings in Zoom, keep the local
//! record and Zoom in step, and show what changed in Zoom's own portal (drift).
//!
//! Times are entered and shown in the meeting's time zone and stored in UTC. Every create and
//! update spends one of the host's 100 per day (REFERENCE §3); the client's daily counters are
//! restored from the store before and saved after each, so a restart does not lose count.

pub mod preset;
pub mod time;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use futures::TryStreamExt;
use rollcall_zoom::model::{
    self as zoom, MeetingType, RecurrenceType, RegistrationType, UserStatus, UserType,
};
use rollcall_zoom::{Client, ErrorKind};
use serde::{Deserialize, Serialize};

pub use preset::{MeetingSettings, SWITCHES, Switch};

use crate::accounts::Account;
use crate::app::App;
use crate::error::{AppError, ErrorCode, Result};
use crate::jobs::parse_time;
use crate::store::audit::AuditEntry;
use crate::store::meetings::{MeetingRow, OccurrenceRow};
use crate::store::{Store, now_text};

/// A licensed user of the account who can host invite-only meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Host {
    pub zoom_user_id: String,
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MeetingKind {
    /// One meeting at a fixed time (Zoom type 2).
    Scheduled,
    /// A series at fixed times (Zoom type 8).
    Recurring,
}

/// How people register for a recurring meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum RegistrationKind {
    /// One registration covers every occurrence.
    OnceForAll,
    /// A registration per occurrence.
    EachOccurrence,
    /// People are registered for the occurrences chosen for them.
    ChooseOccurrences,
}

impl RegistrationKind {
    pub fn to_zoom(self) -> RegistrationType {
        match self {
            RegistrationKind::OnceForAll => RegistrationType::OnceForAll,
            RegistrationKind::EachOccurrence => RegistrationType::EachOccurrence,
            RegistrationKind::ChooseOccurrences => RegistrationType::ChooseOccurrences,
        }
    }

    pub fn from_number(n: i64) -> Option<Self> {
        match n {
            1 => Some(RegistrationKind::OnceForAll),
            2 => Some(RegistrationKind::EachOccurrence),
            3 => Some(RegistrationKind::ChooseOccurrences),
            _ => None,
        }
    }

    pub fn number(self) -> i64 {
        self.to_zoom().as_i64()
    }

    /// Whether each occurrence is registered on its own.
    pub fn per_occurrence(self) -> bool {
        self != RegistrationKind::OnceForAll
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Weekday {
    Sunday,
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
}

impl Weekday {
    /// Zoom's day number: 1 = Sunday … 7 = Saturday.
    fn number(self) -> u8 {
        self as u8 + 1
    }

    fn from_number(n: u8) -> Option<Self> {
        use Weekday::*;
        [
            Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday,
        ]
        .get(usize::from(n).checked_sub(1)?)
        .copied()
    }

    pub fn parse(text: &str) -> Option<Self> {
        use Weekday::*;
        Some(match text.trim().to_lowercase().get(..3)? {
            "sun" => Sunday,
            "mon" => Monday,
            "tue" => Tuesday,
            "wed" => Wednesday,
            "thu" => Thursday,
            "fri" => Friday,
            "sat" => Saturday,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "repeat")]
pub enum RecurrencePattern {
    Daily,
    Weekly { days: Vec<Weekday> },
    Monthly { day: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "end")]
pub enum RecurrenceEnd {
    /// After this many occurrences (Zoom allows 1–60).
    Times { count: u32 },
    /// On this date (in the meeting's time zone).
    Until { date: NaiveDate },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Recurrence {
    pub pattern: RecurrencePattern,
    /// Every `interval` days, weeks or months.
    pub interval: u32,
    pub end: RecurrenceEnd,
}

impl Recurrence {
    fn validate(&self) -> Result<()> {
        let max_interval = match self.pattern {
            RecurrencePattern::Daily => 99,
            RecurrencePattern::Weekly { .. } => 50,
            RecurrencePattern::Monthly { .. } => 10,
        };
        if !(1..=max_interval).contains(&self.interval) {
            return Err(AppError::validation(format!(
                "Zoom repeats a meeting every 1 to {max_interval} of these; {} is out of range.",
                self.interval
            )));
        }
        match &self.pattern {
            RecurrencePattern::Weekly { days } if days.is_empty() => {
                return Err(AppError::validation("Choose at least one day of the week."));
            }
            RecurrencePattern::Monthly { day } if !(1..=31).contains(day) => {
                return Err(AppError::validation(
                    "The day of the month is between 1 and 31.",
                ));
            }
            _ => {}
        }
        if let RecurrenceEnd::Times { count } = self.end
            && !(1..=60).contains(&count)
        {
            return Err(AppError::validation(
                "Zoom allows 1 to 60 occurrences in a series.",
            ));
        }
        Ok(())
    }

    fn to_zoom(&self, zone: Tz) -> Result<zoom::Recurrence> {
        let mut r = zoom::Recurrence {
            repeat_interval: Some(i64::from(self.interval)),
            ..Default::default()
        };
        match &self.pattern {
            RecurrencePattern::Daily => r.recurrence_type = Some(RecurrenceType::Daily),
            RecurrencePattern::Weekly { days } => {
                r.recurrence_type = Some(RecurrenceType::Weekly);
                let mut numbers: Vec<u8> = days.iter().map(|d| d.number()).collect();
                numbers.sort_unstable();
                numbers.dedup();
                r.weekly_days = Some(
                    numbers
                        .iter()
                        .map(u8::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                );
            }
            RecurrencePattern::Monthly { day } => {
                r.recurrence_type = Some(RecurrenceType::Monthly);
                r.monthly_day = Some(i64::from(*day));
            }
        }
        match self.end {
            RecurrenceEnd::Times { count } => r.end_times = Some(i64::from(count)),
            RecurrenceEnd::Until { date } => {
                r.end_date_time = Some(time::end_of_local_day(date, zone)?)
            }
        }
        Ok(r)
    }

    fn from_zoom(r: &zoom::Recurrence, zone: Tz) -> Option<Self> {
        let pattern = match r.recurrence_type? {
            RecurrenceType::Daily => RecurrencePattern::Daily,
            RecurrenceType::Weekly => RecurrencePattern::Weekly {
                days: r
                    .weekly_days
                    .as_deref()
                    .unwrap_or("")
                    .split(',')
                    .filter_map(|d| d.trim().parse::<u8>().ok())
                    .filter_map(Weekday::from_number)
                    .collect(),
            },
            RecurrenceType::Monthly => RecurrencePattern::Monthly {
                day: r.monthly_day.unwrap_or(1).clamp(1, 31) as u32,
            },
            RecurrenceType::Unknown(_) => return None,
        };
        let end = match (r.end_date_time, r.end_times) {
            (Some(t), _) => RecurrenceEnd::Until {
                date: time::utc_to_local(t, zone).date(),
            },
            (None, n) => RecurrenceEnd::Times {
                count: n.unwrap_or(7).clamp(1, 60) as u32,
            },
        };
        Some(Self {
            pattern,
            interval: r.repeat_interval.unwrap_or(1).clamp(1, 99) as u32,
            end,
        })
    }
}

/// What the admin enters to create or edit a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MeetingInput {
    pub topic: String,
    /// Wall-clock start in `timezone`: "2026-12-01T15:00".
    pub start: String,
    /// IANA name: "Europe/Berlin".
    pub timezone: String,
    pub duration_minutes: u32,
    /// The host's email; must be a licensed user of the account.
    pub host_email: String,
    /// A recurring series at fixed times; `None` for a single meeting.
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
    /// For recurring meetings (default: once for all).
    #[serde(default)]
    pub registration: Option<RegistrationKind>,
    #[serde(default)]
    pub settings: MeetingSettings,
    #[serde(default)]
    pub agenda: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MeetingStatus {
    Active,
    /// Someone deleted it in Zoom; the local record and invitations stay.
    DeletedInZoom,
    Deleted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Occurrence {
    pub occurrence_id: String,
    pub start_time: DateTime<Utc>,
    /// In the meeting's time zone.
    pub start_local: String,
    pub duration_minutes: u32,
    pub status: String,
}

/// What differs between Rollcall's record and Zoom, found by a refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Drift {
    pub checked_at: DateTime<Utc>,
    pub deleted_in_zoom: bool,
    pub differences: Vec<Difference>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum DifferenceKind {
    DeletedInZoom,
    Topic,
    StartTime,
    Duration,
    TimeZone,
    Setting,
    /// Someone registered in Zoom who is not invited in Rollcall.
    AddedInZoom,
    /// An invited person's registration is gone in Zoom (cancelled, denied or deleted there).
    RemovedInZoom,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Difference {
    pub kind: DifferenceKind,
    /// In plain words: "The topic is \"B\" in Zoom, \"A\" in Rollcall."
    pub message: String,
}

/// A meeting as the front ends show it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    pub id: u32,
    /// Zoom's meeting id (int64 in Zoom: a string here so TypeScript keeps every digit).
    pub zoom_meeting_id: String,
    pub topic: String,
    pub kind: MeetingKind,
    pub registration: Option<RegistrationKind>,
    pub start_time: DateTime<Utc>,
    /// In the meeting's time zone: "2026-12-01 15:00".
    pub start_local: String,
    pub timezone: String,
    pub duration_minutes: u32,
    pub recurrence: Option<Recurrence>,
    pub settings: MeetingSettings,
    pub host_email: String,
    pub join_url: Option<String>,
    pub registration_url: Option<String>,
    pub status: MeetingStatus,
    /// `None` when Rollcall and Zoom agree (or no refresh yet).
    pub drift: Option<Drift>,
    pub occurrences: Vec<Occurrence>,
    /// People with a live invitation.
    pub invited: u32,
    pub refreshed_at: Option<DateTime<Utc>>,
}

/// Zoom's view of a meeting as kept in `zoom_snapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ZoomView {
    topic: String,
    start_time: Option<DateTime<Utc>>,
    duration_minutes: i64,
    timezone: String,
    settings: MeetingSettings,
    registration_type: Option<i64>,
}

impl ZoomView {
    fn of(m: &zoom::Meeting) -> Self {
        let settings = m.settings.clone().unwrap_or_default();
        Self {
            topic: m.topic.clone(),
            start_time: m.start_time,
            duration_minutes: m.duration.unwrap_or(0),
            timezone: m.timezone.clone().unwrap_or_default(),
            registration_type: settings.registration_type.map(|r| r.as_i64()),
            settings: MeetingSettings::from_zoom(
                &settings,
                m.password.as_deref().is_some_and(|p| !p.is_empty()),
            ),
        }
    }
}

/// The active connection with its daily counters restored from the store.
pub(crate) async fn connect(app: &App) -> Result<(Account, Arc<Client>, Store)> {
    let (account, client) = app.active_client().await?;
    let store = app.store().await;
    // Restoring keeps the larger count per key, so doing it again is harmless.
    if let Some(text) = store.load_daily_usage(&account.id).await?
        && let Ok(usage) = serde_json::from_str::<rollcall_zoom::DailyUsage>(&text)
    {
        client.restore_daily_usage(usage);
    }
    Ok((account, client, store))
}

/// Persist the client's daily counters (after each job batch and each create/update).
pub(crate) async fn save_usage(
    store: &Store,
    account_id: &str,
    client: &Client,
    now: DateTime<Utc>,
) -> Result<()> {
    let usage = serde_json::to_string(&client.daily_usage()).map_err(AppError::database)?;
    store
        .save_daily_usage(account_id, &usage, &now_text(now))
        .await
}

/// A meeting by local id or Zoom meeting id, in the active account.
pub(crate) async fn resolve(
    store: &Store,
    account_id: &str,
    reference: &str,
) -> Result<MeetingRow> {
    let reference = reference.trim();
    let number: i64 = reference.replace([' ', '-'], "").parse().map_err(|_| {
        AppError::validation(format!(
            "\"{reference}\" is not a meeting number. Use the number `rollcall meeting list` \
             shows, or the Zoom meeting id."
        ))
    })?;
    if let Some(row) = store.meeting_row_by_zoom_id(account_id, number).await? {
        return Ok(row);
    }
    match store.meeting_row(number).await? {
        Some(row) if row.account_id == account_id && row.status != "deleted" => Ok(row),
        _ => Err(AppError::not_found(format!(
            "There is no meeting {reference} in Rollcall for this Zoom account. Import it \
             first with `rollcall meeting import {reference}`."
        ))),
    }
}

pub(crate) fn actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned())
}

pub(crate) async fn audit(
    store: &Store,
    now: DateTime<Utc>,
    account_id: &str,
    action: &str,
    subject: &str,
    outcome: &str,
) {
    let at = now_text(now);
    let actor = actor();
    // The audit is a record of what happened; failing to write it must not undo the change.
    if let Err(err) = store
        .audit(AuditEntry {
            at: &at,
            actor: &actor,
            account_id: Some(account_id),
            action,
            subject,
            outcome,
        })
        .await
    {
        tracing::warn!(action, "could not write the audit log: {}", err.message);
    }
}

/// Zoom's daily meeting create/update cap for a host, said plainly with the reset time.
fn meeting_cap_error(err: rollcall_zoom::ZoomError, host: &str) -> AppError {
    if matches!(err.kind, ErrorKind::RateLimited { daily: true }) {
        let reset = err
            .retry_after
            .unwrap_or_else(|| next_midnight_utc(Utc::now()));
        let detail = AppError::from(err).detail.unwrap_or_default();
        return AppError::new(
            ErrorCode::ZoomRateLimited,
            format!(
                "{host} has reached Zoom's limit of 100 meeting creates and updates for today. \
                 It resets at {} UTC; try again then, or choose another host.",
                reset.format("%Y-%m-%d %H:%M")
            ),
        )
        .with_detail(detail);
    }
    AppError::from(err)
}

pub(crate) fn next_midnight_utc(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.date_naive().succ_opt().unwrap_or(now.date_naive());
    tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

struct Prepared {
    topic: String,
    start: DateTime<Utc>,
    zone: Tz,
    duration: u32,
    recurrence: Option<(Recurrence, zoom::Recurrence)>,
    registration: Option<RegistrationKind>,
}

fn prepare(input: &MeetingInput) -> Result<Prepared> {
    let topic = input.topic.trim().to_owned();
    if topic.is_empty() || topic.chars().count() > 200 {
        return Err(AppError::validation(
            "The topic is required and at most 200 characters.",
        ));
    }
    if !(1..=1440).contains(&input.duration_minutes) {
        return Err(AppError::validation(
            "The duration is between 1 and 1,440 minutes.",
        ));
    }
    let zone = time::parse_zone(&input.timezone)?;
    let start = time::local_to_utc(time::parse_local(&input.start)?, zone)?;
    let recurrence = match &input.recurrence {
        Some(r) => {
            r.validate()?;
            Some((r.clone(), r.to_zoom(zone)?))
        }
        None => None,
    };
    let registration = match (&recurrence, input.registration) {
        (Some(_), kind) => Some(kind.unwrap_or(RegistrationKind::OnceForAll)),
        (None, Some(RegistrationKind::OnceForAll) | None) => None,
        (None, Some(_)) => {
            return Err(AppError::validation(
                "Registering per occurrence needs a recurring meeting; this one happens once.",
            ));
        }
    };
    Ok(Prepared {
        topic,
        start,
        zone,
        duration: input.duration_minutes,
        recurrence,
        registration,
    })
}

impl App {
    /// The account's licensed users: who can host an invite-only meeting.
    pub async fn licensed_hosts(&self) -> Result<Vec<Host>> {
        let (_, client, _) = connect(self).await?;
        let users: Vec<zoom::User> = client
            .users()
            .list(Some(UserStatus::Active))
            .try_collect()
            .await?;
        Ok(users
            .into_iter()
            .filter(|u| u.user_type == Some(UserType::Licensed) && !u.id.is_empty())
            .map(|u| Host {
                name: [u.first_name.as_deref(), u.last_name.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                zoom_user_id: u.id,
                email: u.email,
            })
            .collect())
    }

    /// The invite-only switches with their explanations, for the meeting form.
    pub fn meeting_switches(&self) -> &'static [Switch] {
        SWITCHES
    }

    /// Create the meeting in Zoom with the chosen switches, then keep it locally.
    pub async fn create_meeting(&self, input: MeetingInput) -> Result<Meeting> {
        let prepared = prepare(&input)?;
        let (account, client, store) = connect(self).await?;
        let host = self.licensed_host(&client, &input.host_email).await?;
        let request = zoom::NewMeeting {
            topic: prepared.topic.clone(),
            meeting_type: Some(if prepared.recurrence.is_some() {
                MeetingType::RecurringFixedTime
            } else {
                MeetingType::Scheduled
            }),
            start_time: Some(prepared.start),
            duration: Some(prepared.duration),
            timezone: Some(prepared.zone.name().to_owned()),
            agenda: input.agenda.clone().filter(|a| !a.trim().is_empty()),
            default_password: Some(input.settings.passcode),
            recurrence: prepared.recurrence.as_ref().map(|(_, z)| z.clone()),
            settings: Some(
                input
                    .settings
                    .to_zoom(prepared.registration.map(RegistrationKind::to_zoom)),
            ),
            ..Default::default()
        };
        let result = client.meetings().create(&host.zoom_user_id, &request).await;
        save_usage(&store, &account.id, &client, self.clock().now()).await?;
        let created = result.map_err(|e| meeting_cap_error(e, &host.email))?;
        let now = now_text(self.clock().now());
        let row = MeetingRow {
            id: 0,
            account_id: account.id.clone(),
            zoom_meeting_id: created.id as i64,
            host_zoom_user_id: host.zoom_user_id.clone(),
            host_email: host.email.clone(),
            topic: prepared.topic,
            kind: if prepared.recurrence.is_some() {
                "recurring"
            } else {
                "scheduled"
            }
            .to_owned(),
            registration_type: prepared.registration.map(RegistrationKind::number),
            start_time: now_text(prepared.start),
            duration_minutes: i64::from(prepared.duration),
            timezone: prepared.zone.name().to_owned(),
            recurrence: prepared
                .recurrence
                .as_ref()
                .map(|(r, _)| serde_json::to_string(r).unwrap_or_default()),
            settings: serde_json::to_string(&input.settings).map_err(AppError::database)?,
            join_url: created.join_url.clone(),
            registration_url: created.registration_url.clone(),
            zoom_snapshot: Some(
                serde_json::to_string(&ZoomView::of(&created)).map_err(AppError::database)?,
            ),
            drift: None,
            status: "active".to_owned(),
            created_at: now.clone(),
            updated_at: now.clone(),
            refreshed_at: Some(now),
        };
        let id = store.save_meeting(&row).await?;
        store
            .replace_occurrences(id, &occurrence_rows(id, &created))
            .await?;
        audit(
            &store,
            self.clock().now(),
            &account.id,
            "meeting.create",
            &format!("{} ({})", row.topic, created.id),
            "ok",
        )
        .await;
        self.meeting(&created.id.to_string()).await
    }

    /// Change a meeting in Zoom and locally (one of the host's 100 updates per day).
    pub async fn update_meeting(&self, meeting: &str, input: MeetingInput) -> Result<Meeting> {
        let prepared = prepare(&input)?;
        let (account, client, store) = connect(self).await?;
        let row = resolve(&store, &account.id, meeting).await?;
        if !row.host_email.eq_ignore_ascii_case(input.host_email.trim()) {
            return Err(AppError::validation(
                "Zoom cannot move a meeting to another host through Rollcall. Delete it and \
                 create it again with the new host.",
            ));
        }
        let recurring = row.kind == "recurring";
        if recurring != prepared.recurrence.is_some() {
            return Err(AppError::validation(
                "A single meeting cannot become a series (or the other way round) here. Create a \
                 new meeting instead.",
            ));
        }
        let update = zoom::MeetingUpdate {
            topic: Some(prepared.topic.clone()),
            start_time: Some(prepared.start),
            duration: Some(prepared.duration),
            timezone: Some(prepared.zone.name().to_owned()),
            agenda: input.agenda.clone(),
            recurrence: prepared.recurrence.as_ref().map(|(_, z)| z.clone()),
            settings: Some(
                input
                    .settings
                    .to_zoom(prepared.registration.map(RegistrationKind::to_zoom)),
            ),
            ..Default::default()
        };
        let zoom_id = row.zoom_meeting_id as u64;
        let result = client.meetings().update(zoom_id, &update, None).await;
        save_usage(&store, &account.id, &client, self.clock().now()).await?;
        result.map_err(|e| meeting_cap_error(e, &row.host_email))?;
        let fresh = client.meetings().get(zoom_id, None).await?;
        let now = now_text(self.clock().now());
        let updated = MeetingRow {
            topic: prepared.topic,
            registration_type: prepared.registration.map(RegistrationKind::number),
            start_time: now_text(fresh.start_time.unwrap_or(prepared.start)),
            duration_minutes: i64::from(prepared.duration),
            timezone: prepared.zone.name().to_owned(),
            recurrence: prepared
                .recurrence
                .as_ref()
                .map(|(r, _)| serde_json::to_string(r).unwrap_or_default()),
            settings: serde_json::to_string(&input.settings).map_err(AppError::database)?,
            join_url: fresh.join_url.clone().or(row.join_url.clone()),
            registration_url: fresh
                .registration_url
                .clone()
                .or(row.registration_url.clone()),
            zoom_snapshot: Some(
                serde_json::to_string(&ZoomView::of(&fresh)).map_err(AppError::database)?,
            ),
            drift: None,
            updated_at: now.clone(),
            refreshed_at: Some(now),
            ..row.clone()
        };
        store.save_meeting(&updated).await?;
        store
            .replace_occurrences(row.id, &occurrence_rows(row.id, &fresh))
            .await?;
        audit(
            &store,
            self.clock().now(),
            &account.id,
            "meeting.update",
            &format!("{} ({})", updated.topic, zoom_id),
            "ok",
        )
        .await;
        self.meeting(&row.id.to_string()).await
    }

    /// Move a meeting (or one occurrence of a series) to `start` in Zoom and here, keeping
    /// everything else. For the demo's "Act out this meeting": the change is Rollcall's own,
    /// so no drift warning follows; the audit log records it like any other change.
    pub(crate) async fn move_session(
        &self,
        row: &MeetingRow,
        occurrence: Option<&str>,
        start: DateTime<Utc>,
    ) -> Result<()> {
        let (account, client, store) = connect(self).await?;
        let zoom_id = row.zoom_meeting_id as u64;
        let update = zoom::MeetingUpdate {
            start_time: Some(start),
            ..Default::default()
        };
        let result = client.meetings().update(zoom_id, &update, occurrence).await;
        save_usage(&store, &account.id, &client, self.clock().now()).await?;
        result.map_err(|e| meeting_cap_error(e, &row.host_email))?;
        let fresh = client.meetings().get(zoom_id, None).await?;
        let now = now_text(self.clock().now());
        let updated = MeetingRow {
            start_time: now_text(fresh.start_time.unwrap_or(start)),
            zoom_snapshot: Some(
                serde_json::to_string(&ZoomView::of(&fresh)).map_err(AppError::database)?,
            ),
            updated_at: now.clone(),
            refreshed_at: Some(now),
            ..row.clone()
        };
        store.save_meeting(&updated).await?;
        store
            .replace_occurrences(row.id, &occurrence_rows(row.id, &fresh))
            .await?;
        audit(
            &store,
            self.clock().now(),
            &account.id,
            "meeting.update",
            &format!("{} ({}) moved to {}", row.topic, zoom_id, now_text(start)),
            "ok",
        )
        .await;
        Ok(())
    }

    /// Delete the meeting in Zoom (already gone is fine) and mark it deleted locally.
    pub async fn delete_meeting(&self, meeting: &str) -> Result<()> {
        let (account, client, store) = connect(self).await?;
        let row = resolve(&store, &account.id, meeting).await?;
        match client
            .meetings()
            .delete(row.zoom_meeting_id as u64, &zoom::DeleteMeeting::default())
            .await
        {
            Ok(()) => {}
            Err(err) if err.kind == ErrorKind::NotFound => {}
            Err(err) => return Err(err.into()),
        }
        let now = self.clock().now();
        store
            .set_meeting_status(row.id, "deleted", &now_text(now))
            .await?;
        audit(
            &store,
            now,
            &account.id,
            "meeting.delete",
            &format!("{} ({})", row.topic, row.zoom_meeting_id),
            "ok",
        )
        .await;
        Ok(())
    }

    /// Bring a meeting made in Zoom under Rollcall's care, as it is in Zoom.
    pub async fn import_meeting(&self, zoom_meeting_id: &str) -> Result<Meeting> {
        let id: u64 = zoom_meeting_id
            .trim()
            .replace([' ', '-'], "")
            .parse()
            .map_err(|_| {
                AppError::validation(format!(
                    "\"{zoom_meeting_id}\" is not a Zoom meeting id (digits only)."
                ))
            })?;
        let (account, client, store) = connect(self).await?;
        let found = client.meetings().get(id, None).await.map_err(|e| {
            if e.kind == ErrorKind::NotFound {
                AppError::not_found(format!(
                    "Zoom has no meeting {id} in this account. Check the number in the Zoom portal."
                ))
            } else {
                e.into()
            }
        })?;
        preset::check_meeting_type(found.meeting_type)?;
        let host_id = found.host_id.clone().unwrap_or_default();
        let host = client.users().get(&host_id).await?;
        preset::check_host(&host.email, host.user_type)?;
        let zone_name = found
            .timezone
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "UTC".to_owned());
        let zone = time::parse_zone(&zone_name)?;
        let view = ZoomView::of(&found);
        let recurring = found.meeting_type == Some(MeetingType::RecurringFixedTime);
        let now = now_text(self.clock().now());
        let existing = store.meeting_row_by_zoom_id(&account.id, id as i64).await?;
        let row = MeetingRow {
            id: 0,
            account_id: account.id.clone(),
            zoom_meeting_id: id as i64,
            host_zoom_user_id: host.id.clone(),
            host_email: host.email.clone(),
            topic: found.topic.clone(),
            kind: if recurring { "recurring" } else { "scheduled" }.to_owned(),
            registration_type: if recurring {
                Some(view.registration_type.unwrap_or(1))
            } else {
                None
            },
            start_time: now_text(found.start_time.unwrap_or_else(|| self.clock().now())),
            duration_minutes: found.duration.unwrap_or(60),
            timezone: zone.name().to_owned(),
            recurrence: found
                .recurrence
                .as_ref()
                .and_then(|r| Recurrence::from_zoom(r, zone))
                .map(|r| serde_json::to_string(&r).unwrap_or_default()),
            settings: serde_json::to_string(&view.settings).map_err(AppError::database)?,
            join_url: found.join_url.clone(),
            registration_url: found.registration_url.clone(),
            zoom_snapshot: Some(serde_json::to_string(&view).map_err(AppError::database)?),
            drift: None,
            status: "active".to_owned(),
            created_at: existing
                .as_ref()
                .map(|r| r.created_at.clone())
                .unwrap_or_else(|| now.clone()),
            updated_at: now.clone(),
            refreshed_at: Some(now),
        };
        let local = store.save_meeting(&row).await?;
        store
            .replace_occurrences(local, &occurrence_rows(local, &found))
            .await?;
        audit(
            &store,
            self.clock().now(),
            &account.id,
            "meeting.import",
            &format!("{} ({id})", row.topic),
            "ok",
        )
        .await;
        self.meeting(&local.to_string()).await
    }

    pub async fn list_meetings(&self) -> Result<Vec<Meeting>> {
        let (account, _) = self.active_client().await?;
        let store = self.store().await;
        let mut out = Vec::new();
        for row in store.meeting_rows(&account.id).await? {
            out.push(to_meeting(&store, &row).await?);
        }
        Ok(out)
    }

    /// One meeting, by local id or Zoom meeting id.
    pub async fn meeting(&self, meeting: &str) -> Result<Meeting> {
        let (account, _) = self.active_client().await?;
        let store = self.store().await;
        let row = resolve(&store, &account.id, meeting).await?;
        to_meeting(&store, &row).await
    }

    /// Compare the meeting and its registrations with Zoom, and record what differs.
    pub async fn refresh_meeting(&self, meeting: &str) -> Result<Meeting> {
        let (account, client, store) = connect(self).await?;
        let row = resolve(&store, &account.id, meeting).await?;
        let now = self.clock().now();
        let found = match client
            .meetings()
            .get(row.zoom_meeting_id as u64, None)
            .await
        {
            Ok(m) => Some(m),
            Err(err) if err.kind == ErrorKind::NotFound => None,
            Err(err) => return Err(err.into()),
        };
        let Some(found) = found else {
            let drift = Drift {
                checked_at: now,
                deleted_in_zoom: true,
                differences: vec![Difference {
                    kind: DifferenceKind::DeletedInZoom,
                    message:
                        "This meeting was deleted in Zoom. Its invitations and links no longer \
                              work; delete it here too, or create it again."
                            .to_owned(),
                }],
            };
            let text = serde_json::to_string(&drift).map_err(AppError::database)?;
            store
                .record_meeting_refresh(
                    row.id,
                    None,
                    Some(&text),
                    "deleted_in_zoom",
                    &now_text(now),
                )
                .await?;
            return to_meeting(&store, &store.meeting_row(row.id).await?.unwrap_or(row)).await;
        };
        let view = ZoomView::of(&found);
        let mut differences = meeting_differences(&row, &view)?;
        differences.extend(
            crate::invitations::registration_differences(&store, &client, &row, &account.id)
                .await?,
        );
        store
            .replace_occurrences(row.id, &occurrence_rows(row.id, &found))
            .await?;
        let drift = (!differences.is_empty()).then_some(Drift {
            checked_at: now,
            deleted_in_zoom: false,
            differences,
        });
        let drift_text = drift
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(AppError::database)?;
        let snapshot = serde_json::to_string(&view).map_err(AppError::database)?;
        store
            .record_meeting_refresh(
                row.id,
                Some(&snapshot),
                drift_text.as_deref(),
                "active",
                &now_text(now),
            )
            .await?;
        let row = store.meeting_row(row.id).await?.unwrap_or(row);
        to_meeting(&store, &row).await
    }

    /// Refresh every meeting of the active account.
    pub async fn refresh_meetings(&self) -> Result<Vec<Meeting>> {
        let (account, _) = self.active_client().await?;
        let store = self.store().await;
        let mut out = Vec::new();
        for row in store.meeting_rows(&account.id).await? {
            out.push(self.refresh_meeting(&row.id.to_string()).await?);
        }
        Ok(out)
    }

    async fn licensed_host(&self, client: &Client, email: &str) -> Result<Host> {
        let email = email.trim();
        if email.is_empty() {
            return Err(AppError::validation(
                "Choose the host: a licensed user of the Zoom account.",
            ));
        }
        let user = client.users().get(email).await.map_err(|e| {
            if e.kind == ErrorKind::NotFound {
                AppError::not_found(format!(
                    "{email} is not a user of this Zoom account. Choose one of the licensed hosts."
                ))
            } else {
                e.into()
            }
        })?;
        preset::check_host(&user.email, user.user_type)?;
        Ok(Host {
            zoom_user_id: user.id,
            email: user.email,
            name: String::new(),
        })
    }
}

fn occurrence_rows(meeting_id: i64, m: &zoom::Meeting) -> Vec<OccurrenceRow> {
    m.occurrences
        .iter()
        .filter(|o| !o.occurrence_id.is_empty())
        .map(|o| OccurrenceRow {
            meeting_id,
            occurrence_id: o.occurrence_id.clone(),
            start_time: now_text(o.start_time.or(m.start_time).unwrap_or_default()),
            duration_minutes: o.duration.or(m.duration).unwrap_or(0),
            status: o.status.clone().unwrap_or_else(|| "available".to_owned()),
        })
        .collect()
}

fn meeting_differences(row: &MeetingRow, zoom: &ZoomView) -> Result<Vec<Difference>> {
    let mut out = Vec::new();
    let mut add = |kind, message: String| out.push(Difference { kind, message });
    if row.topic != zoom.topic {
        add(
            DifferenceKind::Topic,
            format!(
                "The topic is \"{}\" in Zoom, \"{}\" in Rollcall.",
                zoom.topic, row.topic
            ),
        );
    }
    let zone = time::parse_zone(&row.timezone).unwrap_or(Tz::UTC);
    let ours = parse_time(&row.start_time);
    if let (Some(ours), Some(theirs)) = (ours, zoom.start_time)
        && ours != theirs
    {
        add(
            DifferenceKind::StartTime,
            format!(
                "It starts at {} in Zoom, {} in Rollcall ({}).",
                time::show_local(theirs, zone),
                time::show_local(ours, zone),
                zone.name()
            ),
        );
    }
    if row.duration_minutes != zoom.duration_minutes {
        add(
            DifferenceKind::Duration,
            format!(
                "It lasts {} minutes in Zoom, {} in Rollcall.",
                zoom.duration_minutes, row.duration_minutes
            ),
        );
    }
    if !zoom.timezone.is_empty() && zoom.timezone != row.timezone {
        add(
            DifferenceKind::TimeZone,
            format!(
                "Its time zone is {} in Zoom, {} in Rollcall.",
                zoom.timezone, row.timezone
            ),
        );
    }
    let ours: MeetingSettings = serde_json::from_str(&row.settings).unwrap_or_default();
    let theirs = &zoom.settings;
    let on = |b: bool| if b { "on" } else { "off" };
    let mut setting = |name: &str, a: bool, b: bool| {
        if a != b {
            out.push(Difference {
                kind: DifferenceKind::Setting,
                message: format!("{name} is {} in Zoom, {} in Rollcall.", on(b), on(a)),
            });
        }
    };
    setting(
        "Invite only (manual approval)",
        ours.invite_only,
        theirs.invite_only,
    );
    setting("The waiting room", ours.waiting_room, theirs.waiting_room);
    setting(
        "Join before host",
        ours.join_before_host && !ours.waiting_room,
        theirs.join_before_host,
    );
    setting(
        "Several devices per link",
        ours.allow_multiple_devices,
        theirs.allow_multiple_devices,
    );
    setting(
        "The Zoom confirmation email",
        ours.confirmation_email,
        theirs.confirmation_email,
    );
    if row.registration_type.is_some()
        && zoom.registration_type.is_some()
        && row.registration_type != zoom.registration_type
    {
        out.push(Difference {
            kind: DifferenceKind::Setting,
            message: "How people register for the occurrences was changed in Zoom.".to_owned(),
        });
    }
    Ok(out)
}

async fn to_meeting(store: &Store, row: &MeetingRow) -> Result<Meeting> {
    let zone = time::parse_zone(&row.timezone).unwrap_or(Tz::UTC);
    let start = parse_time(&row.start_time).unwrap_or_default();
    let occurrences = store
        .occurrence_rows(row.id)
        .await?
        .into_iter()
        .map(|o| {
            let t = parse_time(&o.start_time).unwrap_or_default();
            Occurrence {
                occurrence_id: o.occurrence_id,
                start_time: t,
                start_local: time::show_local(t, zone),
                duration_minutes: o.duration_minutes.max(0) as u32,
                status: o.status,
            }
        })
        .collect();
    Ok(Meeting {
        id: row.id.max(0) as u32,
        zoom_meeting_id: row.zoom_meeting_id.to_string(),
        topic: row.topic.clone(),
        kind: if row.kind == "recurring" {
            MeetingKind::Recurring
        } else {
            MeetingKind::Scheduled
        },
        registration: row
            .registration_type
            .and_then(RegistrationKind::from_number),
        start_time: start,
        start_local: time::show_local(start, zone),
        timezone: row.timezone.clone(),
        duration_minutes: row.duration_minutes.max(0) as u32,
        recurrence: row
            .recurrence
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok()),
        settings: serde_json::from_str(&row.settings).unwrap_or_default(),
        host_email: row.host_email.clone(),
        join_url: row.join_url.clone(),
        registration_url: row.registration_url.clone(),
        status: match row.status.as_str() {
            "deleted_in_zoom" => MeetingStatus::DeletedInZoom,
            "deleted" => MeetingStatus::Deleted,
            _ => MeetingStatus::Active,
        },
        drift: row
            .drift
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok()),
        occurrences,
        invited: store.invited_count(row.id).await?.max(0) as u32,
        refreshed_at: row.refreshed_at.as_deref().and_then(parse_time),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MeetingInput {
        MeetingInput {
            topic: "Board".into(),
            start: "2026-12-01T15:00".into(),
            timezone: "Europe/Berlin".into(),
            duration_minutes: 60,
            host_email: "h@x.org".into(),
            recurrence: None,
            registration: None,
            settings: MeetingSettings::default(),
            agenda: None,
        }
    }

    #[test]
    fn a_meeting_entered_in_berlin_winter_is_stored_an_hour_earlier_in_utc() {
        let p = prepare(&input()).unwrap();
        assert_eq!(p.start.to_rfc3339(), "2026-12-01T14:00:00+00:00");
        assert_eq!(p.registration, None);
    }

    #[test]
    fn per_occurrence_registration_needs_a_series() {
        let mut i = input();
        i.registration = Some(RegistrationKind::EachOccurrence);
        assert!(prepare(&i).is_err());
        i.recurrence = Some(Recurrence {
            pattern: RecurrencePattern::Weekly {
                days: vec![Weekday::Monday, Weekday::Wednesday],
            },
            interval: 1,
            end: RecurrenceEnd::Times { count: 4 },
        });
        let p = prepare(&i).unwrap();
        let (_, z) = p.recurrence.unwrap();
        assert_eq!(z.weekly_days.as_deref(), Some("2,4"));
        assert_eq!(z.end_times, Some(4));
        assert_eq!(p.registration, Some(RegistrationKind::EachOccurrence));
    }

    #[test]
    fn an_until_date_ends_at_the_close_of_that_local_day() {
        let zone = time::parse_zone("Europe/Berlin").unwrap();
        let r = Recurrence {
            pattern: RecurrencePattern::Daily,
            interval: 1,
            end: RecurrenceEnd::Until {
                date: NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
            },
        };
        let z = r.to_zoom(zone).unwrap();
        assert_eq!(
            z.end_date_time.unwrap().to_rfc3339(),
            "2026-12-10T22:59:00+00:00"
        );
        assert_eq!(Recurrence::from_zoom(&z, zone).unwrap(), r);
    }

    #[test]
    fn midnight_is_the_next_day_in_utc() {
        let now = parse_time("2026-11-29T06:00:00Z").unwrap();
        assert_eq!(
            next_midnight_utc(now).to_rfc3339(),
            "2026-11-30T00:00:00+00:00"
        );
    }
}
