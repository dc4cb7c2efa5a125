//! Attendance reconciliation, as specifications: one test per §6 rule, masking, HIPAA,
//! grouping, time arithmetic, thresholds, review decisions, history, and properties.

mod fixture;
mod grouping;
mod hipaa;
mod history;
mod masking;
mod properties;
mod review;
mod rules;
mod stored;
mod time;
mod wire;
