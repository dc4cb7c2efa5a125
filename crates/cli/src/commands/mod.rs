pub mod account;
pub mod attendance;
pub mod invite;
pub mod jobs;
pub mod links;
pub mod meeting;
pub mod people;
pub mod provision;
