//! Contract tests: every response body each endpoint gives, successes and errors, validates
//! against the matching response schema (M25 meetings/registrants/past/report, U25 users,
//! Z23 dashboards). Deliberate departures are in `DEPARTURES.md`.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Resp, Sim, config, uuid_path};
use crate::spec::{Specs, Tag, specs};

fn check(specs: &Specs, tag: Tag, spec_path: &str, method: &str, r: &Resp) {
    specs.check(tag, spec_path, method, r.status.as_u16(), &r.body);
}

#[tokio::test]
async fn users_endpoints_match_u25() {
    let Some(specs) = specs() else { return };
    let sim = Sim::start(config()).await;
    let u = Tag::U25;

    let r = sim
        .post("/users", json!({"action": "custCreate", "user_info": {"email": "c1@isv.example.com", "type": 2, "first_name": "Cee", "last_name": "One"}}))
        .await;
    assert_eq!(r.status, 201);
    check(specs, u, "/users", "post", &r);
    let id = r.body["id"].as_str().unwrap_or_default().to_string();

    let dup = sim
        .post("/users", json!({"action": "custCreate", "user_info": {"email": "c1@isv.example.com", "type": 2}}))
        .await;
    assert_eq!(
        (dup.status.as_u16(), dup.body["code"].as_i64()),
        (409, Some(1005))
    );
    assert_eq!(
        dup.body["message"],
        "Email \"c1@isv.example.com\" has already been used"
    );
    check(specs, u, "/users", "post", &dup);

    let bad = sim
        .post(
            "/users",
            json!({"action": "nope", "user_info": {"email": "not-an-email", "type": 7}}),
        )
        .await;
    assert_eq!(
        (bad.status.as_u16(), bad.body["code"].as_i64()),
        (400, Some(300))
    );
    assert_eq!(bad.body["message"], "Validation Failed.");
    assert_eq!(bad.body["errors"].as_array().map(Vec::len), Some(3));
    check(specs, u, "/users", "post", &bad);

    let malformed = sim
        .call(Method::POST, "/users", Some(json!("just a string")))
        .await;
    assert_eq!(malformed.body["code"], 300);
    check(specs, u, "/users", "post", &malformed);

    sim.post(
        "/users",
        json!({"action": "create", "user_info": {"email": "p@example.com", "type": 1}}),
    )
    .await;
    for q in ["", "?status=pending", "?page_size=1"] {
        let list = sim.get(&format!("/users{q}")).await;
        assert_eq!(list.status, 200);
        check(specs, u, "/users", "get", &list);
    }
    let stale = sim.get("/users?next_page_token=bogus").await;
    assert_eq!(
        stale.body["message"],
        "The next page token is invalid or expired."
    );
    check(specs, u, "/users", "get", &stale);

    for who in ["me", id.as_str(), "c1@isv.example.com"] {
        let one = sim.get(&format!("/users/{who}")).await;
        assert_eq!(one.status, 200);
        check(specs, u, "/users/{userId}", "get", &one);
    }
    let api_user = sim.get(&format!("/users/{id}")).await;
    assert_eq!(api_user.body["login_types"], json!([99]));
    let missing = sim.get("/users/ghost@example.com").await;
    assert_eq!(
        (missing.status.as_u16(), missing.body["code"].as_i64()),
        (404, Some(1001))
    );
    assert_eq!(
        missing.body["message"],
        "User does not exist: ghost@example.com."
    );
    check(specs, u, "/users/{userId}", "get", &missing);

    let zak = sim.get(&format!("/users/{id}/token?type=zak")).await;
    assert_eq!(zak.status, 200);
    check(specs, u, "/users/{userId}/token", "get", &zak);
    let zak_missing = sim.get("/users/nobody/token?type=zak").await;
    check(specs, u, "/users/{userId}/token", "get", &zak_missing);

    let unlink = sim
        .call(
            Method::DELETE,
            &format!("/users/{id}?action=disassociate"),
            None,
        )
        .await;
    assert_eq!(
        (unlink.status.as_u16(), unlink.body["code"].as_i64()),
        (400, Some(300))
    );
    assert_eq!(unlink.body["message"], "Unable to unlink API user(s)");
    check(specs, u, "/users/{userId}", "delete", &unlink);
    let del = sim
        .call(Method::DELETE, &format!("/users/{id}?action=delete"), None)
        .await;
    assert_eq!(del.status, 204);
    check(specs, u, "/users/{userId}", "delete", &del);
    let gone = sim
        .call(Method::DELETE, &format!("/users/{id}?action=delete"), None)
        .await;
    check(specs, u, "/users/{userId}", "delete", &gone);

    let unauth = sim.call_as("wrong", Method::GET, "/users/me", None).await;
    assert_eq!(
        (unauth.status.as_u16(), unauth.body["code"].as_i64()),
        (401, Some(124))
    );
    assert_eq!(unauth.body["message"], "Invalid access token.");
    check(specs, u, "/users/{userId}", "get", &unauth);
}

