//! Home's warning about authenticated links, end to end against zoom-sim: exporting a
//! meeting's authenticated links leaves a record (never the links), and Home warns when they
//! expire before the meeting starts, with the way to export them again.

use chrono::{Duration, Utc};
use rollcall_core::home::{ActionTarget, MeetingSection, WarningKind};
use rollcall_core::invitations::{LinkFormat, PeopleSelection};
use rollcall_core::jobs::JobState;
use rollcall_core::meetings::{MeetingInput, MeetingSettings};

use crate::support::{files_containing, world};

fn meeting_in(days: i64, topic: &str) -> MeetingInput {
    MeetingInput {
        topic: topic.into(),
        start: (Utc::now() + Duration::days(days))
            .format("%Y-%m-%dT15:00")
            .to_string(),
        timezone: "Europe/Berlin".into(),
        duration_minutes: 60,
        host_email: "owner@school.example".into(),
        recurrence: None,
        registration: None,
        settings: MeetingSettings::default(),
        agenda: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authenticated_links_exported_for_a_meeting_beyond_their_life_are_warned_about() {
    let w = world().await;
    w.people("gala", 3, "Gala").await;
    let ids: Vec<String> = (0..3).map(|i| format!("gala-{i:04}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    w.provision(&refs).await;

    // Authenticated links live 90 days: one meeting within that, one beyond it.
    let near = w.app.create_meeting(meeting_in(30, "Soon")).await.unwrap();
    let far = w.app.create_meeting(meeting_in(120, "Gala")).await.unwrap();
    for meeting in [&near, &far] {
        let outcome = w
            .app
            .invite(
                &meeting.id.to_string(),
                PeopleSelection::People(ids.clone()),
                None,
            )
            .await
            .unwrap();
        let job = w.app.run_job(&outcome.job.unwrap().id).await.unwrap();
        assert_eq!(job.state, JobState::Completed, "{job:?}");
    }

    // Registration links only: nothing can expire, nothing to warn about.
    w.app
        .export_links(&far.id.to_string(), LinkFormat::Csv, false)
        .await
        .unwrap();
    let home = w.app.home().await.unwrap();
    assert!(
        home.warnings
            .iter()
            .all(|x| x.kind != WarningKind::LinksExpiring),
        "{:#?}",
        home.warnings
    );

    let mut exported = Vec::new();
    for meeting in [&near, &far] {
        let text = w
            .app
            .export_links(&meeting.id.to_string(), LinkFormat::Json, true)
            .await
            .unwrap();
        exported.push(text.expose().clone());
    }
    let home = w.app.home().await.unwrap();
    let warnings: Vec<_> = home
        .warnings
        .iter()
        .filter(|x| x.kind == WarningKind::LinksExpiring)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let warning = warnings[0];
    assert!(
        warning
            .message
            .starts_with("The 3 authenticated links exported for \"Gala\" on "),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains(&format!(
            "before the meeting on {} (Europe/Berlin)",
            far.start_local
        )),
        "{}",
        warning.message
    );
    let expires = warning.at.unwrap();
    assert!(expires > Utc::now() + Duration::days(89) && expires < Utc::now() + Duration::days(91));
    assert_eq!(
        warning.action.target,
        ActionTarget::Meeting {
            meeting_id: far.id,
            section: MeetingSection::Invitees
        }
    );
    // Both meetings are upcoming, soonest first, in their own zone.
    let topics: Vec<&str> = home.upcoming.iter().map(|m| m.topic.as_str()).collect();
    assert_eq!(topics, ["Soon", "Gala"]);
    assert_eq!(home.upcoming[1].start_local, far.start_local);
    assert_eq!(home.upcoming[1].invited, 3);

    // The record keeps when and how many, never the links themselves.
    w.app.store().await.close().await;
    for text in &exported {
        let doc: serde_json::Value = serde_json::from_str(text).unwrap();
        for link in doc["links"].as_array().unwrap() {
            let url = link["authenticatedLink"].as_str().unwrap();
            let zak = url.split("zak=").nth(1).unwrap();
            assert_eq!(files_containing(w.dir.path(), zak), Vec::<String>::new());
        }
    }
}
