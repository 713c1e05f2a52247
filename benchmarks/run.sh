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
#    headline figures and the naive ORM way, and prints the figures
#    (benchmarks/pipeline_overview_bench.py).
#
# Sizes: BENCH_CUSTOMERS, BENCH_LINES (conversations per customer),
# BENCH_DEALS; BENCH_RUNS (default 7) runs per contender; BENCH_NAIVE=0 skips
# the naive ORM run (it takes minutes and a few GB at full size).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-smart_pipeline_bench}"
cd "$ROOT"

check='print("SP-READY" if env["ir.module.module"].search([("name", "=", "smart_pipeline"), ("state", "=", "installed")]) else "SP-MISSING")'
if ! bin/odoo shell -d "$DB" --log-level=critical <<<"$check" 2>/dev/null | grep -q SP-READY; then
    echo "creating $DB with smart_pipeline (no demo data)..."
    bin/odoo -d "$DB" -i smart_pipeline --without-demo=all --stop-after-init \
        --log-level=warn
fi
bin/odoo shell -d "$DB" --log-level=warn < benchmarks/pipeline_overview_data.py
bin/odoo shell -d "$DB" --log-level=warn < benchmarks/pipeline_overview_bench.py
