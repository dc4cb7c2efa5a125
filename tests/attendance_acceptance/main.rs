//! Attendance end to end against zoom-sim: a meeting acted out, synced into a temporary store,
//! reconciled and compared with a hand-computed table (with and without HIPAA masking); a
//! recurring meeting whose review decision carries over; and sync robustness (a failed page,
//! a report not ready yet, UUIDs that need double encoding).

mod recurring;
mod robustness;
mod scenario;
mod support;
