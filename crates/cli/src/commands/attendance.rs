//! `rollcall attendance sync|show|person|review|export`.
//!
//! MEETING is Rollcall's meeting id or Zoom's meeting id.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use rollcall_core::attendance::export::{ExportFormat, to_csv};
use rollcall_core::attendance::views::{Decision, DecisionTarget, InstanceView, ReviewEntry};
use rollcall_core::attendance::{ApplyTo, RuleId};
use rollcall_core::{App, AppError, Result};

use crate::output::Output;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum AttendanceCommand {
    /// Fetch every ended instance of the meeting from Zoom, store the rows and reconcile.
    Sync {
        meeting: String,
        /// Fetch instances again even when they were fetched before.
        #[arg(long)]
        force: bool,
    },
    /// Who attended: one row per person (the latest instance unless --instance).
    Show {
        meeting: String,
        /// An instance UUID (see `attendance sync`); default: the latest.
        #[arg(long, value_name = "UUID")]
        instance: Option<String>,
        /// Every instance instead of one.
        #[arg(long, conflicts_with = "instance")]
        all: bool,
        #[arg(long, value_enum, default_value = "table")]
        format: ShowFormat,
    },
    /// A person's attendance across meetings, by the directory's external id.
    Person { external_id: String },
    /// List the rows nobody could be tied to; decide with --assign/--guest, or --undo.
    Review {
        meeting: String,
        /// The entry number (from the list) or its key (`kind:value`).
        #[arg(long, value_name = "ROW", requires = "person", conflicts_with_all = ["guest", "undo"])]
        assign: Option<String>,
        /// The external id of the person the entry is.
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        /// Apply the decision to every meeting of the account, not only this series.
        #[arg(long)]
        account_wide: bool,
        /// Mark the entry as a known guest.
        #[arg(long, value_name = "ROW", conflicts_with = "undo")]
        guest: Option<String>,
        /// A label for the guest.
        #[arg(long, requires = "guest")]
        label: Option<String>,
        /// Undo a decision (its rule id).
        #[arg(long, value_name = "RULE")]
        undo: Option<i64>,
    },
    /// Write the meeting's attendance (every instance) to a CSV or XLSX file.
    Export {
        meeting: String,
        #[arg(long, value_enum)]
        format: FileFormat,
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
    },
}

fn minutes(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn camel<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn print_instance(out: &Output, view: &InstanceView) {
    out.line(format!(
        "{} — instance {} (scheduled {} to {}, {:?})",
        view.meeting.topic,
        view.instance.uuid,
        view.instance.scheduled_start.format("%Y-%m-%d %H:%M"),
        view.instance.scheduled_end.format("%H:%M"),
        view.instance.state,
    ));
    let rows: Vec<Vec<String>> = view
        .lines
        .iter()
        .map(|l| {
            vec![
                l.person.external_id.clone(),
                l.person.name.clone(),
                camel(&l.status),
                l.first_join
                    .map(|t| t.format("%H:%M:%S").to_string())
                    .unwrap_or_default(),
                l.last_leave
                    .map(|t| t.format("%H:%M:%S").to_string())
                    .unwrap_or_default(),
                minutes(l.total_seconds),
                l.joins.to_string(),
                l.match_method.as_ref().map(camel).unwrap_or_default(),
            ]
        })
        .collect();
    out.table(
        &[
            "ID",
            "NAME",
            "STATUS",
            "FIRST JOIN",
            "LAST LEAVE",
            "TIME",
            "JOINS",
            "MATCHED BY",
        ],
        &rows,
    );
    if !view.unidentified.is_empty() {
        out.line(format!(
            "{} unidentified entr{} — see `rollcall attendance review {}`.",
            view.unidentified.len(),
            if view.unidentified.len() == 1 {
                "y"
            } else {
                "ies"
            },
            view.meeting.meeting_id
        ));
    }
}

fn pick<'a>(queue: &'a [ReviewEntry], row: &str) -> Result<&'a ReviewEntry> {
    if let Ok(n) = row.trim().parse::<usize>()
        && n >= 1
        && n <= queue.len()
    {
        return Ok(&queue[n - 1]);
    }
    queue.iter().find(|e| e.key == row).ok_or_else(|| {
        AppError::not_found(format!(
            "There is no review entry {row}. List them with `rollcall attendance review MEETING`."
        ))
    })
}

