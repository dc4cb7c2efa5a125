#!/usr/bin/env bash
# Writes the sqlx offline data of every compile-time checked query (query-<hash>.json, the
# format of .sqlx/) into the folder given, by checking the workspace against a fresh database
# made from the migrations. This is what `cargo sqlx prepare` does, without building sqlx-cli:
# the query macros themselves write the files when SQLX_OFFLINE_DIR is set and a database is
# reachable. Used by check-sqlx.sh (compare with .sqlx/) and scripts/sqlx-prepare (replace it).
set -euo pipefail
source "$(dirname "$0")/common.sh"
out=${1:?usage: sqlx-queries.sh OUTPUT_DIR}
mkdir -p "$out"
find "$out" -maxdepth 1 -name 'query-*.json' -delete
command -v sqlite3 >/dev/null || die "the sqlite3 command-line tool is missing (apt-get install sqlite3)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# The schema the app makes: every migration, in order (sqlx runs them by version, the file
# name's prefix, which sorts the same).
for migration in crates/core/migrations/*.sql; do
  sqlite3 -bail "$work/queries.db" < "$migration" || die "migration $migration does not apply"
done
# Only rollcall-core holds query macros; they expand (and write their data) only when the crate
# is compiled again, so its sources are touched, as sqlx-cli does.
find crates/core/src -name '*.rs' -exec touch {} +
ensure_ui_built   # the desktop crate embeds it (CARGO_ALL)
mkdir -p "$work/tmp"
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$out" SQLX_TMP="$work/tmp" DATABASE_URL="sqlite://$work/queries.db" \
  cargo check "${CARGO_ALL[@]}" --all-targets --quiet
count=$(find "$out" -maxdepth 1 -name 'query-*.json' | wc -l)
[ "$count" -gt 0 ] || die "no query data was written: did the query macros run?"
note "$count queries described"
