#!/usr/bin/env bash
# A short fuzzing run of every target in fuzz/ (cargo-fuzz on nightly): FUZZ_SECONDS each
# (default 15), from the committed seeds with a fixed random seed, so the gate explores the same
# inputs on every run (new finds come from the longer runs in RELIABILITY.md, not from luck in CI;
# each find becomes a seed in fuzz/seeds/). Installs cargo-fuzz the first time. A crash fails the step and leaves its input
# in fuzz/artifacts/<target>/ (RELIABILITY.md says how to replay it and run longer).
set -euo pipefail
source "$(dirname "$0")/common.sh"

seconds="${FUZZ_SECONDS:-15}"
if ! cargo +nightly --version >/dev/null 2>&1; then
  die "fuzzing needs the nightly toolchain (rustup toolchain install nightly)"
fi
if ! command -v cargo-fuzz >/dev/null; then
  note "installing cargo-fuzz (once; cached in ~/.cargo/bin)"
  cargo install cargo-fuzz --locked --quiet
fi
# The fuzz build has its own flags (sanitizer, coverage): keep it apart from the main target dir.
export CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for target in $(cargo +nightly fuzz list); do
  mkdir -p "fuzz/corpus/$target"
  if cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
      -seed=1 -max_total_time="$seconds" -max_len=65536 >"$log" 2>&1; then
    note "$target: ${seconds}s, $(find "fuzz/corpus/$target" -type f | wc -l) inputs in the corpus, no crash"
  else
    tail -n 60 "$log"
    die "fuzz target $target failed; the input is in fuzz/artifacts/$target/"
  fi
done
