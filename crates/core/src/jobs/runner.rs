//! The job runner: drives a job's items through a handler, records every outcome as it
//! happens, publishes progress, and obeys pause and cancel between items.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Instant;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use tokio::sync::{Mutex, broadcast};

use super::{Job, JobItem, JobKind, JobProgress, JobState};
use crate::clock::Clock;
use crate::error::{AppError, Result};
use crate::store::jobs::{JobItemRow, JobRow, NewItem};
use crate::store::{Store, now_text};

/// What happened to one item.
#[derive(Debug)]
pub enum ItemResult {
    /// Finished; the value is kept as the item's outcome (JSON).
    Done(serde_json::Value),
    /// Will not succeed as things are; the reason is shown next to the item.
    Failed(AppError),
    /// Nothing was done for this item and the whole job should wait (e.g. Zoom's daily limit):
    /// the item stays pending and the job pauses, until `until` when given.
    Pause {
        reason: AppError,
        until: Option<DateTime<Utc>>,
    },
}

/// Does the work of one kind of job.
#[async_trait::async_trait]
pub trait ItemHandler: Send + Sync {
    /// How many items one call handles (30 for Zoom's batch registration, else 1).
    fn batch_size(&self) -> usize {
        1
    }

    /// How many calls may be under way at once. Zoom's pace is kept by the client's scheduler;
    /// this only lets requests pipeline so the network latency does not idle the rate budget.
    fn concurrency(&self) -> usize {
        8
    }

    /// Handle `items` (at most `batch_size`), returning one result per item in the same order.
    /// `interrupted` is true when an earlier attempt at one of these items was cut off (the
    /// process died after the item was marked in flight): Zoom may already have done it, so the
    /// handler must look before it acts.
    async fn run(&self, items: Vec<JobItem>, interrupted: bool) -> Vec<ItemResult>;
}

const RUN: u8 = 0;
const PAUSE: u8 = 1;
const CANCEL: u8 = 2;

#[derive(Default)]
struct BatchOutcome {
    done: u32,
    failed: u32,
    pause: Option<(AppError, Option<DateTime<Utc>>)>,
}

/// Counts kept in memory while a job runs, for progress events between database writes.
struct Tally {
    started: Instant,
    handled_at_start: u32,
    job: Job,
}

/// Asks a running job to pause or stop after the items under way.
#[derive(Debug, Clone, Default)]
pub struct JobControl(Arc<AtomicU8>);

impl JobControl {
    fn requested(&self) -> u8 {
        self.0.load(Ordering::SeqCst)
    }
}

pub struct Runner {
    store: Store,
    clock: Arc<dyn Clock>,
    events: broadcast::Sender<JobProgress>,
    running: Mutex<HashMap<String, JobControl>>,
}

