//! The fault matrix: every job kind run against zoom-sim under every injected fault.
//!
//! For each cell: the job finishes, or pauses / fails items with a clear reason; zoom-sim holds
//! no duplicate; the store holds every finished item; and a resume (faults gone, the app
//! restarted its Zoom connection) completes the rest. The matrix is printed (run with
//! `--nocapture`) and summarised in RELIABILITY.md:
//!
//! ```sh
//! cargo test -p rollcall-acceptance --test reliability -- --nocapture
//! ```

mod fuzz_seeds;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use rollcall_core::App;
use rollcall_core::accounts::{NewAccount, Plan, SecretInput};
use rollcall_core::invitations::PeopleSelection;
use rollcall_core::jobs::{Job, JobKind, JobState};
use rollcall_core::meetings::{MeetingInput, MeetingSettings};
use rollcall_core::provisioning::ZoomUserKind;
use rollcall_core::secrets::SecretStore;
use rollcall_core::store::jobs::NewItem;
use rollcall_core::store::people::PersonUpsert;
use serde_json::{Value, json};

const SECRET: &str = "sim-client-secret-reliability-51c3";
/// People (or strangers) per cell: small, so the whole matrix stays well under a minute.
const ITEMS: usize = 5;
/// The client's timeout in this test; the slow fault answers after three times as long.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(400);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Provisioning,
    Registration,
    CloseDoor,
    AttendanceSync,
}

const KINDS: [Kind; 4] = [
    Kind::Provisioning,
    Kind::Registration,
    Kind::CloseDoor,
    Kind::AttendanceSync,
];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Provisioning => "provisioning",
            Kind::Registration => "registration",
            Kind::CloseDoor => "close-door",
            Kind::AttendanceSync => "attendance sync",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    RateLimitBurst,
    DailyCap,
    Http500,
    Http502,
    Http503,
    SlowPastTimeout,
    ConnectionReset,
    TokenRevoked,
    ReportNotReady,
}

const FAULTS: [Fault; 10] = [
    Fault::None,
    Fault::RateLimitBurst,
    Fault::DailyCap,
    Fault::Http500,
    Fault::Http502,
    Fault::Http503,
    Fault::SlowPastTimeout,
    Fault::ConnectionReset,
    Fault::TokenRevoked,
    Fault::ReportNotReady,
];

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Fault::None => "no fault",
            Fault::RateLimitBurst => "429 burst",
            Fault::DailyCap => "daily cap reached",
            Fault::Http500 => "500",
            Fault::Http502 => "502",
            Fault::Http503 => "503",
            Fault::SlowPastTimeout => "slow past timeout",
            Fault::ConnectionReset => "connection reset",
            Fault::TokenRevoked => "token revoked",
            Fault::ReportNotReady => "report not ready",
        }
    }

    /// The `/_sim/faults` specs (or `/_sim/config` patch) that act the fault out.
    async fn inject(self, w: &World) {
        let categories = ["light", "medium", "heavy", "resource_intensive"];
        match self {
            Fault::None => {}
            Fault::RateLimitBurst => {
                for category in categories {
                    w.fault(json!({"kind": "rate_limit_burst", "category": category, "count": 3}))
                        .await;
                }
            }
            Fault::DailyCap => {
                for category in categories {
                    w.fault(json!({"kind": "daily_cap", "category": category}))
                        .await;
                }
            }
            Fault::Http500 | Fault::Http502 | Fault::Http503 => {
                let status = match self {
                    Fault::Http500 => 500,
                    Fault::Http502 => 502,
                    _ => 503,
                };
                w.fault(json!({"kind": "http_error", "status": status, "count": 4, "path_prefix": "/v2"}))
                    .await;
            }
            Fault::SlowPastTimeout => {
                let delay = CLIENT_TIMEOUT.as_millis() as u64 * 3;
                w.fault(
                    json!({"kind": "slow", "delay_ms": delay, "count": 2, "path_prefix": "/v2"}),
                )
                .await;
            }
            Fault::ConnectionReset => {
                w.fault(json!({"kind": "reset", "count": 3, "path_prefix": "/v2"}))
                    .await;
            }
            Fault::TokenRevoked => {
                w.fault(json!({"kind": "revoke_tokens"})).await;
            }
            Fault::ReportNotReady => {
                w.sim_config(json!({"report_delay_seconds": 7200})).await;
            }
        }
    }
}

