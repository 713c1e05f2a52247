# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from psycopg2 import sql

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..tools import dates, memo, position
from ..tools import filters as pipeline_filters
from ..tools.limits import FORECAST_MAX_MONTHS
from .crm_objective_period_mixin import RECURRENCE_STEPS

# The history probability looks back this many days, ending on the
# reference day: customers decided (first won or lost line) in that window.
HISTORY_DAYS = 365

# Every figure of get_forecast() is a branch of the "figure" relation
# (FIGURE_RELATION, after FORECAST_CTE): rows (figure, key, res_id, amount,
# weighted), one per record the figure counts; get_drill_down_action() lists
# the res_id of these rows. get_forecast() counts and sums the same
# relations of FORECAST_CTE in one pass (FORECAST_TOTALS): each figure's
# condition is a column of DEAL_DAY_COLUMNS (in_period, overdue, undated),
# open_deal's pushed, or won_deal and target_share themselves, each written
# once for both.
#   figure  open, won, target, overdue, undated, pushed (FORECAST_FIGURES)
#   key     the month (YYYY-MM) of the monthly figures, NULL for the others
#   res_id  an opportunity (crm.lead) or, for target, an objective line
#   amount  the expected (or won) revenue; the pro rata target
#   weighted the revenue x probability / 100 (open opportunities)
# Amounts are double precision, as the revenue and probability columns
# (numeric arithmetic on every open opportunity cost more than the rest of
# the figures); the sums are rounded to the cent once, at the end.
# {open_from}/{open_where} (open opportunities, get_overview's deals),
# {won_from}/{won_where} (won opportunities) and {target_from}/{target_where}
# (objective lines) come from _where_calc/_apply_ir_rules: record rules apply.
FORECAST_CTE = """
WITH params AS (
    SELECT %s::date AS reference_date,
           %s::timestamp AS period_start,
           %s::timestamp AS period_end,
           %s::text[] AS months,
           %s::date[] AS month_starts,
           %s::date[] AS month_ends,
           %s::timestamp[] AS month_utc_starts,
           %s::timestamp[] AS month_utc_ends,
           %s::integer[] AS history_stage_ids,
           %s::numeric[] AS history_probabilities,
           %s::text[] AS recurrences,
           %s::interval[] AS recurrence_steps,
           %s::integer[] AS recurrence_min_days,
           %s::integer[] AS recurrence_max_days
),
month AS (
    SELECT month.key, month.start, month.stop, month.utc_start, month.utc_stop
      FROM params,
           unnest(params.months, params.month_starts, params.month_ends,
                  params.month_utc_starts, params.month_utc_ends)
               AS month(key, start, stop, utc_start, utc_stop)
),
open_lead AS (
    SELECT crm_lead.id,
           crm_lead.stage_id,
           crm_lead.probability,
           crm_lead.date_deadline,
           COALESCE(crm_lead.planned_revenue, 0.0) AS amount
      FROM {open_from}
     WHERE {open_where}
),
pushed_deal AS (
    SELECT DISTINCT mail_message.res_id AS id
      FROM mail_tracking_value
      JOIN mail_message ON mail_message.id = mail_tracking_value.mail_message_id
     CROSS JOIN params
     WHERE mail_message.model = 'crm.lead'
       AND mail_tracking_value.field = 'date_deadline'
       AND mail_message.date >= params.period_start
       AND mail_message.date < params.period_end
       AND mail_tracking_value.new_value_datetime > mail_tracking_value.old_value_datetime
),
history_weight AS (
    SELECT weight.stage_id, weight.probability
      FROM params,
           unnest(params.history_stage_ids, params.history_probabilities)
               AS weight(stage_id, probability)
),
open_deal AS (
    SELECT open_lead.id,
           open_lead.date_deadline,
           open_lead.amount,
           open_lead.amount
           * COALESCE(history_weight.probability::float8, open_lead.probability, 0.0)
           / 100.0 AS weighted,
           open_lead.id IN (SELECT id FROM pushed_deal) AS pushed
      FROM open_lead
      LEFT JOIN history_weight ON history_weight.stage_id = open_lead.stage_id
),
won_deal AS (
    SELECT won_lead.id, month.key AS month, won_lead.amount
      FROM (SELECT crm_lead.id, crm_lead.date_closed,
                   COALESCE(crm_lead.planned_revenue, 0.0) AS amount
              FROM {won_from}
             WHERE {won_where}) AS won_lead
      JOIN month
        ON won_lead.date_closed >= month.utc_start AND won_lead.date_closed < month.utc_stop
),
target_line AS (
    SELECT crm_objective_line.id,
           crm_objective_line.objective_id,
           crm_objective_line.target
      FROM {target_from}
     WHERE {target_where}
),
recurrence AS (
    SELECT recurrence.*
      FROM params,
           unnest(params.recurrences, params.recurrence_steps,
                  params.recurrence_min_days, params.recurrence_max_days)
               AS recurrence(name, step, min_days, max_days)
),
occurrence AS (
    SELECT target_line.id AS line_id,
           target_line.target,
           objective.date_start AS start,
           objective.date_end AS stop
      FROM target_line
      JOIN crm_objective objective ON objective.id = target_line.objective_id
     WHERE objective.period_type = 'range' AND objective.date_end IS NOT NULL
     UNION ALL
    SELECT target_line.id,
           target_line.target,
           (objective.date_start + recurrence.step * k)::date,
           LEAST((objective.date_start + recurrence.step * (k + 1))::date - 1,
                 COALESCE(objective.date_end, 'infinity'::date))
      FROM target_line
      JOIN crm_objective objective ON objective.id = target_line.objective_id
      JOIN recurrence ON recurrence.name = objective.recurrence
     CROSS JOIN params
     CROSS JOIN LATERAL generate_series(
         GREATEST(0, (params.month_starts[1] - objective.date_start)
                     / recurrence.max_days - 1),
         (params.month_ends[array_length(params.month_ends, 1)] - objective.date_start)
         / recurrence.min_days + 1) AS k
     WHERE objective.period_type = 'recurring'
),
-- the days of the occurrence in the month / the days of the occurrence
target_share AS (
    SELECT month.key, occurrence.line_id,
           SUM(occurrence.target::numeric
               * (LEAST(occurrence.stop + 1, month.stop) - GREATEST(occurrence.start, month.start))
               / (occurrence.stop - occurrence.start + 1))::float8 AS amount
      FROM occurrence
      JOIN month
        ON occurrence.start < month.stop AND occurrence.stop >= month.start
     WHERE occurrence.stop >= occurrence.start
     GROUP BY month.key, occurrence.line_id
)
"""

