pub mod account;
pub mod jobs;
pub mod people;
pub mod provision;
