//! Demo mode only: play a meeting in the simulated Zoom.

use rollcall_core::AppError;
use rollcall_core::demo::ActOutSummary;
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn demo_act_out(
    state: State<'_, AppState>,
    meeting_ref: String,
) -> Result<ActOutSummary, AppError> {
    state.app()?.act_out_meeting(&meeting_ref).await
}
