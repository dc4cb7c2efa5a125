use rollcall_core::AppError;
use rollcall_core::jobs::{Job, JobItem};
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn jobs_list(state: State<'_, AppState>) -> Result<Vec<Job>, AppError> {
    state.app()?.runner().await.list(200).await
}

#[tauri::command]
#[specta::specta]
pub async fn job_items(state: State<'_, AppState>, id: String) -> Result<Vec<JobItem>, AppError> {
    state.app()?.runner().await.items(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn job_pause(state: State<'_, AppState>, id: String) -> Result<Job, AppError> {
    state.app()?.runner().await.pause(&id).await
}

/// Resume a paused or interrupted job in the background.
#[tauri::command]
#[specta::specta]
pub async fn job_resume(state: State<'_, AppState>, id: String) -> Result<Job, AppError> {
    state.app()?.start_job(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn job_cancel(state: State<'_, AppState>, id: String) -> Result<Job, AppError> {
    state.app()?.runner().await.cancel(&id).await
}

/// Put the failed items back and run them again.
#[tauri::command]
#[specta::specta]
pub async fn job_retry_failed(state: State<'_, AppState>, id: String) -> Result<Job, AppError> {
    let app = state.app()?;
    app.runner().await.retry_failed(&id).await?;
    app.start_job(&id).await
}
