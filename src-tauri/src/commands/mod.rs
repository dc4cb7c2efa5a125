//! Commands grouped by area, each a two-line adapter over core.

pub mod accounts;
pub mod app;
pub mod attendance;
pub mod jobs;
pub mod people;
