pub mod account;
pub mod attendance;
pub mod invite;
pub mod links;
pub mod meeting;
