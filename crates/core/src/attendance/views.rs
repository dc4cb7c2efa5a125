//! What the front ends call: sync, the per-instance, per-person and per-group views, the
//! review queue with its decisions, and the attendance settings. All on [`App`].

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::history::{AttendanceTotals, HistoryEntry, group_rate, person_history};
use super::model::{
    Alias, AttendanceRow, AttendanceStatus, GuestEntry, MatchMethod, MatchRule, PersonId,
    RowSource, RuleId, RuleTarget, SuggestionReason, TimeSpan, UnidentifiedEntry,
};
use super::records::{
    self, LATE_AFTER_KEY, LEFT_EARLY_KEY, PRESENT_MIN_KEY, REFRESH_KEY, SOURCE_KEY, display_name,
    enum_str, minutes_setting, parse_enum, rule_from_row,
};
use super::review::{ApplyTo, rule_for_decision};
use super::sync::{
    AttendanceSyncHandler, AttendanceSyncParams, SourcePreference, SyncContext, parse_source,
};
use crate::app::App;
use crate::error::{AppError, Result};
use crate::jobs::{Job, JobKind, parse_time};
use crate::store::attendance::{InstanceRow, KnownPersonRow, MeetingRow, RecordRow, RuleRow};
use crate::store::jobs::NewItem;
use crate::store::{Store, now_text};

/// The attendance settings an admin can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceSettings {
    /// Late when the first join is more than this many minutes after the start (default 5).
    pub late_after_minutes: u32,
    /// Left early when the last leave is more than this many minutes before the end (default 5).
    pub left_early_minutes: u32,
    /// Present from this many attended minutes (default 0: any attended time).
    pub present_min_minutes: u32,
    /// Refresh recent meetings every this many minutes (default 15; 0 = off).
    pub refresh_minutes: u32,
    /// Where rows are read from first.
    pub source: SourcePreference,
}

impl Default for AttendanceSettings {
    fn default() -> Self {
        Self {
            late_after_minutes: 5,
            left_early_minutes: 5,
            present_min_minutes: 0,
            refresh_minutes: 15,
            source: SourcePreference::Report,
        }
    }
}

/// A meeting, as attendance views name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MeetingRef {
    /// Rollcall's id for the meeting (digits).
    pub meeting_id: String,
    /// Zoom's meeting id (digits).
    pub zoom_meeting_id: String,
    pub topic: String,
}

/// Where an instance's rows stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum InstanceState {
    /// Known, rows not fetched yet.
    Pending,
    /// Zoom's report was not ready; Rollcall tries again at `retryAt`.
    NotReady,
    /// The last fetch failed (nothing was saved); tried again at `retryAt`.
    Failed,
    /// Rows stored and reconciled.
    Fetched,
}

/// One ended instance of a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceInstance {
    pub uuid: String,
    pub occurrence_id: Option<String>,
    #[specta(type = String)]
    pub started_at: DateTime<Utc>,
    #[specta(type = Option<String>)]
    pub ended_at: Option<DateTime<Utc>>,
    #[specta(type = String)]
    pub scheduled_start: DateTime<Utc>,
    #[specta(type = String)]
    pub scheduled_end: DateTime<Utc>,
    pub state: InstanceState,
    pub source: Option<RowSource>,
    #[specta(type = Option<String>)]
    pub retry_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// A person of the directory, as attendance views show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonRef {
    pub person_id: PersonId,
    pub external_id: String,
    pub name: String,
    pub email: String,
}

/// One person's attendance of one instance, for the table and the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceLine {
    pub person: PersonRef,
    pub invited: bool,
    pub attended: bool,
    pub status: AttendanceStatus,
    pub late: bool,
    pub left_early: bool,
    #[specta(type = Option<String>)]
    pub first_join: Option<DateTime<Utc>>,
    #[specta(type = Option<String>)]
    pub last_leave: Option<DateTime<Utc>>,
    /// Attended time (merged intervals), whole seconds.
    pub total_seconds: u32,
    pub joins: u32,
    pub match_method: Option<MatchMethod>,
    pub rule_id: Option<RuleId>,
    /// The merged stays, for the timeline against the scheduled time.
    pub intervals: Vec<TimeSpan>,
}

