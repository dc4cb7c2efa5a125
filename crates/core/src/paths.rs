//! Where Rollcall keeps its data. The desktop app and the CLI share one data folder so the CLI
//! can script what the app shows; `ROLLCALL_DATA_DIR` (or `--data-dir`) points both elsewhere,
//! which is how tests stay away from a user's real data.

use std::path::{Path, PathBuf};

pub const DATA_DIR_ENV: &str = "ROLLCALL_DATA_DIR";

/// `$ROLLCALL_DATA_DIR`, else the platform's data folder (`~/.local/share/rollcall` on Linux).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
    base.join(if cfg!(debug_assertions) {
        "rollcall-dev"
    } else {
        "rollcall"
    })
}

/// The real store of a data folder.
pub fn store_file(data_dir: &Path) -> PathBuf {
    data_dir.join("rollcall.db")
}

/// Demo mode keeps its own store, so leaving the demo never mixes demo data with real data.
pub fn demo_store_file(data_dir: &Path) -> PathBuf {
    data_dir.join("demo").join("rollcall-demo.db")
}
