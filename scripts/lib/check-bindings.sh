#!/usr/bin/env bash
# The TypeScript bindings the UI imports are generated from the Rust commands (tauri-specta)
# and committed. This fails when they are stale; `scripts/gen-bindings` refreshes them.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cargo test "${CARGO_ALL[@]}" --quiet --lib bindings::tests::bindings_are_up_to_date \
  || die "ui/src/lib/ipc/bindings.ts is stale: run ./scripts/gen-bindings and commit the result."
