use std::path::PathBuf;

use rollcall_core::AppError;
use rollcall_core::directory::ImportPreview;
use rollcall_core::jobs::Job;
use rollcall_core::people::{ImportResult, PeopleFilter, PeopleSelection, Person};
use rollcall_core::provisioning::ProvisionMode;
use tauri::State;

use crate::state::AppState;

/// Read a file the admin picked in the native dialog, off the async threads.
async fn read_picked_file(path: String) -> Result<Vec<u8>, AppError> {
    let shown = path.clone();
    tokio::task::spawn_blocking(move || std::fs::read(PathBuf::from(path)))
        .await
        .map_err(|e| AppError::validation("Could not read the file.").with_detail(e.to_string()))?
        .map_err(|e| {
            AppError::validation(format!(
                "Could not read {shown}. Check that the file still exists."
            ))
            .with_detail(e.to_string())
        })
}

#[tauri::command]
#[specta::specta]
pub async fn people_list(
    state: State<'_, AppState>,
    filter: PeopleFilter,
) -> Result<Vec<Person>, AppError> {
    state.app()?.people(&filter).await
}

#[tauri::command]
#[specta::specta]
pub async fn people_groups(state: State<'_, AppState>) -> Result<Vec<String>, AppError> {
    state.app()?.groups().await
}

/// What importing this file would do; nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn people_import_preview(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportPreview, AppError> {
    let bytes = read_picked_file(path).await?;
    let plan = state.app()?.preview_people_import(&bytes).await?;
    Ok(ImportPreview::from(plan))
}

#[tauri::command]
#[specta::specta]
pub async fn people_import(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportResult, AppError> {
    let bytes = read_picked_file(path).await?;
    state.app()?.import_people(&bytes).await
}

/// Write every person to the CSV file the admin picked; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn people_export(state: State<'_, AppState>, path: String) -> Result<u32, AppError> {
    let mut buffer = Vec::new();
    let count = state.app()?.export_people(&mut buffer).await?;
    let shown = path.clone();
    tokio::task::spawn_blocking(move || std::fs::write(PathBuf::from(path), buffer))
        .await
        .map_err(|e| AppError::validation("Could not write the file.").with_detail(e.to_string()))?
        .map_err(|e| {
            AppError::validation(format!("Could not write {shown}. Choose another folder."))
                .with_detail(e.to_string())
        })?;
    Ok(count)
}

/// Start provisioning in the background; progress arrives as job events.
#[tauri::command]
#[specta::specta]
pub async fn provision_start(
    state: State<'_, AppState>,
    selection: PeopleSelection,
    mode: ProvisionMode,
) -> Result<Job, AppError> {
    let app = state.app()?;
    let job = app.start_provisioning(selection, mode).await?;
    app.start_job(&job.id).await
}

/// How many people a provisioning run for `selection` would handle (for the confirmation).
#[tauri::command]
#[specta::specta]
pub async fn provision_count(
    state: State<'_, AppState>,
    selection: PeopleSelection,
) -> Result<u32, AppError> {
    state.app()?.provisioning_count(&selection).await
}

#[tauri::command]
#[specta::specta]
pub async fn people_set_active(
    state: State<'_, AppState>,
    external_ids: Vec<String>,
    active: bool,
) -> Result<u32, AppError> {
    let app = state.app()?;
    for id in &external_ids {
        app.set_person_active(id, active).await?;
    }
    Ok(external_ids.len() as u32)
}

/// How many Zoom users Rollcall created for these people (deleting them is offered).
#[tauri::command]
#[specta::specta]
pub async fn deprovision_preview(
    state: State<'_, AppState>,
    external_ids: Vec<String>,
) -> Result<u32, AppError> {
    state.app()?.deprovision_preview(&external_ids).await
}

/// Deactivate people, and when asked, start deleting the Zoom users Rollcall created.
#[tauri::command]
#[specta::specta]
pub async fn people_deactivate(
    state: State<'_, AppState>,
    external_ids: Vec<String>,
    delete_in_zoom: bool,
) -> Result<Option<Job>, AppError> {
    let app = state.app()?;
    let result = app.deactivate_people(&external_ids, delete_in_zoom).await?;
    match result.job {
        Some(job) => Ok(Some(app.start_job(&job.id).await?)),
        None => Ok(None),
    }
}
