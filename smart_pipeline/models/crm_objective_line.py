# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import json
from collections import defaultdict

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, html_escape

from ..tools import dates
from ..tools import position as engine
from ..tools.dates import day_bounds_utc, to_date
from .crm_conversation import sales_conversation_sql

# One row per measured period. Every query below joins it to the records it
# counts; the assignee is either a user (user_id) or a team (team_id), the
# other column being NULL so that one of the two equalities holds at most.
PERIODS = """
    jsonb_to_recordset(%(periods)s::jsonb) AS p(
        key integer, user_id integer, team_id integer, company_id integer,
        dt_from timestamp, dt_to timestamp, d_from date, d_to date,
        channel_id integer, sales_only boolean)
"""

# The records of the period's assignee (the user, or the team), of the
# period's company when it has one; {alias} is the counted table's alias.
ASSIGNEE_MATCH = """({alias}.user_id = p.user_id OR {alias}.team_id = p.team_id)
        AND (p.company_id IS NULL OR {alias}.company_id IS NULL
             OR {alias}.company_id = p.company_id)
        AND {viewer}"""

# Figures stay private: an "own documents only" salesperson (the viewer)
# counts only the records they are responsible for, even in a team's
# objective, and a colleague's objective measures zero for them; NULL for
# users who see every figure (crm.conversation._get_figures_user).
VIEWER_MATCH = """(%(viewer_id)s::integer IS NULL OR {column} = %(viewer_id)s::integer)"""

CONVERSATION_QUERY = """
    SELECT p.key, COUNT(c.id), COALESCE(SUM(c.duration), 0)
    FROM {periods}
    JOIN crm_conversation c
        ON c.date_begin >= p.dt_from AND c.date_begin < p.dt_to
        AND {assignee}
        AND (p.channel_id IS NULL OR c.channel_id = p.channel_id)
        AND (NOT p.sales_only OR {sales_conversation})
    GROUP BY p.key
"""

OPPORTUNITY_CREATED_QUERY = """
    SELECT p.key, COUNT(l.id)
    FROM {periods}
    JOIN crm_lead l
        ON l.type = 'opportunity'
        AND l.create_date >= p.dt_from AND l.create_date < p.dt_to
        AND {assignee}
    GROUP BY p.key
"""

# Won: active opportunity in a stage whose outcome is "won", dated by its
# closing date (Odoo sets it when the opportunity reaches 100%), else by its
# last stage change for opportunities created directly in a won stage.
OPPORTUNITY_WON_QUERY = """
    SELECT p.key, COUNT(l.id), COALESCE(SUM(l.planned_revenue), 0)
    FROM {periods}
    JOIN crm_lead l
        ON l.type = 'opportunity' AND l.active
        AND COALESCE(l.date_closed, l.date_last_stage_update) >= p.dt_from
        AND COALESCE(l.date_closed, l.date_last_stage_update) < p.dt_to
        AND {assignee}
    JOIN crm_stage s ON s.id = l.stage_id AND s.pipeline_outcome = 'won'
    GROUP BY p.key
"""

# Meetings: calendar events one of the assignee's users attends without
# having declined (for a team: its members and its leader), each counted once.
MEETING_QUERY = """
    SELECT p.key, COUNT(e.id)
    FROM {periods}
    LEFT JOIN crm_team t ON t.id = p.team_id
    JOIN calendar_event e
        ON e.active
        AND ((COALESCE(e.allday, FALSE) AND e.start_date BETWEEN p.d_from AND p.d_to)
             OR (NOT COALESCE(e.allday, FALSE)
                 AND e.start >= p.dt_from AND e.start < p.dt_to))
    WHERE EXISTS (
        SELECT 1
        FROM calendar_attendee a
        JOIN res_users u ON u.partner_id = a.partner_id
        WHERE a.event_id = e.id
            AND COALESCE(a.state, '') != 'declined'
            AND (u.id = p.user_id OR u.sale_team_id = p.team_id
                 OR u.id = t.user_id)
            AND {viewer})
    GROUP BY p.key
"""

# New prospects: customers (commercial entities) whose very first sales
# conversation, whoever logged it, was logged in the period by the assignee.
# {first_sales}: the pipeline engine's positions, read as superuser.
NEW_PROSPECT_QUERY = """
    WITH first_sales AS (
        SELECT engine_position.customer_id AS partner_id,
               engine_position.first_user_id AS user_id,
               engine_position.first_team_id AS team_id,
               engine_position.first_company_id AS company_id,
               engine_position.first_date AS date_begin
          FROM ({first_sales}) AS engine_position
    )
    SELECT p.key, COUNT(f.partner_id)
    FROM {periods}
    JOIN first_sales f
        ON f.date_begin >= p.dt_from AND f.date_begin < p.dt_to
        AND {assignee}
    GROUP BY p.key
"""


