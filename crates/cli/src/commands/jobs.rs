//! `rollcall jobs list|show|resume|cancel`, and running a job in the foreground with progress
//! (a bar on a terminal, plain lines otherwise) for every command that starts one.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use clap::Subcommand;
use rollcall_core::jobs::{ItemState, Job, JobKind, JobProgress, JobState};
use rollcall_core::{App, AppError, Result};

use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// The most recent jobs, newest first.
    List {
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// A job and each of its items' outcome.
    Show { id: String },
    /// Run an unfinished job to its end in the foreground (a finished job with failures gets
    /// its failed items tried again).
    Resume { id: String },
    /// Stop a job: what is not done yet is skipped; what is done stays done.
    Cancel { id: String },
}

pub async fn run(app: &App, out: &Output, cmd: JobsCommand) -> Result<()> {
    let runner = app.runner().await;
    match cmd {
        JobsCommand::List { limit } => {
            let jobs = runner.list(limit).await?;
            if out.is_json() {
                out.json(&jobs);
            } else if jobs.is_empty() {
                out.line("No jobs yet.");
            } else {
                let rows: Vec<Vec<String>> = jobs
                    .iter()
                    .map(|j| {
                        vec![
                            j.id.clone(),
                            state_word(j.state).to_owned(),
                            format!("{}/{}", j.done, j.total),
                            j.failed.to_string(),
                            j.created_at.format("%Y-%m-%d %H:%M").to_string(),
                            j.title.clone(),
                        ]
                    })
                    .collect();
                out.table(
                    &["ID", "STATE", "DONE", "FAILED", "CREATED (UTC)", "TITLE"],
                    &rows,
                );
            }
        }
        JobsCommand::Show { id } => {
            let job = runner.job(&id).await?;
            let items = runner.items(&id).await?;
            if out.is_json() {
                out.json(&serde_json::json!({ "job": job, "items": items }));
            } else {
                out.line(format!("{} — {}", job.title, state_word(job.state)));
                out.line(format!(
                    "done {}/{}, failed {}",
                    job.done, job.total, job.failed
                ));
                if let Some(reason) = &job.pause_reason {
                    out.line(format!("paused: {reason}"));
                }
                let rows: Vec<Vec<String>> = items
                    .iter()
                    .map(|i| {
                        vec![
                            i.seq.to_string(),
                            item_word(i.state).to_owned(),
                            i.label.clone(),
                            i.error_message.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                out.table(&["#", "STATE", "ITEM", "REASON"], &rows);
            }
        }
        JobsCommand::Resume { id } => {
            let job = runner.job(&id).await?;
            match job.state {
                JobState::Completed | JobState::Cancelled => {
                    out.line(format!(
                        "Job {id} is already {}; nothing to resume.",
                        state_word(job.state)
                    ));
                    if out.is_json() {
                        out.json(&job);
                    }
                    return Ok(());
                }
                JobState::Failed => {
                    runner.retry_failed(&id).await?;
                }
                _ => {}
            }
            let job = run_in_foreground(app, out, &id).await?;
            finish(app, out, &job).await?;
        }
        JobsCommand::Cancel { id } => {
            let job = runner.cancel(&id).await?;
            if out.is_json() {
                out.json(&job);
            } else {
                out.line(format!(
                    "Job {id} is {}: {} done, {} failed, the rest skipped.",
                    state_word(job.state),
                    job.done,
                    job.failed
                ));
            }
        }
    }
    Ok(())
}

/// Run a job to its end (or pause) in this process, showing progress.
pub async fn run_in_foreground(app: &App, out: &Output, id: &str) -> Result<Job> {
    let events = app.subscribe_jobs();
    let show = (!out.is_json()).then(|| {
        let id = id.to_owned();
        tokio::spawn(show_progress(events, id))
    });
    let result = app.run_job(id).await;
    if let Some(show) = show {
        show.abort();
        let _ = show.await;
    }
    if let Err(err) = app.save_daily_usage().await {
        tracing::warn!("could not save Zoom daily usage: {}", err.message);
    }
    result
}

async fn show_progress(mut events: tokio::sync::broadcast::Receiver<JobProgress>, id: String) {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta} left)")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar
    });
    let mut last_line: Option<Instant> = None;
    loop {
        let progress = match events.recv().await {
            Ok(p) => p,
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
            Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
        };
        if progress.job_id != id {
            continue;
        }
        let handled = u64::from(progress.done + progress.failed);
        let verb = verb(progress.kind);
        match &bar {
            Some(bar) => {
                bar.set_length(u64::from(progress.total));
                bar.set_position(handled);
                bar.set_message(if progress.failed > 0 {
                    format!("{verb} ({} failed)", progress.failed)
                } else {
                    verb.to_owned()
                });
            }
            None => {
                let due = last_line.is_none_or(|t| t.elapsed() >= Duration::from_secs(1))
                    || handled == u64::from(progress.total);
                if due && handled > 0 {
                    last_line = Some(Instant::now());
                    let rate = progress
                        .rate_per_minute
                        .map(|r| format!(", {:.0}/min", r))
                        .unwrap_or_default();
                    let left = progress
                        .seconds_left
                        .map(|s| format!(", about {s} s left"))
                        .unwrap_or_default();
                    println!(
                        "{verb} {}/{} ({} failed{rate}{left})",
                        progress.done, progress.total, progress.failed
                    );
                }
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}

/// The summary after a run: counts, each failure in plain words, and the exit status
/// (an error when anything failed or the job paused).
pub async fn finish(app: &App, out: &Output, job: &Job) -> Result<()> {
    let runner = app.runner().await;
    let items = runner.items(&job.id).await?;
    if out.is_json() {
        out.json(&serde_json::json!({ "job": job, "items": items }));
    } else {
        out.line(format!(
            "{}: {} of {} done, {} failed — job {}",
            job.title, job.done, job.total, job.failed, job.id
        ));
        for item in items.iter().filter(|i| i.state == ItemState::Failed) {
            out.line(format!(
                "  failed: {}: {}",
                item.label,
                item.error_message
                    .as_deref()
                    .unwrap_or("no reason recorded")
            ));
        }
    }
    match job.state {
        JobState::Completed => Ok(()),
        JobState::Paused => Err(AppError::new(
            rollcall_core::ErrorCode::ZoomRateLimited,
            format!(
                "The job paused: {}. Continue it with: rollcall jobs resume {}",
                job.pause_reason.as_deref().unwrap_or("paused"),
                job.id
            ),
        )),
        JobState::Failed => Err(AppError::validation(format!(
            "{} of {} items failed (listed above). Try them again with: rollcall jobs resume {}",
            job.failed, job.total, job.id
        ))),
        JobState::Cancelled => Err(AppError::validation("The job was cancelled.")),
        JobState::Queued | JobState::Running => Ok(()),
    }
}

fn verb(kind: JobKind) -> &'static str {
    match kind {
        JobKind::Provision => "provisioned",
        JobKind::Deprovision => "deleted",
        JobKind::Register => "registered",
        JobKind::Uninvite => "uninvited",
        JobKind::CloseDoor => "closed",
        JobKind::AttendanceSync => "synced",
    }
}

fn state_word(state: JobState) -> &'static str {
    match state {
        JobState::Queued => "queued",
        JobState::Running => "running",
        JobState::Paused => "paused",
        JobState::Completed => "completed",
        JobState::Failed => "finished with failures",
        JobState::Cancelled => "cancelled",
    }
}

fn item_word(state: ItemState) -> &'static str {
    match state {
        ItemState::Pending => "pending",
        ItemState::InFlight => "in flight",
        ItemState::Done => "done",
        ItemState::Failed => "failed",
        ItemState::Skipped => "skipped",
    }
}
