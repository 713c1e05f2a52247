# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Forecast benchmark (not in CI), on a database filled by
pipeline_overview_data.py (``benchmarks/run.sh`` creates and fills it)::

    bin/odoo shell -d smart_pipeline_bench < benchmarks/pipeline_forecast_bench.py

As the benchmark's sales manager (record rules apply), median of BENCH_RUNS
interleaved runs, in the same run:

- get_forecast() of 2025 with the stages' probabilities against one
  hand-written SQL grouping the open opportunities by Expected Closing month
  (target: at most 2x);
- get_forecast() with the history probabilities against the pipeline
  engine's position query (tools/position.py) on the same scope and cut-off
  (target: at most 3x);
- Python memory: tracemalloc peak of get_forecast over one month and over
  the year (it must not grow with the period).

Each forecast is measured twice: computed (the engine's memo emptied
first: what the call costs after any line changed) and "reopened" (the
same call again with no change in between: the history probabilities'
rows from the memo, ``tools/memo.py``, after its check against the change
log).

The generated opportunities have no Expected Closing nor closing date: the
first run gives them some in SQL (a fixed seed), once.
"""

import os
import statistics
import time
import tracemalloc
from datetime import timedelta

from psycopg2 import sql

from odoo.addons.smart_pipeline.models.crm_pipeline_forecast import FORECAST_TOTALS
from odoo.addons.smart_pipeline.tools import dates, memo, position

env = globals()["env"]  # the environment of "odoo shell"
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
REFERENCE_DATE = os.environ.get("BENCH_REFERENCE_DATE", "2025-06-15")
TZ = "Europe/Brussels"
PERIOD = ("2025-01-01", "2025-12-31")

manager = env["res.users"].search([("login", "=", "bench_manager")])
assert manager, "no benchmark data: run benchmarks/run.sh first"
Overview = env["crm.pipeline.overview"].sudo(manager).with_context(tz=TZ)
cr = env.cr

# Expected Closing over 2025 (a tenth without), closing dates of the won ones
cr.execute("SELECT COUNT(*) FROM crm_lead WHERE date_deadline IS NOT NULL")
if not cr.fetchone()[0]:
    cr.execute("SELECT setseed(0.22)")
    cr.execute(
        """
        UPDATE crm_lead
           SET date_deadline = CASE WHEN random() < 0.9
                                    THEN DATE '2025-01-01' + floor(random() * 365)::int END,
               date_closed = CASE WHEN stage_id IN (SELECT id FROM crm_stage
                                                     WHERE pipeline_outcome = 'won')
                                  THEN TIMESTAMP '2025-01-01' + random() * INTERVAL '365 days'
                             END
         WHERE type = 'opportunity'
        """
    )
    cr.execute("ANALYZE crm_lead")
    cr.commit()

cr.execute("SELECT COUNT(*) FROM crm_lead WHERE type = 'opportunity'")
deals = cr.fetchone()[0]
cr.execute("SELECT COUNT(*) FROM crm_conversation")
lines = cr.fetchone()[0]
print("forecast benchmark: %s opportunities, %s conversation lines" % (deals, lines))

# the hand-written SQL: open opportunities of the manager's companies by month
HAND_SQL = """
SELECT to_char(lead.date_deadline, 'YYYY-MM') AS month, COUNT(*),
       SUM(lead.planned_revenue), SUM(lead.planned_revenue * lead.probability / 100.0)
  FROM crm_lead lead
  JOIN crm_stage stage ON stage.id = lead.stage_id
 WHERE lead.type = 'opportunity' AND lead.active AND stage.pipeline_outcome = 'open'
   AND (lead.company_id IS NULL OR lead.company_id = ANY(%s))
   AND lead.date_deadline >= %s AND lead.date_deadline <= %s
 GROUP BY 1
