#!/usr/bin/env bash
# The compile-time checked queries build offline from the committed .sqlx/ data. This fails when
# a query or the schema changed without `scripts/sqlx-prepare`: the data is made afresh from the
# migrations (sqlx-queries.sh) and must equal .sqlx/, file for file, as JSON.
set -euo pipefail
source "$(dirname "$0")/common.sh"
fresh="$CARGO_TARGET_DIR/sqlx-check"
bash scripts/lib/sqlx-queries.sh "$fresh"
python3 - "$fresh" .sqlx <<'PY' || die ".sqlx/ is stale: run ./scripts/sqlx-prepare and commit the result."
import json, pathlib, sys
fresh, committed = (pathlib.Path(p) for p in sys.argv[1:3])
load = lambda folder: {f.name: json.loads(f.read_text()) for f in folder.glob("query-*.json")}
want, have = load(fresh), load(committed)
problems = [f"missing from .sqlx/: {name}" for name in sorted(want.keys() - have.keys())]
problems += [f"in .sqlx/ but no query uses it: {name}" for name in sorted(have.keys() - want.keys())]
problems += [f"differs: {name}" for name in sorted(want.keys() & have.keys()) if want[name] != have[name]]
for line in problems:
    print("    " + line)
sys.exit(1 if problems else 0)
PY
note ".sqlx/ matches the queries and the migrations"
