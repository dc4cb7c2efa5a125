//! Settings → General: open the data folder in the system's file manager. The folder is the
//! app's own (the UI passes no path), and the system opener runs with it as its only argument,
//! so this grants nothing beyond showing that one folder.

use rollcall_core::{AppError, ErrorCode};
use tauri::State;

use crate::state::AppState;

#[cfg(target_os = "macos")]
const OPENER: &str = "open";
#[cfg(target_os = "windows")]
const OPENER: &str = "explorer";
#[cfg(not(any(target_os = "macos", target_os = "windows")))]
const OPENER: &str = "xdg-open";

#[tauri::command]
#[specta::specta]
pub async fn open_data_folder(state: State<'_, AppState>) -> Result<(), AppError> {
    let dir = state.app()?.data_dir().to_owned();
    let mut opener = std::process::Command::new(OPENER);
    crate::gpu::clear_own_environment(&mut opener);
    opener
        .arg(&dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        // Reaped on a thread of its own: the file manager may outlive the call, and a child
        // never waited for stays a zombie until the app exits.
        .map(|mut child| {
            std::thread::spawn(move || {
                let _ = child.wait();
            });
        })
        .map_err(|e| {
            AppError::new(
                ErrorCode::Unknown,
                format!(
                    "Rollcall could not open a file manager here. The data folder is {}; copy \
                     the path and open it yourself.",
                    dir.display()
                ),
            )
            .with_detail(format!("{OPENER}: {e}"))
        })
}