# What an open opportunity's Expected Closing (deal.date_deadline) makes
# of it: its month (YYYY-MM), whether the month is in the period, whether
# it is overdue (before the reference day) or undated. The columns of
# open_figure (each open opportunity) and of FORECAST_TOTALS's open_group
# (the open opportunities grouped by Expected Closing day): one definition.
DEAL_DAY_COLUMNS = """
           to_char(deal.date_deadline, 'YYYY-MM') AS month,
           COALESCE(deal.date_deadline >= params.month_starts[1]
                    AND deal.date_deadline
                        < params.month_ends[array_length(params.month_ends, 1)], FALSE)
               AS in_period,
           COALESCE(deal.date_deadline < params.reference_date, FALSE) AS overdue,
           deal.date_deadline IS NULL AS undated"""

# The figures of the open opportunities and the DEAL_DAY_COLUMNS flag (or
# open_deal's pushed) that keeps a row in each; only "open" is broken down
# by month. The "figure" relation lists them per opportunity, FORECAST_TOTALS
# counts them per group of opportunities: open_figure_branches() writes
# both.
OPEN_FIGURE_FLAGS = (
    ("open", "in_period"),
    ("overdue", "overdue"),
    ("undated", "undated"),
    ("pushed", "pushed"),
)


# One branch of open_figure_branches().
OPEN_FIGURE_BRANCH = """    SELECT '{figure}'::text AS figure, {key} AS key, {relation}.{row},
           {relation}.amount, {relation}.weighted
      FROM {relation}
     WHERE {relation}.{flag}
"""


