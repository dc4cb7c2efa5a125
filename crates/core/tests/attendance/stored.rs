//! Reconciliation from the store: the same stored rows and rules give the same stored result,
//! every time; a decision's rule ties the rows; UUID encoding for the client.

use rollcall_core::attendance::records::{reconcile_instance, reconcile_stored};
use rollcall_core::attendance::sync::client_uuid;
use rollcall_core::store::Store;
use rollcall_core::store::attendance::{NewInstance, RawRow, RuleRow};

async fn seeded() -> (Store, i64) {
    let store = Store::in_memory().await.unwrap();
    let pool = store.pool();
    sqlx::query(
        "INSERT INTO meetings (id, account_id, zoom_meeting_id, host_zoom_user_id, topic, kind,
            start_time, duration_minutes, timezone, settings, status, created_at, updated_at)
         VALUES (1, 'a', 81234567890, 'host', 'Class', 'scheduled', '2026-03-02T09:00:00.000Z',
            60, 'UTC', '{}', 'active', '', '')",
    )
    .execute(pool)
    .await
    .unwrap();
    for (id, ext, first) in [(1, "ann", "Ann"), (2, "bob", "Bob")] {
        sqlx::query(
            "INSERT INTO people (id, external_id, email, email_key, first_name, last_name,
                created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Lee', '', '')",
        )
        .bind(id)
        .bind(ext)
        .bind(format!("{ext}@example.org"))
        .bind(format!("{ext}@example.org"))
        .bind(first)
        .execute(pool)
        .await
        .unwrap();
    }
    sqlx::query(
        "INSERT INTO invitations (meeting_id, person_id, status, registrant_id, created_at,
            updated_at) VALUES (1, 1, 'registered', 'reg-ann', '', '')",
    )
    .execute(pool)
    .await
    .unwrap();
    let instance = store
        .upsert_attendance_instance(&NewInstance {
            meeting_id: 1,
            uuid: "/ab//c==",
            occurrence_id: "",
            started_at: "2026-03-02T09:00:00.000Z",
            ended_at: Some("2026-03-02T10:00:00.000Z"),
            scheduled_start: "2026-03-02T09:00:00.000Z",
            scheduled_end: "2026-03-02T10:00:00.000Z",
        })
        .await
        .unwrap();
    let row = |seq: i64, reg: Option<&str>, name: &str, join: &str, leave: &str| RawRow {
        row_key: format!("report#{seq:05}"),
        seq,
        source: "report".into(),
        raw: "{}".into(),
        registration_id: reg.map(str::to_owned),
        zoom_user_id: None,
        name: Some(name.into()),
        email: None,
        joined_at: format!("2026-03-02T{join}:00.000Z"),
        left_at: format!("2026-03-02T{leave}:00.000Z"),
        in_waiting_room: false,
    };
    store
        .save_attendance_rows(
            instance,
            "report",
            &[
                row(0, Some("reg-ann"), "Ann Lee", "09:00", "09:30"),
                row(1, Some("reg-ann"), "Ann Lee", "09:20", "10:00"),
                row(2, None, "Bobby", "09:10", "10:00"),
            ],
            "2026-03-02T10:05:00.000Z",
        )
        .await
        .unwrap();
    (store, instance)
}

#[tokio::test]
async fn same_rows_and_rules_give_the_same_result() {
    let (store, instance) = seeded().await;
    let first = reconcile_stored(&store, instance).await.unwrap();
    let second = reconcile_stored(&store, instance).await.unwrap();
    assert_eq!(first, second);
    reconcile_instance(&store, instance).await.unwrap();
    let stored = store.attendance_records(instance).await.unwrap();
    reconcile_instance(&store, instance).await.unwrap();
    assert_eq!(stored, store.attendance_records(instance).await.unwrap());
    assert_eq!(stored.len(), 1, "Ann only; Bobby is for review");
    assert_eq!(
        stored[0].total_seconds, 3600,
        "overlapping joins are merged"
    );
    assert_eq!(stored[0].joins, 2);
    assert_eq!(store.attendance_unidentified(1).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_rule_ties_the_rows_and_removing_it_unties_them() {
    let (store, instance) = seeded().await;
    let rule = store
        .save_attendance_rule(
            &RuleRow {
                id: 0,
                account_id: "a".into(),
                alias_kind: "name".into(),
                alias_value: "bobby".into(),
                person_id: Some(2),
                guest_label: None,
                scope_meeting: "81234567890".into(),
                created_at: String::new(),
            },
            "test",
        )
        .await
        .unwrap();
    reconcile_instance(&store, instance).await.unwrap();
    let records = store.attendance_records(instance).await.unwrap();
    let bob = records.iter().find(|r| r.person_id == 2).unwrap();
    assert_eq!(bob.status, "uninvited");
    assert_eq!(bob.match_method.as_deref(), Some("rule"));
    assert!(store.attendance_unidentified(1).await.unwrap().is_empty());
    store.delete_attendance_rule(rule).await.unwrap();
    reconcile_instance(&store, instance).await.unwrap();
    assert_eq!(store.attendance_records(instance).await.unwrap().len(), 1);
    assert_eq!(store.attendance_unidentified(1).await.unwrap().len(), 1);
}

#[test]
fn uuids_with_a_single_inner_slash_are_pre_encoded() {
    assert_eq!(client_uuid("abc=="), "abc==");
    // The client double-encodes these itself.
    assert_eq!(client_uuid("/abc=="), "/abc==");
    assert_eq!(client_uuid("ab//c=="), "ab//c==");
    // The client would encode this once only.
    assert_eq!(client_uuid("ab/c+=="), "ab%2Fc%2B%3D%3D");
}
