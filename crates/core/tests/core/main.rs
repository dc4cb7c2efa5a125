//! rollcall-core's integration tests: the store, the keychain and zoom-sim together.

mod accounts;
mod jobs;
mod keychain;
mod store;
mod support;
