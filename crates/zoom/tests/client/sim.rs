//! Every endpoint and every fault against zoom-sim.

use crate::common::*;
use futures::{StreamExt, TryStreamExt};
use rollcall_zoom::model::*;
use rollcall_zoom::{Client, ClientOptions, ErrorKind, Plan};
use serde_json::{Value, json};
use std::time::Duration;
use zoom_sim::{SimAccount, SimConfig, SimHandle};

pub struct Sim {
    pub handle: SimHandle,
    pub client: Client,
    http: reqwest::Client,
}

pub fn client_for(handle: &SimHandle, plan: Plan, options: ClientOptions) -> Client {
    let account = SimAccount::demo();
    let config = rollcall_zoom::Config {
        api_base: handle.api_base(),
        oauth_base: handle.oauth_base(),
        account_id: account.account_id,
        client_id: account.client_id,
        client_secret: rollcall_zoom::Secret::new(account.client_secret),
        plan,
    };
    Client::with_options(config, options).unwrap()
}

impl Sim {
    pub async fn start(plan: Plan, tweak: impl FnOnce(&mut SimConfig)) -> Self {
        Self::start_with(plan, fast_options(), tweak).await
    }

    pub async fn start_with(
        plan: Plan,
        options: ClientOptions,
        tweak: impl FnOnce(&mut SimConfig),
    ) -> Self {
        let mut account = SimAccount::demo();
        account.plan = match plan {
            Plan::Free => zoom_sim::Plan::Free,
            Plan::Pro => zoom_sim::Plan::Pro,
            Plan::Business => zoom_sim::Plan::Business,
        };
        let mut config = SimConfig {
            accounts: vec![account],
            slash_uuid_share: 0.0,
            ..SimConfig::default()
        };
        tweak(&mut config);
        let handle = zoom_sim::start(config, 0).await.expect("zoom-sim starts");
        let client = client_for(&handle, plan, options);
        Sim {
            handle,
            client,
            http: reqwest::Client::new(),
        }
    }

