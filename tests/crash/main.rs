//! Crash safety of registration, close-door and attendance sync, end to end: the real
//! `rollcall` binary, the real keychain, zoom-sim with injected 5xx, resets and 429 bursts, and
//! `kill -9` at seeded random moments, each restart being `rollcall jobs resume ID` (the data
//! folder's lock of the killed process is gone with it). At the end Zoom holds no duplicate,
//! the store holds every finished item backed by what Zoom holds, no item was done twice, and
//! the SQLite file is intact. (Provisioning has its own: `tests/provisioning`.)
//!
//! Needs the Secret Service (run inside `./scripts/test`, or
//! `dbus-run-session -- bash scripts/lib/with-keyring.sh cargo test -p rollcall-acceptance
//! --test crash`); without it the tests are skipped loudly, and fail when
//! `ROLLCALL_REQUIRE_KEYCHAIN` is set.

#[path = "../crash_harness.rs"]
#[allow(dead_code)]
mod harness;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use harness::{Cli, Rng, add_faults, check_jobs_and_file, keychain_available, start_sim};
use rollcall_core::store::Store;
use serde_json::{Value, json};

const KILLS: usize = 7;
/// Invitees: ten batches of 30.
const INVITEES: usize = 300;
/// Strangers who registered through the public link.
const STRANGERS: usize = 240;
/// Attendance: people, instances (the meeting held that often), joins per person and instance.
const ATTENDEES: usize = 60;
const INSTANCES: usize = 6;
const JOINS: usize = 3;

/// The kill moments' seed: fixed, or `ROLLCALL_CRASH_SEED` to explore (mixed with each test's).
fn seed(own: u64) -> u64 {
    std::env::var("ROLLCALL_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or(own, |s| own ^ s.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

async fn control(sim: &zoom_sim::SimHandle, path: &str, body: Value) -> Value {
    let resp = reqwest::Client::new()
        .post(format!("{}{path}", sim.control_base()))
        .json(&body)
        .send()
        .await
        .expect("the sim answers");
    let status = resp.status();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

fn import_people(cli: &Cli, dir: &Path, n: usize, domain: &str) {
    let mut csv = String::from("external_id,email,first_name,last_name,groups\n");
    for i in 0..n {
        csv.push_str(&format!(
            "P{i:04},person{i}@{domain},Person,Number {i},Crash\n"
        ));
    }
    let file = dir.join("people.csv");
    std::fs::write(&file, csv).unwrap();
    let out = cli.ok(&["people", "import", file.to_str().unwrap()]);
    assert!(out.contains(&format!("{n} added")), "{out}");
}

/// A scheduled invite-only meeting; its local id and its Zoom meeting.
fn create_meeting(cli: &Cli, host: &str) -> (String, Value) {
    let m = cli.json(&[
        "meeting",
        "create",
        "--topic",
        "Crash safety",
        "--start",
        "2027-01-12T15:00",
        "--timezone",
        "Europe/Berlin",
        "--duration",
        "60",
        "--host",
        host,
    ]);
    (m["id"].to_string(), m)
}

fn sim_meeting(state: &Value, zoom_id: &str) -> Value {
    let zoom_id: i64 = zoom_id.parse().unwrap();
    state["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"].as_i64() == Some(zoom_id))
        .expect("the meeting is in zoom-sim")
        .clone()
}

/// 5xx, resets and a 429 burst on the meeting endpoints, seeded.
fn fault_round(rng: &mut Rng, prefix: &str, category: &str) -> Vec<Value> {
    let status = [500, 502, 503][rng.between(0, 3) as usize];
    vec![
        json!({ "kind": "http_error", "status": status, "count": rng.between(1, 3), "path_prefix": prefix }),
        json!({ "kind": "rate_limit_burst", "category": category, "count": rng.between(1, 4) }),
        json!({ "kind": "reset", "count": rng.between(0, 2), "path_prefix": prefix }),
    ]
}

/// Job items done more than once for the same subject, over every job of `kind`.
async fn done_twice(store: &Store, kind: &str) -> (i64, i64) {
    let done: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM job_items i JOIN jobs j ON j.id = i.job_id
         WHERE j.kind = ? AND i.state = 'done'",
    )
    .bind(kind)
    .fetch_one(store.pool())
    .await
    .unwrap();
    let distinct: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT i.subject) FROM job_items i JOIN jobs j ON j.id = i.job_id
         WHERE j.kind = ? AND i.state = 'done'",
    )
    .bind(kind)
    .fetch_one(store.pool())
    .await
    .unwrap();
    (done, distinct)
}

