//! The application: one data folder, its store, the keychain, and the active Zoom connection
//! (a real account, or the demo). The desktop shell and the CLI both drive this.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tokio::sync::{Mutex, RwLock};

use crate::accounts::{Account, ConnectionReport, NewAccount};
use crate::clock::{self, Clock};
use crate::demo::{self, Demo};
use crate::error::{AppError, ErrorCode, Result};
use crate::jobs::{JobProgress, Runner};
use crate::secrets::{self, Secret, SecretStore};
use crate::store::accounts::AccountRow;
use crate::store::audit::AuditEntry;
use crate::store::{self, Store};
use crate::{connection, paths};

const MODE_KEY: &str = "mode";
const ACTIVE_ACCOUNT_KEY: &str = "active_account_id";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum AppMode {
    /// No account yet and not in the demo: offer both.
    FirstRun,
    Demo,
    Connected,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub mode: AppMode,
    pub active_account: Option<Account>,
    pub data_dir: String,
    pub version: String,
}

#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub data_dir: PathBuf,
    pub keyring_service: String,
}

impl OpenOptions {
    /// `ROLLCALL_DATA_DIR` / `ROLLCALL_KEYRING_SERVICE`, else the platform defaults.
    pub fn from_env() -> Self {
        Self {
            data_dir: paths::default_data_dir(),
            keyring_service: secrets::default_service(),
        }
    }
}

pub struct App {
    data_dir: PathBuf,
    main: Store,
    main_runner: Arc<Runner>,
    job_events: tokio::sync::broadcast::Sender<JobProgress>,
    secrets: std::result::Result<SecretStore, AppError>,
    demo: RwLock<Option<Demo>>,
    /// One client per account, so tokens and rate-limit pacing are shared by every caller.
    clients: Mutex<HashMap<String, Arc<rollcall_zoom::Client>>>,
    clock: Arc<dyn Clock>,
    actor: String,
    /// An account chosen for this process only (`rollcall --account NAME`), leaving the saved
    /// active account alone.
    session_account: std::sync::Mutex<Option<String>>,
    /// The data folder's lock, once taken ([`App::lock_data_folder`]).
    folder_lock: std::sync::Mutex<Option<crate::lock::DataFolderLock>>,
    /// Zoom client knobs for clients made from now on (tests: short timeouts, fast backoff).
    zoom_options: std::sync::Mutex<Option<rollcall_zoom::ClientOptions>>,
}

impl App {
    /// Open the data folder. Demo mode, if it was on, starts again.
    pub async fn open(options: OpenOptions) -> Result<Self> {
        let secrets = SecretStore::system(options.keyring_service.clone());
        Self::open_with(options.data_dir, secrets, clock::system()).await
    }

