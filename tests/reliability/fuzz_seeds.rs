//! The fuzz targets' regression corpus, replayed on stable in every `./scripts/test` run: each
//! committed seed and past find (`fuzz/seeds/<target>/`), and, on a machine that has fuzzed, the
//! local corpus and crash inputs (`fuzz/corpus/`, `fuzz/artifacts/`), go through the same body
//! the fuzzer runs (`rollcall_core::fuzzing`, `rollcall_zoom::fuzzing`). A find therefore stays
//! fixed without nightly; the sanitizer fuzzing itself is `./scripts/fuzz`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

fn inputs(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Replays every input of `target` through `body`; answers how many ran. Fails naming each
/// input that panicked.
fn replay(target: &str, body: fn(&[u8])) -> usize {
    let seeds = inputs(&fuzz_dir().join("seeds").join(target));
    assert!(
        !seeds.is_empty(),
        "fuzz/seeds/{target}/ has no seeds: the regression corpus is part of the repository"
    );
    let local = ["corpus", "artifacts"]
        .iter()
        .flat_map(|kind| inputs(&fuzz_dir().join(kind).join(target)));
    let mut ran = 0;
    let mut panicked = Vec::new();
    for file in seeds.iter().cloned().chain(local) {
        let data = std::fs::read(&file).expect("a fuzz input is readable");
        if catch_unwind(AssertUnwindSafe(|| body(&data))).is_err() {
            panicked.push(file.display().to_string());
        }
        ran += 1;
    }
    assert!(
        panicked.is_empty(),
        "{target}: these inputs panic: {panicked:#?}"
    );
    ran
}

#[test]
fn every_csv_import_seed_and_past_find_gives_typed_errors_never_a_panic() {
    let ran = replay("csv_import", rollcall_core::fuzzing::csv_import);
    println!("csv_import: {ran} inputs replayed");
}

#[test]
fn every_zoom_answers_seed_and_past_find_gives_a_typed_result_never_a_panic() {
    let ran = replay("zoom_answers", rollcall_zoom::fuzzing::zoom_answers);
    println!("zoom_answers: {ran} inputs replayed");
}

#[test]
#[should_panic(expected = "these inputs panic")]
fn an_input_that_panics_fails_the_replay_and_is_named() {
    replay("csv_import", |_| panic!("a planted failure"));
}
