//! Meetings kept in step with Zoom: changes made in Zoom's own portal show as drift, and the
//! host's daily create/update cap is refused with the time it resets.

use rollcall_core::ErrorCode;
use rollcall_core::invitations::PeopleSelection;
use rollcall_core::jobs::JobState;
use rollcall_core::meetings::{DifferenceKind, MeetingInput, MeetingSettings, MeetingStatus};
use rollcall_zoom::model::{
    MeetingUpdate, NewRegistrant, RegistrantAction, RegistrantRef, RegistrantStatusUpdate,
};

use crate::support::{SECRET, world};

fn input(topic: &str) -> MeetingInput {
    MeetingInput {
        topic: topic.into(),
        start: "2027-03-02T09:30".into(),
        timezone: "America/New_York".into(),
        duration_minutes: 45,
        host_email: "owner@school.example".into(),
        recurrence: None,
        registration: None,
        settings: MeetingSettings::default(),
        agenda: None,
    }
}

/// A second client, as if someone worked in Zoom's portal.
fn portal(sim: &zoom_sim::SimHandle) -> rollcall_zoom::Client {
    rollcall_zoom::Client::new(rollcall_zoom::Config {
        api_base: sim.api_base(),
        oauth_base: sim.oauth_base(),
        account_id: "acct-acceptance".into(),
        client_id: "client-acceptance".into(),
        client_secret: rollcall_zoom::Secret::new(SECRET.to_owned()),
        plan: rollcall_zoom::Plan::Pro,
    })
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_made_in_zoom_show_as_drift() {
    let w = world().await;
    w.people("t", 3, "Teachers").await;
    let meeting = w.app.create_meeting(input("Staff meeting")).await.unwrap();
    assert_eq!(meeting.start_time.to_rfc3339(), "2027-03-02T14:30:00+00:00");
    let id = meeting.id.to_string();
    let outcome = w.app.invite(&id, PeopleSelection::All, None).await.unwrap();
    let job = w.app.run_job(&outcome.job.unwrap().id).await.unwrap();
    assert_eq!(job.state, JobState::Completed);
    assert!(w.app.refresh_meeting(&id).await.unwrap().drift.is_none());

    let zoom_id: u64 = meeting.zoom_meeting_id.parse().unwrap();
    let zoom = portal(&w.sim);
    zoom.meetings()
        .update(
            zoom_id,
            &MeetingUpdate {
                topic: Some("Staff meeting (moved)".into()),
                duration: Some(90),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    zoom.registrants(zoom_id)
        .add(
            &NewRegistrant {
                email: "portal@elsewhere.example".into(),
                first_name: "Portal".into(),
                auto_approve: Some(true),
                ..Default::default()
            },
            &[],
        )
        .await
        .unwrap();
    let cancelled = w.app.invitations(&id).await.unwrap()[0].clone();
    zoom.registrants(zoom_id)
        .update_status(
            &RegistrantStatusUpdate {
                action: RegistrantAction::Cancel,
                registrants: vec![RegistrantRef {
                    id: cancelled.registration_id.clone(),
                    email: None,
                }],
            },
            None,
        )
        .await
        .unwrap();

    let refreshed = w.app.refresh_meeting(&id).await.unwrap();
    let drift = refreshed.drift.expect("the changes are shown");
    let kinds: Vec<DifferenceKind> = drift.differences.iter().map(|d| d.kind).collect();
    for kind in [
        DifferenceKind::Topic,
        DifferenceKind::Duration,
        DifferenceKind::AddedInZoom,
        DifferenceKind::RemovedInZoom,
    ] {
        assert!(
            kinds.contains(&kind),
            "{kind:?} missing from {:?}",
            drift.differences
        );
    }
    let words: Vec<&str> = drift
        .differences
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        words.iter().any(|m| m.contains("portal@elsewhere.example")),
        "{words:?}"
    );
    assert!(
        words.iter().any(|m| m.contains(&cancelled.email)),
        "{words:?}"
    );
    assert!(
        words
            .iter()
            .any(|m| m.contains("\"Staff meeting (moved)\"")),
        "{words:?}"
    );

    zoom.meetings()
        .delete(zoom_id, &Default::default())
        .await
        .unwrap();
    let gone = w.app.refresh_meeting(&id).await.unwrap();
    assert_eq!(gone.status, MeetingStatus::DeletedInZoom);
    assert!(gone.drift.unwrap().deleted_in_zoom);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_at_the_daily_cap_is_told_when_it_resets() {
    let w = world().await;
    let hosts = w.app.licensed_hosts().await.unwrap();
    let host = hosts
        .iter()
        .find(|h| h.email == "owner@school.example")
        .unwrap();
    // 100 creates already spent today, as persisted by an earlier run.
    let account = w.app.status().await.unwrap().active_account.unwrap();
    let usage = serde_json::json!({
        "day": chrono::Utc::now().date_naive(),
        "counts": { format!("meeting_create:{}", host.zoom_user_id): 100 },
    });
    let now = rollcall_core::store::now_text(chrono::Utc::now());
    w.app
        .store()
        .await
        .save_daily_usage(&account.id, &usage.to_string(), &now)
        .await
        .unwrap();
    let err = w
        .app
        .create_meeting(input("One too many"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ZoomRateLimited, "{err:?}");
    assert!(err.message.contains("00:00 UTC"), "{}", err.message);
    assert!(
        err.message.contains("owner@school.example"),
        "{}",
        err.message
    );
    assert_eq!(
        w.requests("POST", "/meetings").await,
        0,
        "refused before reaching Zoom"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_is_refused_where_zoom_would_ignore_it() {
    let w = world().await;
    w.people("x", 2, "X").await;
    let mut bad = input("Board");
    bad.host_email = "nobody@school.example".into();
    let err = w.app.create_meeting(bad).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound, "{err:?}");

    let mut alt = input("With an alternative host");
    alt.settings.alternative_hosts = vec!["x.1@people.school.example".into()];
    let meeting = w.app.create_meeting(alt).await.unwrap();
    let outcome = w
        .app
        .invite(&meeting.id.to_string(), PeopleSelection::All, None)
        .await
        .unwrap();
    assert_eq!(outcome.people, 1);
    assert_eq!(outcome.skipped.len(), 1);
    assert!(
        outcome.skipped[0].reason.contains("alternative host"),
        "{:?}",
        outcome.skipped
    );
}
