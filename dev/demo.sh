#!/usr/bin/env bash
# Create (or update) the demo database with smart_pipeline and its demo data,
# then serve it at http://localhost:PORT (admin / admin) until stopped.
#
#   dev/demo.sh [DB] [PORT] [WORKERS]
#   dev/demo.sh stop      (stops a demo served from this checkout: `make stop`)
#
# WORKERS > 0 (default 2): production mode. Odoo in prefork mode (WORKERS HTTP
# workers, a cron worker, the long-polling process on PORT+3) behind a private
# nginx on PORT (dev/proxy.sh), which sends /longpolling/ to the long-polling
# process. WORKERS = 0: Odoo's threaded server alone on PORT, for debugging
# (one process: pdb, breakpoints, --dev=all).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# the served Odoo's pid (the prefork master: it stops its workers, cron
# worker and long-polling process; this script's trap then stops nginx)
PIDFILE="$ROOT/var/demo.pid"
if [ "${1:-}" = stop ]; then
    if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
        pid="$(cat "$PIDFILE")"
        kill -TERM "$pid"
        for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        echo "demo: stopped (pid $pid)"
    fi
    rm -f "$PIDFILE"
    "$ROOT/dev/proxy.sh" stop demo
    exit 0
fi
mkdir -p "$ROOT/var"
DB="${1:-smart_pipeline_demo}"
PORT="${2:-8069}"
WORKERS="${3:-2}"
if "$ROOT/dev/pg.sh" exists "$DB"; then
    action=(-u smart_pipeline)
    echo "demo: updating $DB"
else
    # OCA's web_responsive (on disk after `make setup`) makes the demo usable on a
    # phone; it is not a dependency of the addon (README: "On a phone")
    action=(-i smart_pipeline,web_responsive)
    echo "demo: creating $DB with demo data and web_responsive (about a minute)"
fi
"$ROOT/bin/odoo" -d "$DB" "${action[@]}" --stop-after-init --log-level=warn
if [ "$WORKERS" = 0 ]; then
    echo "demo: serving http://localhost:$PORT  (threaded server, database $DB, login admin / admin; Ctrl-C stops)"
    exec "$ROOT/bin/odoo" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --log-level=info \
        --pidfile="$PIDFILE"
fi
HTTP_PORT=$((PORT + 1))
LONGPOLLING_PORT=$((PORT + 3))
"$ROOT/dev/proxy.sh" start demo "$PORT" "127.0.0.1:$HTTP_PORT" "127.0.0.1:$LONGPOLLING_PORT"
trap '"$ROOT/dev/proxy.sh" stop demo' EXIT
echo "demo: serving http://localhost:$PORT  (prefork: $WORKERS workers + cron + long polling;" \
    "database $DB, login admin / admin; Ctrl-C stops)"
# Odoo's per-request limits, enforced by the prefork master (a worker over
# them is killed and replaced): the values recommended in the addon's README
"$ROOT/bin/odoo" -d "$DB" --db-filter="^$DB\$" --proxy-mode --workers="$WORKERS" \
    --limit-time-real=120 --limit-time-cpu=60 \
    --limit-memory-soft=2147483648 --limit-memory-hard=2684354560 \
    --max-cron-threads=1 --http-interface=127.0.0.1 --http-port="$HTTP_PORT" \
    --longpolling-port="$LONGPOLLING_PORT" --log-level=info --pidfile="$PIDFILE"
