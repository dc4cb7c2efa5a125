//! The person page's invitations: every invitation of one person to the active account's
//! meetings, newest meeting first, with the status and the reason of a failure; nobody else's,
//! and no other account's.

use rollcall_core::App;
use rollcall_core::invitations::InvitationStatus;
use rollcall_core::secrets::SecretStore;

use crate::support;

async fn seed(app: &App) {
    let store = app.store().await;
    let pool = store.pool();
    // Without an active account the app reads the meetings of account "" (none connected).
    for (id, account, zoom, topic, start) in [
        (
            1,
            "",
            81000000001_i64,
            "Choir practice",
            "2026-03-02T09:00:00.000Z",
        ),
        (
            2,
            "",
            81000000002,
            "Board meeting",
            "2026-04-01T18:00:00.000Z",
        ),
        (
            3,
            "other",
            81000000003,
            "Elsewhere",
            "2026-05-01T18:00:00.000Z",
        ),
    ] {
        sqlx::query(
            "INSERT INTO meetings (id, account_id, zoom_meeting_id, host_zoom_user_id, topic,
                kind, start_time, duration_minutes, timezone, settings, status, created_at,
                updated_at)
             VALUES (?, ?, ?, 'host', ?, 'scheduled', ?, 60, 'UTC', '{}', 'active', '', '')",
        )
        .bind(id)
        .bind(account)
        .bind(zoom)
        .bind(topic)
        .bind(start)
        .execute(pool)
        .await
        .unwrap();
    }
    for (id, ext) in [(1, "ann"), (2, "bob")] {
        sqlx::query(
            "INSERT INTO people (id, external_id, email, email_key, first_name, last_name,
                created_at, updated_at) VALUES (?, ?, ?, ?, 'First', 'Last', '', '')",
        )
        .bind(id)
        .bind(ext)
        .bind(format!("{ext}@example.org"))
        .bind(format!("{ext}@example.org"))
        .execute(pool)
        .await
        .unwrap();
    }
    for (meeting, person, status, registrant, error) in [
        (1, 1, "registered", Some("reg-ann-1"), None),
        (2, 1, "failed", None, Some("Zoom refused the registration.")),
        (3, 1, "registered", Some("reg-ann-3"), None),
        (1, 2, "registered", Some("reg-bob-1"), None),
    ] {
        sqlx::query(
            "INSERT INTO invitations (meeting_id, person_id, status, registrant_id,
                error_message, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, '', '2026-02-01T10:00:00.000Z')",
        )
        .bind(meeting)
        .bind(person)
        .bind(status)
        .bind(registrant)
        .bind(error)
        .execute(pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_person_sees_their_own_invitations_of_the_active_account_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let app = support::open_app(dir.path(), SecretStore::in_memory("rollcall-inv-test")).await;
    seed(&app).await;

    let ann = app.person_invitations("ann").await.unwrap();
    let topics: Vec<&str> = ann.iter().map(|i| i.topic.as_str()).collect();
    assert_eq!(topics, ["Board meeting", "Choir practice"]);
    assert_eq!(ann[0].status, InvitationStatus::Failed);
    assert_eq!(
        ann[0].error.as_deref(),
        Some("Zoom refused the registration.")
    );
    assert_eq!(ann[0].zoom_meeting_id, "81000000002");
    assert_eq!(ann[1].status, InvitationStatus::Registered);
    assert_eq!(ann[1].registration_id.as_deref(), Some("reg-ann-1"));
    assert_eq!(ann[1].occurrence_id, None);

    let bob = app.person_invitations(" bob ").await.unwrap();
    assert_eq!(bob.len(), 1);
    assert_eq!(bob[0].registration_id.as_deref(), Some("reg-bob-1"));

    let err = app.person_invitations("nobody").await.unwrap_err();
    assert_eq!(err.code, rollcall_core::error::ErrorCode::NotFound);
}
