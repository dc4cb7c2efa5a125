//! rollcall-core's integration tests: the store, the keychain and zoom-sim together; one binary,
//! one module per area.

mod accounts;
mod jobs;
mod keychain;
mod people_csv;
mod people_csv_gen;
mod store;
mod support;
