//! Commands grouped by area, each a two-line adapter over core.

pub mod accounts;
pub mod app;
pub mod attendance;
pub mod jobs;
pub mod people;
// Meetings and invitations.
pub mod invitations;
pub mod meetings;
// home
pub mod general;
pub mod home;
// demo
pub mod demo;
pub mod store;
