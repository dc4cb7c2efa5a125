//! `rollcall provision (--all | --group G | --person EXTERNAL_ID…) [--link-only]`.

use clap::{ArgGroup, Args};
use rollcall_core::people::PeopleSelection;
use rollcall_core::provisioning::ProvisionMode;
use rollcall_core::{App, Result};

use crate::commands::jobs;
use crate::output::Output;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("who").required(true).args(["all", "group", "person"])))]
pub struct ProvisionArgs {
    /// Every active person without a Zoom user.
    #[arg(long)]
    all: bool,
    /// Members of this group (repeatable).
    #[arg(long, value_name = "G")]
    group: Vec<String>,
    /// These people, by external id (repeatable, or several after one --person).
    #[arg(long, value_name = "EXTERNAL_ID", num_args = 1..)]
    person: Vec<String>,
    /// Only link existing Zoom users with the same email; never create one.
    #[arg(long)]
    link_only: bool,
}

/// An unfinished provisioning job of this account is finished first (after a crash or a
/// kill this is what picks up where it stopped); then a new job for whoever is still left.
pub async fn run(app: &App, out: &Output, args: ProvisionArgs) -> Result<()> {
    if let Some(job) = app.unfinished_provisioning().await? {
        out.line(format!(
            "Resuming the unfinished job {} ({}).",
            job.id, job.title
        ));
        let job = jobs::run_in_foreground(app, out, &job.id).await?;
        jobs::finish(app, out, &job).await?;
    }
    let selection = if args.all {
        PeopleSelection::All
    } else if !args.group.is_empty() {
        PeopleSelection::Groups(args.group)
    } else {
        PeopleSelection::People(args.person)
    };
    let mode = if args.link_only {
        ProvisionMode::LinkOnly
    } else {
        ProvisionMode::CreateOrLink
    };
    if app.provisioning_count(&selection).await? == 0 {
        if out.is_json() {
            out.json(&serde_json::json!({ "job": null }));
        } else {
            out.line("Everyone selected already has a Zoom user (or is inactive): nothing to do.");
        }
        return Ok(());
    }
    let job = app.start_provisioning(selection, mode).await?;
    out.line(format!("Job {}: {}", job.id, job.title));
    let job = jobs::run_in_foreground(app, out, &job.id).await?;
    jobs::finish(app, out, &job).await
}
