#!/usr/bin/env bash
# The compile-time checked queries build offline from the committed .sqlx/ data. This fails when
# a query or the schema changed without `scripts/sqlx-prepare`.
set -euo pipefail
source "$(dirname "$0")/common.sh"
db_dir=$(mktemp -d); trap 'rm -rf "$db_dir"' EXIT
export DATABASE_URL="sqlite://$db_dir/check.db"
SQLX_OFFLINE=false cargo sqlx database create
SQLX_OFFLINE=false cargo sqlx migrate run --source crates/core/migrations >/dev/null
SQLX_OFFLINE=false cargo sqlx prepare --workspace --check -- --all-targets --locked \
  || die ".sqlx/ is stale: run ./scripts/sqlx-prepare and commit the result."
