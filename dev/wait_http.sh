#!/usr/bin/env bash
# Wait until every Odoo server given answers its login page.
#
#   dev/wait_http.sh [--pid PID]... SECONDS URL [URL...]
#       e.g. dev/wait_http.sh --pid "$server" 60 http://127.0.0.1:8079
#
# The one "is the server up yet" loop of the scripts that start Odoo and then
# talk to it (dev/e2e.sh, dev/pair.sh, benchmarks/load.sh). Exits 1 when a
# server has not answered after SECONDS, 2 as soon as a process given with
# --pid has stopped (a server that could not bind its port: never talk to
# whoever holds it).
set -euo pipefail
pids=()
while [ "${1:-}" = --pid ]; do
    pids+=("$2")
    shift 2
done
seconds="$1"
shift
for _ in $(seq "$seconds"); do
    for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || { echo "wait_http: process $pid stopped" >&2; exit 2; }
    done
    ready=1
    for url in "$@"; do
        curl -sf -o /dev/null "$url/web/login" || { ready=0; break; }
    done
    [ "$ready" = 1 ] && exit 0
    sleep 1
done
echo "wait_http: no answer after ${seconds}s from $*" >&2
exit 1
