//! Parse + plan a generated 100,000-row people file, and report time and peak memory.
//!
//! Reproduce: `cargo bench -p rollcall-core --bench people_import`

#![allow(dead_code)] // the generator has helpers only the tests use

#[path = "../tests/core/people_csv_gen.rs"]
mod people_csv_gen;

use std::hint::black_box;
use std::time::Instant;

use rollcall_core::directory::{parse_people_csv, plan_import};

const ROWS: usize = 100_000;
const EXISTING: usize = 50_000;
const TARGET_MS: u128 = 3_000;
const TARGET_RSS_MB: u64 = 200;

fn main() {
    let file = people_csv_gen::generate_people_csv(ROWS);
    let existing = people_csv_gen::existing_people(EXISTING);

    // Best of a few runs: the machine is shared, and one slow run says little.
    let (mut best_ms, mut best_parse_ms, mut best_plan_ms) = (u128::MAX, u128::MAX, u128::MAX);
    let mut counts = None;
    for _ in 0..5 {
        let started = Instant::now();
        let parsed = parse_people_csv(black_box(&file)).expect("the generated file is readable");
        let parsed_at = Instant::now();
        let plan = plan_import(&parsed, black_box(&existing));
        best_parse_ms = best_parse_ms.min((parsed_at - started).as_millis());
        best_plan_ms = best_plan_ms.min(parsed_at.elapsed().as_millis());
        best_ms = best_ms.min(started.elapsed().as_millis());
        counts = Some(plan.counts);
    }
    let peak_mb = peak_rss_kb().map_or_else(|| "unknown".to_owned(), |kb| (kb / 1024).to_string());

    println!(
        "file: {:.1} MB, {ROWS} rows, {EXISTING} already stored; best of 5: parse {best_parse_ms} ms, \
         plan {best_plan_ms} ms; plan counts: {counts:?}",
        file.len() as f64 / 1e6
    );
    println!(
        "people import: parse+plan {ROWS} rows in {best_ms} ms (target < {TARGET_MS} ms), \
         peak RSS {peak_mb} MB (target < {TARGET_RSS_MB} MB) — reproduce: \
         cargo bench -p rollcall-core --bench people_import"
    );
}

/// The process's peak resident set size (VmHWM), in kB, on Linux.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
