//! The one integration-test binary of rollcall-zoom.
//!
//! - `scripted`: the request path (auth, retries, pacing, paging, errors) against a scripted
//!   transport, deterministic and fast.
//! - `contract`: every request the client builds validates against Zoom's OpenAPI specs.
//! - `secrets`: the client secret and access token never reach a log line or an error.
//! - `sim`: every endpoint and fault against zoom-sim.

mod common;
mod contract;
mod scripted;
mod secrets;
mod sim;