/// The app's clock (and its Zoom client's): the system's, moved forward on demand, so a resume
/// "the next day" happens in a test that lasts seconds.
#[derive(Debug, Default)]
struct TestClock(std::sync::atomic::AtomicI64);

impl TestClock {
    fn advance(&self, by: Duration) {
        self.0
            .fetch_add(by.as_secs() as i64, std::sync::atomic::Ordering::SeqCst);
    }
    fn at(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
            + chrono::Duration::seconds(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
}

impl rollcall_core::clock::Clock for TestClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.at()
    }
}

impl rollcall_zoom::clock::Clock for TestClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.at()
    }
}

struct World {
    _dir: tempfile::TempDir,
    clock: std::sync::Arc<TestClock>,
    sim: zoom_sim::SimHandle,
    app: App,
    http: reqwest::Client,
    meeting: Option<String>,
}

fn client_options(clock: &std::sync::Arc<TestClock>) -> rollcall_zoom::ClientOptions {
    rollcall_zoom::ClientOptions {
        clock: clock.clone(),
        timeout: CLIENT_TIMEOUT,
        backoff_base: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        seed: Some(7),
        ..Default::default()
    }
}

async fn world() -> World {
    let sim = zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![zoom_sim::SimAccount {
                account_id: "acct-reliability".into(),
                client_id: "client-reliability".into(),
                client_secret: SECRET.into(),
                owner_email: "owner@school.example".into(),
                scopes: None,
                plan: zoom_sim::Plan::Business,
            }],
            ..Default::default()
        },
        0,
    )
    .await
    .expect("zoom-sim starts");
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(TestClock::default());
    let app = App::open_with(
        dir.path().to_owned(),
        Ok(SecretStore::in_memory("rollcall-reliability")),
        clock.clone(),
    )
    .await
    .expect("the app opens");
    app.set_zoom_client_options(client_options(&clock)).await;
    app.add_account(NewAccount {
        name: "School".into(),
        account_id: "acct-reliability".into(),
        client_id: "client-reliability".into(),
        client_secret: SecretInput::new(SECRET),
        plan: Plan::Business,
        api_base: Some(sim.api_base()),
        oauth_base: Some(sim.oauth_base()),
    })
    .await
    .expect("the sim account connects");
    World {
        _dir: dir,
        clock,
        sim,
        app,
        http: reqwest::Client::new(),
        meeting: None,
    }
}

impl World {
    async fn control(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let resp = self
            .http
            .request(method, format!("{}{path}", self.sim.control_base()))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {body}");
        body
    }

    async fn fault(&self, spec: Value) {
        self.control(reqwest::Method::POST, "/faults", spec).await;
    }

    async fn sim_config(&self, patch: Value) {
        self.control(reqwest::Method::POST, "/config", patch).await;
    }

    async fn state(&self) -> Value {
        self.control(reqwest::Method::GET, "/state", Value::Null)
            .await
    }

    async fn people(&self, n: usize) {
        let people: Vec<PersonUpsert> = (0..n)
            .map(|i| PersonUpsert {
                external_id: format!("p-{i:03}"),
                email: format!("person.{i}@people.school.example"),
                first_name: format!("First{i}"),
                last_name: format!("Last{i}"),
                groups: vec!["Class".to_owned()],
            })
            .collect();
        let now = rollcall_core::store::now_text(chrono::Utc::now());
        self.app
            .store()
            .await
            .upsert_people(&people, &now)
            .await
            .unwrap();
    }

    async fn create_meeting(&mut self) -> String {
        let m = self
            .app
            .create_meeting(MeetingInput {
                topic: "Reliability".into(),
                start: "2027-01-12T15:00".into(),
                timezone: "Europe/Berlin".into(),
                duration_minutes: 60,
                host_email: "owner@school.example".into(),
                recurrence: None,
                registration: None,
                settings: MeetingSettings::default(),
                agenda: None,
            })
            .await
            .expect("the meeting is created");
        let id = m.id.to_string();
        self.meeting = Some(id.clone());
        id
    }

