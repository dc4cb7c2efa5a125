//! Sync one large meeting instance from zoom-sim (in-process, Pro rate limits, 80 ms latency):
//! 6,000 participant rows = 20 pages of 300 from the Heavy report endpoint (10 requests/s on
//! Pro). Prints the fetch's wall time against two ideals, and the time to store and reconcile.
//!
//! - **Heavy ceiling**: pages / 10 per second (what the rate limit allows at best).
//! - **Latency bound**: pages × round trip. Pages of one listing are sequential (each needs
//!   the previous page's `next_page_token`), so a single listing can never pipeline: it takes
//!   at least one round trip per page, whatever the rate limit.
//!
//! The fetch cannot beat the larger of the two. With 80 ms round trips and 100 ms Heavy
//! spacing, pacing is the bound (2.0 s for 20 pages); a ratio near 1.0 means no time is lost.
//!
//! cargo bench -p rollcall-core --bench attendance_sync [-- --quick]   (--quick: 600 rows)

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use rollcall_core::attendance::records;
use rollcall_core::attendance::sync::{SourcePreference, SyncContext};
use rollcall_core::store::Store;
use rollcall_zoom::model::{ApprovalType, MeetingSettings, MeetingType, NewMeeting};

const LATENCY: Duration = Duration::from_millis(80);
const HEAVY_PER_SECOND: f64 = 10.0;
const PAGE: usize = 300;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let rows = if quick { 600 } else { 6_000 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(run(rows));
}

async fn run(participants: usize) {
    let sim = zoom_sim::start(
        zoom_sim::SimConfig {
            latency: LATENCY,
            rate_limits: true,
            ..Default::default()
        },
        0,
    )
    .await
    .expect("zoom-sim starts");
    let account = zoom_sim::SimAccount::demo();
    let client = rollcall_zoom::Client::new(rollcall_zoom::Config {
        api_base: sim.api_base(),
        oauth_base: sim.oauth_base(),
        account_id: account.account_id.clone(),
        client_id: account.client_id.clone(),
        client_secret: rollcall_zoom::Secret::new(account.client_secret.clone()),
        plan: rollcall_zoom::Plan::Pro,
    })
    .expect("a client");
    let me = client.users().get("me").await.expect("users/me");
    let meeting = client
        .meetings()
        .create(
            &me.id,
            &NewMeeting {
                topic: "Bench lecture".into(),
                meeting_type: Some(MeetingType::Scheduled),
                start_time: Some(sim.now()),
                duration: Some(60),
                settings: Some(MeetingSettings {
                    approval_type: Some(ApprovalType::NoRegistration),
                    waiting_room: Some(false),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .expect("a meeting");

    // Act it out through the control API (no latency there).
    sim.freeze_clock(true);
    let http = reqwest::Client::new();
    let ctl = sim.control_base();
    let post = |path: String, body: serde_json::Value| {
        let http = http.clone();
        async move {
            let r = http
                .post(path)
                .json(&body)
                .send()
                .await
                .expect("control call");
            assert!(r.status().is_success(), "{}", r.status());
        }
    };
    post(
        format!("{ctl}/meetings/{}/start", meeting.id),
        serde_json::json!({}),
    )
    .await;
    let join_url = meeting.join_url.clone().unwrap_or_default();
    let started = Instant::now();
    futures::stream::iter(0..participants - 1)
        .map(|i| {
            post(
                format!("{ctl}/join"),
                serde_json::json!({"join_url": join_url, "name": format!("Listener {i:05}")}),
            )
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;
    sim.advance_clock(Duration::from_secs(3600));
    post(
        format!("{ctl}/meetings/{}/end", meeting.id),
        serde_json::json!({}),
    )
    .await;
    sim.advance_clock(Duration::from_secs(300));
    println!(
        "acted out {participants} rows (host included) in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let uuid = client
        .reports()
        .past_instances(meeting.id)
        .await
        .expect("instances")
        .meetings[0]
        .uuid
        .clone();
    let pages = participants.div_ceil(PAGE);

    // 1. The fetch alone: every page of the report, sequential.
    let t = Instant::now();
    let fetched: Vec<_> = client
        .reports()
        .report_participants(&rollcall_core::attendance::sync::client_uuid(&uuid))
        .try_collect()
        .await
        .expect("report rows");
    let fetch = t.elapsed().as_secs_f64();
    assert_eq!(fetched.len(), participants);

    // 2. The whole sync of the instance into a store on disk: fetch, one transaction of raw
    //    rows, reconcile, store the derived records.
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(&dir.path().join("bench.db"))
        .await
        .expect("a store");
    sqlx::query(
        "INSERT INTO meetings (account_id, zoom_meeting_id, host_zoom_user_id, topic, kind,
            start_time, duration_minutes, timezone, settings, status, created_at, updated_at)
         VALUES ('bench', ?, ?, 'Bench lecture', 'scheduled', ?, 60, 'UTC', '{}', 'active', '', '')",
    )
    .bind(meeting.id as i64)
    .bind(&me.id)
    .bind(rollcall_core::store::now_text(sim.now() - chrono::Duration::minutes(65)))
    .execute(store.pool())
    .await
    .expect("a meeting row");
    let ctx = SyncContext {
        store: store.clone(),
        client: Arc::new(client.clone()),
        clock: rollcall_core::clock::system(),
        preference: SourcePreference::Report,
    };
    let row = store
        .meeting_row(1)
        .await
        .expect("read")
        .expect("the meeting");
    let instance = ctx.discover(&row, None).await.expect("discover")[0].id;
    let t = Instant::now();
    ctx.sync_instance(instance, true).await.expect("sync");
    let sync = t.elapsed().as_secs_f64();
    assert_eq!(
        store.attendance_row_count(instance).await.expect("count") as usize,
        participants
    );

    // 3. Reconcile + store alone (what a review decision costs per instance).
    let t = Instant::now();
    records::reconcile_instance(&store, instance)
        .await
        .expect("reconcile");
    let reconcile = t.elapsed().as_secs_f64();

    let ceiling = pages as f64 / HEAVY_PER_SECOND;
    let rtt = LATENCY.as_secs_f64();
    let latency_bound = pages as f64 * rtt;
    let bound = ceiling.max(latency_bound);
    println!(
        "rows {participants}, pages {pages} of {PAGE}, Heavy {HEAVY_PER_SECOND}/s, latency {} ms",
        LATENCY.as_millis()
    );
    println!("fetch (all pages)          {fetch:>7.2} s");
    println!(
        "  Heavy ceiling ideal      {ceiling:>7.2} s   ratio {:.2}",
        fetch / ceiling
    );
    println!(
        "  latency-bound ideal      {latency_bound:>7.2} s   ratio {:.2}",
        fetch / latency_bound
    );
    println!(
        "  vs the larger bound      {bound:>7.2} s   ratio {:.2}",
        fetch / bound
    );
    println!("sync instance (fetch + past_meeting + store + reconcile) {sync:>7.2} s");
    println!(
        "  store + reconcile ≈ sync − fetch − 1 Light call: {:>5.2} s",
        (sync - fetch - rtt).max(0.0)
    );
    println!("reconcile + store derived records alone  {reconcile:>7.3} s");
    let state = sim.state();
    println!(
        "zoom-sim answers by status: {}",
        state
            .get("requests_by_status")
            .or_else(|| state.get("requests"))
            .map(|v| v.to_string())
            .unwrap_or_else(|| "(not reported)".into())
    );
    sim.shutdown().await;
}
