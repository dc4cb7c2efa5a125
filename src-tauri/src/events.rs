//! Typed events from core to the UI (tauri-specta generates their TypeScript).

use rollcall_core::jobs::JobProgress;
use serde::Serialize;
use tauri::AppHandle;
use tauri_specta::Event;

/// A job moved: after every item and every state change.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
pub struct JobProgressEvent(pub JobProgress);

/// Something the UI shows changed (people imported, a meeting refreshed …): reload that area.
#[derive(Debug, Clone, Serialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct DataChanged {
    pub area: String,
}

/// Forward core's job progress to the window for as long as the app runs.
pub fn forward_job_progress(handle: AppHandle, app: std::sync::Arc<rollcall_core::App>) {
    let mut progress = app.subscribe_jobs();
    tauri::async_runtime::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match progress.recv().await {
                Ok(p) => {
                    let finished = p.state != rollcall_core::jobs::JobState::Running;
                    let _ = JobProgressEvent(p).emit(&handle);
                    if finished {
                        let _ = DataChanged {
                            area: "jobs".into(),
                        }
                        .emit(&handle);
                    }
                }
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            }
        }
    });
}
