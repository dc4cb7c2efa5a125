//! Throughput of the simulator: `GET /users/me` from 16 concurrent connections for a few
//! seconds, rate limits and latency off. Bounded in time (3 s of measurement after 0.5 s of
//! warm-up) and in count (200,000 requests).
//!
//! Reproduce: `cargo bench -p zoom-sim --bench throughput`

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use zoom_sim::{SimAccount, SimConfig};

const CONNECTIONS: usize = 16;
const WARM_UP: Duration = Duration::from_millis(500);
const MEASURE: Duration = Duration::from_secs(3);
const MAX_REQUESTS: u64 = 200_000;

fn main() {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("zoom-sim bench: no runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(run()) {
        eprintln!("zoom-sim bench failed: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = SimConfig {
        rate_limits: false,
        ..SimConfig::default()
    };
    let sim = zoom_sim::start(config, 0).await?;
    let account = SimAccount::demo();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()?;
    let token: serde_json::Value = http
        .post(format!("{}/oauth/token", sim.oauth_base()))
        .basic_auth(&account.client_id, Some(&account.client_secret))
        .form(&[
            ("grant_type", "account_credentials"),
            ("account_id", account.account_id.as_str()),
        ])
        .send()
        .await?
        .json()
        .await?;
    let token = token["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let url = format!("{}/users/me", sim.api_base());

    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let measuring = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONNECTIONS {
        let (http, url, token) = (http.clone(), url.clone(), token.clone());
        let (done, failed, measuring) = (done.clone(), failed.clone(), measuring.clone());
        tasks.push(tokio::spawn(async move {
            while start.elapsed() < WARM_UP + MEASURE && done.load(Ordering::Relaxed) < MAX_REQUESTS
            {
                let ok = match http.get(&url).bearer_auth(&token).send().await {
                    Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if measuring.load(Ordering::Relaxed) {
                    if ok {
                        done.fetch_add(1, Ordering::Relaxed);
                    } else {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    tokio::time::sleep(WARM_UP).await;
    measuring.store(true, Ordering::Relaxed);
    let t0 = Instant::now();
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let n = done.load(Ordering::Relaxed);
    let rate = (n as f64 / elapsed).round() as u64;
    println!(
        "zoom-sim: {rate} requests/s (GET /users/me, latency off; target ≥ 5000) — reproduce: cargo bench -p zoom-sim --bench throughput"
    );
    println!(
        "  {n} ok, {} failed, {CONNECTIONS} connections, {elapsed:.2} s",
        failed.load(Ordering::Relaxed)
    );
    sim.shutdown().await;
    Ok(())
}
