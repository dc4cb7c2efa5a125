//! Set-up: zoom-sim in-process with a frozen clock, the app on a temporary data folder with an
//! in-memory keychain, the typed client for Zoom-side set-up, and SQL for the rows the meetings
//! engineer's code will write (meetings, invitations, people, zoom_users).

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use rollcall_core::App;
use rollcall_core::accounts::{NewAccount, Plan, SecretInput};
use rollcall_core::clock::Clock;
use rollcall_core::secrets::SecretStore;
use rollcall_zoom::model::{
    ApprovalType, MeetingSettings, MeetingType, NewMeeting, NewRegistrant, RegistrantCreated,
};
use serde_json::{Value, json};

pub const SECRET: &str = "sim-client-secret-4f1c9a77e2";

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The app's clock, moved with the sim's.
#[derive(Debug)]
pub struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

pub struct World {
    pub _dir: tempfile::TempDir,
    pub sim: zoom_sim::SimHandle,
    pub app: App,
    pub clock: Arc<TestClock>,
    pub account_id: String,
    pub zoom: rollcall_zoom::Client,
    pub http: reqwest::Client,
    pub host_id: String,
}

pub fn sim_account() -> zoom_sim::SimAccount {
    zoom_sim::SimAccount {
        account_id: "acct-test".into(),
        client_id: "client-test".into(),
        client_secret: SECRET.into(),
        owner_email: "owner@school.example".into(),
        scopes: None,
        plan: zoom_sim::Plan::Pro,
    }
}

pub fn zoom_client(sim: &zoom_sim::SimHandle) -> rollcall_zoom::Client {
    zoom_client_with(sim, rollcall_zoom::ClientOptions::default())
}

pub fn zoom_client_with(
    sim: &zoom_sim::SimHandle,
    options: rollcall_zoom::ClientOptions,
) -> rollcall_zoom::Client {
    rollcall_zoom::Client::with_options(
        rollcall_zoom::Config {
            api_base: sim.api_base(),
            oauth_base: sim.oauth_base(),
            account_id: "acct-test".into(),
            client_id: "client-test".into(),
            client_secret: rollcall_zoom::Secret::new(SECRET.to_owned()),
            plan: rollcall_zoom::Plan::Pro,
        },
        options,
    )
    .unwrap()
}

pub async fn world(hipaa: Option<zoom_sim::HipaaMask>, slash_uuid_share: f64) -> World {
    let start = t("2026-03-02T08:00:00Z");
    let sim = zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![sim_account()],
            hipaa,
            start_time: Some(start),
            slash_uuid_share,
            ..Default::default()
        },
        0,
    )
    .await
    .expect("zoom-sim starts");
    sim.freeze_clock(true);
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(TestClock(Mutex::new(start)));
    let app = App::open_with(
        dir.path().to_owned(),
        Ok(SecretStore::in_memory("rollcall-attendance-test")),
        clock.clone(),
    )
    .await
    .expect("the app opens");
    let (account, _) = app
        .add_account(NewAccount {
            name: "School".into(),
            account_id: "acct-test".into(),
            client_id: "client-test".into(),
            client_secret: SecretInput::new(SECRET),
            plan: Plan::Pro,
            api_base: Some(sim.api_base()),
            oauth_base: Some(sim.oauth_base()),
        })
        .await
        .expect("the account connects");
    let zoom = zoom_client(&sim);
    let host_id = zoom.users().get("me").await.unwrap().id;
    World {
        _dir: dir,
        sim,
        app,
        clock,
        account_id: account.id,
        zoom,
        http: reqwest::Client::new(),
        host_id,
    }
}

impl World {
    /// Move both clocks.
    pub fn at(&self, when: &str) {
        let when = t(when);
        self.sim.set_clock(when);
        *self.clock.0.lock().unwrap() = when;
    }