    fn sim_meeting<'a>(&self, state: &'a Value, zoom_id: &str) -> &'a Value {
        let zoom_id: i64 = zoom_id.parse().unwrap();
        state["meetings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"].as_i64() == Some(zoom_id))
            .expect("the meeting is in zoom-sim")
    }

    /// Set up the scene for `kind` without faults and create (not run) its job.
    async fn job_for(&mut self, kind: Kind) -> Job {
        match kind {
            Kind::Provisioning => {
                self.people(ITEMS).await;
                let store = self.app.store().await;
                let account = self.app.status().await.unwrap().active_account.unwrap();
                let mut items = Vec::new();
                for i in 0..ITEMS {
                    let person = store
                        .person_id_by_external_id(&format!("p-{i:03}"))
                        .await
                        .unwrap()
                        .unwrap();
                    items.push(NewItem {
                        idempotency_key: format!("provision:{person}"),
                        subject: person.to_string(),
                        label: format!("p-{i:03}"),
                    });
                }
                self.app
                    .runner()
                    .await
                    .create(
                        JobKind::Provision,
                        "Provision",
                        Some(&account.id),
                        &json!({ "accountId": account.id, "mode": "createOrLink" }),
                        &items,
                    )
                    .await
                    .unwrap()
            }
            Kind::Registration => {
                self.people(ITEMS).await;
                let meeting = self.create_meeting().await;
                let outcome = self
                    .app
                    .invite(&meeting, PeopleSelection::All, None)
                    .await
                    .unwrap();
                outcome.job.expect("an invitation job")
            }
            Kind::CloseDoor => {
                let meeting = self.create_meeting().await;
                let m = self.app.meeting(&meeting).await.unwrap();
                let url = m.registration_url.clone().expect("registration is on");
                for i in 0..ITEMS {
                    self.control(
                        reqwest::Method::POST,
                        "/register",
                        json!({ "registration_url": url, "email": format!("stranger.{i}@elsewhere.example"), "first_name": "Stranger" }),
                    )
                    .await;
                }
                let outcome = self.app.close_door(&meeting).await.unwrap();
                outcome.job.expect("a close-door job")
            }
            Kind::AttendanceSync => {
                self.people(ITEMS).await;
                let meeting = self.create_meeting().await;
                let outcome = self
                    .app
                    .invite(&meeting, PeopleSelection::All, None)
                    .await
                    .unwrap();
                let job = self.app.run_job(&outcome.job.unwrap().id).await.unwrap();
                assert_eq!(job.state, JobState::Completed, "set-up: {job:?}");
                let m = self.app.meeting(&meeting).await.unwrap();
                // Two instances (the meeting held twice), everyone joining each time.
                for _ in 0..2 {
                    self.control(
                        reqwest::Method::POST,
                        &format!("/meetings/{}/start", m.zoom_meeting_id),
                        json!({}),
                    )
                    .await;
                    for link in self.app.links(&meeting).await.unwrap() {
                        let joined = self
                            .control(
                                reqwest::Method::POST,
                                "/join",
                                json!({ "join_url": link.join_url.unwrap(), "name": link.name }),
                            )
                            .await;
                        if let Some(h) = joined["waiting"].as_str() {
                            self.control(
                                reqwest::Method::POST,
                                "/admit",
                                json!({"participant": h}),
                            )
                            .await;
                        }
                    }
                    self.sim.advance_clock(Duration::from_secs(30 * 60));
                    self.control(
                        reqwest::Method::POST,
                        &format!("/meetings/{}/end", m.zoom_meeting_id),
                        json!({}),
                    )
                    .await;
                    self.sim.advance_clock(Duration::from_secs(60 * 60));
                }
                self.app
                    .create_attendance_sync(&meeting, false)
                    .await
                    .expect("the sync job is created")
            }
        }
    }

    /// Attendance instances known but not fetched (report not ready, or failed).
    async fn instances_waiting(&self) -> usize {
        let Some(meeting) = self.meeting.as_deref() else {
            return 0;
        };
        let Ok(row) = self.app.attendance_meeting(meeting).await else {
            return 0;
        };
        let store = self.app.store().await;
        store
            .attendance_instances(row.id)
            .await
            .unwrap()
            .iter()
            .filter(|i| i.state != "fetched")
            .count()
    }

    /// What must hold whatever happened: no duplicate in Zoom, and every item the store calls
    /// done is backed by its record (and that record exists in Zoom).
    async fn check_consistent(&self, kind: Kind, job: &Job) -> Result<(), String> {
        let state = self.state().await;
        let items = self.app.runner().await.items(&job.id).await.unwrap();
        let done: Vec<_> = items
            .iter()
            .filter(|i| i.state == rollcall_core::jobs::ItemState::Done)
            .collect();
        match kind {
            Kind::Provisioning => {
                let emails: Vec<String> = state["users"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["email"].as_str().unwrap().to_lowercase())
                    .collect();
                let unique: HashSet<&String> = emails.iter().collect();
                if unique.len() != emails.len() {
                    return Err(format!("duplicate Zoom users: {emails:?}"));
                }
                let ids: HashSet<&str> = state["users"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["id"].as_str().unwrap())
                    .collect();
                let api_users: HashSet<&str> = state["users"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|u| u["login_type"] == 99)
                    .map(|u| u["id"].as_str().unwrap())
                    .collect();
                let people = self.app.people(&Default::default()).await.unwrap();
                for item in &done {
                    let person = people
                        .iter()
                        .find(|p| p.external_id == item.label)
                        .ok_or_else(|| format!("{} missing from the store", item.label))?;
                    let zoom = person
                        .zoom
                        .as_ref()
                        .and_then(|z| z.user_id.clone())
                        .ok_or_else(|| format!("{} done but no Zoom user stored", item.label))?;
                    if !ids.contains(zoom.as_str()) {
                        return Err(format!("{}'s Zoom user {zoom} is not in Zoom", item.label));
                    }
                    // Every user in this cell was made by Rollcall (custCreate), also those whose
                    // create answer a fault cut off: each must be recorded as created, so that
                    // deprovisioning may delete it and its authenticated link is offered.
                    let kind = person.zoom.as_ref().and_then(|z| z.kind);
                    if api_users.contains(zoom.as_str()) && kind != Some(ZoomUserKind::Created) {
                        return Err(format!(
                            "{}'s Zoom user was created by Rollcall but is recorded as {kind:?}",
                            item.label
                        ));
                    }
                }
            }
            Kind::Registration | Kind::CloseDoor | Kind::AttendanceSync => {
                let meeting = self.meeting.as_deref().unwrap();
                let m = self.app.meeting(meeting).await.unwrap();
                let sim_meeting = self.sim_meeting(&state, &m.zoom_meeting_id);
                let registrants = sim_meeting["registrants"].as_array().unwrap();
                let emails: Vec<String> = registrants
                    .iter()
                    .map(|r| r["email"].as_str().unwrap().to_lowercase())
                    .collect();
                let unique: HashSet<&String> = emails.iter().collect();
                if unique.len() != emails.len() {
                    return Err(format!("duplicate registrants: {emails:?}"));
                }
                if kind == Kind::Registration {
                    let ids: HashSet<&str> = registrants
                        .iter()
                        .filter_map(|r| r["id"].as_str())
                        .collect();
                    let invitations = self.app.invitations(meeting).await.unwrap();
                    for item in &done {
                        let inv = invitations
                            .iter()
                            .find(|i| {
                                item.label.contains(&i.email)
                                    || item.subject == i.id.to_string()
                                    || item.label.contains(&i.external_id)
                            })
                            .ok_or_else(|| format!("no invitation for item {}", item.label))?;
                        let rid = inv.registration_id.as_deref().ok_or_else(|| {
                            format!("{} done but no registration stored", inv.external_id)
                        })?;
                        if !ids.contains(rid) {
                            return Err(format!(
                                "{}'s registration {rid} is not in Zoom",
                                inv.external_id
                            ));
                        }
                        if inv.join_url.is_none() {
                            return Err(format!("{} done but no link stored", inv.external_id));
                        }
                    }
                }
                if kind == Kind::CloseDoor {
                    let denied = registrants
                        .iter()
                        .filter(|r| r["status"] == "denied")
                        .count();
                    if denied < done.len() {
                        return Err(format!(
                            "{} items done but {denied} strangers denied",
                            done.len()
                        ));
                    }
                }
                if kind == Kind::AttendanceSync {
                    let store = self.app.store().await;
                    let row = self.app.attendance_meeting(meeting).await.unwrap();
                    let instances = store.attendance_instances(row.id).await.unwrap();
                    for item in &done {
                        let instance = instances
                            .iter()
                            .find(|i| {
                                item.subject == i.id.to_string() || item.key.contains(&i.uuid)
                            })
                            .ok_or_else(|| format!("no stored instance for item {}", item.key))?;
                        let stored = store.attendance_row_count(instance.id).await.unwrap();
                        let in_zoom = state["instances"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .find(|i| i["uuid"].as_str() == Some(instance.uuid.as_str()))
                            .map(|i| i["rows"].as_array().unwrap().len() as i64)
                            .ok_or_else(|| format!("instance {} not in Zoom", instance.uuid))?;
                        if instance.state == "fetched" && stored != in_zoom {
                            return Err(format!(
                                "instance {}: {stored} rows stored, {in_zoom} in Zoom",
                                instance.uuid
                            ));
                        }
                        // A report that was not ready is never saved as "nobody came".
                        if instance.state != "fetched" && stored != 0 {
                            return Err(format!(
                                "instance {} is {} but has {stored} rows",
                                instance.uuid, instance.state
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// One cell's outcome, for the printed matrix.
struct Cell {
    kind: Kind,
    fault: Fault,
    first: String,
    resumed: String,
    problems: Vec<String>,
    elapsed: Duration,
}

async fn cell(kind: Kind, fault: Fault) -> Cell {
    let started = Instant::now();
    let mut w = world().await;
    let mut problems = Vec::new();
    let job = w.job_for(kind).await;
    fault.inject(&w).await;

    // First run, under the fault.
    let first = match tokio::time::timeout(Duration::from_secs(30), w.app.run_job(&job.id)).await {
        Err(_) => {
            problems.push("the job hung (30 s)".into());
            "hung".to_owned()
        }
        Ok(Err(err)) => {
            if err.message.trim().is_empty() {
                problems.push("an error without a message".into());
            }
            format!("error: {}", err.message)
        }
        Ok(Ok(job)) => {
            let mut text = describe(&w, &job, &mut problems).await;
            let waiting = w.instances_waiting().await;
            if waiting > 0 {
                write!(text, " ({waiting} not ready yet)").unwrap();
            }
            text
        }
    };
    let after_first = w.app.runner().await.job(&job.id).await.unwrap();
    if let Err(p) = w.check_consistent(kind, &after_first).await {
        problems.push(format!("after the fault: {p}"));
    }

    // The fault goes away; the app comes back (a fresh Zoom connection) and resumes.
    w.control(reqwest::Method::DELETE, "/faults", Value::Null)
        .await;
    w.sim_config(json!({"report_delay_seconds": 0})).await;
    if fault == Fault::DailyCap {
        // Zoom's daily caps reset at 00:00 UTC: the resume happens the next day.
        w.sim.advance_clock(Duration::from_secs(24 * 3600));
        w.clock.advance(Duration::from_secs(24 * 3600));
    }
    w.app
        .set_zoom_client_options(client_options(&w.clock))
        .await;
    let runner = w.app.runner().await;
    let mut resumed = String::from("-");
    let current = runner.job(&job.id).await.unwrap();
    if current.state != JobState::Completed || current.failed > 0 {
        if current.failed > 0 {
            runner.retry_failed(&job.id).await.unwrap();
        }
        resumed = match w.app.run_job(&job.id).await {
            Ok(job) if job.state == JobState::Completed && job.failed == 0 => "completed".into(),
            Ok(job) => {
                problems.push(format!("the resume did not complete: {job:?}"));
                format!("{:?}", job.state)
            }
            Err(err) => {
                problems.push(format!("the resume failed: {}", err.message));
                "error".into()
            }
        };
    }
    if kind == Kind::AttendanceSync && w.instances_waiting().await > 0 {
        // Instances whose report was not ready are done for this job (marked "not ready", no
        // rows saved); the next sync, as the app's refresh runs it, fetches them.
        let meeting = w.meeting.clone().unwrap();
        let next = w.app.create_attendance_sync(&meeting, false).await.unwrap();
        resumed = match w.app.run_job(&next.id).await {
            Ok(job) if job.state == JobState::Completed && job.failed == 0 => {
                "next sync completed".into()
            }
            Ok(job) => {
                problems.push(format!("the next sync did not complete: {job:?}"));
                format!("{:?}", job.state)
            }
            Err(err) => {
                problems.push(format!("the next sync failed: {}", err.message));
                "error".into()
            }
        };
        if w.instances_waiting().await > 0 {
            problems.push("instances still not fetched after the next sync".into());
        }
    }
    let last = runner.job(&job.id).await.unwrap();
    if last.state != JobState::Completed || last.done != last.total {
        problems.push(format!(
            "not complete after resume: {:?} {}/{}",
            last.state, last.done, last.total
        ));
    }
    if let Err(p) = w.check_consistent(kind, &last).await {
        problems.push(format!("after the resume: {p}"));
    }
    w.sim.shutdown().await;
    Cell {
        kind,
        fault,
        first,
        resumed,
        problems,
        elapsed: started.elapsed(),
    }
}

/// The first run's outcome in words, checking that anything short of "done" says why.
async fn describe(w: &World, job: &Job, problems: &mut Vec<String>) -> String {
    match job.state {
        JobState::Completed if job.failed == 0 => format!("completed {}/{}", job.done, job.total),
        JobState::Completed | JobState::Failed => {
            let items = w.app.runner().await.items(&job.id).await.unwrap();
            let failed: Vec<_> = items
                .iter()
                .filter(|i| i.state == rollcall_core::jobs::ItemState::Failed)
                .collect();
            if failed
                .iter()
                .any(|i| i.error_message.as_deref().unwrap_or("").trim().is_empty())
            {
                problems.push("a failed item without a reason".into());
            }
            let reason = failed
                .first()
                .and_then(|i| i.error_message.clone())
                .unwrap_or_default();
            format!("{} failed: {}", job.failed, short(&reason))
        }
        JobState::Paused => {
            let reason = job.pause_reason.clone().unwrap_or_default();
            if reason.trim().is_empty() {
                problems.push("paused without a reason".into());
            }
            format!("paused: {}", short(&reason))
        }
        other => {
            problems.push(format!("left in state {other:?}"));
            format!("{other:?}")
        }
    }
}

fn short(text: &str) -> String {
    let first = text.split(". ").next().unwrap_or(text);
    if first.chars().count() > 60 {
        format!("{}…", first.chars().take(60).collect::<String>())
    } else {
        first.to_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_job_kind_survives_every_fault() {
    let started = Instant::now();
    // The four job kinds run side by side (each cell has its own zoom-sim and data folder);
    // the faults of one kind run one after the other.
    let rows = futures::future::join_all(KINDS.map(|kind| async move {
        let mut cells = Vec::new();
        for fault in FAULTS {
            // "Report not ready" only concerns attendance sync.
            if fault == Fault::ReportNotReady && kind != Kind::AttendanceSync {
                continue;
            }
            cells.push(cell(kind, fault).await);
        }
        cells
    }))
    .await;
    let cells: Vec<Cell> = rows.into_iter().flatten().collect();
    let mut out = String::new();
    writeln!(
        out,
        "\nFault matrix ({ITEMS} items per job, client timeout {} ms)\n",
        CLIENT_TIMEOUT.as_millis()
    )
    .unwrap();
    writeln!(
        out,
        "| job | fault | first run | resume | checks | time |\n|---|---|---|---|---|---|"
    )
    .unwrap();
    for c in &cells {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:.1} s |",
            c.kind.name(),
            c.fault.name(),
            c.first,
            c.resumed,
            if c.problems.is_empty() {
                "ok".to_owned()
            } else {
                format!("FAILED: {}", c.problems.join("; "))
            },
            c.elapsed.as_secs_f64()
        )
        .unwrap();
    }
    writeln!(
        out,
        "\n{} cells in {:.1} s",
        cells.len(),
        started.elapsed().as_secs_f64()
    )
    .unwrap();
    println!("{out}");
    let failed: Vec<_> = cells.iter().filter(|c| !c.problems.is_empty()).collect();
    assert!(
        failed.is_empty(),
        "{} of {} cells failed (matrix above)",
        failed.len(),
        cells.len()
    );
}
