//! rollcall-zoom: the typed Zoom REST client.
//!
//! Zoom's own words (`registrant`, `participant`, `custCreate` …) live in this crate and in
//! zoom-sim only; `rollcall-core` converts them into the admins' words once.
//!
//! # Use
//!
//! One [`Client`] per Zoom account; it is cheap to clone and clones share the access token,
//! the rate-limit scheduler and the daily counters. Endpoints are grouped in handlers, as in
//! octocrab:
//!
//! ```no_run
//! # async fn demo(config: rollcall_zoom::Config) -> Result<(), rollcall_zoom::ZoomError> {
//! use futures::TryStreamExt;
//! use rollcall_zoom::{Client, model::*};
//!
//! let client = Client::new(config)?;
//! let me = client.users().get("me").await?;
//! let meeting = client.meetings().create(&me.id, &NewMeeting {
//!     topic: "Weekly review".into(),
//!     meeting_type: Some(MeetingType::Scheduled),
//!     ..Default::default()
//! }).await?;
//! let added = client.registrants(meeting.id).add(&NewRegistrant {
//!     email: "ann@example.org".into(),
//!     first_name: "Ann".into(),
//!     auto_approve: Some(true),
//!     ..Default::default()
//! }, &[]).await?;
//! let rows: Vec<ReportParticipant> =
//!     client.reports().report_participants(&meeting.uuid).try_collect().await?;
//! # let _ = (added, rows); Ok(()) }
//! ```
//!
//! # Behaviour every endpoint shares
//!
//! - **Auth**: Server-to-Server OAuth, token cached and refreshed ≥60 s before expiry, and once
//!   more when Zoom rejects it (401 / code 124), then the request is repeated once.
//! - **Rate limits**: each request waits for a slot of its category (Light/Medium/Heavy/
//!   Resource-intensive, sized by [`Plan`]); requests are spread evenly, so pipelining many
//!   requests (see [`Client::run_paced`], or `buffer_unordered` in the caller) runs at the
//!   account's ceiling without 429s. Daily caps are counted locally ([`Client::daily_usage`]).
//! - **Retries**: only where a repeat cannot duplicate work (GET, PUT status, DELETE, the token
//!   request): network errors and 5xx, jittered exponential backoff, 4 attempts. Creates
//!   (POST) and updates (PATCH, which count against a daily cap) are never repeated after a
//!   network error or 5xx: the caller looks up first, then tries again. A per-second 429 and a
//!   rejected token are waited out / refreshed for every method (Zoom did no work).
//! - **Listings** are [`ZoomStream`]s over `next_page_token`; an expired token restarts the
//!   listing and skips items already yielded (see [`paging`]).
//! - **Errors**: one [`ZoomError`] with an [`ErrorKind`] to act on. Messages never contain the
//!   client secret or a token.
//!
//! # Bulk work
//!
//! Issue many requests at once and let the scheduler pace them; [`Client::run_paced`] keeps
//! up to `ClientOptions::pipeline_depth` in flight and yields results in input order:
//!
//! ```no_run
//! # async fn demo(client: rollcall_zoom::Client, meeting_id: u64, people: Vec<rollcall_zoom::model::NewRegistrant>) {
//! use futures::StreamExt;
//! let registrants = client.registrants(meeting_id);
//! let mut results = client.run_paced(people, |p| async move { registrants.add(&p, &[]).await });
//! while let Some(result) = results.next().await {
//!     // persist each outcome as it arrives (job rows, idempotency keys …)
//!     let _ = result;
//! }
//! # }
//! ```
//!
//! Pages of one listing are sequential by nature; read several listings concurrently to use a
//! category's whole rate.
//!
//! # Testing
//!
//! [`ClientOptions`] injects the [`clock::Clock`], the jitter seed and the
//! [`transport::Transport`], so the request path can be driven without a network.

mod api;
mod auth;
mod client;
pub mod clock;
mod config;
pub mod encode;
mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod model;
pub mod paging;
mod request;
pub mod scheduler;
mod secret;
pub mod transport;

pub use api::meetings::Meetings;
pub use api::registrants::Registrants;
pub use api::reports::Reports;
pub use api::users::Users;
pub use client::{Client, ClientOptions};
pub use config::{Config, Plan, ZOOM_API_BASE, ZOOM_OAUTH_BASE};
pub use error::{ErrorKind, FieldError, ZoomError};
pub use paging::ZoomStream;
pub use scheduler::{Category, DailyKey, DailyUsage, PacingOptions};
pub use secret::Secret;
