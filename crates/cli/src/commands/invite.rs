//! `rollcall invite MEETING (--all | --group G | --person ID…)` and `rollcall uninvite`.

use clap::Args;
use rollcall_core::invitations::{InviteOutcome, PeopleSelection};
use rollcall_core::{App, AppError, Result};

use super::meeting::{finish, run_job};
use crate::output::Output;

#[derive(Debug, Args)]
pub struct InviteArgs {
    /// Local meeting id or Zoom meeting id.
    pub meeting: String,
    /// Everyone active in the directory.
    #[arg(long, conflicts_with_all = ["group", "person"])]
    pub all: bool,
    /// Everyone active in these groups.
    #[arg(long)]
    pub group: Vec<String>,
    /// These people (external ids).
    #[arg(long, num_args = 1..)]
    pub person: Vec<String>,
    /// Only these occurrences (series registered per occurrence).
    #[arg(long)]
    pub occurrence: Vec<String>,
}

#[derive(Debug, Args)]
pub struct UninviteArgs {
    pub meeting: String,
    #[arg(long, num_args = 1.., required = true)]
    pub person: Vec<String>,
}

fn selection(all: bool, groups: Vec<String>, people: Vec<String>) -> Result<PeopleSelection> {
    if all {
        Ok(PeopleSelection::All)
    } else if !groups.is_empty() {
        Ok(PeopleSelection::Groups(groups))
    } else if !people.is_empty() {
        Ok(PeopleSelection::People(people))
    } else {
        Err(AppError::validation(
            "Say who to invite: --all, --group NAME or --person ID.",
        ))
    }
}

fn report_skipped(out: &Output, outcome: &InviteOutcome) {
    for s in &outcome.skipped {
        out.line(format!("skipped {}: {}", s.external_id, s.reason));
    }
}

pub async fn invite(app: &App, out: &Output, args: InviteArgs) -> Result<()> {
    let who = selection(args.all, args.group, args.person)?;
    let occurrences = (!args.occurrence.is_empty()).then_some(args.occurrence);
    let outcome = app.invite(&args.meeting, who, occurrences).await?;
    report_skipped(out, &outcome);
    match &outcome.job {
        Some(job) => {
            out.line(format!("Registering {} people in Zoom…", outcome.people));
            let job = run_job(app, out, job).await?;
            finish(out, &job, "registered")
        }
        None => {
            if out.is_json() {
                out.json(&outcome);
            }
            out.line("Nobody to invite.");
            Ok(())
        }
    }
}

pub async fn uninvite(app: &App, out: &Output, args: UninviteArgs) -> Result<()> {
    let outcome = app
        .uninvite(&args.meeting, PeopleSelection::People(args.person))
        .await?;
    report_skipped(out, &outcome);
    match &outcome.job {
        Some(job) => {
            let job = run_job(app, out, job).await?;
            finish(out, &job, "uninvited (their links no longer work)")
        }
        None => {
            if out.is_json() {
                out.json(&outcome);
            }
            Ok(())
        }
    }
}
