//! OAuth, faults, knobs, UUID encoding, paging and joins outside the big scenario.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Sim, account, config, uuid_path};
use zoom_sim::{Plan, SimAccount, SimConfig};

#[tokio::test]
async fn oauth_token_endpoint_speaks_both_forms_and_zoom_errors() {
    let sim = Sim::start(config()).await;
    let a = SimAccount::demo();
    let url = format!("{}/oauth/token", sim.handle.oauth_base());
    let q = sim
        .http
        .post(format!(
            "{url}?grant_type=account_credentials&account_id={}",
            a.account_id
        ))
        .basic_auth(&a.client_id, Some(&a.client_secret))
        .send()
        .await
        .expect("send");
    assert_eq!(q.status(), 200);
    let v: Value = q.json().await.expect("json");
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["expires_in"], 3599);
    assert!(
        v["scope"]
            .as_str()
            .is_some_and(|s| s.contains("meeting:write:admin"))
    );
    assert_eq!(v["api_url"], json!(sim.handle.oauth_base()));

    let bad = sim
        .http
        .post(&url)
        .basic_auth("nope", Some("nope"))
        .form(&[
            ("grant_type", "account_credentials"),
            ("account_id", "demo-account"),
        ])
        .send()
        .await
        .expect("send");
    assert_eq!(bad.status(), 400);
    let v: Value = bad.json().await.expect("json");
    assert_eq!(
        v,
        json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
    );

    let grant = sim
        .http
        .post(&url)
        .basic_auth(&a.client_id, Some(&a.client_secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("send");
    assert_eq!(grant.status(), 400);
    let v: Value = grant.json().await.expect("json");
    assert_eq!(
        v,
        json!({"reason": "unsupported grant type", "error": "unsupported_grant_type"})
    );
}

#[tokio::test]
async fn tokens_expire_after_an_hour_and_can_be_revoked() {
    let sim = Sim::start(config()).await;
    let token = sim.token();
    sim.handle.advance_clock(Duration::from_secs(3599));
    assert_eq!(
        sim.call_as(&token, Method::GET, "/users/me", None)
            .await
            .status,
        200
    );
    sim.handle.advance_clock(Duration::from_secs(2));
    let r = sim.call_as(&token, Method::GET, "/users/me", None).await;
    assert_eq!(
        (r.status.as_u16(), r.body["code"].as_i64()),
        (401, Some(124))
    );

    sim.refresh_token().await;
    assert_eq!(sim.get("/users/me").await.status, 200);
    sim.ctl("/faults", json!({"kind": "revoke_tokens"})).await;
    assert_eq!(sim.get("/users/me").await.body["code"], 124);
}

#[tokio::test]
async fn missing_scope_answers_4711() {
    let mut narrow = account("narrow", Plan::Pro);
    narrow.scopes = Some(vec!["user:read:admin".into()]);
    let cfg = SimConfig {
        accounts: vec![narrow],
        ..config()
    };
    let sim = Sim::start(cfg).await;
    assert_eq!(sim.get("/users/me").await.status, 200);
    let r = sim.post("/users/me/meetings", json!({"type": 2})).await;
    assert_eq!(r.body["code"], 4711);
    assert!(
        r.body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Invalid access token, does not contain scopes:["))
    );
}

#[tokio::test]
async fn injected_5xx_resets_and_slow_answers() {
    let sim = Sim::start(config()).await;
    sim.ctl(
        "/faults",
        json!({"kind": "http_error", "status": 503, "count": 2, "path_prefix": "/v2/users"}),
    )
    .await;
    assert_eq!(
        sim.get("/meetings/1").await.status,
        404,
        "other paths unaffected"
    );
    assert_eq!(sim.get("/users/me").await.status, 503);
    assert_eq!(sim.get("/users/me").await.status, 503);
    assert_eq!(sim.get("/users/me").await.status, 200);

    sim.ctl("/faults", json!({"kind": "reset"})).await;
    let dropped = sim
        .http
        .get(format!("{}/users/me", sim.handle.api_base()))
        .bearer_auth(sim.token())
        .send()
        .await;
    assert!(dropped.is_err(), "connection dropped without a response");
    assert_eq!(sim.get("/users/me").await.status, 200);

    sim.ctl("/faults", json!({"kind": "slow", "delay_ms": 300}))
        .await;
    let t0 = Instant::now();
    assert_eq!(sim.get("/users/me").await.status, 200);
    assert!(t0.elapsed() >= Duration::from_millis(300));

    sim.ctl("/config", json!({"latency_ms": 150})).await;
    let t0 = Instant::now();
    sim.get("/users/me").await;
    assert!(t0.elapsed() >= Duration::from_millis(150));
    let counts = sim.handle.state();
    assert!(
        counts["requests_by_endpoint"]["GET /v2/users/{userId}"]
            .as_u64()
            .unwrap_or(0)
            >= 6
    );
    assert!(counts["requests_by_status"]["503"].as_u64() == Some(2));
}

#[tokio::test]
async fn uuids_with_slashes_must_be_double_encoded() {
    let cfg = SimConfig {
        slash_uuid_share: 1.0,
        ..config()
    };
    let sim = Sim::start(cfg).await;
    let m = sim
        .post(
            "/users/me/meetings",
            json!({"type": 2, "start_time": "2026-03-02T09:00:00Z"}),
        )
        .await;
    let id = m.body["id"].as_i64().unwrap_or_default();
    sim.set_clock("2026-03-02T09:00:00Z").await;
    let (_, v) = sim.ctl(&format!("/meetings/{id}/start"), json!({})).await;
    let uuid = v["uuid"].as_str().unwrap_or_default().to_string();
    assert!(uuid.starts_with('/') || uuid.contains("//"), "{uuid}");
    sim.set_clock("2026-03-02T09:30:00Z").await;
    sim.ctl(&format!("/meetings/{id}/end"), json!({})).await;
    let double = sim
        .get(&format!("/past_meetings/{}", uuid_path(&uuid)))
        .await;
    assert_eq!(double.status, 200, "{}", double.body);
    assert_eq!(double.body["uuid"], json!(uuid));
    let once = percent_encoding::utf8_percent_encode(&uuid, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    let single = sim.get(&format!("/past_meetings/{once}")).await;
    assert_eq!(
        (single.status.as_u16(), single.body["code"].as_i64()),
        (404, Some(3001))
    );
}

#[tokio::test]
async fn report_data_waits_for_the_configured_delay() {
    let cfg = SimConfig {
        report_delay: Duration::from_secs(120),
        ..config()
    };
    let sim = Sim::start(cfg).await;
    let m = sim
        .post(
            "/users/me/meetings",
            json!({"type": 2, "start_time": "2026-03-02T09:00:00Z"}),
        )
        .await;
    let id = m.body["id"].as_i64().unwrap_or_default();
    sim.set_clock("2026-03-02T09:00:00Z").await;
    sim.ctl(&format!("/meetings/{id}/start"), json!({})).await;
    sim.set_clock("2026-03-02T09:10:00Z").await;
    sim.ctl(&format!("/meetings/{id}/end"), json!({})).await;
    assert_eq!(
        sim.get(&format!("/report/meetings/{id}")).await.body["code"],
        3001
    );
    sim.set_clock("2026-03-02T09:12:00Z").await;
    let r = sim.get(&format!("/report/meetings/{id}")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["duration"], 10);
    // Only the host attended: Zoom lists no participants (M25 `pastMeetingParticipants`).
    let rows = sim
        .get(&format!("/report/meetings/{id}/participants"))
        .await;
    assert_eq!(rows.body["total_records"], 0);
    let past = sim.get(&format!("/past_meetings/{id}/participants")).await;
    assert_eq!(past.body["participants"], json!([]));
}

#[tokio::test]
async fn anonymous_guests_and_zak_joins_on_an_open_meeting() {
    let sim = Sim::start(config()).await;
    let m = sim
        .post(
            "/users/me/meetings",
            json!({"type": 2, "start_time": "2026-03-02T09:00:00Z"}),
        )
        .await;
    let id = m.body["id"].as_i64().unwrap_or_default();
    let join_url = m.body["join_url"].as_str().unwrap_or_default().to_string();
    let api_user = sim
        .create_user("api@isv.example.com", "Api", "User", 2)
        .await;
    let zak = sim.zak(&api_user).await;
    sim.set_clock("2026-03-02T09:00:00Z").await;
    let (s, _) = sim
        .join(json!({"join_url": join_url, "name": "Early"}))
        .await;
    assert_eq!(s, 409, "not started, no join before host");
    sim.ctl(&format!("/meetings/{id}/start"), json!({})).await;
    let (s, _) = sim
        .join(json!({"join_url": format!("http://127.0.0.1:1/j/{id}?pwd=wrong"), "name": "Wrong"}))
        .await;
    assert_eq!(s, 403);
    sim.join_ok(json!({"join_url": join_url, "name": "Walk In", "email": "typed@example.org"}))
        .await;
    sim.join_ok(json!({"join_url": format!("{join_url}&zak={zak}")}))
        .await;
    sim.set_clock("2026-03-02T09:20:00Z").await;
    sim.ctl(&format!("/meetings/{id}/end"), json!({})).await;
    let rows = sim
        .get(&format!("/report/meetings/{id}/participants"))
        .await;
    let rows = rows.body["participants"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let guest = rows
        .iter()
        .find(|r| r["name"] == "Walk In")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            guest["id"].as_str(),
            guest["participant_user_id"].as_str(),
            guest["user_email"].as_str()
        ),
        (Some(""), Some(""), Some(""))
    );
    let signed = rows
        .iter()
        .find(|r| r["participant_user_id"] == json!(api_user))
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (signed["name"].as_str(), signed["user_email"].as_str()),
        (Some("Api User"), Some("api@isv.example.com"))
    );
}

#[tokio::test]
async fn zak_lifetimes_follow_the_user_kind() {
    use base64::Engine;
    let sim = Sim::start(config()).await;
    let api_user = sim
        .create_user("api2@isv.example.com", "Api", "Two", 2)
        .await;
    let claims = |zak: &str| -> Value {
        let part = zak.split('.').nth(1).unwrap_or_default();
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .unwrap_or_default();
        serde_json::from_slice(&raw).unwrap_or_default()
    };
    let api = claims(&sim.zak(&api_user).await);
    assert_eq!(api["uid"], json!(api_user));
    assert_eq!(
        api["exp"].as_i64().unwrap_or(0) - api["iat"].as_i64().unwrap_or(0),
        7_776_000
    );
    let owner = claims(&sim.zak("me").await);
    assert_eq!(
        owner["exp"].as_i64().unwrap_or(0) - owner["iat"].as_i64().unwrap_or(0),
        7_200
    );
}

#[tokio::test]
async fn the_state_lists_every_zak_handed_out_for_leak_tests() {
    let sim = Sim::start(config()).await;
    let from_token = sim.zak("me").await;
    let created = sim
        .post(
            "/users/me/meetings",
            json!({"topic": "Leak check", "type": 2, "start_time": "2026-12-01T10:00:00Z", "duration": 30}),
        )
        .await;
    let start_url = created.body["start_url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let from_start_url = start_url
        .split("zak=")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert!(
        !from_start_url.is_empty(),
        "the start_url carries a ZAK: {start_url}"
    );
    let listed: Vec<String> =
        serde_json::from_value(sim.handle.state()["issued_zak_tokens"].clone()).unwrap_or_default();
    assert!(
        listed.contains(&from_token),
        "the ZAK from /users/me/token is listed"
    );
    assert!(
        listed.contains(&from_start_url),
        "the ZAK inside the start_url is listed"
    );
}

#[tokio::test]
async fn next_page_tokens_expire_after_15_minutes() {
    let sim = Sim::start(config()).await;
    for i in 0..3 {
        sim.create_user(&format!("u{i}@isv.example.com"), "U", "Ser", 1)
            .await;
    }
    let first = sim.get("/users?page_size=2").await;
    assert_eq!(first.body["total_records"], 4);
    let token = first.body["next_page_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let second = sim
        .get(&format!("/users?page_size=2&next_page_token={token}"))
        .await;
    assert_eq!(second.body["users"].as_array().map(Vec::len), Some(2));
    sim.handle.advance_clock(Duration::from_secs(15 * 60 + 1));
    let stale = sim
        .get(&format!("/users?page_size=2&next_page_token={token}"))
        .await;
    assert_eq!(
        (stale.status.as_u16(), stale.body["code"].as_i64()),
        (400, Some(300))
    );
    assert_eq!(
        stale.body["message"],
        "The next page token is invalid or expired."
    );
}

#[tokio::test]
async fn binary_prints_one_json_line_and_serves() {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_zoom-sim"))
        .args([
            "--port",
            "0",
            "--plan",
            "business",
            "--hipaa",
            "stars",
            "--seed",
            "7",
            "--account",
            "acc:cid:csecret",
        ])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn zoom-sim");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .expect("line in time")
        .expect("read")
        .expect("a line");
    let v: Value = serde_json::from_str(&line).expect("JSON line");
    let api = v["api_base"].as_str().unwrap_or_default();
    assert!(api.starts_with("http://127.0.0.1:") && api.ends_with("/v2"));
    assert!(
        v["control_base"]
            .as_str()
            .is_some_and(|c| c.ends_with("/_sim"))
    );
    let oauth = v["oauth_base"].as_str().unwrap_or_default();
    let r = reqwest::Client::new()
        .post(format!("{oauth}/oauth/token"))
        .basic_auth("cid", Some("csecret"))
        .form(&[("grant_type", "account_credentials"), ("account_id", "acc")])
        .send()
        .await
        .expect("token");
    assert_eq!(r.status(), 200);
    child.start_kill().expect("kill");
    let _ = child.wait().await;
}

#[tokio::test]
async fn the_same_seed_gives_the_same_ids() {
    let mut ids = Vec::new();
    for _ in 0..2 {
        let sim = Sim::start(config()).await;
        let user = sim
            .create_user("seed@isv.example.com", "Seed", "Ed", 2)
            .await;
        let m = sim
            .post(
                "/users/me/meetings",
                json!({"type": 2, "start_time": "2026-03-02T09:00:00Z"}),
            )
            .await;
        ids.push((user, m.body["id"].clone(), m.body["uuid"].clone()));
        sim.handle.shutdown().await;
    }
    assert_eq!(ids[0], ids[1]);
}

#[tokio::test]
async fn hostile_input_gets_zoom_errors_not_panics() {
    let sim = Sim::start(config()).await;
    for body in [
        json!({"type": 2, "duration": i64::MAX}),
        json!({"type": 8, "start_time": "9999-12-31T23:59:59Z", "recurrence": {"type": 1, "repeat_interval": 90, "end_times": 60}}),
        json!({"type": "eight"}),
        json!({"type": 8, "recurrence": {"type": 2, "weekly_days": "0,9"}}),
        json!({"settings": "all of them"}),
        json!({"type": 2, "password": "has space"}),
    ] {
        let r = sim.post("/users/me/meetings", body.clone()).await;
        assert_eq!(
            (r.status.as_u16(), r.body["code"].as_i64()),
            (400, Some(300)),
            "{body} → {}",
            r.body
        );
    }
    let (s, _) = sim.ctl("/clock/advance", json!({"seconds": 1e300})).await;
    assert_eq!(s, 400);
    let (s, _) = sim.ctl("/join", json!({"join_url": "not a url"})).await;
    assert_eq!(s, 400);
    let r = sim.call(Method::PUT, "/users", None).await;
    assert_eq!(r.status, 405);
    assert_eq!(sim.get("/users/me").await.status, 200, "still serving");
}

#[tokio::test]
async fn registrant_capacity_is_4999() {
    let sim = Sim::start(config()).await;
    let m = sim
        .post("/users/me/meetings", json!({"type": 2, "start_time": "2026-03-05T09:00:00Z", "settings": {"approval_type": 0}}))
        .await;
    let id = m.body["id"].as_i64().unwrap_or_default();
    let mut added = 0;
    while added < 4_999 {
        let n = (4_999 - added).min(30);
        let batch: Vec<Value> = (added..added + n)
            .map(|i| json!({"email": format!("r{i}@example.org"), "first_name": "R"}))
            .collect();
        let r = sim
            .post(
                &format!("/meetings/{id}/batch_registrants"),
                json!({"registrants": batch}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        added += n;
    }
    let full = sim
        .post(
            &format!("/meetings/{id}/registrants"),
            json!({"email": "late@example.org", "first_name": "Late"}),
        )
        .await;
    assert_eq!(
        (full.status.as_u16(), full.body["code"].as_i64()),
        (400, Some(3043))
    );
    assert_eq!(
        full.body["message"],
        "Meeting has reached maximum attendee capacity."
    );
}

#[tokio::test]
async fn recurring_registrants_join_only_their_occurrences() {
    let sim = Sim::start(config()).await;
    let m = sim
        .post("/users/me/meetings", json!({"type": 8, "start_time": "2026-03-02T09:00:00Z", "duration": 30,
            "recurrence": {"type": 1, "end_times": 3}, "settings": {"approval_type": 0, "registration_type": 3}}))
        .await;
    let id = m.body["id"].as_i64().unwrap_or_default();
    let occ: Vec<String> = m.body["occurrences"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| o["occurrence_id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(occ.len(), 3);
    let second_only = sim
        .post(
            &format!("/meetings/{id}/registrants?occurrence_ids={}", occ[1]),
            json!({"email": "two@example.org", "first_name": "Two"}),
        )
        .await;
    let link = second_only.body["join_url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    sim.set_clock("2026-03-02T09:00:00Z").await;
    sim.ctl(&format!("/meetings/{id}/start"), json!({})).await;
    let (s, _) = sim.join(json!({"join_url": link})).await;
    assert_eq!(s, 403, "not registered for the first occurrence");
    sim.ctl(&format!("/meetings/{id}/end"), json!({})).await;
    sim.set_clock("2026-03-03T09:00:00Z").await;
    sim.ctl(&format!("/meetings/{id}/start"), json!({})).await;
    sim.join_ok(json!({"join_url": link})).await;
}

#[tokio::test]
async fn snapshots_keep_what_zoom_holds_across_restarts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("zoom-sim.json");
    let cfg = SimConfig {
        snapshot: Some(path.clone()),
        ..config()
    };

    let sim = Sim::start(cfg.clone()).await;
    let owner = sim.get("/users/me").await.body["id"].clone();
    let user = sim
        .create_user("kept@isv.example.com", "Kept", "User", 2)
        .await;
    let m = sim.post("/users/me/meetings", json!({"type": 2, "start_time": "2026-03-02T09:00:00Z", "settings": {"approval_type": 0}})).await;
    let id = m.body["id"].as_i64().unwrap_or_default();
    let r = sim
        .post(
            &format!("/meetings/{id}/registrants"),
            json!({"email": "kept@example.org", "first_name": "Kept"}),
        )
        .await;
    let link = r.body["join_url"].as_str().unwrap_or_default().to_string();
    sim.set_clock("2026-03-02T09:00:00Z").await;
    sim.ctl(&format!("/meetings/{id}/start"), json!({})).await;
    sim.join_ok(json!({"join_url": link})).await;
    sim.set_clock("2026-03-02T09:30:00Z").await;
    sim.ctl(&format!("/meetings/{id}/end"), json!({})).await;
    sim.handle.shutdown().await;
    assert!(path.exists());

    let again = Sim::start(cfg).await;
    assert_eq!(again.get("/users/me").await.body["id"], owner);
    assert_eq!(again.get(&format!("/users/{user}")).await.status, 200);
    assert_eq!(again.get(&format!("/meetings/{id}")).await.status, 200);
    let rows = again
        .get(&format!("/past_meetings/{id}/participants"))
        .await;
    assert_eq!(rows.body["total_records"], 2);
    let newcomer = again
        .create_user("new@isv.example.com", "New", "User", 2)
        .await;
    assert_ne!(newcomer, user);
    assert_eq!(
        again.get(&format!("/users/{user}")).await.body["email"],
        "kept@isv.example.com"
    );
    again.set_clock("2026-03-09T09:00:00Z").await;
    again.ctl(&format!("/meetings/{id}/start"), json!({})).await;
    again.join_ok(json!({"join_url": link})).await;
}

/// The duplicate trap every client must survive: a create that arrived is carried out even when
/// the client stops waiting for the answer (its timeout, a killed process). Zoom does not undo
/// work because nobody read the answer, so neither does zoom-sim.
#[tokio::test]
async fn a_request_the_client_gave_up_on_is_still_carried_out() {
    let sim = Sim::start(config()).await;
    sim.ctl("/faults", json!({"kind": "slow", "delay_ms": 600}))
        .await;
    let gave_up = sim
        .http
        .post(format!("{}/users", sim.handle.api_base()))
        .bearer_auth(sim.token())
        .timeout(Duration::from_millis(100))
        .json(&json!({
            "action": "custCreate",
            "user_info": {"email": "left.waiting@example.org", "type": 1,
                          "first_name": "Left", "last_name": "Waiting"}
        }))
        .send()
        .await;
    assert!(gave_up.is_err(), "the client timed out before the answer");

    // Once the server's time has passed, the user exists: a blind retry would be a duplicate.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let found = sim.get("/users/left.waiting@example.org").await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(
        sim.handle.state()["requests_by_endpoint"]["POST /v2/users"].as_u64(),
        Some(1),
        "the abandoned request is counted like any other"
    );
}
