#!/usr/bin/env bash
# Supply chain: licenses, banned/duplicate crates and sources, per deny.toml. Installs cargo-deny
# the first time (cached in ~/.cargo/bin). Advisories are checked only when a local advisory
# database exists (this machine cannot reach GitHub to fetch one): `cargo deny fetch` elsewhere,
# or copy one to ~/.cargo/advisory-dbs.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if ! command -v cargo-deny >/dev/null; then
  note "installing cargo-deny (once; cached in ~/.cargo/bin)"
  cargo install cargo-deny --locked --quiet
fi
checks=(licenses bans sources)
if compgen -G "${CARGO_HOME:-$HOME/.cargo}/advisory-dbs/*" >/dev/null; then
  checks+=(advisories)
else
  note "no local advisory database: advisories not checked"
fi
cargo deny --log-level error --offline --locked check --hide-inclusion-graph "${checks[@]}"
note "cargo deny: ${checks[*]} ok"
