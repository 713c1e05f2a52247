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
    "get_overview / best hand-written headline SQL (%s): %.2fx  (target <= 2x)"
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
