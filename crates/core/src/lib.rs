//! rollcall-core: Rollcall's domain, in the admins' words (ARCHITECTURE §2): people, Zoom
//! accounts, meetings, invitations, attendance, jobs. Zoom's own words stay in
//! `rollcall-zoom`; this crate converts once. No Tauri, no terminal.

pub mod accounts;
pub mod app;
pub mod attendance;
pub mod backup;
pub mod clock;
mod connection;
pub mod demo;
pub mod directory;
pub mod error;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod home;
pub mod invitations;
pub mod jobs;
pub mod lock;
pub mod logs;
pub mod meetings;
pub mod paths;
pub mod people;
pub mod provisioning;
pub mod secrets;
pub mod store;

pub use app::{App, AppMode, AppStatus, OpenOptions};
pub use error::{AppError, ErrorCode, Result};
