# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from psycopg2 import sql

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..tools import dates, memo
from ..tools import filters as pipeline_filters
from ..tools import position as engine
from .crm_conversation import SALES_CONVERSATION_DOMAIN
from .crm_conversation_source import SOURCES

# Overview figures that list conversation lines (the others list customers),
# and the deals, which list opportunities.
LINE_MEASURES = ("stage_in_process", "employee_conversations")
DEAL_MEASURES = ("deals",)

# The stages a customer went through in the period are bits of "stage
# masks": one bigint per 63 stage ids, the bit of stage S is bit
# (S.id - 1) % 63 of chunk (S.id - 1) // 63.
STAGE_MASK_BITS = 63


def stage_mask_chunks(cr):
    """How many bigints a stage mask needs for every stage of the database."""
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM crm_stage")
    return max(1, -(-cr.fetchone()[0] // STAGE_MASK_BITS))


def stage_mask_aggregates(stage_column, chunks):
    """One BIT_OR aggregate per chunk of the stage mask of the stage ids in
    ``stage_column`` (a ``psycopg2.sql.Composable``)."""
    if chunks == 1:
        return [sql.SQL("BIT_OR(1::bigint << ({stage} - 1))").format(stage=stage_column)]
    return [
        sql.SQL(
            "BIT_OR(CASE WHEN ({stage} - 1) / {bits} = {chunk}"
            " THEN 1::bigint << MOD({stage} - 1, {bits}) END)"
        ).format(stage=stage_column, bits=sql.Literal(STAGE_MASK_BITS), chunk=sql.Literal(chunk))
        for chunk in range(chunks)
    ]


# The overview reads, per customer, its sales conversations into the
# relations every figure is derived from:
# - "activity": one row per (customer, employee) with lines in the period
#   (customer_id, user_id, in_period, conversations, minutes), plus one row per
#   stage with its lines in the period (customer_id NULL, stage_id,
#   conversations), plus one row per (employee, source) with its lines in the
#   period (customer_id and stage_id NULL, user_id, source, minutes: the
#   employees' minutes by source);
# - "customer": one row per customer of the scope: the date of its first
#   sales line ever (the period ignored: new prospects), of its first line
#   and first won line in the period, and the stages it went through in the
#   period (stage masks);
# - "engine_position": the pipeline engine's position of each customer over
#   the period's lines (tools/position.py: its latest line by
#   (date_begin, id); the first dates come from the activity's one pass,
#   through the engine's first_date() and first_won_date() aggregates, not
#   from two more passes over the lines);
# - "position": both, one row per customer of the scope (no position when
#   the customer has no line in the period).
OVERVIEW_PARAMS = """
WITH params AS (
    SELECT %s::timestamp AS period_start,
           %s::timestamp AS period_end,
           %s::timestamp AS month_start,
           %s::timestamp AS month_end,
           %s::text AS tz,
           %s::integer[] AS stage_ids,
           %s::integer AS mask_bits
),
"""

# A single GROUP BY with three grouping sets aggregates the lines per
# (customer, employee, in period), per (stage, in period) and per (employee,
# source, in period): one pass over the lines, not a second one for the
# minutes by source. {from_clause}
# and {where_clause}: the engine's scope (record rules apply); {stage_masks}
# and {customer_masks} are the mask aggregates; {first_date} and
# {first_won_date} are the engine's dates of a customer's first sales line and
# first won line (tools/position.py), taken in this same pass over every line
# of the scope (the period ignored for new prospects, filtered by in_period
# for days to close) rather than by more passes of the engine's position.
ACTIVITY_RELATIONS = """
activity AS (
    SELECT crm_conversation.commercial_partner_id AS customer_id,
           crm_conversation.user_id AS user_id,
           crm_conversation.stage_id AS stage_id,
           crm_conversation.source AS source,
           ({in_period}) AS in_period,
           COUNT(*) AS conversations,
           SUM(crm_conversation.duration) AS minutes,
           {first_date} AS first_date,
           {first_won_date} AS first_won,
           ARRAY[{stage_masks}] AS stage_masks
      FROM {from_clause}
     WHERE {where_clause}
     GROUP BY GROUPING SETS (
         (crm_conversation.commercial_partner_id, crm_conversation.user_id, in_period),
         (crm_conversation.stage_id, in_period),
         (crm_conversation.user_id, crm_conversation.source, in_period))
),
customer AS (
    SELECT customer_id,
           MIN(first_date) AS first_any,
           MIN(first_date) FILTER (WHERE in_period) AS first_date,
           MIN(first_won) FILTER (WHERE in_period) AS first_won,
           ARRAY[{customer_masks}] AS stage_masks
      FROM activity
     WHERE customer_id IS NOT NULL
     GROUP BY customer_id
),
engine_position AS (
"""

# A customer's first day and first won day in the period, in the user's
# timezone (dates.local_day_sql() of the first_date and first_won instants,
# naive UTC, of the caller's relation): the days OVERVIEW_FIGURES's
# avg_days_to_close reads, for the overview's position, the flow's velocity
# and the flow's cohorts alike (see _position_days()).
POSITION_DAYS = """
           {first_day} AS first_day,
           {first_won_day} AS first_won_day"""

# A won customer's days to close, from its days of a position (POSITION_DAYS)
# in the relation "position": the overview's average and the flow's cohorts.
DAYS_TO_CLOSE = "position.first_won_day - position.first_day"

# A customer's first day and first won day in the period ({position_days}
# over customer), and its current position: the engine's.
POSITION_RELATION = """
),
position AS (
    SELECT customer.customer_id,
           customer.first_any,
           customer.first_date,
           customer.stage_masks,
           engine_position.line_id AS conversation_id,
           engine_position.stage_id,
           engine_position.user_id,
           engine_position.lost_reason_id,
           engine_position.outcome,{position_days}
      FROM customer
     CROSS JOIN params
      LEFT JOIN engine_position ON engine_position.customer_id = customer.customer_id
)
"""

# A line is in the period when it starts within the period's UTC bounds
# (the user's days): the activity CTE counts with it, the conversation
# drill-downs list with it.
IN_PERIOD = """
crm_conversation.date_begin >= (SELECT period_start FROM params)
AND crm_conversation.date_begin < (SELECT period_end FROM params)
"""

# Every figure of the overview, defined once: the relation it reads (see
# FIGURE_SOURCES), the key it is broken down by (None: one number), the
# condition of the rows it counts and, for averages, the value averaged.
# get_overview() counts the rows, get_drill_down_action() lists them: a
# figure and its list cannot disagree. Rates list the rows of both figures
# they divide (FIGURE_UNIONS).
OVERVIEW_FIGURES = {
    "in_pipeline": ("position", None, "position.outcome = 'open'", None),
    "won": ("position", None, "position.outcome = 'won'", None),
    "lost": ("position", None, "position.outcome = 'lost'", None),
    "new_prospects": (
        "position",
        None,
        "position.first_any >= params.month_start AND position.first_any < params.month_end",
        None,
    ),
    "avg_days_to_close": (
        "position",
        None,
        "position.outcome = 'won'",
        DAYS_TO_CLOSE,
    ),
    # a customer talked to before its account was opened (lines back-dated
    # before the opening) entered the pipeline with no wait: 0 days, and
    # still counted and listed, never a negative number of days
    "avg_days_before_pipeline": (
        "position_partner",
        None,
        "position.first_day IS NOT NULL AND partner.account_opened_date IS NOT NULL",
        "GREATEST(position.first_day - partner.account_opened_date, 0)",
    ),
    "stage_customers": ("position", "position.stage_id", "position.stage_id IS NOT NULL", None),
    # customers currently won with a line at the stage: the stage's bit in
    # their stage mask
    "stage_won": (
        "position_stage",
        "pipeline_stage.id",
        "position.outcome = 'won'"
        " AND (position.stage_masks[(pipeline_stage.id - 1) / params.mask_bits + 1]"
        " >> MOD(pipeline_stage.id - 1, params.mask_bits)) & 1 = 1",
        None,
    ),
    "lost_reason": (
        "position",
        "COALESCE(position.lost_reason_id, 0)",
        "position.outcome = 'lost'",
        None,
    ),
    "employee_customers": (
        "activity",
        "activity.user_id",
        "activity.customer_id IS NOT NULL AND activity.in_period",
        None,
    ),
    "employee_won": ("position", "position.user_id", "position.outcome = 'won'", None),
    "employee_lost": ("position", "position.user_id", "position.outcome = 'lost'", None),
    # conversation lines in the period, per stage and per employee
    "stage_in_process": ("line", "crm_conversation.stage_id", IN_PERIOD, None),
    "employee_conversations": ("line", "crm_conversation.user_id", IN_PERIOD, None),
}
FIGURE_UNIONS = {
    "win_rate": ("won", "lost"),
    "employee_win_rate": ("employee_won", "employee_lost"),
}
# The relations figures read, with the record each row stands for.
# "position": one row per customer (its current position);
# "position_partner" adds the partner's account opening (a subquery, OFFSET
# 0, read once and joined by hash instead of one index lookup per customer),
# where a figure needs it. "activity": one row per (customer, employee, in
# period).
# "line": the conversation lines themselves (drill-down only: the
# counts come from the activity CTE, grouped by the same key and condition).
FIGURE_SOURCES = {
    "position": ("position.customer_id", "position CROSS JOIN params"),
    "position_partner": (
        "position.customer_id",
        """position
          LEFT JOIN (SELECT id, account_opened_date
                       FROM res_partner
                      WHERE account_opened_date IS NOT NULL
                     OFFSET 0) AS partner
            ON partner.id = position.customer_id
         CROSS JOIN params""",
    ),
    "position_stage": (
        "position.customer_id",
        """position
         CROSS JOIN params
         CROSS JOIN (SELECT unnest(stage_ids) AS id FROM params OFFSET 0) AS pipeline_stage""",
    ),
    "activity": ("activity.customer_id", "activity CROSS JOIN params"),
}

DEALS_SELECT = """
SELECT COUNT(*),
       COALESCE(ROUND(AVG(COALESCE(crm_lead.planned_revenue, 0.0))::numeric, 2), 0.0),
       COALESCE(ROUND(SUM(COALESCE(crm_lead.planned_revenue, 0.0))::numeric, 2), 0.0),
       COALESCE(ROUND(SUM(COALESCE(crm_lead.planned_revenue, 0.0)
                          * COALESCE(crm_lead.probability, 0.0) / 100.0)::numeric,
                      2), 0.0)
  FROM {from_clause}
 WHERE {where_clause}
"""


class CrmPipelineOverview(models.AbstractModel):
    """The engine of the Sales Pipeline Overview.

    get_overview() computes the figures on demand with set-based SQL, for the
    screen, the printed report (see crm.pipeline.overview.print) and XML-RPC
    clients alike, from the conversation lines the user may read; a
    customer's position comes from the pipeline engine (tools/position.py).
    """

    _name = "crm.pipeline.overview"
    _description = "Sales Pipeline Overview"

    @api.model
    def get_definitions(self):
        """How each figure is computed, in words: tooltips of the screen and
        footnotes of the printed report."""
        return {
            "in_pipeline": _(
                "Customers whose current position (the stage of their last "
                "sales conversation in the period) is an open stage."
            ),
            "won": _(
                "Customers whose current position is a won stage. The flow's "
                "funnel counts instead the customers of the period's cohort "
                "who ever reached a won stage: the two can differ."
            ),
            "lost": _("Customers whose current position is a lost stage."),
            "win_rate": _("100 x won / (won + lost): the share of closed customers that bought."),
            "new_prospects": _(
                "Customers whose first sales conversation ever (the period "
                "ignored) falls in the month of the reference date."
            ),
            "avg_days_to_close": _(
                "Mean, over customers currently won, of the days from their "
                "first sales conversation to their first one at a won stage."
            ),
            "avg_days_before_pipeline": _(
                "Mean, over customers with an account opening date, of the days "
                "from the account opening to their first sales conversation of "
                "the period; 0 for a customer whose first one comes before the "
                "opening (lines dated before the account was opened)."
            ),
            "stage_customers": _(
                "Customers per pipeline stage: only the last sales conversation "
                "of each customer counts."
            ),
            "stage_in_process": _(
                "In process: number of sales conversations at the stage (a "
                "customer with 2 conversations counts 2); none for won and lost "
                "stages."
            ),
            "stage_won": _(
                "Won: customers currently won that had at least one sales "
                "conversation at the stage."
            ),
            "lost_reasons": _(
                "Customers currently lost, by the lost reason of their last sales conversation."
            ),
            "deals": _(
                "Active opportunities at an open stage: number, mean and total "
                "expected revenue, and revenue weighted by probability."
            ),
            "employees": _(
                "Per employee: sales conversations, their minutes and customers; "
                "won and lost customers count for the employee of the customer's "
                "last sales conversation."
            ),
            "scope": _(
                "Sales conversations are conversation lines with a pipeline "
                "position, of your companies, in the period (days in your "
                "timezone) and of the chosen salespeople and teams."
            ),
        }

    # ------------------------------------------------------------------
    # Filters
    # ------------------------------------------------------------------

    @api.model
    def get_period(self, period, reference_date=False, date_from=False, date_to=False):
        """Bounds and label of a period of the overview, around
        ``reference_date`` (today in the user's timezone by default): the
        screen asks for them here, so that screen, print and Excel share one
        definition of "this month", "this quarter" and "this year"
        (``tools/filters.py``).

        Returns ``{"date_from", "date_to", "label", "reference_date"}``,
        dates as ORM strings (False: no bound); ``date_from``/``date_to`` are
        the bounds of the "custom" period. ``reference_date`` is the day used:
        the screen takes its "today" from here rather than from the browser's
        clock, so it is the user's day (``tools.dates.reference_day``).
        """
        return pipeline_filters.period(self.env, period, reference_date, date_from, date_to)

    @api.model
    def _to_ids(self, value, name):
        """Parse a list-of-ids argument of the API (False: no filter)."""
        return pipeline_filters.to_ids(value, name)

    @api.model
    def _prepare_filters(self, date_from, date_to, user_ids, team_ids, reference_date):
        """Normalised filters: parsed values and the UTC bounds the SQL uses
        (``tools/filters.py``, shared by every screen and report)."""
        return pipeline_filters.prepare(
            self.env, date_from, date_to, user_ids, team_ids, reference_date
        )

    @api.model
    def _company_domain(self, company_ids=None):
        """Records of no company or of the user's allowed companies (or of
        ``company_ids``, for a system job acting for an employee)."""
        return pipeline_filters.company_domain(self.env, company_ids)

    @api.model
    def _scope_domain(self, filters):
        """Conversation lines of any kind in the scope of the filters: of a
        customer, of the user's companies, of the chosen salespeople and
        teams (the period excepted)."""
        domain = [("commercial_partner_id", "!=", False)]
        domain += self._scope_filter_domain(filters)
        if filters.get("partner_ids"):
            domain.append(("commercial_partner_id", "in", filters["partner_ids"]))
        return domain

    @api.model
    def _scope_filter_domain(self, filters):
        """The company, figures, salespeople and teams part of the scope."""
        domain = self._company_domain(filters.get("company_ids"))
        domain += self.env["crm.conversation"]._get_figures_domain()
        return domain + pipeline_filters.people_domain(filters)

    @api.model
    def _conversation_domain(self, filters):
        """Sales conversations of the filters, the period excepted (the SQL
        needs the lines outside the period for new prospects)."""
        return SALES_CONVERSATION_DOMAIN + self._scope_domain(filters)

    @api.model
    def _deal_domain(self, filters):
        domain = [
            ("type", "=", "opportunity"),
            ("stage_id.pipeline_outcome", "=", "open"),
        ] + self._company_domain()
        return domain + pipeline_filters.people_domain(filters)

    @api.model
    def _get_rule_query(self, model_name, domain):
        """FROM and WHERE of a domain on a model, record rules included, so
        that the overview never counts a line the user may not read."""
        model = self.env[model_name]
        model.check_access_rights("read")
        query = model._where_calc(domain)
        model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        return sql.SQL(from_clause), sql.SQL(where_clause or "TRUE"), params

    @api.model
    def _overview_cte(self, filters):
        """The WITH clause shared by the overview and its drill-downs, from
        the lines of the scope and the pipeline engine's positions. The
        transaction runs it without JIT (``engine.without_jit``)."""
        engine.without_jit(self.env.cr)
        stages = filters["stages"]
        chunks = stage_mask_chunks(self.env.cr)
        scope = self._position_scope(filters)
        customer_masks = [
            sql.SQL("BIT_OR(stage_masks[{index}]) FILTER (WHERE in_period)").format(
                index=sql.Literal(chunk + 1)
            )
            for chunk in range(chunks)
        ]
        activity = sql.SQL(ACTIVITY_RELATIONS).format(
            in_period=sql.SQL(IN_PERIOD),
            first_date=engine.first_date(),
            first_won_date=engine.first_won_date(),
            from_clause=scope.from_clause,
            where_clause=scope.where_clause,
            stage_masks=sql.SQL(", ").join(
                stage_mask_aggregates(sql.SQL("crm_conversation.stage_id"), chunks)
            ),
            customer_masks=sql.SQL(", ").join(customer_masks),
        )
        current = engine.position(
            scope,
            date_from=filters["period_start"] if filters["date_from"] else None,
            date_to=filters["period_end"] if filters["date_to"] else None,
            first=False,
        )
        params = [
            filters["period_start"],
            filters["period_end"],
            filters["month_start"],
            filters["month_end"],
            filters["tz"],
            stages.ids,
            STAGE_MASK_BITS,
        ]
        query = (
            sql.SQL(OVERVIEW_PARAMS)
            + activity
            + current.query
            + sql.SQL(POSITION_RELATION).format(position_days=self._position_days("customer"))
        )
        return query, params + scope.params + current.params

    @api.model
    def _position_days(self, customer):
        """The columns first_day and first_won_day (POSITION_DAYS) of the
        relation ``customer``, one of the caller's own CTE names: the one
        definition of a position's days, which the overview's position and
        the flow's velocity both read."""
        return sql.SQL(POSITION_DAYS).format(
            first_day=dates.local_day_sql(sql.Identifier(customer, "first_date")),
            first_won_day=dates.local_day_sql(sql.Identifier(customer, "first_won")),
        )

    @api.model
    def _position_scope(self, filters):
        """The pipeline engine's scope of the filters: the sales lines of
        the user's companies, figures, salespeople and teams (and customers,
        when given) that the user's record rules let them read."""
        return engine.scope(self.env["crm.conversation"], self._scope_domain(filters))

    # ------------------------------------------------------------------
    # The API
    # ------------------------------------------------------------------

    @api.model
    def get_overview(
        self,
        date_from=False,
        date_to=False,
        user_ids=False,
        team_ids=False,
        reference_date=False,
    ):
        """How the sales pipeline stands, computed from conversation lines.

        The definitions of every key are in the addon's README (and printed as
        footnotes of the report). The result holds only plain values, so that
        the web client, the report and XML-RPC clients share this one method.
        """
        filters = self._prepare_filters(date_from, date_to, user_ids, team_ids, reference_date)
        cte, params = self._overview_cte(filters)
        raw = memo.fetchall(self.env.cr, cte + self._overview_select(), params)[0][0]
        summary = raw["summary"]
        won, lost = summary["won"], summary["lost"]
        result = {
            "in_pipeline": summary["in_pipeline"],
            "won": won,
            "lost": lost,
            "win_rate": self._rate(won, lost),
            "new_prospects": summary["new_prospects"],
            "avg_days_to_close": float(summary["avg_days_to_close"]),
            "avg_days_before_pipeline": float(summary["avg_days_before_pipeline"]),
            "stages": self._build_stages(raw, filters),
            "lost_reasons": self._build_lost_reasons(raw["lost_reason"] or []),
            "deals": self._get_deals(filters),
            "employees": self._build_employees(raw, self._employee_source_minutes(raw)),
            # the keys of the employees' ``minutes_by_source``, named in the
            # user's language: [[key, name], ...]
            "sources": [
                list(item)
                for item in self.env["crm.conversation"]
                ._fields["source"]
                ._description_selection(self.env)
            ],
        }
        return result

    @api.model
    def _overview_select(self):
        """The SELECT counting every figure of OVERVIEW_FIGURES, in one JSON
        value: one number per figure without key, [key, count] pairs per
        figure with a key; plus the conversation counts and minutes of the
        activity CTE."""
        summary = self._summary_aggregates(
            name
            for name, (source, key, _condition, _value) in OVERVIEW_FIGURES.items()
            if source != "line" and key is None
        )
        keyed = []
        for name, (source, key, condition, _value) in OVERVIEW_FIGURES.items():
            if source == "line" or key is None:
                continue
            # a customer has one activity row per employee and "in period":
            # count it once, as its drill-down lists it
            counted = sql.SQL("*")
            if source == "activity":
                counted = sql.SQL("DISTINCT {}").format(sql.SQL(FIGURE_SOURCES[source][0]))
            keyed.append(
                sql.SQL(
                    """{name}, (
        SELECT json_agg(json_build_array(key, customers))
          FROM (SELECT {key} AS key, COUNT({counted}) AS customers
                  FROM {source}
                 WHERE {condition}
                 GROUP BY 1) AS counts)"""
                ).format(
                    name=sql.Literal(name),
                    counted=counted,
                    key=sql.SQL(key),
                    source=sql.SQL(FIGURE_SOURCES[source][1]),
                    condition=sql.SQL(condition),
                )
            )
        return sql.SQL(
            """
SELECT json_build_object(
    'summary', (SELECT json_build_object({summary}) FROM {position}),
    {keyed},
    'stage_in_process', (
        SELECT json_agg(json_build_array(stage_id, conversations))
          FROM activity
         WHERE customer_id IS NULL AND stage_id IS NOT NULL AND in_period
    ),
    'work', (
        SELECT json_agg(json_build_array(user_id, conversations, minutes))
          FROM (SELECT user_id,
                       SUM(conversations) AS conversations,
                       ROUND(SUM(minutes)::numeric, 2) AS minutes
                  FROM activity
                 WHERE customer_id IS NOT NULL AND in_period
                 GROUP BY user_id) AS work
    ),
    'source_minutes', (
        SELECT json_agg(json_build_array(user_id, source, ROUND(minutes::numeric, 2)))
          FROM activity
         WHERE customer_id IS NULL AND stage_id IS NULL AND in_period
    )
)
"""
        ).format(
            summary=sql.SQL(", ").join(summary),
            position=sql.SQL(FIGURE_SOURCES["position_partner"][1]),
            keyed=sql.SQL(",\n    ").join(keyed),
        )

    @api.model
    def _summary_aggregates(self, names):
        """``name, aggregate, ...`` (for json_build_object) of figures of
        OVERVIEW_FIGURES without key: a count of the rows matching the
        figure's condition, or the average of its value over them, over a
        relation aliased as the figure's source (``position``). One
        SELECT counts them all; get_flow() reads its velocity figures the
        same way."""
        summary = []
        for name in names:
            _source, _key, condition, value = OVERVIEW_FIGURES[name]
            aggregate = "COUNT(*) FILTER (WHERE {condition})"
            if value:
                aggregate = "COALESCE(ROUND(AVG({value}) FILTER (WHERE {condition}), 2), 0.0)"
            summary += [
                sql.Literal(name),
                sql.SQL(aggregate).format(condition=sql.SQL(condition), value=sql.SQL(value or "")),
            ]
        return summary

    @api.model
    def _rate(self, won, lost):
        if not won + lost:
            return 0.0
        return float_round(100.0 * won / (won + lost), precision_digits=2)

    @api.model
    def _build_stages(self, raw, filters):
        customers = dict(raw["stage_customers"] or [])
        in_process = dict(raw["stage_in_process"] or [])
        won = dict(raw["stage_won"] or [])
        stages = filters["stages"].filtered("active")
        if filters["team_ids"]:
            stages = stages.filtered(
                lambda stage: not stage.team_id or stage.team_id.id in filters["team_ids"]
            )
        # stages archived or of another team still show when lines use them
        used = set(customers) | set(in_process) | set(won)
        stages |= filters["stages"].filtered(lambda stage: stage.id in used)
        stages = stages.sorted(lambda stage: (stage.sequence, stage.name, stage.id))
        return [
            {
                "stage_id": stage.id,
                "name": stage.name,
                "outcome": stage.pipeline_outcome,
                "customers": customers.get(stage.id, 0),
                "in_process": in_process.get(stage.id, 0)
                if stage.pipeline_outcome == "open"
                else 0,
                "won": won.get(stage.id, 0),
            }
            for stage in stages
        ]

    @api.model
    def _build_lost_reasons(self, rows):
        reasons = (
            self.env["crm.lost.reason"]
            .with_context(active_test=False)
            .browse([reason_id for reason_id, _count in rows if reason_id])
        )
        names = {reason.id: reason.name for reason in reasons.exists()}
        result = [
            {
                "lost_reason_id": reason_id,
                "name": names.get(reason_id) or _("No reason given"),
                "customers": customers,
            }
            for reason_id, customers in rows
        ]
        return sorted(result, key=lambda row: (-row["customers"], row["name"]))

    @api.model
    def _employee_source_minutes(self, raw):
        """{employee id: {source: minutes}} of the lines the employees'
        "Conversations" figure counts (``employee_conversations``: the
        scope's sales lines in the period, as its drill-down lists them), by
        where the line comes from: typed by hand, or logged from an e-mail,
        a meeting or a call (issue 23). From the activity's third grouping
        set (``raw["source_minutes"]``), in the overview's one pass."""
        result = {}
        for user_id, source, minutes in raw["source_minutes"] or []:
            result.setdefault(user_id, {})[source] = float(minutes or 0.0)
        return result

    @api.model
    def _build_employees(self, raw, source_minutes=None):
        """One row per employee with sales conversations in the period; its
        minutes also by source (``minutes_by_source``: every source, 0 when
        none)."""
        rows = raw["work"] or []
        customers = dict(raw["employee_customers"] or [])
        won = dict(raw["employee_won"] or [])
        lost = dict(raw["employee_lost"] or [])
        # The rows only hold employees of lines the user may read; their
        # names are shown even when the employee belongs to another company
        # (res.users' multi-company rule would hide them).
        users = self.env["res.users"].sudo().with_context(active_test=False)
        names = {user.id: user.name for user in users.browse([row[0] for row in rows]).exists()}
        result = [
            {
                "user_id": user_id,
                "name": names.get(user_id, ""),
                "conversations": conversations,
                "minutes": float(minutes or 0.0),
                "minutes_by_source": {
                    source: (source_minutes or {}).get(user_id, {}).get(source, 0.0)
                    for source, _label in SOURCES
                },
                "customers": customers.get(user_id, 0),
                "won": won.get(user_id, 0),
                "lost": lost.get(user_id, 0),
                "win_rate": self._rate(won.get(user_id, 0), lost.get(user_id, 0)),
            }
            for user_id, conversations, minutes in rows
        ]
        return sorted(result, key=lambda row: (row["name"], row["user_id"]))

    @api.model
    def _get_deals(self, filters):
        from_clause, where_clause, params = self._get_rule_query(
            "crm.lead", self._deal_domain(filters)
        )
        query = sql.SQL(DEALS_SELECT).format(from_clause=from_clause, where_clause=where_clause)
        self.env.cr.execute(query, params)
        count, avg_amount, total_amount, weighted_amount = self.env.cr.fetchone()
        return {
            "count": count,
            "avg_amount": float(avg_amount),
            "total_amount": float(total_amount),
            "weighted_amount": float(weighted_amount),
        }

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------

    @api.model
    def _figure_ids(self, measure, filters, key=None):
        """Ids of the records a figure of OVERVIEW_FIGURES counts (of one
        key when the figure has one), by the figure's own condition."""
        names = FIGURE_UNIONS.get(measure, (measure,))
        cte, params = self._overview_cte(filters)
        ids = set()
        for name in names:
            source, key_expr, condition, _value = OVERVIEW_FIGURES[name]
            if source == "line":
                from_clause, where_clause, where_params = self._get_rule_query(
                    "crm.conversation", self._conversation_domain(filters)
                )
                record, relation = (
                    sql.SQL("crm_conversation.id"),
                    sql.SQL("{} WHERE {}").format(from_clause, where_clause),
                )
                query_params = list(where_params)
                connector = sql.SQL(" AND ")
            else:
                record, relation = (sql.SQL(part) for part in FIGURE_SOURCES[source])
                query_params, connector = [], sql.SQL(" WHERE ")
            query = cte + sql.SQL(
                "SELECT DISTINCT {record} FROM {relation}{connector}({condition})"
            ).format(
                record=record,
                relation=relation,
                connector=connector,
                condition=sql.SQL(condition),
            )
            if key_expr:
                query += sql.SQL(" AND {key} = %s").format(key=sql.SQL(key_expr))
                query_params.append(key)
            self.env.cr.execute(query, params + query_params)
            ids.update(row[0] for row in self.env.cr.fetchall())
        return sorted(ids)

    @api.model
    def _figure_key(self, measure, stage_id, user_id, lost_reason_id):
        """The key a figure is broken down by, from the drill-down's
        arguments; refused clearly when a keyed figure misses it."""
        names = FIGURE_UNIONS.get(measure, (measure,))
        key_expr = OVERVIEW_FIGURES[names[0]][1]
        if key_expr is None:
            return None
        if measure == "lost_reason":
            return lost_reason_id or 0
        key = stage_id if measure.startswith("stage_") else user_id
        if not key:
            raise UserError(
                _("The figure %(measure)s needs its stage or employee.") % {"measure": measure}
            )
        return key

    @api.model
    def get_drill_down_action(
        self,
        measure,
        date_from=False,
        date_to=False,
        user_ids=False,
        team_ids=False,
        reference_date=False,
        stage_id=False,
        user_id=False,
        lost_reason_id=False,
        month=False,
        topic_id=False,
        channel_id=False,
        source=False,
    ):
        """The window action listing what a figure counts: of the overview,
        the flow (``flow_*``) or the forecast (``forecast_*``). ``source``:
        of a conversation figure, only the lines of that source (typed by
        hand, e-mail, meeting, call).

        The one public entry of every drill-down (the screens call it through
        call_kw, XML-RPC clients too): its signature lives here only. The
        period and scope arguments become the filters of get_overview(); the
        figure's keys (stage, employee, lost reason, month, topic, channel)
        are handed as one dict to _drill_down(), which each screen's file
        extends for its own measures."""
        filters = self._prepare_filters(date_from, date_to, user_ids, team_ids, reference_date)
        keys = {
            "stage_id": pipeline_filters.to_id(stage_id, "stage_id"),
            "user_id": pipeline_filters.to_id(user_id, "user_id"),
            "lost_reason_id": pipeline_filters.to_id(lost_reason_id, "lost_reason_id"),
            "month": month,
            "topic_id": pipeline_filters.to_id(topic_id, "topic_id"),
            "channel_id": pipeline_filters.to_id(channel_id, "channel_id"),
            "source": source,
        }
        return self._drill_down(measure, filters, keys)

    @api.model
    def _drill_down(self, measure, filters, keys):
        """The drill-down of an overview figure: customer figures open the
        customers (computed by the same SQL as the figure), conversation
        figures and deals open a domain equivalent to the filters, so a
        figure and its list always agree. ``keys``: see
        get_drill_down_action(). The flow's and the forecast's files extend
        it for their measures and hand the others on (super())."""
        if measure in OVERVIEW_FIGURES or measure in FIGURE_UNIONS:
            key = self._figure_key(
                measure, keys["stage_id"], keys["user_id"], keys["lost_reason_id"]
            )
            ids = self._figure_ids(measure, filters, key)
            if measure in LINE_MEASURES:
                domain = [("id", "in", ids)]
                if keys.get("source"):
                    if keys["source"] not in dict(SOURCES):
                        raise UserError(
                            _("Unknown source of conversations: %(source)s")
                            % {"source": keys["source"]}
                        )
                    domain.append(("source", "=", keys["source"]))
                return self._drill_down_window(_("Sales Conversations"), "crm.conversation", domain)
            return self._drill_down_window(
                _("Customers"),
                "res.partner",
                [("id", "in", ids)],
                context={"active_test": False},
            )
        if measure in DEAL_MEASURES:
            return self._drill_down_window(
                _("Open Opportunities"),
                "crm.lead",
                self._deal_domain(filters),
                # Odoo's opportunity list: stage, expected revenue, probability
                views=self._opportunity_views(),
                context={"default_type": "opportunity"},
            )
        raise UserError(
            _("Unknown figure of the pipeline overview: %(measure)s") % {"measure": measure}
        )

    @api.model
    def _opportunity_views(self):
        """The views of an opportunity drill-down: Odoo's opportunity list
        (stage, expected revenue, probability), kanban and form."""
        return (
            (self.env.ref("crm.crm_case_tree_view_oppor").id, "list"),
            (False, "kanban"),
            (False, "form"),
        )

    @api.model
    def _drill_down_window(
        self, name, model_name, domain, views=((False, "list"), (False, "form")), context=None
    ):
        """The window action every drill-down returns (overview and flow
        figures alike), so they all open the same way. The views are named
        as the web client names them ("list", not "tree"): the screen calls
        get_drill_down_action() through call_kw, which does not translate.
        """
        action = {
            "name": name,
            "type": "ir.actions.act_window",
            "res_model": model_name,
            "views": [[view_id, mode] for view_id, mode in views],
            "view_mode": ",".join(mode for _view_id, mode in views),
            "domain": domain,
            "target": "current",
        }
        if context is not None:
            action["context"] = context
        return action
