//! `rollcall people import|list|export|edit|deactivate`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Subcommand;
use rollcall_core::directory::{ImportCounts, RowError};
use rollcall_core::people::{PeopleFilter, Person, PersonEdit};
use rollcall_core::{App, AppError, Result};

use crate::commands::jobs;
use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Import a people CSV file (external_id and email columns; first_name, last_name,
    /// groups, active optional). Good rows import; each rejected row is listed.
    Import {
        file: PathBuf,
        /// Show what the import would do without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// The directory, ordered by name.
    List {
        #[arg(long, value_name = "G")]
        group: Option<String>,
        /// Part of a name, email or external id.
        #[arg(long, value_name = "S")]
        search: Option<String>,
    },
    /// Write the directory as CSV (opens safely in spreadsheets; imports back unchanged).
    Export { file: PathBuf },
    /// Change a person's email, names or groups (the external id stays; unnamed fields keep
    /// their value). Nothing changes in Zoom.
    Edit {
        external_id: String,
        #[arg(long, value_name = "E")]
        email: Option<String>,
        #[arg(long, value_name = "F")]
        first_name: Option<String>,
        #[arg(long, value_name = "L")]
        last_name: Option<String>,
        /// The whole list, separated by commas (an empty value clears the groups).
        #[arg(long, value_name = "A,B")]
        groups: Option<String>,
    },
    /// Mark people inactive; with --delete-in-zoom also delete the Zoom users Rollcall created
    /// for them (needs --yes).
    Deactivate {
        #[arg(required = true, value_name = "EXTERNAL_ID")]
        external_ids: Vec<String>,
        #[arg(long)]
        delete_in_zoom: bool,
        /// Confirm deleting Zoom users.
        #[arg(long)]
        yes: bool,
    },
}

pub async fn run(app: &App, out: &Output, cmd: PeopleCommand) -> Result<()> {
    match cmd {
        PeopleCommand::Import { file, dry_run } => {
            let bytes = std::fs::read(&file).map_err(|e| {
                AppError::validation(format!("Could not read {}: {e}", file.display()))
            })?;
            if dry_run {
                let plan = app.preview_people_import(&bytes).await?;
                if out.is_json() {
                    out.json(&plan);
                } else {
                    out.line("Dry run: nothing was written.");
                    print_counts(out, &plan.counts, true);
                    print_errors(out, &plan.errors);
                }
                nothing_check(&plan.counts)
            } else {
                let result = app.import_people(&bytes).await?;
                if out.is_json() {
                    out.json(&result);
                } else {
                    print_counts(out, &result.counts, false);
                    print_errors(out, &result.errors);
                }
                nothing_check(&result.counts)
            }
        }
        PeopleCommand::List { group, search } => {
            let people = app
                .people(&PeopleFilter {
                    search,
                    group,
                    ..PeopleFilter::default()
                })
                .await?;
            if out.is_json() {
                out.json(&people);
            } else if people.is_empty() {
                out.line("Nobody matches.");
            } else {
                let rows: Vec<Vec<String>> = people.iter().map(person_cells).collect();
                out.table(
                    &["EXTERNAL ID", "NAME", "EMAIL", "GROUPS", "ACTIVE", "ZOOM"],
                    &rows,
                );
            }
            Ok(())
        }
        PeopleCommand::Export { file } => {
            let handle = std::fs::File::create(&file).map_err(|e| {
                AppError::validation(format!("Could not create {}: {e}", file.display()))
            })?;
            let mut writer = std::io::BufWriter::new(handle);
            let count = app.export_people(&mut writer).await?;
            writer.flush().map_err(|e| {
                AppError::validation(format!("Could not write {}: {e}", file.display()))
            })?;
            if out.is_json() {
                out.json(&serde_json::json!({ "exported": count, "file": file }));
            } else {
                out.line(format!("Exported {count} people to {}.", file.display()));
            }
            Ok(())
        }
        PeopleCommand::Edit {
            external_id,
            email,
            first_name,
            last_name,
            groups,
        } => {
            if email.is_none() && first_name.is_none() && last_name.is_none() && groups.is_none() {
                return Err(AppError::validation(
                    "Name what to change: --email, --first-name, --last-name or --groups.",
                ));
            }
            let current = app.person(&external_id).await?;
            let edit = PersonEdit {
                email: email.unwrap_or(current.email),
                first_name: first_name.unwrap_or(current.first_name),
                last_name: last_name.unwrap_or(current.last_name),
                groups: match groups {
                    Some(list) => list
                        .split(',')
                        .map(str::trim)
                        .filter(|g| !g.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    None => current.groups,
                },
            };
            let person = app.update_person(&external_id, edit).await?;
            if out.is_json() {
                out.json(&person);
            } else {
                out.line(format!("Saved {}.", person.external_id));
                out.table(
                    &["EXTERNAL ID", "NAME", "EMAIL", "GROUPS", "ACTIVE", "ZOOM"],
                    &[person_cells(&person)],
                );
            }
            Ok(())
        }
        PeopleCommand::Deactivate {
            external_ids,
            delete_in_zoom,
            yes,
        } => {
            if delete_in_zoom && !yes {
                let n = app.deprovision_preview(&external_ids).await?;
                let question = format!("This deletes {n} Zoom users. Type yes to go on: ");
                if !(std::io::stdin().is_terminal() && confirm(&question)) {
                    return Err(AppError::validation(format!(
                        "This deletes {n} Zoom users; add --yes to confirm. Nothing was changed."
                    )));
                }
            }
            let result = app.deactivate_people(&external_ids, delete_in_zoom).await?;
            out.line(format!("Deactivated {} people.", result.deactivated));
            match result.job {
                Some(job) => {
                    let job = jobs::run_in_foreground(app, out, &job.id).await?;
                    jobs::finish(app, out, &job).await
                }
                None => {
                    if out.is_json() {
                        out.json(&serde_json::json!({ "deactivated": result.deactivated }));
                    } else if delete_in_zoom {
                        out.line("No Zoom user created by Rollcall to delete.");
                    }
                    Ok(())
                }
            }
        }
    }
}

fn confirm(question: &str) -> bool {
    eprint!("{question}");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok() && answer.trim().eq_ignore_ascii_case("yes")
}

fn print_counts(out: &Output, counts: &ImportCounts, dry_run: bool) {
    let would = if dry_run { "would be " } else { "" };
    out.line(format!(
        "{} {would}added, {} {would}updated, {} unchanged, {} rows rejected",
        counts.adds, counts.updates, counts.unchanged, counts.rejected_rows
    ));
}

fn print_errors(out: &Output, errors: &[RowError]) {
    for err in errors {
        match &err.column {
            Some(column) => out.line(format!(
                "line {}, column {column}: {}",
                err.line, err.reason
            )),
            None => out.line(format!("line {}: {}", err.line, err.reason)),
        }
    }
}

/// Exit 1 when no row of the file could be imported.
fn nothing_check(counts: &ImportCounts) -> Result<()> {
    if counts.adds + counts.updates + counts.unchanged == 0 {
        Err(AppError::validation(
            "Nothing in the file could be imported (see the rows listed above).",
        ))
    } else {
        Ok(())
    }
}

fn person_cells(p: &Person) -> Vec<String> {
    let zoom = match &p.zoom {
        None => "-".to_owned(),
        Some(z) => match (&z.user_id, z.status) {
            (Some(id), rollcall_core::people::ZoomLinkStatus::Provisioned) => {
                let kind = match z.kind {
                    Some(rollcall_core::provisioning::ZoomUserKind::Created) => "created",
                    _ => "linked",
                };
                format!("{kind} {id}")
            }
            (_, rollcall_core::people::ZoomLinkStatus::Deleted) => "deleted".to_owned(),
            _ => format!("failed: {}", z.error.as_deref().unwrap_or("")),
        },
    };
    vec![
        p.external_id.clone(),
        format!("{} {}", p.first_name, p.last_name)
            .trim()
            .to_owned(),
        p.email.clone(),
        p.groups.join("; "),
        if p.active { "yes" } else { "no" }.to_owned(),
        zoom,
    ]
}
