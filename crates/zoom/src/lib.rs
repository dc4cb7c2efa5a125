//! rollcall-zoom: the typed Zoom REST client.
//!
//! Zoom's own words (`registrant`, `participant`, `custCreate` …) live in this crate and in
//! zoom-sim only; `rollcall-core` converts them into the admins' words once.

mod config;
mod error;
mod secret;

pub use config::{Config, Plan, ZOOM_API_BASE, ZOOM_OAUTH_BASE};
pub use error::{ErrorKind, FieldError, ZoomError};
pub use secret::Secret;
