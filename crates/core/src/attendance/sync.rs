//! Fetching attendance from Zoom: every ended instance of a meeting, and for each instance
//! every page of participant rows, stored unchanged with their source.
//!
//! - **Sources.** The report (`include_fields=registrant_id`, Pro+) by default; where Zoom says
//!   the plan or the app may not read it (`PlanRequired`, "no permission"), the past-meeting
//!   participants; the dashboard when the admin chose it (Business+), falling back the same way.
//! - **Not ready.** Just after an instance ends Zoom may answer with nothing, rows of zero
//!   length, or not-found: that is "not yet", not "nobody came". The instance stays
//!   `not_ready` with a retry time and nothing is saved. After [`SETTLE_AFTER`] an empty answer
//!   is believed.
//! - **All or nothing.** All pages are read first, then all rows of the instance are written in
//!   one transaction that replaces the instance's rows; a failed page leaves the instance as it
//!   was (and retryable), and a rerun never duplicates rows.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use futures::TryStreamExt;
use rollcall_zoom::{ErrorKind, ZoomError};
use serde::{Deserialize, Serialize};

use super::model::{AttendanceRow, RowSource};
use super::records;
use crate::clock::Clock;
use crate::error::{AppError, ErrorCode, Result};
use crate::jobs::{ItemHandler, ItemResult, JobItem};
use crate::store::attendance::{InstanceRow, MeetingRow, NewInstance, RawRow};
use crate::store::{Store, now_text};

/// How long after its end an empty report is believed (a meeting with only the host has no
/// report rows, M25 `pastMeetingParticipants`).
pub const SETTLE_AFTER: Duration = Duration::hours(24);

/// The first retry of a report that is not ready; doubles per attempt, at most an hour.
const FIRST_RETRY: Duration = Duration::minutes(2);

/// Which endpoint to read rows from first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type, Default)]
#[serde(rename_all = "camelCase")]
pub enum SourcePreference {
    /// The participants report (Pro+), falling back to past participants.
    #[default]
    Report,
    /// The dashboard (Business+), falling back to the report, then past participants.
    Dashboard,
}

impl SourcePreference {
    pub fn as_str(self) -> &'static str {
        match self {
            SourcePreference::Report => "report",
            SourcePreference::Dashboard => "dashboard",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "report" => Some(SourcePreference::Report),
            "dashboard" => Some(SourcePreference::Dashboard),
            _ => None,
        }
    }
}

/// What one instance's sync ended with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum InstanceSyncOutcome {
    /// Rows stored and reconciled.
    #[serde(rename_all = "camelCase")]
    Fetched { rows: u32, source: RowSource },
    /// Already fetched earlier; only reconciled again.
    #[serde(rename_all = "camelCase")]
    AlreadyFetched,
    /// Zoom's report is not ready yet; nothing saved, tried again at `retry_at`.
    #[serde(rename_all = "camelCase")]
    NotReady {
        #[specta(type = String)]
        retry_at: DateTime<Utc>,
    },
}

/// A fetched row: the JSON as received and what reconciliation reads.
struct Fetched {
    raw: String,
    registration_id: Option<String>,
    zoom_user_id: Option<String>,
    name: Option<String>,
    email: Option<String>,
    joined_at: Option<DateTime<Utc>>,
    left_at: Option<DateTime<Utc>>,
    duration: Option<i64>,
    in_waiting_room: bool,
}

fn opt(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn waiting(status: &Option<rollcall_zoom::model::ParticipantStatus>) -> bool {
    matches!(
        status,
        Some(rollcall_zoom::model::ParticipantStatus::InWaitingRoom)
    )
}

async fn read_report(
    client: &rollcall_zoom::Client,
    uuid: &str,
) -> Result<Vec<Fetched>, ZoomError> {
    let rows: Vec<_> = client
        .reports()
        .report_participants(uuid)
        .try_collect()
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Fetched {
            raw: serde_json::to_string(&r).unwrap_or_default(),
            registration_id: r.registrant_id.clone().filter(|s| !s.is_empty()),
            zoom_user_id: opt(&r.participant_user_id).or_else(|| opt(&r.id)),
            name: opt(&r.name),
            email: r.user_email.clone(),
            joined_at: r.join_time,
            left_at: r.leave_time,
            duration: r.duration,
            in_waiting_room: waiting(&r.status),
        })
        .collect())
}

