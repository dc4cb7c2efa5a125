//! One meeting acted out end to end, and its report compared with a hand-written table.
//!
//! Cast (meeting 09:00–10:00 UTC, manual approval, waiting room on, one device per link):
//! - the host (account owner), 09:00–10:00;
//! - 40 external registrants `ext01..ext40` (batch-registered, auto-approved):
//!   ext01..ext30 join at 09:00 and are admitted at 09:01; ext31..ext40 are late (join
//!   09:10, admitted 09:10:30); ext01..ext05 leave early at 09:30; ext06 leaves at 09:20 and
//!   rejoins at 09:25 (admitted 09:25:30); ext07 tries a second device (refused); ext08
//!   never joins by computer but dials in with its PIN at 09:15 (admitted 09:15:20);
//! - 10 custCreate users `cust01..cust10`, registered too, join with their registrant link
//!   plus `&zak=` at 09:00 and are admitted at 09:01;
//! - 6 strangers register on the public page: 5 are approved by the host and join at 09:05
//!   (admitted 09:06); the 6th stays pending and is refused;
//! - one anonymous phone caller without a PIN at 09:15 (admitted 09:15:20);
//! - the host ends the meeting at 10:00.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Sim, config, uuid_path};

struct Cast {
    host_id: String,
    ext: Vec<(String, String)>, // (registrant_id, join_url) for ext01..ext40
    ext_pins: Vec<i64>,         // participant_pin_code for ext01..ext40
    cust: Vec<(String, String, String)>, // (user_id, registrant_id, join_url+zak)
    guests: Vec<(String, String)>, // (registrant_id, email) for the 5 approved strangers
    pending_link: String,
}

