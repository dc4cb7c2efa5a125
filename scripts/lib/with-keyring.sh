#!/usr/bin/env bash
# Runs a command with an unlocked gnome-keyring (the real Secret Service) on the current D-Bus
# session. Call it inside `dbus-run-session`. A fresh keyring folder each time keeps the run
# hermetic and avoids the unlock prompt an old keyring would need (TOOLCHAIN §6).
set -euo pipefail
XDG_DATA_HOME=$(mktemp -d) XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_DATA_HOME XDG_RUNTIME_DIR
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf '%s' rollcall-test-keyring | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
# Tests that need the keychain fail instead of skipping when it is meant to be here.
export ROLLCALL_REQUIRE_KEYCHAIN=1
trap 'kill "${GNOME_KEYRING_PID:-}" 2>/dev/null || true; rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"' EXIT
"$@"
