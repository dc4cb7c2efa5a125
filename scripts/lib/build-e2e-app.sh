#!/usr/bin/env bash
# Builds the desktop app with the UI embedded (tauri build adds tauri/custom-protocol) and
# copies it to <target>/e2e/, where `cargo test` cannot overwrite it with a dev binary that
# would load the Vite dev server instead (TOOLCHAIN §5, flake 1).
set -euo pipefail
source "$(dirname "$0")/common.sh"
npx tauri build --debug --no-bundle --ci >/dev/null
mkdir -p "$CARGO_TARGET_DIR/e2e"
cp "$CARGO_TARGET_DIR/debug/rollcall-desktop" "$CARGO_TARGET_DIR/e2e/rollcall-desktop"
cargo build -p zoom-sim -p rollcall-cli --locked --quiet
note "built $CARGO_TARGET_DIR/e2e/rollcall-desktop"
