//! Meetings: thin commands over `rollcall_core::meetings`. A meeting reference is the local
//! meeting number or the Zoom meeting id, as text.

use rollcall_core::AppError;
use rollcall_core::meetings::{Host, Meeting, MeetingInput, Switch};
use tauri::State;

use crate::state::AppState;

/// The account's licensed users: who can host an invite-only meeting.
#[tauri::command]
#[specta::specta]
pub async fn meetings_hosts(state: State<'_, AppState>) -> Result<Vec<Host>, AppError> {
    state.app()?.licensed_hosts().await
}

/// The invite-only switches, each with its one plain sentence and its preset value.
#[tauri::command]
#[specta::specta]
pub async fn meeting_switches(state: State<'_, AppState>) -> Result<Vec<Switch>, AppError> {
    Ok(state.app()?.meeting_switches().to_vec())
}

#[tauri::command]
#[specta::specta]
pub async fn meetings_list(state: State<'_, AppState>) -> Result<Vec<Meeting>, AppError> {
    state.app()?.list_meetings().await
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_get(state: State<'_, AppState>, meeting: String) -> Result<Meeting, AppError> {
    state.app()?.meeting(&meeting).await
}

/// Create the meeting in Zoom (Zoom's refusals come back as plain errors), then keep it here.
#[tauri::command]
#[specta::specta]
pub async fn meeting_create(
    state: State<'_, AppState>,
    input: MeetingInput,
) -> Result<Meeting, AppError> {
    state.app()?.create_meeting(input).await
}

#[tauri::command]
#[specta::specta]
pub async fn meeting_update(
    state: State<'_, AppState>,
    meeting: String,
    input: MeetingInput,
) -> Result<Meeting, AppError> {
    state.app()?.update_meeting(&meeting, input).await
}

/// Delete the meeting in Zoom (everyone's links stop working) and mark it deleted here.
#[tauri::command]
#[specta::specta]
pub async fn meeting_delete(state: State<'_, AppState>, meeting: String) -> Result<(), AppError> {
    state.app()?.delete_meeting(&meeting).await
}

/// Bring a meeting made in Zoom under Rollcall's care, by its Zoom meeting id.
#[tauri::command]
#[specta::specta]
pub async fn meeting_import(
    state: State<'_, AppState>,
    zoom_meeting_id: String,
) -> Result<Meeting, AppError> {
    state.app()?.import_meeting(&zoom_meeting_id).await
}

/// Compare one meeting and its registrations with Zoom; what differs comes back as `drift`.
#[tauri::command]
#[specta::specta]
pub async fn meeting_refresh(
    state: State<'_, AppState>,
    meeting: String,
) -> Result<Meeting, AppError> {
    state.app()?.refresh_meeting(&meeting).await
}

/// Refresh every meeting of the active account.
#[tauri::command]
#[specta::specta]
pub async fn meetings_refresh(state: State<'_, AppState>) -> Result<Vec<Meeting>, AppError> {
    state.app()?.refresh_meetings().await
}
