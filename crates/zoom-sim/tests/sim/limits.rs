//! Rate limits (REF §6): per-second windows by plan and category with the `X-RateLimit-*`
//! headers, the per-user/per-resource daily caps, and their reset at 00:00 UTC (sim clock).

use reqwest::Method;
use serde_json::json;

use crate::common::{Resp, Sim, account, config};
use zoom_sim::Plan;

fn header(r: &Resp, name: &str) -> String {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

fn limited() -> zoom_sim::SimConfig {
    zoom_sim::SimConfig {
        rate_limits: true,
        ..config()
    }
}

#[tokio::test]
async fn pro_eleventh_heavy_request_inside_one_second_is_refused_with_headers() {
    let sim = Sim::start(limited()).await;
    let calls = (0..11).map(|_| sim.get("/report/meetings/12345678901"));
    let answers = futures::future::join_all(calls).await;
    let refused: Vec<&Resp> = answers.iter().filter(|r| r.status == 429).collect();
    let served: Vec<&Resp> = answers.iter().filter(|r| r.status != 429).collect();
    assert_eq!((served.len(), refused.len()), (10, 1));
    for r in &served {
        assert_eq!(header(r, "x-ratelimit-category"), "Heavy");
        assert_eq!(header(r, "x-ratelimit-type"), "QPS");
        assert_eq!(header(r, "x-ratelimit-limit"), "10");
    }
    let r = refused[0];
    assert_eq!(r.body["code"], 429);
    assert_eq!(
        r.body["message"],
        "You have reached the maximum per-second rate limit for this API. Try again later."
    );
    if let Some(specs) = crate::spec::specs() {
        specs.check(
            crate::spec::Tag::M25,
            "/report/meetings/{meetingId}",
            "get",
            429,
            &r.body,
        );
    }
    assert_eq!(header(r, "x-ratelimit-category"), "Heavy");
    assert_eq!(header(r, "x-ratelimit-type"), "QPS");
    assert_eq!(header(r, "x-ratelimit-limit"), "10");
    assert_eq!(header(r, "x-ratelimit-remaining"), "0");
    assert!(
        header(r, "retry-after")
            .parse::<u64>()
            .is_ok_and(|s| (1..=1).contains(&s))
    );
    assert!(header(r, "x-ratelimit-reset").parse::<i64>().is_ok());
    // Other categories have their own windows.
    let light = sim.get("/users/me").await;
    assert_eq!(light.status, 200);
    assert_eq!(header(&light, "x-ratelimit-category"), "Light");
    assert_eq!(header(&light, "x-ratelimit-limit"), "30");
    assert_eq!(header(&light, "x-ratelimit-remaining"), "29");
    // One second later the window has room again.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let later = sim.get("/report/meetings/12345678901").await;
    assert_ne!(later.status, 429);
}

#[tokio::test]
async fn plans_size_the_windows() {
    let sim = Sim::start(limited()).await;
    let biz = sim.token_for(&account("biz", Plan::Business)).await;
    let r = sim.call_as(&biz, Method::GET, "/users/me", None).await;
    assert_eq!(header(&r, "x-ratelimit-limit"), "80");
    let free = sim.token_for(&account("free", Plan::Free)).await;
    let calls = (0..5).map(|_| sim.call_as(&free, Method::GET, "/users/me", None));
    let answers = futures::future::join_all(calls).await;
    assert_eq!(
        answers.iter().filter(|r| r.status == 429).count(),
        1,
        "Free: Light 4/s"
    );
}

#[tokio::test]
async fn meeting_create_cap_is_100_per_host_per_day_and_resets_at_midnight() {
    let sim = Sim::start(config()).await;
    let body = json!({"type": 2, "start_time": "2026-03-05T09:00:00Z"});
    for i in 0..100 {
        let r = sim.post("/users/me/meetings", body.clone()).await;
        assert_eq!(r.status, 201, "create {i}: {}", r.body);
    }
    let r = sim.post("/users/me/meetings", body.clone()).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.body["code"], 429);
    assert_eq!(
        r.body["message"],
        "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00."
    );
    // Per host: another user may still create.
    let other = sim
        .create_user("host2@isv.example.com", "Host", "Two", 2)
        .await;
    assert_eq!(
        sim.post(&format!("/users/{other}/meetings"), body.clone())
            .await
            .status,
        201
    );
    sim.set_clock("2026-03-02T23:59:59Z").await;
    assert_eq!(
        sim.post("/users/me/meetings", body.clone()).await.status,
        429
    );
    sim.set_clock("2026-03-03T00:00:00Z").await;
    assert_eq!(sim.post("/users/me/meetings", body).await.status, 201);
}

