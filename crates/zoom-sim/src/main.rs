//! `zoom-sim`: serve the simulator on loopback and print where, as one JSON line.

use std::io::Write;
use std::time::Duration;

use clap::Parser;
use zoom_sim::{HipaaMask, Plan, SimAccount, SimConfig};

#[derive(Parser, Debug)]
#[command(
    name = "zoom-sim",
    about = "A faithful simulator of the Zoom REST endpoints Rollcall uses"
)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// free | pro | business
    #[arg(long, default_value = "pro")]
    plan: String,
    /// HIPAA masking of names and emails in participant rows: stars | empty.
    #[arg(long)]
    hipaa: Option<String>,
    /// Latency added to every Zoom response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// ACCOUNT_ID:CLIENT_ID:CLIENT_SECRET (repeatable); default: the demo account.
    #[arg(long)]
    account: Vec<String>,
    /// Seed for ids, tokens and UUIDs.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Switch the account rate limits off (benchmarks only).
    #[arg(long)]
    no_rate_limits: bool,
    /// Start the sim clock at this RFC 3339 time instead of now.
    #[arg(long)]
    start_time: Option<String>,
    /// Keep what Zoom holds in this JSON file across runs (written on SIGTERM/SIGINT).
    #[arg(long)]
    snapshot: Option<std::path::PathBuf>,
    /// Sim seconds between a meeting's end and its report data appearing.
    #[arg(long, default_value_t = 0)]
    report_delay_s: u64,
}

fn parse_plan(s: &str) -> Result<Plan, String> {
    match s.to_ascii_lowercase().as_str() {
        "free" => Ok(Plan::Free),
        "pro" => Ok(Plan::Pro),
        "business" | "business+" | "enterprise" => Ok(Plan::Business),
        other => Err(format!("unknown plan {other:?} (free, pro, business)")),
    }
}

fn config(args: &Args) -> Result<SimConfig, String> {
    let plan = parse_plan(&args.plan)?;
    let hipaa = match args.hipaa.as_deref() {
        None => None,
        Some("stars") => Some(HipaaMask::Stars),
        Some("empty") => Some(HipaaMask::Empty),
        Some(other) => return Err(format!("unknown --hipaa {other:?} (stars, empty)")),
    };
    let mut accounts = Vec::new();
    for a in &args.account {
        let mut parts = a.splitn(3, ':');
        let (Some(id), Some(client), Some(secret)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(format!(
                "--account wants ACCOUNT_ID:CLIENT_ID:CLIENT_SECRET, got {a:?}"
            ));
        };
        accounts.push(SimAccount {
            account_id: id.into(),
            client_id: client.into(),
            client_secret: secret.into(),
            owner_email: format!("owner@{id}.rollcall.invalid"),
            scopes: None,
            plan,
        });
    }
    if accounts.is_empty() {
        accounts.push(SimAccount {
            plan,
            ..SimAccount::demo()
        });
    }
    let start_time = match &args.start_time {
        None => None,
        Some(t) => Some(
            chrono::DateTime::parse_from_rfc3339(t)
                .map_err(|e| format!("--start-time {t:?}: {e}"))?
                .with_timezone(&chrono::Utc),
        ),
    };
    Ok(SimConfig {
        accounts,
        start_time,
        snapshot: args.snapshot.clone(),
        report_delay: Duration::from_secs(args.report_delay_s),
        hipaa,
        latency: Duration::from_millis(args.latency_ms),
        seed: args.seed,
        rate_limits: !args.no_rate_limits,
        ..SimConfig::default()
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let config = match config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("zoom-sim: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let handle = match zoom_sim::start(config, args.port).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("zoom-sim: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return std::process::ExitCode::from(1);
        }
    };
    // Keys in the documented order (serde_json's map would sort them).
    let quote = |s: String| serde_json::Value::String(s).to_string();
    let line = format!(
        "{{\"api_base\": {}, \"oauth_base\": {}, \"control_base\": {}}}",
        quote(handle.api_base()),
        quote(handle.oauth_base()),
        quote(handle.control_base()),
    );
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
        return std::process::ExitCode::from(1);
    }
    drop(out);
    wait_for_signal().await;
    handle.shutdown().await;
    std::process::ExitCode::SUCCESS
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