/// An instance with its attendance.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InstanceView {
    pub meeting: MeetingRef,
    pub instance: AttendanceInstance,
    pub lines: Vec<AttendanceLine>,
    pub guests: Vec<GuestEntry>,
    pub unidentified: Vec<UnidentifiedEntry>,
}

/// A person the admin may mean for a review entry.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSuggestion {
    pub person: PersonRef,
    pub score: f64,
    pub reasons: Vec<SuggestionReason>,
}

/// Rows nobody could be tied to, across the instances of a meeting, grouped by alias.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReviewEntry {
    /// `kind:value`, stable: what the CLI and the UI pass back to [`App::decide`].
    pub key: String,
    pub alias: Alias,
    pub display_name: Option<String>,
    /// The instances (UUIDs) the alias appears in.
    pub instances: Vec<String>,
    pub rows: u32,
    pub attended_seconds: u32,
    pub suggestions: Vec<ReviewSuggestion>,
    /// The rows as Zoom gave them (at most [`REVIEW_ROWS_SHOWN`], oldest instance first), for the
    /// admin to judge: masked values stay masked.
    pub seen: Vec<AttendanceRow>,
}

/// How many of an alias's rows the review queue shows as Zoom gave them.
pub const REVIEW_ROWS_SHOWN: usize = 20;

/// Whom an admin says an alias is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum DecisionTarget {
    #[serde(rename_all = "camelCase")]
    Person { external_id: String },
    #[serde(rename_all = "camelCase")]
    Guest { label: Option<String> },
}

/// An admin's review decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub target: DecisionTarget,
    pub apply_to: ApplyTo,
}

/// A decision saved as a rule, and how many instances were reconciled again.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DecisionOutcome {
    pub rule: MatchRule,
    pub reconciled_instances: u32,
}

/// One instance in a person's history.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonHistoryLine {
    pub meeting: MeetingRef,
    pub uuid: String,
    #[specta(type = String)]
    pub scheduled_start: DateTime<Utc>,
    pub scheduled_seconds: u32,
    pub status: AttendanceStatus,
    pub invited: bool,
    pub attended: bool,
    pub total_seconds: u32,
    /// Attended time / scheduled time (at most 1).
    pub share_of_scheduled: f64,
}

/// A person's attendance across meetings.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonAttendance {
    pub person: PersonRef,
    pub totals: AttendanceTotals,
    pub lines: Vec<PersonHistoryLine>,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncSummary {
    pub job: Job,
    pub instances: Vec<AttendanceInstance>,
}

pub(crate) fn person_ref(p: &KnownPersonRow) -> PersonRef {
    PersonRef {
        person_id: PersonId(p.id),
        external_id: p.external_id.clone(),
        name: display_name(p),
        email: p.email.clone(),
    }
}

fn unknown_person(id: i64) -> PersonRef {
    PersonRef {
        person_id: PersonId(id),
        external_id: String::new(),
        name: format!("person {id}"),
        email: String::new(),
    }
}

pub(crate) fn meeting_ref(m: &MeetingRow) -> MeetingRef {
    MeetingRef {
        meeting_id: m.id.to_string(),
        zoom_meeting_id: m.zoom_meeting_id.to_string(),
        topic: m.topic.clone(),
    }
}

pub(crate) fn instance_view(row: &InstanceRow) -> AttendanceInstance {
    let started = parse_time(&row.started_at).unwrap_or_default();
    AttendanceInstance {
        uuid: row.uuid.clone(),
        occurrence_id: Some(row.occurrence_id.clone()).filter(|o| !o.is_empty()),
        started_at: started,
        ended_at: row.ended_at.as_deref().and_then(parse_time),
        scheduled_start: parse_time(&row.scheduled_start).unwrap_or(started),
        scheduled_end: parse_time(&row.scheduled_end).unwrap_or(started),
        state: parse_enum::<InstanceState>(&snake_to_camel(&row.state))
            .unwrap_or(InstanceState::Pending),
        source: row.source.as_deref().map(parse_source),
        retry_at: row.retry_at.as_deref().and_then(parse_time),
        last_error: row.last_error.clone(),
    }
}