pub async fn run(app: &App, out: &Output, cmd: AttendanceCommand) -> Result<()> {
    match cmd {
        AttendanceCommand::Sync { meeting, force } => {
            let summary = app.sync_attendance(&meeting, force).await?;
            if out.is_json() {
                out.json(&summary);
            } else {
                let rows: Vec<Vec<String>> = summary
                    .instances
                    .iter()
                    .map(|i| {
                        vec![
                            i.uuid.clone(),
                            i.started_at.format("%Y-%m-%d %H:%M").to_string(),
                            camel(&i.state),
                            i.retry_at
                                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                                .unwrap_or_default(),
                            i.last_error.clone().unwrap_or_default(),
                        ]
                    })
                    .collect();
                out.table(&["INSTANCE", "STARTED", "STATE", "RETRY AT", "NOTE"], &rows);
                out.line(format!(
                    "{} fetched, {} failed of {}.",
                    summary.job.done, summary.job.failed, summary.job.total
                ));
            }
            if summary.job.failed > 0 {
                return Err(AppError::new(
                    rollcall_core::ErrorCode::ZoomUnavailable,
                    "Some instances could not be fetched; nothing of them was saved. Run the \
                     sync again later.",
                ));
            }
        }
        AttendanceCommand::Show {
            meeting,
            instance,
            all,
            format,
        } => {
            let views = if all {
                app.meeting_attendance(&meeting).await?
            } else {
                vec![
                    app.instance_attendance(&meeting, instance.as_deref())
                        .await?,
                ]
            };
            match (format, out.is_json()) {
                (ShowFormat::Json, _) | (_, true) => out.json(&views),
                (ShowFormat::Csv, _) => {
                    let bytes = to_csv(&views)?;
                    print!("{}", String::from_utf8_lossy(&bytes));
                }
                (ShowFormat::Table, _) => {
                    for v in &views {
                        print_instance(out, v);
                    }
                }
            }
        }
        AttendanceCommand::Person { external_id } => {
            let history = app.person_attendance(&external_id).await?;
            if out.is_json() {
                out.json(&history);
            } else {
                out.line(format!(
                    "{} <{}>: attended {} of {} invited instances ({:.0} %), {:.0} % of scheduled time.",
                    history.person.name,
                    history.person.email,
                    history.totals.attended_invited,
                    history.totals.invited,
                    history.totals.attendance_rate * 100.0,
                    history.totals.time_share * 100.0
                ));
                let rows: Vec<Vec<String>> = history
                    .lines
                    .iter()
                    .map(|l| {
                        vec![
                            l.scheduled_start.format("%Y-%m-%d %H:%M").to_string(),
                            l.meeting.topic.clone(),
                            camel(&l.status),
                            minutes(l.total_seconds),
                            format!("{:.0} %", l.share_of_scheduled * 100.0),
                        ]
                    })
                    .collect();
                out.table(&["SCHEDULED", "MEETING", "STATUS", "TIME", "SHARE"], &rows);
            }
        }
        AttendanceCommand::Review {
            meeting,
            assign,
            person,
            account_wide,
            guest,
            label,
            undo,
        } => {
            if let Some(rule) = undo {
                let n = app.undo_decision(RuleId(rule)).await?;
                if out.is_json() {
                    out.json(&serde_json::json!({ "undone": rule, "reconciledInstances": n }));
                } else {
                    out.line(format!(
                        "Undid decision {rule}; {n} instance(s) reconciled again."
                    ));
                }
                return Ok(());
            }
            let queue = app.review_queue(&meeting).await?;
            let apply_to = if account_wide {
                ApplyTo::Account
            } else {
                ApplyTo::Series
            };
            let decided = match (assign, guest) {
                (Some(row), _) => Some((
                    pick(&queue, &row)?,
                    DecisionTarget::Person {
                        external_id: person.unwrap_or_default(),
                    },
                )),
                (None, Some(row)) => Some((pick(&queue, &row)?, DecisionTarget::Guest { label })),
                (None, None) => None,
            };
            if let Some((entry, target)) = decided {
                let outcome = app
                    .decide(&meeting, &entry.alias, Decision { target, apply_to })
                    .await?;
                if out.is_json() {
                    out.json(&outcome);
                } else {
                    out.line(format!(
                        "Saved as decision {} ({} instance(s) reconciled). Undo with --undo {}.",
                        outcome.rule.id.0, outcome.reconciled_instances, outcome.rule.id.0
                    ));
                }
                return Ok(());
            }
            if out.is_json() {
                out.json(&queue);
            } else if queue.is_empty() {
                out.line("Nothing to review: every row is tied to a person or a known guest.");
            } else {
                let rows: Vec<Vec<String>> = queue
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        vec![
                            (i + 1).to_string(),
                            e.display_name.clone().unwrap_or_else(|| "(hidden)".into()),
                            e.key.clone(),
                            e.instances.len().to_string(),
                            minutes(e.attended_seconds),
                            e.suggestions
                                .iter()
                                .take(3)
                                .map(|s| format!("{} ({})", s.person.external_id, s.person.name))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ]
                    })
                    .collect();
                out.table(
                    &["ROW", "NAME", "KEY", "INSTANCES", "TIME", "SUGGESTIONS"],
                    &rows,
                );
                out.line("Decide with --assign ROW --person ID [--account-wide], or --guest ROW.");
            }
        }
        AttendanceCommand::Export {
            meeting,
            format,
            output,
        } => {
            let format = match format {
                FileFormat::Csv => ExportFormat::Csv,
                FileFormat::Xlsx => ExportFormat::Xlsx,
            };
            app.export_attendance_to(&meeting, format, &output).await?;
            if out.is_json() {
                out.json(&serde_json::json!({ "written": output.display().to_string() }));
            } else {
                out.line(format!("Wrote {}.", output.display()));
            }
        }
    }
    Ok(())
}
