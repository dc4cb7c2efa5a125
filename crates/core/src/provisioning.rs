//! Provisioning: every person gets a Zoom user the app can register and tie attendance to.
//!
//! For each person: look the email up in Zoom first; if a user exists, link it; otherwise
//! create a licensed `custCreate` user (unless the run is link-only). Zoom's "email already
//! used" (1005/409) means someone created it meanwhile: look up again and link. Every outcome
//! is kept per person. A create is never blindly repeated: after a crash or a network failure
//! the next attempt looks the email up before it acts, so nobody gets two Zoom users.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rollcall_zoom::model::{
    CreateUserAction, DeleteUserAction, NewUser, NewUserInfo, User, UserType,
};
use rollcall_zoom::{ErrorKind, ZoomError};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::{AppError, ErrorCode, Result};
use crate::jobs::{ItemHandler, ItemResult, JobItem};
use crate::store::invitations::InviteeRow;
use crate::store::people::ZoomUserRow;
use crate::store::{Store, now_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ProvisionMode {
    /// Link an existing Zoom user with the same email, or create one.
    CreateOrLink,
    /// Only link existing Zoom users; never create.
    LinkOnly,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisionParams {
    pub account_id: String,
    pub mode: ProvisionMode,
}

/// What a provisioning item ended with (kept as the job item's outcome).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Provisioned {
    pub zoom_user_id: String,
    pub kind: ZoomUserKind,
    pub already: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ZoomUserKind {
    Created,
    Linked,
}

impl ZoomUserKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ZoomUserKind::Created => "created",
            ZoomUserKind::Linked => "linked",
        }
    }
}

pub struct ProvisionHandler {
    pub store: Store,
    pub client: Arc<rollcall_zoom::Client>,
    pub account_id: String,
    pub mode: ProvisionMode,
    pub clock: Arc<dyn Clock>,
    /// The client's daily counters, restored from the store before the first request and
    /// saved back as the run goes (see [`DailyUsageKeeper`]).
    pub usage: DailyUsageKeeper,
}

/// How often an attempt at one person is repeated after a transient failure (Zoom 5xx, a
/// dropped connection, a per-second 429 the client could not wait out) before the item is
/// recorded as failed. Each repeat looks the email up first, so it can never create twice.
const TRANSIENT_ATTEMPTS: u32 = 5;

/// Keeps the Zoom client's daily-cap counters in the store (`zoom_daily_usage`), so that a run
/// resumed after a restart (or a crash) does not overrun a cap the last run had used up.
/// Restored once before the first request; saved at most once a second while items finish,
/// at once when a daily limit stops the run, and by [`DailyUsageKeeper::save`] at the end.
pub struct DailyUsageKeeper {
    store: Store,
    client: Arc<rollcall_zoom::Client>,
    account_id: String,
    clock: Arc<dyn Clock>,
    restored: AtomicBool,
    last_saved: std::sync::Mutex<Option<Instant>>,
}

impl DailyUsageKeeper {
    pub fn new(
        store: Store,
        client: Arc<rollcall_zoom::Client>,
        account_id: String,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            store,
            client,
            account_id,
            clock,
            restored: AtomicBool::new(false),
            last_saved: std::sync::Mutex::new(None),
        }
    }

    /// Hand the saved counters back to the client (once per keeper).
    pub async fn restore(&self) -> Result<()> {
        if self.restored.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        if let Some(json) = self.store.load_daily_usage(&self.account_id).await? {
            match serde_json::from_str::<rollcall_zoom::DailyUsage>(&json) {
                Ok(usage) => self.client.restore_daily_usage(usage),
                // A snapshot this version cannot read only loses today's counts.
                Err(err) => tracing::warn!("ignoring unreadable daily usage: {err}"),
            }
        }
        Ok(())
    }

    /// Save the client's counters now.
    pub async fn save(&self) -> Result<()> {
        let json = serde_json::to_string(&self.client.daily_usage()).map_err(AppError::database)?;
        let now = now_text(self.clock.now());
        self.store
            .save_daily_usage(&self.account_id, &json, &now)
            .await?;
        *self.last_saved.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        Ok(())
    }

    async fn save_now_and_then(&self) {
        let due = self
            .last_saved
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_none_or(|at| at.elapsed() >= Duration::from_secs(1));
        if due && let Err(err) = self.save().await {
            tracing::warn!("could not save Zoom daily usage: {}", err.message);
        }
    }
}

#[async_trait::async_trait]
impl ItemHandler for ProvisionHandler {
    fn concurrency(&self) -> usize {
        // Light requests at 30/s with ~100 ms round trips need a few in flight; the client's
        // scheduler keeps the pace.
        16
    }

