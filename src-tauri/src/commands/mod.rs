//! Commands grouped by area, each a two-line adapter over core.

pub mod accounts;
pub mod app;
pub mod jobs;
pub mod people;
pub mod store;
