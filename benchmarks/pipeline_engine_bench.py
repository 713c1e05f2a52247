# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pipeline engine benchmark: every screen against the position query.

Run inside an Odoo shell on a database filled by pipeline_overview_data.py
(``benchmarks/run.sh`` does it, at 100 000, 1 000 000 and, with
``BENCH_SIZES=10m``, 10 000 000 lines). Measured in one run, as the
benchmark's sales manager (record rules apply), BENCH_RUNS interleaved runs
per contender, medians:

- the position query (the reference): each customer's latest sales line,
  one ``DISTINCT ON (commercial_partner_id)`` over the sales lines in
  scope, ordered by ``date_begin DESC, id DESC``, as the engine writes it
  (``tools/position.py``: ``position(scope, first=False)``);
- get_overview() for all time, this year (the screen's default period),
  one month and one team;
- the Flow screen's data, what the screen calls on opening: get_flow() +
  get_flow_attention() for this year and a 12-point get_trend();
- Python memory: tracemalloc peak of each call, traced during its first
  timed run (it must not grow with the lines).

Each screen is measured twice: computed (the engine's memo emptied before
the call, what a screen costs after any line changed: the figures the
targets were set for) and "reopened" (the same call again with no change
in between: the statement's rows from the memo, ``tools/memo.py``, after
its check against the change log). ``BENCH_MEMO=0`` measures the computed
calls only.

It prints one machine-readable line ``BENCH-RESULT {...}`` (JSON) that
run.sh collects to print the ratios between sizes (10M / 1M).
"""

import gc
import json
import os
import statistics
import time
import tracemalloc

from odoo.addons.smart_pipeline.tools import memo
from odoo.addons.smart_pipeline.tools import position as engine

env = globals()["env"]  # the environment of "odoo shell"
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
WARMUP = os.environ.get("BENCH_WARMUP", "1") == "1"
REFERENCE_DATE = os.environ.get("BENCH_REFERENCE_DATE", "2025-06-15")
SIZE = os.environ.get("BENCH_SIZE_LABEL", "")
MEMO = os.environ.get("BENCH_MEMO", "1") == "1"
TZ = "Europe/Brussels"

manager = env["res.users"].search([("login", "=", "bench_manager")])
assert manager, "no benchmark data: run benchmarks/pipeline_overview_data.py first"
Overview = env["crm.pipeline.overview"].sudo(manager).with_context(tz=TZ)
Conversation = env["crm.conversation"].sudo(manager).with_context(tz=TZ)
cr = env.cr
team = env["crm.team"].search([("name", "=", "Benchmark Team North")], limit=1)
this_year = Overview.get_period("year", reference_date=REFERENCE_DATE)
one_month = Overview.get_period("month", reference_date=REFERENCE_DATE)
trend_from = "2024-07-01"
trend_to = REFERENCE_DATE


def position_query():
    """The reference: each customer's latest sales line in the manager's
    scope (companies and record rules), fetched like the screens do (the
    rows stay in PostgreSQL: a COUNT over them)."""
    scope = engine.scope(Conversation, Overview._company_domain())
    current = engine.position(scope, first=False)
    query = current.as_cte("position") + engine.Fragment("SELECT COUNT(*) FROM position")
    cr.execute(query.query, query.params)
    return cr.fetchone()[0]


def overview(**kwargs):
    def run():
        return Overview.get_overview(reference_date=REFERENCE_DATE, **kwargs)

    return run


def flow_screen():
    values = {
        "date_from": this_year["date_from"],
        "date_to": this_year["date_to"],
        "reference_date": REFERENCE_DATE,
    }
    flow = Overview.get_flow(**values)
    attention = Overview.get_flow_attention(**values)
    trend = Overview.get_trend(trend_from, trend_to)
    assert len(trend) == 12, trend
    return flow, attention, trend


def computed(function):
    """The call with the memo emptied first: every statement runs."""

    def run():
        memo.clear(tables=False)
        return function()

    return run


SCREENS = [
    ("get_overview, all time", overview()),
    (
        "get_overview, this year",
        overview(date_from=this_year["date_from"], date_to=this_year["date_to"]),
    ),
    (
        "get_overview, one month",
        overview(date_from=one_month["date_from"], date_to=one_month["date_to"]),
    ),
    ("get_overview, one team (all time)", overview(team_ids=team.ids)),
    ("Flow screen (flow + attention + trend)", flow_screen),
]
CONTENDERS = [("position query (reference)", position_query)]
for _name, _function in SCREENS:
    CONTENDERS.append((_name, computed(_function)))
    if MEMO:
        # right after the computed call: its rows are in the memo
        CONTENDERS.append((_name + ", reopened", _function))
TARGETS = {
    "get_overview, all time": 3.0,
    "get_overview, this year": 3.0,
    "get_overview, one month": 3.0,
    "get_overview, one team (all time)": 3.0,
    "Flow screen (flow + attention + trend)": 6.0,
}


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


cr.execute("SELECT count(*), count(stage_id) FROM crm_conversation")
lines, sales_lines = cr.fetchone()
cr.execute("SHOW work_mem")
work_mem = cr.fetchone()[0]
cr.execute("SHOW max_parallel_workers_per_gather")
workers = cr.fetchone()[0]
customers = position_query()
# one warm-up run each (caches, plans); BENCH_WARMUP=0 skips it (10M lines)
if WARMUP:
    for _name, function in CONTENDERS:
        function()
timings = {name: [] for name, _function in CONTENDERS}
peaks = {}
for run in range(RUNS):
    for name, function in CONTENDERS:
        if run == 0:
            # the first run also traces Python's memory (the time is SQL's)
            gc.collect()
            tracemalloc.start()
            timings[name].append(timed(function))
            peaks[name] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        else:
            timings[name].append(timed(function))
medians = {name: statistics.median(values) for name, values in timings.items()}
reference = medians[CONTENDERS[0][0]]
load = os.getloadavg()
print(
    "\n%s lines (%s sales lines, %s customers), median of %s interleaved runs, "
    "work_mem %s, max_parallel_workers_per_gather %s, load average %.1f %.1f %.1f"
    % (lines, sales_lines, customers, RUNS, work_mem, workers, load[0], load[1], load[2])
)
print("  %-42s %8s  %9s  %s" % ("", "median", "x position", "min-max"))
for name, _function in CONTENDERS:
    ratio = medians[name] / reference
    target = TARGETS.get(name.replace(", reopened", ""))
    verdict = ""
    if target:
        verdict = " (target <= %gx: %s)" % (target, "met" if ratio <= target else "MISSED")
    print(
        "  %-42s %7.3fs  %8.2fx  %.3f-%.3f  Python peak %.0f KiB%s"
        % (
            name,
            medians[name],
            ratio,
            min(timings[name]),
            max(timings[name]),
            peaks[name] / 1024.0,
            verdict,
        )
    )
print(
    "BENCH-RESULT "
    + json.dumps(
        {
            "size": SIZE,
            "lines": lines,
            "medians": medians,
            "peaks_kib": {name: round(peak / 1024.0) for name, peak in peaks.items()},
        },
        sort_keys=True,
    )
)
cr.rollback()