class CrmObjectiveLine(models.Model):
    """One measure of an objective and its target for each period.

    Actual values are measured by one SQL query per kind of measure for any
    number of lines and periods (see ``_measure_periods``), never record by
    record.
    """

    _name = "crm.objective.line"
    _inherit = ["crm.objective.measure.mixin"]
    _description = "Commercial Objective Measure"
    _order = "objective_id, sequence, id"

    objective_id = fields.Many2one(
        "crm.objective",
        string="Objective",
        required=True,
        index=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(related="objective_id.user_id", readonly=True)
    team_id = fields.Many2one(related="objective_id.team_id", readonly=True)
    company_id = fields.Many2one(related="objective_id.company_id", readonly=True)
    occurrence_start = fields.Date(
        string="Period Start",
        compute="_compute_progress",
    )
    occurrence_end = fields.Date(string="Period End", compute="_compute_progress")
    actual = fields.Float(compute="_compute_progress")
    progress = fields.Float(string="Reached (%)", compute="_compute_progress")
    expected_progress = fields.Float(
        string="Expected (%)",
        compute="_compute_progress",
    )

    @api.depends(
        "measure",
        "channel_id",
        "sales_only",
        "target",
        "objective_id.user_id",
        "objective_id.team_id",
        "objective_id.date_start",
        "objective_id.date_end",
        "objective_id.period_type",
        "objective_id.recurrence",
    )
    def _compute_progress(self):
        reference = dates.reference_day(self.env)
        values = self._get_current_values(reference)
        for line in self:
            line_values = values.get(line.id)
            if line_values:
                line.occurrence_start = line_values["date_start"]
                line.occurrence_end = line_values["date_end"]
                line.actual = line_values["actual"]
                line.progress = line_values["progress"]
                line.expected_progress = line_values["expected_progress"]

    @api.multi
    def write(self, vals):
        """Post target and measure changes on the objective's chatter, and
        keep the rewriting of closed periods to sales managers."""
        if "target" not in vals and "measure" not in vals:
            return super().write(vals)
        # access errors first: the history check is for those allowed to write
        self.check_access_rights("write")
        self.check_access_rule("write")
        reference = dates.reference_day(self.env)
        old = {line.id: (line.name, line.target) for line in self}
        if "target" in vals:
            self.filtered(
                lambda line: float_compare(line.target, vals["target"], precision_digits=6)
                and line.objective_id._has_past_occurrence(reference)
            )._check_past_target_change()
        res = super().write(vals)
        for line in self:
            old_name, old_target = old[line.id]
            if old_name == line.name and not float_compare(
                old_target, line.target, precision_digits=6
            ):
                continue
            line.objective_id.message_post(
                body=_(
                    "Measure %(old_name)s, target %(old_target)s changed to "
                    "%(name)s, target %(target)s."
                )
                % {
                    "old_name": html_escape(old_name),
                    "old_target": old_target,
                    "name": html_escape(line.name),
                    "target": line.target,
                }
            )
        return res

    @api.multi
    def _check_past_target_change(self):
        """Targets of closed periods are history: only sales managers may
        rewrite them (the change is posted on the objective)."""
        if not self or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        raise UserError(
            _(
                "Only sales managers may change the target of %(measure)s: "
                "objective %(objective)s has periods already over."
            )
            % {"measure": self[0].name, "objective": self[0].objective_id.name}
        )

    @api.multi
    def _get_current_values(self, reference):
        """Figures of each line for its objective's period measured on
        ``reference``: ``{line id: {date_start, date_end, target, actual,
        progress, expected_progress}}``."""
        periods = []
        for line in self:
            objective = line.objective_id
            if not objective._is_measurable():
                continue
            start, end, _expected = objective._get_current_period(reference)
            periods.append((line, start, end))
        return {
            line.id: values
            for (line, _start, _end), values in zip(
                periods, self._get_period_values(periods, reference)
            )
        }

    @api.model
    def _get_period_values(self, periods, reference):
        """Figures of each ``(line, first day, last day)`` of ``periods``,
        in the same order."""
        actuals = self._measure_periods(periods)
        result = []
        # _measure_periods gives one figure per period, in order
        for (line, start, end), actual in zip(periods, actuals):
            target = line.target
            result.append(
                {
                    "date_start": start,
                    "date_end": end,
                    "target": target,
                    "actual": actual,
                    "progress": 100.0 * actual / target if target > 0 else 0.0,
                    "expected_progress": dates.expected_progress(start, end, reference),
                }
            )
        return result

    @api.model
    def _measure_periods(self, periods):
        """Actual value of each ``(line, first day, last day)`` of
        ``periods``, in the same order: one query per kind of measure."""
        results = [0.0] * len(periods)
        keys_by_measure = defaultdict(list)
        viewer = self.env["crm.conversation"]._get_figures_user()
        for key, (line, start, end) in enumerate(periods):
            if line.measure and start and end:
                keys_by_measure[line.measure].append(key)
        for measure, keys in keys_by_measure.items():
            rows = [self._get_period_row(key, *periods[key]) for key in keys]
            measure_method = getattr(self, "_measure_%s" % measure)
            params = {"periods": json.dumps(rows), "viewer_id": viewer.id or None}
            for key, value in measure_method(params):
                results[key] = float(value or 0.0)
        return results

    @api.model
    def _get_period_row(self, key, line, start, end):
        """Row of the ``PERIODS`` table: the day bounds of the period in the
        objective's timezone, as UTC timestamps comparable to stored
        datetimes."""
        objective = line.objective_id
        start, end = to_date(start), to_date(end)
        dt_from, dt_to = day_bounds_utc(start, end, objective._get_timezone())
        return {
            "key": key,
            "user_id": objective.user_id.id or None,
            "team_id": objective.team_id.id or None,
            "company_id": objective.company_id.id or None,
            "dt_from": dt_from,
            "dt_to": dt_to,
            "d_from": fields.Date.to_string(start),
            "d_to": fields.Date.to_string(end),
            "channel_id": line.channel_id.id or None,
            "sales_only": bool(line.sales_only),
        }

    @api.model
    def _query(self, query, alias, **slots):
        """A measure query with its slots filled: the periods table, the
        assignee match on the table aliased ``alias`` and crm.conversation's
        sales-conversation rule (on the conversations ``c``), and the
        viewer's privacy (their own records only: a meeting's attendee
        ``u``, else the counted record's responsible)."""
        column = (
            sql.SQL("u.id") if alias == "e" else sql.SQL("{}.user_id").format(sql.Identifier(alias))
        )
        viewer = sql.SQL(VIEWER_MATCH).format(column=column)
        return sql.SQL(query).format(
            periods=sql.SQL(PERIODS),
            assignee=sql.SQL(ASSIGNEE_MATCH).format(alias=sql.Identifier(alias), viewer=viewer),
            sales_conversation=sales_conversation_sql("c"),
            viewer=viewer,
            **slots,
        )

    @api.model
    def _measure_won_amount(self, params):
        self.env.cr.execute(self._query(OPPORTUNITY_WON_QUERY, "l"), params)
        return [(key, amount) for key, _count, amount in self.env.cr.fetchall()]

    @api.model
    def _measure_opportunity_won(self, params):
        self.env.cr.execute(self._query(OPPORTUNITY_WON_QUERY, "l"), params)
        return [(key, count) for key, count, _amount in self.env.cr.fetchall()]

    @api.model
    def _measure_opportunity_created(self, params):
        self.env.cr.execute(self._query(OPPORTUNITY_CREATED_QUERY, "l"), params)
        return self.env.cr.fetchall()

    @api.model
    def _measure_conversation_count(self, params):
        self.env.cr.execute(self._query(CONVERSATION_QUERY, "c"), params)
        return [(key, count) for key, count, _minutes in self.env.cr.fetchall()]

    @api.model
    def _measure_conversation_minutes(self, params):
        self.env.cr.execute(self._query(CONVERSATION_QUERY, "c"), params)
        return [(key, minutes) for key, _count, minutes in self.env.cr.fetchall()]

    @api.model
    def _measure_meeting_count(self, params):
        self.env.cr.execute(self._query(MEETING_QUERY, "e"), params)
        return self.env.cr.fetchall()

    @api.model
    def _measure_new_prospect_count(self, params):
        scope = engine.scope(self.env["crm.conversation"].sudo())
        first_sales, first_params = engine.position(scope).named(self.env.cr, "engine")
        query = self._query(NEW_PROSPECT_QUERY, "f", first_sales=first_sales)
        self.env.cr.execute(query, dict(params, **first_params))
        return self.env.cr.fetchall()
