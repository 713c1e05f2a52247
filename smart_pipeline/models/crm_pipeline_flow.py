# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


from dateutil.relativedelta import relativedelta
from psycopg2 import sql

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

from ..tools import dates, memo
from ..tools import filters as pipeline_filters
from ..tools import position as engine
from ..tools.limits import TREND_MAX_POINTS
from .crm_pipeline_overview import DAYS_TO_CLOSE

# The flow reads each customer's path once. Every figure of get_flow() is a
# branch of the "figure" relation below: rows (figure, key, res_id, value,
# user_id), one per record the figure counts. get_flow() counts (and
# averages) them per (figure, key); get_drill_down_action() lists the res_id
# of the same rows. A count and its list therefore come from the same SQL and
# cannot disagree.
#   key     the stage id, cohort month (YYYY-MM), topic or channel id
#   res_id  a customer (res.partner), the first line of a visit
#           (crm.conversation) or an opportunity (crm.lead), see FLOW_FIGURES
#   value   what the figure averages (days) or sums (revenue)
#   user_id the employee of the customer's last sales conversation
# {line_path}: the pipeline engine's path of each customer (its sales
# conversations up to the end of the period, by (date_begin, id)), {latest}
# the engine's position (each customer's latest sales line up to the end of
# the period: the stale and "no next step" figures read only it and the
# activity, so that get_flow_attention() never reads the paths; get_flow(),
# which reads the paths anyway, takes it from their last lines), {visits}
# the engine's visits of that path; {activity_from}/
# {activity_where} (lines of any kind) and {deal_from}/{deal_where} (closed
# opportunities) come from _where_calc/_apply_ir_rules: record rules apply.
# The user's days come from their one home: {position_days} the overview's
# first_day and first_won_day (_position_days()), {days_to_close} the
# overview's DAYS_TO_CLOSE over them, {last_day} the day of the latest
# contact (dates.local_day_sql()).
FLOW_CTE = """
WITH params AS (
    SELECT %s::timestamp AS period_start,
           %s::timestamp AS period_end,
           %s::text AS tz,
           %s::integer[] AS stage_ids,
           %s::date AS reference_date
),
line AS ({line_path}),
latest AS ({latest}),
visit AS ({visits}),
-- each customer's position, read from the engine's visits of its path in
-- this one pass (ordered by the engine's (date_begin, id)): the first
-- visit's start is the first sales line's date, the last visit holds the
-- latest sales line
customer AS (
    SELECT visit.customer_id,
           MIN(visit.start) AS first_date,
           MIN(visit.start) FILTER (WHERE visit.outcome = 'won') AS first_won,
           MAX(array_position((SELECT stage_ids FROM params), visit.stage_id))
               FILTER (WHERE visit.outcome IN ('open', 'won')) AS max_rank,
           MAX(visit.stage_id) FILTER (WHERE visit.is_last) AS stage_id,
           MAX(visit.outcome) FILTER (WHERE visit.is_last) AS outcome
      FROM visit
     GROUP BY visit.customer_id
),
-- the cohort month and the days to close from the overview's days of a
-- position (first_day, first_won_day) and its days to close, over the
-- inner relation "position"
position AS (
    SELECT position.*,
           to_char(position.first_day, 'YYYY-MM') AS month,
           {days_to_close} AS days_to_close
      FROM (SELECT customer.customer_id,
                   customer.stage_id,
                   customer.outcome,
                   customer.max_rank,
                   customer.first_won IS NOT NULL AS has_won,
                   customer.first_date >= params.period_start AS in_cohort,{position_days},
                   last_line.user_id
              FROM customer
             CROSS JOIN params
              JOIN latest last_line ON last_line.customer_id = customer.customer_id) AS position
),
-- the customer's latest contact of any kind (a sales line or not) and its
-- next step: not its position (the engine's, above), only a date that no
-- tie-break changes
activity AS (
    SELECT crm_conversation.commercial_partner_id AS customer_id,
           MAX(crm_conversation.date_begin) AS last_date,
           BOOL_OR(crm_conversation.follow_up_date >= (SELECT reference_date FROM params)
                   AND crm_conversation.completed IS NOT TRUE
                   AND crm_conversation.is_followed_up IS NOT TRUE) AS has_next_step
      FROM {activity_from}
     WHERE ({activity_where})
       -- the bound as a value, not a subquery: the planner then knows that
       -- (nearly) every line matches and reads the table instead of the
       -- date index
       AND crm_conversation.date_begin < %s::timestamp
     GROUP BY crm_conversation.commercial_partner_id
),
closed_deal AS (
    SELECT crm_lead.id,
           CASE WHEN crm_lead.stage_id = ANY(%s::integer[]) THEN 'won' ELSE 'lost' END
               AS outcome,
           COALESCE(crm_lead.planned_revenue, 0.0)::numeric AS amount
      FROM {deal_from}
     WHERE {deal_where}
),
classified AS (
    SELECT DISTINCT 'topic' AS kind, line.topic_id AS key, line.customer_id
      FROM line CROSS JOIN params
     WHERE line.date_begin >= params.period_start AND line.topic_id IS NOT NULL
     UNION ALL
    -- channels chosen by hand: "Pipeline update" (an opportunity moved) is
    -- no way of talking to a customer
    SELECT DISTINCT 'channel', line.channel_id, line.customer_id
      FROM line CROSS JOIN params
      JOIN crm_conversation_channel channel ON channel.id = line.channel_id
     WHERE line.date_begin >= params.period_start AND channel.manual
),
pipeline_stage AS (
    SELECT stage.id AS stage_id, stage.pipeline_outcome AS outcome, stage_rank.rank
      FROM params
     CROSS JOIN unnest(params.stage_ids) WITH ORDINALITY AS stage_rank(id, rank)
      JOIN crm_stage stage ON stage.id = stage_rank.id
),
figure AS (
    -- customers with a visit of the stage that starts in the period
    SELECT DISTINCT 'entered' AS figure, visit.stage_id::text AS key,
           visit.customer_id AS res_id, NULL::numeric AS value, NULL::integer AS user_id,
           'entered' AS family
      FROM visit CROSS JOIN params
     WHERE visit.start >= params.period_start
     UNION ALL
    -- visits of the stage that start in the period and have ended: days
    SELECT 'visit_days', visit.stage_id::text, visit.line_id,
           EXTRACT(EPOCH FROM visit.stop - visit.start)::numeric / 86400, NULL, 'visit_days'
      FROM visit CROSS JOIN params
     WHERE visit.start >= params.period_start AND visit.stop IS NOT NULL
     UNION ALL
    -- cohort customers who reached the stage: went through it or a later
    -- open or won stage (won stage: any won stage; lost: currently lost)
    SELECT 'reached', pipeline_stage.stage_id::text, position.customer_id, NULL, NULL, 'reached'
      FROM position
      JOIN pipeline_stage
        ON CASE pipeline_stage.outcome
               WHEN 'open' THEN pipeline_stage.rank <= position.max_rank
               WHEN 'won' THEN position.has_won
               ELSE position.outcome = 'lost' END
     WHERE position.in_cohort
     UNION ALL
    -- cohort customers who went beyond the open stage (open or won)
    SELECT 'advanced', pipeline_stage.stage_id::text, position.customer_id, NULL, NULL, 'advanced'
      FROM position
      JOIN pipeline_stage
        ON pipeline_stage.outcome = 'open' AND pipeline_stage.rank < position.max_rank
     WHERE position.in_cohort
     UNION ALL
    -- customers idle at their open stage for longer than its rotting days
    SELECT 'stale', latest.stage_id::text, latest.customer_id,
           params.reference_date - {last_day}, latest.user_id, 'stale'
      FROM latest
     CROSS JOIN params
      JOIN crm_stage stage ON stage.id = latest.stage_id
      JOIN activity ON activity.customer_id = latest.customer_id
     WHERE latest.outcome = 'open'
       AND stage.rotting_days > 0
       AND params.reference_date - {last_day} > stage.rotting_days
     UNION ALL
    -- open customers without a pending follow-up from the reference date on
    SELECT 'no_next_step', latest.stage_id::text, latest.customer_id, NULL,
           latest.user_id, 'no_next_step'
      FROM latest
      LEFT JOIN activity ON activity.customer_id = latest.customer_id
     WHERE latest.outcome = 'open' AND activity.has_next_step IS NOT TRUE
     UNION ALL
    -- the cohort by month of first sales conversation, then by outcome
    SELECT 'cohort', position.month, position.customer_id, NULL, NULL, 'cohort'
      FROM position
     WHERE position.in_cohort
     UNION ALL
    SELECT 'cohort_' || position.outcome, position.month, position.customer_id,
           CASE WHEN position.outcome = 'won' THEN position.days_to_close END, NULL,
           'cohort_outcome'
      FROM position
     WHERE position.in_cohort
     UNION ALL
    -- customers with a sales conversation of the topic (channel) in the
    -- period, then those of them currently won or lost
    SELECT classified.kind, classified.key::text, classified.customer_id, NULL, NULL, 'classified'
      FROM classified
     UNION ALL
    SELECT classified.kind || '_' || position.outcome, classified.key::text,
           classified.customer_id, NULL, NULL, 'classified_outcome'
      FROM classified
      JOIN position ON position.customer_id = classified.customer_id
     WHERE position.outcome IN ('won', 'lost')
     UNION ALL
    -- opportunities closed (won or lost) in the period, with their revenue
    SELECT 'deal_' || closed_deal.outcome, '', closed_deal.id, closed_deal.amount, NULL, 'deal'
      FROM closed_deal
)
"""

