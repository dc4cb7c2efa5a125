//! The people CSV import: any bytes an admin might pick (wrong encoding, odd delimiters, huge
//! cells, quotes gone wrong) are parsed and planned against an existing directory with typed
//! per-row errors, never a panic. The body lives in `rollcall_core::fuzzing`, so that
//! `tests/reliability` replays every seed on stable in each `./scripts/test` run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rollcall_core::fuzzing::csv_import(data));