def open_figure_branches(relation, row):
    """The UNION ALL branches (figure, key, ``row``, amount, weighted) of
    OPEN_FIGURE_FLAGS over ``relation`` (open_figure: one row per open
    opportunity, its id; open_group: one row per group, its count), the
    first branch naming the columns. Written at import time from this
    module's own names, never from input."""
    return "     UNION ALL\n".join(
        OPEN_FIGURE_BRANCH.format(
            figure=figure,
            key=relation + ".month" if figure == "open" else "NULL",
            relation=relation,
            row=row,
            flag=flag,
        )
        for figure, flag in OPEN_FIGURE_FLAGS
    )


# The "figure" relation (see FORECAST_CTE), listed by the drill-downs.
FIGURE_RELATION = (
    """,
open_figure AS (
    SELECT deal.id, deal.amount, deal.weighted, deal.pushed,"""
    + DEAL_DAY_COLUMNS
    + """
      FROM open_deal AS deal CROSS JOIN params
),
figure AS (
"""
    + open_figure_branches("open_figure", "id AS res_id")
    + """     UNION ALL
    SELECT 'won', won_deal.month, won_deal.id, won_deal.amount, 0.0
      FROM won_deal
     UNION ALL
    SELECT 'target', target_share.key, target_share.line_id, target_share.amount, 0.0
      FROM target_share
)
"""
)

# get_forecast()'s counts and sums per (figure, key), read from FORECAST_CTE
# without listing the rows: the open opportunities are grouped once by
# Expected Closing day and pushed (open_day), each day then gets the
# DEAL_DAY_COLUMNS the "figure" branches filter on, and each figure adds up
# its groups; the won and target rows are those of won_deal and
# target_share, as in "figure". One pass over the open opportunities (and
# to_char() once per day, not per opportunity) instead of four passes over a
# materialised list of them; test_every_count_equals_its_drill_down and
# test_every_sum_equals_its_drill_down check that both agree.
FORECAST_TOTALS = (
    """,
open_day AS (
    SELECT open_deal.date_deadline, open_deal.pushed, COUNT(*) AS count,
           SUM(open_deal.amount) AS amount, SUM(open_deal.weighted) AS weighted
      FROM open_deal
     GROUP BY open_deal.date_deadline, open_deal.pushed
),
open_group AS (
    SELECT deal.pushed, deal.count, deal.amount, deal.weighted,"""
    + DEAL_DAY_COLUMNS
    + """
      FROM open_day AS deal CROSS JOIN params
),
total AS (
"""
    + open_figure_branches("open_group", "count")
    + """     UNION ALL
    SELECT 'won', won_deal.month, COUNT(*), SUM(won_deal.amount), 0.0
      FROM won_deal
     GROUP BY won_deal.month
     UNION ALL
    SELECT 'target', target_share.key, COUNT(*), SUM(target_share.amount), 0.0
      FROM target_share
     GROUP BY target_share.key
)
SELECT total.figure, total.key, SUM(total.count)::bigint,
       ROUND(SUM(total.amount)::numeric, 2), ROUND(SUM(total.weighted)::numeric, 2)
  FROM total
 GROUP BY total.figure, total.key
"""
)

# The figures of the "figure" relation: the model their res_id are of.
FORECAST_FIGURES = {
    "open": "crm.lead",
    "won": "crm.lead",
    "target": "crm.objective.line",
    "overdue": "crm.lead",
    "undated": "crm.lead",
    "pushed": "crm.lead",
}
# get_drill_down_action("forecast_<key>"): the figure each key of
# get_forecast() counts, and whether it needs its month.
FORECAST_MEASURES = {
    "forecast_open_count": ("open", True),
    "forecast_expected_revenue": ("open", True),
    "forecast_weighted_revenue": ("open", True),
    "forecast_won_count": ("won", True),
    "forecast_won_revenue": ("won", True),
    "forecast_target": ("target", True),
    "forecast_overdue": ("overdue", False),
    "forecast_undated": ("undated", False),
    "forecast_pushed": ("pushed", False),
}
# The customers a history probability is computed among (stage_id needed).
HISTORY_MEASURES = ("forecast_history_customers", "forecast_history_probability")