    /// POST to the control API.
    pub async fn ctl(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.handle.control_base()))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "control {path} {body}: {status} {v}");
        v
    }

    pub async fn fault(&self, spec: Value) {
        self.ctl("/faults", spec).await;
    }

    /// Requests the sim received for `endpoint` (e.g. `POST /v2/users`).
    pub fn count(&self, endpoint: &str) -> u64 {
        self.handle.state()["requests_by_endpoint"][endpoint]
            .as_u64()
            .unwrap_or(0)
    }

    pub fn count_status(&self, status: u16) -> u64 {
        self.handle.state()["requests_by_status"][status.to_string()]
            .as_u64()
            .unwrap_or(0)
    }

    /// A licensed host with a type-2 invite-only meeting.
    pub async fn invite_only_meeting(&self, approval: ApprovalType) -> Meeting {
        let start = self.handle.now() + chrono::Duration::days(2);
        self.client
            .meetings()
            .create(
                "me",
                &NewMeeting {
                    topic: "Board meeting".into(),
                    meeting_type: Some(MeetingType::Scheduled),
                    start_time: Some(start),
                    duration: Some(60),
                    timezone: Some("UTC".into()),
                    password: Some("s3cret".into()),
                    settings: Some(MeetingSettings {
                        approval_type: Some(approval),
                        waiting_room: Some(false),
                        join_before_host: Some(false),
                        allow_multiple_devices: Some(false),
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
}

fn person(i: usize) -> NewRegistrant {
    NewRegistrant {
        email: format!("person{i}@example.org"),
        first_name: format!("Person{i}"),
        last_name: Some("Test".into()),
        auto_approve: Some(true),
        ..Default::default()
    }
}

#[tokio::test]
async fn users_endpoints() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    let users = sim.client.users();
    let me = users.get("me").await.unwrap();
    assert_eq!(me.email, SimAccount::demo().owner_email);
    assert!(!me.is_api_user(), "the account owner is not an API user");
    let new = NewUser {
        action: CreateUserAction::CustCreate,
        user_info: NewUserInfo {
            email: "p-1@isv.example.org".into(),
            user_type: UserType::Licensed,
            first_name: Some("Ann".into()),
            last_name: Some("Lee".into()),
            display_name: Some("Ann Lee".into()),
        },
    };
    let created = users.create(&new).await.unwrap();
    assert!(!created.id.is_empty());
    assert_eq!(
        users.create(&new).await.unwrap_err().kind,
        ErrorKind::Conflict
    );
    let by_email = users.get("p-1@isv.example.org").await.unwrap();
    assert_eq!(by_email.id, created.id);
    // What makes an interrupted create recognised as Rollcall's on the retry: the user read back
    // through the API says it is an API (custCreate) user.
    assert!(
        by_email.is_api_user(),
        "a custCreate user reads back as an API user"
    );
    let all: Vec<User> = users
        .list(Some(UserStatus::Active))
        .try_collect()
        .await
        .unwrap();
    assert!(all.iter().any(|u| u.id == created.id));
    let zak = users.zak(&created.id, Some(3600)).await.unwrap();
    assert!(!zak.expose().is_empty());
    users
        .delete(&created.id, DeleteUserAction::Delete)
        .await
        .unwrap();
    assert_eq!(
        users.get(&created.id).await.unwrap_err().kind,
        ErrorKind::NotFound
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn meetings_endpoints() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    let m = sim.invite_only_meeting(ApprovalType::Manual).await;
    assert!(m.id > 0);
    assert!(m.start_url.is_some());
    let meetings = sim.client.meetings();
    let got = meetings.get(m.id, None).await.unwrap();
    assert_eq!(
        got.settings.as_ref().and_then(|s| s.approval_type),
        Some(ApprovalType::Manual)
    );
    meetings
        .update(
            m.id,
            &MeetingUpdate {
                topic: Some("Renamed".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(meetings.get(m.id, None).await.unwrap().topic, "Renamed");

    // A recurring series with a fixed time, and one of its occurrences.
    let series = meetings
        .create(
            "me",
            &NewMeeting {
                topic: "Weekly".into(),
                meeting_type: Some(MeetingType::RecurringFixedTime),
                start_time: Some(sim.handle.now() + chrono::Duration::days(1)),
                duration: Some(30),
                recurrence: Some(Recurrence {
                    recurrence_type: Some(RecurrenceType::Weekly),
                    repeat_interval: Some(1),
                    weekly_days: Some("2".into()),
                    end_times: Some(4),
                    ..Default::default()
                }),
                settings: Some(MeetingSettings {
                    approval_type: Some(ApprovalType::Automatic),
                    registration_type: Some(RegistrationType::OnceForAll),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(
        !series.occurrences.is_empty(),
        "occurrences of a type-8 meeting"
    );
    let occ = series.occurrences[0].occurrence_id.clone();
    let one = meetings.get(series.id, Some(&occ)).await.unwrap();
    assert_eq!(one.id, series.id);

    let listed: Vec<MeetingSummary> = meetings
        .list("me", Some(MeetingListType::Scheduled))
        .try_collect()
        .await
        .unwrap();
    assert!(listed.iter().any(|x| x.id == m.id));
    assert!(listed.iter().any(|x| x.id == series.id));
    meetings
        .delete(
            series.id,
            &DeleteMeeting {
                occurrence_id: Some(occ),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    meetings
        .delete(
            m.id,
            &DeleteMeeting {
                cancel_meeting_reminder: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        meetings.get(m.id, None).await.unwrap_err().kind,
        ErrorKind::NotFound
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn registrants_endpoints() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    let m = sim.invite_only_meeting(ApprovalType::Manual).await;
    let reg = sim.client.registrants(m.id);
    let added = reg.add(&person(1), &[]).await.unwrap();
    assert!(!added.registrant_id.is_empty());
    assert!(added.join_url.is_some(), "auto_approve gives a join URL");
    // A stranger without auto_approve stays pending (manual approval).
    let stranger = NewRegistrant {
        auto_approve: None,
        ..person(2)
    };
    let pending = reg.add(&stranger, &[]).await.unwrap();
    let listed: Vec<Registrant> = reg
        .list(&RegistrantQuery {
            status: Some(RegistrantStatus::Pending),
            occurrence_id: None,
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, pending.registrant_id);
    reg.update_status(
        &RegistrantStatusUpdate {
            action: RegistrantAction::Deny,
            registrants: vec![RegistrantRef {
                id: Some(pending.registrant_id.clone()),
                email: None,
            }],
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        reg.get(&pending.registrant_id).await.unwrap().status,
        Some(RegistrantStatus::Denied)
    );

    let batch = BatchRegistrants {
        registrants: (10..40)
            .map(|i| BatchRegistrant {
                email: format!("b{i}@example.org"),
                first_name: format!("B{i}"),
                last_name: None,
            })
            .collect(),
        auto_approve: Some(true),
        registrants_confirmation_email: Some(false),
    };
    let result = reg.batch(&batch).await.unwrap();
    assert_eq!(result.registrants.len(), 30);
    assert!(
        result
            .registrants
            .iter()
            .all(|r| !r.registrant_id.is_empty())
    );
    let approved: Vec<Registrant> = reg
        .list(&RegistrantQuery::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(approved.len(), 31);

    reg.delete(&added.registrant_id, None).await.unwrap();
    let after: Vec<Registrant> = reg
        .list(&RegistrantQuery::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(after.len(), 30);
    sim.handle.shutdown().await;
}

/// Act out one instance: host starts, `guests` people join and leave, host ends.
async fn act_out(sim: &Sim, meeting: &Meeting, join_urls: &[String]) -> String {
    let started = sim
        .ctl(&format!("/meetings/{}/start", meeting.id), json!({}))
        .await;
    let uuid = started["uuid"].as_str().unwrap().to_owned();
    for (i, url) in join_urls.iter().enumerate() {
        let joined = sim
            .ctl(
                "/join",
                json!({"join_url": url, "name": format!("Guest {i}")}),
            )
            .await;
        let handle = joined["participant"]
            .as_str()
            .or(joined["waiting"].as_str())
            .unwrap()
            .to_owned();
        sim.handle.advance_clock(Duration::from_secs(1));
        if i % 2 == 0 {
            sim.ctl("/leave", json!({"participant": handle})).await;
        }
    }
    sim.handle.advance_clock(Duration::from_secs(600));
    sim.ctl(&format!("/meetings/{}/end", meeting.id), json!({}))
        .await;
    sim.handle.advance_clock(Duration::from_secs(120));
    uuid
}

#[tokio::test]
async fn after_the_meeting_endpoints_with_double_encoded_uuids() {
    // Every instance UUID starts with `/` or contains `//`.
    let sim = Sim::start(Plan::Business, |c| c.slash_uuid_share = 1.0).await;
    let m = sim.invite_only_meeting(ApprovalType::Manual).await;
    let reg = sim.client.registrants(m.id);
    let mut urls = Vec::new();
    let mut ids = Vec::new();
    for i in 0..3 {
        let r = reg.add(&person(i), &[]).await.unwrap();
        urls.push(r.join_url.unwrap());
        ids.push(r.registrant_id);
    }
    let uuid = act_out(&sim, &m, &urls).await;
    assert!(
        rollcall_zoom::encode::needs_double_encoding(&uuid),
        "{uuid}"
    );

    let reports = sim.client.reports();
    let instances = reports.past_instances(m.id).await.unwrap();
    assert!(instances.meetings.iter().any(|i| i.uuid == uuid));
    let past = reports.past_meeting(&uuid).await.unwrap();
    assert_eq!(past.uuid, uuid);
    let past_rows: Vec<PastParticipant> = reports
        .past_participants(&uuid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(past_rows.len(), 4, "host + 3");
    let report = reports.meeting_report(&uuid).await.unwrap();
    assert_eq!(report.id, m.id);
    let rows: Vec<ReportParticipant> = reports
        .report_participants(&uuid)
        .try_collect()
        .await
        .unwrap();
    for id in &ids {
        assert!(
            rows.iter().any(|r| r.registrant_id.as_deref() == Some(id)),
            "registrant_id {id} in report rows"
        );
    }
    let dash: Vec<DashboardParticipant> = reports
        .dashboard_participants(&uuid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(dash.len(), 4);
    assert!(
        dash.iter()
            .any(|r| r.registrant_id.as_deref() == Some(ids[0].as_str()))
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn dashboards_need_business() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    let err = sim
        .client
        .reports()
        .dashboard_participants("85746065")
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::PlanRequired);
    sim.handle.shutdown().await;
}

/// A meeting without registration whose instance has `n` guest rows.
async fn big_instance(sim: &Sim, n: usize) -> String {
    let m = sim
        .client
        .meetings()
        .create(
            "me",
            &NewMeeting {
                topic: "Town hall".into(),
                meeting_type: Some(MeetingType::Scheduled),
                start_time: Some(sim.handle.now() + chrono::Duration::hours(1)),
                duration: Some(60),
                settings: Some(MeetingSettings {
                    waiting_room: Some(false),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let url = m.join_url.clone().unwrap();
    act_out(sim, &m, &vec![url; n]).await
}

#[tokio::test]
async fn three_pages_and_an_expired_page_token_restart_cleanly() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    let uuid = big_instance(&sim, 700).await;
    let mut stream = sim.client.reports().report_participants(&uuid);
    let mut rows = Vec::new();
    for _ in 0..300 {
        rows.push(stream.next().await.unwrap().unwrap());
    }
    // 16 minutes pass between pages: the next page token has expired.
    sim.handle.advance_clock(Duration::from_secs(16 * 60));
    while let Some(r) = stream.next().await {
        rows.push(r.unwrap());
    }
    assert_eq!(rows.len(), 701, "host + 700 guests, each once");
    let mut keys: Vec<String> = rows.iter().map(|r| r.user_id.clone()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 701);
    // first page, the expired continuation, then pages 1..3 again.
    assert_eq!(
        sim.count("GET /v2/report/meetings/{meetingId}/participants"),
        5
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn per_second_429_waits_and_continues() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    sim.client.users().get("me").await.unwrap();
    sim.fault(json!({"kind": "rate_limit_burst", "category": "light", "count": 2}))
        .await;
    let started = std::time::Instant::now();
    sim.client.users().get("me").await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "paused for Retry-After"
    );
    assert_eq!(sim.count("GET /v2/users/{userId}"), 4);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn daily_429_is_typed_and_not_retried() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    sim.fault(json!({"kind": "daily_cap", "category": "heavy"}))
        .await;
    for _ in 0..3 {
        let err = sim
            .client
            .reports()
            .meeting_report("85746065")
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::RateLimited { daily: true });
        let reset = err.retry_after.expect("reset time");
        assert_eq!(
            reset,
            (sim.handle.now().date_naive() + chrono::Days::new(1))
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
        );
    }
    assert_eq!(
        sim.count("GET /v2/report/meetings/{meetingId}"),
        1,
        "no retry storm"
    );
    assert_eq!(sim.count_status(429), 1);
    // Other categories still work.
    sim.client.users().get("me").await.unwrap();
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn server_errors_are_retried_for_safe_requests_only() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    for status in [500, 502, 503] {
        sim.fault(json!({"kind": "http_error", "status": status, "count": 1, "path_prefix": "/v2/users/me"})).await;
    }
    let before = sim.count("GET /v2/users/{userId}");
    sim.client
        .users()
        .get("me")
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        sim.count("GET /v2/users/{userId}") - before,
        4,
        "500, 502, 503, then success"
    );
    // Bounded: four attempts, then the error.
    sim.fault(
        json!({"kind": "http_error", "status": 503, "count": 10, "path_prefix": "/v2/users/me"}),
    )
    .await;
    let err = sim.client.users().get("me").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unavailable);
    assert_eq!(sim.count("GET /v2/users/{userId}") - before, 8);
    reqwest::Client::new()
        .delete(format!("{}/faults", sim.handle.control_base()))
        .send()
        .await
        .unwrap();
    sim.ctl("/faults", json!({"kind": "http_error", "status": 503, "count": 1, "path_prefix": "/v2/users/me/meetings"})).await;
    let err = sim
        .client
        .meetings()
        .create(
            "me",
            &NewMeeting {
                topic: "x".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unavailable);
    assert_eq!(
        sim.count("POST /v2/users/{userId}/meetings"),
        1,
        "a create is never repeated"
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn timeouts_and_resets() {
    let options = ClientOptions {
        timeout: Duration::from_millis(300),
        ..fast_options()
    };
    let sim = Sim::start_with(Plan::Pro, options, |_| {}).await;
    sim.client.users().get("me").await.unwrap();
    sim.fault(json!({"kind": "slow", "delay_ms": 1000, "count": 1, "path_prefix": "/v2/users/me"}))
        .await;
    sim.fault(json!({"kind": "reset", "count": 1, "path_prefix": "/v2/users/me"}))
        .await;
    sim.client.users().get("me").await.unwrap();
    let m = sim.invite_only_meeting(ApprovalType::Manual).await;
    let reg_path = format!("/v2/meetings/{}/registrants", m.id);
    sim.fault(json!({"kind": "reset", "count": 1, "path_prefix": reg_path}))
        .await;
    let err = sim
        .client
        .registrants(m.id)
        .add(&person(1), &[])
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network);
    sim.fault(json!({"kind": "slow", "delay_ms": 1000, "count": 1, "path_prefix": reg_path}))
        .await;
    let err = sim
        .client
        .registrants(m.id)
        .add(&person(2), &[])
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network);
    assert!(err.message.contains("timed out"), "{}", err.message);
    // Each create reached the sim at most once.
    assert!(sim.count("POST /v2/meetings/{meetingId}/registrants") <= 2);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn revoked_token_mid_stream_refreshes_once_and_continues() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    let uuid = big_instance(&sim, 650).await;
    let mut stream = sim.client.reports().report_participants(&uuid);
    let mut n = 0;
    for _ in 0..300 {
        stream.next().await.unwrap().unwrap();
        n += 1;
    }
    sim.fault(json!({"kind": "revoke_tokens"})).await;
    while let Some(r) = stream.next().await {
        r.unwrap();
        n += 1;
    }
    assert_eq!(n, 651);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn bad_credentials_are_unauthorized() {
    let sim = Sim::start(Plan::Pro, |_| {}).await;
    let config = rollcall_zoom::Config {
        api_base: sim.handle.api_base(),
        oauth_base: sim.handle.oauth_base(),
        account_id: SimAccount::demo().account_id,
        client_id: SimAccount::demo().client_id,
        client_secret: rollcall_zoom::Secret::new("wrong".to_owned()),
        plan: Plan::Pro,
    };
    let client = Client::with_options(config, fast_options()).unwrap();
    let err = client.users().get("me").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(!err.message.contains("wrong"));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn hipaa_masked_rows_decode() {
    let sim = Sim::start(Plan::Pro, |c| c.hipaa = Some(zoom_sim::HipaaMask::Stars)).await;
    let m = sim.invite_only_meeting(ApprovalType::Manual).await;
    let reg = sim.client.registrants(m.id);
    let r = reg.add(&person(1), &[]).await.unwrap();
    let r2 = reg.add(&person(2), &[]).await.unwrap();
    let uuid = act_out(&sim, &m, &[r.join_url.unwrap(), r2.join_url.unwrap()]).await;
    let rows: Vec<ReportParticipant> = sim
        .client
        .reports()
        .report_participants(&uuid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    let past: Vec<PastParticipant> = sim
        .client
        .reports()
        .past_participants(&uuid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(past.len(), 3);
    sim.handle.shutdown().await;
}
