//! Acceptance scenarios across crates: rollcall-core driving zoom-sim through the typed
//! client, with a temporary store and an in-memory keychain.

mod home;
mod invitations;
mod meetings;
mod support;