# The history probability of the stages, among the customers in scope
# decided in the window, from the pipeline engine (tools/position.py):
# "decision" (position.decisions(): each customer's first won or lost line
# before the end of the reference day, read from the won and lost lines
# only) keeps the customers decided in the window ("candidate"); only their
# lines ("line": the scope's lines before the end of the reference day) are
# then read, once, grouped per customer: the outcome of its latest line (the
# engine's latest_value(): by (date_begin, id)) and
# the open stages of its lines before the deciding one (the stages its path
# visited before being decided). The other customers' lines are never read:
# the cost follows the customers decided in the window, not the whole
# history. Rows of "history": (stage_id, customer_id, won), one per open
# stage a decided customer visited before being decided.
HISTORY_RELATIONS = """,
candidate AS (
    SELECT decision.customer_id, decision.id, decision.date_begin
      FROM decision
     WHERE decision.date_begin >= %s::timestamp
),
customer AS (
    SELECT candidate.customer_id,
           {latest_outcome} AS outcome,
           ARRAY_AGG(DISTINCT line.stage_id) FILTER (
               WHERE stage.pipeline_outcome = 'open'
                 AND (line.date_begin, line.id) < (candidate.date_begin, candidate.id)
           ) AS stage_ids
      FROM candidate
      JOIN line ON line.customer_id = candidate.customer_id
      JOIN crm_stage stage ON stage.id = line.stage_id
     GROUP BY candidate.customer_id
),
history AS (
    SELECT UNNEST(customer.stage_ids) AS stage_id,
           customer.customer_id,
           customer.outcome = 'won' AS won
      FROM customer
     WHERE customer.outcome IN ('won', 'lost')
)
"""


