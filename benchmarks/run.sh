#!/usr/bin/env bash
# Sales Pipeline Overview benchmark, one command (`make bench` runs it):
#
#   benchmarks/run.sh [DB]        (default DB: smart_pipeline_bench)
#
# 1. creates DB with smart_pipeline installed (no demo data) unless it exists;
# 2. fills it once with 100 000 customers, 1 000 000 conversations, 20 000
#    opportunities and 10 employees (benchmarks/pipeline_overview_data.py,
#    INSERT ... SELECT generate_series: about a minute);
# 3. measures the position query (the reference) and, against it,
#    get_overview() (all time, this year, one month, one team) and the Flow
#    screen's data (get_flow + get_flow_attention + a 12-point get_trend),
#    medians and Python memory (benchmarks/pipeline_engine_bench.py).
# Sizes: 100 000 lines (DB_100k), 1 000 000 lines (DB) by default;
# BENCH_SIZES=10m (or "100k 1m 10m") adds 10 000 000 lines (1 000 000
# customers, DB_10m: generated in SQL in a few minutes, several GB of disk;
# not part of CI). At each size the pipeline engine benchmark
# (benchmarks/pipeline_engine_bench.py) measures the position query and every
# screen against it; after the sizes, the ratios between them (10M / 1M).
# BENCH_LEGACY=1 also runs the earlier overview/flow comparisons with
# hand-written SQL (benchmarks/pipeline_overview_bench.py).
#
# Sizes: BENCH_CUSTOMERS, BENCH_LINES (conversations per customer),
# BENCH_DEALS; BENCH_RUNS (default 7) runs per contender, BENCH_RUNS_10M
# (default 1, no warm-up run: a Flow screen takes minutes there);
# BENCH_NAIVE=0 skips the legacy naive ORM run (minutes, a few GB).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DB="${1:-smart_pipeline_bench}"
cd "$ROOT"

check='print("SP-READY" if env["ir.module.module"].search([("name", "=", "smart_pipeline"), ("state", "=", "installed")]) else "SP-MISSING")'
# a database of an older smart_pipeline (installed version below the
# manifest's): update it first
current='import odoo.modules.module as m; v = m.load_information_from_description_file("smart_pipeline")["version"]; print("SP-CURRENT" if env["ir.module.module"].search([("name", "=", "smart_pipeline")]).latest_version in (v, "11.0." + v) else "SP-OLD")'
# BENCH_RESULTS=FILE keeps each size's result line in FILE (appended), so
# that sizes measured by separate runs can be compared
# (python3 benchmarks/bench_ratios.py FILE)
if [ -n "${BENCH_RESULTS:-}" ]; then
    RESULTS="$BENCH_RESULTS"
else
    RESULTS="$(mktemp)"
    trap 'rm -f "$RESULTS"' EXIT
fi

bench_one() {
    local db="$1"
    export BENCH_SIZE_LABEL="${BENCH_SIZE_LABEL:-}"
    if ! bin/odoo shell -d "$db" --log-level=critical <<<"$check" 2>/dev/null | grep -q SP-READY; then
        echo "creating $db with smart_pipeline (no demo data)..."
        bin/odoo -d "$db" -i smart_pipeline --without-demo=all --stop-after-init \
            --log-level=warn
    elif ! bin/odoo shell -d "$db" --log-level=critical <<<"$current" 2>/dev/null | grep -q SP-CURRENT; then
        echo "updating smart_pipeline in $db..."
        bin/odoo -d "$db" -u smart_pipeline --stop-after-init --log-level=warn
    fi
    bin/odoo shell -d "$db" --log-level=warn < benchmarks/pipeline_overview_data.py
    local out
    out="$(mktemp)"
    bin/odoo shell -d "$db" --log-level=warn < benchmarks/pipeline_engine_bench.py > "$out"
    cat "$out"
    grep '^BENCH-RESULT ' "$out" >> "$RESULTS" || true
    rm -f "$out"
    if [ "${BENCH_LEGACY:-0}" = 1 ]; then
        bin/odoo shell -d "$db" --log-level=warn < benchmarks/pipeline_overview_bench.py
    fi
}

# BENCH_SIZES picks the sizes ("100k", "1m", "10m"); BENCH_CUSTOMERS given:
# that size only, in DB.
if [ -n "${BENCH_CUSTOMERS:-}" ]; then
    bench_one "$DB"
    exit 0
fi
for size in ${BENCH_SIZES:-100k 1m}; do
    echo "=== $size lines ==="
    case "$size" in
        100k) BENCH_SIZE_LABEL=100k BENCH_CUSTOMERS=10000 BENCH_DEALS=2000 bench_one "${DB}_100k" ;;
        1m) BENCH_SIZE_LABEL=1m BENCH_CUSTOMERS=100000 BENCH_DEALS=20000 bench_one "$DB" ;;
        10m) BENCH_SIZE_LABEL=10m BENCH_CUSTOMERS=1000000 BENCH_DEALS=200000 \
            BENCH_RUNS="${BENCH_RUNS_10M:-1}" BENCH_WARMUP=0 bench_one "${DB}_10m" ;;
        *) echo "unknown size $size (100k, 1m, 10m)" >&2; exit 2 ;;
    esac
done
# the ratios between sizes: each figure at 10M (1M) lines over its time at
# 1M (100k) lines (target: at most 12x for 10x the lines)
python3 benchmarks/bench_ratios.py "$RESULTS"
