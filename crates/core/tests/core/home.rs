//! Home: the next meetings in their own time zones, the jobs running or failed, and one warning
//! with an action for each thing that needs the admin (daily limits, drift, failed
//! provisioning, rows waiting for review, authenticated links that expire before the meeting).
//! The state is written through the store, the clock is fixed, and Home is read through `App`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rollcall_core::App;
use rollcall_core::clock::Clock;
use rollcall_core::home::{ActionTarget, HomeSummary, MeetingSection, Warning, WarningKind};
use rollcall_core::secrets::SecretStore;
use rollcall_core::store::Store;
use rollcall_core::store::attendance::{NewInstance, UnidentifiedRow};
use rollcall_core::store::jobs::{JobRow, NewItem};
use rollcall_core::store::meetings::{MeetingRow, OccurrenceRow};
use rollcall_core::store::people::PersonUpsert;

use crate::support;

const NOW: &str = "2026-11-29T10:00:00Z";

#[derive(Debug)]
struct FixedClock(DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

struct Home {
    _dir: tempfile::TempDir,
    _sim: zoom_sim::SimHandle,
    app: App,
    store: Store,
    account: String,
}

async fn home() -> Home {
    let sim = zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![support::sim_account()],
            ..Default::default()
        },
        0,
    )
    .await
    .expect("zoom-sim starts");
    let dir = tempfile::tempdir().unwrap();
    let app = App::open_with(
        dir.path().to_owned(),
        Ok(SecretStore::in_memory("rollcall-home-test")),
        Arc::new(FixedClock(at(NOW))),
    )
    .await
    .unwrap();
    let (account, _) = app
        .add_account(support::new_account(&sim, "School", support::SECRET))
        .await
        .unwrap();
    let store = app.store().await;
    Home {
        _dir: dir,
        _sim: sim,
        app,
        store,
        account: account.id,
    }
}

impl Home {
    async fn meeting(&self, zoom_id: i64, topic: &str, start: &str, zone: &str) -> i64 {
        self.store
            .save_meeting(&MeetingRow {
                id: 0,
                account_id: self.account.clone(),
                zoom_meeting_id: zoom_id,
                host_zoom_user_id: "host-1".into(),
                host_email: "host@school.example".into(),
                topic: topic.into(),
                kind: "scheduled".into(),
                registration_type: None,
                start_time: start.into(),
                duration_minutes: 60,
                timezone: zone.into(),
                recurrence: None,
                settings: "{}".into(),
                join_url: None,
                registration_url: None,
                zoom_snapshot: None,
                drift: None,
                status: "active".into(),
                created_at: NOW.into(),
                updated_at: NOW.into(),
                refreshed_at: None,
            })
            .await
            .unwrap()
    }

    async fn summary(&self) -> HomeSummary {
        self.app.home().await.unwrap()
    }
}

