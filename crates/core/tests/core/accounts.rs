//! Zoom accounts: connecting, testing, renaming, removing; the secret only in the keychain.

use rollcall_core::{AppMode, ErrorCode};

use crate::support::{self, SECRET};

#[tokio::test]
async fn connecting_an_account_tests_it_and_keeps_the_secret_out_of_the_store() {
    let w = support::world().await;
    assert_eq!(w.app.status().await.unwrap().mode, AppMode::FirstRun);

    let (account, report) = w
        .app
        .add_account(support::new_account(&w.sim, "School", SECRET))
        .await
        .expect("the right secret connects");
    assert_eq!(report.owner_email, "owner@school.example");
    assert_eq!(account.name, "School");

    let status = w.app.status().await.unwrap();
    assert_eq!(status.mode, AppMode::Connected);
    assert_eq!(status.active_account.unwrap().id, account.id);

    // Testing again reads the secret back from the keychain.
    let again = w.app.test_account(&account.id).await.unwrap();
    assert_eq!(again.owner_email, "owner@school.example");

    w.app.store().await.close().await;
    assert!(
        support::files_containing(w.dir.path(), SECRET).is_empty(),
        "the secret must never reach the data folder"
    );
}

#[tokio::test]
async fn a_wrong_secret_is_refused_in_plain_words_and_nothing_is_saved() {
    let w = support::world().await;
    let err = w
        .app
        .add_account(support::new_account(&w.sim, "School", "not-the-secret"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ZoomUnauthorized);
    assert!(err.message.contains("Client secret"), "{}", err.message);
    assert!(w.app.list_accounts().await.unwrap().is_empty());
    assert_eq!(w.app.status().await.unwrap().mode, AppMode::FirstRun);
}

#[tokio::test]
async fn an_unreachable_zoom_says_so() {
    let w = support::world().await;
    let mut input = support::new_account(&w.sim, "Nowhere", SECRET);
    // A loopback port nobody listens on.
    input.oauth_base = Some("http://127.0.0.1:9".into());
    let err = w.app.add_account(input).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::ZoomNetwork, "{err:?}");
}

#[tokio::test]
async fn names_are_unique_and_rename_and_remove_work() {
    let w = support::world().await;
    let (school, _) = w
        .app
        .add_account(support::new_account(&w.sim, "School", SECRET))
        .await
        .unwrap();
    let dup = w
        .app
        .add_account(support::new_account(&w.sim, "school", SECRET))
        .await
        .unwrap_err();
    assert_eq!(dup.code, ErrorCode::Conflict);

    let renamed = w
        .app
        .rename_account(&school.id, "Main campus")
        .await
        .unwrap();
    assert_eq!(renamed.name, "Main campus");
    // The CLI refers to accounts by name.
    w.app.test_account("Main campus").await.unwrap();

    w.app.remove_account("Main campus").await.unwrap();
    assert!(w.app.list_accounts().await.unwrap().is_empty());
    assert_eq!(w.app.status().await.unwrap().mode, AppMode::FirstRun);
    let gone = w.app.test_account(&school.id).await.unwrap_err();
    assert_eq!(gone.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn the_demo_needs_no_credentials_and_connecting_a_real_account_leaves_it() {
    let w = support::world().await;
    let status = w.app.start_demo().await.unwrap();
    assert_eq!(status.mode, AppMode::Demo);
    let demo = status.active_account.unwrap();
    assert!(demo.is_demo);
    let report = w.app.test_account(&demo.id).await.unwrap();
    assert!(!report.owner_email.is_empty());

    // The demo's data lives apart from the real store.
    let demo_store = w.app.store().await;
    assert!(
        demo_store
            .path()
            .unwrap()
            .starts_with(w.dir.path().join("demo"))
    );

    w.app
        .add_account(support::new_account(&w.sim, "School", SECRET))
        .await
        .unwrap();
    assert_eq!(w.app.status().await.unwrap().mode, AppMode::Connected);
}

#[tokio::test]
async fn demo_mode_comes_back_after_a_restart() {
    let w = support::world().await;
    w.app.start_demo().await.unwrap();
    drop(w.app);
    let reopened = support::open_app(
        w.dir.path(),
        rollcall_core::secrets::SecretStore::in_memory("rollcall-test"),
    )
    .await;
    assert_eq!(reopened.status().await.unwrap().mode, AppMode::Demo);
}
