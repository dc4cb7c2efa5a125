//! rollcall-core's integration tests: one binary, one module per area.

mod people_csv;
mod people_csv_gen;
