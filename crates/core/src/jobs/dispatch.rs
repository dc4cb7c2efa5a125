//! Starting, resuming and controlling jobs from the front ends: which handler serves which kind
//! of job, with the active Zoom connection.

use std::sync::Arc;

use super::{ItemHandler, Job, JobKind};
use crate::app::App;
use crate::error::{AppError, Result};
use crate::provisioning::{
    DailyUsageKeeper, DeprovisionHandler, ProvisionHandler, ProvisionParams,
};

impl App {
    /// The handler for a job, bound to the account it was started for.
    pub async fn handler_for(&self, job: &Job) -> Result<Arc<dyn ItemHandler>> {
        let runner = self.runner().await;
        let params = runner.params(&job.id).await?;
        let (account, client) = self.active_client().await?;
        let store = self.store().await;
        let clock = self.clock();
        match job.kind {
            JobKind::Provision => {
                let params: ProvisionParams =
                    serde_json::from_value(params).map_err(AppError::database)?;
                ensure_same_account(&params.account_id, &account.id)?;
                let usage = DailyUsageKeeper::new(
                    store.clone(),
                    client.clone(),
                    params.account_id.clone(),
                    clock.clone(),
                );
                Ok(Arc::new(ProvisionHandler {
                    store,
                    client,
                    account_id: params.account_id,
                    mode: params.mode,
                    clock,
                    usage,
                }))
            }
            JobKind::Deprovision => {
                let params: ProvisionParams =
                    serde_json::from_value(params).map_err(AppError::database)?;
                ensure_same_account(&params.account_id, &account.id)?;
                Ok(Arc::new(DeprovisionHandler {
                    store,
                    client,
                    account_id: params.account_id,
                    clock,
                }))
            }
            JobKind::AttendanceSync => {
                let params: crate::attendance::sync::AttendanceSyncParams =
                    serde_json::from_value(params).map_err(AppError::database)?;
                ensure_same_account(&params.account_id, &account.id)?;
                Ok(self.attendance_sync_handler(params).await?)
            }
            JobKind::Register | JobKind::Uninvite | JobKind::CloseDoor => {
                crate::invitations::handler(job.kind, store, client, clock, params, &account.id)
                    .await
            }
        }
    }

    /// Run a job to its end (or pause) in the caller's task: the CLI's way.
    pub async fn run_job(&self, id: &str) -> Result<Job> {
        self.lock_data_folder()?;
        let runner = self.runner().await;
        let job = runner.job(id).await?;
        let handler = self.handler_for(&job).await?;
        runner.run(id, handler).await
    }

    /// Start a job in the background and return at once: the desktop's way. Progress arrives
    /// through [`App::subscribe_jobs`].
    pub async fn start_job(self: &Arc<Self>, id: &str) -> Result<Job> {
        self.lock_data_folder()?;
        let runner = self.runner().await;
        let job = runner.job(id).await?;
        let handler = self.handler_for(&job).await?;
        let id = id.to_owned();
        tokio::spawn(async move {
            if let Err(err) = runner.run(&id, handler).await {
                tracing::warn!(job = %id, code = ?err.code, "job stopped with an error: {}", err.message);
            }
        });
        Ok(job)
    }

    /// Resume what was running when the app last stopped (called at start).
    pub async fn resume_unfinished_jobs(self: &Arc<Self>) -> Result<Vec<Job>> {
        self.lock_data_folder()?;
        let runner = self.runner().await;
        let mut resumed = Vec::new();
        // Paused jobs come back only when their wait (a daily limit) is over; one the admin
        // paused stays paused until they resume it.
        for job in runner.resumable().await? {
            match self.start_job(&job.id).await {
                Ok(job) => resumed.push(job),
                Err(err) => tracing::warn!(job = %job.id, "could not resume: {}", err.message),
            }
        }
        Ok(resumed)
    }
}

fn ensure_same_account(job_account: &str, active: &str) -> Result<()> {
    if job_account == active {
        Ok(())
    } else {
        Err(AppError::validation(
            "This job belongs to another Zoom account. Switch to that account to resume it.",
        ))
    }
}
