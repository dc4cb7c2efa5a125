//! Invite-only meetings end to end against zoom-sim: batch registration costs, one link per
//! person that joins as that person, idempotent reruns, strangers turned away, one device per
//! link; the same on a series registered per occurrence; authenticated links never stored.

use std::collections::HashSet;

use rollcall_core::invitations::{InvitationStatus, LinkFormat, PeopleSelection};
use rollcall_core::jobs::JobState;
use rollcall_core::meetings::{
    MeetingInput, MeetingSettings, Recurrence, RecurrenceEnd, RecurrencePattern, RegistrationKind,
    Weekday,
};
use serde_json::json;

use crate::support::{World, captured_log, files_containing, world};

fn scheduled(topic: &str) -> MeetingInput {
    MeetingInput {
        topic: topic.into(),
        start: "2027-01-12T15:00".into(),
        timezone: "Europe/Berlin".into(),
        duration_minutes: 60,
        host_email: "owner@school.example".into(),
        recurrence: None,
        registration: None,
        settings: MeetingSettings::default(),
        agenda: None,
    }
}

async fn invite_all(w: &World, meeting: &str, who: PeopleSelection) -> rollcall_core::jobs::Job {
    let outcome = w.app.invite(meeting, who, None).await.unwrap();
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    let job = w.app.run_job(&outcome.job.unwrap().id).await.unwrap();
    assert_eq!(job.state, JobState::Completed, "{job:?}");
    job
}

async fn registrant_posts(w: &World) -> u64 {
    w.requests("POST", "/registrants").await + w.requests("POST", "/batch_registrants").await
}