    async fn run(&self, items: Vec<JobItem>, interrupted: bool) -> Vec<ItemResult> {
        if let Err(err) = self.usage.restore().await {
            return items
                .iter()
                .map(|_| ItemResult::Failed(err.clone()))
                .collect();
        }
        let mut results = Vec::with_capacity(items.len());
        for item in items {
            results.push(match item.subject.parse::<i64>() {
                Ok(person_id) => self.provision(person_id, interrupted).await,
                Err(_) => ItemResult::Failed(AppError::database(format!(
                    "bad person id {}",
                    item.subject
                ))),
            });
        }
        if results
            .iter()
            .any(|r| matches!(r, ItemResult::Pause { .. }))
        {
            let _ = self.usage.save().await;
        } else {
            self.usage.save_now_and_then().await;
        }
        results
    }
}

impl ProvisionHandler {
    async fn provision(&self, person_id: i64, interrupted: bool) -> ItemResult {
        // Transient failures are tried again here, each time looking before acting: the
        // lookup finds a user an earlier attempt may have created, so nobody gets two.
        let mut attempt = 0;
        let outcome = loop {
            let result = self
                .try_provision(person_id, interrupted || attempt > 0)
                .await;
            match result {
                Err(Outcome::Transient(err)) if attempt + 1 < TRANSIENT_ATTEMPTS => {
                    attempt += 1;
                    tracing::debug!(
                        person_id,
                        attempt,
                        "transient failure, trying again: {}",
                        err.message
                    );
                    tokio::time::sleep(Duration::from_millis(250 << attempt.min(4))).await;
                }
                other => break other,
            }
        };
        match outcome {
            Ok(done) => ItemResult::Done(serde_json::to_value(done).unwrap_or_default()),
            Err(Outcome::Pause(reason, until)) => ItemResult::Pause { reason, until },
            Err(Outcome::Failed(err) | Outcome::Transient(err)) => {
                let now = now_text(self.clock.now());
                let _ = self
                    .store
                    .record_zoom_user_failure(
                        person_id,
                        &self.account_id,
                        &format!("{:?}", err.code),
                        &err.message,
                        &now,
                    )
                    .await;
                ItemResult::Failed(err)
            }
        }
    }

    /// One attempt. `tried_before` is true when an earlier attempt at this person may have
    /// reached Zoom (a crash mid-item, or a transient failure in this run).
    async fn try_provision(
        &self,
        person_id: i64,
        tried_before: bool,
    ) -> Result<Provisioned, Outcome> {
        let mut tried_before = tried_before;
        if let Some(existing) = self.store.zoom_user(person_id, &self.account_id).await? {
            // A failed attempt recorded earlier (another run) may have created the user.
            tried_before |= existing.status == "failed";
            if existing.status == "provisioned"
                && let Some(id) = existing.zoom_user_id
            {
                return Ok(Provisioned {
                    zoom_user_id: id,
                    kind: if existing.kind.as_deref() == Some("created") {
                        ZoomUserKind::Created
                    } else {
                        ZoomUserKind::Linked
                    },
                    already: true,
                });
            }
        }
        let person = self.person(person_id).await?;

        // Look first: this is what makes a repeated or resumed create safe.
        if let Some(user) = self.find_by_email(&person.email).await? {
            // A custCreate user found after an interrupted attempt is the one that attempt made.
            let kind = if tried_before && user.is_api_user() {
                ZoomUserKind::Created
            } else {
                ZoomUserKind::Linked
            };
            return self.save(&person, &user.id, &user.email, kind).await;
        }
        if self.mode == ProvisionMode::LinkOnly {
            return Err(Outcome::Failed(AppError::not_found(format!(
                "Zoom has no user with the email {}; this run only links existing users.",
                person.email
            ))));
        }
        let request = NewUser {
            action: CreateUserAction::CustCreate,
            user_info: NewUserInfo {
                email: person.email.clone(),
                // custCreate users must be licensed to host and to register (ISV workflow).
                user_type: UserType::Licensed,
                first_name: non_empty(&person.first_name),
                last_name: non_empty(&person.last_name),
                display_name: None,
            },
        };
        match self.client.users().create(&request).await {
            Ok(created) => {
                self.save(&person, &created.id, &created.email, ZoomUserKind::Created)
                    .await
            }
            // Someone (or an earlier attempt) created it meanwhile: link it.
            Err(err) if err.kind == ErrorKind::Conflict => {
                match self.find_by_email(&person.email).await? {
                    Some(user) => {
                        let kind = if tried_before && user.is_api_user() {
                            ZoomUserKind::Created
                        } else {
                            ZoomUserKind::Linked
                        };
                        self.save(&person, &user.id, &user.email, kind).await
                    }
                    None => Err(Outcome::Failed(AppError::from(err))),
                }
            }
            // The create may or may not have happened: look once more before giving up, and
            // leave a retry to look again.
            Err(err) if matches!(err.kind, ErrorKind::Network | ErrorKind::Unavailable) => {
                match self.find_by_email(&person.email).await {
                    Ok(Some(user)) => {
                        self.save(&person, &user.id, &user.email, ZoomUserKind::Created)
                            .await
                    }
                    _ => Err(Outcome::from(err)),
                }
            }
            Err(err) => Err(Outcome::from(err)),
        }
    }

