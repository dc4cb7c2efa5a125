//! The local store: one SQLite file per data folder, the source of truth the front ends read.
//!
//! WAL, a busy timeout and foreign keys on; migrations embedded at compile time and run at
//! open, after a copy of the file is kept next to it (`rollcall.db.bak-<version>`), so a
//! migration gone wrong never costs data. One module per table family.

pub mod accounts;
pub mod attendance;
pub mod audit;
pub mod backup;
pub mod home;
pub mod invitations;
pub mod jobs;
pub mod meetings;
pub mod people;
pub mod settings;
pub mod usage;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::error::{AppError, ErrorCode, Result};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: Option<PathBuf>,
}

impl Store {
    /// Open (or create) the store at `path`, back it up if a migration is pending, and migrate.
    pub async fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                AppError::database(e).with_detail(format!("creating {}", parent.display()))
            })?;
        }
        let existed = path.exists();
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| open_error(path, e))?;
        let store = Self {
            pool,
            path: Some(path.to_owned()),
        };
        if existed {
            store.check_integrity_and_version().await?;
            store.backup_before_migrating().await?;
        }
        MIGRATOR.run(&store.pool).await?;
        Ok(store)
    }

    /// A private in-memory store for tests.
    pub async fn in_memory() -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .map_err(AppError::database)?
            .foreign_keys(true);
        // Each pooled connection to `:memory:` would be its own database: keep one.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, path: None })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A file written by a newer Rollcall, or a damaged one, is reported with the way out
    /// instead of being migrated or reset.
    async fn check_integrity_and_version(&self) -> Result<()> {
        check_file(&self.pool, self.path.as_deref(), "quick_check").await
    }

    async fn backup_before_migrating(&self) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let applied: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1",
        )
        .fetch_one(&self.pool)
        .await
        .unwrap_or(0);
        let latest = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        if applied >= latest {
            return Ok(());
        }
        let backup = backup_path(path, applied);
        self.backup_to(&backup).await
    }

    /// A consistent copy of the live database (`VACUUM INTO`), safe while the app runs.
    pub async fn backup_to(&self, target: &Path) -> Result<()> {
        if target.exists() {
            std::fs::remove_file(target).map_err(AppError::database)?;
        }
        sqlx::query("VACUUM INTO ?")
            .bind(target.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// The checks made before using a store file: not written by a newer Rollcall, and SQLite's
/// `check` pragma (`quick_check` at open, the full `integrity_check` for a restore) says "ok".
pub(crate) async fn check_file(pool: &SqlitePool, path: Option<&Path>, check: &str) -> Result<()> {
    let known: std::collections::HashSet<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    let applied: Vec<i64> =
        match sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await
        {
            Ok(versions) => versions,
            // A brand-new (empty) file has no migrations table yet.
            Err(sqlx::Error::Database(e)) if e.message().contains("no such table") => Vec::new(),
            Err(e) => return Err(damaged(path, e)),
        };
    if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
        return Err(AppError::new(
            ErrorCode::Database,
            "This data folder was last used by a newer version of Rollcall. Install that \
             version again, or choose another data folder; nothing was changed.",
        )
        .with_detail(format!("unknown migration {newer}")));
    }
    let verdict: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("PRAGMA {check}")))
        .fetch_one(pool)
        .await
        .map_err(|e| damaged(path, e))?;
    if verdict != "ok" {
        return Err(damaged(path, verdict));
    }
    Ok(())
}

fn backup_path(path: &Path, version: i64) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".bak-{version}"));
    path.with_file_name(name)
}

fn damaged(path: Option<&Path>, err: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Database,
        "Rollcall's local data file is damaged. Restore the latest backup (Settings → Backup, or \
         `rollcall store restore`), or move the file away to start fresh; nothing was deleted.",
    )
    .with_detail(format!(
        "{}: {err}",
        path.map(|p| p.display().to_string()).unwrap_or_default()
    ))
}

fn open_error(path: &Path, err: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(db) = &err
        && db.message().contains("file is not a database")
    {
        return damaged(Some(path), db.message());
    }
    AppError::database(err).with_detail(format!("opening {}", path.display()))
}

/// Timestamps are stored as RFC 3339 UTC text: readable in any SQLite browser, sortable.
pub fn now_text(now: chrono::DateTime<chrono::Utc>) -> String {
    now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
