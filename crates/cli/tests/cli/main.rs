//! The `rollcall` binary as a script would use it: real process, real keychain, zoom-sim.

mod account;
mod logs;
mod people;
mod store;
mod support;
