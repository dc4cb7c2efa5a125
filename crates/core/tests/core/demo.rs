//! Demo mode: the seeded organization and meetings, and "Act out this meeting".

use std::collections::BTreeSet;
use std::time::Instant;

use rollcall_core::attendance::AttendanceStatus;
use rollcall_core::demo::seed;
use rollcall_core::people::PeopleFilter;
use rollcall_core::secrets::SecretStore;
use rollcall_core::{AppMode, ErrorCode};

use crate::support::open_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_is_seeded_with_an_organization_and_five_meetings() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-demo-test")).await;
    let began = Instant::now();
    let status = app.start_demo().await.unwrap();
    let took = began.elapsed();
    eprintln!("demo seeded in {took:?}");
    assert_eq!(status.mode, AppMode::Demo);

    let people = app.people(&PeopleFilter::default()).await.unwrap();
    assert_eq!(people.len(), seed::PEOPLE);
    let provisioned = people
        .iter()
        .filter(|p| p.zoom.as_ref().is_some_and(|z| z.user_id.is_some()))
        .count();
    assert_eq!(
        provisioned,
        seed::PROVISIONED,
        "most people have a Zoom user"
    );
    let shared: Vec<_> = people
        .iter()
        .filter(|p| (p.first_name.as_str(), p.last_name.as_str()) == seed::SHARED_NAME)
        .collect();
    assert_eq!(shared.len(), 2, "two people share a name");
    assert_ne!(shared[0].email, shared[1].email);
    let groups = app.groups().await.unwrap();
    assert!(groups.contains(&"Class 9A".to_owned()), "{groups:?}");

    let meetings = app.list_meetings().await.unwrap();
    let topics: BTreeSet<&str> = meetings.iter().map(|m| m.topic.as_str()).collect();
    for topic in [
        seed::PAST_SYNCED,
        seed::PAST_REVIEW,
        seed::UPCOMING,
        seed::RECURRING,
        seed::DRIFTED,
    ] {
        assert!(topics.contains(topic), "{topic} in {topics:?}");
    }
    for m in &meetings {
        eprintln!(
            "meeting {} zoom {} {:?} {}",
            m.id, m.zoom_meeting_id, m.topic, m.start_local
        );
    }
    let by_topic = |t: &str| meetings.iter().find(|m| m.topic == t).unwrap();
    assert_eq!(by_topic(seed::UPCOMING).invited, 27);
    assert_eq!(by_topic(seed::RECURRING).invited, 54);
    assert!(by_topic(seed::RECURRING).occurrences.len() >= 10);
    assert_eq!(by_topic(seed::DRIFTED).invited, 0);
    assert!(
        by_topic(seed::DRIFTED).drift.is_some(),
        "the drift warning shows"
    );

    // Distinct personal links.
    let invitations = app
        .invitations(&by_topic(seed::UPCOMING).id.to_string())
        .await
        .unwrap();
    let links: BTreeSet<_> = invitations
        .iter()
        .filter_map(|i| i.join_url.clone())
        .collect();
    assert_eq!(links.len(), 27);

    // The past meetings have attendance; the second one has rows to review.
    let past = by_topic(seed::PAST_SYNCED).id.to_string();
    let views = app.meeting_attendance(&past).await.unwrap();
    assert_eq!(views.len(), 1);
    assert!(
        views[0]
            .lines
            .iter()
            .any(|l| l.status == AttendanceStatus::Present)
    );
    let review = app
        .review_queue(&by_topic(seed::PAST_REVIEW).id.to_string())
        .await
        .unwrap();
    // Exactly the three guests seed.rs puts there: Zoom also lists the host (the account
    // owner) among the participants, and the host is never for review.
    assert_eq!(review.len(), 3, "{review:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acting_out_a_meeting_gives_every_kind_of_attendance() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-demo-test")).await;
    app.start_demo().await.unwrap();
    let meeting = app
        .list_meetings()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.topic == seed::UPCOMING)
        .unwrap();
    let reference = meeting.id.to_string();

    assert!(meeting.start_time > chrono::Utc::now(), "it is upcoming");
    let summary = app.act_out_meeting(&reference).await.unwrap();
    let now = chrono::Utc::now();
    assert_eq!(summary.counts.invited, 27);
    assert!(summary.counts.late >= 1 && summary.counts.left_early >= 1);
    assert!(summary.counts.absent >= 1 && summary.counts.guests == 2);
    // It has just happened, from the app's point of view: moved (in Zoom and here) to end
    // before now, and the story says so.
    assert!(
        summary.ended_at <= now,
        "{} ends before {now}",
        summary.ended_at
    );
    assert!(summary.ended_at > now - chrono::Duration::minutes(5));
    assert!(
        summary.story[0].contains("was moved in Zoom"),
        "{:?}",
        summary.story
    );
    let moved = app.meeting(&reference).await.unwrap();
    assert_eq!(moved.start_time, summary.started_at);
    assert!(moved.drift.is_none(), "moving it is Rollcall's own change");
    assert!(!summary.story.is_empty());

    let synced = app.sync_attendance(&reference, false).await.unwrap();
    assert_eq!(synced.instances.len(), 1);
    let views = app.meeting_attendance(&reference).await.unwrap();
    let statuses: BTreeSet<String> = views[0]
        .lines
        .iter()
        .map(|l| format!("{:?}", l.status))
        .collect();
    for wanted in ["Present", "Late", "LeftEarly", "Absent"] {
        assert!(statuses.contains(wanted), "{wanted} in {statuses:?}");
    }
    let rejoined = views[0].lines.iter().filter(|l| l.joins >= 2).count();
    assert!(
        rejoined >= 2,
        "a rejoin and a second device are separate joins"
    );
    let review = app.review_queue(&reference).await.unwrap();
    assert!(!review.is_empty(), "the uninvited guests wait for review");
    // Class 9A's attendance over the last 30 days (the default range) now includes it.
    let group = app
        .group_attendance(
            "Class 9A",
            now - chrono::Duration::days(30),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(group.invited, 27, "{group:?}");
    assert!(group.attended_invited >= 1, "{group:?}");

    // A series plays its next occurrence, moved to end just now; the others stay.
    let series = app
        .list_meetings()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.topic == seed::RECURRING)
        .unwrap();
    let acted = app.act_out_meeting(&series.id.to_string()).await.unwrap();
    assert_eq!(acted.counts.invited, 54);
    assert!(acted.ended_at <= chrono::Utc::now());
    assert!(
        acted.story[0].contains("this occurrence"),
        "{:?}",
        acted.story
    );
    let after = app.meeting(&series.id.to_string()).await.unwrap();
    assert_eq!(after.occurrences.len(), series.occurrences.len());
    assert_eq!(
        after.occurrences[0].occurrence_id,
        series.occurrences[0].occurrence_id
    );
    assert_eq!(after.occurrences[0].start_time, acted.started_at);
    assert_eq!(after.occurrences[1..], series.occurrences[1..]);
    let synced = app
        .sync_attendance(&series.id.to_string(), false)
        .await
        .unwrap();
    assert_eq!(synced.instances.len(), 1);
}

#[tokio::test]
async fn acting_out_is_refused_outside_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-demo-test")).await;
    let err = app.act_out_meeting("1").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.message.contains("only in the demo"), "{}", err.message);
}
