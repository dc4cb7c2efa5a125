//! The local store: migrations with a backup first, and clear refusals for files it cannot use.

use rollcall_core::ErrorCode;
use rollcall_core::store::Store;

#[tokio::test]
async fn a_damaged_file_is_reported_with_the_way_out_not_reset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rollcall.db");
    std::fs::write(
        &path,
        b"this is not a database, just some text that happens to be here",
    )
    .unwrap();
    let err = Store::open(&path).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Database);
    assert!(err.message.contains("damaged"), "{}", err.message);
    // Nothing was deleted or overwritten.
    assert!(
        std::fs::read(&path)
            .unwrap()
            .starts_with(b"this is not a database")
    );
}

#[tokio::test]
async fn a_file_from_a_newer_rollcall_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rollcall.db");
    let store = Store::open(&path).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'from the future', 1, x'00', 0)",
    )
    .execute(store.pool())
    .await
    .unwrap();
    store.close().await;
    let err = Store::open(&path).await.unwrap_err();
    assert!(err.message.contains("newer version"), "{}", err.message);
}

#[tokio::test]
async fn reopening_a_current_store_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rollcall.db");
    let store = Store::open(&path).await.unwrap();
    store.set_setting("k", "v").await.unwrap();
    store.close().await;
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.setting("k").await.unwrap().as_deref(), Some("v"));
}

#[tokio::test]
async fn backup_is_a_consistent_copy() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("rollcall.db")).await.unwrap();
    store.set_setting("k", "v").await.unwrap();
    let backup = dir.path().join("copy.db");
    store.backup_to(&backup).await.unwrap();
    let copy = Store::open(&backup).await.unwrap();
    assert_eq!(copy.setting("k").await.unwrap().as_deref(), Some("v"));
}
