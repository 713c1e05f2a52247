#!/usr/bin/env bash
# Two Odoo servers in prefork mode on one database, behind one nginx, on this
# machine: how a deployment grows past one machine (there, each server runs on
# its own host; see docs/deploy/nginx-odoo.conf and the README).
#
#   dev/pair.sh start DB [PORT] [WORKERS]    # PORT (default 8069) is the proxy's
#   dev/pair.sh stop [PORT]
#
# Server A: HTTP PORT+1, long polling PORT+3; server B: HTTP PORT+5, long
# polling PORT+7. Both run a cron worker: ir_cron's row lock (FOR UPDATE SKIP
# LOCKED) hands each due job to one of them. They share var/data (filestore and
# sessions): a request may land on either server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/var/pair"

start() {
    local db="$1" port="${2:-8069}" workers="${3:-2}"
    mkdir -p "$RUN" "$ROOT/var/log"
    for server in a b; do
        local offset=1
        [ "$server" = b ] && offset=5
        local http=$((port + offset)) longpolling=$((port + offset + 2))
        "$ROOT/bin/odoo" -d "$db" --db-filter="^$db\$" --proxy-mode --workers="$workers" \
            --max-cron-threads=1 --http-interface=127.0.0.1 --http-port="$http" \
            --longpolling-port="$longpolling" --log-level=info \
            --logfile="$ROOT/var/log/pair-$port-$server.log" &
        echo $! >"$RUN/$port-$server.pid"
    done
    "$ROOT/dev/proxy.sh" start "pair-$port" "$port" \
        "127.0.0.1:$((port + 1)),127.0.0.1:$((port + 5))" \
        "127.0.0.1:$((port + 3)),127.0.0.1:$((port + 7))"
    if "$ROOT/dev/wait_http.sh" --pid "$(cat "$RUN/$port-a.pid")" --pid "$(cat "$RUN/$port-b.pid")" \
        120 "http://127.0.0.1:$((port + 1))" "http://127.0.0.1:$((port + 5))"; then
        echo "pair: http://localhost:$port (database $db; servers on $((port + 1)) and $((port + 5)); logs var/log/pair-$port-*.log)"
        return 0
    fi
    echo "pair: the servers did not answer; see var/log/pair-$port-*.log" >&2
    return 1
}

stop() {
    local port="${1:-8069}"
    "$ROOT/dev/proxy.sh" stop "pair-$port" || true
    for server in a b; do
        local pidfile="$RUN/$port-$server.pid"
        if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            kill -TERM "$(cat "$pidfile")"
            for _ in $(seq 100); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.2; done
        fi
        rm -f "$pidfile"
    done
    echo "pair on $port stopped"
}

case "${1:-}" in
    start) shift; [ $# -ge 1 ] || { echo "usage: $0 start DB [PORT] [WORKERS]" >&2; exit 2; }; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) echo "usage: $0 start DB [PORT] [WORKERS] | stop [PORT]" >&2; exit 2 ;;
esac