async fn read_past(client: &rollcall_zoom::Client, uuid: &str) -> Result<Vec<Fetched>, ZoomError> {
    let rows: Vec<_> = client
        .reports()
        .past_participants(uuid)
        .try_collect()
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Fetched {
            raw: serde_json::to_string(&r).unwrap_or_default(),
            registration_id: r.registrant_id.clone().filter(|s| !s.is_empty()),
            zoom_user_id: opt(&r.id),
            name: opt(&r.name),
            email: r.user_email.clone(),
            joined_at: r.join_time,
            left_at: r.leave_time,
            duration: r.duration,
            in_waiting_room: waiting(&r.status),
        })
        .collect())
}

async fn read_dashboard(
    client: &rollcall_zoom::Client,
    uuid: &str,
) -> Result<Vec<Fetched>, ZoomError> {
    let rows: Vec<_> = client
        .reports()
        .dashboard_participants(uuid)
        .try_collect()
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Fetched {
            raw: serde_json::to_string(&r).unwrap_or_default(),
            registration_id: r.registrant_id.clone().filter(|s| !s.is_empty()),
            zoom_user_id: opt(&r.participant_user_id).or_else(|| opt(&r.id)),
            name: opt(&r.user_name),
            email: r.email.clone(),
            joined_at: r.join_time,
            left_at: r.leave_time,
            duration: None,
            in_waiting_room: waiting(&r.status),
        })
        .collect())
}

/// The UUID as handed to the client. The client double-encodes only UUIDs that begin with `/`
/// or contain `//` (REFERENCE §5); one with a single `/` inside is encoded once, arrives as
/// `%2F`, is decoded by the server's router and no longer names the instance (zoom-sim answers
/// 404/3001). Such a UUID is encoded once here, so the client's encoding makes it double —
/// the form REFERENCE §5 says Zoom accepts (PSZoom always double-encodes).
pub fn client_uuid(uuid: &str) -> String {
    if uuid.contains('/') && !rollcall_zoom::encode::needs_double_encoding(uuid) {
        rollcall_zoom::encode::segment(uuid)
    } else {
        uuid.to_owned()
    }
}

/// Zoom says this account or app may not read that endpoint: try the next source.
fn not_permitted(err: &ZoomError) -> bool {
    matches!(
        err.kind,
        ErrorKind::PlanRequired | ErrorKind::MissingScope { .. }
    ) || (err.kind == ErrorKind::Rejected && err.zoom_code == Some(200))
}

/// Every row of an instance, from the first source that answers.
async fn read_rows(
    client: &rollcall_zoom::Client,
    uuid: &str,
    preference: SourcePreference,
) -> Result<(RowSource, Vec<Fetched>), ZoomError> {
    let uuid = &client_uuid(uuid);
    if preference == SourcePreference::Dashboard {
        match read_dashboard(client, uuid).await {
            Ok(rows) => return Ok((RowSource::Dashboard, rows)),
            Err(err) if not_permitted(&err) => {}
            Err(err) => return Err(err),
        }
    }
    match read_report(client, uuid).await {
        Ok(rows) => Ok((RowSource::Report, rows)),
        Err(err) if not_permitted(&err) => Ok((RowSource::Past, read_past(client, uuid).await?)),
        Err(err) => Err(err),
    }
}

pub(crate) fn source_str(source: RowSource) -> &'static str {
    match source {
        RowSource::Report => "report",
        RowSource::Past => "past",
        RowSource::Dashboard => "dashboard",
    }
}

pub(crate) fn parse_source(value: &str) -> RowSource {
    match value {
        "past" => RowSource::Past,
        "dashboard" => RowSource::Dashboard,
        _ => RowSource::Report,
    }
}

/// The stored form of a row (times as RFC 3339 UTC).
pub(crate) fn to_attendance_row(row: &RawRow) -> Option<AttendanceRow> {
    Some(AttendanceRow {
        row_key: row.row_key.clone(),
        registration_id: row.registration_id.clone(),
        zoom_user_id: row.zoom_user_id.clone(),
        name: row.name.clone(),
        email: row.email.clone(),
        joined_at: crate::jobs::parse_time(&row.joined_at)?,
        left_at: crate::jobs::parse_time(&row.left_at)?,
        in_waiting_room: row.in_waiting_room,
        source: parse_source(&row.source),
    })
}

