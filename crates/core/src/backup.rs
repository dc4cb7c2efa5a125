//! Backing up and restoring the data folder's store, for Settings → Data and
//! `rollcall store backup|restore`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::app::App;
use crate::error::{AppError, Result};
use crate::jobs::JobState;
use crate::store::{self, Store};

/// What a backup or a restore did, for the front ends to say.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreBackup {
    /// The backup file written.
    pub path: String,
    /// Its size in bytes.
    pub size_bytes: f64,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreRestore {
    /// The file that was restored.
    pub restored_from: String,
    /// Where the data that was replaced is kept (a backup made just before).
    pub previous_kept_at: String,
    /// Jobs in the restored data that were unfinished: paused, to be resumed on purpose.
    pub paused_jobs: u32,
}

/// Where Settings → Data shows the store lives.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DataFolder {
    pub data_dir: String,
    pub store_file: String,
    pub size_bytes: f64,
}

pub const RESTORE_PAUSE_REASON: &str =
    "Paused by the restore of a backup. Check it, then resume it when you are ready.";

impl App {
    /// The data folder and its store file.
    pub fn data_folder(&self) -> DataFolder {
        let file = crate::paths::store_file(self.data_dir());
        DataFolder {
            data_dir: self.data_dir().display().to_string(),
            size_bytes: std::fs::metadata(&file)
                .map(|m| m.len() as f64)
                .unwrap_or(0.0),
            store_file: file.display().to_string(),
        }
    }

    /// A consistent, checked copy of the store at `dest`, safe while the app runs and jobs work.
    pub async fn backup_store(&self, dest: &Path) -> Result<StoreBackup> {
        if dest.as_os_str().is_empty() {
            return Err(AppError::validation("Choose a file for the backup."));
        }
        let (main, _) = self.main_store();
        let size = main.backup_checked(dest).await?;
        Ok(StoreBackup {
            path: dest.display().to_string(),
            size_bytes: size as f64,
        })
    }

    /// Put a backup back: the file is checked first (a Rollcall store, not damaged, not from a
    /// newer Rollcall), the current data is kept in a backup next to the store, then the
    /// backup's data replaces it. Refused while a job runs. Jobs the backup holds unfinished
    /// come back paused.
    pub async fn restore_store(&self, src: &Path) -> Result<StoreRestore> {
        let (main, runner) = self.main_store();
        if runner.running_count().await > 0 {
            return Err(AppError::conflict(
                "A job is running. Pause it or wait until it finishes, then restore the backup; \
                 nothing was changed.",
            ));
        }
        let live = crate::paths::store_file(self.data_dir());
        if src.canonicalize().ok() == live.canonicalize().ok() {
            return Err(AppError::validation(
                "That is the data file Rollcall is using now. Choose a backup file.",
            ));
        }
        let prepared = Store::prepare_restore(src, self.data_dir()).await?;
        let stamp = self.clock().now().format("%Y%m%d-%H%M%S").to_string();
        let previous = before_restore_path(&live, &stamp);
        main.backup_checked(&previous).await?;
        main.restore_from(&prepared).await?;
        drop(prepared);
        self.forget_clients().await;

        let now = store::now_text(self.clock().now());
        let mut paused = 0;
        for job in main.unfinished_jobs().await? {
            if job.state != JobState::Paused.as_str() {
                main.set_job_state(
                    &job.id,
                    JobState::Paused.as_str(),
                    Some(RESTORE_PAUSE_REASON),
                    None,
                    &now,
                )
                .await?;
                paused += 1;
            }
        }
        Ok(StoreRestore {
            restored_from: src.display().to_string(),
            previous_kept_at: previous.display().to_string(),
            paused_jobs: paused,
        })
    }
}

/// `rollcall.db.before-restore-<stamp>`, with `-2`, `-3` … when that exists already.
fn before_restore_path(live: &Path, stamp: &str) -> PathBuf {
    let name = live.file_name().unwrap_or_default().to_string_lossy();
    let mut candidate = live.with_file_name(format!("{name}.before-restore-{stamp}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = live.with_file_name(format!("{name}.before-restore-{stamp}-{n}"));
        n += 1;
    }
    candidate
}