fn report(name: &str, killed: usize, state: &Value, started: Instant) {
    eprintln!(
        "crash test {name}: {killed} of {KILLS} kills hit a running process; requests by status \
         {}; {:.1} s",
        state["requests_by_status"],
        started.elapsed().as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_survives_kill_9() {
    if !keychain_available("registration") {
        return;
    }
    let started = Instant::now();
    let sim = start_sim("reg", 0x5eed_0001, Duration::from_millis(60)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let cli = Cli::new(dir.path(), "reg");
    cli.add_account(&sim, "reg");
    import_people(&cli, dir.path(), INVITEES, "reg.example");
    let (meeting, m) = create_meeting(&cli, "owner@reg.example");
    let zoom_id = m["zoomMeetingId"].as_str().expect("a Zoom id").to_owned();

    let mut rng = Rng(seed(0x5eed_0001));
    let control = sim.control_base();
    let (job, killed) = cli
        .kill_repeatedly(
            &["invite", &meeting, "--all"],
            "register",
            KILLS,
            (0, 900),
            &mut rng,
            async |rng: &mut Rng| {
                add_faults(&control, &fault_round(rng, "/v2/meetings", "medium")).await;
                // A slow batch add (Zoom carries it out, the answer comes late) widens the
                // window where Zoom has registered people the store does not know of yet.
                add_faults(
                    &control,
                    &[
                        json!({ "kind": "slow", "delay_ms": rng.between(300, 900), "count": 2,
                              "path_prefix": format!("/v2/meetings/{zoom_id}/batch_registrants") }),
                    ],
                )
                .await;
            },
        )
        .await;
    assert!(
        killed >= KILLS / 3,
        "only {killed} kills hit a running process"
    );
    cli.resume_to_end(&job);

    // Zoom: exactly one registrant per invitee, nobody else.
    let state = sim.state();
    let zm = sim_meeting(&state, &zoom_id);
    let registrants = zm["registrants"].as_array().expect("registrants");
    let by_id: HashMap<&str, &Value> = registrants
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r))
        .collect();
    let emails: HashSet<String> = registrants
        .iter()
        .map(|r| r["email"].as_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(registrants.len(), INVITEES, "one registrant per invitee");
    assert_eq!(emails.len(), INVITEES, "one registrant per email");
    // Each batch of 30 added once: a 201 answers only the meeting's creation and a successful
    // batch add (nobody is registered twice, which would count against Zoom's 3-a-day cap).
    let created = state["requests_by_status"]["201"].as_u64().unwrap_or(0);
    assert_eq!(
        created,
        1 + INVITEES.div_ceil(30) as u64,
        "successful creates (1 meeting, the batches): {}",
        state["requests_by_endpoint"]
    );

    // The store: every invitation registered, with its registrant and a link of its own, both
    // Zoom's.
    let store = Store::open(&rollcall_core::paths::store_file(&cli.data_dir))
        .await
        .expect("the store opens");
    let rows: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT p.email, i.status, i.registrant_id, i.join_url FROM invitations i
         JOIN people p ON p.id = i.person_id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    assert_eq!(rows.len(), INVITEES, "one invitation per person");
    let mut links = HashSet::new();
    for (email, status, registrant, link) in &rows {
        assert_eq!(status, "registered", "{email}");
        let registrant = registrant
            .as_deref()
            .unwrap_or_else(|| panic!("{email}: no registrant id"));
        let zoom = by_id
            .get(registrant)
            .unwrap_or_else(|| panic!("{email}: registrant {registrant} is not in Zoom"));
        assert_eq!(
            zoom["email"].as_str().unwrap().to_lowercase(),
            email.to_lowercase()
        );
        let link = link
            .as_deref()
            .unwrap_or_else(|| panic!("{email}: no link"));
        let token = zoom["token"].as_str().expect("the registrant's token");
        assert!(
            link.contains(&format!("/j/{zoom_id}?")) && link.contains(&format!("tk={token}")),
            "{email}: {link} is not Zoom's link for {registrant}"
        );
        assert!(
            links.insert(link.to_owned()),
            "{email}: link shared: {link}"
        );
    }
    let (done, distinct) = done_twice(&store, "register").await;
    assert_eq!(distinct, INVITEES as i64, "every invitee's item done");
    assert_eq!(done, distinct, "no invitee's item done twice");
    check_jobs_and_file(&store).await;
    store.close().await;

    report("registration", killed, &state, started);
    cli.remove_account("reg");
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_door_survives_kill_9() {
    if !keychain_available("close-door") {
        return;
    }
    let started = Instant::now();
    let sim = start_sim("door", 0x5eed_0002, Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let cli = Cli::new(dir.path(), "door");
    cli.add_account(&sim, "door");
    let (meeting, m) = create_meeting(&cli, "owner@door.example");
    let zoom_id = m["zoomMeetingId"].as_str().expect("a Zoom id").to_owned();
    let url = m["registrationUrl"]
        .as_str()
        .expect("registration is on")
        .to_owned();
    for i in 0..STRANGERS {
        control(
            &sim,
            "/register",
            json!({ "registration_url": url, "email": format!("stranger{i}@elsewhere.example"), "first_name": "Stranger", "last_name": format!("{i}") }),
        )
        .await;
    }
    // Eight calls of 30 in pairs: slow enough that kills land while they are made.
    control(&sim, "/config", json!({ "latency_ms": 250 })).await;

    let mut rng = Rng(seed(0x5eed_0002));
    let control_base = sim.control_base();
    let (job, killed) = cli
        .kill_repeatedly(
            &["meeting", "close-door", &meeting, "--yes"],
            "close_door",
            KILLS,
            (0, 900),
            &mut rng,
            async |rng: &mut Rng| {
                add_faults(&control_base, &fault_round(rng, "/v2/meetings", "light")).await;
            },
        )
        .await;
    assert!(
        killed >= KILLS / 3,
        "only {killed} kills hit a running process"
    );
    cli.resume_to_end(&job);

    // Zoom: each stranger once, denied.
    let state = sim.state();
    let zm = sim_meeting(&state, &zoom_id);
    let registrants = zm["registrants"].as_array().expect("registrants");
    let emails: HashSet<String> = registrants
        .iter()
        .map(|r| r["email"].as_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(registrants.len(), STRANGERS, "one registrant per stranger");
    assert_eq!(emails.len(), STRANGERS, "one registrant per email");
    let not_denied: Vec<&str> = registrants
        .iter()
        .filter(|r| r["status"] != "denied")
        .map(|r| r["email"].as_str().unwrap())
        .collect();
    assert!(not_denied.is_empty(), "not denied: {not_denied:?}");

    let store = Store::open(&rollcall_core::paths::store_file(&cli.data_dir))
        .await
        .expect("the store opens");
    let (done, distinct) = done_twice(&store, "close_door").await;
    assert_eq!(distinct, STRANGERS as i64, "every stranger's item done");
    assert_eq!(done, distinct, "no stranger denied twice");
    check_jobs_and_file(&store).await;
    store.close().await;

    report("close-door", killed, &state, started);
    cli.remove_account("door");
    sim.shutdown().await;
}

/// The meeting held `INSTANCES` times; each invitee joins `JOINS` times per instance (through
/// the waiting room when it is on), so each instance's report spans two pages.
async fn act_out(sim: &zoom_sim::SimHandle, cli: &Cli, meeting: &str, zoom_id: &str) {
    let links = cli.json(&["links", meeting]);
    let links: Vec<(String, String)> = links["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            (
                l["joinLink"].as_str().expect("a link").to_owned(),
                l["name"].as_str().unwrap_or("Someone").to_owned(),
            )
        })
        .collect();
    assert_eq!(links.len(), ATTENDEES);
    for _ in 0..INSTANCES {
        control(sim, &format!("/meetings/{zoom_id}/start"), json!({})).await;
        for _ in 0..JOINS {
            let mut handles = Vec::new();
            for (url, name) in &links {
                let joined = control(sim, "/join", json!({ "join_url": url, "name": name })).await;
                let handle = match joined["waiting"].as_str() {
                    Some(h) => {
                        control(sim, "/admit", json!({ "participant": h })).await;
                        h.to_owned()
                    }
                    None => joined["participant"].as_str().expect("a handle").to_owned(),
                };
                handles.push(handle);
            }
            control(sim, "/clock/advance", json!({ "seconds": 600 })).await;
            for h in handles {
                control(sim, "/leave", json!({ "participant": h })).await;
            }
            control(sim, "/clock/advance", json!({ "seconds": 60 })).await;
        }
        control(sim, &format!("/meetings/{zoom_id}/end"), json!({})).await;
        control(sim, "/clock/advance", json!({ "seconds": 86_400 })).await;
    }
}

fn instant(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .with_timezone(&chrono::Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attendance_sync_survives_kill_9() {
    if !keychain_available("attendance sync") {
        return;
    }
    let started = Instant::now();
    let sim = start_sim("att", 0x5eed_0003, Duration::ZERO).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let cli = Cli::new(dir.path(), "att");
    cli.add_account(&sim, "att");
    import_people(&cli, dir.path(), ATTENDEES, "att.example");
    let (meeting, m) = create_meeting(&cli, "owner@att.example");
    let zoom_id = m["zoomMeetingId"].as_str().expect("a Zoom id").to_owned();
    cli.ok(&["invite", &meeting, "--all"]);
    act_out(&sim, &cli, &meeting, &zoom_id).await;
    control(&sim, "/config", json!({ "latency_ms": 120 })).await;

    let mut rng = Rng(seed(0x5eed_0003));
    let control_base = sim.control_base();
    let (job, killed) = cli
        .kill_repeatedly(
            &["attendance", "sync", &meeting],
            "attendance_sync",
            KILLS,
            (0, 900),
            &mut rng,
            async |rng: &mut Rng| {
                add_faults(&control_base, &fault_round(rng, "/v2/report", "heavy")).await;
            },
        )
        .await;
    assert!(
        killed >= KILLS / 3,
        "only {killed} kills hit a running process"
    );
    cli.resume_to_end(&job);

    let state = sim.state();
    let zoom_id_num: i64 = zoom_id.parse().unwrap();
    let sim_instances: Vec<&Value> = state["instances"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["meeting_id"].as_i64() == Some(zoom_id_num))
        .collect();
    assert_eq!(sim_instances.len(), INSTANCES);

    let store = Store::open(&rollcall_core::paths::store_file(&cli.data_dir))
        .await
        .expect("the store opens");
    for zi in &sim_instances {
        let uuid = zi["uuid"].as_str().unwrap();
        let zoom_rows = zi["rows"].as_array().unwrap();
        assert!(
            zoom_rows.len() > 300,
            "{uuid}: two report pages ({} rows)",
            zoom_rows.len()
        );
        let (id, state_word, reconciled): (i64, String, Option<String>) = sqlx::query_as(
            "SELECT id, state, reconciled_at FROM attendance_instances WHERE uuid = ?",
        )
        .bind(uuid)
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("instance {uuid} stored: {e}"));
        assert_eq!(state_word, "fetched", "{uuid}");
        assert!(reconciled.is_some(), "{uuid} reconciled");
        // Exactly Zoom's rows: same joins (who, when in, when out), none missing, none extra.
        let stored: Vec<(Option<String>, String, String)> = sqlx::query_as(
            "SELECT registration_id, joined_at, left_at FROM attendance_raw_rows
             WHERE instance_id = ?",
        )
        .bind(id)
        .fetch_all(store.pool())
        .await
        .unwrap();
        let mut ours: BTreeMap<(String, i64, i64), usize> = BTreeMap::new();
        for (registrant, joined, left) in &stored {
            *ours
                .entry((
                    registrant.clone().unwrap_or_default(),
                    instant(joined).timestamp(),
                    instant(left).timestamp(),
                ))
                .or_default() += 1;
        }
        let mut theirs: BTreeMap<(String, i64, i64), usize> = BTreeMap::new();
        for r in zoom_rows {
            *theirs
                .entry((
                    r["registrant_id"].as_str().unwrap_or_default().to_owned(),
                    instant(r["join_time"].as_str().unwrap()).timestamp(),
                    instant(r["leave_time"].as_str().expect("everyone left")).timestamp(),
                ))
                .or_default() += 1;
        }
        assert_eq!(stored.len(), zoom_rows.len(), "{uuid}: row count");
        assert!(ours == theirs, "{uuid}: the stored rows are not Zoom's");
        let records: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM attendance_records WHERE instance_id = ? AND attended = 1",
        )
        .bind(id)
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(records, ATTENDEES as i64, "{uuid}: everyone's record");
    }
    let (done, distinct) = done_twice(&store, "attendance_sync").await;
    assert_eq!(distinct, INSTANCES as i64, "every instance's item done");
    assert_eq!(done, distinct, "no instance fetched twice");
    check_jobs_and_file(&store).await;
    store.close().await;

    report("attendance sync", killed, &state, started);
    cli.remove_account("att");
    sim.shutdown().await;
}
