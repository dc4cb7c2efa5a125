//! Backing up the store to a file the admin chose, and putting such a file back.
//!
//! A backup is `VACUUM INTO` a temporary file next to the destination, checked with
//! `PRAGMA integrity_check`, then renamed into place: the destination never holds a half
//! written or damaged copy. A restore first checks the chosen file (a Rollcall store, not
//! damaged, not from a newer Rollcall: the same checks as at open), brings a private copy up to
//! this build's schema, and only then replaces the live contents table by table in one
//! transaction. Replacing the contents in place (rather than swapping the file under an open
//! pool) keeps every clone of the store, the job runner's included, looking at the restored data.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Connection, SqlitePool};

use super::{MIGRATOR, Store};
use crate::error::{AppError, ErrorCode, Result};

impl Store {
    /// A checked copy of the live store at `dest` (replacing what was there).
    pub async fn backup_checked(&self, dest: &Path) -> Result<u64> {
        if let Some(live) = &self.path
            && same_file(live, dest)
        {
            return Err(AppError::validation(
                "Choose another file for the backup: this is Rollcall's own data file.",
            ));
        }
        let partial = sibling(dest, ".partial");
        self.backup_to(&partial).await.map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            AppError::new(
                ErrorCode::Database,
                format!(
                    "The backup could not be written to {}. Check that the folder exists and \
                     that you may write there, then try again.",
                    dest.display()
                ),
            )
            .with_detail(e.detail.unwrap_or(e.message))
        })?;
        let verdict = integrity_of(&partial).await;
        if let Err(err) = verdict {
            let _ = std::fs::remove_file(&partial);
            return Err(AppError::new(
                ErrorCode::Database,
                "The backup copy did not pass its integrity check, so it was not kept. Try \
                 again; if it keeps failing, the local data may be damaged.",
            )
            .with_detail(err));
        }
        std::fs::rename(&partial, dest).map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            AppError::database(e).with_detail(format!("moving the backup to {}", dest.display()))
        })?;
        Ok(std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0))
    }

    /// Check that `src` is a Rollcall store this build can use, and bring a private copy of it
    /// (in `work_dir`) to this build's schema. Nothing live is touched.
    pub async fn prepare_restore(src: &Path, work_dir: &Path) -> Result<PreparedRestore> {
        let prepared = PreparedRestore {
            work: work_dir.join(format!(
                "rollcall-restore-{}.db",
                uuid::Uuid::new_v4().simple()
            )),
        };
        check_candidate(src, &prepared.work).await?;
        // The private copy holds the backup's contents at its own schema version: bring it to
        // this build's schema the ordinary way (checks, backup, migrations).
        let candidate = Store::open(&prepared.work).await?;
        candidate.close().await;
        Ok(prepared)
    }

    /// Replace the live contents with the prepared ones. The caller keeps a backup of the
    /// current contents first and makes sure no job is running.
    pub async fn restore_from(&self, prepared: &PreparedRestore) -> Result<()> {
        self.replace_contents(&prepared.work).await
    }

    /// Copy every table of `src` (same schema) over the live one, in one transaction.
    async fn replace_contents(&self, src: &Path) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut *conn)
            .await?;
        sqlx::query("ATTACH DATABASE ? AS restore_src")
            .bind(src.to_string_lossy().into_owned())
            .execute(&mut *conn)
            .await?;
        let copied = copy_tables(&mut conn).await;
        let _ = sqlx::query("DETACH DATABASE restore_src")
            .execute(&mut *conn)
            .await;
        let _ = sqlx::query("PRAGMA foreign_keys = ON")
            .execute(&mut *conn)
            .await;
        copied?;
        let verdict: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&mut *conn)
            .await?;
        if verdict != "ok" {
            return Err(AppError::database(verdict));
        }
        Ok(())
    }
}

/// A checked, migrated private copy of a backup, removed when dropped.
#[derive(Debug)]
pub struct PreparedRestore {
    work: PathBuf,
}

impl Drop for PreparedRestore {
    fn drop(&mut self) {
        remove_with_companions(&self.work);
    }
}