fn of_kind(summary: &HomeSummary, kind: WarningKind) -> Vec<Warning> {
    summary
        .warnings
        .iter()
        .filter(|w| w.kind == kind)
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_to_warn_about_in_a_fresh_account() {
    let h = home().await;
    let summary = h.summary().await;
    assert!(summary.upcoming.is_empty());
    assert!(summary.jobs.is_empty());
    assert_eq!(summary.warnings, Vec::<Warning>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn upcoming_meetings_come_soonest_first_in_their_own_time_zone() {
    let h = home().await;
    h.meeting(1, "Last week", "2026-11-22T10:00:00.000Z", "UTC")
        .await;
    // Started 30 minutes ago and runs for an hour: in progress, listed first.
    h.meeting(2, "Now", "2026-11-29T09:30:00.000Z", "America/New_York")
        .await;
    h.meeting(3, "Board", "2026-12-01T14:00:00.000Z", "Europe/Berlin")
        .await;
    for (i, day) in ["02", "03", "04", "05"].iter().enumerate() {
        h.meeting(
            10 + i as i64,
            &format!("Class {day}"),
            &format!("2026-12-{day}T08:00:00.000Z"),
            "Asia/Tokyo",
        )
        .await;
    }
    // A series: the next live occurrence counts, not the series' first start.
    let series = h
        .meeting(20, "Weekly", "2026-11-15T18:00:00.000Z", "UTC")
        .await;
    h.store
        .replace_occurrences(
            series,
            &[
                ("1", "2026-11-22T18:00:00.000Z", "available"),
                ("2", "2026-11-29T18:00:00.000Z", "deleted"),
                ("3", "2026-12-06T18:00:00.000Z", "available"),
            ]
            .map(|(id, start, status)| OccurrenceRow {
                meeting_id: series,
                occurrence_id: id.into(),
                start_time: start.into(),
                duration_minutes: 45,
                status: status.into(),
            }),
        )
        .await
        .unwrap();

    let summary = h.summary().await;
    let shown: Vec<(&str, &str, &str, bool)> = summary
        .upcoming
        .iter()
        .map(|m| {
            (
                m.topic.as_str(),
                m.start_local.as_str(),
                m.timezone.as_str(),
                m.in_progress,
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Now", "2026-11-29 04:30", "America/New_York", true),
            ("Board", "2026-12-01 15:00", "Europe/Berlin", false),
            ("Class 02", "2026-12-02 17:00", "Asia/Tokyo", false),
            ("Class 03", "2026-12-03 17:00", "Asia/Tokyo", false),
            ("Class 04", "2026-12-04 17:00", "Asia/Tokyo", false),
        ],
        "five at most, soonest first"
    );

    // With the classes gone, the series shows its next live occurrence.
    for zoom_id in 10..14 {
        let row = h
            .store
            .meeting_row_by_zoom_id(&h.account, zoom_id)
            .await
            .unwrap()
            .unwrap();
        h.store
            .set_meeting_status(row.id, "deleted", NOW)
            .await
            .unwrap();
    }
    let summary = h.summary().await;
    let weekly = summary.upcoming.last().unwrap();
    assert_eq!(weekly.topic, "Weekly");
    assert_eq!(weekly.occurrence_id.as_deref(), Some("3"));
    assert_eq!(weekly.start_local, "2026-12-06 18:00");
    assert_eq!(weekly.duration_minutes, 45);
}

#[tokio::test(flavor = "multi_thread")]
async fn jobs_running_or_failed_this_week_are_listed_and_finished_ones_are_not() {
    let h = home().await;
    let job = |id: &str, state: &str, finished: Option<&str>| JobRow {
        id: id.into(),
        kind: "provision".into(),
        account_id: Some(h.account.clone()),
        title: format!("Job {id}"),
        params: "{}".into(),
        state: state.into(),
        pause_reason: None,
        resume_after: None,
        total: 0,
        done: 0,
        failed: 0,
        created_at: "2026-11-20T10:00:00.000Z".into(),
        started_at: None,
        finished_at: finished.map(str::to_owned),
        updated_at: NOW.into(),
    };
    let item = [NewItem {
        idempotency_key: "k".into(),
        subject: "1".into(),
        label: "one".into(),
    }];
    for (id, state, finished) in [
        ("running", "running", None),
        ("paused", "paused", None),
        ("done", "completed", Some("2026-11-28T10:00:00.000Z")),
        ("failed-recent", "failed", Some("2026-11-28T10:00:00.000Z")),
        ("failed-old", "failed", Some("2026-11-20T11:00:00.000Z")),
        ("cancelled", "cancelled", Some("2026-11-28T10:00:00.000Z")),
    ] {
        let row = job(id, "queued", None);
        h.store.insert_job(&row, &item).await.unwrap();
        h.store
            .set_job_state(id, state, None, None, NOW)
            .await
            .unwrap();
        if let Some(finished) = finished {
            sqlx::query("UPDATE jobs SET finished_at = ? WHERE id = ?")
                .bind(finished)
                .bind(id)
                .execute(h.store.pool())
                .await
                .unwrap();
        }
    }
    let mut ids: Vec<String> = h.summary().await.jobs.into_iter().map(|j| j.id).collect();
    ids.sort();
    assert_eq!(ids, ["failed-recent", "paused", "running"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_daily_limit_reached_today_says_when_it_resets_and_where_to_look() {
    let h = home().await;
    let board = h
        .meeting(
            85_000_000_001,
            "Board",
            "2026-12-01T14:00:00.000Z",
            "Europe/Berlin",
        )
        .await;
    let usage = serde_json::json!({
        "day": "2026-11-29",
        "counts": {
            "meeting_create:host-1": 100,
            "meeting_create:host-2": 12,
            "registrant_add:85000000001:a@school.example": 3,
            "registrant_add:85000000001:b@school.example": 3,
            "registrant_add:85000000001:c@school.example": 2,
        },
        "blocked_until": { "user_create": "2026-11-29T23:30:00Z" }
    });
    h.store
        .save_daily_usage(&h.account, &usage.to_string(), NOW)
        .await
        .unwrap();

    let warnings = of_kind(&h.summary().await, WarningKind::DailyLimit);
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    let registrations = warnings
        .iter()
        .find(|w| w.message.contains("registrations"))
        .unwrap();
    assert_eq!(
        registrations.message,
        "2 people of \"Board\" reached Zoom's limit of 3 registrations a day; registering them \
         again waits. It resets at 2026-11-30 00:00 UTC."
    );
    assert_eq!(registrations.count, 2);
    assert_eq!(
        registrations.action.target,
        ActionTarget::Meeting {
            meeting_id: board as u32,
            section: MeetingSection::Invitees
        }
    );
    let create = warnings
        .iter()
        .find(|w| w.message.contains("new meetings"))
        .unwrap();
    assert!(
        create
            .message
            .starts_with("host@school.example reached Zoom's limit of 100 new meetings today"),
        "{}",
        create.message
    );
    assert_eq!(create.at, Some(at("2026-11-30T00:00:00Z")));
    assert_eq!(create.action.target, ActionTarget::Meetings);
    // Zoom's own 429 set the reset time for user creation.
    let users = warnings
        .iter()
        .find(|w| w.message.contains("new Zoom users"))
        .unwrap();
    assert!(
        users.message.contains("limit of 1500 new Zoom users"),
        "{}",
        users.message
    );
    assert!(
        users
            .message
            .ends_with("It resets at 2026-11-29 23:30 UTC.")
    );
    assert_eq!(users.action.target, ActionTarget::Jobs);

    // Yesterday's counts are spent history: nothing to warn about.
    let usage = serde_json::json!({
        "day": "2026-11-28",
        "counts": { "meeting_create:host-1": 100 },
    });
    h.store
        .save_daily_usage(&h.account, &usage.to_string(), NOW)
        .await
        .unwrap();
    assert!(of_kind(&h.summary().await, WarningKind::DailyLimit).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_meeting_changed_or_deleted_in_zoom_is_named_with_what_changed() {
    let h = home().await;
    let board = h
        .meeting(1, "Board", "2026-12-01T14:00:00.000Z", "Europe/Berlin")
        .await;
    let gone = h
        .meeting(2, "Choir", "2026-12-02T14:00:00.000Z", "Europe/Berlin")
        .await;
    h.meeting(3, "In step", "2026-12-03T14:00:00.000Z", "UTC")
        .await;
    let changed = serde_json::json!({
        "checkedAt": "2026-11-29T09:00:00Z",
        "deletedInZoom": false,
        "differences": [
            { "kind": "topic", "message": "The topic is \"Board (moved)\" in Zoom, \"Board\" in Rollcall." },
            { "kind": "startTime", "message": "The start differs." }
        ]
    });
    h.store
        .record_meeting_refresh(board, None, Some(&changed.to_string()), "active", NOW)
        .await
        .unwrap();
    let deleted = serde_json::json!({
        "checkedAt": "2026-11-29T09:00:00Z",
        "deletedInZoom": true,
        "differences": [{ "kind": "deletedInZoom", "message": "Deleted in Zoom." }]
    });
    h.store
        .record_meeting_refresh(
            gone,
            None,
            Some(&deleted.to_string()),
            "deleted_in_zoom",
            NOW,
        )
        .await
        .unwrap();

    let summary = h.summary().await;
    let warnings = of_kind(&summary, WarningKind::MeetingDrifted);
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert_eq!(
        warnings[0].message,
        "\"Board\" was changed in Zoom. The topic is \"Board (moved)\" in Zoom, \"Board\" in \
         Rollcall. There is 1 other change. Keep Zoom's version or put Rollcall's back."
    );
    assert_eq!(warnings[0].action.label, "Review the changes");
    assert_eq!(
        warnings[0].action.target,
        ActionTarget::Meeting {
            meeting_id: board as u32,
            section: MeetingSection::Details
        }
    );
    assert!(
        warnings[1]
            .message
            .starts_with("\"Choir\" was deleted in Zoom"),
        "{}",
        warnings[1].message
    );
    // A meeting deleted in Zoom is not upcoming any more.
    assert!(summary.upcoming.iter().all(|m| m.topic != "Choir"));
}

#[tokio::test(flavor = "multi_thread")]
async fn people_whose_provisioning_failed_are_counted_once_and_inactive_ones_left_out() {
    let h = home().await;
    let people: Vec<PersonUpsert> = (1..=4)
        .map(|i| PersonUpsert {
            external_id: format!("p{i}"),
            email: format!("p{i}@school.example"),
            first_name: format!("P{i}"),
            last_name: "Person".into(),
            groups: vec![],
        })
        .collect();
    h.store.upsert_people(&people, NOW).await.unwrap();
    for ext in ["p1", "p2", "p3"] {
        let id = h
            .store
            .person_id_by_external_id(ext)
            .await
            .unwrap()
            .unwrap();
        for _ in 0..2 {
            h.store
                .record_zoom_user_failure(
                    id,
                    &h.account,
                    "Conflict",
                    "Taken in another account.",
                    NOW,
                )
                .await
                .unwrap();
        }
    }
    h.app.set_person_active("p3", false).await.unwrap();

    let warnings = of_kind(&h.summary().await, WarningKind::ProvisioningFailed);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].count, 2);
    assert_eq!(
        warnings[0].message,
        "2 people have no Zoom user because creating or linking it failed. The People page \
         shows each reason; fix it there, then provision them again."
    );
    assert_eq!(warnings[0].action.target, ActionTarget::PeopleFailed);
    assert_eq!(warnings[0].action.label, "Show these people");
}

#[tokio::test(flavor = "multi_thread")]
async fn participants_waiting_for_review_are_counted_per_meeting() {
    let h = home().await;
    let board = h
        .meeting(1, "Board", "2026-11-20T14:00:00.000Z", "Europe/Berlin")
        .await;
    let choir = h
        .meeting(2, "Choir", "2026-11-21T14:00:00.000Z", "Europe/Berlin")
        .await;
    let instance = |meeting_id, uuid: &'static str| NewInstance {
        meeting_id,
        uuid,
        occurrence_id: "",
        started_at: "2026-11-20T14:00:00Z",
        ended_at: Some("2026-11-20T15:00:00Z"),
        scheduled_start: "2026-11-20T14:00:00Z",
        scheduled_end: "2026-11-20T15:00:00Z",
    };
    let unidentified = |instance_id, alias: &str| UnidentifiedRow {
        instance_id,
        alias_kind: "name".into(),
        alias_value: alias.into(),
        display_name: Some(alias.into()),
        entry: "{}".into(),
    };
    // Board: two instances; "iPad" appears in both and counts once.
    let first = h
        .store
        .upsert_attendance_instance(&instance(board, "u1"))
        .await
        .unwrap();
    let second = h
        .store
        .upsert_attendance_instance(&instance(board, "u2"))
        .await
        .unwrap();
    h.store
        .save_attendance_result(
            first,
            &[],
            "[]",
            &[unidentified(first, "ipad"), unidentified(first, "guest 1")],
            NOW,
        )
        .await
        .unwrap();
    h.store
        .save_attendance_result(second, &[], "[]", &[unidentified(second, "ipad")], NOW)
        .await
        .unwrap();
    let third = h
        .store
        .upsert_attendance_instance(&instance(choir, "u3"))
        .await
        .unwrap();
    h.store
        .save_attendance_result(third, &[], "[]", &[unidentified(third, "x")], NOW)
        .await
        .unwrap();

    let warnings = of_kind(&h.summary().await, WarningKind::ReviewWaiting);
    let shown: Vec<(&str, u32, &str)> = warnings
        .iter()
        .map(|w| (w.message.as_str(), w.count, w.action.label.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "2 participants of \"Board\" were not tied to a person and wait for your review; \
                 their time counts for nobody until you decide.",
                2,
                "Review 2 participants"
            ),
            (
                "1 participant of \"Choir\" was not tied to a person and waits for your review; \
                 their time counts for nobody until you decide.",
                1,
                "Review 1 participant"
            ),
        ]
    );
    assert_eq!(
        warnings[0].action.target,
        ActionTarget::Meeting {
            meeting_id: board as u32,
            section: MeetingSection::Review
        }
    );

    // Once decided (the queue emptied), the warning goes.
    for id in [first, second, third] {
        h.store
            .save_attendance_result(id, &[], "[]", &[], NOW)
            .await
            .unwrap();
    }
    assert!(of_kind(&h.summary().await, WarningKind::ReviewWaiting).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn exported_authenticated_links_that_expire_before_the_meeting_are_warned_about() {
    let h = home().await;
    let soon = h
        .meeting(1, "Soon", "2026-12-10T14:00:00.000Z", "Europe/Berlin")
        .await;
    let late = h
        .meeting(
            2,
            "Spring gala",
            "2027-03-15T18:00:00.000Z",
            "America/Chicago",
        )
        .await;
    let past = h
        .meeting(3, "Past", "2026-11-01T14:00:00.000Z", "UTC")
        .await;
    // Exported today: the links live 90 days, until 2027-02-27.
    for meeting in [soon, late, past] {
        h.store
            .record_link_export(
                &h.account,
                meeting,
                "2026-11-29T10:00:00.000Z",
                "2027-02-27T10:00:00.000Z",
                12,
                "admin",
            )
            .await
            .unwrap();
    }
    let warnings = of_kind(&h.summary().await, WarningKind::LinksExpiring);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(
        warnings[0].message,
        "The 12 authenticated links exported for \"Spring gala\" on 2026-11-29 expire on \
         2027-02-27 10:00 UTC, before the meeting on 2027-03-15 13:00 (America/Chicago). Export \
         them again and send the new ones; the personal registration links keep working."
    );
    assert_eq!(warnings[0].at, Some(at("2027-02-27T10:00:00Z")));
    assert_eq!(warnings[0].action.label, "Export the links again");
    assert_eq!(
        warnings[0].action.target,
        ActionTarget::Meeting {
            meeting_id: late as u32,
            section: MeetingSection::Invitees
        }
    );

    // A newer export with links that outlive the meeting settles it.
    h.store
        .record_link_export(
            &h.account,
            late,
            "2027-01-01T10:00:00.000Z",
            "2027-04-01T10:00:00.000Z",
            12,
            "admin",
        )
        .await
        .unwrap();
    assert!(of_kind(&h.summary().await, WarningKind::LinksExpiring).is_empty());
}
