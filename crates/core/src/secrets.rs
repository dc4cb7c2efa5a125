//! Credentials live in the OS keychain and nowhere else (not the database, not files, not logs).
//!
//! One keychain entry per Zoom account profile: service `rollcall` (debug builds `rollcall-dev`,
//! overridable with `ROLLCALL_KEYRING_SERVICE` so tests never touch a user's real entries),
//! user = the profile's keychain reference. The database keeps only that reference.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};
pub use rollcall_zoom::Secret;

use crate::error::{AppError, ErrorCode, Result};

pub const KEYRING_SERVICE_ENV: &str = "ROLLCALL_KEYRING_SERVICE";

/// The service name entries are filed under.
pub fn default_service() -> String {
    if let Ok(service) = std::env::var(KEYRING_SERVICE_ENV)
        && !service.trim().is_empty()
    {
        return service;
    }
    if cfg!(debug_assertions) {
        "rollcall-dev".to_owned()
    } else {
        "rollcall".to_owned()
    }
}

#[derive(Clone)]
pub struct SecretStore {
    store: Arc<CredentialStore>,
    service: String,
}

impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretStore")
            .field("vendor", &self.store.vendor())
            .field("service", &self.service)
            .finish()
    }
}

impl SecretStore {
    /// The platform keychain: the Secret Service (GNOME Keyring, KWallet) on Linux.
    /// Failing to reach it is not fatal for the app (demo mode needs no keychain); it surfaces
    /// as `KeychainUnavailable` when a secret is actually needed.
    pub fn system(service: impl Into<String>) -> Result<Self> {
        let store: Arc<CredentialStore> = platform_store()?;
        Ok(Self {
            store,
            service: service.into(),
        })
    }

    /// An in-memory store for unit tests. Never used by the app.
    pub fn in_memory(service: impl Into<String>) -> Self {
        let store: Arc<CredentialStore> =
            keyring_core::mock::Store::new().expect("the mock keyring store always builds");
        Self {
            store,
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, key: &str) -> Result<Entry> {
        Entry::new_in_store(&self.store, &self.service, key).map_err(keychain_error)
    }

    pub fn save(&self, key: &str, secret: &Secret<String>) -> Result<()> {
        self.entry(key)?
            .set_password(secret.expose())
            .map_err(keychain_error)
    }

    pub fn load(&self, key: &str) -> Result<Secret<String>> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Secret::new(value)),
            Err(keyring_core::Error::NoEntry) => Err(AppError::new(
                ErrorCode::KeychainUnavailable,
                "The client secret for this Zoom account is not in the system keychain any more. \
                 Open Settings → Zoom accounts and enter it again.",
            )),
            Err(err) => Err(keychain_error(err)),
        }
    }

    /// Removing an entry that is already gone is fine.
    pub fn delete(&self, key: &str) -> Result<()> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(err) => Err(keychain_error(err)),
        }
    }
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>> {
    let store = zbus_secret_service_keyring_store::Store::new().map_err(keychain_error)?;
    Ok(store)
}

#[cfg(not(target_os = "linux"))]
fn platform_store() -> Result<Arc<CredentialStore>> {
    Err(AppError::new(
        ErrorCode::KeychainUnavailable,
        "This build of Rollcall supports the Linux Secret Service keychain only.",
    ))
}

fn keychain_error(err: keyring_core::Error) -> AppError {
    // The keyring error text never contains the secret itself (only ids and platform errors).
    let message = match &err {
        keyring_core::Error::NoStorageAccess(_) => {
            "The system keychain is locked or refused access. Unlock it (log in to the desktop \
             session, or open your keyring app) and try again."
        }
        _ => {
            "Rollcall could not use the system keychain, where it keeps the Zoom client secret. \
             Make sure a keyring service (GNOME Keyring or KWallet) is running, then try again."
        }
    };
    AppError::new(ErrorCode::KeychainUnavailable, message).with_detail(err.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_delete() {
        let store = SecretStore::in_memory("rollcall-test");
        store
            .save("acct-1", &Secret::new("s3cr3t".to_owned()))
            .unwrap();
        assert_eq!(store.load("acct-1").unwrap().expose(), "s3cr3t");
        store.delete("acct-1").unwrap();
        let err = store.load("acct-1").unwrap_err();
        assert_eq!(err.code, ErrorCode::KeychainUnavailable);
        // Deleting twice is not an error.
        store.delete("acct-1").unwrap();
    }

    #[test]
    fn debug_output_names_no_secret() {
        let store = SecretStore::in_memory("rollcall-test");
        store.save("a", &Secret::new("zzz-secret".to_owned())).unwrap();
        assert!(!format!("{store:?}").contains("zzz-secret"));
    }
}