# Counts, averages and sums per (figure, key) and per (figure, employee) in
# one hashed pass over the figure rows; the median, an ordered-set aggregate
# that would force both grouping sets to sort every row, only where it is
# shown: over the visits (visit_days, per stage).
FLOW_SELECT = """
, counted AS (
    SELECT figure.figure,
           GROUPING(figure.key) = 0 AS by_key,
           COALESCE(figure.key, figure.user_id::text) AS key,
           COUNT(*) AS count,
           ROUND(AVG(figure.value), 2) AS average,
           SUM(figure.value) AS total
      FROM figure
     GROUP BY GROUPING SETS ((figure.figure, figure.key), (figure.figure, figure.user_id))
),
median AS (
    SELECT figure.key,
           ROUND((percentile_cont(0.5) WITHIN GROUP (ORDER BY figure.value::float8))::numeric,
                 2) AS median
      FROM figure
     WHERE figure.figure = 'visit_days'
     GROUP BY figure.key
)
,
-- the velocity's overview figures (won, lost, days to close: the
-- overview's own definitions, {summary}, over the overview's days of a
-- position, _position_days()) and the stages of the lines in
-- the period, from the same path: the lines in the period are its lines
-- from the period's start, and a customer with a line in the period has
-- its latest line (the path's last) in the period, as get_overview()'s
-- position over the period's lines
period_customer AS (
    SELECT line.customer_id,
           {first_date} AS first_date,
           {first_won_date} AS first_won
      FROM line CROSS JOIN params
     WHERE line.date_begin >= params.period_start
     GROUP BY line.customer_id
),
period AS (
    SELECT json_build_object({summary}) AS summary
      FROM (SELECT latest.outcome,{position_days}
              FROM period_customer
             CROSS JOIN params
              JOIN latest ON latest.customer_id = period_customer.customer_id) AS position
),
period_stage AS (
    SELECT json_agg(json_build_array(stage.stage_id, stage.conversations)) AS in_process
      FROM (SELECT line.stage_id, COUNT(*) AS conversations
              FROM line CROSS JOIN params
             WHERE line.date_begin >= params.period_start
             GROUP BY line.stage_id) AS stage
)
-- the period's row (no figure) and the figures' rows
SELECT NULL::text, NULL::boolean, NULL::text, NULL::bigint, NULL::numeric, NULL::numeric,
       NULL::numeric, period.summary, period_stage.in_process
  FROM period CROSS JOIN period_stage
 UNION ALL
SELECT counted.figure, counted.by_key, counted.key, counted.count, counted.average,
       median.median, counted.total, NULL, NULL
  FROM counted
  LEFT JOIN median
    ON counted.figure = 'visit_days' AND counted.by_key AND median.key = counted.key
"""
# The overview's figures the velocity shows (see FLOW_SELECT's "period").
VELOCITY_FIGURES = ("won", "lost", "avg_days_to_close")

