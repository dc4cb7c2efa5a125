//! Importing a generated 100,000-row people file: parse + plan alone, and the full import
//! through `App::import_people` into a fresh SQLite store that already holds 50,000 of them
//! (so the file both adds and updates). Reports wall time and peak memory against the targets.
//!
//! Reproduce: `cargo bench -p rollcall-core --bench people_import`
//! CI smoke: `cargo bench -p rollcall-core --bench people_import -- --quick` (small counts, no
//! target).

#![allow(dead_code)] // the generator has helpers only the tests use

#[path = "../tests/core/people_csv_gen.rs"]
mod people_csv_gen;

use std::hint::black_box;
use std::time::Instant;

use rollcall_core::App;
use rollcall_core::directory::{PersonExport, export_people_csv, parse_people_csv, plan_import};
use rollcall_core::secrets::SecretStore;

const TARGET_MS: u128 = 3_000;
const TARGET_RSS_MB: u64 = 200;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rows, existing_count, runs) = if quick {
        (2_000, 1_000, 1)
    } else {
        (100_000, 50_000, 3)
    };
    let file = people_csv_gen::generate_people_csv(rows);
    let existing = people_csv_gen::existing_people(existing_count);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");

    // The full import into SQLite first (so no earlier phase's heap inflates its peak), each
    // run on a fresh store seeded with the existing people.
    let existing_csv = {
        let people: Vec<PersonExport> = existing
            .iter()
            .map(|p| PersonExport {
                external_id: p.external_id.clone(),
                email: p.email.clone(),
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                groups: p.groups.clone(),
                active: p.active,
            })
            .collect();
        let mut out = Vec::new();
        export_people_csv(&people, &mut out).expect("export to memory");
        out
    };
    reset_peak_rss();
    let mut best_import_ms = u128::MAX;
    let mut import_counts = None;
    for _ in 0..runs {
        let dir = tempfile::tempdir().expect("a temp dir");
        let (ms, counts) = runtime.block_on(async {
            let app = App::open_with(
                dir.path().to_owned(),
                Ok(SecretStore::in_memory("rollcall-bench")),
                rollcall_core::clock::system(),
            )
            .await
            .expect("the app opens");
            app.import_people(&existing_csv).await.expect("seed import");
            let started = Instant::now();
            let result = app.import_people(black_box(&file)).await.expect("import");
            let ms = started.elapsed().as_millis();
            app.store().await.close().await;
            (ms, result.counts)
        });
        best_import_ms = best_import_ms.min(ms);
        import_counts = Some(counts);
    }
    let peak_mb = peak_rss_kb().map(|kb| kb / 1024);

    // Parse + plan alone (nothing written), measured after the import so each phase's
    // peak is its own.
    reset_peak_rss();
    // Parse + plan (nothing written). Best of a few runs: the machine is shared.
    let (mut best_ms, mut best_parse_ms, mut best_plan_ms) = (u128::MAX, u128::MAX, u128::MAX);
    let mut counts = None;
    for _ in 0..runs {
        let started = Instant::now();
        let parsed = parse_people_csv(black_box(&file)).expect("the generated file is readable");
        let parsed_at = Instant::now();
        let plan = plan_import(&parsed, black_box(&existing));
        best_parse_ms = best_parse_ms.min((parsed_at - started).as_millis());
        best_plan_ms = best_plan_ms.min(parsed_at.elapsed().as_millis());
        best_ms = best_ms.min(started.elapsed().as_millis());
        counts = Some(plan.counts);
    }

    let parse_plan_peak_mb = peak_rss_kb().map(|kb| kb / 1024);
    let peak_text = peak_mb.map_or_else(|| "unknown".to_owned(), |mb| mb.to_string());
    let parse_plan_peak =
        parse_plan_peak_mb.map_or_else(|| "unknown".to_owned(), |mb| mb.to_string());

    println!(
        "file: {:.1} MB, {rows} rows, {existing_count} already stored; best of {runs}: parse \
         {best_parse_ms} ms, plan {best_plan_ms} ms; plan counts: {counts:?}",
        file.len() as f64 / 1e6
    );
    println!("import counts: {import_counts:?}");
    if quick {
        println!(
            "people import (quick, no target): parse+plan {best_ms} ms, full import into SQLite \
             {best_import_ms} ms, peak RSS {peak_text} MB (parse+plan alone {parse_plan_peak} MB) \
             — reproduce: cargo bench -p \
             rollcall-core --bench people_import"
        );
        return;
    }
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!(
        "people import: parse+plan {rows} rows in {best_ms} ms (target < {TARGET_MS} ms: {}), \
         full import into SQLite in {best_import_ms} ms (target < {TARGET_MS} ms: {}), peak RSS \
         of the import {peak_text} MB (target < {TARGET_RSS_MB} MB: {}; parse+plan alone \
         {parse_plan_peak} MB) — reproduce: cargo bench -p \
         rollcall-core --bench people_import",
        verdict(best_ms < TARGET_MS),
        verdict(best_import_ms < TARGET_MS),
        verdict(peak_mb.is_some_and(|mb| mb < TARGET_RSS_MB)),
    );
}

/// Start a new high-water mark for [`peak_rss_kb`] (Linux: `clear_refs` 5).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The process's peak resident set size (VmHWM), in kB, on Linux.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
