#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for this project, in var/pg (unix socket only, own port).
# SMART_PIPELINE_PG_DIR names another directory for a second cluster (the faked-clock
# run of dev/run_tests.py --fake-date has its own, so that it can run beside the rest).
#
#   dev/pg.sh start | stop | restart | status | env | psql [args] | exists DB
#
# PostgreSQL refuses to run as root; when run as root (CI), the cluster belongs to
# the dedicated system user $SP_PG_OSUSER (default: postgres) and is driven through
# runuser. Every parent of the data directory must then be traversable by that user.
#
# To use a PostgreSQL server of your own instead, set SMART_PIPELINE_DB_HOST (and
# optionally SMART_PIPELINE_DB_PORT, SMART_PIPELINE_DB_USER, SMART_PIPELINE_DB_PASSWORD):
# this script then does nothing and bin/odoo connects there.
set -euo pipefail
# The cluster keeps the real clock unless SP_PG_FAKETIME (a libfaketime
# offset such as "+86400") asks `start`/`restart` to move it, as
# dev/run_tests.py --fake-date does with the Odoo processes' clock.
unset LD_PRELOAD FAKETIME
LIBFAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGBIN="${SP_PGBIN:-/usr/lib/postgresql/15/bin}"
PGDIR="${SMART_PIPELINE_PG_DIR:-$ROOT/var/pg}"
DATA="$PGDIR/data"
SOCK="$PGDIR/run"
PORT="${SMART_PIPELINE_PG_PORT:-54329}"
ROLE="${SMART_PIPELINE_PG_ROLE:-odoo}"
OSUSER="${SP_PG_OSUSER:-postgres}"

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$OSUSER" -- "$@"
    else
        "$@"
    fi
}

external() { [ -n "${SMART_PIPELINE_DB_HOST:-}" ]; }

make_traversable() {
    # runuser'd postgres must reach $PGDIR: give o+x to every parent that lacks it.
    local d="$PGDIR"
    while [ "$d" != "/" ]; do
        d="$(dirname "$d")"
        if [ "$(id -u)" = 0 ] && ! runuser -u "$OSUSER" -- test -x "$d"; then
            chmod o+x "$d"
        fi
    done
}

init() {
    mkdir -p "$PGDIR"
    if [ "$(id -u)" = 0 ]; then
        id "$OSUSER" >/dev/null 2>&1 || useradd --system --no-create-home "$OSUSER"
        chown "$OSUSER" "$PGDIR"
        make_traversable
    fi
    as_owner mkdir -p "$DATA" "$SOCK"
    if [ ! -f "$DATA/PG_VERSION" ]; then
        as_owner "$PGBIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat <<CONF | as_owner tee -a "$DATA/postgresql.conf" >/dev/null
# smart_pipeline: private, socket-only, fast (throw-away dev/test data)
listen_addresses = ''
port = $PORT
unix_socket_directories = '$SOCK'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 256MB
work_mem = 64MB
maintenance_work_mem = 256MB
CONF
    fi
}

running() { as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start() {
    external && { echo "using external PostgreSQL at $SMART_PIPELINE_DB_HOST"; return 0; }
    init
    if ! running; then
        if [ -n "${SP_PG_FAKETIME:-}" ]; then
            LD_PRELOAD="$LIBFAKETIME" FAKETIME="$SP_PG_FAKETIME" \
                as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$PGDIR/postgresql.log" -w -t 60 start >/dev/null
        else
            as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$PGDIR/postgresql.log" -w -t 60 start >/dev/null
        fi
    fi
    # Odoo refuses to connect as "postgres": the launcher uses its own superuser role.
    as_owner "$PGBIN/psql" -h "$SOCK" -p "$PORT" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'" | grep -q 1 ||
        as_owner "$PGBIN/psql" -h "$SOCK" -p "$PORT" -U postgres -d postgres -qc \
            "CREATE ROLE \"$ROLE\" SUPERUSER LOGIN"
    echo "PostgreSQL running: socket $SOCK, port $PORT, role $ROLE"
}

stop() {
    external && return 0
    if [ -f "$DATA/PG_VERSION" ] && running; then
        as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        echo "PostgreSQL stopped"
    else
        echo "PostgreSQL not running"
    fi
}

case "${1:-status}" in
    start) start ;;
    stop) stop ;;
    restart) stop; start ;;
    status) if external || running; then echo running; else echo stopped; exit 3; fi ;;
    env)
        if external; then
            echo "PGHOST=$SMART_PIPELINE_DB_HOST PGPORT=${SMART_PIPELINE_DB_PORT:-5432}" \
                "PGUSER=${SMART_PIPELINE_DB_USER:-odoo}"
        else
            echo "PGHOST=$SOCK PGPORT=$PORT PGUSER=$ROLE"
        fi ;;
    psql)
        shift
        if external; then
            PGPASSWORD="${SMART_PIPELINE_DB_PASSWORD:-}" "$PGBIN/psql" -h "$SMART_PIPELINE_DB_HOST" \
                -p "${SMART_PIPELINE_DB_PORT:-5432}" -U "${SMART_PIPELINE_DB_USER:-odoo}" "$@"
        else
            "$PGBIN/psql" -h "$SOCK" -p "$PORT" -U "$ROLE" "$@"
        fi ;;
    exists)
        # exits 0 when the database $2 exists (the name is passed as a psql
        # variable, never spliced into the query)
        [ "$(echo "SELECT 1 FROM pg_database WHERE datname = :'db'" |
            "$0" psql -d postgres -qtAX -v db="${2:?usage: $0 exists DB}")" = 1 ] ;;
    *) echo "usage: $0 start|stop|restart|status|env|psql|exists DB" >&2; exit 2 ;;
esac
