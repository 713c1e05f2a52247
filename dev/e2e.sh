#!/usr/bin/env bash
# Serve the demo database on a free port and run every browser check in e2e/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-smart_pipeline_demo}"
PORT="${E2E_PORT:-8079}"
if ! "$ROOT/dev/pg.sh" exists "$DB"; then
    "$ROOT/bin/odoo" -d "$DB" -i smart_pipeline --stop-after-init --log-level=warn
fi
"$ROOT/bin/odoo" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-level=warn \
    >"$ROOT/var/log/e2e-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
"$ROOT/dev/wait_http.sh" --pid "$server" 60 "http://localhost:$PORT"
status=0
for check in "$ROOT"/e2e/[a-z]*.js; do
    [ "$(basename "$check")" = lib.js ] && continue
    ODOO_URL="http://localhost:$PORT" ODOO_DB="$DB" node "$check" || status=1
done
exit $status