async fn act_out(sim: &Sim) -> (i64, String, Cast) {
    let me = sim.get("/users/me").await;
    let host_id = me.body["id"].as_str().unwrap_or_default().to_string();
    let created = sim
        .post("/users/me/meetings", json!({
            "topic": "Quarterly all-hands", "type": 2, "start_time": "2026-03-02T09:00:00Z", "duration": 60,
            "settings": {"approval_type": 1, "waiting_room": true, "allow_multiple_devices": false,
                "registrants_confirmation_email": false, "registrants_email_notification": false}}))
        .await;
    assert_eq!(created.status, 201);
    let mid = created.body["id"].as_i64().unwrap_or_default();
    let registration_url = created.body["registration_url"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    // 10 custCreate users.
    let mut cust_users = Vec::new();
    for i in 1..=10 {
        let email = format!("cust{i:02}@isv.rollcall.example.com");
        let id = sim
            .create_user(&email, &format!("Cust{i:02}"), "Member", 1)
            .await;
        cust_users.push((id, email));
    }
    // 50 registrants in two batches: ext01..ext40 and the 10 custCreate users.
    let mut people: Vec<Value> = (1..=40)
        .map(|i| json!({"email": format!("ext{i:02}@example.org"), "first_name": format!("Ext{i:02}"), "last_name": "Person"}))
        .collect();
    people.extend(cust_users.iter().enumerate().map(|(i, (_, email))| {
        json!({"email": email, "first_name": format!("Cust{:02}", i + 1), "last_name": "Member"})
    }));
    let mut registered: BTreeMap<String, (String, String, i64)> = BTreeMap::new();
    for chunk in people.chunks(30) {
        let r = sim
            .post(
                &format!("/meetings/{mid}/batch_registrants"),
                json!({"registrants": chunk, "auto_approve": true}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        for row in r.body["registrants"].as_array().into_iter().flatten() {
            let email = row["email"].as_str().unwrap_or_default().to_string();
            registered.insert(
                email,
                (
                    row["registrant_id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    row["join_url"].as_str().unwrap_or_default().to_string(),
                    row["participant_pin_code"].as_i64().unwrap_or_default(),
                ),
            );
        }
    }
    assert_eq!(registered.len(), 50);
    let ext: Vec<(String, String)> = (1..=40)
        .map(|i| {
            let (rid, url, _) = registered[&format!("ext{i:02}@example.org")].clone();
            (rid, url)
        })
        .collect();
    let ext_pins: Vec<i64> = (1..=40)
        .map(|i| registered[&format!("ext{i:02}@example.org")].2)
        .collect();
    let mut cust = Vec::new();
    for (id, email) in &cust_users {
        let (rid, url, _) = registered[email].clone();
        let zak = sim.zak(id).await;
        cust.push((id.clone(), rid, format!("{url}&zak={zak}")));
    }
    // Six strangers use the public registration page; all wait for approval.
    let mut strangers = Vec::new();
    for i in 1..=6 {
        let email = format!("stranger{i}@elsewhere.example.net");
        let (s, v) = sim
            .ctl("/register", json!({"registration_url": registration_url, "email": email, "first_name": "Guest", "last_name": format!("No{i}")}))
            .await;
        assert_eq!(s, 201, "{v}");
        assert_eq!(v["status"], "pending");
        assert!(v.get("join_url").is_none());
        strangers.push((
            v["registrant_id"].as_str().unwrap_or_default().to_string(),
            email,
        ));
    }
    let pending = sim
        .get(&format!("/meetings/{mid}/registrants?status=pending"))
        .await;
    assert_eq!(pending.body["total_records"], 6);
    let approve: Vec<Value> = strangers[..5]
        .iter()
        .map(|(id, _)| json!({"id": id}))
        .collect();
    let st = sim
        .call(
            Method::PUT,
            &format!("/meetings/{mid}/registrants/status"),
            Some(json!({"action": "approve", "registrants": approve})),
        )
        .await;
    assert_eq!(st.status, 204);
    let mut guests = Vec::new();
    let mut links = BTreeMap::new();
    let approved = sim
        .get(&format!(
            "/meetings/{mid}/registrants?status=approved&page_size=300"
        ))
        .await;
    assert_eq!(approved.body["total_records"], 55);
    for r in approved.body["registrants"]
        .as_array()
        .into_iter()
        .flatten()
    {
        links.insert(
            r["id"].as_str().unwrap_or_default().to_string(),
            r["join_url"].as_str().unwrap_or_default().to_string(),
        );
    }
    for (rid, email) in &strangers[..5] {
        guests.push((rid.clone(), email.clone()));
    }
    // The pending stranger's link is the registrant link form with its token; build it from
    // state, as Zoom would have mailed it after approval.
    let state = sim.handle.state();
    let pending_token = state["meetings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|m| m["id"] == mid)
        .and_then(|m| {
            m["registrants"]
                .as_array()
                .and_then(|rs| rs.iter().find(|r| r["id"] == json!(strangers[5].0)))
        })
        .and_then(|r| r["token"].as_str())
        .unwrap_or_default()
        .to_string();
    let pending_link = format!("{}/j/{mid}?tk={pending_token}", sim.handle.oauth_base());

    // 09:00 the host starts; 40 people arrive in the waiting room.
    sim.set_clock("2026-03-02T09:00:00Z").await;
    let (s, started) = sim.ctl(&format!("/meetings/{mid}/start"), json!({})).await;
    assert_eq!(s, 200);
    let uuid = started["uuid"].as_str().unwrap_or_default().to_string();
    let mut h = BTreeMap::new();
    for i in 1..=30 {
        if i == 8 {
            continue;
        }
        let (s, v) = sim.join(json!({"join_url": ext[i - 1].1})).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["status"], "in_waiting_room");
        h.insert(
            format!("ext{i:02}"),
            v["waiting"].as_str().unwrap_or_default().to_string(),
        );
    }
    for (i, (_, _, url)) in cust.iter().enumerate() {
        h.insert(
            format!("cust{:02}", i + 1),
            sim.join_ok(json!({"join_url": url})).await,
        );
    }
    sim.set_clock("2026-03-02T09:01:00Z").await;
    for (_, handle) in h.iter() {
        sim.admit(handle).await;
    }
    // A second device on ext07's link is refused (allow_multiple_devices is off).
    let (s, v) = sim
        .join(json!({"join_url": ext[6].1, "device": "iOS"}))
        .await;
    assert_eq!((s.as_u16(), v["code"].as_i64()), (409, Some(3000)), "{v}");
    // The pending stranger and an unknown token are refused.
    let (s, _) = sim.join(json!({"join_url": pending_link})).await;
    assert_eq!(s, 403);
    let (s, _) = sim
        .join(json!({"join_url": format!("{}/j/{mid}?tk=forged", sim.handle.oauth_base())}))
        .await;
    assert_eq!(s, 403);
    // A plain join URL is sent to registration.
    let plain = created.body["join_url"].as_str().unwrap_or_default();
    let (s, _) = sim
        .join(json!({"join_url": plain, "name": "Gate Crasher"}))
        .await;
    assert_eq!(s, 403);

    // 09:05 the five approved guests arrive; admitted 09:06.
    sim.set_clock("2026-03-02T09:05:00Z").await;
    let mut gh = Vec::new();
    for (rid, _) in &guests {
        gh.push(
            sim.join_ok(json!({"join_url": links[rid], "name": "typed name is ignored"}))
                .await,
        );
    }
    sim.set_clock("2026-03-02T09:06:00Z").await;
    for g in &gh {
        sim.admit(g).await;
    }
    // 09:10 late joiners ext31..ext40, admitted 09:10:30.
    sim.set_clock("2026-03-02T09:10:00Z").await;
    let mut late = Vec::new();
    for i in 31..=40 {
        let handle = sim.join_ok(json!({"join_url": ext[i - 1].1})).await;
        h.insert(format!("ext{i:02}"), handle.clone());
        late.push(handle);
    }
    sim.set_clock("2026-03-02T09:10:30Z").await;
    for l in &late {
        sim.admit(l).await;
    }
    // 09:15 two phone callers: ext08 with its PIN, and an anonymous one.
    sim.set_clock("2026-03-02T09:15:00Z").await;
    let p1 = sim
        .join_ok(json!({"join_url": plain, "phone": true, "pin": ext_pins_of(&ext_pins, 8)}))
        .await;
    let p2 = sim
        .join_ok(json!({"join_url": plain, "phone": true, "name": "Dial-in 0142"}))
        .await;
    sim.set_clock("2026-03-02T09:15:20Z").await;
    sim.admit(&p1).await;
    sim.admit(&p2).await;
    // 09:20 ext06 drops out; 09:25 rejoins; admitted 09:25:30.
    sim.set_clock("2026-03-02T09:20:00Z").await;
    sim.leave(&h["ext06"]).await;
    sim.set_clock("2026-03-02T09:25:00Z").await;
    let again = sim.join_ok(json!({"join_url": ext[5].1})).await;
    sim.set_clock("2026-03-02T09:25:30Z").await;
    sim.admit(&again).await;
    // 09:30 early leavers.
    sim.set_clock("2026-03-02T09:30:00Z").await;
    for i in 1..=5 {
        sim.leave(&h[&format!("ext{i:02}")]).await;
    }
    // Before the end there is no report yet.
    let early = sim
        .get(&format!("/report/meetings/{mid}/participants"))
        .await;
    assert_eq!(early.body["code"], 3001);
    sim.set_clock("2026-03-02T10:00:00Z").await;
    let (s, _) = sim.ctl(&format!("/meetings/{mid}/end"), json!({})).await;
    assert_eq!(s, 200);

    let cast = Cast {
        host_id,
        ext,
        ext_pins,
        cust,
        guests,
        pending_link,
    };
    (mid, uuid, cast)
}

fn ext_pins_of(pins: &[i64], n: usize) -> i64 {
    pins[n - 1]
}

async fn report_rows(sim: &Sim, key: &str) -> Vec<Value> {
    // Page through 50 at a time to exercise next_page_token.
    let mut rows = Vec::new();
    let mut token = String::new();
    loop {
        let r = sim
            .get(&format!("/report/meetings/{key}/participants?include_fields=registrant_id&page_size=50&next_page_token={token}"))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        rows.extend(
            r.body["participants"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
        token = r.body["next_page_token"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if token.is_empty() {
            return rows;
        }
    }
}

/// (status, join, leave, duration) of a person's rows, in order.
fn timeline(rows: &[Value], pred: impl Fn(&Value) -> bool) -> Vec<(String, String, String, i64)> {
    rows.iter()
        .filter(|r| pred(r))
        .map(|r| {
            (
                r["status"].as_str().unwrap_or_default().to_string(),
                r["join_time"].as_str().unwrap_or_default()[11..19].to_string(),
                r["leave_time"].as_str().unwrap_or_default()[11..19].to_string(),
                r["duration"].as_i64().unwrap_or_default(),
            )
        })
        .collect()
}

fn tl(items: &[(&str, &str, &str, i64)]) -> Vec<(String, String, String, i64)> {
    items
        .iter()
        .map(|(s, j, l, d)| (s.to_string(), j.to_string(), l.to_string(), *d))
        .collect()
}

const W: &str = "in_waiting_room";
const M: &str = "in_meeting";

#[tokio::test]
async fn one_meeting_acted_out_matches_the_expected_report() {
    let sim = Sim::start(config()).await;
    let (mid, uuid, cast) = act_out(&sim).await;
    let _ = &cast.pending_link;

    let rows = report_rows(&sim, &uuid_path(&uuid)).await;
    let by_id = report_rows(&sim, &mid.to_string()).await;
    assert_eq!(rows, by_id, "numeric id = latest instance");

    // Counts per kind.
    let rid = |r: &Value| r["registrant_id"].as_str().unwrap_or_default().to_string();
    let pid = |r: &Value| {
        r["participant_user_id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let in_meeting: Vec<&Value> = rows.iter().filter(|r| r["status"] == M).collect();
    let waiting: Vec<&Value> = rows.iter().filter(|r| r["status"] == W).collect();
    let ext_ids: Vec<&String> = cast.ext.iter().map(|(r, _)| r).collect();
    let guest_ids: Vec<&String> = cast.guests.iter().map(|(r, _)| r).collect();
    let count = |pred: &dyn Fn(&Value) -> bool| in_meeting.iter().filter(|r| pred(r)).count();
    assert_eq!(count(&|r| pid(r) == cast.host_id), 1, "host");
    assert_eq!(
        count(&|r| ext_ids.contains(&&rid(r))),
        41,
        "40 externals, ext06 twice, ext08 by phone"
    );
    assert_eq!(
        count(&|r| cast.cust.iter().any(|c| c.0 == pid(r) && c.1 == rid(r))),
        10,
        "custCreate via ZAK"
    );
    assert_eq!(
        count(&|r| guest_ids.contains(&&rid(r))),
        5,
        "approved strangers"
    );
    assert_eq!(
        count(&|r| rid(r).is_empty() && pid(r).is_empty()),
        1,
        "anonymous phone caller"
    );
    assert_eq!(in_meeting.len(), 58);
    assert_eq!(waiting.len(), 57, "every non-host join waited");
    assert_eq!(rows.len(), 115);
    // Every join has its own per-join user_id, shared only by its waiting-room row.
    let mut uids: Vec<&str> = in_meeting
        .iter()
        .map(|r| r["user_id"].as_str().unwrap_or_default())
        .collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), 58);

    // Exact rows for named people.
    let host = timeline(&rows, |r| pid(r) == cast.host_id);
    assert_eq!(host, tl(&[(M, "09:00:00", "10:00:00", 3600)]));
    let host_row = rows
        .iter()
        .find(|r| pid(r) == cast.host_id)
        .cloned()
        .unwrap_or_default();
    assert_eq!(host_row["id"], json!(cast.host_id));
    assert_eq!(host_row["user_email"], "owner@demo.rollcall.invalid");
    assert_eq!(host_row["registrant_id"], "");

    let ext06 = timeline(&rows, |r| rid(r) == cast.ext[5].0);
    assert_eq!(
        ext06,
        tl(&[
            (W, "09:00:00", "09:01:00", 60),
            (M, "09:01:00", "09:20:00", 1140),
            (W, "09:25:00", "09:25:30", 30),
            (M, "09:25:30", "10:00:00", 2070),
        ])
    );
    let ext02 = timeline(&rows, |r| rid(r) == cast.ext[1].0);
    assert_eq!(
        ext02,
        tl(&[
            (W, "09:00:00", "09:01:00", 60),
            (M, "09:01:00", "09:30:00", 1740)
        ])
    );
    let ext07 = timeline(&rows, |r| rid(r) == cast.ext[6].0);
    assert_eq!(ext07.len(), 2, "the refused second device left no row");
    let ext35 = timeline(&rows, |r| rid(r) == cast.ext[34].0);
    assert_eq!(
        ext35,
        tl(&[
            (W, "09:10:00", "09:10:30", 30),
            (M, "09:10:30", "10:00:00", 2970)
        ])
    );
    let ext35_row = rows
        .iter()
        .find(|r| rid(r) == cast.ext[34].0 && r["status"] == M)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            ext35_row["name"].as_str(),
            ext35_row["user_email"].as_str(),
            ext35_row["id"].as_str()
        ),
        (Some("Ext35 Person"), Some("ext35@example.org"), Some(""))
    );
    let ext08 = rows
        .iter()
        .find(|r| rid(r) == cast.ext[7].0 && r["status"] == M)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        ext08["name"], "Ext08 Person",
        "PIN caller carries the registrant"
    );
    assert_eq!(ext08["join_time"], "2026-03-02T09:15:20Z");
    assert_eq!(cast.ext_pins.len(), 40);

    let (c3_user, c3_rid, _) = &cast.cust[2];
    let cust03 = rows
        .iter()
        .find(|r| pid(r) == *c3_user && r["status"] == M)
        .cloned()
        .unwrap_or_default();
    assert_eq!(cust03["id"], json!(c3_user));
    assert_eq!(cust03["registrant_id"], json!(c3_rid));
    assert_eq!(cust03["name"], "Cust03 Member");
    assert_eq!(cust03["user_email"], "cust03@isv.rollcall.example.com");
    assert_eq!(cust03["duration"], 3540);

    let (g2_rid, g2_email) = &cast.guests[1];
    let guest2 = rows
        .iter()
        .find(|r| rid(r) == *g2_rid && r["status"] == M)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            guest2["name"].as_str(),
            guest2["user_email"].as_str(),
            guest2["participant_user_id"].as_str()
        ),
        (Some("Guest No2"), Some(g2_email.as_str()), Some(""))
    );
    assert_eq!(
        (guest2["join_time"].as_str(), guest2["duration"].as_i64()),
        (Some("2026-03-02T09:06:00Z"), Some(3240))
    );

    let anon = rows
        .iter()
        .find(|r| rid(r).is_empty() && pid(r).is_empty() && r["status"] == M)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            anon["name"].as_str(),
            anon["user_email"].as_str(),
            anon["id"].as_str()
        ),
        (Some("Dial-in 0142"), Some(""), Some(""))
    );

    // Past participants carry the same rows (registrant_id included).
    let past = sim
        .get(&format!("/past_meetings/{mid}/participants?page_size=300"))
        .await;
    assert_eq!(past.body["total_records"], 115);

    // HIPAA masking: names and emails hidden, ids kept (REF §5, devforum t/16511).
    for (mask, hidden) in [("stars", "******"), ("empty", "")] {
        let (s, _) = sim.ctl("/config", json!({"hipaa": mask})).await;
        assert_eq!(s, 200);
        let masked = report_rows(&sim, &mid.to_string()).await;
        assert_eq!(masked.len(), 115);
        for (m, plain) in masked.iter().zip(&rows) {
            assert_eq!(m["name"], hidden);
            assert_eq!(m["user_email"], hidden);
            for key in [
                "id",
                "participant_user_id",
                "user_id",
                "registrant_id",
                "join_time",
                "leave_time",
                "duration",
                "status",
            ] {
                assert_eq!(m[key], plain[key], "{key} survives masking");
            }
        }
        let host_masked = masked
            .iter()
            .find(|r| pid(r) == cast.host_id)
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            host_masked["id"],
            json!(cast.host_id),
            "host row keeps its id"
        );
        let past = sim
            .get(&format!("/past_meetings/{mid}/participants?page_size=300"))
            .await;
        assert!(
            past.body["participants"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|r| r["name"] == hidden && r["user_email"] == hidden)
        );
    }
}

