#!/usr/bin/env bash
# make load: the load benchmark (benchmarks/load.py) against Odoo in prefork mode.
#
#   benchmarks/load.sh [load.py options]     e.g. --clients 8 --conversations 500
#
# SERVERS=1 (default): one server, --workers=$WORKERS (default 2), clients talk to it.
# SERVERS=2: two servers on the same database behind nginx (dev/pair.sh).
# The database (LOAD_DB, default smart_pipeline_load, no demo data) is created
# once in this clone's PostgreSQL cluster and kept; each run adds its own
# users, customers and opportunities.
# Ports: LOAD_PORT and the 7 above it (server, long polling; the pair's proxy
# and servers). Without LOAD_PORT a free block is chosen; a given one must be
# free: the clients must never reach another clone's server of the same name.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${LOAD_DB:-smart_pipeline_load}"
SERVERS="${SERVERS:-1}"
WORKERS="${WORKERS:-2}"
ports_free() {
    "$ROOT/.venv/bin/python" - "$1" <<'PY'
import socket, sys
base = int(sys.argv[1])
for port in range(base, base + 8):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sys.exit(1)
PY
}
if [ -n "${LOAD_PORT:-}" ]; then
    PORT="$LOAD_PORT"
    if ! ports_free "$PORT"; then
        echo "load: a port in $PORT-$((PORT + 7)) is in use (another server?); choose another LOAD_PORT" >&2
        exit 2
    fi
else
    PORT=""
    for _ in $(seq 50); do
        candidate=$((20000 + RANDOM % 20000))
        if ports_free "$candidate"; then PORT="$candidate"; break; fi
    done
    [ -n "$PORT" ] || { echo "load: no free block of 8 ports found" >&2; exit 2; }
fi
mkdir -p "$ROOT/var/log"
if ! "$ROOT/dev/pg.sh" exists "$DB"; then
    echo "load: creating $DB (smart_pipeline, no demo data)"
    "$ROOT/bin/odoo" -d "$DB" -i smart_pipeline --without-demo=all --stop-after-init \
        --log-level=warn --max-cron-threads=0
fi
if [ "$SERVERS" = 2 ]; then
    "$ROOT/dev/pair.sh" start "$DB" "$PORT" "$WORKERS"
    trap '"$ROOT/dev/pair.sh" stop "$PORT"' EXIT
else
    "$ROOT/bin/odoo" -d "$DB" --db-filter="^$DB\$" --workers="$WORKERS" --max-cron-threads=1 \
        --http-port="$PORT" --longpolling-port=$((PORT + 3)) --log-level=info \
        --logfile="$ROOT/var/log/load-server.log" &
    server=$!
    trap 'kill $server; wait $server 2>/dev/null || true' EXIT
    "$ROOT/dev/wait_http.sh" --pid "$server" 120 "http://127.0.0.1:$PORT" || {
        echo "load: the server did not answer; see var/log/load-server.log" >&2
        exit 1
    }
fi
echo "load: $SERVERS server(s), --workers=$WORKERS, database $DB, port $PORT; $(uptime)"
if [ "$SERVERS" = 2 ]; then
    logs=("$ROOT/var/log/pair-$PORT-a.log" "$ROOT/var/log/pair-$PORT-b.log")
else
    logs=("$ROOT/var/log/load-server.log")
fi
declare -A seen
for log in "${logs[@]}"; do seen[$log]=$(wc -l <"$log"); done
status=0
"$ROOT/.venv/bin/python" "$ROOT/benchmarks/load.py" --db "$DB" --url "http://127.0.0.1:$PORT" "$@" || status=$?
# Odoo retries a transaction that met a concurrent update after a random
# pause (up to 1 s, then 2 s...), during which the worker serves nobody
for log in "${logs[@]}"; do tail -n +$((seen[$log] + 1)) "$log"; done |
    awk '/_FAILURE, retry|DEADLOCK_DETECTED, retry|LOCK_NOT_AVAILABLE, retry/ {n++; s += $(NF-1)}
         END {printf "server-side retries of conflicting transactions: %d (workers paused %.1f s in all)\n", n, s}'
exit $status
