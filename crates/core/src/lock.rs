//! One running Rollcall per data folder: a lock file in the folder, held (an OS file lock, so
//! it ends with the process, even a killed one) by whoever runs jobs there. Two processes
//! running the same jobs would do things in Zoom twice; the second one is told plainly instead.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{AppError, ErrorCode, Result};

pub const ALREADY_OPEN: &str = "Rollcall is already open for this data folder. Close the other \
     Rollcall window (or wait for the other rollcall command to finish), then try again.";

/// The lock file of a data folder.
pub fn lock_file(data_dir: &Path) -> PathBuf {
    data_dir.join("rollcall.lock")
}

/// Held while it lives; released on drop (or when the process ends, however it ends).
#[derive(Debug)]
pub struct DataFolderLock {
    _file: File,
    path: PathBuf,
}

impl DataFolderLock {
    /// Take the data folder's lock, or say plainly that another Rollcall holds it.
    pub fn acquire(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            AppError::database(e).with_detail(format!("creating {}", data_dir.display()))
        })?;
        let path = lock_file(data_dir);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| {
                AppError::database(e).with_detail(format!("opening {}", path.display()))
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file, path }),
            Err(TryLockError::WouldBlock) => {
                Err(AppError::new(ErrorCode::AlreadyOpen, ALREADY_OPEN)
                    .with_detail(format!("{} is locked by another process", path.display())))
            }
            Err(TryLockError::Error(e)) => {
                Err(AppError::database(e).with_detail(format!("locking {}", path.display())))
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