impl Runner {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        let (events, _) = broadcast::channel(1024);
        Self::with_events(store, clock, events)
    }

    /// A runner publishing into a shared channel (the app has one for the demo's store and the
    /// real one, so front ends subscribe once).
    pub fn with_events(
        store: Store,
        clock: Arc<dyn Clock>,
        events: broadcast::Sender<JobProgress>,
    ) -> Self {
        Self {
            store,
            clock,
            events,
            running: Mutex::new(HashMap::new()),
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<JobProgress> {
        self.events.subscribe()
    }

    /// A new queued job with its items (duplicate keys collapse into one item).
    pub async fn create(
        &self,
        kind: JobKind,
        title: &str,
        account_id: Option<&str>,
        params: &serde_json::Value,
        items: &[NewItem],
    ) -> Result<Job> {
        let now = now_text(self.clock.now());
        let row = JobRow {
            id: uuid::Uuid::new_v4().to_string(),
            kind: kind.as_str().to_owned(),
            account_id: account_id.map(str::to_owned),
            title: title.to_owned(),
            params: params.to_string(),
            state: JobState::Queued.as_str().to_owned(),
            pause_reason: None,
            resume_after: None,
            total: 0,
            done: 0,
            failed: 0,
            created_at: now.clone(),
            started_at: None,
            finished_at: None,
            updated_at: now,
        };
        self.store.insert_job(&row, items).await?;
        self.job(&row.id).await
    }

    pub async fn job(&self, id: &str) -> Result<Job> {
        let row = self
            .store
            .job(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("There is no job {id}.")))?;
        Job::from_row(&row)
    }

    pub async fn params(&self, id: &str) -> Result<serde_json::Value> {
        let row = self
            .store
            .job(id)
            .await?
            .ok_or_else(|| AppError::not_found(format!("There is no job {id}.")))?;
        serde_json::from_str(&row.params).map_err(AppError::database)
    }

    pub async fn list(&self, limit: u32) -> Result<Vec<Job>> {
        self.store
            .list_jobs(i64::from(limit))
            .await?
            .iter()
            .map(Job::from_row)
            .collect()
    }

    pub async fn items(&self, id: &str) -> Result<Vec<JobItem>> {
        Ok(self
            .store
            .job_items(id)
            .await?
            .iter()
            .map(JobItem::from_row)
            .collect())
    }

    /// Jobs to pick up at start: those running or queued when the process stopped, and paused
    /// ones whose wait is over.
    pub async fn resumable(&self) -> Result<Vec<Job>> {
        let now = self.clock.now();
        Ok(self
            .store
            .unfinished_jobs()
            .await?
            .iter()
            .filter_map(|row| Job::from_row(row).ok())
            .filter(|job| match job.state {
                JobState::Paused => job.resume_after.is_some_and(|t| t <= now),
                _ => true,
            })
            .collect())
    }

    /// How many jobs this runner is running right now.
    pub async fn running_count(&self) -> usize {
        self.running.lock().await.len()
    }

    pub async fn is_running(&self, id: &str) -> bool {
        self.running.lock().await.contains_key(id)
    }

    /// Pause a job: a running one stops after the items under way; a queued one waits.
    pub async fn pause(&self, id: &str) -> Result<Job> {
        if let Some(control) = self.running.lock().await.get(id) {
            control.0.store(PAUSE, Ordering::SeqCst);
            return self.job(id).await;
        }
        let job = self.job(id).await?;
        if !job.state.is_finished() {
            let now = now_text(self.clock.now());
            self.store
                .set_job_state(
                    id,
                    JobState::Paused.as_str(),
                    Some("Paused by you."),
                    None,
                    &now,
                )
                .await?;
        }
        let job = self.job(id).await?;
        self.publish(&job, None);
        Ok(job)
    }

    /// Cancel a job: what is not done yet is skipped; what is done stays done.
    pub async fn cancel(&self, id: &str) -> Result<Job> {
        if let Some(control) = self.running.lock().await.get(id) {
            control.0.store(CANCEL, Ordering::SeqCst);
            return self.job(id).await;
        }
        let job = self.job(id).await?;
        if !job.state.is_finished() {
            self.finish_cancelled(id).await?;
        }
        let job = self.job(id).await?;
        self.publish(&job, None);
        Ok(job)
    }

    /// Put failed items back in the queue, for "Retry failed".
    pub async fn retry_failed(&self, id: &str) -> Result<Job> {
        let now = now_text(self.clock.now());
        self.store.reopen_items(id, "failed", &now).await?;
        self.store
            .set_job_state(id, JobState::Queued.as_str(), None, None, &now)
            .await?;
        self.job(id).await
    }

    /// Run a job until it finishes, pauses or is cancelled. Every item's outcome is written as
    /// soon as it is known, so stopping at any moment loses nothing.
    pub async fn run(&self, id: &str, handler: Arc<dyn ItemHandler>) -> Result<Job> {
        let control = {
            let mut running = self.running.lock().await;
            if running.contains_key(id) {
                return Err(AppError::conflict("This job is already running."));
            }
            let control = JobControl::default();
            running.insert(id.to_owned(), control.clone());
            control
        };
        let result = self.drive(id, handler, &control).await;
        self.running.lock().await.remove(id);
        let job = self.job(id).await?;
        self.publish(&job, None);
        result.map(|()| job)
    }

    async fn drive(
        &self,
        id: &str,
        handler: Arc<dyn ItemHandler>,
        control: &JobControl,
    ) -> Result<()> {
        let job = self.job(id).await?;
        if job.state.is_finished() {
            return Ok(());
        }
        let now = now_text(self.clock.now());
        self.store
            .set_job_state(id, JobState::Running.as_str(), None, None, &now)
            .await?;
        let mut tally = Tally {
            started: Instant::now(),
            handled_at_start: job.done + job.failed,
            job: self.job(id).await?,
        };
        self.publish(&tally.job, None);

        let batch_size = handler.batch_size().max(1);
        let concurrency = handler.concurrency().max(1);
        let window = batch_size * concurrency * 4;
        // A continuous pipeline: a new batch starts as soon as one finishes, and the next
        // window of items is read while batches are still under way. (Draining each window
        // before reading the next left the rate budget idle at every window's tail: about 4%
        // of provisioning throughput at Zoom's Light pace.) No database connection is held
        // while waiting here, so a small pool cannot deadlock between reader and batches.
        let mut queued: std::collections::VecDeque<Vec<JobItemRow>> = Default::default();
        let mut in_flight = futures::stream::FuturesUnordered::new();
        let mut in_flight_items = 0usize;
        let mut last_seq: Option<i64> = None;
        let mut exhausted = false;
        let mut pause: Option<(AppError, Option<DateTime<Utc>>)> = None;
        let mut failure: Option<AppError> = None;
        let mut absorb = |(size, outcome): (usize, Result<BatchOutcome>),
                          in_flight_items: &mut usize| {
            *in_flight_items -= size;
            match outcome {
                Ok(outcome) => {
                    tally.job.done += outcome.done;
                    tally.job.failed += outcome.failed;
                    if let Some(p) = outcome.pause {
                        control.0.store(PAUSE, Ordering::SeqCst);
                        pause.get_or_insert(p);
                    }
                    if outcome.done + outcome.failed > 0 {
                        self.publish(&tally.job, Some((tally.started, tally.handled_at_start)));
                    }
                }
                Err(err) => {
                    // Nothing new starts; what is under way finishes and is recorded.
                    control.0.store(PAUSE, Ordering::SeqCst);
                    failure.get_or_insert(err);
                }
            }
        };
        loop {
            while control.requested() == RUN && in_flight.len() < concurrency {
                if queued.is_empty() && !exhausted {
                    // Items under way are still open in the database: read past them. The
                    // batches under way keep being polled meanwhile: one may hold a pooled
                    // connection inside its transaction, and must be able to finish.
                    let fetch = self.store.open_items(id, (in_flight_items + window) as i64);
                    tokio::pin!(fetch);
                    let open = loop {
                        tokio::select! {
                            biased;
                            Some(done) = in_flight.next(), if !in_flight.is_empty() => {
                                absorb(done, &mut in_flight_items);
                            }
                            open = &mut fetch => break open,
                        }
                    };
                    let open = match open {
                        Ok(open) => open,
                        Err(err) => {
                            absorb((0, Err(err)), &mut in_flight_items);
                            break;
                        }
                    };
                    let fresh: Vec<JobItemRow> = open
                        .into_iter()
                        .filter(|row| last_seq.is_none_or(|last| row.seq > last))
                        .collect();
                    if fresh.is_empty() {
                        exhausted = true;
                    } else {
                        last_seq = fresh.last().map(|row| row.seq);
                        queued.extend(fresh.chunks(batch_size).map(<[_]>::to_vec));
                    }
                }
                let Some(batch) = queued.pop_front() else {
                    break;
                };
                in_flight_items += batch.len();
                let handler = handler.clone();
                let size = batch.len();
                in_flight
                    .push(async move { (size, self.run_batch(id, batch, handler, control).await) });
            }
            let Some(done) = in_flight.next().await else {
                break;
            };
            absorb(done, &mut in_flight_items);
        }
        if let Some(err) = failure {
            return Err(err);
        }
        if let Some((reason, until)) = pause {
            return self.finish_paused(id, &reason.message, until).await;
        }
        match control.requested() {
            PAUSE => return self.finish_paused(id, "Paused by you.", None).await,
            CANCEL => return self.finish_cancelled(id).await,
            _ => {}
        }
        let job = self.job(id).await?;
        let state = if job.failed > 0 {
            JobState::Failed
        } else {
            JobState::Completed
        };
        let now = now_text(self.clock.now());
        self.store
            .set_job_state(id, state.as_str(), None, None, &now)
            .await
    }

    /// Mark a batch in flight, hand it to the handler, and record each item's outcome.
    async fn run_batch(
        &self,
        id: &str,
        batch: Vec<JobItemRow>,
        handler: Arc<dyn ItemHandler>,
        control: &JobControl,
    ) -> Result<BatchOutcome> {
        let mut outcome = BatchOutcome::default();
        // Nothing new starts once a pause or cancel is asked for.
        if control.requested() != RUN {
            return Ok(outcome);
        }
        let interrupted = batch.iter().any(|r| r.state == "in_flight");
        let seqs: Vec<i64> = batch.iter().map(|r| r.seq).collect();
        let now = now_text(self.clock.now());
        self.store.mark_items_in_flight(id, &seqs, &now).await?;
        let items: Vec<JobItem> = batch.iter().map(JobItem::from_row).collect();
        let mut results = handler.run(items, interrupted).await.into_iter();
        for seq in seqs {
            let now = now_text(self.clock.now());
            match results.next() {
                Some(ItemResult::Done(value)) => {
                    let text = value.to_string();
                    self.store
                        .finish_item(id, seq, "done", Some(&text), None, None, &now)
                        .await?;
                    outcome.done += 1;
                }
                Some(ItemResult::Failed(err)) => {
                    let code = format!("{:?}", err.code);
                    self.store
                        .finish_item(
                            id,
                            seq,
                            "failed",
                            None,
                            Some(&code),
                            Some(&err.message),
                            &now,
                        )
                        .await?;
                    outcome.failed += 1;
                }
                Some(ItemResult::Pause { reason, until }) => {
                    // The handler did nothing for this item: it waits for the resume.
                    self.store
                        .finish_item(id, seq, "pending", None, None, None, &now)
                        .await?;
                    outcome.pause.get_or_insert((reason, until));
                }
                None => {
                    let message = "This item was not handled; retry the job.";
                    self.store
                        .finish_item(
                            id,
                            seq,
                            "failed",
                            None,
                            Some("Unknown"),
                            Some(message),
                            &now,
                        )
                        .await?;
                    outcome.failed += 1;
                }
            }
        }
        Ok(outcome)
    }

    async fn finish_paused(
        &self,
        id: &str,
        reason: &str,
        until: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let now = now_text(self.clock.now());
        // Items a crash-free pause leaves in flight were never sent: back to pending.
        self.store.reopen_items(id, "in_flight", &now).await?;
        let until = until.map(now_text);
        self.store
            .set_job_state(
                id,
                JobState::Paused.as_str(),
                Some(reason),
                until.as_deref(),
                &now,
            )
            .await
    }

    async fn finish_cancelled(&self, id: &str) -> Result<()> {
        let now = now_text(self.clock.now());
        self.store.skip_open_items(id, &now).await?;
        self.store
            .set_job_state(id, JobState::Cancelled.as_str(), None, None, &now)
            .await
    }

    fn publish(&self, job: &Job, run: Option<(Instant, u32)>) {
        let (rate_per_minute, seconds_left) = match run {
            Some((started, done_at_start)) => {
                let elapsed = started.elapsed().as_secs_f64();
                let handled = (job.done + job.failed).saturating_sub(done_at_start) as f64;
                if elapsed > 0.5 && handled > 0.0 {
                    let per_second = handled / elapsed;
                    let left = job.total.saturating_sub(job.done + job.failed) as f64;
                    (
                        Some(per_second * 60.0),
                        Some((left / per_second).ceil() as u32),
                    )
                } else {
                    (None, None)
                }
            }
            None => (None, None),
        };
        let _ = self.events.send(JobProgress {
            job_id: job.id.clone(),
            kind: job.kind,
            title: job.title.clone(),
            state: job.state,
            done: job.done,
            failed: job.failed,
            total: job.total,
            rate_per_minute,
            seconds_left,
            pause_reason: job.pause_reason.clone(),
        });
    }
}