class CrmPipelineForecast(models.AbstractModel):
    """The forecast of the Sales Pipeline Overview: what will close when,
    weighted by the opportunities' own probabilities or by the history
    probabilities the team's own conversations give, against won revenue
    and objectives. Same scope, record rules and filters as get_overview()."""

    # one concern per file (see its docstring): kept apart on purpose
    _inherit = "crm.pipeline.overview"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def get_forecast_definitions(self):
        """The forecast's figures in words: tooltips and report footnotes."""
        return {
            "open": _(
                "Open opportunities: active opportunities at a stage whose "
                "outcome is open, of the chosen salespeople and teams."
            ),
            "open_count": _(
                "Open opportunities whose Expected Closing falls in the month, "
                "and the sum of their expected revenue."
            ),
            "weighted_revenue": _(
                "Expected revenue x probability / 100 of the same opportunities: "
                "the opportunity's own probability, or the history probability "
                "of its stage (its own probability where the history has no "
                "customer)."
            ),
            "won": _(
                "Opportunities at a won stage (archived ones included) whose "
                "closing date, as a day in your timezone, falls in the month."
            ),
            "target": _(
                "Targets of the objective measures 'Amount of won "
                "opportunities' of the chosen salespeople and teams; a period "
                "that only partly overlaps the month counts pro rata by days."
            ),
            "overdue": _("Open opportunities whose Expected Closing is before the reference day."),
            "undated": _("Open opportunities without an Expected Closing."),
            "pushed": _(
                "Open opportunities whose Expected Closing was moved to a later "
                "day during the period."
            ),
            "history_probability": _(
                "History probability of a stage: among the customers whose "
                "latest sales conversation (as of the reference day) is at a "
                "won or lost stage and whose first won or lost conversation "
                "falls in the 365 days ending on the reference day, those whose "
                "path visited the stage before that conversation; the share of "
                "them that were won, in percent."
            ),
        }

    # ------------------------------------------------------------------
    # Filters
    # ------------------------------------------------------------------

    @api.model
    def _forecast_months(self, filters):
        """``[(key YYYY-MM, first day, first day of the next month)]`` of the
        calendar months overlapping the period, refused beyond
        FORECAST_MAX_MONTHS. A period without start or end (all time) is
        bounded by the year of the reference day: the screen, the report and
        the Excel sheet forecast that year. A period with one bound only
        runs to (from) the end (start) of that year, or of the bound's own
        year when it lies beyond."""
        year_start = filters["reference_date"].replace(month=1, day=1)
        first = filters["date_from"] or year_start
        last = filters["date_to"] or year_start.replace(month=12)
        # one bound given: the other one's year reaches it
        if not filters["date_from"]:
            first = min(first, last.replace(month=1))
        if not filters["date_to"]:
            last = max(last, first.replace(month=12))
        first, last = first.replace(day=1), last.replace(day=1)
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        if count > FORECAST_MAX_MONTHS:
            raise UserError(
                _(
                    "The forecast covers at most %(max)s months, not %(months)s: "
                    "choose a shorter period."
                )
                % {"max": FORECAST_MAX_MONTHS, "months": count}
            )
        months = []
        for index in range(count):
            start = first + relativedelta(months=index)
            months.append((start.strftime("%Y-%m"), start, start + relativedelta(months=1)))
        return months

    @api.model
    def _forecast_deal_domain(self, filters):
        """The salesperson/team filters of an opportunity, and "own
        documents only" salespeople count only their own (as their
        conversation figures)."""
        domain = [("type", "=", "opportunity")] + self._company_domain()
        figures_user = self.env["crm.conversation"]._get_figures_user()
        if figures_user:
            domain.append(("user_id", "=", figures_user.id))
        return domain + pipeline_filters.people_domain(filters)

    @api.model
    def _open_deal_domain(self, filters):
        """Open opportunities: get_overview()'s deals (active, at an open
        stage), with the forecast's salesperson filters."""
        figures_user = self.env["crm.conversation"]._get_figures_user()
        domain = self._deal_domain(filters)
        if figures_user:
            domain.append(("user_id", "=", figures_user.id))
        return domain

    @api.model
    def _won_deal_domain(self, filters, months):
        """Opportunities, archived ones included, at a won stage, closed in
        the user's days of the months."""
        start, end = dates.day_bounds_utc(
            months[0][1], months[-1][2] - timedelta(days=1), filters["tz"]
        )
        return self._forecast_deal_domain(filters) + [
            ("stage_id.pipeline_outcome", "=", "won"),
            ("date_closed", ">=", start),
            ("date_closed", "<", end),
        ]

    @api.model
    def _target_domain(self, filters):
        """Objective measures "Amount of won opportunities" of active
        objectives of the filters: employee = the objective's salesperson,
        team = its team (the team itself, or its salesperson's team)."""
        domain = [
            ("measure", "=", "won_amount"),
            ("objective_id.active", "=", True),
        ] + self._company_domain()
        return domain + pipeline_filters.people_domain(
            filters, "objective_id.user_id", "objective_id.assignee_team_id"
        )

    @api.model
    def _forecast_cte(self, filters, history=None):
        """The WITH clause shared by get_forecast() and its drill-downs;
        ``history``: {stage id: probability} weighting the open opportunities
        (None: their own probability)."""
        months = self._forecast_months(filters)
        open_from, open_where, open_params = self._get_rule_query(
            "crm.lead", self._open_deal_domain(filters)
        )
        won_from, won_where, won_params = self.with_context(active_test=False)._get_rule_query(
            "crm.lead", self._won_deal_domain(filters, months)
        )
        target_from, target_where, target_params = self._get_rule_query(
            "crm.objective.line", self._target_domain(filters)
        )
        history = history or {}
        recurrences = sorted(RECURRENCE_STEPS)
        steps = [RECURRENCE_STEPS[name][0] for name in recurrences]
        params = [
            filters["reference_date"],
            filters["period_start"],
            filters["period_end"],
            [month[0] for month in months],
            [month[1] for month in months],
            [month[2] for month in months],
            # the user's days of each month, as UTC instants (date_closed)
            [dates.day_start_utc(month[1], filters["tz"]) for month in months],
            [dates.day_start_utc(month[2], filters["tz"]) for month in months],
            list(history),
            [history[stage_id] for stage_id in history],
            recurrences,
            ["%d months %d days" % (step.years * 12 + step.months, step.days) for step in steps],
            [RECURRENCE_STEPS[name][1] for name in recurrences],
            # at most 31 days a month: an upper bound of each step's length
            [step.days + 31 * (step.years * 12 + step.months) for step in steps],
        ]
        query = sql.SQL(FORECAST_CTE).format(
            open_from=open_from,
            open_where=open_where,
            won_from=won_from,
            won_where=won_where,
            target_from=target_from,
            target_where=target_where,
        )
        return query, params + list(open_params) + list(won_params) + list(target_params)

    # ------------------------------------------------------------------
    # History probability
    # ------------------------------------------------------------------

    @api.model
    def _open_stages(self, filters):
        """The open stages of the forecast in pipeline order: active ones
        (of the filtered teams or of every team)."""
        stages = filters["stages"].filtered(
            lambda stage: stage.active and stage.pipeline_outcome == "open"
        )
        if filters["team_ids"]:
            stages = stages.filtered(
                lambda stage: not stage.team_id or stage.team_id.id in filters["team_ids"]
            )
        return stages.sorted(lambda stage: (stage.sequence, stage.name, stage.id))

    @api.model
    def _history_cte(self, filters):
        """The WITH clause of the history probabilities: the engine's
        decisions (position.decisions()) and lines of the customers in the
        scope of the filters (get_overview()'s lines, record rules included),
        up to the end of the reference day, and HISTORY_RELATIONS. A
        statement over the scope's lines: the transaction runs it without
        JIT (``position.without_jit``)."""
        position.without_jit(self.env.cr)
        reference = filters["reference_date"]
        window_start, cutoff = dates.day_bounds_utc(
            reference - timedelta(days=HISTORY_DAYS - 1), reference, filters["tz"]
        )
        scope = position.scope(self.env["crm.conversation"], self._scope_domain(filters))
        query = position.decisions(scope, date_to=cutoff).as_cte("decision")
        query += scope.lines(
            sql.SQL(
                "crm_conversation.commercial_partner_id AS customer_id, crm_conversation.id,"
                " crm_conversation.stage_id, crm_conversation.date_begin"
            ),
            date_to=cutoff,
        ).as_cte("line", first=False)
        relations = sql.SQL(HISTORY_RELATIONS).format(
            latest_outcome=position.latest_value(sql.SQL("stage.pipeline_outcome"), "line")
        )
        query += position.Fragment(relations, [window_start])
        return query.query, query.params

    @api.model
    def _get_history(self, filters):
        """{stage id: (customers, probability)} of the stages any decided
        customer visited (others have no history)."""
        cte, params = self._history_cte(filters)
        rows = memo.fetchall(
            self.env.cr,
            cte
            + sql.SQL(
                """
                SELECT stage_id, COUNT(*),
                       ROUND(100.0 * COUNT(*) FILTER (WHERE won) / COUNT(*), 2)
                  FROM history
                 GROUP BY stage_id
                """
            ),
            params,
        )
        return {
            stage_id: (customers, float(probability)) for stage_id, customers, probability in rows
        }

    @api.model
    def _get_history_probabilities(self, stage_ids=False, reference_date=False):
        """{stage id: history probability or False} of the stages, in the
        user's whole scope: what the read-only field ``history_probability``
        of stages and opportunities shows, which is how clients read it (a
        dict keyed by integers cannot cross XML-RPC)."""
        stage_ids = self._to_ids(stage_ids, "stage_ids")
        if not self.env["crm.conversation"].check_access_rights("read", raise_exception=False):
            return dict.fromkeys(stage_ids, False)
        filters = self._prepare_filters(False, False, False, False, reference_date)
        history = self._get_history(filters)
        return {
            stage_id: history[stage_id][1] if stage_id in history else False
            for stage_id in stage_ids
        }

    # ------------------------------------------------------------------
    # The API
    # ------------------------------------------------------------------

    @api.model
    def get_forecast(
        self,
        date_from,
        date_to,
        user_ids=False,
        team_ids=False,
        reference_date=False,
        probability="stage",
    ):
        """What will close when: open opportunities by Expected Closing
        month, weighted by probability, against won revenue and targets.

        Same scope, record rules and filters as get_overview(); the
        definitions of every key are in get_forecast_definitions() and the
        addon's README. Plain values only, for the screen, the report, the
        Excel download and XML-RPC."""
        if probability not in ("stage", "history"):
            raise UserError(
                _('probability must be "stage" or "history", not %(value)r.')
                % {"value": probability}
            )
        filters = self._prepare_filters(date_from, date_to, user_ids, team_ids, reference_date)
        months = self._forecast_months(filters)
        history = self._get_history(filters)
        weights = None
        if probability == "history":
            weights = {stage_id: value[1] for stage_id, value in history.items()}
        cte, params = self._forecast_cte(filters, weights)
        self.env.cr.execute(
            cte + sql.SQL(FORECAST_TOTALS),
            params,
        )
        groups = {
            (figure, key): (count, float(amount or 0.0), float(weighted or 0.0))
            for figure, key, count, amount, weighted in self.env.cr.fetchall()
        }
        empty = (0, 0.0, 0.0)
        result_months = []
        for key, _start, _stop in months:
            open_ = groups.get(("open", key), empty)
            won = groups.get(("won", key), empty)
            result_months.append(
                {
                    "month": key,
                    "open_count": open_[0],
                    "expected_revenue": open_[1],
                    "weighted_revenue": open_[2],
                    "won_count": won[0],
                    "won_revenue": won[1],
                    "target": groups.get(("target", key), empty)[1],
                }
            )
        result = {"months": result_months}
        for name in ("overdue", "undated"):
            count, amount, weighted = groups.get((name, None), empty)
            result[name] = {
                "count": count,
                "expected_revenue": amount,
                "weighted_revenue": weighted,
            }
        pushed = groups.get(("pushed", None), empty)
        result["pushed"] = {"count": pushed[0], "revenue": pushed[1]}
        result["stages"] = [
            {
                "stage_id": stage.id,
                "name": stage.name,
                "manual_probability": float_round(stage.probability, precision_digits=2),
                "history_probability": history[stage.id][1] if stage.id in history else False,
                "history_customers": history[stage.id][0] if stage.id in history else 0,
            }
            for stage in self._open_stages(filters)
        ]
        return result

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------

    @api.model
    def _forecast_ids(self, filters, figure, key=None):
        """Ids of the records a figure of the forecast counts (of one month
        for the monthly figures)."""
        cte, params = self._forecast_cte(filters)
        self.env.cr.execute(
            cte
            + sql.SQL(FIGURE_RELATION)
            + sql.SQL(
                """
                SELECT DISTINCT res_id
                  FROM figure
                 WHERE figure = %s AND key IS NOT DISTINCT FROM %s
                 ORDER BY res_id
                """
            ),
            params + [figure, key],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _history_customer_ids(self, filters, stage_id):
        """The decided customers the history probability of the stage is
        computed among."""
        cte, params = self._history_cte(filters)
        self.env.cr.execute(
            cte
            + sql.SQL(
                "SELECT DISTINCT customer_id FROM history WHERE stage_id = %s ORDER BY customer_id"
            ),
            params + [stage_id],
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _drill_down(self, measure, filters, keys):
        """Forecast figures (measures ``forecast_*``) list the rows of the
        very figure they count (see FORECAST_CTE); the others are the
        overview's and the flow's."""
        if measure not in FORECAST_MEASURES and measure not in HISTORY_MEASURES:
            return super()._drill_down(measure, filters, keys)
        stage_id = keys["stage_id"]
        if measure in HISTORY_MEASURES:
            if not stage_id:
                raise UserError(_("The figure %(measure)s needs its stage.") % {"measure": measure})
            ids = self._history_customer_ids(filters, stage_id)
            return self._drill_down_window(
                _("Customers"), "res.partner", [("id", "in", ids)], context={"active_test": False}
            )
        figure, monthly = FORECAST_MEASURES[measure]
        key = None
        if monthly:
            if keys["month"] not in [row[0] for row in self._forecast_months(filters)]:
                raise UserError(
                    _("The figure %(measure)s needs a month of the period (YYYY-MM).")
                    % {"measure": measure}
                )
            key = keys["month"]
        ids = self._forecast_ids(filters, figure, key)
        model_name = FORECAST_FIGURES[figure]
        if model_name == "crm.objective.line":
            return self._drill_down_window(_("Objective Measures"), model_name, [("id", "in", ids)])
        return self._drill_down_window(
            _("Opportunities"),
            model_name,
            [("id", "in", ids)],
            views=self._opportunity_views(),
            context={"active_test": False, "default_type": "opportunity"},
        )
