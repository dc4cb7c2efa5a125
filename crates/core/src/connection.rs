//! Building a Zoom client for an account, and "Test connection".

use crate::accounts::{Account, ConnectionReport};
use crate::error::Result;
use crate::secrets::Secret;

pub(crate) fn client(account: &Account, secret: Secret<String>) -> Result<rollcall_zoom::Client> {
    client_with(account, secret, None)
}

pub(crate) fn client_with(
    account: &Account,
    secret: Secret<String>,
    options: Option<rollcall_zoom::ClientOptions>,
) -> Result<rollcall_zoom::Client> {
    let config = rollcall_zoom::Config {
        api_base: account.api_base.clone(),
        oauth_base: account.oauth_base.clone(),
        account_id: account.account_id.clone(),
        client_id: account.client_id.clone(),
        client_secret: secret,
        plan: account.plan.to_zoom(),
    };
    Ok(match options {
        Some(options) => rollcall_zoom::Client::with_options(config, options)?,
        None => rollcall_zoom::Client::new(config)?,
    })
}

/// Gets a Server-to-Server token and reads `GET /users/me`: proves the credentials, the app's
/// activation and the user-read scope in one call.
pub(crate) async fn test(
    client: &rollcall_zoom::Client,
    account: &Account,
) -> Result<ConnectionReport> {
    let owner = client.users().get("me").await?;
    let owner_name = [owner.first_name.as_deref(), owner.last_name.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(ConnectionReport {
        owner_email: owner.email.clone(),
        owner_name,
        plan: account.plan,
        account_id: account.account_id.clone(),
    })
}