fn snake_to_camel(s: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in s.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn line(
    r: &RecordRow,
    people: &std::collections::HashMap<i64, KnownPersonRow>,
) -> AttendanceLine {
    AttendanceLine {
        person: people
            .get(&r.person_id)
            .map(person_ref)
            .unwrap_or_else(|| unknown_person(r.person_id)),
        invited: r.invited,
        attended: r.attended,
        status: parse_enum(&r.status).unwrap_or(AttendanceStatus::Unidentified),
        late: r.late,
        left_early: r.left_early,
        first_join: r.first_join.as_deref().and_then(parse_time),
        last_leave: r.last_leave.as_deref().and_then(parse_time),
        total_seconds: u32::try_from(r.total_seconds).unwrap_or(0),
        joins: u32::try_from(r.joins).unwrap_or(0),
        match_method: r.match_method.as_deref().and_then(parse_enum),
        rule_id: r.rule_id.map(RuleId),
        intervals: serde_json::from_str(&r.intervals).unwrap_or_default(),
    }
}

fn alias_key(alias: &Alias) -> String {
    format!("{}:{}", enum_str(&alias.kind), alias.value)
}

/// The view of one stored instance.
pub(crate) async fn stored_instance_view(
    store: &Store,
    meeting: &MeetingRow,
    instance: &InstanceRow,
) -> Result<InstanceView> {
    let people = records::people_by_id(store, &meeting.account_id).await?;
    let lines = store
        .attendance_records(instance.id)
        .await?
        .iter()
        .map(|r| line(r, &people))
        .collect();
    let unidentified = store
        .attendance_unidentified(meeting.id)
        .await?
        .into_iter()
        .filter(|u| u.instance_id == instance.id)
        .filter_map(|u| serde_json::from_str(&u.entry).ok())
        .collect();
    Ok(InstanceView {
        meeting: meeting_ref(meeting),
        instance: instance_view(instance),
        lines,
        guests: serde_json::from_str(&instance.guests).unwrap_or_default(),
        unidentified,
    })
}

impl App {
    async fn attendance_context(&self) -> Result<(String, SyncContext)> {
        let (account, client) = self.active_client().await?;
        let store = self.store().await;
        let preference = store
            .setting(SOURCE_KEY)
            .await?
            .as_deref()
            .and_then(SourcePreference::parse)
            .unwrap_or_default();
        Ok((
            account.id,
            SyncContext {
                store,
                client,
                clock: self.clock(),
                preference,
            },
        ))
    }

    /// A meeting by Rollcall's id or by Zoom's meeting id (of the active account).
    pub async fn attendance_meeting(&self, meeting: &str) -> Result<MeetingRow> {
        let (account, _) = self.active_client().await?;
        crate::meetings::resolve(&self.store().await, &account.id, meeting).await
    }

    /// Discover the ended instances of a meeting in Zoom and create a sync job with one item
    /// per instance not fetched yet (every instance when `force`). Start it with
    /// [`App::start_job`] (desktop) or [`App::run_job`] (CLI).
    pub async fn create_attendance_sync(&self, meeting: &str, force: bool) -> Result<Job> {
        let meeting = self.attendance_meeting(meeting).await?;
        let (account_id, ctx) = self.attendance_context().await?;
        if meeting.account_id != account_id {
            return Err(AppError::validation(
                "This meeting belongs to another Zoom account. Switch to that account to sync it.",
            ));
        }
        let instances = ctx.discover(&meeting, None).await?;
        let items = sync_items(&meeting, &instances, force);
        self.runner()
            .await
            .create(
                JobKind::AttendanceSync,
                &format!("Attendance of {}", meeting.topic),
                Some(&account_id),
                &serde_json::to_value(AttendanceSyncParams {
                    account_id: account_id.clone(),
                    force,
                })
                .unwrap_or_default(),
                &items,
            )
            .await
    }

    /// Sync one meeting to the end (the CLI's way): every ended instance fetched, stored and
    /// reconciled.
    pub async fn sync_attendance(&self, meeting: &str, force: bool) -> Result<SyncSummary> {
        let job = self.create_attendance_sync(meeting, force).await?;
        let job = self.run_job(&job.id).await?;
        let row = self.attendance_meeting(meeting).await?;
        let store = self.store().await;
        records::reconcile_meeting(&store, row.id).await?;
        Ok(SyncSummary {
            job,
            instances: store
                .attendance_instances(row.id)
                .await?
                .iter()
                .map(instance_view)
                .collect(),
        })
    }

    /// Refresh every meeting of the active account that may have had an instance in the last
    /// `days` days (the desktop's on-demand and periodic refresh): one job, run to its end.
    /// `None` when no instance is due (no job is created, so a periodic refresh leaves no
    /// trail of empty jobs).
    pub async fn sync_recent_attendance(&self, days: u32) -> Result<Option<Job>> {
        match self.create_recent_attendance_sync(days).await? {
            Some(job) => Ok(Some(self.run_job(&job.id).await?)),
            None => Ok(None),
        }
    }

    /// The job [`App::sync_recent_attendance`] runs, created but not started (`None` when no
    /// instance is due): the desktop starts it in the background with [`App::start_job`].
    pub async fn create_recent_attendance_sync(&self, days: u32) -> Result<Option<Job>> {
        let (account_id, ctx) = self.attendance_context().await?;
        let since = self.clock().now() - chrono::Duration::days(i64::from(days));
        let meetings = ctx
            .store
            .attendance_recent_meetings(&account_id, &now_text(since))
            .await?;
        let now = self.clock().now();
        let mut items = Vec::new();
        for meeting in &meetings {
            let instances = ctx.discover(meeting, Some(since)).await?;
            // Not-ready and failed instances wait for their retry time.
            let due: Vec<InstanceRow> = instances
                .into_iter()
                .filter(|i| {
                    i.retry_at
                        .as_deref()
                        .and_then(parse_time)
                        .is_none_or(|t| t <= now)
                })
                .collect();
            items.extend(sync_items(meeting, &due, false));
        }
        if items.is_empty() {
            return Ok(None);
        }
        self.runner()
            .await
            .create(
                JobKind::AttendanceSync,
                "Attendance of recent meetings",
                Some(&account_id),
                &serde_json::to_value(AttendanceSyncParams {
                    account_id: account_id.clone(),
                    force: false,
                })
                .unwrap_or_default(),
                &items,
            )
            .await
            .map(Some)
    }

    /// The job handler for an attendance-sync job (used by the job dispatcher).
    pub(crate) async fn attendance_sync_handler(
        &self,
        params: AttendanceSyncParams,
    ) -> Result<Arc<AttendanceSyncHandler>> {
        let (account_id, ctx) = self.attendance_context().await?;
        if params.account_id != account_id {
            return Err(AppError::validation(
                "This job belongs to another Zoom account. Switch to that account to resume it.",
            ));
        }
        Ok(Arc::new(AttendanceSyncHandler {
            ctx,
            force: params.force,
        }))
    }

    pub async fn attendance_instances(&self, meeting: &str) -> Result<Vec<AttendanceInstance>> {
        let meeting = self.attendance_meeting(meeting).await?;
        Ok(self
            .store()
            .await
            .attendance_instances(meeting.id)
            .await?
            .iter()
            .map(instance_view)
            .collect())
    }

    /// One instance's attendance (`uuid` None: the latest instance).
    pub async fn instance_attendance(
        &self,
        meeting: &str,
        uuid: Option<&str>,
    ) -> Result<InstanceView> {
        let meeting = self.attendance_meeting(meeting).await?;
        let store = self.store().await;
        let instances = store.attendance_instances(meeting.id).await?;
        let instance = match uuid {
            Some(u) => instances.iter().find(|i| i.uuid == u),
            None => instances.last(),
        }
        .ok_or_else(|| {
            AppError::not_found(
                "Rollcall has no attendance for this meeting instance yet. Sync the meeting first.",
            )
        })?;
        stored_instance_view(&store, &meeting, instance).await
    }

    /// Every instance of a meeting with its attendance, oldest first.
    pub async fn meeting_attendance(&self, meeting: &str) -> Result<Vec<InstanceView>> {
        let meeting = self.attendance_meeting(meeting).await?;
        let store = self.store().await;
        let mut out = Vec::new();
        for instance in store.attendance_instances(meeting.id).await? {
            out.push(stored_instance_view(&store, &meeting, &instance).await?);
        }
        Ok(out)
    }

    /// Rows nobody could be tied to, across the meeting's instances, with suggestions. Never
    /// guessed: an admin decides with [`App::decide`].
    pub async fn review_queue(&self, meeting: &str) -> Result<Vec<ReviewEntry>> {
        let meeting = self.attendance_meeting(meeting).await?;
        let store = self.store().await;
        let people = records::people_by_id(&store, &meeting.account_id).await?;
        let instances: std::collections::HashMap<i64, String> = store
            .attendance_instances(meeting.id)
            .await?
            .into_iter()
            .map(|i| (i.id, i.uuid))
            .collect();
        let mut grouped: BTreeMap<Alias, ReviewEntry> = BTreeMap::new();
        for row in store.attendance_unidentified(meeting.id).await? {
            let Ok(entry) = serde_json::from_str::<UnidentifiedEntry>(&row.entry) else {
                continue;
            };
            let e = grouped
                .entry(entry.alias.clone())
                .or_insert_with(|| ReviewEntry {
                    key: alias_key(&entry.alias),
                    alias: entry.alias.clone(),
                    display_name: entry.display_name.clone(),
                    instances: Vec::new(),
                    rows: 0,
                    attended_seconds: 0,
                    suggestions: Vec::new(),
                    seen: Vec::new(),
                });
            for row in &entry.rows {
                if e.seen.len() < REVIEW_ROWS_SHOWN {
                    e.seen.push(row.clone());
                }
            }
            if let Some(uuid) = instances.get(&row.instance_id) {
                e.instances.push(uuid.clone());
            }
            e.rows += u32::try_from(entry.rows.len()).unwrap_or(0);
            e.attended_seconds += entry.presence.attended_seconds;
            if e.display_name.is_none() {
                e.display_name = entry.display_name.clone();
            }
            for s in entry.suggestions {
                if e.suggestions
                    .iter()
                    .any(|x| x.person.person_id == s.person_id)
                {
                    continue;
                }
                e.suggestions.push(ReviewSuggestion {
                    person: people
                        .get(&s.person_id.0)
                        .map(person_ref)
                        .unwrap_or_else(|| unknown_person(s.person_id.0)),
                    score: s.score,
                    reasons: s.reasons,
                });
            }
        }
        Ok(grouped.into_values().collect())
    }

    /// An admin's decision for an alias of the review queue: saved as a match rule for the
    /// meeting series (or the whole account), applied at once to every instance it touches.
    pub async fn decide(
        &self,
        meeting: &str,
        alias: &Alias,
        decision: Decision,
    ) -> Result<DecisionOutcome> {
        let meeting = self.attendance_meeting(meeting).await?;
        let store = self.store().await;
        let target = match &decision.target {
            DecisionTarget::Person { external_id } => {
                let person = store
                    .attendance_person_by_external_id(external_id.trim())
                    .await?
                    .ok_or_else(|| {
                        AppError::not_found(format!(
                            "There is no person with the id \"{external_id}\" in the directory."
                        ))
                    })?;
                RuleTarget::Person {
                    person_id: PersonId(person.id),
                }
            }
            DecisionTarget::Guest { label } => RuleTarget::Guest {
                label: label.clone().filter(|l| !l.trim().is_empty()),
            },
        };
        let zoom_id = meeting.zoom_meeting_id.to_string();
        // The engine normalises the alias and sets the scope; the store gives the id.
        let draft = rule_for_decision(RuleId(0), alias, target, decision.apply_to, &zoom_id);
        let (person_id, guest_label) = match &draft.target {
            RuleTarget::Person { person_id } => (Some(person_id.0), None),
            RuleTarget::Guest { label } => (None, label.clone()),
        };
        let scope_meeting = match decision.apply_to {
            ApplyTo::Series => zoom_id.clone(),
            ApplyTo::Account => String::new(),
        };
        let row = RuleRow {
            id: 0,
            account_id: meeting.account_id.clone(),
            alias_kind: enum_str(&draft.alias.kind),
            alias_value: draft.alias.value.clone(),
            person_id,
            guest_label,
            scope_meeting,
            created_at: now_text(self.clock().now()),
        };
        let id = store.save_attendance_rule(&row, &local_actor()).await?;
        let saved = store
            .attendance_rule(id)
            .await?
            .and_then(|r| rule_from_row(&r))
            .ok_or_else(|| AppError::database("the saved rule could not be read back"))?;
        let reconciled = reapply(&store, &meeting.account_id, &row.scope_meeting).await?;
        Ok(DecisionOutcome {
            rule: saved,
            reconciled_instances: reconciled,
        })
    }

    /// Undo a decision: its rule is removed and the instances it touched reconciled again.
    /// Returns how many instances were reconciled.
    pub async fn undo_decision(&self, rule: RuleId) -> Result<u32> {
        let store = self.store().await;
        let row = store.attendance_rule(rule.0).await?.ok_or_else(|| {
            AppError::not_found(format!(
                "There is no review decision {}; it may have been undone already.",
                rule.0
            ))
        })?;
        store.delete_attendance_rule(rule.0).await?;
        reapply(&store, &row.account_id, &row.scope_meeting).await
    }

    /// A person's attendance across meetings (by the directory's external id).
    pub async fn person_attendance(&self, external_id: &str) -> Result<PersonAttendance> {
        let store = self.store().await;
        let person = store
            .attendance_person_by_external_id(external_id.trim())
            .await?
            .ok_or_else(|| {
                AppError::not_found(format!(
                    "There is no person with the id \"{external_id}\" in the directory."
                ))
            })?;
        let mut meetings: std::collections::HashMap<i64, MeetingRow> = Default::default();
        let mut lines = Vec::new();
        let mut entries = Vec::new();
        for (record, instance) in store.attendance_records_of_person(person.id).await? {
            if !meetings.contains_key(&instance.meeting_id)
                && let Some(m) = store.meeting_row(instance.meeting_id).await?
            {
                meetings.insert(m.id, m);
            }
            let Some(meeting) = meetings.get(&instance.meeting_id) else {
                continue;
            };
            let schedule = records::schedule_of(&instance);
            let entry = history_entry(&schedule, &record);
            let share = if entry.scheduled_seconds == 0 {
                0.0
            } else {
                f64::from(entry.attended_seconds.min(entry.scheduled_seconds))
                    / f64::from(entry.scheduled_seconds)
            };
            lines.push(PersonHistoryLine {
                meeting: meeting_ref(meeting),
                uuid: instance.uuid.clone(),
                scheduled_start: schedule.scheduled_start,
                scheduled_seconds: entry.scheduled_seconds,
                status: parse_enum(&record.status).unwrap_or(AttendanceStatus::Unidentified),
                invited: record.invited,
                attended: record.attended,
                total_seconds: entry.attended_seconds,
                share_of_scheduled: share,
            });
            entries.push(entry);
        }
        Ok(PersonAttendance {
            person: person_ref(&person),
            totals: person_history(&entries),
            lines,
        })
    }

    /// A group's attendance over the instances scheduled in `[from, to)`.
    pub async fn group_attendance(
        &self,
        group: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<AttendanceTotals> {
        let store = self.store().await;
        let members = store
            .attendance_group_members(group.trim())
            .await?
            .ok_or_else(|| AppError::not_found(format!("There is no group \"{group}\".")))?;
        let mut entries = Vec::new();
        for person in members {
            for (record, instance) in store.attendance_records_of_person(person).await? {
                entries.push(history_entry(&records::schedule_of(&instance), &record));
            }
        }
        Ok(group_rate(&entries, from, to))
    }

    pub async fn attendance_settings(&self) -> Result<AttendanceSettings> {
        let store = self.store().await;
        Ok(AttendanceSettings {
            late_after_minutes: minutes_setting(&store, LATE_AFTER_KEY, 5).await?,
            left_early_minutes: minutes_setting(&store, LEFT_EARLY_KEY, 5).await?,
            present_min_minutes: minutes_setting(&store, PRESENT_MIN_KEY, 0).await?,
            refresh_minutes: minutes_setting(&store, REFRESH_KEY, 15).await?,
            source: store
                .setting(SOURCE_KEY)
                .await?
                .as_deref()
                .and_then(SourcePreference::parse)
                .unwrap_or_default(),
        })
    }

    /// Save the settings; changed thresholds recompute every stored record of the account.
    pub async fn set_attendance_settings(
        &self,
        settings: AttendanceSettings,
    ) -> Result<AttendanceSettings> {
        if settings.late_after_minutes > 24 * 60
            || settings.left_early_minutes > 24 * 60
            || settings.present_min_minutes > 24 * 60
        {
            return Err(AppError::validation(
                "Thresholds are minutes within a day (0 to 1440).",
            ));
        }
        let store = self.store().await;
        let before = self.attendance_settings().await?;
        for (key, value) in [
            (LATE_AFTER_KEY, settings.late_after_minutes),
            (LEFT_EARLY_KEY, settings.left_early_minutes),
            (PRESENT_MIN_KEY, settings.present_min_minutes),
            (REFRESH_KEY, settings.refresh_minutes),
        ] {
            store.set_setting(key, &value.to_string()).await?;
        }
        store
            .set_setting(SOURCE_KEY, settings.source.as_str())
            .await?;
        let thresholds_changed = before.late_after_minutes != settings.late_after_minutes
            || before.left_early_minutes != settings.left_early_minutes
            || before.present_min_minutes != settings.present_min_minutes;
        if thresholds_changed && let Ok((account, _)) = self.active_client().await {
            for id in store.attendance_account_instance_ids(&account.id).await? {
                records::reconcile_instance(&store, id).await?;
            }
        }
        self.attendance_settings().await
    }
}

fn history_entry(schedule: &super::model::InstanceSchedule, record: &RecordRow) -> HistoryEntry {
    let scheduled = schedule.scheduled_duration().num_seconds().max(0);
    HistoryEntry {
        scheduled_start: schedule.scheduled_start,
        scheduled_seconds: u32::try_from(scheduled).unwrap_or(u32::MAX),
        invited: record.invited,
        attended: record.attended,
        attended_seconds: u32::try_from(record.total_seconds).unwrap_or(0),
    }
}

fn sync_items(meeting: &MeetingRow, instances: &[InstanceRow], force: bool) -> Vec<NewItem> {
    instances
        .iter()
        .filter(|i| force || i.state != "fetched")
        .map(|i| NewItem {
            idempotency_key: format!("sync:{}:{}", meeting.zoom_meeting_id, i.uuid),
            subject: i.id.to_string(),
            label: format!("{} — {}", meeting.topic, i.started_at),
        })
        .collect()
}

/// Reconcile every fetched instance a rule of this scope may touch: the series' instances, or
/// all of the account's.
async fn reapply(store: &Store, account_id: &str, scope_meeting: &str) -> Result<u32> {
    let ids: Vec<i64> = if scope_meeting.is_empty() {
        store.attendance_account_instance_ids(account_id).await?
    } else {
        let zoom_id: i64 = scope_meeting.parse().unwrap_or_default();
        match store.meeting_row_by_zoom_id(account_id, zoom_id).await? {
            Some(m) => store
                .attendance_instances(m.id)
                .await?
                .into_iter()
                .filter(|i| i.state == "fetched")
                .map(|i| i.id)
                .collect(),
            None => Vec::new(),
        }
    };
    for id in &ids {
        records::reconcile_instance(store, *id).await?;
    }
    Ok(u32::try_from(ids.len()).unwrap_or(u32::MAX))
}

fn local_actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned())
}
