//! Demo mode: with no Zoom account, Rollcall runs against zoom-sim in-process on a free
//! loopback port, with its own store, so a new user can try everything without credentials
//! and leaving the demo never mixes demo data with a real account.
//!
//! The demo starts fresh each time it is entered (the simulator keeps its state in memory).

use std::path::Path;

use crate::accounts::{Account, Plan};
use crate::error::{AppError, Result};
use crate::paths;
use crate::secrets::Secret;
use crate::store::Store;

pub const DEMO_ACCOUNT_ID: &str = "demo";

pub(crate) struct Demo {
    pub sim: zoom_sim::SimHandle,
    pub store: Store,
    pub account: Account,
    /// The simulator's made-up credential. It is not a real secret, so it is kept in memory
    /// only and never written to the keychain.
    pub secret: Secret<String>,
    pub runner: std::sync::Arc<crate::jobs::Runner>,
}

/// A started demo before its job runner is attached.
pub(crate) struct Started {
    pub sim: zoom_sim::SimHandle,
    pub store: Store,
    pub account: Account,
    pub secret: Secret<String>,
}

impl Started {
    pub fn with_runner(self, runner: std::sync::Arc<crate::jobs::Runner>) -> Demo {
        Demo {
            sim: self.sim,
            store: self.store,
            account: self.account,
            secret: self.secret,
            runner,
        }
    }
}

pub(crate) async fn start(data_dir: &Path) -> Result<Started> {
    let sim_account = zoom_sim::SimAccount::demo();
    let sim = zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![sim_account.clone()],
            ..zoom_sim::SimConfig::default()
        },
        0,
    )
    .await
    .map_err(|e| {
        AppError::new(
            crate::error::ErrorCode::Unknown,
            "The demo could not start its simulated Zoom on this computer.",
        )
        .with_detail(e.to_string())
    })?;

    let store_path = paths::demo_store_file(data_dir);
    remove_store_files(&store_path)?;
    let store = Store::open(&store_path).await?;

    let account = Account {
        id: DEMO_ACCOUNT_ID.to_owned(),
        name: "Demo organization".to_owned(),
        account_id: sim_account.account_id.clone(),
        client_id: sim_account.client_id.clone(),
        plan: Plan::Pro,
        api_base: sim.api_base(),
        oauth_base: sim.oauth_base(),
        is_demo: true,
    };
    Ok(Started {
        sim,
        store,
        account,
        secret: Secret::new(sim_account.client_secret),
    })
}

fn remove_store_files(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(AppError::database(e)),
        }
    }
    Ok(())
}