    /// Open with an explicit keychain and clock (tests).
    pub async fn open_with(
        data_dir: PathBuf,
        secrets: std::result::Result<SecretStore, AppError>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self> {
        let main = Store::open(&paths::store_file(&data_dir)).await?;
        let (job_events, _) = tokio::sync::broadcast::channel(1024);
        let main_runner = Arc::new(Runner::with_events(
            main.clone(),
            clock.clone(),
            job_events.clone(),
        ));
        let app = Self {
            data_dir,
            main,
            main_runner,
            job_events,
            secrets,
            demo: RwLock::new(None),
            clients: Mutex::new(HashMap::new()),
            clock,
            actor: local_actor(),
            session_account: std::sync::Mutex::new(None),
            folder_lock: std::sync::Mutex::new(None),
            zoom_options: std::sync::Mutex::new(None),
        };
        if app.main.setting(MODE_KEY).await?.as_deref() == Some("demo") {
            app.start_demo().await?;
        }
        Ok(app)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Take the data folder's lock for as long as this app lives (idempotent). The desktop app
    /// takes it at start, the CLI before running a job, and every job run takes it first, so
    /// two processes never run the same jobs.
    pub fn lock_data_folder(&self) -> Result<()> {
        let mut slot = self
            .folder_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(crate::lock::DataFolderLock::acquire(&self.data_dir)?);
        }
        Ok(())
    }

    /// Keep a lock taken before opening (the desktop takes it first, so a second window leaves
    /// before touching anything).
    pub fn hold_data_folder_lock(&self, lock: crate::lock::DataFolderLock) {
        *self
            .folder_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(lock);
    }

    /// The real store of the data folder (not the demo's), and its job runner.
    pub(crate) fn main_store(&self) -> (&Store, &Arc<Runner>) {
        (&self.main, &self.main_runner)
    }

    /// Use these Zoom client knobs (timeouts, retries) from now on; cached clients are dropped.
    /// Tests use it for short timeouts against a slow zoom-sim.
    pub async fn set_zoom_client_options(&self, options: rollcall_zoom::ClientOptions) {
        *self
            .zoom_options
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(options);
        self.forget_clients().await;
    }

    /// Forget cached Zoom clients (the accounts may have changed under them).
    pub(crate) async fn forget_clients(&self) {
        self.clients.lock().await.clear();
    }

    /// The store of the current mode: the demo's own store in demo mode, else the real one.
    pub async fn store(&self) -> Store {
        match &*self.demo.read().await {
            Some(demo) => demo.store.clone(),
            None => self.main.clone(),
        }
    }

    /// The job runner of the current mode's store.
    pub async fn runner(&self) -> Arc<Runner> {
        match &*self.demo.read().await {
            Some(demo) => demo.runner.clone(),
            None => self.main_runner.clone(),
        }
    }

    /// Progress of every job, in demo mode and out of it.
    pub fn subscribe_jobs(&self) -> tokio::sync::broadcast::Receiver<JobProgress> {
        self.job_events.subscribe()
    }

    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub async fn status(&self) -> Result<AppStatus> {
        let (mode, active_account) = match &*self.demo.read().await {
            Some(demo) => (AppMode::Demo, Some(demo.account.clone())),
            None => match self.active_account_row().await? {
                Some(row) => (AppMode::Connected, Some(Account::from_row(&row)?)),
                None => (AppMode::FirstRun, None),
            },
        };
        Ok(AppStatus {
            mode,
            active_account,
            data_dir: self.data_dir.display().to_string(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })
    }

    /// Enter the demo: a simulated Zoom and a store of its own, seeded afresh with the demo
    /// organization (see `demo::seed`). Already in the demo: nothing changes.
    pub async fn start_demo(&self) -> Result<AppStatus> {
        let started = {
            let mut slot = self.demo.write().await;
            if slot.is_none() {
                let now = self.clock.now();
                let demo = demo::start(&self.data_dir, demo::seed::sim_start(now)).await?;
                let runner = Arc::new(Runner::with_events(
                    demo.store.clone(),
                    self.clock.clone(),
                    self.job_events.clone(),
                ));
                *slot = Some(demo.with_runner(runner));
                Some(now)
            } else {
                None
            }
        };
        if let Some(now) = started
            && let Err(err) = demo::seed::seed(self, now).await
        {
            // A half-seeded demo is no demo: stop it and say so.
            self.leave_demo().await?;
            return Err(err);
        }
        self.main.set_setting(MODE_KEY, "demo").await?;
        self.status().await
    }

    /// Run `f` on the running demo; a plain error outside demo mode.
    pub(crate) async fn with_demo<T>(&self, f: impl FnOnce(&Demo) -> T) -> Result<T> {
        match &*self.demo.read().await {
            Some(demo) => Ok(f(demo)),
            None => Err(AppError::validation(
                "This only works in the demo. Try the demo from the first-run screen, or leave \
                 your Zoom account in Settings to start it.",
            )),
        }
    }

    /// Run `f` on the demo's simulated Zoom.
    pub(crate) async fn with_demo_sim<T>(
        &self,
        f: impl FnOnce(&zoom_sim::SimHandle) -> T,
    ) -> Result<T> {
        self.with_demo(|demo| f(&demo.sim)).await
    }

    pub async fn leave_demo(&self) -> Result<AppStatus> {
        if let Some(demo) = self.demo.write().await.take() {
            demo.store.close().await;
            demo.sim.shutdown().await;
            self.clients.lock().await.remove(demo::DEMO_ACCOUNT_ID);
        }
        self.main.clear_setting(MODE_KEY).await?;
        self.status().await
    }

    pub async fn list_accounts(&self) -> Result<Vec<Account>> {
        self.main
            .list_accounts()
            .await?
            .iter()
            .map(Account::from_row)
            .collect()
    }

    /// Check the credentials against Zoom, then keep the secret in the keychain and the profile
    /// in the store. Nothing is saved when the test fails. The first account becomes active
    /// (and ends the demo).
    pub async fn add_account(&self, input: NewAccount) -> Result<(Account, ConnectionReport)> {
        let valid = input.validate()?;
        if self.main.find_account_by_name(&valid.name).await?.is_some() {
            return Err(AppError::conflict(format!(
                "There is already a Zoom account named \"{}\". Choose another name.",
                valid.name
            )));
        }
        let secrets = self.secrets()?;
        let id = uuid::Uuid::new_v4().to_string();
        let account = Account {
            id: id.clone(),
            name: valid.name,
            account_id: valid.account_id,
            client_id: valid.client_id,
            plan: valid.plan,
            api_base: valid.api_base,
            oauth_base: valid.oauth_base,
            is_demo: false,
        };
        let client = connection::client(&account, valid.client_secret.clone())?;
        let report = connection::test(&client, &account).await?;

        let keychain_ref = format!("zoom-account-{id}");
        secrets.save(&keychain_ref, &valid.client_secret)?;
        let now = store::now_text(self.clock.now());
        let row = AccountRow {
            id: id.clone(),
            name: account.name.clone(),
            zoom_account_id: account.account_id.clone(),
            client_id: account.client_id.clone(),
            plan: account.plan.as_str().to_owned(),
            api_base: account.api_base.clone(),
            oauth_base: account.oauth_base.clone(),
            keychain_ref: keychain_ref.clone(),
            owner_email: Some(report.owner_email.clone()),
            created_at: now.clone(),
            last_tested_at: Some(now.clone()),
        };
        if let Err(err) = self.main.insert_account(&row).await {
            // Keep the keychain and the store in step.
            let _ = secrets.delete(&keychain_ref);
            return Err(err);
        }
        self.clients
            .lock()
            .await
            .insert(id.clone(), Arc::new(client));
        self.audit(Some(&id), "account.add", &account.name, "ok")
            .await?;

        if self.active_account_row().await?.is_none() {
            self.main.set_setting(ACTIVE_ACCOUNT_KEY, &id).await?;
            self.leave_demo().await?;
        }
        Ok((account, report))
    }

    /// Get a token and ask Zoom who owns the account (`GET /users/me`).
    pub async fn test_account(&self, id: &str) -> Result<ConnectionReport> {
        let (account, client) = self.client_for(id).await?;
        let report = connection::test(&client, &account).await?;
        if !account.is_demo {
            let now = store::now_text(self.clock.now());
            self.main
                .record_account_test(&account.id, &report.owner_email, &now)
                .await?;
        }
        Ok(report)
    }

    pub async fn rename_account(&self, id: &str, new_name: &str) -> Result<Account> {
        let new_name = new_name.trim();
        if new_name.is_empty() {
            return Err(AppError::validation("The new name is empty."));
        }
        let row = self.account_row(id).await?;
        if let Some(other) = self.main.find_account_by_name(new_name).await?
            && other.id != row.id
        {
            return Err(AppError::conflict(format!(
                "There is already a Zoom account named \"{new_name}\"."
            )));
        }
        self.main.rename_account(&row.id, new_name).await?;
        self.audit(Some(&row.id), "account.rename", new_name, "ok")
            .await?;
        Account::from_row(&self.account_row(&row.id).await?)
    }

    /// Forget the profile and delete its secret from the keychain. Nothing changes in Zoom.
    pub async fn remove_account(&self, id: &str) -> Result<()> {
        let row = self.account_row(id).await?;
        self.secrets()?.delete(&row.keychain_ref)?;
        self.main.delete_account(&row.id).await?;
        self.clients.lock().await.remove(&row.id);
        if self.main.setting(ACTIVE_ACCOUNT_KEY).await?.as_deref() == Some(row.id.as_str()) {
            self.main.clear_setting(ACTIVE_ACCOUNT_KEY).await?;
        }
        self.audit(Some(&row.id), "account.remove", &row.name, "ok")
            .await?;
        Ok(())
    }

    /// Make an account the active one (this ends the demo).
    pub async fn use_account(&self, id: &str) -> Result<AppStatus> {
        let row = self.account_row(id).await?;
        self.main.set_setting(ACTIVE_ACCOUNT_KEY, &row.id).await?;
        self.leave_demo().await
    }

    /// Work with this account for the rest of this process only (the CLI's `--account`).
    pub async fn use_account_for_session(&self, id_or_name: &str) -> Result<Account> {
        let row = self.account_row(id_or_name).await?;
        *self
            .session_account
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(row.id.clone());
        Account::from_row(&row)
    }

    /// The active Zoom connection: an account chosen for this session, else the demo's
    /// simulated account, else the saved active account.
    pub async fn active_client(&self) -> Result<(Account, Arc<rollcall_zoom::Client>)> {
        let chosen = self
            .session_account
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        if let Some(id) = chosen {
            return self.client_for(&id).await;
        }
        if let Some(demo) = &*self.demo.read().await {
            let id = demo.account.id.clone();
            return self.client_for(&id).await;
        }
        let row = self.active_account_row().await?.ok_or_else(|| {
            AppError::new(
                ErrorCode::ZoomNotConnected,
                "No Zoom account is connected. Connect one in Settings → Zoom accounts, or try \
                 the demo.",
            )
        })?;
        self.client_for(&row.id).await
    }

    async fn client_for(&self, id: &str) -> Result<(Account, Arc<rollcall_zoom::Client>)> {
        let (account, secret) = match &*self.demo.read().await {
            Some(demo) if demo.account.id == id => (demo.account.clone(), demo.secret.clone()),
            _ => {
                let row = self.account_row(id).await?;
                let account = Account::from_row(&row)?;
                if let Some(client) = self.clients.lock().await.get(&account.id) {
                    return Ok((account, client.clone()));
                }
                let secret = self.load_secret(&row.keychain_ref).await?;
                (account, secret)
            }
        };
        let mut clients = self.clients.lock().await;
        if let Some(client) = clients.get(&account.id) {
            return Ok((account, client.clone()));
        }
        let options = self
            .zoom_options
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let client = Arc::new(connection::client_with(&account, secret, options)?);
        clients.insert(account.id.clone(), client.clone());
        Ok((account, client))
    }

    /// Keychain calls block on D-Bus: keep them off the async threads.
    async fn load_secret(&self, keychain_ref: &str) -> Result<Secret<String>> {
        let secrets = self.secrets()?.clone();
        let key = keychain_ref.to_owned();
        tokio::task::spawn_blocking(move || secrets.load(&key))
            .await
            .map_err(|e| {
                AppError::new(ErrorCode::Unknown, "Reading the keychain failed.")
                    .with_detail(e.to_string())
            })?
    }

    fn secrets(&self) -> Result<&SecretStore> {
        self.secrets.as_ref().map_err(Clone::clone)
    }

    async fn account_row(&self, id_or_name: &str) -> Result<AccountRow> {
        if let Some(row) = self.main.find_account(id_or_name).await? {
            return Ok(row);
        }
        self.main
            .find_account_by_name(id_or_name)
            .await?
            .ok_or_else(|| {
                AppError::not_found(format!("There is no Zoom account \"{id_or_name}\"."))
            })
    }

    async fn active_account_row(&self) -> Result<Option<AccountRow>> {
        match self.main.setting(ACTIVE_ACCOUNT_KEY).await? {
            Some(id) => self.main.find_account(&id).await,
            None => Ok(None),
        }
    }

    async fn audit(
        &self,
        account_id: Option<&str>,
        action: &str,
        subject: &str,
        outcome: &str,
    ) -> Result<()> {
        let at = store::now_text(self.clock.now());
        self.main
            .audit(AuditEntry {
                at: &at,
                actor: &self.actor,
                account_id,
                action,
                subject,
                outcome,
            })
            .await
    }
}

/// "Who on this computer" for the audit log.
fn local_actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned())
}
