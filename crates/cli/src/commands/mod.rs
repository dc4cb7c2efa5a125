pub mod account;
pub mod invite;
pub mod links;
pub mod meeting;
