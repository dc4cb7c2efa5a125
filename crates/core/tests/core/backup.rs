//! Backing up and restoring the store (Settings → Data, `rollcall store backup|restore`), and
//! one running Rollcall per data folder.

use std::time::Duration;

use rollcall_core::ErrorCode;
use rollcall_core::jobs::{JobKind, JobState};
use rollcall_core::secrets::SecretStore;
use rollcall_core::store::Store;
use rollcall_core::store::jobs::NewItem;

use crate::support::open_app;

const CSV_A: &str = "external_id,email,first_name,last_name\n\
                     p1,ann@school.example,Ann,Lee\n\
                     p2,bo@school.example,Bo,Park\n";
const CSV_B: &str = "external_id,email,first_name,last_name\n\
                     p3,cy@school.example,Cy,Diaz\n";

async fn people_ids(app: &rollcall_core::App) -> Vec<String> {
    let mut ids: Vec<String> = app
        .people(&Default::default())
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.external_id)
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_backup_restored_later_brings_back_exactly_its_data_and_keeps_the_replaced_data() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-test")).await;
    app.import_people(CSV_A.as_bytes()).await.unwrap();
    let backup = dir.path().join("elsewhere").join("monday.rollcall");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    let made = app.backup_store(&backup).await.unwrap();
    assert!(made.size_bytes > 0.0);
    assert!(backup.is_file());
    // No half-written file is left next to the backup.
    assert_eq!(
        std::fs::read_dir(backup.parent().unwrap()).unwrap().count(),
        1
    );

    // Work continues after the backup, then the admin restores it.
    app.import_people(CSV_B.as_bytes()).await.unwrap();
    assert_eq!(people_ids(&app).await, ["p1", "p2", "p3"]);
    let restored = app.restore_store(&backup).await.unwrap();
    assert_eq!(people_ids(&app).await, ["p1", "p2"]);

    // What was replaced is kept in a checked backup of its own, and can itself be restored.
    let previous = std::path::PathBuf::from(&restored.previous_kept_at);
    assert!(previous.is_file(), "{previous:?}");
    app.restore_store(&previous).await.unwrap();
    assert_eq!(people_ids(&app).await, ["p1", "p2", "p3"]);

    // The live store is sound and reopens with the restored data.
    drop(app);
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-test")).await;
    assert_eq!(people_ids(&app).await, ["p1", "p2", "p3"]);
}

#[tokio::test]
async fn files_that_are_not_usable_backups_are_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-test")).await;
    app.import_people(CSV_A.as_bytes()).await.unwrap();

    // Not a database at all.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello, this is not a database file at all, sorry").unwrap();
    let err = app.restore_store(&text).await.unwrap_err();
    assert!(
        err.message.contains("not a Rollcall backup"),
        "{}",
        err.message
    );

    // A database, but not Rollcall's.
    let other = dir.path().join("other.db");
    {
        let store = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", other.display()))
            .await
            .unwrap();
        sqlx::query("CREATE TABLE recipes (name TEXT)")
            .execute(&store)
            .await
            .unwrap();
        store.close().await;
    }
    let err = app.restore_store(&other).await.unwrap_err();
    assert!(
        err.message.contains("not a Rollcall backup"),
        "{}",
        err.message
    );

    // From a newer Rollcall.
    let newer = dir.path().join("newer.db");
    app.backup_store(&newer).await.unwrap();
    {
        let store = Store::open(&newer).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (99990101000000, 'from the future', 1, x'00', 0)",
        )
        .execute(store.pool())
        .await
        .unwrap();
        store.close().await;
    }
    let err = app.restore_store(&newer).await.unwrap_err();
    assert!(err.message.contains("newer version"), "{}", err.message);

    // Damaged: a good backup with its pages overwritten in the middle.
    let damaged = dir.path().join("damaged.db");
    app.backup_store(&damaged).await.unwrap();
    let mut bytes = std::fs::read(&damaged).unwrap();
    assert!(bytes.len() > 8192);
    let len = bytes.len();
    for b in &mut bytes[4096..len - 1] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let err = app.restore_store(&damaged).await.unwrap_err();
    assert!(
        err.message.contains("damaged") || err.message.contains("not a Rollcall backup"),
        "{}",
        err.message
    );

    // Missing.
    let err = app
        .restore_store(&dir.path().join("missing.db"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);

    // Through all of it the data stayed, and no work files were left behind.
    assert_eq!(people_ids(&app).await, ["p1", "p2"]);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("rollcall-restore-") || n.contains("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn a_backup_cannot_overwrite_the_live_store() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-test")).await;
    let live = rollcall_core::paths::store_file(dir.path());
    let err = app.backup_store(&live).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    let err = app.restore_store(&live).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
}

#[tokio::test]
async fn unfinished_jobs_in_a_restored_backup_come_back_paused() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-test")).await;
    let runner = app.runner().await;
    let job = runner
        .create(
            JobKind::Provision,
            "Provision 2 people",
            None,
            &serde_json::json!({}),
            &["a", "b"].map(|k| NewItem {
                idempotency_key: format!("provision:{k}"),
                subject: k.into(),
                label: k.into(),
            }),
        )
        .await
        .unwrap();
    let backup = dir.path().join("with-job.db");
    app.backup_store(&backup).await.unwrap();
    let restored = app.restore_store(&backup).await.unwrap();
    assert_eq!(restored.paused_jobs, 1);
    let job = runner.job(&job.id).await.unwrap();
    assert_eq!(job.state, JobState::Paused);
    assert_eq!(
        job.pause_reason.as_deref(),
        Some(rollcall_core::backup::RESTORE_PAUSE_REASON)
    );
}

#[tokio::test]
async fn one_app_per_data_folder_runs_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let first = open_app(dir.path(), SecretStore::in_memory("rollcall-test")).await;
    first.lock_data_folder().unwrap();
    first.lock_data_folder().unwrap(); // idempotent
    let second = open_app(dir.path(), SecretStore::in_memory("rollcall-test")).await;
    let err = second.lock_data_folder().unwrap_err();
    assert_eq!(err.code, ErrorCode::AlreadyOpen);
    assert!(
        err.message
            .starts_with("Rollcall is already open for this data folder"),
        "{}",
        err.message
    );
    // Running a job takes the lock first, so the second app cannot run one either.
    let job = second
        .runner()
        .await
        .create(JobKind::Provision, "t", None, &serde_json::json!({}), &[])
        .await
        .unwrap();
    let err = second.run_job(&job.id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::AlreadyOpen);
    // Another folder is another matter.
    let elsewhere = tempfile::tempdir().unwrap();
    let third = open_app(elsewhere.path(), SecretStore::in_memory("rollcall-test")).await;
    third.lock_data_folder().unwrap();
    // The desktop takes the lock before opening and hands it to the app, which then runs jobs.
    let taken_first = tempfile::tempdir().unwrap();
    let lock = rollcall_core::lock::DataFolderLock::acquire(taken_first.path()).unwrap();
    let desktop = open_app(taken_first.path(), SecretStore::in_memory("rollcall-test")).await;
    desktop.hold_data_folder_lock(lock);
    desktop.lock_data_folder().unwrap();
    let late = open_app(taken_first.path(), SecretStore::in_memory("rollcall-test")).await;
    assert_eq!(
        late.lock_data_folder().unwrap_err().code,
        ErrorCode::AlreadyOpen
    );
    // When the first one goes away, the lock is free again.
    drop(first);
    tokio::time::sleep(Duration::from_millis(10)).await;
    second.lock_data_folder().unwrap();
}
