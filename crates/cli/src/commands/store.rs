//! `rollcall store backup FILE` and `rollcall store restore FILE`: the local data, copied out and
//! put back.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Subcommand;
use rollcall_core::{App, AppError, Result};

use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Write a checked copy of the local data to FILE (safe while Rollcall runs).
    Backup { file: PathBuf },
    /// Replace the local data with a backup. The current data is kept in a backup next to it.
    Restore {
        file: PathBuf,
        /// Do not ask for confirmation (needed when not on a terminal).
        #[arg(long)]
        yes: bool,
    },
    /// Where the local data lives.
    Show,
}

pub async fn run(app: &App, out: &Output, cmd: StoreCommand) -> Result<()> {
    match cmd {
        StoreCommand::Backup { file } => {
            let made = app.backup_store(&file).await?;
            if out.is_json() {
                out.json(&made);
            } else {
                out.line(format!(
                    "Backed up the local data to {} ({}).",
                    made.path,
                    size(made.size_bytes)
                ));
            }
        }
        StoreCommand::Restore { file, yes } => {
            if !yes {
                let question = format!(
                    "This replaces all local data in {} (people, meetings, invitations, \
                     attendance, jobs, accounts) with the backup {}. The current data is kept in \
                     a backup first. Nothing changes in Zoom. Type yes to go on: ",
                    app.data_dir().display(),
                    file.display()
                );
                if !(std::io::stdin().is_terminal() && confirm(&question)) {
                    return Err(AppError::validation(
                        "Restoring replaces all local data; add --yes to confirm. Nothing was \
                         changed.",
                    ));
                }
            }
            let done = app.restore_store(&file).await?;
            if out.is_json() {
                out.json(&done);
            } else {
                out.line(format!(
                    "Restored the local data from {}. The data it replaced is kept in {}.",
                    done.restored_from, done.previous_kept_at
                ));
                if done.paused_jobs > 0 {
                    out.line(format!(
                        "{} unfinished job(s) from the backup are paused: check them with \
                         `rollcall jobs list`, then `rollcall jobs resume ID`.",
                        done.paused_jobs
                    ));
                }
            }
        }
        StoreCommand::Show => {
            let folder = app.data_folder();
            if out.is_json() {
                out.json(&folder);
            } else {
                out.line(format!("Data folder: {}", folder.data_dir));
                out.line(format!(
                    "Data file:   {} ({})",
                    folder.store_file,
                    size(folder.size_bytes)
                ));
            }
        }
    }
    Ok(())
}

fn size(bytes: f64) -> String {
    if bytes >= 1_048_576.0 {
        format!("{:.1} MB", bytes / 1_048_576.0)
    } else {
        format!("{:.0} KB", (bytes / 1024.0).ceil())
    }
}

fn confirm(question: &str) -> bool {
    eprint!("{question}");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok() && answer.trim().eq_ignore_ascii_case("yes")
}
