//! rollcall-core's integration tests: one binary, one module per area.

mod accounts;
mod backup;
mod demo;
mod home;
mod jobs;
mod keychain;
mod people_csv;
mod people_csv_gen;
mod people_store;
mod person_invitations;
mod provisioning;
mod store;
mod support;