# Counts of some figures only (their names: the last two parameters), per key
# and per employee; no median. "figure" is read once here, so the planner
# inlines it and drops the UNION ALL branches of the other figures: each
# branch of "figure" names its family as a constant (a figure like
# 'cohort_' || outcome cannot be told apart before it is computed), so
# only the branches of the asked families run, and only the relations they
# read (the paths and visits are never read for stale and no next step).
FLOW_SELECT_SOME = """
SELECT figure.figure,
       GROUPING(figure.key) = 0 AS by_key,
       COALESCE(figure.key, figure.user_id::text) AS key,
       COUNT(*) AS count,
       ROUND(AVG(figure.value), 2) AS average,
       NULL::numeric AS median,
       SUM(figure.value) AS total
  FROM figure
 WHERE figure.family IN %s AND figure.figure IN %s
 GROUP BY GROUPING SETS ((figure.figure, figure.key), (figure.figure, figure.user_id))
"""
# What get_flow_attention() shows.
ATTENTION_FIGURES = ("stale", "no_next_step")

# The figures of the flow: the model their res_id belongs to.
FLOW_FIGURES = {
    "entered": "res.partner",
    "visit_days": "crm.conversation",
    "reached": "res.partner",
    "advanced": "res.partner",
    "stale": "res.partner",
    "no_next_step": "res.partner",
    "cohort": "res.partner",
    "cohort_open": "res.partner",
    "cohort_won": "res.partner",
    "cohort_lost": "res.partner",
    "topic": "res.partner",
    "topic_won": "res.partner",
    "topic_lost": "res.partner",
    "channel": "res.partner",
    "channel_won": "res.partner",
    "channel_lost": "res.partner",
    "deal_won": "crm.lead",
    "deal_lost": "crm.lead",
}

