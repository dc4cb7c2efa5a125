//! Shared set-up: a temporary data folder, an in-memory keychain, and zoom-sim on loopback.

use std::path::Path;

use rollcall_core::App;
use rollcall_core::accounts::{NewAccount, Plan, SecretInput};
use rollcall_core::secrets::SecretStore;

pub const SECRET: &str = "sim-client-secret-4f1c9a77e2";

pub struct World {
    pub dir: tempfile::TempDir,
    pub sim: zoom_sim::SimHandle,
    pub app: App,
}

pub fn sim_account() -> zoom_sim::SimAccount {
    zoom_sim::SimAccount {
        account_id: "acct-test".into(),
        client_id: "client-test".into(),
        client_secret: SECRET.into(),
        owner_email: "owner@school.example".into(),
        scopes: None,
        plan: zoom_sim::Plan::Pro,
    }
}

pub async fn world() -> World {
    let sim = zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![sim_account()],
            ..Default::default()
        },
        0,
    )
    .await
    .expect("zoom-sim starts");
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path(), SecretStore::in_memory("rollcall-test")).await;
    World { dir, sim, app }
}

pub async fn open_app(dir: &Path, secrets: SecretStore) -> App {
    App::open_with(dir.to_owned(), Ok(secrets), rollcall_core::clock::system())
        .await
        .expect("the app opens")
}

pub fn new_account(sim: &zoom_sim::SimHandle, name: &str, secret: &str) -> NewAccount {
    NewAccount {
        name: name.into(),
        account_id: "acct-test".into(),
        client_id: "client-test".into(),
        client_secret: SecretInput::new(secret),
        plan: Plan::Pro,
        api_base: Some(sim.api_base()),
        oauth_base: Some(sim.oauth_base()),
    }
}

/// Every byte of every file under `dir`, searched for `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
        {
            hits.push(path.display().to_string());
        }
    }
    hits
}
