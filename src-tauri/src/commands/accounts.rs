use rollcall_core::accounts::{Account, ConnectionReport, NewAccount};
use rollcall_core::{AppError, AppStatus};
use tauri::State;

use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn accounts_list(state: State<'_, AppState>) -> Result<Vec<Account>, AppError> {
    state.app()?.list_accounts().await
}

#[tauri::command]
#[specta::specta]
pub async fn accounts_add(
    state: State<'_, AppState>,
    input: NewAccount,
) -> Result<Account, AppError> {
    Ok(state.app()?.add_account(input).await?.0)
}

#[tauri::command]
#[specta::specta]
pub async fn accounts_test(
    state: State<'_, AppState>,
    id: String,
) -> Result<ConnectionReport, AppError> {
    state.app()?.test_account(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn accounts_rename(
    state: State<'_, AppState>,
    id: String,
    new_name: String,
) -> Result<Account, AppError> {
    state.app()?.rename_account(&id, &new_name).await
}

#[tauri::command]
#[specta::specta]
pub async fn accounts_remove(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.app()?.remove_account(&id).await
}

#[tauri::command]
#[specta::specta]
pub async fn accounts_use(state: State<'_, AppState>, id: String) -> Result<AppStatus, AppError> {
    state.app()?.use_account(&id).await
}