#[tokio::test]
async fn meeting_update_cap_is_100_per_meeting_per_day() {
    let sim = Sim::start(config()).await;
    let m = sim
        .post(
            "/users/me/meetings",
            json!({"type": 2, "start_time": "2026-03-05T09:00:00Z"}),
        )
        .await;
    let id = m.body["id"].as_i64().unwrap_or_default();
    for i in 0..100 {
        let r = sim
            .call(
                Method::PATCH,
                &format!("/meetings/{id}"),
                Some(json!({"agenda": format!("v{i}")})),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
    }
    let r = sim
        .call(
            Method::PATCH,
            &format!("/meetings/{id}"),
            Some(json!({"agenda": "one more"})),
        )
        .await;
    assert_eq!(r.status, 429);
    assert!(
        r.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("daily rate limit (100)"))
    );
    sim.set_clock("2026-03-03T00:00:01Z").await;
    let r = sim
        .call(
            Method::PATCH,
            &format!("/meetings/{id}"),
            Some(json!({"agenda": "next day"})),
        )
        .await;
    assert_eq!(r.status, 204);
}

#[tokio::test]
async fn registrant_add_cap_is_3_per_registrant_per_day() {
    let sim = Sim::start(config()).await;
    let m = sim
        .post("/users/me/meetings", json!({"type": 2, "start_time": "2026-03-05T09:00:00Z", "settings": {"approval_type": 0}}))
        .await;
    let id = m.body["id"].as_i64().unwrap_or_default();
    let add = json!({"email": "same@example.org", "first_name": "Same"});
    let first = sim
        .post(&format!("/meetings/{id}/registrants"), add.clone())
        .await;
    for _ in 0..2 {
        let again = sim
            .post(&format!("/meetings/{id}/registrants"), add.clone())
            .await;
        assert_eq!(again.status, 201);
        assert_eq!(again.body["registrant_id"], first.body["registrant_id"]);
    }
    let fourth = sim
        .post(&format!("/meetings/{id}/registrants"), add.clone())
        .await;
    assert_eq!(fourth.status, 429);
    assert_eq!(
        fourth.body["message"],
        "You have exceeded the daily rate limit of \"3\" for Add meeting registrant API requests for the registrant \"same@example.org\". You can resume these API requests at GMT 00:00:00."
    );
    // Another registrant is not affected.
    let other = sim
        .post(
            &format!("/meetings/{id}/registrants"),
            json!({"email": "other@example.org", "first_name": "O"}),
        )
        .await;
    assert_eq!(other.status, 201);
    sim.set_clock("2026-03-03T00:00:00Z").await;
    assert_eq!(
        sim.post(&format!("/meetings/{id}/registrants"), add)
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn daily_heavy_cap_and_bursts_from_faults() {
    let sim = Sim::start(limited()).await;
    let (s, _) = sim
        .ctl("/faults", json!({"kind": "daily_cap", "category": "heavy"}))
        .await;
    assert_eq!(s, 200);
    let r = sim.get("/report/meetings/12345678901").await;
    assert_eq!(r.status, 429);
    assert_eq!(header(&r, "x-ratelimit-type"), "Daily-limit");
    assert_eq!(header(&r, "x-ratelimit-limit"), "30000");
    assert_eq!(header(&r, "retry-after"), "2026-03-03T00:00:00Z");
    assert!(
        r.body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("You have reached the maximum daily rate limit"))
    );
    // Light requests are not under the Heavy cap.
    assert_eq!(sim.get("/users/me").await.status, 200);
    sim.set_clock("2026-03-03T00:00:00Z").await;
    assert_ne!(sim.get("/report/meetings/12345678901").await.status, 429);

    sim.ctl(
        "/faults",
        json!({"kind": "rate_limit_burst", "category": "medium", "count": 2}),
    )
    .await;
    assert_eq!(sim.get("/users").await.status, 429);
    assert_eq!(sim.get("/users").await.status, 429);
    assert_eq!(sim.get("/users").await.status, 200);
}
