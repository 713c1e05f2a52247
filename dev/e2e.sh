#!/usr/bin/env bash
# Serve the demo database on a free port and run every browser check in e2e/.
# With SHOTS_DIR set (`make screenshots`), each check runs on a copy of the
# demo database of its own, made before any check runs: the checks create the
# records they look at, and a picture for the README never shows another
# check's records.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-smart_pipeline_demo}"
PORT="${E2E_PORT:-8079}"
if ! "$ROOT/dev/pg.sh" exists "$DB"; then
    # the demo database as `make demo` creates it (dev/demo.sh)
    "$ROOT/bin/odoo" -d "$DB" -i smart_pipeline,web_responsive --stop-after-init --log-level=warn
fi
# E2E_CHECKS="smoke pipeline_overview": only those checks
checks=()
for check in "$ROOT"/e2e/[a-z]*.js; do
    name="$(basename "$check" .js)"
    [ "$name" = lib ] && continue
    if [ -n "${E2E_CHECKS:-}" ] && [[ " $E2E_CHECKS " != *" $name "* ]]; then
        continue
    fi
    checks+=("$check")
done
filestore="${SMART_PIPELINE_DATA_DIR:-$ROOT/var/data}/filestore"
# psql: no NOTICE about a copy not made yet
export PGOPTIONS="-c client_min_messages=warning"

# drop_copies: the per-check copies of a `make screenshots` run
drop_copies() {
    local i
    for i in "${!checks[@]}"; do
        echo 'DROP DATABASE IF EXISTS :"copy";' \
            | "$ROOT/dev/pg.sh" psql -d postgres -qX -v copy="${DB}_shot_$i" >/dev/null
        rm -rf "$filestore/${DB}_shot_$i"
    done
}

filter="^$DB\$"
serve=(-d "$DB")
if [ -n "${SHOTS_DIR:-}" ]; then
    # compiled once, so the copies have the web client's bundles (dev/run_tests.py)
    "$ROOT/.venv/bin/python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import run_tests; run_tests.warm_assets(sys.argv[2])' \
        "$ROOT/dev" "$DB"
    drop_copies
    for i in "${!checks[@]}"; do
        if ! echo 'CREATE DATABASE :"copy" TEMPLATE :"db";' \
            | "$ROOT/dev/pg.sh" psql -d postgres -qX -v ON_ERROR_STOP=1 \
                -v copy="${DB}_shot_$i" -v db="$DB"; then
            echo "e2e: cannot copy $DB (is it served, by make demo? stop it first)" >&2
            exit 1
        fi
        [ -d "$filestore/$DB" ] && cp -a "$filestore/$DB" "$filestore/${DB}_shot_$i"
    done
    filter="^${DB}_shot_[0-9]+\$"
    serve=()
fi
"$ROOT/bin/odoo" "${serve[@]}" --db-filter="$filter" --http-port="$PORT" --log-level=warn \
    >"$ROOT/var/log/e2e-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
"$ROOT/dev/wait_http.sh" --pid "$server" 60 "http://localhost:$PORT"
status=0
for i in "${!checks[@]}"; do
    db="$DB"
    [ -n "${SHOTS_DIR:-}" ] && db="${DB}_shot_$i"
    ODOO_URL="http://localhost:$PORT" ODOO_DB="$db" node "${checks[$i]}" || status=1
done
if [ -n "${SHOTS_DIR:-}" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    drop_copies
fi
exit $status