# Measures of get_drill_down_action for the flow: the figure whose rows they
# list, and the argument naming the key (stage_id, month, topic_id,
# channel_id) or False when the figure is one number.
FLOW_MEASURES = {
    "flow_entered": ("entered", "stage_id"),
    "flow_avg_days": ("visit_days", "stage_id"),
    "flow_median_days": ("visit_days", "stage_id"),
    "flow_reached": ("reached", "stage_id"),
    "flow_conversion": ("advanced", "stage_id"),
    "flow_stale": ("stale", "stage_id"),
    "flow_no_next_step": ("no_next_step", "stage_id"),
    "flow_cohort_customers": ("cohort", "month"),
    "flow_cohort_open": ("cohort_open", "month"),
    "flow_cohort_won": ("cohort_won", "month"),
    "flow_cohort_lost": ("cohort_lost", "month"),
    "flow_cohort_avg_days_to_close": ("cohort_won", "month"),
    "flow_topic_customers": ("topic", "topic_id"),
    "flow_topic_won": ("topic_won", "topic_id"),
    "flow_topic_lost": ("topic_lost", "topic_id"),
    "flow_channel_customers": ("channel", "channel_id"),
    "flow_channel_won": ("channel_won", "channel_id"),
    "flow_channel_lost": ("channel_lost", "channel_id"),
    "flow_win_rate_value": (("deal_won", "deal_lost"), False),
}

# get_trend: each line counts at the points between its own start and the
# start of the customer's next line. width_bucket() gives, for an instant,
# how many point ends are at or before it: a line counts at points
# first_point .. stop_point - 1. The deltas (+1 at first_point, -1 at
# stop_point, per outcome) summed up to each point give the pipeline as it
# stood at that point's end, as get_overview(date_to=point) computes it.
# {line_path}: the pipeline engine's path (each sales line and the start of
# its customer's next one) up to the last point's end.
TREND_QUERY = """
WITH params AS (
    SELECT %s::timestamp[] AS point_ends, %s::integer AS points
),
line AS ({line_path}),
span AS (
    SELECT stage.pipeline_outcome AS outcome,
           width_bucket(line.date_begin, params.point_ends) + 1 AS first_point,
           COALESCE(width_bucket(line.next_begin, params.point_ends), params.points) + 1
               AS stop_point
      FROM line
     CROSS JOIN params
      JOIN crm_stage stage ON stage.id = line.stage_id
),
delta AS (
    SELECT first_point AS point, outcome, COUNT(*) AS change
      FROM span WHERE first_point < stop_point
     GROUP BY first_point, outcome
     UNION ALL
    SELECT stop_point, outcome, -COUNT(*)
      FROM span WHERE first_point < stop_point
     GROUP BY stop_point, outcome
)
SELECT point.index,
       COALESCE(SUM(delta.change) FILTER (WHERE delta.outcome = 'open'), 0),
       COALESCE(SUM(delta.change) FILTER (WHERE delta.outcome = 'won'), 0),
       COALESCE(SUM(delta.change) FILTER (WHERE delta.outcome = 'lost'), 0)
  FROM params
 CROSS JOIN generate_series(1, params.points) AS point(index)
  LEFT JOIN delta ON delta.point <= point.index
 GROUP BY point.index
 ORDER BY point.index
"""


