//! Zoom accounts: connection profiles (name, Zoom account id, client id, plan, base URLs).
//! The client secret goes to the OS keychain; the store keeps only a reference to it.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};
use crate::secrets::Secret;
use crate::store::accounts::AccountRow;

/// The account's Zoom plan; it sets the rate limits Rollcall paces itself by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    Free,
    Pro,
    Business,
}

impl Plan {
    pub fn as_str(self) -> &'static str {
        match self {
            Plan::Free => "free",
            Plan::Pro => "pro",
            Plan::Business => "business",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "free" | "basic" => Some(Plan::Free),
            "pro" => Some(Plan::Pro),
            "business" | "business+" | "education" | "enterprise" => Some(Plan::Business),
            _ => None,
        }
    }

    pub fn to_zoom(self) -> rollcall_zoom::Plan {
        match self {
            Plan::Free => rollcall_zoom::Plan::Free,
            Plan::Pro => rollcall_zoom::Plan::Pro,
            Plan::Business => rollcall_zoom::Plan::Business,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: String,
    pub name: String,
    pub account_id: String,
    pub client_id: String,
    pub plan: Plan,
    pub api_base: String,
    pub oauth_base: String,
    /// The simulated account of demo mode.
    pub is_demo: bool,
}

impl Account {
    pub(crate) fn from_row(row: &AccountRow) -> Result<Self> {
        Ok(Self {
            id: row.id.clone(),
            name: row.name.clone(),
            account_id: row.zoom_account_id.clone(),
            client_id: row.client_id.clone(),
            plan: Plan::parse(&row.plan).ok_or_else(|| {
                AppError::database(format!(
                    "unknown plan {:?} for account {}",
                    row.plan, row.id
                ))
            })?,
            api_base: row.api_base.clone(),
            oauth_base: row.oauth_base.clone(),
            is_demo: false,
        })
    }
}

/// A secret typed into a form or piped to the CLI: deserializable (it has to arrive), but it
/// cannot be serialized back or printed, and becomes a [`Secret`] at once.
#[derive(Deserialize, specta::Type)]
#[serde(transparent)]
#[specta(transparent)]
pub struct SecretInput(String);

impl SecretInput {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn into_secret(self) -> Secret<String> {
        Secret::new(self.0)
    }
}

impl std::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretInput([redacted])")
    }
}

#[derive(Debug, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    pub name: String,
    pub account_id: String,
    pub client_id: String,
    pub client_secret: SecretInput,
    pub plan: Plan,
    /// `None` → real Zoom, `https://api.zoom.us/v2`.
    pub api_base: Option<String>,
    /// `None` → real Zoom, `https://zoom.us`.
    pub oauth_base: Option<String>,
}

/// What "Test connection" found: the account owner and the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub owner_email: String,
    pub owner_name: String,
    pub plan: Plan,
    pub account_id: String,
}

/// The checked, normalised fields of a new account.
#[derive(Debug)]
pub(crate) struct ValidAccount {
    pub name: String,
    pub account_id: String,
    pub client_id: String,
    pub client_secret: Secret<String>,
    pub plan: Plan,
    pub api_base: String,
    pub oauth_base: String,
}

impl NewAccount {
    pub(crate) fn validate(self) -> Result<ValidAccount> {
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            return Err(AppError::validation(
                "Give the account a name, such as \"School\".",
            ));
        }
        if name.chars().count() > 80 {
            return Err(AppError::validation(
                "The account name is too long (80 characters at most).",
            ));
        }
        let account_id = self.account_id.trim().to_owned();
        let client_id = self.client_id.trim().to_owned();
        if account_id.is_empty() || client_id.is_empty() {
            return Err(AppError::validation(
                "Enter the Account ID and the Client ID shown on the app's page in the Zoom App \
                 Marketplace.",
            ));
        }
        let client_secret = self.client_secret.into_secret();
        if client_secret.expose().trim().is_empty() {
            return Err(AppError::validation(
                "Enter the Client secret shown on the app's page in the Zoom App Marketplace.",
            ));
        }
        let api_base = base_url(self.api_base, rollcall_zoom::ZOOM_API_BASE, "API address")?;
        let oauth_base = base_url(
            self.oauth_base,
            rollcall_zoom::ZOOM_OAUTH_BASE,
            "OAuth address",
        )?;
        Ok(ValidAccount {
            name,
            account_id,
            client_id,
            client_secret: Secret::new(client_secret.expose().trim().to_owned()),
            plan: self.plan,
            api_base,
            oauth_base,
        })
    }
}

fn base_url(value: Option<String>, default: &str, what: &str) -> Result<String> {
    let value = value
        .map(|v| v.trim().trim_end_matches('/').to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned());
    let parsed = url::Url::parse(&value).map_err(|_| {
        AppError::validation(format!("The {what} \"{value}\" is not a web address."))
    })?;
    match parsed.scheme() {
        "https" => Ok(value),
        // Plain HTTP only to this computer (the simulator); credentials never cross a network
        // in clear text.
        "http" if matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")) => {
            Ok(value)
        }
        _ => Err(AppError::validation(format!(
            "The {what} must start with https:// (plain http is allowed only for this computer)."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(secret: &str) -> NewAccount {
        NewAccount {
            name: " School ".into(),
            account_id: "acc".into(),
            client_id: "cid".into(),
            client_secret: SecretInput::new(secret),
            plan: Plan::Pro,
            api_base: None,
            oauth_base: Some("http://127.0.0.1:9/".into()),
        }
    }

    #[test]
    fn defaults_to_real_zoom_and_trims() {
        let valid = input("s").validate().unwrap();
        assert_eq!(valid.name, "School");
        assert_eq!(valid.api_base, "https://api.zoom.us/v2");
        assert_eq!(valid.oauth_base, "http://127.0.0.1:9");
    }

    #[test]
    fn refuses_plain_http_to_other_hosts_and_empty_secret() {
        let mut bad = input("s");
        bad.api_base = Some("http://api.zoom.us/v2".into());
        assert!(bad.validate().unwrap_err().message.contains("https://"));
        assert!(input("  ").validate().is_err());
    }

    #[test]
    fn new_account_debug_hides_the_secret() {
        assert!(!format!("{:?}", input("top-secret-value")).contains("top-secret-value"));
    }
}
