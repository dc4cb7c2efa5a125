//! A temporary data folder, an in-memory keychain, zoom-sim on loopback, and a tracing
//! capture so tests can check what was logged.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use rollcall_core::App;
use rollcall_core::accounts::{NewAccount, Plan, SecretInput};
use rollcall_core::jobs::{JobKind, JobState};
use rollcall_core::secrets::SecretStore;
use rollcall_core::store::jobs::NewItem;
use rollcall_core::store::people::PersonUpsert;
use serde_json::{Value, json};

pub const SECRET: &str = "sim-client-secret-acceptance-7d2e";

pub struct World {
    pub dir: tempfile::TempDir,
    pub sim: zoom_sim::SimHandle,
    pub app: App,
    pub http: reqwest::Client,
}

/// Everything logged by any test of this binary (tracing and `log`), at every level.
pub fn captured_log() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUFFER.get_or_init(|| Arc::new(Mutex::new(Vec::new())))
}

#[derive(Clone)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn capture_logs() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        let buffer = log_buffer().clone();
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Capture(buffer.clone()))
            .try_init();
    });
}

pub fn sim_account() -> zoom_sim::SimAccount {
    zoom_sim::SimAccount {
        account_id: "acct-acceptance".into(),
        client_id: "client-acceptance".into(),
        client_secret: SECRET.into(),
        owner_email: "owner@school.example".into(),
        scopes: None,
        plan: zoom_sim::Plan::Pro,
    }
}

pub async fn world() -> World {
    capture_logs();
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
    let app = App::open_with(
        dir.path().to_owned(),
        Ok(SecretStore::in_memory("rollcall-acceptance")),
        rollcall_core::clock::system(),
    )
    .await
    .expect("the app opens");
    app.add_account(NewAccount {
        name: "School".into(),
        account_id: "acct-acceptance".into(),
        client_id: "client-acceptance".into(),
        client_secret: SecretInput::new(SECRET),
        plan: Plan::Pro,
        api_base: Some(sim.api_base()),
        oauth_base: Some(sim.oauth_base()),
    })
    .await
    .expect("the sim account connects");
    World {
        dir,
        sim,
        app,
        http: reqwest::Client::new(),
    }
}

impl World {
    /// `n` people `{prefix}-{i}` in group `group`.
    pub async fn people(&self, prefix: &str, n: usize, group: &str) {
        let people: Vec<PersonUpsert> = (0..n)
            .map(|i| PersonUpsert {
                external_id: format!("{prefix}-{i:04}"),
                email: format!("{prefix}.{i}@people.school.example"),
                first_name: format!("First{i}"),
                last_name: format!("{prefix}{i}"),
                groups: vec![group.to_owned()],
            })
            .collect();
        let now = rollcall_core::store::now_text(chrono::Utc::now());
        self.app
            .store()
            .await
            .upsert_people(&people, &now)
            .await
            .unwrap();
    }

    /// Provision people through the provisioning job (custCreate Zoom users).
    pub async fn provision(&self, external_ids: &[&str]) {
        let store = self.app.store().await;
        let account = self.app.status().await.unwrap().active_account.unwrap();
        let mut items = Vec::new();
        for id in external_ids {
            let person = store.person_id_by_external_id(id).await.unwrap().unwrap();
            items.push(NewItem {
                idempotency_key: format!("provision:{person}"),
                subject: person.to_string(),
                label: (*id).to_owned(),
            });
        }
        let job = self
            .app
            .runner()
            .await
            .create(
                JobKind::Provision,
                "Provision",
                Some(&account.id),
                &json!({ "accountId": account.id, "mode": "createOrLink" }),
                &items,
            )
            .await
            .unwrap();
        let job = self.app.run_job(&job.id).await.unwrap();
        assert_eq!(job.state, JobState::Completed, "{job:?}");
    }

    pub async fn state(&self) -> Value {
        self.http
            .get(format!("{}/state", self.sim.control_base()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Requests to endpoints whose name contains `fragment` (e.g. "batch_registrants").
    pub async fn requests(&self, method: &str, fragment: &str) -> u64 {
        let state = self.state().await;
        state["requests_by_endpoint"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(name, _)| name.starts_with(&format!("{method} ")) && name.ends_with(fragment))
            .map(|(_, n)| n.as_u64().unwrap_or(0))
            .sum()
    }

    pub async fn control(&self, path: &str, body: Value) -> (u16, Value) {
        let resp = self
            .http
            .post(format!("{}{path}", self.sim.control_base()))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let body = resp.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    pub async fn join(&self, join_url: &str, name: &str) -> (u16, Value) {
        self.control("/join", json!({ "join_url": join_url, "name": name }))
            .await
    }
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            hits.push(path.display().to_string());
        }
    }
    hits
}
