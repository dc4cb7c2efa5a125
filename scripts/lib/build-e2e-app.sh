#!/usr/bin/env bash
# Builds the desktop app with the UI embedded (custom-protocol, as `tauri build` does), zoom-sim
# and the CLI, with the same selection as the tests (CARGO_ALL), so after the tests this only
# compiles the app's own crate and links. The app is copied to <target>/e2e/, where a later cargo
# command cannot overwrite it with a dev binary that would load the Vite dev server instead.
set -euo pipefail
source "$(dirname "$0")/common.sh"
ensure_ui_built   # the desktop crate embeds it (CARGO_ALL)
# --bins builds the app itself (--tests alone builds binaries only as unit tests); with --tests
# in the same command, cargo resolves the dependencies as for the tests and reuses them.
cargo build "${CARGO_ALL[@]}" --tests --bins --quiet
mkdir -p "$CARGO_TARGET_DIR/e2e"
cp "$CARGO_TARGET_DIR/debug/rollcall-desktop" "$CARGO_TARGET_DIR/e2e/rollcall-desktop"
note "built $CARGO_TARGET_DIR/e2e/rollcall-desktop"