    pub async fn ctl(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.sim.control_base()))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: {status} {v}");
        v
    }

    /// Join and, when the waiting room holds the participant, admit at once. Returns the handle.
    pub async fn join(&self, join_url: &str, name: &str) -> String {
        let v = self
            .ctl("/join", json!({"join_url": join_url, "name": name}))
            .await;
        if let Some(h) = v["waiting"].as_str() {
            self.ctl("/admit", json!({"participant": h})).await;
            h.to_owned()
        } else {
            v["participant"].as_str().unwrap().to_owned()
        }
    }

    /// Join into the waiting room only.
    pub async fn join_waiting(&self, join_url: &str) -> String {
        let v = self.ctl("/join", json!({"join_url": join_url})).await;
        v["waiting"].as_str().unwrap().to_owned()
    }

    pub async fn admit(&self, handle: &str) {
        self.ctl("/admit", json!({"participant": handle})).await;
    }

    pub async fn leave(&self, handle: &str) {
        self.ctl("/leave", json!({"participant": handle})).await;
    }

    pub async fn start(&self, zoom_id: u64) -> String {
        let v = self
            .ctl(&format!("/meetings/{zoom_id}/start"), json!({}))
            .await;
        v["uuid"].as_str().unwrap().to_owned()
    }

    pub async fn end(&self, zoom_id: u64) {
        self.ctl(&format!("/meetings/{zoom_id}/end"), json!({}))
            .await;
    }

    /// A scheduled meeting in Zoom; `registration` turns on manual approval (invite-only).
    pub async fn zoom_meeting(
        &self,
        topic: &str,
        start: &str,
        registration: bool,
        waiting_room: bool,
    ) -> rollcall_zoom::model::Meeting {
        self.zoom
            .meetings()
            .create(
                &self.host_id,
                &NewMeeting {
                    topic: topic.into(),
                    meeting_type: Some(MeetingType::Scheduled),
                    start_time: Some(t(start)),
                    duration: Some(60),
                    settings: Some(MeetingSettings {
                        approval_type: Some(if registration {
                            ApprovalType::Manual
                        } else {
                            ApprovalType::NoRegistration
                        }),
                        waiting_room: Some(waiting_room),
                        allow_multiple_devices: Some(true),
                        registrants_confirmation_email: Some(false),
                        registrants_email_notification: Some(false),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
    }

    pub async fn register(
        &self,
        zoom_id: u64,
        email: &str,
        first: &str,
        last: &str,
    ) -> RegistrantCreated {
        self.zoom
            .registrants(zoom_id)
            .add(
                &NewRegistrant {
                    email: email.into(),
                    first_name: first.into(),
                    last_name: Some(last.into()),
                    auto_approve: Some(true),
                    ..Default::default()
                },
                &[],
            )
            .await
            .unwrap()
    }

    pub async fn pool(&self) -> sqlx::SqlitePool {
        self.app.store().await.pool().clone()
    }

    pub async fn insert_person(
        &self,
        external_id: &str,
        first: &str,
        last: &str,
        email: &str,
    ) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO people (external_id, email, email_key, first_name, last_name, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
        )
        .bind(external_id)
        .bind(email)
        .bind(email.to_lowercase())
        .bind(first)
        .bind(last)
        .fetch_one(&self.pool().await)
        .await
        .unwrap()
    }

    pub async fn insert_zoom_user(&self, person: i64, zoom_user_id: &str, email: &str) {
        sqlx::query(
            "INSERT INTO zoom_users (person_id, account_id, zoom_user_id, zoom_email, kind, status, updated_at)
             VALUES (?, ?, ?, ?, 'created', 'provisioned', '2026-01-01T00:00:00Z')",
        )
        .bind(person)
        .bind(&self.account_id)
        .bind(zoom_user_id)
        .bind(email)
        .execute(&self.pool().await)
        .await
        .unwrap();
    }

    pub async fn insert_meeting(&self, zoom_id: u64, topic: &str, kind: &str, start: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO meetings (account_id, zoom_meeting_id, host_zoom_user_id, topic, kind,
                start_time, duration_minutes, timezone, settings, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, 60, 'UTC', '{}', 'active', '2026-01-01T00:00:00Z',
                '2026-01-01T00:00:00Z') RETURNING id",
        )
        .bind(&self.account_id)
        .bind(zoom_id as i64)
        .bind(&self.host_id)
        .bind(topic)
        .bind(kind)
        .bind(start)
        .fetch_one(&self.pool().await)
        .await
        .unwrap()
    }

    pub async fn insert_occurrence(&self, meeting: i64, occurrence_id: &str, start: &str) {
        sqlx::query(
            "INSERT INTO meeting_occurrences (meeting_id, occurrence_id, start_time, duration_minutes, status)
             VALUES (?, ?, ?, 60, 'available')",
        )
        .bind(meeting)
        .bind(occurrence_id)
        .bind(start)
        .execute(&self.pool().await)
        .await
        .unwrap();
    }

    pub async fn insert_invitation(
        &self,
        meeting: i64,
        person: i64,
        registrant_id: &str,
        join_url: &str,
    ) {
        sqlx::query(
            "INSERT INTO invitations (meeting_id, person_id, status, registrant_id, join_url, created_at, updated_at)
             VALUES (?, ?, 'registered', ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .bind(meeting)
        .bind(person)
        .bind(registrant_id)
        .bind(join_url)
        .execute(&self.pool().await)
        .await
        .unwrap();
    }

    /// A directory person invited to the meeting (registered in Zoom with auto-approval).
    pub async fn invite(
        &self,
        meeting: i64,
        zoom_id: u64,
        external_id: &str,
        first: &str,
        last: &str,
        email: &str,
    ) -> (i64, String) {
        let person = self.insert_person(external_id, first, last, email).await;
        let reg = self.register(zoom_id, email, first, last).await;
        let url = reg.join_url.clone().unwrap();
        self.insert_invitation(meeting, person, &reg.registrant_id, &url)
            .await;
        (person, url)
    }
}
