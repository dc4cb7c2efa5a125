//! `rollcall meeting create|list|show|import|delete|refresh|close-door`.

use std::io::{BufRead, IsTerminal, Write};

use clap::Subcommand;
use rollcall_core::jobs::{Job, JobState};
use rollcall_core::meetings::{
    Meeting, MeetingInput, MeetingSettings, Recurrence, RecurrenceEnd, RecurrencePattern,
    RegistrationKind, Weekday,
};
use rollcall_core::{App, AppError, Result};

use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Create an invite-only meeting in Zoom (the preset is on unless --no-invite-only).
    Create {
        #[arg(long)]
        topic: String,
        /// Local start time in --timezone, e.g. 2026-12-01T15:00.
        #[arg(long)]
        start: String,
        /// IANA time zone, e.g. Europe/Berlin.
        #[arg(long)]
        timezone: String,
        /// Minutes.
        #[arg(long)]
        duration: u32,
        /// The host's email: a licensed user of the Zoom account.
        #[arg(long)]
        host: String,
        /// daily | weekly:mon,wed | monthly:15
        #[arg(long, value_parser = parse_pattern)]
        recurrence: Option<RecurrencePattern>,
        /// Repeat every N days/weeks/months.
        #[arg(long, default_value_t = 1)]
        every: u32,
        /// End after N occurrences.
        #[arg(long, conflicts_with = "until")]
        times: Option<u32>,
        /// End on this date (YYYY-MM-DD, in the meeting's time zone).
        #[arg(long)]
        until: Option<chrono::NaiveDate>,
        /// once | per-occurrence | choose (recurring meetings).
        #[arg(long, value_parser = parse_registration)]
        registration: Option<RegistrationKind>,
        /// Let anyone with the registration link in (automatic approval).
        #[arg(long)]
        no_invite_only: bool,
        /// Let Zoom email each invited person a confirmation with their link.
        #[arg(long)]
        confirmation_email: bool,
    },
    List,
    Show {
        meeting: String,
    },
    /// Bring a meeting made in Zoom under Rollcall's care.
    Import {
        zoom_id: String,
    },
    /// Delete the meeting in Zoom and here.
    Delete {
        meeting: String,
    },
    /// Compare with Zoom and show what changed there (one meeting, or all).
    Refresh {
        meeting: Option<String>,
    },
    /// Turn away people who registered through the public link without an invitation.
    CloseDoor {
        meeting: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

fn parse_pattern(text: &str) -> std::result::Result<RecurrencePattern, String> {
    let (kind, rest) = text.split_once(':').unwrap_or((text, ""));
    match kind {
        "daily" => Ok(RecurrencePattern::Daily),
        "weekly" => {
            let days: Option<Vec<Weekday>> = rest
                .split(',')
                .filter(|d| !d.is_empty())
                .map(Weekday::parse)
                .collect();
            match days {
                Some(days) if !days.is_empty() => Ok(RecurrencePattern::Weekly { days }),
                _ => Err("weekly needs days, e.g. weekly:mon,wed".into()),
            }
        }
        "monthly" => rest
            .parse()
            .map(|day| RecurrencePattern::Monthly { day })
            .map_err(|_| "monthly needs a day of the month, e.g. monthly:15".into()),
        _ => Err("use daily, weekly:mon,wed or monthly:15".into()),
    }
}

fn parse_registration(text: &str) -> std::result::Result<RegistrationKind, String> {
    match text {
        "once" => Ok(RegistrationKind::OnceForAll),
        "per-occurrence" => Ok(RegistrationKind::EachOccurrence),
        "choose" => Ok(RegistrationKind::ChooseOccurrences),
        _ => Err("use once, per-occurrence or choose".into()),
    }
}

pub async fn run(app: &App, out: &Output, cmd: MeetingCommand) -> Result<()> {
    match cmd {
        MeetingCommand::Create {
            topic,
            start,
            timezone,
            duration,
            host,
            recurrence,
            every,
            times,
            until,
            registration,
            no_invite_only,
            confirmation_email,
        } => {
            let recurrence = recurrence.map(|pattern| Recurrence {
                pattern,
                interval: every,
                end: match (times, until) {
                    (_, Some(date)) => RecurrenceEnd::Until { date },
                    (n, None) => RecurrenceEnd::Times {
                        count: n.unwrap_or(7),
                    },
                },
            });
            let settings = MeetingSettings {
                invite_only: !no_invite_only,
                confirmation_email,
                ..Default::default()
            };
            let meeting = app
                .create_meeting(MeetingInput {
                    topic,
                    start,
                    timezone,
                    duration_minutes: duration,
                    host_email: host,
                    recurrence,
                    registration,
                    settings,
                    agenda: None,
                })
                .await?;
            show(out, &meeting);
        }
        MeetingCommand::List => {
            let meetings = app.list_meetings().await?;
            if out.is_json() {
                out.json(&meetings);
            } else if meetings.is_empty() {
                out.line("No meetings yet. Create one with: rollcall meeting create --topic … --start … --timezone … --duration … --host …");
            } else {
                let rows: Vec<Vec<String>> = meetings
                    .iter()
                    .map(|m| {
                        vec![
                            m.id.to_string(),
                            m.zoom_meeting_id.clone(),
                            m.topic.clone(),
                            format!("{} {}", m.start_local, m.timezone),
                            m.invited.to_string(),
                            status_word(m),
                        ]
                    })
                    .collect();
                out.table(
                    &["ID", "ZOOM ID", "TOPIC", "STARTS", "INVITED", "STATUS"],
                    &rows,
                );
            }
        }
        MeetingCommand::Show { meeting } => show(out, &app.meeting(&meeting).await?),
        MeetingCommand::Import { zoom_id } => show(out, &app.import_meeting(&zoom_id).await?),
        MeetingCommand::Delete { meeting } => {
            app.delete_meeting(&meeting).await?;
            out.line(
                "Deleted in Zoom and here. Invitations and links of this meeting no longer work.",
            );
        }
        MeetingCommand::Refresh { meeting } => {
            let meetings = match meeting {
                Some(m) => vec![app.refresh_meeting(&m).await?],
                None => app.refresh_meetings().await?,
            };
            if out.is_json() {
                out.json(&meetings);
            } else {
                for m in &meetings {
                    match &m.drift {
                        None => out.line(format!("{} ({}): in step with Zoom.", m.topic, m.id)),
                        Some(d) => {
                            out.line(format!(
                                "{} ({}): {} difference(s) with Zoom:",
                                m.topic,
                                m.id,
                                d.differences.len()
                            ));
                            for diff in &d.differences {
                                out.line(format!("  - {}", diff.message));
                            }
                        }
                    }
                }
            }
        }
        MeetingCommand::CloseDoor { meeting, yes } => {
            let strangers = app.strangers(&meeting).await?;
            if strangers.is_empty() {
                if out.is_json() {
                    out.json(&serde_json::json!({ "strangers": [], "job": null }));
                } else {
                    out.line("Nobody is waiting who was not invited. The door is closed.");
                }
                return Ok(());
            }
            if !out.is_json() {
                out.line(format!(
                    "{} people registered through the public link without an invitation:",
                    strangers.len()
                ));
                let rows: Vec<Vec<String>> = strangers
                    .iter()
                    .map(|s| {
                        vec![
                            s.name.clone(),
                            s.email.clone(),
                            s.registered_at
                                .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                                .unwrap_or_default(),
                        ]
                    })
                    .collect();
                out.table(&["NAME", "EMAIL", "REGISTERED"], &rows);
            }
            if !yes {
                if !std::io::stdin().is_terminal() {
                    return Err(AppError::validation(
                        "Closing the door turns these people away. Add --yes to do it without a question.",
                    ));
                }
                print!("Turn them all away? [y/N] ");
                let _ = std::io::stdout().flush();
                let mut answer = String::new();
                let _ = std::io::stdin().lock().read_line(&mut answer);
                if !matches!(answer.trim(), "y" | "Y" | "yes") {
                    out.line("Nothing was changed.");
                    return Ok(());
                }
            }
            let outcome = app.close_door(&meeting).await?;
            if let Some(job) = outcome.job {
                let job = run_job(app, out, &job).await?;
                finish(out, &job, "turned away")?;
            }
        }
    }
    Ok(())
}

fn status_word(m: &Meeting) -> String {
    match (&m.status, &m.drift) {
        (rollcall_core::meetings::MeetingStatus::DeletedInZoom, _) => "deleted in Zoom".into(),
        (rollcall_core::meetings::MeetingStatus::Deleted, _) => "deleted".into(),
        (_, Some(d)) => format!("{} change(s) in Zoom", d.differences.len()),
        _ => "ok".into(),
    }
}

fn show(out: &Output, m: &Meeting) {
    if out.is_json() {
        out.json(m);
        return;
    }
    out.line(format!("Meeting {} — {}", m.id, m.topic));
    out.line(format!("  Zoom id:      {}", m.zoom_meeting_id));
    out.line(format!(
        "  Starts:       {} ({}), {} minutes",
        m.start_local, m.timezone, m.duration_minutes
    ));
    out.line(format!("  Host:         {}", m.host_email));
    if let Some(r) = m.registration {
        out.line(format!("  Registration: {r:?}"));
    }
    out.line(format!(
        "  Invite only:  {}; waiting room {}; passcode {}",
        on(m.settings.invite_only),
        on(m.settings.waiting_room),
        on(m.settings.passcode)
    ));
    out.line(format!("  Invited:      {}", m.invited));
    for o in &m.occurrences {
        out.line(format!(
            "  Occurrence {}: {}",
            o.occurrence_id, o.start_local
        ));
    }
    if let Some(d) = &m.drift {
        out.line("  Changed in Zoom:");
        for diff in &d.differences {
            out.line(format!("    - {}", diff.message));
        }
    }
}

fn on(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// Run a job in the foreground: a progress bar on a terminal, progress lines otherwise.
pub async fn run_job(app: &App, out: &Output, job: &Job) -> Result<Job> {
    let mut events = app.subscribe_jobs();
    let id = job.id.clone();
    let terminal = std::io::stdout().is_terminal() && !out.is_json();
    let quiet = out.is_json();
    let total = u64::from(job.total);
    let title = job.title.clone();
    let printer = tokio::spawn(async move {
        let bar = terminal.then(|| {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message(title.clone());
            bar
        });
        let mut last_line = 0u32;
        while let Ok(p) = events.recv().await {
            if p.job_id != id {
                continue;
            }
            let handled = p.done + p.failed;
            match &bar {
                Some(bar) => bar.set_position(u64::from(handled)),
                None if !quiet
                    && (handled >= last_line + 50
                        || handled == p.total
                        || p.state.is_finished()) =>
                {
                    last_line = handled;
                    println!(
                        "{}: {handled}/{} done, {} failed ({:?})",
                        p.title, p.total, p.failed, p.state
                    );
                }
                None => {}
            }
            if p.state.is_finished() || p.state == JobState::Paused {
                break;
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
    });
    let result = app.run_job(&job.id).await;
    printer.abort();
    result
}

/// Say how a job ended; a failed or paused job is an error for the exit code.
pub fn finish(out: &Output, job: &Job, verb: &str) -> Result<()> {
    if out.is_json() {
        out.json(job);
    }
    match job.state {
        JobState::Completed => {
            out.line(format!("Done: {} {verb}.", job.done));
            Ok(())
        }
        JobState::Paused => Err(AppError::new(
            rollcall_core::ErrorCode::ZoomRateLimited,
            format!(
                "Paused after {} of {}: {}",
                job.done,
                job.total,
                job.pause_reason.clone().unwrap_or_default()
            ),
        )),
        _ => Err(AppError::validation(format!(
            "{} {verb}, {} failed. See the reasons with `rollcall links MEETING` and run the same command again to retry.",
            job.done, job.failed
        ))),
    }
}