    async fn find_by_email(&self, email: &str) -> Result<Option<User>, Outcome> {
        match self.client.users().get(email).await {
            Ok(user) if !user.id.is_empty() => Ok(Some(user)),
            Ok(_) => Ok(None),
            Err(err) if err.kind == ErrorKind::NotFound => Ok(None),
            Err(err) => Err(Outcome::from(err)),
        }
    }

    async fn person(&self, person_id: i64) -> Result<InviteeRow, Outcome> {
        Ok(self
            .store
            .person_contact(person_id)
            .await?
            .ok_or_else(|| AppError::not_found("This person is no longer in the directory."))?)
    }

    async fn save(
        &self,
        person: &InviteeRow,
        zoom_user_id: &str,
        zoom_email: &str,
        kind: ZoomUserKind,
    ) -> Result<Provisioned, Outcome> {
        let now = now_text(self.clock.now());
        self.store
            .save_zoom_user(&ZoomUserRow {
                person_id: person.id,
                account_id: self.account_id.clone(),
                zoom_user_id: Some(zoom_user_id.to_owned()),
                zoom_email: Some(zoom_email.to_owned()),
                kind: Some(kind.as_str().to_owned()),
                status: "provisioned".to_owned(),
                error_code: None,
                error_message: None,
                updated_at: now,
            })
            .await?;
        Ok(Provisioned {
            zoom_user_id: zoom_user_id.to_owned(),
            kind,
            already: false,
        })
    }
}

/// Deleting the Zoom users Rollcall created for deactivated people (`action=delete`: Zoom
/// refuses to disassociate API users, REFERENCE §2).
pub struct DeprovisionHandler {
    pub store: Store,
    pub client: Arc<rollcall_zoom::Client>,
    pub account_id: String,
    pub clock: Arc<dyn Clock>,
}

#[async_trait::async_trait]
impl ItemHandler for DeprovisionHandler {
    fn concurrency(&self) -> usize {
        4
    }

    async fn run(&self, items: Vec<JobItem>, _interrupted: bool) -> Vec<ItemResult> {
        let mut results = Vec::with_capacity(items.len());
        for item in items {
            let outcome = match item.subject.parse::<i64>() {
                Ok(person_id) => self.deprovision(person_id).await,
                Err(_) => Err(Outcome::Failed(AppError::database(format!(
                    "bad person id {}",
                    item.subject
                )))),
            };
            results.push(match outcome {
                Ok(value) => ItemResult::Done(value),
                Err(Outcome::Pause(reason, until)) => ItemResult::Pause { reason, until },
                Err(Outcome::Failed(err) | Outcome::Transient(err)) => ItemResult::Failed(err),
            });
        }
        results
    }
}

impl DeprovisionHandler {
    async fn deprovision(&self, person_id: i64) -> Result<serde_json::Value, Outcome> {
        let Some(mut row) = self.store.zoom_user(person_id, &self.account_id).await? else {
            return Ok(serde_json::json!({ "nothingToDelete": true }));
        };
        let Some(zoom_id) = row
            .zoom_user_id
            .clone()
            .filter(|_| row.status == "provisioned")
        else {
            return Ok(serde_json::json!({ "nothingToDelete": true }));
        };
        if row.kind.as_deref() != Some("created") {
            return Err(Outcome::Failed(AppError::validation(
                "This Zoom user was linked, not created by Rollcall, so Rollcall leaves it alone.",
            )));
        }
        match self
            .client
            .users()
            .delete(&zoom_id, DeleteUserAction::Delete)
            .await
        {
            // Already gone is what we wanted (a resumed run may have deleted it).
            Ok(()) => {}
            Err(err) if err.kind == ErrorKind::NotFound => {}
            Err(err) => return Err(Outcome::from(err)),
        }
        row.status = "deleted".to_owned();
        row.updated_at = now_text(self.clock.now());
        self.store.save_zoom_user(&row).await?;
        Ok(serde_json::json!({ "deleted": zoom_id }))
    }
}

fn non_empty(value: &str) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.chars().take(64).collect())
}

/// How an item's attempt ends when it does not succeed.
enum Outcome {
    /// The job should wait (a daily limit), nothing was done.
    Pause(AppError, Option<chrono::DateTime<chrono::Utc>>),
    /// Zoom 5xx, a dropped connection, or a per-second 429 the client could not wait out:
    /// worth another look-then-act attempt shortly.
    Transient(AppError),
    Failed(AppError),
}

impl From<AppError> for Outcome {
    fn from(err: AppError) -> Self {
        Outcome::Failed(err)
    }
}

impl From<ZoomError> for Outcome {
    fn from(err: ZoomError) -> Self {
        let until = err.retry_after;
        let kind = err.kind.clone();
        let app = AppError::from(err);
        match kind {
            ErrorKind::RateLimited { daily: true } => Outcome::Pause(app, until),
            ErrorKind::RateLimited { daily: false }
            | ErrorKind::Unavailable
            | ErrorKind::Network => Outcome::Transient(app),
            _ if app.code == ErrorCode::ZoomRateLimited => Outcome::Pause(app, until),
            _ => Outcome::Failed(app),
        }
    }
}
