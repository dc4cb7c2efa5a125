//! `rollcall account add|test|list|rename|use|remove`.

use std::io::{IsTerminal, Read};

use clap::Subcommand;
use rollcall_core::accounts::{NewAccount, Plan, SecretInput};
use rollcall_core::{App, AppError, Result};

use crate::output::Output;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Connect a Zoom account (a Server-to-Server OAuth app). The client secret is read from
    /// standard input when piped, else from a hidden prompt; never from an argument.
    Add {
        name: String,
        #[arg(long)]
        account_id: String,
        #[arg(long)]
        client_id: String,
        /// free, pro or business: sets the rate limits Rollcall paces itself by.
        #[arg(long, default_value = "pro", value_parser = parse_plan)]
        plan: Plan,
        /// Default https://api.zoom.us/v2.
        #[arg(long, value_name = "URL")]
        api_base: Option<String>,
        /// Default https://zoom.us (the token endpoint is {oauth-base}/oauth/token).
        #[arg(long, value_name = "URL")]
        oauth_base: Option<String>,
    },
    /// Get a token and ask Zoom who owns the account.
    Test {
        name: String,
    },
    List,
    Rename {
        name: String,
        new_name: String,
    },
    /// Make this the active account.
    Use {
        name: String,
    },
    /// Forget the account and delete its secret from the keychain (nothing changes in Zoom).
    Remove {
        name: String,
    },
}

fn parse_plan(value: &str) -> std::result::Result<Plan, String> {
    Plan::parse(value).ok_or_else(|| format!("unknown plan {value:?} (free, pro or business)"))
}

pub async fn run(app: &App, out: &Output, cmd: AccountCommand) -> Result<()> {
    match cmd {
        AccountCommand::Add {
            name,
            account_id,
            client_id,
            plan,
            api_base,
            oauth_base,
        } => {
            let client_secret = read_secret()?;
            let (account, report) = app
                .add_account(NewAccount {
                    name,
                    account_id,
                    client_id,
                    client_secret,
                    plan,
                    api_base,
                    oauth_base,
                })
                .await?;
            if out.is_json() {
                out.json(&serde_json::json!({ "account": account, "connection": report }));
            } else {
                out.line(format!(
                    "Connected \"{}\": Zoom account owned by {}. The secret is in the system keychain.",
                    account.name, report.owner_email
                ));
            }
        }
        AccountCommand::Test { name } => {
            let report = app.test_account(&name).await?;
            if out.is_json() {
                out.json(&report);
            } else {
                out.line(format!(
                    "OK: connected to Zoom as {} ({} plan).",
                    report.owner_email,
                    report.plan.as_str()
                ));
            }
        }
        AccountCommand::List => {
            let accounts = app.list_accounts().await?;
            let status = app.status().await?;
            let active = status.active_account.map(|a| a.id);
            if out.is_json() {
                out.json(&accounts);
            } else if accounts.is_empty() {
                out.line("No Zoom account yet. Add one with: rollcall account add NAME --account-id … --client-id …");
            } else {
                let rows: Vec<Vec<String>> = accounts
                    .iter()
                    .map(|a| {
                        vec![
                            if Some(&a.id) == active.as_ref() {
                                "*".into()
                            } else {
                                String::new()
                            },
                            a.name.clone(),
                            a.account_id.clone(),
                            a.plan.as_str().into(),
                            a.api_base.clone(),
                        ]
                    })
                    .collect();
                out.table(&["", "NAME", "ACCOUNT ID", "PLAN", "API"], &rows);
            }
        }
        AccountCommand::Rename { name, new_name } => {
            let account = app.rename_account(&name, &new_name).await?;
            if out.is_json() {
                out.json(&account);
            } else {
                out.line(format!("Renamed to \"{}\".", account.name));
            }
        }
        AccountCommand::Use { name } => {
            let status = app.use_account(&name).await?;
            if out.is_json() {
                out.json(&status);
            } else if let Some(account) = status.active_account {
                out.line(format!("\"{}\" is now the active account.", account.name));
            }
        }
        AccountCommand::Remove { name } => {
            app.remove_account(&name).await?;
            out.line(format!(
                "Removed \"{name}\" and its secret from the keychain."
            ));
        }
    }
    Ok(())
}

/// Piped: the first line of stdin. A terminal: a hidden prompt.
fn read_secret() -> Result<SecretInput> {
    let stdin = std::io::stdin();
    let secret = if stdin.is_terminal() {
        rpassword::prompt_password("Client secret: ").map_err(|e| {
            AppError::validation("Could not read the client secret.").with_detail(e.to_string())
        })?
    } else {
        let mut text = String::new();
        stdin.lock().read_to_string(&mut text).map_err(|e| {
            AppError::validation("Could not read the client secret from standard input.")
                .with_detail(e.to_string())
        })?;
        text.lines().next().unwrap_or_default().to_owned()
    };
    Ok(SecretInput::new(secret.trim().to_owned()))
}
