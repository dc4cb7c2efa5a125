use rollcall_core::AppError;
use rollcall_core::home::HomeSummary;
use tauri::State;

use crate::state::AppState;

/// What Home shows: upcoming meetings, jobs running or failed, warnings with their action.
#[tauri::command]
#[specta::specta]
pub async fn home_summary(state: State<'_, AppState>) -> Result<HomeSummary, AppError> {
    state.app()?.home().await
}