class CrmPipelineOverview(models.AbstractModel):
    """How customers move through the pipeline: the flow (time in stage,
    funnel, cohorts, stale customers, velocity, what wins) and the trend,
    computed from the paths the sales conversations draw, on the same scope
    and filters as the overview."""

    _inherit = "crm.pipeline.overview"

    @api.model
    def get_flow_definitions(self):
        """The flow's figures in words: tooltips and report footnotes."""
        return {
            "path": _(
                "A customer's path is their sales conversations up to the end "
                "of the period, ordered by time; a visit is a run of "
                "consecutive lines at the same stage, from its first line to "
                "the next visit's first line. The current position is the "
                "stage of the last visit."
            ),
            "entered": _("Customers with a visit of the stage that starts in the period."),
            "avg_days": _(
                "Average and median days (seconds / 86,400) of the visits of "
                "the stage that start in the period and have ended."
            ),
            "reached": _(
                "Customers of the cohort whose path contains the stage or a "
                "later open or won stage (won stage: any won stage; lost "
                "stage: customers currently lost). Won here counts the "
                "customers of the period's cohort who ever reached a won "
                "stage; Won on the overview counts the customers whose "
                "current position is won, whenever they started: the two "
                "can differ."
            ),
            "conversion": _(
                "100 x customers of the cohort who went beyond the stage (to a "
                "later open or won stage) / customers who reached it."
            ),
            "stale": _(
                "Customers currently at the stage whose last conversation line "
                "of any kind is older than the stage's rotting days."
            ),
            "no_next_step": _(
                "Customers currently at an open stage with no follow-up "
                "planned from the reference date on (not completed, not "
                "followed up)."
            ),
            "cohorts": _(
                "The cohort: customers whose first sales conversation falls "
                "in the period, by month, with their current position."
            ),
            "velocity": _(
                "Deals x average size x win rate / 100 / average days to "
                "close: the expected revenue per day."
            ),
            "win_rate_value": _(
                "100 x expected revenue of the opportunities won / (won + "
                "lost), over opportunities closed in the period."
            ),
            "by_topic": _(
                "Customers with a sales conversation of the topic (channel) "
                "in the period, and those of them currently won or lost."
            ),
            "trend": _(
                "In pipeline, won and lost at the end of each month, as the "
                "overview computes them up to that day."
            ),
        }

    @api.model
    def _pipeline_stages(self, filters):
        """Every stage of the pipeline in pipeline order (sequence, name,
        id), the order "later stage" refers to."""
        return filters["stages"].sorted(lambda stage: (stage.sequence, stage.name, stage.id))

    @api.model
    def _closed_deal_domain(self, filters):
        """Opportunities, active or archived, closed in the period at a won
        or lost stage, of the company/user/team filters."""
        closed = filters["stages"].filtered(lambda stage: stage.pipeline_outcome != "open")
        domain = [("type", "=", "opportunity"), ("stage_id", "in", closed.ids)]
        domain += self._company_domain()
        if filters["date_from"]:
            domain.append(("date_closed", ">=", filters["period_start"]))
        if filters["date_to"]:
            domain.append(("date_closed", "<", filters["period_end"]))
        return domain + pipeline_filters.people_domain(filters)

    @api.model
    def _flow_cte(self, filters, figures=None):
        """The WITH clause shared by get_flow() and its drill-downs; the
        transaction runs it without JIT (``engine.without_jit``).
        ``figures``: the figures the statement reads (None: every one)."""
        engine.without_jit(self.env.cr)
        scope = self._position_scope(filters)
        date_to = filters["period_end"] if filters["date_to"] else None
        line_path = engine.path(scope, date_to=date_to)
        if figures and not set(figures) - set(ATTENTION_FIGURES):
            # the customers' latest lines alone, for the attention figures:
            # get_flow_attention() reads them without the paths
            latest = engine.position(scope, date_to=date_to, first=False)
        else:
            # every figure: the paths are read anyway, their last lines are
            # the same latest lines without a pass of their own
            latest = engine.path_position("line")
        activity_from, activity_where, activity_params = self._get_rule_query(
            "crm.conversation", self._scope_domain(filters)
        )
        deal_from, deal_where, deal_params = self.with_context(active_test=False)._get_rule_query(
            "crm.lead", self._closed_deal_domain(filters)
        )
        query = sql.SQL(FLOW_CTE).format(
            line_path=line_path.query,
            latest=latest.query,
            visits=engine.visits("line").query,
            activity_from=activity_from,
            activity_where=activity_where,
            deal_from=deal_from,
            deal_where=deal_where,
            position_days=self._position_days("customer"),
            days_to_close=sql.SQL(DAYS_TO_CLOSE),
            last_day=dates.local_day_sql(sql.SQL("activity.last_date")),
        )
        won_ids = filters["stages"].filtered(lambda stage: stage.pipeline_outcome == "won").ids
        params = (
            [
                filters["period_start"],
                filters["period_end"],
                filters["tz"],
                self._pipeline_stages(filters).ids,
                filters["reference_date"],
            ]
            + line_path.params
            + latest.params
            + list(activity_params)
            + [filters["period_end"]]
            + [won_ids]
            + list(deal_params)
        )
        return query, params

    @api.model
    def _get_flow_groups(self, filters, figures=None):
        """{(figure, key): (count, avg, median, sum)} and
        {(figure, user id): count} of the flow's figures, in one query
        (the median of visit_days only, 0.0 for the other figures).

        ``figures``: only these (a tuple of names, e.g. the attention
        figures): the "figure" relation is then read once, with the names
        as its condition, so PostgreSQL prunes the other branches of its
        UNION ALL and never computes what they alone read (topics, channels,
        cohorts, closed deals, visits' days)."""
        cte, params = self._flow_cte(filters, figures)
        period = None
        if figures:
            rows = memo.fetchall(
                self.env.cr,
                cte + sql.SQL(FLOW_SELECT_SOME),
                params + [tuple(figures), tuple(figures)],
            )
        else:
            select = sql.SQL(FLOW_SELECT).format(
                first_date=engine.first_date("line"),
                first_won_date=engine.first_won_date("line"),
                summary=sql.SQL(", ").join(self._summary_aggregates(VELOCITY_FIGURES)),
                position_days=self._position_days("period_customer"),
            )
            rows = memo.fetchall(self.env.cr, cte + select, params)
            # the period's row (no figure), then one row per figure and key
            period = [row for row in rows if row[0] is None][0]
            period = {"summary": period[7], "in_process": period[8] or []}
            rows = [row[:7] for row in rows if row[0] is not None]
        by_key, by_user = {}, {}
        for figure, is_key, key, count, avg, median, total in rows:
            if is_key:
                by_key[(figure, key)] = (
                    count,
                    float(avg or 0.0),
                    float(median or 0.0),
                    float(total or 0.0),
                )
            elif key:
                by_user[(figure, int(key))] = count
        if figures:
            return by_key, by_user
        return by_key, by_user, period

    @api.model
    def _flow_rows(self, filters, figures, key=None, user_id=None):
        """The records (res_id, value, user_id) behind figures of the flow,
        optionally of one key and one employee: what the counts count."""
        cte, params = self._flow_cte(filters, figures)
        query = cte + sql.SQL(
            """
            SELECT figure.res_id, figure.value, figure.user_id, figure.key
              FROM figure
             WHERE figure.figure IN %s
               AND (%s::text IS NULL OR figure.key = %s::text)
               AND (%s::integer IS NULL OR figure.user_id = %s::integer)
             ORDER BY figure.res_id
            """
        )
        key = None if key in (None, False) else str(key)
        self.env.cr.execute(
            query, params + [tuple(figures), key, key, user_id or None, user_id or None]
        )
        return self.env.cr.fetchall()

    # ------------------------------------------------------------------
    # The API
    # ------------------------------------------------------------------

    @api.model
    def get_flow(
        self,
        date_from=False,
        date_to=False,
        user_ids=False,
        team_ids=False,
        reference_date=False,
    ):
        """How customers move through the pipeline.

        Same scope and filters as get_overview(); the definitions of every
        key are in the addon's README and in get_flow_definitions(). Plain
        values only (no None), for the screen, the report and XML-RPC.
        """
        filters = self._prepare_filters(date_from, date_to, user_ids, team_ids, reference_date)
        groups, _by_user, period = self._get_flow_groups(filters)
        summary = period["summary"]
        # what the flow shows of get_overview() for the same filters, read in
        # the flow's statement rather than by a get_overview() of its own (a
        # second pass over every line): the stages shown (those of the
        # filters and those of the lines in the period; the flow shows none
        # of the overview's per-stage counts), the deals, the win rate and
        # the days to close
        overview = {
            "stages": self._build_stages(
                {
                    "stage_customers": [],
                    "stage_in_process": period["in_process"],
                    "stage_won": [],
                },
                filters,
            ),
            "deals": self._get_deals(filters),
            "win_rate": self._rate(summary["won"], summary["lost"]),
            "avg_days_to_close": float(summary["avg_days_to_close"]),
        }
        return self._build_flow(groups, overview)

    @api.model
    def _build_flow(self, groups, overview):
        def count(figure, key=""):
            return groups.get((figure, str(key)), (0, 0.0, 0.0, 0.0))[0]

        def measure(figure, key, index):
            return groups.get((figure, str(key)), (0, 0.0, 0.0, 0.0))[index]

        stages = []
        for stage in overview["stages"]:
            stage_id = stage["stage_id"]
            reached = count("reached", stage_id)
            conversion = 0.0
            if stage["outcome"] == "open" and reached:
                conversion = float_round(
                    100.0 * count("advanced", stage_id) / reached, precision_digits=2
                )
            stages.append(
                {
                    "stage_id": stage_id,
                    "name": stage["name"],
                    "outcome": stage["outcome"],
                    "entered": count("entered", stage_id),
                    "avg_days": measure("visit_days", stage_id, 1),
                    "median_days": measure("visit_days", stage_id, 2),
                    "reached": reached,
                    "conversion": conversion,
                    "stale": count("stale", stage_id) if stage["outcome"] == "open" else 0,
                }
            )
        no_next_step = sum(
            number
            for (figure, _key), (number, *_rest) in groups.items()
            if figure == "no_next_step"
        )
        months = sorted(key for figure, key in groups if figure == "cohort")
        cohorts = []
        for month in months:
            won, lost = count("cohort_won", month), count("cohort_lost", month)
            cohorts.append(
                {
                    "month": month,
                    "customers": count("cohort", month),
                    "open": count("cohort_open", month),
                    "won": won,
                    "lost": lost,
                    "win_rate": self._rate(won, lost),
                    "avg_days_to_close": measure("cohort_won", month, 1),
                }
            )
        deals = overview["deals"]
        win_rate, days = overview["win_rate"], overview["avg_days_to_close"]
        revenue_per_day = 0.0
        if days:
            revenue_per_day = float_round(
                deals["count"] * deals["avg_amount"] * win_rate / 100.0 / days,
                precision_digits=2,
            )
        won_value, lost_value = measure("deal_won", "", 3), measure("deal_lost", "", 3)
        win_rate_value = 0.0
        if won_value + lost_value:
            win_rate_value = float_round(
                100.0 * won_value / (won_value + lost_value), precision_digits=2
            )
        return {
            "stages": stages,
            "no_next_step": no_next_step,
            "cohorts": cohorts,
            "velocity": {
                "deals": deals["count"],
                "avg_amount": deals["avg_amount"],
                "win_rate": win_rate,
                "avg_days_to_close": days,
                "revenue_per_day": revenue_per_day,
            },
            "win_rate_value": win_rate_value,
            "by_topic": self._build_classified(groups, "topic", "crm.conversation.topic"),
            "by_channel": self._build_classified(groups, "channel", "crm.conversation.channel"),
        }

    @api.model
    def _build_classified(self, groups, kind, model_name):
        ids = [int(key) for figure, key in groups if figure == kind]
        records = self.env[model_name].sudo().with_context(active_test=False).browse(ids)
        names = {record.id: record.name for record in records.exists()}
        rows = []
        for record_id in ids:
            key = str(record_id)
            won = groups.get(("%s_won" % kind, key), (0,))[0]
            lost = groups.get(("%s_lost" % kind, key), (0,))[0]
            rows.append(
                {
                    "id": record_id,
                    "name": names.get(record_id, ""),
                    "customers": groups[(kind, key)][0],
                    "won": won,
                    "lost": lost,
                    "win_rate": self._rate(won, lost),
                }
            )
        return sorted(rows, key=lambda row: (row["name"], row["id"]))

    @api.model
    def get_flow_attention(
        self,
        date_from=False,
        date_to=False,
        user_ids=False,
        team_ids=False,
        reference_date=False,
    ):
        """Stale customers and customers with no next step per stage and
        per employee (the employee of the customer's last sales
        conversation), for the Flow screen and the report."""
        filters = self._prepare_filters(date_from, date_to, user_ids, team_ids, reference_date)
        groups, by_user = self._get_flow_groups(filters, ATTENTION_FIGURES)
        user_ids_found = sorted({user_id for (figure, user_id) in by_user})
        users = self.env["res.users"].sudo().with_context(active_test=False)
        names = {user.id: user.name for user in users.browse(user_ids_found).exists()}
        employees = [
            {
                "user_id": user_id,
                "name": names.get(user_id, ""),
                "stale": by_user.get(("stale", user_id), 0),
                "no_next_step": by_user.get(("no_next_step", user_id), 0),
            }
            for user_id in user_ids_found
        ]
        stages = {
            key: {
                "stale": groups.get(("stale", key), (0,))[0],
                "no_next_step": groups.get(("no_next_step", key), (0,))[0],
            }
            for figure, key in groups
            if figure in ("stale", "no_next_step")
        }
        return {
            "employees": sorted(employees, key=lambda row: (row["name"], row["user_id"])),
            "stages": stages,
        }

    @api.model
    def get_attention_customers(self, partner_ids=False, reference_date=False, company_ids=None):
        """{customer id: {"stage_id", "user_id", "stale_days", "no_next_step"}}
        of the customers stale or without next step, over all time: the
        kanban badge and the digest read them. Ids are keyed as strings and
        a missing employee is False, as XML-RPC needs.

        ``company_ids`` replaces the user's allowed companies for a system
        job acting for an employee (the digest, run as the superuser);
        anyone else may only narrow their own companies. Record rules
        still apply."""
        partner_ids = self._to_ids(partner_ids, "partner_ids")
        if company_ids is not None:
            company_ids = self._to_ids(company_ids, "company_ids")
        if company_ids is not None and self.env.uid != SUPERUSER_ID:
            outside = set(company_ids) - set(self.env.user.company_ids.ids)
            if outside:
                raise AccessError(
                    _(
                        "You may only list the customers of your own companies; "
                        "companies %(ids)s are not yours."
                    )
                    % {"ids": ", ".join(str(company_id) for company_id in sorted(outside))}
                )
        filters = self._prepare_filters(False, False, False, False, reference_date)
        filters["partner_ids"] = partner_ids
        filters["company_ids"] = company_ids
        result = {}
        for res_id, value, user_id, key in self._flow_rows(filters, ("stale", "no_next_step")):
            row = result.setdefault(
                str(res_id),
                {
                    "stage_id": int(key),
                    "user_id": user_id or False,
                    "stale_days": 0,
                    "no_next_step": False,
                },
            )
            if value is None:
                row["no_next_step"] = True
            else:
                row["stale_days"] = int(value)
        return result

    @api.model
    def get_trend(self, date_from, date_to, user_ids=False, team_ids=False, interval="month"):
        """In pipeline, won and lost at the end of each month of a range.

        Each point is exactly get_overview(date_to=point) without date_from,
        computed for all points in one query (see TREND_QUERY)."""
        if interval != "month":
            raise UserError(
                _("The trend is computed per month, not per %(interval)s.") % {"interval": interval}
            )
        filters = self._prepare_filters(date_from, date_to, user_ids, team_ids, False)
        if not filters["date_from"] or not filters["date_to"]:
            raise UserError(_("The trend needs the start and the end of its range."))
        points = self._trend_points(filters["date_from"], filters["date_to"])
        ends = [dates.day_bounds_utc(None, point, filters["tz"])[1] for point in points]
        line_path = engine.path(self._position_scope(filters), date_to=ends[-1])
        engine.without_jit(self.env.cr)
        query = sql.SQL(TREND_QUERY).format(line_path=line_path.query)
        rows = memo.fetchall(self.env.cr, query, [ends, len(ends)] + line_path.params)
        # TREND_QUERY gives one row per point (generate_series): a shorter
        # answer would silently shift every figure to the wrong month
        if len(rows) != len(points):
            raise ValueError("trend: %d rows for %d points" % (len(rows), len(points)))
        return [
            {
                "date": point.strftime("%Y-%m-%d"),
                "in_pipeline": int(open_count),
                "won": int(won),
                "lost": int(lost),
            }
            for point, (_index, open_count, won, lost) in zip(points, rows)
        ]

    @api.model
    def _trend_points(self, date_from, date_to):
        """The last day of each month from date_from's to date_to's, the
        last one being date_to itself; more than TREND_MAX_POINTS refused."""
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        if months > TREND_MAX_POINTS:
            raise UserError(
                _(
                    "The trend covers at most %(max)s months; %(months)s were "
                    "asked for: choose a shorter range."
                )
                % {"max": TREND_MAX_POINTS, "months": months}
            )
        first = date_from.replace(day=1)
        points = [first + relativedelta(months=index + 1, days=-1) for index in range(months - 1)]
        return points + [date_to]

    @api.model
    def _drill_down(self, measure, filters, keys):
        """Flow figures (measures ``flow_*``) list the rows of the very
        figure they count (see FLOW_CTE); the others are the overview's."""
        if measure not in FLOW_MEASURES:
            return super()._drill_down(measure, filters, keys)
        figures, key_name = FLOW_MEASURES[measure]
        figures = (figures,) if isinstance(figures, str) else figures
        key = keys[key_name] if key_name else None
        # stale and no next step also list per employee or in total
        if key_name and not key and figures[0] not in ("stale", "no_next_step"):
            raise UserError(
                _("The figure %(measure)s needs its %(key)s.")
                % {"measure": measure, "key": key_name}
            )
        rows = self._flow_rows(filters, figures, key=key, user_id=keys["user_id"])
        ids = sorted({row[0] for row in rows})
        model_name = FLOW_FIGURES[figures[0]]
        names = {
            "res.partner": _("Customers"),
            "crm.conversation": _("Sales Conversations"),
            "crm.lead": _("Opportunities"),
        }
        views = ((False, "list"), (False, "form"))
        if model_name == "crm.lead":
            # Odoo's opportunity list, as the overview's deals: the stage
            # and the expected revenue that Win % (value) weighs
            views = self._opportunity_views()
        return self._drill_down_window(
            names[model_name],
            model_name,
            [("id", "in", ids)],
            views=views,
            context={"active_test": False},
        )
