pub mod account;
pub mod attendance;
