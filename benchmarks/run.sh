#!/usr/bin/env bash
# Sales Pipeline Overview benchmark, one command (`make bench` runs it):
#
#   benchmarks/run.sh [DB]        (default DB: smart_pipeline_bench)
#
# 1. creates DB with smart_pipeline installed (no demo data) unless it exists;
# 2. fills it once with 100 000 customers, 1 000 000 conversations, 20 000
#    opportunities and 10 employees (benchmarks/pipeline_overview_data.py,
#    INSERT ... SELECT generate_series: about a minute);
# 3. measures get_overview() against the best hand-written SQL for the
#    headline figures and the naive ORM way, get_flow() against the best
#    hand-written SQL for entered/avg_days/reached, a 12-point get_trend()
#    against one get_overview(), and prints the figures
#    (benchmarks/pipeline_overview_bench.py).
# Both sizes by default: 100 000 lines (DB_100k), then 1 000 000 lines (DB).
#
# Sizes: BENCH_CUSTOMERS, BENCH_LINES (conversations per customer),
# BENCH_DEALS; BENCH_RUNS (default 7) runs per contender; BENCH_NAIVE=0 skips
# the naive ORM run (it takes minutes and a few GB at full size).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-smart_pipeline_bench}"
cd "$ROOT"

check='print("SP-READY" if env["ir.module.module"].search([("name", "=", "smart_pipeline"), ("state", "=", "installed")]) else "SP-MISSING")'
# a database of an older smart_pipeline lacks the pipeline summaries: update it
# (the update fills them from the lines)
current='print("SP-CURRENT" if "crm.conversation.summary" in env else "SP-OLD")'

bench_one() {
    local db="$1"
    if ! bin/odoo shell -d "$db" --log-level=critical <<<"$check" 2>/dev/null | grep -q SP-READY; then
        echo "creating $db with smart_pipeline (no demo data)..."
        bin/odoo -d "$db" -i smart_pipeline --without-demo=all --stop-after-init \
            --log-level=warn
    elif ! bin/odoo shell -d "$db" --log-level=critical <<<"$current" 2>/dev/null | grep -q SP-CURRENT; then
        echo "updating smart_pipeline in $db..."
        bin/odoo -d "$db" -u smart_pipeline --stop-after-init --log-level=warn
    fi
    bin/odoo shell -d "$db" --log-level=warn < benchmarks/pipeline_overview_data.py
    bin/odoo shell -d "$db" --log-level=warn < benchmarks/pipeline_overview_bench.py
}

# Both sizes the README reports: 100 000 lines (10 000 customers, database
# "<DB>_100k") and 1 000 000 lines (100 000 customers, "<DB>"). BENCH_SIZES
# picks some of them ("100k", "1m"); BENCH_CUSTOMERS given: that size only.
if [ -n "${BENCH_CUSTOMERS:-}" ]; then
    bench_one "$DB"
    exit 0
fi
for size in ${BENCH_SIZES:-100k 1m}; do
    echo "=== $size lines ==="
    case "$size" in
        100k) BENCH_CUSTOMERS=10000 BENCH_DEALS=2000 bench_one "${DB}_100k" ;;
        1m) BENCH_CUSTOMERS=100000 BENCH_DEALS=20000 bench_one "$DB" ;;
        *) echo "unknown size $size (100k, 1m)" >&2; exit 2 ;;
    esac
done