/// A stranger registers through the public link, stays pending, and close-door denies them.
async fn stranger_is_turned_away(w: &World, meeting: &str) {
    let m = w.app.meeting(meeting).await.unwrap();
    let registration_url = m.registration_url.clone().expect("registration is on");
    let (status, body) = w
        .control(
            "/register",
            json!({ "registration_url": registration_url, "email": "stranger@elsewhere.example", "first_name": "Stranger" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        body["status"], "pending",
        "a stranger waits for approval: {body}"
    );
    assert!(
        body.get("join_url").is_none(),
        "no link while pending: {body}"
    );

    let strangers = w.app.strangers(meeting).await.unwrap();
    assert_eq!(strangers.len(), 1, "{strangers:?}");
    assert_eq!(strangers[0].email, "stranger@elsewhere.example");
    let outcome = w.app.close_door(meeting).await.unwrap();
    let job = w.app.run_job(&outcome.job.unwrap().id).await.unwrap();
    assert_eq!((job.state, job.done), (JobState::Completed, 1), "{job:?}");
    assert!(w.app.strangers(meeting).await.unwrap().is_empty());
    let state = w.state().await;
    let zoom_id: i64 = m.zoom_meeting_id.parse().unwrap();
    let sim_meeting = state["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"].as_i64() == Some(zoom_id))
        .unwrap();
    let stranger = sim_meeting["registrants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "stranger@elsewhere.example")
        .unwrap();
    assert_eq!(stranger["status"], "denied", "{stranger}");
}

/// Every link joins as its own registrant; a second device on one link is refused.
async fn links_join_as_their_owner(w: &World, meeting: &str, occurrence: Option<&str>) {
    let m = w.app.meeting(meeting).await.unwrap();
    let body = match occurrence {
        Some(o) => json!({ "occurrence_id": o }),
        None => json!({}),
    };
    let (status, started) = w
        .control(&format!("/meetings/{}/start", m.zoom_meeting_id), body)
        .await;
    assert_eq!(status, 200, "{started}");
    let links = w.app.links(meeting).await.unwrap();
    let mut expected = HashSet::new();
    for link in &links {
        let url = link
            .join_url
            .as_deref()
            .expect("every invitation has its link");
        let (status, body) = w.join(url, &link.name).await;
        assert_eq!(status, 200, "{} could not join: {body}", link.external_id);
        let invitation = w
            .app
            .invitations(meeting)
            .await
            .unwrap()
            .into_iter()
            .find(|i| i.external_id == link.external_id)
            .unwrap();
        expected.insert(invitation.registration_id.unwrap());
    }
    let state = w.state().await;
    let joined: HashSet<String> = state["live_participants"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            p["registrant_id"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(joined, expected, "each link joined as its own registrant");

    let first = links[0].join_url.as_deref().unwrap();
    let (status, body) = w.join(first, "Second device").await;
    assert_eq!(
        status, 409,
        "a second device on the same link is refused: {body}"
    );
    let (status, _) = w
        .control(&format!("/meetings/{}/end", m.zoom_meeting_id), json!({}))
        .await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_invitees_to_a_scheduled_meeting() {
    let w = world().await;
    w.people("staff", 300, "Staff").await;
    let hosts = w.app.licensed_hosts().await.unwrap();
    assert!(
        hosts.iter().any(|h| h.email == "owner@school.example"),
        "{hosts:?}"
    );

    let meeting = w.app.create_meeting(scheduled("All hands")).await.unwrap();
    assert_eq!(meeting.start_local, "2027-01-12 15:00");
    assert_eq!(meeting.start_time.to_rfc3339(), "2027-01-12T14:00:00+00:00");
    let id = meeting.id.to_string();

    let job = invite_all(&w, &id, PeopleSelection::All).await;
    assert_eq!(job.done, 300);
    assert_eq!(
        w.requests("POST", "/batch_registrants").await,
        10,
        "300 people in 10 batch calls"
    );
    assert_eq!(
        w.requests("POST", "/registrants").await,
        0,
        "no single adds"
    );

    let invitations = w.app.invitations(&id).await.unwrap();
    assert_eq!(invitations.len(), 300);
    assert!(
        invitations
            .iter()
            .all(|i| i.status == InvitationStatus::Registered)
    );
    assert!(invitations.iter().all(|i| i.phone_pin.is_some()));
    let urls: HashSet<&str> = invitations
        .iter()
        .filter_map(|i| i.join_url.as_deref())
        .collect();
    assert_eq!(urls.len(), 300, "every invitation holds its own link");

    // A rerun (and a group invite covering the same people) registers nobody again.
    let before = registrant_posts(&w).await;
    let job = invite_all(&w, &id, PeopleSelection::All).await;
    assert_eq!(job.done, 300);
    invite_all(&w, &id, PeopleSelection::Groups(vec!["staff".into()])).await;
    assert_eq!(registrant_posts(&w).await, before, "a rerun adds nobody");

    links_join_as_their_owner(&w, &id, None).await;
    stranger_is_turned_away(&w, &id).await;

    // Rollcall and Zoom agree after all this.
    let refreshed = w.app.refresh_meeting(&id).await.unwrap();
    assert!(refreshed.drift.is_none(), "{:?}", refreshed.drift);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_series_registered_per_occurrence() {
    let w = world().await;
    w.people("pupil", 20, "Class 5b").await;
    let mut input = scheduled("Weekly tutoring");
    input.recurrence = Some(Recurrence {
        pattern: RecurrencePattern::Weekly {
            days: vec![Weekday::Monday, Weekday::Wednesday],
        },
        interval: 1,
        end: RecurrenceEnd::Times { count: 4 },
    });
    input.registration = Some(RegistrationKind::EachOccurrence);
    let meeting = w.app.create_meeting(input).await.unwrap();
    assert_eq!(meeting.occurrences.len(), 4, "{:?}", meeting.occurrences);
    assert_eq!(meeting.registration, Some(RegistrationKind::EachOccurrence));
    let id = meeting.zoom_meeting_id.clone();

    let job = invite_all(&w, &id, PeopleSelection::Groups(vec!["Class 5b".into()])).await;
    assert_eq!(job.done, 80, "20 people × 4 occurrences");
    assert_eq!(
        w.requests("POST", "/batch_registrants").await,
        0,
        "Zoom batches only plain meetings"
    );
    assert_eq!(
        w.requests("POST", "/registrants").await,
        20,
        "one add per person covers their occurrences"
    );

    let invitations = w.app.invitations(&id).await.unwrap();
    assert_eq!(invitations.len(), 80);
    assert!(
        invitations
            .iter()
            .all(|i| i.status == InvitationStatus::Registered && i.occurrence_id.is_some())
    );
    let urls: HashSet<&str> = invitations
        .iter()
        .filter_map(|i| i.join_url.as_deref())
        .collect();
    assert_eq!(urls.len(), 20, "one link per person");

    let before = registrant_posts(&w).await;
    invite_all(&w, &id, PeopleSelection::All).await;
    assert_eq!(registrant_posts(&w).await, before, "a rerun adds nobody");

    let first = meeting.occurrences[0].occurrence_id.clone();
    links_join_as_their_owner(&w, &id, Some(&first)).await;
    stranger_is_turned_away(&w, &id).await;

    // Uninvite cancels in Zoom: the link stops working.
    let link = w.app.link(&id, "pupil-0000").await.unwrap();
    let outcome = w
        .app
        .uninvite(&id, PeopleSelection::People(vec!["pupil-0000".into()]))
        .await
        .unwrap();
    let job = w.app.run_job(&outcome.job.unwrap().id).await.unwrap();
    assert_eq!(job.state, JobState::Completed, "{job:?}");
    w.control(
        &format!("/meetings/{id}/start"),
        json!({ "occurrence_id": first }),
    )
    .await;
    let (status, _) = w.join(link.join_url.as_deref().unwrap(), "Gone").await;
    assert_eq!(status, 403, "a cancelled link no longer joins");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authenticated_links_are_never_stored_or_logged() {
    let w = world().await;
    w.people("api", 5, "Board").await;
    let ids: Vec<String> = (0..5).map(|i| format!("api-{i:04}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    w.provision(&refs).await;

    let meeting = w.app.create_meeting(scheduled("Board")).await.unwrap();
    let id = meeting.id.to_string();
    invite_all(&w, &id, PeopleSelection::People(ids.clone())).await;

    let links = w.app.links(&id).await.unwrap();
    assert!(links.iter().all(|l| l.authenticated.is_some()), "{links:?}");
    let made = w.app.authenticated_links(&id).await.unwrap();
    assert_eq!(made.len(), 5);
    let mut zaks = Vec::new();
    for link in &made {
        let url = link.url.expose();
        let zak = url
            .split("zak=")
            .nth(1)
            .expect("the link carries a ZAK")
            .to_owned();
        assert!(zak.len() > 20);
        zaks.push(zak);
        assert!(link.expires_at > chrono::Utc::now() + chrono::Duration::days(89));
    }
    // The authenticated link signs the person in as their Zoom user.
    w.control(
        &format!("/meetings/{}/start", meeting.zoom_meeting_id),
        json!({}),
    )
    .await;
    let (status, body) = w.join(made[0].url.expose(), "").await;
    assert_eq!(status, 200, "{body}");

    // Exports carry them (that is their purpose) ...
    let out = tempfile::tempdir().unwrap();
    let csv_path = out.path().join("links.csv");
    w.app
        .export_links_to(&id, LinkFormat::Csv, true, &csv_path)
        .await
        .unwrap();
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    assert!(
        csv.starts_with("external_id,name,email,join_link,phone_pin,status,authenticated_link")
    );
    let json = w
        .app
        .export_links(&id, LinkFormat::Json, true)
        .await
        .unwrap();
    let one = w.app.authenticated_link(&id, "api-0002").await.unwrap();
    zaks.push(one.url.expose().split("zak=").nth(1).unwrap().to_owned());
    // Each export asks Zoom for fresh ZAKs: collect those too.
    for text in [csv.as_str(), json.expose().as_str()] {
        let found: Vec<String> = text
            .split("zak=")
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| !matches!(c, '"' | ',' | '\n' | '\r'))
                    .collect()
            })
            .collect();
        assert_eq!(
            found.len(),
            5,
            "every provisioned person has an authenticated link: {text}"
        );
        zaks.extend(found);
    }
    // ... but the data folder (SQLite file, WAL, job tables) and the logs never do.
    w.app.store().await.close().await;
    let log = captured_log();
    assert!(!log.is_empty(), "the capture sees the app's logging");
    for zak in &zaks {
        assert_eq!(
            files_containing(w.dir.path(), zak),
            Vec::<String>::new(),
            "a ZAK was stored"
        );
        assert!(!log.contains(zak.as_str()), "a ZAK was logged");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_cells_cannot_become_formulas() {
    let w = world().await;
    let now = rollcall_core::store::now_text(chrono::Utc::now());
    w.app
        .store()
        .await
        .upsert_people(
            &[rollcall_core::store::people::PersonUpsert {
                external_id: "=HYPERLINK(\"x\")".into(),
                email: "formula@people.school.example".into(),
                first_name: "+Eve".into(),
                last_name: "@Mallory".into(),
                groups: vec![],
            }],
            &now,
        )
        .await
        .unwrap();
    let meeting = w.app.create_meeting(scheduled("Safe")).await.unwrap();
    let id = meeting.id.to_string();
    invite_all(&w, &id, PeopleSelection::All).await;
    let csv = w
        .app
        .export_links(&id, LinkFormat::Csv, false)
        .await
        .unwrap();
    let line = csv.expose().lines().nth(1).unwrap().to_owned();
    assert!(line.starts_with("\"'=HYPERLINK"), "{line}");
    assert!(line.contains(",'+Eve @Mallory,"), "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_at_zoom_s_daily_registration_cap_pauses_the_job_until_midnight_utc() {
    let w = world().await;
    w.people("cap", 3, "Cap").await;
    let account = w.app.status().await.unwrap().active_account.unwrap();
    let meeting = w.app.create_meeting(scheduled("Capped")).await.unwrap();
    let id = meeting.id.to_string();
    // Earlier today this person was registered three times for this meeting (Zoom's cap is
    // per registrant and meeting).
    let key = format!(
        "registrant_add:{}:cap.1@people.school.example",
        meeting.zoom_meeting_id
    );
    let usage = json!({
        "day": chrono::Utc::now().date_naive(),
        "counts": { key: 3 },
    });
    let now = rollcall_core::store::now_text(chrono::Utc::now());
    w.app
        .store()
        .await
        .save_daily_usage(&account.id, &usage.to_string(), &now)
        .await
        .unwrap();
    let outcome = w.app.invite(&id, PeopleSelection::All, None).await.unwrap();
    let job = w.app.run_job(&outcome.job.unwrap().id).await.unwrap();
    assert_eq!(job.state, JobState::Paused, "{job:?}");
    assert_eq!(job.done, 2, "the others are registered meanwhile: {job:?}");
    let reason = job.pause_reason.clone().unwrap();
    assert!(reason.contains("00:00 UTC"), "{reason}");
    let midnight = (chrono::Utc::now().date_naive() + chrono::Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    assert_eq!(job.resume_after, Some(midnight), "{job:?}");
    assert_eq!(w.requests("POST", "/batch_registrants").await, 1);
    let capped = w.app.link(&id, "cap-0001").await.unwrap();
    assert_eq!(capped.status, InvitationStatus::Pending, "{capped:?}");
    assert!(reason.contains("cap.1@people.school.example"), "{reason}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_can_be_registered_for_chosen_occurrences() {
    let w = world().await;
    w.people("ch", 4, "Choir").await;
    let mut input = scheduled("Rehearsals");
    input.recurrence = Some(Recurrence {
        pattern: RecurrencePattern::Daily,
        interval: 2,
        end: RecurrenceEnd::Times { count: 3 },
    });
    input.registration = Some(RegistrationKind::ChooseOccurrences);
    let meeting = w.app.create_meeting(input).await.unwrap();
    assert_eq!(meeting.occurrences.len(), 3);
    let second = meeting.occurrences[1].occurrence_id.clone();
    let id = meeting.id.to_string();
    let outcome = w
        .app
        .invite(&id, PeopleSelection::All, Some(vec![second.clone()]))
        .await
        .unwrap();
    let job = w.app.run_job(&outcome.job.unwrap().id).await.unwrap();
    assert_eq!((job.state, job.done), (JobState::Completed, 4), "{job:?}");
    let invitations = w.app.invitations(&id).await.unwrap();
    assert!(
        invitations
            .iter()
            .all(|i| i.occurrence_id.as_deref() == Some(second.as_str()))
    );
    let state = w.state().await;
    let zoom_id: i64 = meeting.zoom_meeting_id.parse().unwrap();
    let sim_meeting = state["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"].as_i64() == Some(zoom_id))
        .unwrap();
    for r in sim_meeting["registrants"].as_array().unwrap() {
        assert_eq!(r["occurrence_ids"], json!([second]), "{r}");
    }
    let err = w
        .app
        .invite(&id, PeopleSelection::All, Some(vec!["nope".into()]))
        .await
        .unwrap_err();
    assert!(
        err.message.contains("not part of this series"),
        "{}",
        err.message
    );
}
