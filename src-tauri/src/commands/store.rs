//! Settings → Data: where the local data lives, back it up, restore a backup.

use std::path::PathBuf;

use rollcall_core::AppError;
use rollcall_core::backup::{DataFolder, StoreBackup, StoreRestore};
use tauri::{AppHandle, State};
use tauri_specta::Event;

use crate::events::DataChanged;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn store_data_folder(state: State<'_, AppState>) -> Result<DataFolder, AppError> {
    Ok(state.app()?.data_folder())
}

#[tauri::command]
#[specta::specta]
pub async fn store_backup(
    state: State<'_, AppState>,
    path: String,
) -> Result<StoreBackup, AppError> {
    state.app()?.backup_store(&PathBuf::from(path)).await
}

/// Everything the UI shows may have changed: every area reloads.
#[tauri::command]
#[specta::specta]
pub async fn store_restore(
    handle: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<StoreRestore, AppError> {
    let restored = state.app()?.restore_store(&PathBuf::from(path)).await?;
    let _ = DataChanged { area: "all".into() }.emit(&handle);
    Ok(restored)
}
