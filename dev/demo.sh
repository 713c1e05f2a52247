#!/usr/bin/env bash
# Create (or update) the demo database with smart_pipeline and its demo data,
# then serve it at http://localhost:PORT (admin / admin) until stopped.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-smart_pipeline_demo}"
PORT="${2:-8069}"
if [ "$("$ROOT/dev/pg.sh" psql -d postgres -qtAX -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" = 1 ]; then
    action=(-u smart_pipeline)
    echo "demo: updating $DB"
else
    action=(-i smart_pipeline)
    echo "demo: creating $DB with demo data (about a minute)"
fi
"$ROOT/bin/odoo" -d "$DB" "${action[@]}" --stop-after-init --log-level=warn
echo "demo: serving http://localhost:$PORT  (database $DB, login admin / admin; Ctrl-C stops)"
exec "$ROOT/bin/odoo" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-level=info