#[tokio::test]
async fn meeting_and_registrant_endpoints_match_m25() {
    let Some(specs) = specs() else { return };
    let sim = Sim::start(config()).await;
    let m = Tag::M25;
    let basic = sim
        .create_user("basic@isv.example.com", "Bas", "Ic", 1)
        .await;

    let scheduled = sim
        .post("/users/me/meetings", json!({"topic": "Board", "type": 2, "start_time": "2026-03-02T09:00:00Z", "duration": 60,
            "settings": {"approval_type": 1, "waiting_room": true, "registrants_confirmation_email": false}}))
        .await;
    assert_eq!(scheduled.status, 201);
    check(specs, m, "/users/{userId}/meetings", "post", &scheduled);
    assert!(scheduled.body["registration_url"].is_string());
    let mid = scheduled.body["id"].as_i64().unwrap_or_default();

    let recurring = sim
        .post(
            "/users/me/meetings",
            json!({"topic": "Weekly", "type": 8, "start_time": "2026-03-02T09:00:00Z",
            "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "4", "end_times": 4},
            "settings": {"approval_type": 0, "registration_type": 3}}),
        )
        .await;
    assert_eq!(recurring.status, 201);
    check(specs, m, "/users/{userId}/meetings", "post", &recurring);
    assert_eq!(
        recurring.body["occurrences"].as_array().map(Vec::len),
        Some(4)
    );
    let rid8 = recurring.body["id"].as_i64().unwrap_or_default();
    let occ = recurring.body["occurrences"][1]["occurrence_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    for body in [
        json!({"topic": "Daily", "type": 8, "start_time": "2026-03-02T09:00:00Z", "recurrence": {"type": 1, "end_date_time": "2026-03-06T10:00:00Z"}}),
        json!({"topic": "Monthly", "type": 8, "start_time": "2026-03-02T09:00:00Z", "recurrence": {"type": 3, "monthly_day": 2, "end_times": 3}}),
        json!({"topic": "Anytime", "type": 3, "settings": {"approval_type": 0}}),
        json!({"topic": "Now", "type": 1}),
    ] {
        let r = sim.post("/users/me/meetings", body).await;
        assert_eq!(r.status, 201, "{}", r.body);
        check(specs, m, "/users/{userId}/meetings", "post", &r);
    }
    let type3 = sim
        .post(
            "/users/me/meetings",
            json!({"type": 3, "settings": {"approval_type": 0}}),
        )
        .await;
    assert_eq!(type3.body["settings"]["approval_type"], 2);
    assert!(type3.body.get("registration_url").is_none());

    let basic_reg = sim
        .post(
            &format!("/users/{basic}/meetings"),
            json!({"type": 2, "settings": {"approval_type": 0}}),
        )
        .await;
    assert_eq!(
        basic_reg.body["message"],
        "Registration cannot be enabled for a basic user."
    );
    check(specs, m, "/users/{userId}/meetings", "post", &basic_reg);
    let invalid = sim
        .post(
            "/users/me/meetings",
            json!({"type": 9, "settings": {"approval_type": 5}}),
        )
        .await;
    assert_eq!(invalid.body["code"], 300);
    check(specs, m, "/users/{userId}/meetings", "post", &invalid);
    let no_host = sim.post("/users/ghost/meetings", json!({"type": 2})).await;
    assert_eq!(no_host.body["code"], 1001);
    check(specs, m, "/users/{userId}/meetings", "post", &no_host);

    let got = sim.get(&format!("/meetings/{mid}")).await;
    assert_eq!(got.status, 200);
    check(specs, m, "/meetings/{meetingId}", "get", &got);
    let got_occ = sim
        .get(&format!("/meetings/{rid8}?occurrence_id={occ}"))
        .await;
    check(specs, m, "/meetings/{meetingId}", "get", &got_occ);
    let nf = sim.get("/meetings/12345").await;
    assert_eq!(
        (nf.status.as_u16(), nf.body["code"].as_i64()),
        (404, Some(3001))
    );
    assert_eq!(nf.body["message"], "Meeting does not exist: 12345.");
    check(specs, m, "/meetings/{meetingId}", "get", &nf);

    let patched = sim
        .call(
            Method::PATCH,
            &format!("/meetings/{mid}"),
            Some(json!({"agenda": "Minutes", "settings": {"waiting_room": true}})),
        )
        .await;
    assert_eq!(patched.status, 204);
    check(specs, m, "/meetings/{meetingId}", "patch", &patched);
    let bad_patch = sim
        .call(
            Method::PATCH,
            &format!("/meetings/{mid}"),
            Some(json!({"topic": 5})),
        )
        .await;
    check(specs, m, "/meetings/{meetingId}", "patch", &bad_patch);

    let bad_list = sim.get("/users/me/meetings?type=bogus").await;
    assert_eq!(bad_list.body["code"], 300);
    check(specs, m, "/users/{userId}/meetings", "get", &bad_list);
    let no_user = sim.get("/users/ghost/meetings").await;
    check(specs, m, "/users/{userId}/meetings", "get", &no_user);
    for kind in [
        "scheduled",
        "live",
        "upcoming",
        "upcoming_meetings",
        "previous_meetings",
    ] {
        let l = sim
            .get(&format!("/users/me/meetings?type={kind}&page_size=2"))
            .await;
        assert_eq!(l.status, 200);
        check(specs, m, "/users/{userId}/meetings", "get", &l);
    }

    // Registrants.
    let reg_path = "/meetings/{meetingId}/registrants";
    let pending = sim
        .post(
            &format!("/meetings/{mid}/registrants"),
            json!({"email": "ann@example.org", "first_name": "Ann"}),
        )
        .await;
    assert_eq!(pending.status, 201);
    assert!(
        pending.body.get("join_url").is_none(),
        "pending registrants get no join_url"
    );
    check(specs, m, reg_path, "post", &pending);
    let approved = sim.post(&format!("/meetings/{mid}/registrants"), json!({"email": "bob@example.org", "first_name": "Bob", "last_name": "B", "auto_approve": true, "city": "Oslo"})).await;
    assert!(
        approved.body["join_url"]
            .as_str()
            .is_some_and(|u| u.contains("?tk="))
    );
    check(specs, m, reg_path, "post", &approved);
    let again = sim
        .post(
            &format!("/meetings/{mid}/registrants"),
            json!({"email": "BOB@example.org", "first_name": "Bob"}),
        )
        .await;
    assert_eq!(again.body["registrant_id"], approved.body["registrant_id"]);
    let occ_reg = sim
        .post(
            &format!("/meetings/{rid8}/registrants?occurrence_ids={occ}"),
            json!({"email": "cy@example.org", "first_name": "Cy"}),
        )
        .await;
    assert_eq!(
        occ_reg.body["occurrences"].as_array().map(Vec::len),
        Some(1)
    );
    check(specs, m, reg_path, "post", &occ_reg);
    let invalid = sim
        .post(
            &format!("/meetings/{mid}/registrants"),
            json!({"first_name": "NoMail"}),
        )
        .await;
    assert_eq!(invalid.body["errors"][0]["field"], "email");
    check(specs, m, reg_path, "post", &invalid);
    let host_reg = sim
        .post(
            &format!("/meetings/{mid}/registrants"),
            json!({"email": "owner@demo.rollcall.invalid", "first_name": "Me"}),
        )
        .await;
    assert_eq!(host_reg.status, 400);
    check(specs, m, reg_path, "post", &host_reg);

    for q in ["", "?status=pending", "?status=denied", "?page_size=1"] {
        let l = sim.get(&format!("/meetings/{mid}/registrants{q}")).await;
        assert_eq!(l.status, 200);
        check(specs, m, reg_path, "get", &l);
    }
    let bad_status = sim
        .get(&format!("/meetings/{mid}/registrants?status=bogus"))
        .await;
    check(specs, m, reg_path, "get", &bad_status);
    let no_meeting = sim.get("/meetings/1/registrants").await;
    assert_eq!(no_meeting.body["code"], 3001);
    check(specs, m, reg_path, "get", &no_meeting);
    let ann = pending.body["registrant_id"].as_str().unwrap_or_default();
    let one = sim.get(&format!("/meetings/{mid}/registrants/{ann}")).await;
    assert_eq!(one.body["status"], "pending");
    check(
        specs,
        m,
        "/meetings/{meetingId}/registrants/{registrantId}",
        "get",
        &one,
    );
    let none = sim
        .get(&format!("/meetings/{mid}/registrants/nobody"))
        .await;
    check(
        specs,
        m,
        "/meetings/{meetingId}/registrants/{registrantId}",
        "get",
        &none,
    );

    let st = sim
        .call(
            Method::PUT,
            &format!("/meetings/{mid}/registrants/status"),
            Some(json!({"action": "approve", "registrants": [{"id": ann}]})),
        )
        .await;
    assert_eq!(st.status, 204);
    check(
        specs,
        m,
        "/meetings/{meetingId}/registrants/status",
        "put",
        &st,
    );
    let too_many: Vec<Value> = (0..31)
        .map(|i| json!({"email": format!("x{i}@example.org")}))
        .collect();
    let st31 = sim
        .call(
            Method::PUT,
            &format!("/meetings/{mid}/registrants/status"),
            Some(json!({"action": "deny", "registrants": too_many})),
        )
        .await;
    assert_eq!(st31.body["code"], 300);
    check(
        specs,
        m,
        "/meetings/{meetingId}/registrants/status",
        "put",
        &st31,
    );

    let batch: Vec<Value> = (0..30)
        .map(|i| json!({"email": format!("b{i}@example.org"), "first_name": format!("B{i}")}))
        .collect();
    let b = sim
        .post(
            &format!("/meetings/{mid}/batch_registrants"),
            json!({"registrants": batch, "auto_approve": true}),
        )
        .await;
    assert_eq!(b.status, 201);
    assert_eq!(b.body["registrants"].as_array().map(Vec::len), Some(30));
    check(
        specs,
        m,
        "/meetings/{meetingId}/batch_registrants",
        "post",
        &b,
    );
    let b8 = sim
        .post(
            &format!("/meetings/{rid8}/batch_registrants"),
            json!({"registrants": [{"email": "z@example.org", "first_name": "Z"}]}),
        )
        .await;
    assert_eq!(
        (b8.status.as_u16(), b8.body["code"].as_i64()),
        (400, Some(303))
    );
    check(
        specs,
        m,
        "/meetings/{meetingId}/batch_registrants",
        "post",
        &b8,
    );

    let d = sim
        .call(
            Method::DELETE,
            &format!("/meetings/{mid}/registrants/{ann}"),
            None,
        )
        .await;
    assert_eq!(d.status, 204);
    check(
        specs,
        m,
        "/meetings/{meetingId}/registrants/{registrantId}",
        "delete",
        &d,
    );
    let d2 = sim
        .call(
            Method::DELETE,
            &format!("/meetings/{mid}/registrants/{ann}"),
            None,
        )
        .await;
    check(
        specs,
        m,
        "/meetings/{meetingId}/registrants/{registrantId}",
        "delete",
        &d2,
    );

    let del = sim
        .call(
            Method::DELETE,
            &format!("/meetings/{rid8}?occurrence_id={occ}"),
            None,
        )
        .await;
    assert_eq!(del.status, 204);
    check(specs, m, "/meetings/{meetingId}", "delete", &del);
    let del_all = sim
        .call(Method::DELETE, &format!("/meetings/{rid8}"), None)
        .await;
    assert_eq!(del_all.status, 204);
    let del_again = sim
        .call(Method::DELETE, &format!("/meetings/{rid8}"), None)
        .await;
    assert_eq!(del_again.body["code"], 3001);
    check(specs, m, "/meetings/{meetingId}", "delete", &del_again);
}