/// Whether what Zoom gave looks like a report still being processed.
fn looks_unready(rows: &[Fetched]) -> bool {
    rows.is_empty()
        || rows.iter().all(|r| {
            r.duration == Some(0)
                || r.left_at.is_none()
                || matches!((r.joined_at, r.left_at), (Some(j), Some(l)) if l <= j)
        })
}

fn retry_delay(attempts: i64) -> Duration {
    let factor = 1i32 << attempts.clamp(0, 5);
    (FIRST_RETRY * factor).min(Duration::hours(1))
}

/// Everything syncing needs: where to read, where to write, and the time.
#[derive(Clone)]
pub struct SyncContext {
    pub store: Store,
    pub client: Arc<rollcall_zoom::Client>,
    pub clock: Arc<dyn Clock>,
    pub preference: SourcePreference,
}

/// When an instance was scheduled: the occurrence nearest its start (recurring meetings), or
/// the meeting's own time when that is within 12 hours of the start, else the start itself
/// with the meeting's length.
fn scheduled_for(
    meeting: &MeetingRow,
    occurrences: &[crate::store::attendance::OccurrenceRow],
    started: DateTime<Utc>,
) -> (String, DateTime<Utc>, DateTime<Utc>) {
    let near = Duration::hours(12);
    let nearest = occurrences
        .iter()
        .filter_map(|o| {
            let t = crate::jobs::parse_time(&o.start_time)?;
            Some(((t - started).abs(), t, o))
        })
        .min_by_key(|x| x.0);
    if let Some((gap, t, o)) = nearest
        && gap <= near
    {
        return (
            o.occurrence_id.clone(),
            t,
            t + Duration::minutes(o.duration_minutes),
        );
    }
    let length = Duration::minutes(meeting.duration_minutes);
    match crate::jobs::parse_time(&meeting.start_time) {
        Some(t) if (t - started).abs() <= near => (String::new(), t, t + length),
        _ => (String::new(), started, started + length),
    }
}