async fn copy_tables(conn: &mut sqlx::SqliteConnection) -> Result<()> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM main.sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'
           AND COALESCE(sql, '') NOT LIKE 'CREATE VIRTUAL%'
         ORDER BY name",
    )
    .fetch_all(&mut *conn)
    .await?;
    let has_sequence: bool = sqlx::query_scalar(
        "SELECT COUNT(*) > 0 FROM main.sqlite_master WHERE name = 'sqlite_sequence'",
    )
    .fetch_one(&mut *conn)
    .await?;
    let mut tx = conn.begin().await?;
    for table in &tables {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM main.{}",
            quote(table)
        )))
        .execute(&mut *tx)
        .await?;
    }
    for table in &tables {
        let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT name FROM pragma_table_info({})",
            lit(table)
        )))
        .fetch_all(&mut *tx)
        .await?;
        let list = columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO main.{t} ({list}) SELECT {list} FROM restore_src.{t}",
            t = quote(table)
        )))
        .execute(&mut *tx)
        .await?;
    }
    if has_sequence {
        sqlx::query("DELETE FROM main.sqlite_sequence")
            .execute(&mut *tx)
            .await?;
        let src_has: bool = sqlx::query_scalar(
            "SELECT COUNT(*) > 0 FROM restore_src.sqlite_master WHERE name = 'sqlite_sequence'",
        )
        .fetch_one(&mut *tx)
        .await?;
        if src_has {
            sqlx::query(
                "INSERT INTO main.sqlite_sequence (name, seq)
                 SELECT name, seq FROM restore_src.sqlite_sequence",
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    let broken: Vec<String> = sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut *tx)
        .await?;
    if let Some(table) = broken.first() {
        return Err(AppError::database(format!(
            "foreign key check failed in {table} after copying"
        )));
    }
    tx.commit().await?;
    Ok(())
}

/// Is `src` a Rollcall store this build can use? Leaves a consistent private copy at `work`.
async fn check_candidate(src: &Path, work: &Path) -> Result<()> {
    if !src.is_file() {
        return Err(AppError::not_found(format!(
            "There is no file {}. Choose a Rollcall backup file.",
            src.display()
        )));
    }
    let pool = read_only_pool(src)
        .await
        .map_err(|e| not_rollcall(src, e))?;
    let result = check_open_candidate(&pool, src, work).await;
    pool.close().await;
    result
}

async fn check_open_candidate(pool: &SqlitePool, src: &Path, work: &Path) -> Result<()> {
    let has_migrations: bool = sqlx::query_scalar(
        "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(pool)
    .await
    .map_err(|e| not_rollcall(src, e))?;
    let first = MIGRATOR.iter().map(|m| m.version).min().unwrap_or(0);
    let has_first: bool = has_migrations
        && sqlx::query_scalar(
            "SELECT COUNT(*) > 0 FROM _sqlx_migrations WHERE version = ? AND success = 1",
        )
        .bind(first)
        .fetch_one(pool)
        .await
        .map_err(|e| not_rollcall(src, e))?;
    if !has_first {
        return Err(not_rollcall(src, "no Rollcall migrations in the file"));
    }
    // The same verdicts as at open: a newer Rollcall's file, or a damaged one.
    super::check_file(pool, Some(src), "integrity_check")
        .await
        .map_err(|e| {
            AppError::new(
                e.code,
                if e.detail
                    .as_deref()
                    .is_some_and(|d| d.starts_with("unknown migration"))
                {
                    "This backup was made by a newer version of Rollcall. Install that version \
                     to use it; nothing was changed."
                } else {
                    "This backup file is damaged. Choose another backup; nothing was changed."
                },
            )
            .with_detail(e.detail.unwrap_or_default())
        })?;
    sqlx::query("VACUUM INTO ?")
        .bind(work.to_string_lossy().into_owned())
        .execute(pool)
        .await
        .map_err(AppError::database)?;
    Ok(())
}

async fn read_only_pool(path: &Path) -> std::result::Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(Duration::from_secs(10));
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
}

/// `PRAGMA integrity_check` of a file: `Ok` when SQLite says "ok".
pub async fn integrity_of(path: &Path) -> std::result::Result<(), String> {
    let pool = read_only_pool(path).await.map_err(|e| e.to_string())?;
    let verdict: std::result::Result<Vec<String>, _> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&pool)
        .await;
    pool.close().await;
    match verdict {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(()),
        Ok(lines) => Err(lines.join("; ")),
        Err(e) => Err(e.to_string()),
    }
}

fn not_rollcall(src: &Path, err: impl std::fmt::Display) -> AppError {
    AppError::validation(format!(
        "{} is not a Rollcall backup. Choose a file made by Back up… or `rollcall store backup`; \
         nothing was changed.",
        src.display()
    ))
    .with_detail(err.to_string())
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn lit(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn remove_with_companions(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name())
        && let Ok(entries) = std::fs::read_dir(dir)
    {
        let prefix = format!("{}.bak-", name.to_string_lossy());
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
