# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sales Pipeline Overview benchmark (run by ``benchmarks/run.sh``).

Inside an Odoo shell on a database filled by pipeline_overview_data.py,
measured in one run, as the benchmark's sales manager (record rules apply):

- get_overview(): every figure of the screen, median of BENCH_RUNS runs;
- the best single hand-written SQL query for the headline figures (in
  pipeline, won, lost, win %, new prospects, days to close, days before
  pipeline): three formulations, each checked to give get_overview's values,
  the fastest median is "the best";
- the same headline figures the naive ORM way (search_read + Python), once;
- Python memory: tracemalloc peak of get_overview over one month and over
  all the conversations (it must not grow), and the naive way's RSS growth.

Runs are interleaved (overview, SQL 1, SQL 2, SQL 3, overview, ...) so that
the load of a shared machine hits every contender alike.
"""

import gc
import os
import resource
import statistics
import time
import tracemalloc
from datetime import datetime

import pytz

from odoo.tools import float_round

from odoo.addons.smart_pipeline.models.crm_conversation import SALES_CONVERSATION_DOMAIN

env = globals()["env"]  # the environment of "odoo shell"
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
NAIVE = os.environ.get("BENCH_NAIVE", "1") == "1"
REFERENCE_DATE = os.environ.get("BENCH_REFERENCE_DATE", "2025-06-15")
TZ = "Europe/Brussels"

manager = env["res.users"].search([("login", "=", "bench_manager")])
assert manager, "no benchmark data: run benchmarks/pipeline_overview_data.py first"
Overview = env["crm.pipeline.overview"].sudo(manager).with_context(tz=TZ)
cr = env.cr
HEADLINE = (
    "in_pipeline",
    "won",
    "lost",
    "win_rate",
    "new_prospects",
    "avg_days_to_close",
    "avg_days_before_pipeline",
)

filters = Overview._prepare_filters(False, False, False, False, REFERENCE_DATE)
won_ids = (
    env["crm.stage"].with_context(active_test=False).search([("pipeline_outcome", "=", "won")]).ids
)
sql_params = {
    "companies": manager.company_ids.ids,
    "won_ids": won_ids,
    "month_start": filters["month_start"],
    "month_end": filters["month_end"],
    "tz": TZ,
}

# The headline figures from one query each. All three read the same lines
# (sales conversations of the manager's companies) and agree with
# get_overview (checked below).
HEADLINE_TAIL = """
SELECT COUNT(*) FILTER (WHERE stage.pipeline_outcome = 'open'),
       COUNT(*) FILTER (WHERE stage.pipeline_outcome = 'won'),
       COUNT(*) FILTER (WHERE stage.pipeline_outcome = 'lost'),
       COUNT(*) FILTER (WHERE last.first_date >= %(month_start)s
                          AND last.first_date < %(month_end)s),
       COALESCE(ROUND(AVG(
           (last.first_won AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
           - (last.first_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
       ) FILTER (WHERE stage.pipeline_outcome = 'won'), 2), 0),
       COALESCE(ROUND(AVG(
           (last.first_date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
           - partner.account_opened_date), 2), 0)
  FROM last
  JOIN crm_stage stage ON stage.id = last.stage_id
  JOIN res_partner partner ON partner.id = last.customer_id
"""
SCOPE = """
 WHERE line.stage_id IS NOT NULL
   AND line.commercial_partner_id IS NOT NULL
   AND (line.company_id IS NULL OR line.company_id = ANY(%(companies)s))
"""
HANDWRITTEN = {
    "group by + line key": """
WITH customer AS (
    SELECT line.commercial_partner_id AS customer_id,
           MIN(line.date_begin) AS first_date,
           MIN(line.date_begin) FILTER (WHERE line.stage_id = ANY(%(won_ids)s))
               AS first_won,
           MAX((FLOOR(DATE_PART('epoch', line.date_begin))::bigint << 31) + line.id)
               AS last_key
      FROM crm_conversation line"""
    + SCOPE
    + """
     GROUP BY line.commercial_partner_id
),
last AS (
    SELECT customer.*, line.stage_id
      FROM customer
      JOIN crm_conversation line
        ON line.id = (customer.last_key & 2147483647)::integer
)"""
    + HEADLINE_TAIL,
    "distinct on + window": """
WITH last AS (
    SELECT DISTINCT ON (line.commercial_partner_id)
           line.commercial_partner_id AS customer_id,
           line.stage_id,
           MIN(line.date_begin) OVER customer AS first_date,
           MIN(line.date_begin) FILTER (WHERE line.stage_id = ANY(%(won_ids)s))
               OVER customer AS first_won
      FROM crm_conversation line"""
    + SCOPE
    + """
    WINDOW customer AS (PARTITION BY line.commercial_partner_id)
     ORDER BY line.commercial_partner_id, line.date_begin DESC, line.id DESC
)"""
    + HEADLINE_TAIL,
    "group by + array max": """
WITH last AS (
    SELECT line.commercial_partner_id AS customer_id,
           MIN(line.date_begin) AS first_date,
           MIN(line.date_begin) FILTER (WHERE line.stage_id = ANY(%(won_ids)s))
               AS first_won,
           (MAX(ARRAY[DATE_PART('epoch', line.date_begin)::bigint, line.id,
                      line.stage_id]))[3] AS stage_id
      FROM crm_conversation line"""
    + SCOPE
    + """
     GROUP BY line.commercial_partner_id
)"""
    + HEADLINE_TAIL,
}


def run_overview(**kwargs):
    return Overview.get_overview(reference_date=REFERENCE_DATE, **kwargs)


def run_sql(query):
    def run():
        cr.execute(query, sql_params)
        in_pipeline, won, lost, prospects, to_close, before = cr.fetchone()
        rate = float_round(100.0 * won / (won + lost), 2) if won + lost else 0.0
        return {
            "in_pipeline": in_pipeline,
            "won": won,
            "lost": lost,
            "win_rate": rate,
            "new_prospects": prospects,
            "avg_days_to_close": float(to_close),
            "avg_days_before_pipeline": float(before),
        }

    return run


def run_naive():
    """The headline figures the way one writes them with the ORM first."""
    Conversation = env["crm.conversation"].sudo(manager).with_context(tz=TZ)
    lines = Conversation.search_read(
        SALES_CONVERSATION_DOMAIN + [("commercial_partner_id", "!=", False)],
        ["commercial_partner_id", "stage_id", "date_begin"],
        order="date_begin, id",
    )
    outcome = {
        stage.id: stage.pipeline_outcome
        for stage in env["crm.stage"].with_context(active_test=False).search([])
    }
    first, first_won, last_stage = {}, {}, {}
    for line in lines:
        customer = line["commercial_partner_id"][0]
        stage = line["stage_id"][0]
        first.setdefault(customer, line["date_begin"])
        if outcome[stage] == "won":
            first_won.setdefault(customer, line["date_begin"])
        last_stage[customer] = stage
    partners = env["res.partner"].sudo(manager).browse(list(first))
    opened = {partner.id: partner.account_opened_date for partner in partners}
    zone = pytz.timezone(TZ)

    def day(value):
        moment = pytz.utc.localize(datetime.strptime(value, "%Y-%m-%d %H:%M:%S"))
        return moment.astimezone(zone).date()

    counts = {"open": 0, "won": 0, "lost": 0}
    for stage in last_stage.values():
        counts[outcome[stage]] += 1
    month_start, month_end = filters["month_start"], filters["month_end"]
    prospects = sum(1 for value in first.values() if month_start <= value < month_end)
    to_close = [
        (day(first_won[customer]) - day(first[customer])).days
        for customer, stage in last_stage.items()
        if outcome[stage] == "won"
    ]
    before = [
        (day(first[customer]) - datetime.strptime(opened[customer], "%Y-%m-%d").date()).days
        for customer in first
        if opened.get(customer)
    ]
    won, lost = counts["won"], counts["lost"]
    return {
        "in_pipeline": counts["open"],
        "won": won,
        "lost": lost,
        "win_rate": float_round(100.0 * won / (won + lost), 2) if won + lost else 0.0,
        "new_prospects": prospects,
        "avg_days_to_close": float_round(sum(to_close) / len(to_close), 2) if to_close else 0.0,
        "avg_days_before_pipeline": float_round(sum(before) / len(before), 2) if before else 0.0,
    }


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def python_peak(function):
    gc.collect()
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def headline(result):
    return {key: result[key] for key in HEADLINE}


cr.execute("SELECT count(*), count(stage_id) FROM crm_conversation")
total_lines, sales_lines = cr.fetchone()
cr.execute("SELECT count(DISTINCT commercial_partner_id) FROM crm_conversation")
customers = cr.fetchone()[0]
cr.execute("SELECT count(*) FROM crm_lead WHERE type = 'opportunity'")
deals = cr.fetchone()[0]
print(
    "data: %s customers with conversations, %s conversations (%s sales), "
    "%s opportunities, %s employees" % (customers, total_lines, sales_lines, deals, 10)
)

# warm-up (caches, JIT) and agreement of the contenders
expected = headline(run_overview())
for name, query in HANDWRITTEN.items():
    got = run_sql(query)()
    assert got == expected, (name, got, expected)

timings = {"get_overview": []}
timings.update({name: [] for name in HANDWRITTEN})
for _run in range(RUNS):
    timings["get_overview"].append(timed(run_overview)[0])
    for name, query in HANDWRITTEN.items():
        timings[name].append(timed(run_sql(query))[0])
medians = {name: statistics.median(values) for name, values in timings.items()}
best_name = min(HANDWRITTEN, key=lambda name: medians[name])
overview = medians["get_overview"]

print("\nmedian of %s interleaved runs (s):" % RUNS)
for name, value in medians.items():
    spread = "%.3f-%.3f" % (min(timings[name]), max(timings[name]))
    label = "get_overview() (every figure)" if name == "get_overview" else "SQL: " + name
    print("  %-36s %7.3f   (min-max %s)" % (label, value, spread))
print(
    "get_overview / best hand-written headline SQL (%s): %.2fx  (target <= 1.5x)"
    % (best_name, overview / medians[best_name])
)

# memory: Python-side peak of get_overview for few and many lines
one_month = python_peak(lambda: run_overview(date_from="2025-03-01", date_to="2025-03-31"))
everything = python_peak(run_overview)
cr.execute(
    "SELECT count(*) FROM crm_conversation WHERE stage_id IS NOT NULL "
    "AND date_begin >= %s AND date_begin < %s",
    ("2025-03-01", "2025-04-01"),
)
month_lines = cr.fetchone()[0]
print(
    "get_overview Python memory peak: %.0f KiB over one month (%s sales lines), "
    "%.0f KiB over all %s sales lines"
    % (one_month / 1024, month_lines, everything / 1024, sales_lines)
)

# ---------------------------------------------------------------------------
# The flow: get_flow() against the best single hand-written SQL for
# entered, avg_days and reached per stage (same lines, same period, checked to
# agree), a 12-point get_trend() against one get_overview(), and get_flow's
# Python memory over one month and over every line.
# ---------------------------------------------------------------------------
FLOW_PERIOD = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
flow_filters = Overview._prepare_filters(
    FLOW_PERIOD["date_from"], FLOW_PERIOD["date_to"], False, False, REFERENCE_DATE
)
pipeline_ids = Overview._pipeline_stages(flow_filters).ids
flow_params = dict(
    sql_params,
    period_start=flow_filters["period_start"],
    period_end=flow_filters["period_end"],
    stage_ids=pipeline_ids,
)
FLOW_HANDWRITTEN = """
WITH visit AS (
    SELECT id, customer_id, stage_id, start,
           LEAD(start) OVER (PARTITION BY customer_id ORDER BY start, id) AS stop
      FROM (SELECT line.id, line.commercial_partner_id AS customer_id, line.stage_id,
                   line.date_begin AS start,
                   LAG(line.stage_id) OVER (PARTITION BY line.commercial_partner_id
                                            ORDER BY line.date_begin, line.id) AS previous
              FROM crm_conversation line"""
FLOW_HANDWRITTEN += SCOPE.replace("WHERE", "WHERE line.date_begin < %(period_end)s AND")
FLOW_HANDWRITTEN += """) AS line
     WHERE previous IS DISTINCT FROM stage_id
),
customer AS (
    SELECT visit.customer_id,
           MIN(visit.start) >= %(period_start)s AS in_cohort,
           MAX(array_position(%(stage_ids)s, visit.stage_id))
               FILTER (WHERE stage.pipeline_outcome <> 'lost') AS max_rank,
           BOOL_OR(stage.pipeline_outcome = 'won') AS has_won,
           (ARRAY_AGG(stage.pipeline_outcome ORDER BY visit.start DESC, visit.id DESC))[1]
               AS outcome
      FROM visit JOIN crm_stage stage ON stage.id = visit.stage_id
     GROUP BY visit.customer_id
)
SELECT stage.id,
       (SELECT COUNT(DISTINCT customer_id) FROM visit
         WHERE visit.stage_id = stage.id AND visit.start >= %(period_start)s),
       (SELECT COALESCE(ROUND(AVG(EXTRACT(EPOCH FROM stop - start)::numeric / 86400), 2), 0)
          FROM visit
         WHERE visit.stage_id = stage.id AND visit.start >= %(period_start)s
           AND visit.stop IS NOT NULL),
       (SELECT COUNT(*) FROM customer
         WHERE customer.in_cohort AND CASE stage.pipeline_outcome
               WHEN 'open' THEN array_position(%(stage_ids)s, stage.id) <= customer.max_rank
               WHEN 'won' THEN customer.has_won
               ELSE customer.outcome = 'lost' END)
  FROM crm_stage stage
 WHERE stage.id = ANY(%(stage_ids)s)
"""
# The same figures, the visits read once and grouped (a second formulation).
FLOW_HANDWRITTEN_GROUPED = (
    FLOW_HANDWRITTEN.split("SELECT stage.id,")[0]
    + """
, by_stage AS (
    SELECT visit.stage_id,
           COUNT(DISTINCT visit.customer_id) AS entered,
           COALESCE(ROUND(AVG(EXTRACT(EPOCH FROM visit.stop - visit.start)::numeric / 86400)
                          FILTER (WHERE visit.stop IS NOT NULL), 2), 0) AS avg_days
      FROM visit
     WHERE visit.start >= %(period_start)s
     GROUP BY visit.stage_id
)
SELECT stage.id, COALESCE(by_stage.entered, 0), COALESCE(by_stage.avg_days, 0),
       (SELECT COUNT(*) FROM customer
         WHERE customer.in_cohort AND CASE stage.pipeline_outcome
               WHEN 'open' THEN array_position(%(stage_ids)s, stage.id) <= customer.max_rank
               WHEN 'won' THEN customer.has_won
               ELSE customer.outcome = 'lost' END)
  FROM crm_stage stage
  LEFT JOIN by_stage ON by_stage.stage_id = stage.id
 WHERE stage.id = ANY(%(stage_ids)s)
"""
)
FLOW_QUERIES = {
    "flow SQL: per-stage subqueries": FLOW_HANDWRITTEN,
    "flow SQL: grouped visits": FLOW_HANDWRITTEN_GROUPED,
}


def run_flow(**kwargs):
    values = dict(FLOW_PERIOD, reference_date=REFERENCE_DATE)
    values.update(kwargs)
    return Overview.get_flow(**values)


def flow_figures(flow):
    return {
        row["stage_id"]: (row["entered"], row["avg_days"], row["reached"]) for row in flow["stages"]
    }


def run_flow_sql(query):
    def run():
        cr.execute(query, flow_params)
        return {
            stage_id: (entered, float(avg_days), reached)
            for stage_id, entered, avg_days, reached in cr.fetchall()
        }

    return run


def run_trend():
    return Overview.get_trend("2024-07-01", "2025-06-30")


expected_flow = flow_figures(run_flow())
for name, query in FLOW_QUERIES.items():
    got = run_flow_sql(query)()
    got = {stage_id: got[stage_id] for stage_id in expected_flow}
    assert got == expected_flow, (name, got, expected_flow)
trend = run_trend()
assert len(trend) == 12
last_point = Overview.get_overview(date_to=trend[-1]["date"])
assert (trend[-1]["in_pipeline"], trend[-1]["won"], trend[-1]["lost"]) == (
    last_point["in_pipeline"],
    last_point["won"],
    last_point["lost"],
), (trend[-1], last_point)

flow_timings = {"get_flow": [], "get_trend (12 points)": [], "get_overview": []}
flow_timings.update({name: [] for name in FLOW_QUERIES})
for _run in range(RUNS):
    flow_timings["get_flow"].append(timed(run_flow)[0])
    for name, query in FLOW_QUERIES.items():
        flow_timings[name].append(timed(run_flow_sql(query))[0])
    flow_timings["get_trend (12 points)"].append(timed(run_trend)[0])
    flow_timings["get_overview"].append(timed(run_overview)[0])
flow_medians = {name: statistics.median(values) for name, values in flow_timings.items()}
best_flow = min(FLOW_QUERIES, key=lambda name: flow_medians[name])
print(
    "\nflow, median of %s interleaved runs (s), period %s..%s:"
    % (RUNS, FLOW_PERIOD["date_from"], FLOW_PERIOD["date_to"])
)
for name, value in flow_medians.items():
    spread = "%.3f-%.3f" % (min(flow_timings[name]), max(flow_timings[name]))
    print("  %-36s %7.3f   (min-max %s)" % (name, value, spread))
print(
    "get_flow / best hand-written SQL for entered, avg_days, reached (%s): %.2fx  "
    "(target <= 2x)" % (best_flow, flow_medians["get_flow"] / flow_medians[best_flow])
)
print(
    "get_trend (12 points) / get_overview: %.2fx  (target <= 3x)"
    % (flow_medians["get_trend (12 points)"] / flow_medians["get_overview"])
)
flow_month = python_peak(lambda: run_flow(date_from="2025-03-01", date_to="2025-03-31"))
flow_all = python_peak(lambda: run_flow(date_from=False, date_to=False))
trend_peak = python_peak(run_trend)
print(
    "get_flow Python memory peak: %.0f KiB over one month, %.0f KiB over all %s sales lines; "
    "get_trend: %.0f KiB" % (flow_month / 1024, flow_all / 1024, sales_lines, trend_peak / 1024)
)

if NAIVE:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    naive_time, naive_result = timed(run_naive)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert naive_result == expected, (naive_result, expected)
    print(
        "naive ORM (search_read + Python), 1 run: %.1f s = %.0fx get_overview, "
        "%.0fx the best SQL; process memory grew by %.0f MiB"
        % (
            naive_time,
            naive_time / overview,
            naive_time / medians[best_name],
            (rss_after - rss_before) / 1024.0,
        )
    )
print("headline figures: %s" % expected)
cr.rollback()