impl SyncContext {
    /// Ask Zoom for the meeting's ended instances (started at or after `since`, if given) and
    /// keep them; returns them with their stored state.
    pub async fn discover(
        &self,
        meeting: &MeetingRow,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<InstanceRow>> {
        let zoom_id = u64::try_from(meeting.zoom_meeting_id)
            .map_err(|_| AppError::validation("This meeting has no valid Zoom meeting id."))?;
        let listed = match self.client.reports().past_instances(zoom_id).await {
            Ok(listed) => listed.meetings,
            // A meeting that never ended has no past instances.
            Err(err) if err.kind == ErrorKind::NotFound => Vec::new(),
            Err(err) => return Err(err.into()),
        };
        let occurrences = self.store.occurrence_rows(meeting.id).await?;
        let mut out = Vec::new();
        for instance in listed {
            if instance.uuid.is_empty() {
                continue;
            }
            let started = instance.start_time.unwrap_or_else(|| self.clock.now());
            if since.is_some_and(|s| started < s) {
                continue;
            }
            let (occurrence, start, end) = scheduled_for(meeting, &occurrences, started);
            let id = self
                .store
                .upsert_attendance_instance(&NewInstance {
                    meeting_id: meeting.id,
                    uuid: &instance.uuid,
                    occurrence_id: &occurrence,
                    started_at: &now_text(started),
                    ended_at: None,
                    scheduled_start: &now_text(start),
                    scheduled_end: &now_text(end),
                })
                .await?;
            if let Some(row) = self.store.attendance_instance_by_id(id).await? {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Fetch one instance's rows (unless already fetched and not `force`d), store them in one
    /// transaction, and reconcile. A failed page leaves nothing behind and the instance
    /// retryable.
    pub async fn sync_instance(
        &self,
        instance_id: i64,
        force: bool,
    ) -> Result<InstanceSyncOutcome> {
        let instance = self
            .store
            .attendance_instance_by_id(instance_id)
            .await?
            .ok_or_else(|| AppError::not_found("This meeting instance is no longer known."))?;
        if instance.state == "fetched" && !force {
            records::reconcile_instance(&self.store, instance_id).await?;
            return Ok(InstanceSyncOutcome::AlreadyFetched);
        }
        let now = self.clock.now();
        // The real end (for "left early"); a Light call.
        if instance.ended_at.is_none()
            && let Ok(past) = self
                .client
                .reports()
                .past_meeting(&client_uuid(&instance.uuid))
                .await
            && let Some(end) = past.end_time
        {
            self.store
                .upsert_attendance_instance(&NewInstance {
                    meeting_id: instance.meeting_id,
                    uuid: &instance.uuid,
                    occurrence_id: &instance.occurrence_id,
                    started_at: &instance.started_at,
                    ended_at: Some(&now_text(end)),
                    scheduled_start: &instance.scheduled_start,
                    scheduled_end: &instance.scheduled_end,
                })
                .await?;
        }
        let ended = self
            .store
            .attendance_instance_by_id(instance_id)
            .await?
            .and_then(|i| i.ended_at)
            .as_deref()
            .and_then(crate::jobs::parse_time)
            .or_else(|| crate::jobs::parse_time(&instance.started_at));
        let settled = ended.is_some_and(|e| now - e >= SETTLE_AFTER);

        let (source, rows) = match read_rows(&self.client, &instance.uuid, self.preference).await {
            Ok(read) => read,
            Err(err) if err.kind == ErrorKind::NotFound && !settled => {
                return self
                    .not_ready(&instance, now, "Zoom has no report for it yet")
                    .await;
            }
            Err(err) => {
                let retry = now + retry_delay(instance.attempts);
                let app = AppError::from(err);
                self.store
                    .mark_attendance_instance_waiting(
                        instance_id,
                        "failed",
                        &now_text(retry),
                        &format!(
                            "{}: {}",
                            app.message,
                            app.detail.clone().unwrap_or_default()
                        ),
                    )
                    .await?;
                return Err(app);
            }
        };
        if looks_unready(&rows) && !settled {
            return self
                .not_ready(&instance, now, "Zoom's report is still being prepared")
                .await;
        }
        let source_text = source_str(source);
        let stored: Vec<RawRow> = rows
            .into_iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let joined = r.joined_at?;
                let left = r.left_at.unwrap_or(joined);
                Some(RawRow {
                    row_key: format!("{}#{:05}", source_text, i),
                    seq: i as i64,
                    source: source_text.to_owned(),
                    raw: r.raw,
                    registration_id: r.registration_id,
                    zoom_user_id: r.zoom_user_id,
                    name: r.name,
                    email: r.email,
                    joined_at: now_text(joined),
                    left_at: now_text(left),
                    in_waiting_room: r.in_waiting_room,
                })
            })
            .collect();
        let count = stored.len();
        self.store
            .save_attendance_rows(instance_id, source_text, &stored, &now_text(now))
            .await?;
        records::reconcile_instance(&self.store, instance_id).await?;
        Ok(InstanceSyncOutcome::Fetched {
            rows: u32::try_from(count).unwrap_or(u32::MAX),
            source,
        })
    }

    async fn not_ready(
        &self,
        instance: &InstanceRow,
        now: DateTime<Utc>,
        why: &str,
    ) -> Result<InstanceSyncOutcome> {
        let retry_at = now + retry_delay(instance.attempts);
        self.store
            .mark_attendance_instance_waiting(instance.id, "not_ready", &now_text(retry_at), why)
            .await?;
        Ok(InstanceSyncOutcome::NotReady { retry_at })
    }
}

/// Parameters of an attendance-sync job.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttendanceSyncParams {
    pub account_id: String,
    #[serde(default)]
    pub force: bool,
}

/// The job handler: one item per instance (subject = the instance's local id). Fetching is
/// read-only in Zoom, so an interrupted item is simply fetched again.
pub struct AttendanceSyncHandler {
    pub ctx: SyncContext,
    pub force: bool,
}

#[async_trait::async_trait]
impl ItemHandler for AttendanceSyncHandler {
    fn concurrency(&self) -> usize {
        // Pages of one listing are sequential; a few instances at once keep the Heavy budget
        // busy while each waits for its round trips.
        4
    }

    async fn run(&self, items: Vec<JobItem>, _interrupted: bool) -> Vec<ItemResult> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let Ok(id) = item.subject.parse::<i64>() else {
                out.push(ItemResult::Failed(AppError::database(format!(
                    "bad instance id {}",
                    item.subject
                ))));
                continue;
            };
            out.push(match self.ctx.sync_instance(id, self.force).await {
                Ok(outcome) => ItemResult::Done(serde_json::to_value(outcome).unwrap_or_default()),
                Err(err) if err.code == ErrorCode::ZoomRateLimited => ItemResult::Pause {
                    reason: err,
                    until: None,
                },
                Err(err) => ItemResult::Failed(err),
            });
        }
        out
    }
}