#[tokio::test]
async fn second_device_is_allowed_when_the_meeting_allows_multiple_devices() {
    let sim = Sim::start(config()).await;
    let created = sim
        .post(
            "/users/me/meetings",
            json!({"type": 2, "start_time": "2026-03-02T09:00:00Z",
            "settings": {"approval_type": 0, "allow_multiple_devices": true}}),
        )
        .await;
    let mid = created.body["id"].as_i64().unwrap_or_default();
    let r = sim
        .post(
            &format!("/meetings/{mid}/registrants"),
            json!({"email": "two@example.org", "first_name": "Two", "last_name": "Devices"}),
        )
        .await;
    let link = r.body["join_url"].as_str().unwrap_or_default().to_string();
    sim.set_clock("2026-03-02T09:00:00Z").await;
    sim.ctl(&format!("/meetings/{mid}/start"), json!({})).await;
    sim.join_ok(json!({"join_url": link, "device": "Mac"}))
        .await;
    sim.join_ok(json!({"join_url": link, "device": "iOS"}))
        .await;
    sim.set_clock("2026-03-02T09:30:00Z").await;
    sim.ctl(&format!("/meetings/{mid}/end"), json!({})).await;
    let rows = sim
        .get(&format!(
            "/report/meetings/{mid}/participants?include_fields=registrant_id"
        ))
        .await;
    let mine: Vec<&Value> = rows.body["participants"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["registrant_id"] == r.body["registrant_id"])
        .collect();
    assert_eq!(mine.len(), 2);
    assert_ne!(mine[0]["user_id"], mine[1]["user_id"]);
}
