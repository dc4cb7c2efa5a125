//! Invitations, links and closing the door: thin commands over `rollcall_core::invitations`.
//! Jobs start in the background and report through the job progress events. Authenticated
//! links are made only when the admin asks for one, returned once, and never kept.

use std::path::PathBuf;

use rollcall_core::AppError;
use rollcall_core::invitations::{
    Invitation, InviteOutcome, LinkFormat, MeetingLink, PeopleSelection, Stranger,
};
use serde::Serialize;
use tauri::State;

use crate::state::AppState;

/// One person's authenticated link, made on demand for the UI (never stored).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RevealedLink {
    pub external_id: String,
    pub url: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// The short note that Zoom does not document this form of link.
    pub note: String,
}

/// Start the job an outcome prepared (if any), so its progress arrives as events.
async fn started(
    app: &std::sync::Arc<rollcall_core::App>,
    mut outcome: InviteOutcome,
) -> Result<InviteOutcome, AppError> {
    if let Some(job) = outcome.job.take() {
        outcome.job = Some(app.start_job(&job.id).await?);
    }
    Ok(outcome)
}

#[tauri::command]
#[specta::specta]
pub async fn invitations_list(
    state: State<'_, AppState>,
    meeting: String,
) -> Result<Vec<Invitation>, AppError> {
    state.app()?.invitations(&meeting).await
}

/// Every invited person's link (one per person), with whether an authenticated link is offered.
#[tauri::command]
#[specta::specta]
pub async fn meeting_links(
    state: State<'_, AppState>,
    meeting: String,
) -> Result<Vec<MeetingLink>, AppError> {
    state.app()?.links(&meeting).await
}

/// Invite people, groups or everyone and start the registration job in the background.
#[tauri::command]
#[specta::specta]
pub async fn invite_start(
    state: State<'_, AppState>,
    meeting: String,
    selection: PeopleSelection,
    occurrences: Option<Vec<String>>,
) -> Result<InviteOutcome, AppError> {
    let app = state.app()?;
    let outcome = app.invite(&meeting, selection, occurrences).await?;
    started(&app, outcome).await
}

/// Uninvite people (their registrations are cancelled in Zoom) as a background job.
#[tauri::command]
#[specta::specta]
pub async fn uninvite_start(
    state: State<'_, AppState>,
    meeting: String,
    selection: PeopleSelection,
) -> Result<InviteOutcome, AppError> {
    let app = state.app()?;
    let outcome = app.uninvite(&meeting, selection).await?;
    started(&app, outcome).await
}

/// People waiting for approval who are not invited (shown before closing the door).
#[tauri::command]
#[specta::specta]
pub async fn meeting_strangers(
    state: State<'_, AppState>,
    meeting: String,
) -> Result<Vec<Stranger>, AppError> {
    state.app()?.strangers(&meeting).await
}

/// Turn away every stranger waiting for approval, as a background job.
#[tauri::command]
#[specta::specta]
pub async fn close_door_start(
    state: State<'_, AppState>,
    meeting: String,
) -> Result<InviteOutcome, AppError> {
    let app = state.app()?;
    let outcome = app.close_door(&meeting).await?;
    started(&app, outcome).await
}

/// Write everyone's links as CSV or JSON to the file the admin picked; returns how many people.
/// With `authenticated`, the file also holds authenticated links (made now, readable by the
/// owner only).
#[tauri::command]
#[specta::specta]
pub async fn links_export(
    state: State<'_, AppState>,
    meeting: String,
    format: LinkFormat,
    authenticated: bool,
    path: String,
) -> Result<u32, AppError> {
    state
        .app()?
        .export_links_to(&meeting, format, authenticated, &PathBuf::from(path))
        .await
}

/// Make one person's authenticated link now, for Reveal or Copy. Nothing is kept.
#[tauri::command]
#[specta::specta]
pub async fn authenticated_link(
    state: State<'_, AppState>,
    meeting: String,
    external_id: String,
) -> Result<RevealedLink, AppError> {
    let link = state
        .app()?
        .authenticated_link(&meeting, &external_id)
        .await?;
    Ok(RevealedLink {
        external_id: link.external_id,
        url: link.url.expose().clone(),
        expires_at: link.expires_at.to_rfc3339(),
        note: rollcall_core::invitations::links::AUTHENTICATED_LINK_NOTE.to_owned(),
    })
}
