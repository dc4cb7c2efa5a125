//! Crash safety of provisioning, end to end: the real `rollcall` binary, the real keychain,
//! zoom-sim with injected 5xx, resets and 429 bursts, and `kill -9` at 20 seeded random
//! moments. At the end Zoom holds exactly one user per person, each person maps to exactly
//! one Zoom user id, every job item's outcome is recorded, no create happened twice and the
//! SQLite file is intact.
//!
//! Needs the Secret Service (run inside `./scripts/test`, or
//! `dbus-run-session -- bash scripts/lib/with-keyring.sh cargo test -p rollcall-acceptance
//! --test provisioning`); without it the test is skipped loudly, and fails when
//! `ROLLCALL_REQUIRE_KEYCHAIN` is set.

#[path = "../crash_harness.rs"]
#[allow(dead_code)]
mod harness;

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use harness::{Cli, Rng, SECRET, add_faults, keychain_available, rollcall_binary, text};
use rollcall_core::store::Store;

const PEOPLE: usize = 500;
const KILLS: usize = 20;
const SEED: u64 = 0x5eed_2026_1129;

fn fault_round(rng: &mut Rng) -> Vec<serde_json::Value> {
    let status = [500, 502, 503][rng.between(0, 3) as usize];
    vec![
        serde_json::json!({ "kind": "http_error", "status": status, "count": rng.between(1, 4), "path_prefix": "/v2/users" }),
        serde_json::json!({ "kind": "rate_limit_burst", "category": "light", "count": rng.between(2, 8) }),
        serde_json::json!({ "kind": "reset", "count": rng.between(0, 2), "path_prefix": "/v2/users" }),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provisioning_survives_kill_9_at_twenty_random_moments() {
    if !keychain_available("provisioning") {
        return;
    }
    let started = Instant::now();
    let binary = rollcall_binary();
    let sim = zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![zoom_sim::SimAccount {
                account_id: "acct-crash".into(),
                client_id: "client-crash".into(),
                client_secret: SECRET.into(),
                owner_email: "owner@crash.example".into(),
                scopes: None,
                plan: zoom_sim::Plan::Business,
            }],
            latency: Duration::from_millis(3),
            seed: SEED,
            ..Default::default()
        },
        0,
    )
    .await
    .expect("zoom-sim starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    let cli = Cli {
        binary,
        data_dir: dir.path().join("data"),
        service: format!("rollcall-crash-test-{}", std::process::id()),
        logs,
    };
    let (api, oauth, control) = (sim.api_base(), sim.oauth_base(), sim.control_base());

    let out = cli.run(
        &[
            "account",
            "add",
            "Crash",
            "--account-id",
            "acct-crash",
            "--client-id",
            "client-crash",
            "--plan",
            "business",
            "--api-base",
            &api,
            "--oauth-base",
            &oauth,
        ],
        Some(&format!("{SECRET}\n")),
    );
    assert!(out.status.success(), "account add: {}", text(&out.stderr));

    let mut csv = String::from("external_id,email,first_name,last_name,groups\n");
    for i in 0..PEOPLE {
        csv.push_str(&format!(
            "C{i:04},person{i}@crash.example,Person,Number {i},Crash\n"
        ));
    }
    let file = dir.path().join("people.csv");
    std::fs::write(&file, csv).unwrap();
    let out = cli.run(&["people", "import", file.to_str().unwrap()], None);
    assert!(out.status.success(), "import: {}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("{PEOPLE} added")),
        "{}",
        text(&out.stdout)
    );

    let mut rng = Rng(SEED);
    let mut job_id: Option<String> = None;
    let mut killed_mid_run = 0;
    for kill in 0..KILLS {
        add_faults(&control, &fault_round(&mut rng)).await;
        // Alternate the two ways back in: resume the job by id, or rerun the command.
        let args: Vec<String> = match (&job_id, kill % 2) {
            (Some(id), 1) => vec!["jobs".into(), "resume".into(), id.clone()],
            _ => vec!["provision".into(), "--all".into()],
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = cli.spawn(&args, kill);
        let wait = Duration::from_millis(rng.between(150, 700));
        tokio::time::sleep(wait).await;
        if child.try_wait().expect("wait").is_none() {
            child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
            killed_mid_run += 1;
        }
        let _ = child.wait();
        if job_id.is_none() {
            let out = cli.run(&["--json", "jobs", "list"], None);
            assert!(out.status.success(), "jobs list: {}", text(&out.stderr));
            let jobs: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            job_id = jobs
                .as_array()
                .and_then(|j| j.iter().find(|j| j["kind"] == "provision"))
                .and_then(|j| j["id"].as_str())
                .map(str::to_owned);
        }
    }
    assert!(
        killed_mid_run >= KILLS / 2,
        "only {killed_mid_run} kills hit a running process"
    );

    // Run to the end. A final failure list would be printed; try failed items again a few
    // times (faults are finite, so this converges).
    let mut finished = false;
    for attempt in 0..4 {
        let out = cli.run(&["provision", "--all"], None);
        if out.status.success() {
            finished = true;
            break;
        }
        eprintln!(
            "final run {attempt} did not finish cleanly:\n{}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        if let Some(id) = &job_id {
            let _ = cli.run(&["jobs", "resume", id], None);
        }
    }
    assert!(finished, "provisioning finished");

    // Zoom holds exactly one API user per person, and nobody else was created.
    let state = sim.state();
    let users = state["users"].as_array().expect("users");
    let api_users: Vec<&serde_json::Value> =
        users.iter().filter(|u| u["login_type"] == 99).collect();
    assert_eq!(
        api_users.len(),
        PEOPLE,
        "exactly {PEOPLE} Zoom users were created"
    );
    let zoom_by_email: BTreeMap<String, String> = api_users
        .iter()
        .map(|u| {
            (
                u["email"].as_str().unwrap().to_lowercase(),
                u["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(zoom_by_email.len(), PEOPLE, "one Zoom user per email");
    // Only a successful `POST /users` answers 201 here (lookups answer 200/404, the token 200).
    let created_ok = state["requests_by_status"]["201"].as_u64().unwrap_or(0);
    assert_eq!(
        created_ok, PEOPLE as u64,
        "successful creates: {}",
        state["requests_by_status"]
    );
    let faults_hit: u64 = ["429", "500", "502", "503"]
        .iter()
        .map(|s| state["requests_by_status"][*s].as_u64().unwrap_or(0))
        .sum();
    assert!(
        faults_hit > 0,
        "faults were injected and hit: {}",
        state["requests_by_status"]
    );

    // Each person maps to exactly one Zoom user id: theirs.
    let store = Store::open(&rollcall_core::paths::store_file(&cli.data_dir))
        .await
        .expect("the store opens");
    let account_id: String = sqlx::query_scalar("SELECT id FROM zoom_accounts")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let people = store.list_people(&account_id).await.unwrap();
    assert_eq!(people.len(), PEOPLE);
    let mut ids = HashSet::new();
    for person in &people {
        assert_eq!(
            person.zoom_status.as_deref(),
            Some("provisioned"),
            "{person:?}"
        );
        assert_eq!(person.zoom_kind.as_deref(), Some("created"), "{person:?}");
        let id = person.zoom_user_id.clone().expect("a Zoom user id");
        assert_eq!(
            zoom_by_email.get(&person.email.to_lowercase()),
            Some(&id),
            "{person:?}"
        );
        assert!(ids.insert(id), "a Zoom user id shared: {person:?}");
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM zoom_users")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(rows, PEOPLE as i64, "one zoom_users row per person");

    // Every item of every provisioning job has its outcome recorded.
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM job_items WHERE state IN ('pending', 'in_flight')",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(open, 0, "no item left open");
    let unrecorded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM job_items WHERE (state = 'done' AND outcome IS NULL)
            OR (state = 'failed' AND error_message IS NULL)",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(unrecorded, 0, "every outcome recorded");
    let done_people: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT subject) FROM job_items i JOIN jobs j ON j.id = i.job_id
         WHERE j.kind = 'provision' AND i.state = 'done'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(done_people, PEOPLE as i64, "every person's item done");
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(verdict, "ok");
    store.close().await;

    let out = cli.run(&["account", "remove", "Crash"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    eprintln!(
        "crash test: {killed_mid_run} of {KILLS} kills hit a running process; {} requests by \
         status {}; {:.1} s",
        state["requests_by_status"]
            .as_object()
            .map_or(0, |m| m.len()),
        state["requests_by_status"],
        started.elapsed().as_secs_f64()
    );
    sim.shutdown().await;
}