/// Act out a short meeting on the Business account and check every after-the-meeting body.
#[tokio::test]
async fn past_report_and_dashboard_endpoints_match_specs() {
    let Some(specs) = specs() else { return };
    let mut cfg = config();
    cfg.accounts.swap(0, 1); // Business first, so `sim.token` is a Business token.
    let sim = Sim::start(cfg).await;
    let created = sim
        .post(
            "/users/me/meetings",
            json!({"topic": "Review", "type": 2, "start_time": "2026-03-02T09:00:00Z",
            "settings": {"approval_type": 0}}),
        )
        .await;
    let mid = created.body["id"].as_i64().unwrap_or_default();
    let r = sim
        .post(
            &format!("/meetings/{mid}/registrants"),
            json!({"email": "dee@example.org", "first_name": "Dee", "last_name": "D"}),
        )
        .await;
    let link = r.body["join_url"].as_str().unwrap_or_default().to_string();

    let early = sim.get(&format!("/past_meetings/{mid}")).await;
    assert_eq!(
        (early.status.as_u16(), early.body["code"].as_i64()),
        (404, Some(3001))
    );
    check(specs, Tag::M25, "/past_meetings/{meetingId}", "get", &early);

    sim.set_clock("2026-03-02T09:00:00Z").await;
    let (_, started) = sim.ctl(&format!("/meetings/{mid}/start"), json!({})).await;
    let uuid = started["uuid"].as_str().unwrap_or_default().to_string();
    sim.set_clock("2026-03-02T09:02:00Z").await;
    let dee = sim
        .join_ok(json!({"join_url": link, "name": "ignored"}))
        .await;

    let live = sim
        .get(&format!("/metrics/meetings/{mid}/participants?type=live"))
        .await;
    assert_eq!(live.status, 200, "{}", live.body);
    check(
        specs,
        Tag::Z23,
        "/metrics/meetings/{meetingId}/participants",
        "get",
        &live,
    );

    sim.set_clock("2026-03-02T09:40:00Z").await;
    sim.leave(&dee).await;
    sim.set_clock("2026-03-02T10:00:00Z").await;
    sim.ctl(&format!("/meetings/{mid}/end"), json!({})).await;

    let up = uuid_path(&uuid);
    for key in [mid.to_string(), up.clone()] {
        let p = sim.get(&format!("/past_meetings/{key}")).await;
        assert_eq!(p.status, 200, "{}", p.body);
        check(specs, Tag::M25, "/past_meetings/{meetingId}", "get", &p);
        let pp = sim.get(&format!("/past_meetings/{key}/participants")).await;
        assert_eq!(pp.status, 200);
        check(
            specs,
            Tag::M25,
            "/past_meetings/{meetingId}/participants",
            "get",
            &pp,
        );
        let rm = sim.get(&format!("/report/meetings/{key}")).await;
        assert_eq!(rm.status, 200);
        check(specs, Tag::M25, "/report/meetings/{meetingId}", "get", &rm);
        for q in ["", "?include_fields=registrant_id&page_size=1"] {
            let rp = sim
                .get(&format!("/report/meetings/{key}/participants{q}"))
                .await;
            assert_eq!(rp.status, 200);
            check(
                specs,
                Tag::M25,
                "/report/meetings/{meetingId}/participants",
                "get",
                &rp,
            );
        }
        let dp = sim
            .get(&format!(
                "/metrics/meetings/{key}/participants?type=past&include_fields=registrant_id"
            ))
            .await;
        assert_eq!(dp.status, 200, "{}", dp.body);
        check(
            specs,
            Tag::Z23,
            "/metrics/meetings/{meetingId}/participants",
            "get",
            &dp,
        );
    }
    // HIPAA-masked rows stay valid against M25 (names and emails are plain strings there).
    for mask in ["stars", "empty"] {
        sim.ctl("/config", json!({ "hipaa": mask })).await;
        let rp = sim
            .get(&format!(
                "/report/meetings/{mid}/participants?include_fields=registrant_id"
            ))
            .await;
        check(
            specs,
            Tag::M25,
            "/report/meetings/{meetingId}/participants",
            "get",
            &rp,
        );
        let pp = sim.get(&format!("/past_meetings/{mid}/participants")).await;
        check(
            specs,
            Tag::M25,
            "/past_meetings/{meetingId}/participants",
            "get",
            &pp,
        );
    }
    sim.ctl("/config", json!({ "hipaa": "empty" })).await;
    let dp = sim
        .get(&format!("/metrics/meetings/{mid}/participants?type=past"))
        .await;
    check(
        specs,
        Tag::Z23,
        "/metrics/meetings/{meetingId}/participants",
        "get",
        &dp,
    );
    sim.ctl("/config", json!({ "hipaa": null })).await;

    let inst = sim.get(&format!("/past_meetings/{mid}/instances")).await;
    assert_eq!(inst.body["meetings"][0]["uuid"], json!(uuid));
    check(
        specs,
        Tag::M25,
        "/past_meetings/{meetingId}/instances",
        "get",
        &inst,
    );

    // Error bodies of the remaining after-the-meeting endpoints.
    for (path, spec_path, tag) in [
        ("/past_meetings/999", "/past_meetings/{meetingId}", Tag::M25),
        (
            "/past_meetings/999/instances",
            "/past_meetings/{meetingId}/instances",
            Tag::M25,
        ),
        (
            "/past_meetings/999/participants",
            "/past_meetings/{meetingId}/participants",
            Tag::M25,
        ),
        (
            "/report/meetings/999",
            "/report/meetings/{meetingId}",
            Tag::M25,
        ),
        (
            "/metrics/meetings/999/participants?type=past",
            "/metrics/meetings/{meetingId}/participants",
            Tag::Z23,
        ),
        (
            "/metrics/meetings/999/participants?type=bogus",
            "/metrics/meetings/{meetingId}/participants",
            Tag::Z23,
        ),
    ] {
        let r = sim.get(path).await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
        check(specs, tag, spec_path, "get", &r);
    }

    let stale = sim
        .get(&format!(
            "/report/meetings/{mid}/participants?next_page_token=zzz"
        ))
        .await;
    assert_eq!(stale.body["code"], 300);
    check(
        specs,
        Tag::M25,
        "/report/meetings/{meetingId}/participants",
        "get",
        &stale,
    );
    let unknown = sim.get("/report/meetings/999/participants").await;
    assert_eq!(unknown.body["code"], 3001);
    check(
        specs,
        Tag::M25,
        "/report/meetings/{meetingId}/participants",
        "get",
        &unknown,
    );

    // Plans: reports need Pro+, dashboards Business+.
    let free = sim
        .token_for(&crate::common::account("free", zoom_sim::Plan::Free))
        .await;
    let f = sim
        .call_as(
            &free,
            Method::GET,
            &format!("/report/meetings/{mid}/participants"),
            None,
        )
        .await;
    assert_eq!(
        (f.status.as_u16(), f.body["code"].as_i64()),
        (400, Some(200))
    );
    assert!(
        f.body["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Only available for Paid user"))
    );
    check(
        specs,
        Tag::M25,
        "/report/meetings/{meetingId}/participants",
        "get",
        &f,
    );
    let pro = sim.token_for(&zoom_sim::SimAccount::demo()).await;
    let d = sim
        .call_as(
            &pro,
            Method::GET,
            &format!("/metrics/meetings/{mid}/participants?type=past"),
            None,
        )
        .await;
    assert_eq!(d.body["code"], 200);
    check(
        specs,
        Tag::Z23,
        "/metrics/meetings/{meetingId}/participants",
        "get",
        &d,
    );
}
