//! Attendance (the meeting page's Attendance and Review tabs, the person page, Settings →
//! Attendance) and the person page's own reads and edit. Each command forwards to core.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use rollcall_core::AppError;
use rollcall_core::attendance::Alias;
use rollcall_core::attendance::RuleId;
use rollcall_core::attendance::export::ExportFormat;
use rollcall_core::attendance::history::AttendanceTotals;
use rollcall_core::attendance::refresh::RECENT_DAYS;
use rollcall_core::attendance::views::{
    AttendanceInstance, AttendanceSettings, Decision, DecisionOutcome, InstanceView,
    PersonAttendance, ReviewEntry,
};
use rollcall_core::invitations::PersonInvitation;
use rollcall_core::jobs::Job;
use rollcall_core::people::{Person, PersonEdit};
use tauri::State;

use crate::state::AppState;

/// The ended instances Rollcall knows for a meeting (a recurring meeting has many), oldest first.
#[tauri::command]
#[specta::specta]
pub async fn attendance_instances(
    state: State<'_, AppState>,
    meeting: String,
) -> Result<Vec<AttendanceInstance>, AppError> {
    state.app()?.attendance_instances(&meeting).await
}

/// One instance's attendance (`uuid` null: the latest instance).
#[tauri::command]
#[specta::specta]
pub async fn attendance_instance(
    state: State<'_, AppState>,
    meeting: String,
    uuid: Option<String>,
) -> Result<InstanceView, AppError> {
    state
        .app()?
        .instance_attendance(&meeting, uuid.as_deref())
        .await
}

/// Start syncing a meeting's attendance in the background; progress arrives as job events.
#[tauri::command]
#[specta::specta]
pub async fn attendance_sync_start(
    state: State<'_, AppState>,
    meeting: String,
    force: bool,
) -> Result<Job, AppError> {
    let app = state.app()?;
    let job = app.create_attendance_sync(&meeting, force).await?;
    app.start_job(&job.id).await
}

/// Start refreshing every recent meeting in the background (`null` when a sync is already
/// running or nothing is due).
#[tauri::command]
#[specta::specta]
pub async fn attendance_sync_recent(state: State<'_, AppState>) -> Result<Option<Job>, AppError> {
    let app = state.app()?;
    if app.attendance_sync_running().await? {
        return Ok(None);
    }
    match app.create_recent_attendance_sync(RECENT_DAYS).await? {
        Some(job) => Ok(Some(app.start_job(&job.id).await?)),
        None => Ok(None),
    }
}

/// Rows nobody could be tied to, across the meeting's instances, with suggestions.
#[tauri::command]
#[specta::specta]
pub async fn attendance_review(
    state: State<'_, AppState>,
    meeting: String,
) -> Result<Vec<ReviewEntry>, AppError> {
    state.app()?.review_queue(&meeting).await
}

/// Tie an alias to a person or a guest, for the series or the whole account; applied at once.
#[tauri::command]
#[specta::specta]
pub async fn attendance_decide(
    state: State<'_, AppState>,
    meeting: String,
    alias: Alias,
    decision: Decision,
) -> Result<DecisionOutcome, AppError> {
    state.app()?.decide(&meeting, &alias, decision).await
}

/// Undo a review decision; resolves to how many instances were reconciled again.
#[tauri::command]
#[specta::specta]
pub async fn attendance_undo(state: State<'_, AppState>, rule: RuleId) -> Result<u32, AppError> {
    state.app()?.undo_decision(rule).await
}

/// A person's attendance across meetings.
#[tauri::command]
#[specta::specta]
pub async fn attendance_person(
    state: State<'_, AppState>,
    external_id: String,
) -> Result<PersonAttendance, AppError> {
    state.app()?.person_attendance(&external_id).await
}

fn parse_day(text: &str, what: &str) -> Result<DateTime<Utc>, AppError> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            AppError::validation(format!("The {what} date is not a valid date."))
                .with_detail(e.to_string())
        })
}

/// A group's attendance over the instances scheduled in `[from, to)` (RFC 3339 times).
#[tauri::command]
#[specta::specta]
pub async fn attendance_group(
    state: State<'_, AppState>,
    group: String,
    from: String,
    to: String,
) -> Result<AttendanceTotals, AppError> {
    let (from, to) = (parse_day(&from, "start")?, parse_day(&to, "end")?);
    state.app()?.group_attendance(&group, from, to).await
}

#[tauri::command]
#[specta::specta]
pub async fn attendance_settings(
    state: State<'_, AppState>,
) -> Result<AttendanceSettings, AppError> {
    state.app()?.attendance_settings().await
}

/// Save the thresholds and the refresh interval; changed thresholds recompute the records.
#[tauri::command]
#[specta::specta]
pub async fn attendance_settings_set(
    state: State<'_, AppState>,
    settings: AttendanceSettings,
) -> Result<AttendanceSettings, AppError> {
    state.app()?.set_attendance_settings(settings).await
}

/// Write the meeting's attendance (every instance) as CSV or XLSX to the file the admin picked.
#[tauri::command]
#[specta::specta]
pub async fn attendance_export(
    state: State<'_, AppState>,
    meeting: String,
    format: ExportFormat,
    path: String,
) -> Result<(), AppError> {
    let bytes = state.app()?.export_attendance(&meeting, format).await?;
    let shown = path.clone();
    tokio::task::spawn_blocking(move || std::fs::write(PathBuf::from(path), bytes))
        .await
        .map_err(|e| AppError::validation("Could not write the file.").with_detail(e.to_string()))?
        .map_err(|e| {
            AppError::validation(format!("Could not write {shown}. Choose another folder."))
                .with_detail(e.to_string())
        })
}

/// One person of the directory (the person page).
#[tauri::command]
#[specta::specta]
pub async fn person_get(
    state: State<'_, AppState>,
    external_id: String,
) -> Result<Person, AppError> {
    state.app()?.person(&external_id).await
}

/// Change a person's email, names and groups (the external id stays).
#[tauri::command]
#[specta::specta]
pub async fn person_update(
    state: State<'_, AppState>,
    external_id: String,
    edit: PersonEdit,
) -> Result<Person, AppError> {
    state.app()?.update_person(&external_id, edit).await
}

/// A person's invitations to the active account's meetings, newest meeting first.
#[tauri::command]
#[specta::specta]
pub async fn person_invitations(
    state: State<'_, AppState>,
    external_id: String,
) -> Result<Vec<PersonInvitation>, AppError> {
    state.app()?.person_invitations(&external_id).await
}
