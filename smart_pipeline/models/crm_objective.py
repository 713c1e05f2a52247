# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import dates
from ..tools.dates import reference_day, to_date
from ..tools.limits import MAX_ANALYSIS_PERIODS
from .crm_objective_period_mixin import RECURRENCE_STEPS


class CrmObjective(models.Model):
    """Quantified commercial objective of a salesperson or of a sales team.

    The period is either one date range or a recurrence (every day, week,
    month, quarter or year from a start date, optionally until an end date);
    each occurrence of the recurrence is measured on its own. Actual figures
    are never stored: they are measured from the CRM records when read.
    """

    _name = "crm.objective"
    _inherit = ["mail.thread", "crm.objective.period.mixin"]
    _description = "Commercial Objective"
    _order = "date_start desc, assignee_name, id desc"

    name = fields.Char(required=True, track_visibility="onchange")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        ondelete="restrict",
        track_visibility="onchange",
        # portal and public users log no conversations and own no opportunities
        domain=[("share", "=", False)],
        help="Salesperson whose own activity is measured. Leave empty for a team objective.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        index=True,
        ondelete="restrict",
        track_visibility="onchange",
        help="Team whose activity is measured as a whole. Leave empty for a "
        "salesperson's objective.",
    )
    assignee_name = fields.Char(
        string="Assignee",
        compute="_compute_assignee_name",
        store=True,
        index=True,
    )
    assignee_team_id = fields.Many2one(
        "crm.team",
        string="Assignee's Team",
        compute="_compute_assignee_team_id",
        store=True,
        index=True,
        help="The team itself, or the salesperson's team: groups every "
        "objective of a team together for its manager.",
    )
    period_type = fields.Selection(track_visibility="onchange")
    recurrence = fields.Selection(track_visibility="onchange")
    date_start = fields.Date(
        string="Start Date",
        required=True,
        index=True,
        track_visibility="onchange",
        default=lambda self: self._default_date_start(),
    )
    date_end = fields.Date(
        string="End Date",
        track_visibility="onchange",
        help="Last day of the objective. Required for a date range; for a "
        "recurring objective, leave it empty to repeat without end. The last "
        "occurrence stops on this day.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        default=lambda self: self.env["res.company"]._company_default_get("crm.objective"),
    )
    currency_id = fields.Many2one(
        "res.currency",
        related="company_id.currency_id",
        readonly=True,
    )
    active = fields.Boolean(default=True, track_visibility="onchange")
    line_ids = fields.One2many(
        "crm.objective.line",
        "objective_id",
        string="Measures",
        copy=True,
    )
    template_id = fields.Many2one(
        "crm.objective.template",
        string="Configuration",
        ondelete="set null",
        readonly=True,
        help="Objective configuration this objective was created from.",
    )
    note = fields.Text()
    occurrence_start = fields.Date(
        string="Current Period Start",
        compute="_compute_progress",
        help="First day of the period measured now: the one containing the "
        "reference date, or the nearest one when the objective has not started "
        "or is over.",
    )
    occurrence_end = fields.Date(
        string="Current Period End",
        compute="_compute_progress",
    )
    progress = fields.Float(
        string="Reached (%)",
        compute="_compute_progress",
        help="Average of the measures' percentages for the current period, "
        "each counted at most 100%.",
    )
    expected_progress = fields.Float(
        string="Expected (%)",
        compute="_compute_progress",
        help="Share of the current period elapsed by the end of the reference "
        "date: where a linear progress would stand.",
    )
    is_mine = fields.Boolean(
        string="Mine or My Team's",
        compute="_compute_is_mine",
        search="_search_is_mine",
    )

    @api.model
    def _default_date_start(self):
        """The first day of the user's current month: objectives are mostly
        monthly, and a new one must save without a date hunt."""
        return fields.Date.to_string(dates.user_today(self.env).replace(day=1))

    @api.constrains("user_id")
    def _check_user_id(self):
        for objective in self:
            if objective.user_id.share:
                raise ValidationError(
                    _("%(user)s is not an internal user: objectives are for salespeople.")
                    % {"user": objective.user_id.name}
                )

    @api.depends("user_id.name", "team_id.name")
    def _compute_assignee_name(self):
        for objective in self:
            objective.assignee_name = objective.user_id.name or objective.team_id.name or False

    @api.depends("user_id.sale_team_id", "team_id")
    def _compute_assignee_team_id(self):
        for objective in self:
            objective.assignee_team_id = objective.team_id or objective.user_id.sale_team_id

    @api.depends(
        "date_start",
        "date_end",
        "period_type",
        "recurrence",
        "line_ids.target",
        "line_ids.measure",
    )
    def _compute_progress(self):
        lines = self.mapped("line_ids")
        reference = reference_day(self.env)
        values = lines._get_current_values(reference)
        for objective in self:
            if not objective._is_measurable():
                continue
            (
                objective.occurrence_start,
                objective.occurrence_end,
                objective.expected_progress,
            ) = objective._get_current_period(reference)
            percents = [
                min(values[line.id]["progress"], 100.0)
                for line in objective.line_ids
                if line.id in values
            ]
            objective.progress = sum(percents) / len(percents) if percents else 0.0

    def _compute_is_mine(self):
        user = self.env.user
        team_ids = user._get_sales_teams().ids
        for objective in self:
            objective.is_mine = objective.user_id == user or objective.team_id.id in team_ids

    @api.model
    def _search_is_mine(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(_("Unsupported search on 'Mine or My Team's'."))
        team_ids = self.env.user._get_sales_teams().ids
        if (operator == "=") == value:
            return ["|", ("user_id", "=", self.env.uid), ("team_id", "in", team_ids)]
        # spelled out rather than negated: a negated "in" drops empty values
        return [
            "&",
            "|",
            ("user_id", "=", False),
            ("user_id", "!=", self.env.uid),
            "|",
            ("team_id", "=", False),
            ("team_id", "not in", team_ids),
        ]

    @api.constrains("user_id", "team_id")
    def _check_assignee(self):
        for objective in self:
            if bool(objective.user_id) == bool(objective.team_id):
                raise ValidationError(
                    _(
                        "Objective %(name)s must be assigned either to a "
                        "salesperson or to a sales team, not both and not none."
                    )
                    % {"name": objective.name}
                )

    @api.constrains("period_type", "date_start", "date_end")
    def _check_period(self):
        for objective in self:
            if objective.date_end and objective.date_end < objective.date_start:
                raise ValidationError(
                    _(
                        "The end date of objective %(name)s (%(end)s) is before "
                        "its start date (%(start)s)."
                    )
                    % {
                        "name": objective.name,
                        "end": objective.date_end,
                        "start": objective.date_start,
                    }
                )
            if objective.period_type == "range" and not objective.date_end:
                raise ValidationError(
                    _("Objective %(name)s covers a date range: set its end date.")
                    % {"name": objective.name}
                )

    @api.constrains("line_ids", "date_start")
    def _check_line_ids(self):
        """Checked with the start date too, which every creation sets, so that
        an objective cannot be created without anything to measure."""
        for objective in self:
            if not objective.line_ids:
                raise ValidationError(
                    _("Objective %(name)s needs at least one measure and target.")
                    % {"name": objective.name}
                )

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id:
            self.team_id = False

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.team_id:
            self.user_id = False

    @api.onchange("date_start", "period_type")
    def _onchange_date_start(self):
        """A date range ends with the start date's month unless the user set
        its end: a new objective saves as it opens."""
        if self.period_type == "range" and self.date_start and not self.date_end:
            start = to_date(self.date_start)
            next_month = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
            self.date_end = fields.Date.to_string(next_month - timedelta(days=1))

    @api.multi
    def action_view_analysis(self):
        """Open the per-period analysis of these objectives since they began."""
        self.ensure_one()
        reference = reference_day(self.env)
        date_to = max(reference, to_date(self.date_start))
        if self.date_end:
            date_to = min(date_to, to_date(self.date_end))
        analysis = self.env["crm.objective.analysis"].create(
            {
                "date_from": self.date_start,
                "date_to": date_to,
                "objective_ids": [(6, 0, self.ids)],
            }
        )
        return analysis.action_open_lines()

    @api.multi
    def _is_measurable(self):
        """Whether the period is complete enough to be measured (a form being
        filled in may not be yet)."""
        self.ensure_one()
        if not self.date_start or not (self.user_id or self.team_id):
            return False
        if self.period_type == "range":
            return bool(self.date_end)
        return bool(self.recurrence)

    @api.multi
    def _get_timezone(self):
        """Timezone in which the objective's days start and end: the
        salesperson's, else the team leader's, else the company's."""
        self.ensure_one()
        return self.user_id.tz or self.team_id.user_id.tz or self.company_id.partner_id.tz or "UTC"

    @api.multi
    def _get_occurrence_bounds(self, index):
        """First and last day of occurrence number ``index`` (from 0)."""
        self.ensure_one()
        start, end = to_date(self.date_start), to_date(self.date_end)
        if self.period_type == "range":
            return start, end
        step = RECURRENCE_STEPS[self.recurrence][0]
        occurrence_start = start + step * index
        occurrence_end = start + step * (index + 1) - timedelta(days=1)
        if end and occurrence_end > end:
            occurrence_end = end
        return occurrence_start, occurrence_end

    @api.multi
    def _get_occurrence_index(self, day):
        """Index of the occurrence containing ``day`` (which must not be before
        the start date), ignoring the end date."""
        self.ensure_one()
        if self.period_type == "range":
            return 0
        start = to_date(self.date_start)
        index = max((day - start).days // RECURRENCE_STEPS[self.recurrence][1], 0)
        while index and self._get_occurrence_bounds(index)[0] > day:
            index -= 1
        while self._get_occurrence_bounds(index + 1)[0] <= day:
            index += 1
        return index

    @api.multi
    def _get_occurrences(self, date_from, date_to, limit=MAX_ANALYSIS_PERIODS):
        """Occurrences ``(first day, last day)`` overlapping ``date_from`` to
        ``date_to`` (dates or strings), in chronological order. More
        occurrences than ``limit`` (at most MAX_ANALYSIS_PERIODS) raise a
        UserError before they are all generated: one request must not split
        centuries into days."""
        self.ensure_one()
        date_from, date_to = to_date(date_from), to_date(date_to)
        start, end = to_date(self.date_start), to_date(self.date_end)
        if date_to < start or (end and date_from > end):
            return []
        index = self._get_occurrence_index(max(date_from, start))
        occurrences = []
        while True:
            bounds = self._get_occurrence_bounds(index)
            if bounds[0] > date_to or (end and bounds[0] > end):
                break
            occurrences.append(bounds)
            if len(occurrences) > limit:
                raise UserError(
                    _(
                        "An analysis measures at most %(max)s periods (each "
                        "measure of each occurrence of an objective): choose a "
                        "shorter range of dates or fewer objectives."
                    )
                    % {"max": MAX_ANALYSIS_PERIODS}
                )
            if self.period_type == "range":
                break
            index += 1
        return occurrences

    @api.multi
    def _get_current_occurrence(self, reference):
        """Occurrence measured on ``reference``: the one containing it, else
        the first one (not started yet) or the last one (over)."""
        self.ensure_one()
        start, end = to_date(self.date_start), to_date(self.date_end)
        day = max(to_date(reference), start)
        if end:
            day = min(day, end)
        return self._get_occurrence_bounds(self._get_occurrence_index(day))

    @api.multi
    def _get_current_period(self, reference):
        """``(first day, last day, expected %)`` of the occurrence measured on
        ``reference``: the one home of "the current period", for the
        objective and for each of its measures."""
        self.ensure_one()
        start, end = self._get_current_occurrence(reference)
        return start, end, dates.expected_progress(start, end, reference)

    @api.multi
    def _has_past_occurrence(self, reference):
        """Whether an occurrence of the objective ended before ``reference``:
        changing a target then rewrites an already closed period."""
        self.ensure_one()
        return self._get_occurrence_bounds(0)[1] < to_date(reference)
