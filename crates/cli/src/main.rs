//! `rollcall`: the command-line front end over rollcall-core, for scripts, scheduled runs and
//! support. Human output by default, `--json` on request. Exit codes: 0 success, 1 the
//! operation failed (the reason is printed in one line), 2 usage error.

mod commands;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use rollcall_core::{App, OpenOptions, paths, secrets};

use crate::output::Output;

#[derive(Debug, Parser)]
#[command(
    name = "rollcall",
    version,
    about = "Invite-only Zoom meetings and attendance tied to every person."
)]
struct Cli {
    /// The data folder (default: the desktop app's). Also ROLLCALL_DATA_DIR.
    #[arg(long, global = true, env = paths::DATA_DIR_ENV, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The Zoom account to work with (default: the active one).
    #[arg(long, global = true, value_name = "NAME")]
    account: Option<String>,
    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Zoom accounts (connection profiles); secrets go to the system keychain.
    #[command(subcommand)]
    Account(commands::account::AccountCommand),
    /// Attendance: sync from Zoom, show, review unidentified rows, export.
    #[command(subcommand)]
    Attendance(commands::attendance::AttendanceCommand),
    /// Invite-only meetings in Zoom.
    #[command(subcommand)]
    Meeting(commands::meeting::MeetingCommand),
    /// Invite people to a meeting and register them in Zoom.
    Invite(commands::invite::InviteArgs),
    /// Cancel people's registrations (their links stop working).
    Uninvite(commands::invite::UninviteArgs),
    /// Each invited person's own link: show, or export as CSV or JSON.
    Links(commands::links::LinksArgs),
    /// The people directory: import, list, edit, export, deactivate.
    #[command(subcommand)]
    People(commands::people::PeopleCommand),
    /// Give people Zoom users (create or link by email), as a resumable job.
    Provision(commands::provision::ProvisionArgs),
    /// Long operations: list, show, resume (in the foreground), cancel.
    #[command(subcommand)]
    Jobs(commands::jobs::JobsCommand),
    /// The local data: back it up to a file, restore a backup.
    #[command(subcommand)]
    Store(commands::store::StoreCommand),
}

impl Command {
    /// Commands that run jobs take the data folder's lock before anything else, so they never
    /// run the same jobs as an open Rollcall window (running a job takes it in any case).
    fn runs_jobs(&self) -> bool {
        use commands::attendance::AttendanceCommand;
        use commands::jobs::JobsCommand;
        use commands::store::StoreCommand;
        matches!(
            self,
            Command::Invite(_)
                | Command::Uninvite(_)
                | Command::Provision(_)
                | Command::Attendance(AttendanceCommand::Sync { .. })
                | Command::Jobs(JobsCommand::Resume { .. })
                | Command::Store(StoreCommand::Restore { .. })
        )
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.json);
    // Quiet unless ROLLCALL_LOG asks (errors reach the user as plain messages); what is logged
    // goes to stderr through the same redacting writer as the desktop app's, and a panic leaves
    // a crash report in <data>/logs/.
    let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
    rollcall_core::logs::init("off", None);
    rollcall_core::logs::install_crash_hook(&data_dir, "rollcall", env!("CARGO_PKG_VERSION"));
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let options = OpenOptions {
            data_dir,
            keyring_service: secrets::default_service(),
        };
        let app = App::open(options).await?;
        if cli.command.runs_jobs() {
            app.lock_data_folder()?;
        }
        if let Some(account) = &cli.account {
            app.use_account_for_session(account).await?;
        }
        match cli.command {
            Command::Account(cmd) => commands::account::run(&app, &out, cmd).await,
            Command::Attendance(cmd) => commands::attendance::run(&app, &out, cmd).await,
            Command::Meeting(cmd) => commands::meeting::run(&app, &out, cmd).await,
            Command::Invite(args) => commands::invite::invite(&app, &out, args).await,
            Command::Uninvite(args) => commands::invite::uninvite(&app, &out, args).await,
            Command::Links(args) => commands::links::run(&app, &out, args).await,
            Command::People(cmd) => commands::people::run(&app, &out, cmd).await,
            Command::Provision(args) => commands::provision::run(&app, &out, args).await,
            Command::Jobs(cmd) => commands::jobs::run(&app, &out, cmd).await,
            Command::Store(cmd) => commands::store::run(&app, &out, cmd).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            out.error(&err);
            ExitCode::FAILURE
        }
    }
}
