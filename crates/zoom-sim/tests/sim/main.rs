//! zoom-sim integration tests: one binary, one module per concern.

mod behaviour;
mod common;
mod contract;
mod limits;
mod scenario;
mod spec;
