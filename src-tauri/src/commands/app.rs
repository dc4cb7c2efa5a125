use rollcall_core::{AppError, AppStatus};
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    state.app()?.status().await
}

#[tauri::command]
#[specta::specta]
pub async fn start_demo(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    state.app()?.start_demo().await
}

#[tauri::command]
#[specta::specta]
pub async fn leave_demo(state: State<'_, AppState>) -> Result<AppStatus, AppError> {
    state.app()?.leave_demo().await
}