"""


def run_forecast(probability, period=PERIOD, keep=False):
    if not keep:
        memo.clear(tables=False)
    return Overview.get_forecast(
        period[0], period[1], reference_date=REFERENCE_DATE, probability=probability
    )


def run_hand_sql():
    cr.execute(HAND_SQL, (manager.company_ids.ids, PERIOD[0], PERIOD[1]))
    return cr.fetchall()


# the engine's position query on the forecast's scope and cut-off
filters = Overview._prepare_filters(PERIOD[0], PERIOD[1], False, False, REFERENCE_DATE)
reference = filters["reference_date"]
_start, cutoff = dates.day_bounds_utc(reference, reference, TZ)
scope = position.scope(
    env["crm.conversation"].sudo(manager).with_context(tz=TZ), Overview._scope_domain(filters)
)
position_query = position.position(scope, date_to=cutoff, first=False).as_cte("position")
position_query += position.Fragment(
    "SELECT position.outcome, COUNT(*) FROM position GROUP BY position.outcome"
)


def run_position():
    cr.execute(position_query.query, position_query.params)
    return cr.fetchall()


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def python_peak(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# the figures agree: the stage forecast's months are the hand SQL's
by_month = {row[0]: row for row in run_hand_sql()}
for month in run_forecast("stage")["months"]:
    row = by_month.get(month["month"])
    assert month["open_count"] == (row[1] if row else 0), (month, row)


def run_history():
    """The history probabilities alone (the "stages" key's cost)."""
    memo.clear(tables=False)
    return Overview._get_history(filters)


def run_figures():
    """The monthly, overdue, undated and pushed figures alone, as
    get_forecast() computes them without the history probabilities: its
    filters, its query (FORECAST_CTE + FORECAST_TOTALS) and the open stages."""
    figures_filters = Overview._prepare_filters(PERIOD[0], PERIOD[1], False, False, REFERENCE_DATE)
    cte, params = Overview._forecast_cte(figures_filters)
    cr.execute(cte + sql.SQL(FORECAST_TOTALS), params)
    rows = cr.fetchall()
    Overview._open_stages(figures_filters).mapped("name")
    return rows


contenders = {
    "forecast (stage)": lambda: run_forecast("stage"),
    "  reopened": lambda: run_forecast("stage", keep=True),
    "hand SQL by month": run_hand_sql,
    "forecast (history)": lambda: run_forecast("history"),
    "  reopened ": lambda: run_forecast("history", keep=True),
    "engine position": run_position,
    "  its history part": run_history,
    "  its figures part": run_figures,
}
times = {name: [] for name in contenders}
for _run in range(RUNS):
    for name, function in contenders.items():
        times[name].append(timed(function))
medians = {name: statistics.median(values) for name, values in times.items()}
for name, value in medians.items():
    print("  %-20s median %.3f s (min %.3f)" % (name, value, min(times[name])))
stage_ratio = medians["forecast (stage)"] / medians["hand SQL by month"]
history_ratio = medians["forecast (history)"] / medians["engine position"]
print("  stage forecast / hand SQL: %.2fx (target <= 2x)" % stage_ratio)
print(
    "  reopened stage forecast / hand SQL: %.2fx (target <= 2x)"
    % (medians["  reopened"] / medians["hand SQL by month"])
)
print("  history forecast / engine position: %.2fx (target <= 3x)" % history_ratio)
print(
    "  reopened history forecast / engine position: %.2fx (target <= 3x)"
    % (medians["  reopened "] / medians["engine position"])
)
print(
    "  figures alone / hand SQL: %.2fx; history alone / hand SQL: %.2fx"
    % (
        medians["  its figures part"] / medians["hand SQL by month"],
        medians["  its history part"] / medians["hand SQL by month"],
    )
)
cr.execute(
    """
    SELECT COUNT(*) FROM (
        SELECT DISTINCT ON (line.commercial_partner_id) line.commercial_partner_id, line.date_begin
          FROM crm_conversation line
          JOIN crm_stage stage ON stage.id = line.stage_id
         WHERE stage.pipeline_outcome IN ('won', 'lost') AND line.date_begin < %s
         ORDER BY line.commercial_partner_id, line.date_begin, line.id
    ) AS decision WHERE decision.date_begin >= %s
    """,
    (cutoff, dates.day_bounds_utc(reference - timedelta(days=364), reference, TZ)[0]),
)
print("  customers decided in the 365-day window (about): %s" % cr.fetchone()[0])

month = (PERIOD[0], str(dates.to_date(PERIOD[0]) + timedelta(days=30)))
peak_month = python_peak(lambda: run_forecast("history", month))
peak_year = python_peak(lambda: run_forecast("history"))
print("  Python peak: one month %.1f KB, the year %.1f KB" % (peak_month / 1024, peak_year / 1024))
