# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dates
from ..tools.dates import reference_day, to_date
from ..tools.limits import MAX_ANALYSIS_PERIODS


class CrmObjectiveAnalysis(models.TransientModel):
    """Objectives against actual figures for every period between two dates.

    The figures are measured when the analysis is run, with the same queries
    as the objectives' progress bars, and kept in transient lines so that the
    graph, pivot and PDF views show one consistent snapshot."""

    _name = "crm.objective.analysis"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Commercial Objectives Analysis"

    def _default_date_from(self):
        reference = reference_day(self.env)
        return fields.Date.to_string(reference.replace(month=1, day=1))

    def _default_reference_date(self):
        return fields.Date.to_string(reference_day(self.env))

    def _default_objective_ids(self):
        if self.env.context.get("active_model") == "crm.objective":
            return [(6, 0, self.env.context.get("active_ids", []))]
        return []

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self._default_date_from(),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: self._default_reference_date(),
    )
    reference_date = fields.Date(
        string="Expected Progress On",
        required=True,
        default=lambda self: self._default_reference_date(),
        help="Day on which the expected progress of each period is computed.",
    )
    objective_ids = fields.Many2many(
        "crm.objective",
        string="Objectives",
        default=lambda self: self._default_objective_ids(),
        help="Objectives to analyse; all objectives you can see when empty.",
    )
    skip_empty_periods = fields.Boolean(
        string="Skip Periods without Activity",
        default=True,
        help="The printed report leaves out the past periods where nothing was "
        "measured: a year of a daily objective stays a few pages.",
    )
    line_ids = fields.One2many(
        "crm.objective.analysis.line",
        "analysis_id",
        string="Periods",
        readonly=True,
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for analysis in self:
            if analysis.date_to < analysis.date_from:
                raise ValidationError(
                    _("The analysis ends (%(end)s) before it starts (%(start)s).")
                    % {
                        "end": dates.format_day(self.env, analysis.date_to),
                        "start": dates.format_day(self.env, analysis.date_from),
                    }
                )

    @api.multi
    def action_open_lines(self):
        """Measure the periods and show them as graph, pivot and list."""
        self.ensure_one()
        self._compute_lines()
        action = self.env.ref("smart_pipeline.crm_objective_analysis_line_action").read()[0]
        action["domain"] = [("analysis_id", "=", self.id)]
        action["display_name"] = _("Objectives from %(start)s to %(end)s") % {
            "start": dates.format_day(self.env, self.date_from),
            "end": dates.format_day(self.env, self.date_to),
        }
        return action

    @api.multi
    def action_print(self):
        """Measure the periods and print them."""
        self.ensure_one()
        self._compute_lines()
        return self.env.ref("smart_pipeline.crm_objective_report_action").report_action(self)

    @api.multi
    def _get_objectives(self):
        self.ensure_one()
        if self.objective_ids:
            return self.objective_ids
        return self.env["crm.objective"].search(
            [
                ("date_start", "<=", self.date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date_from),
            ]
        )

    @api.multi
    def _compute_lines(self):
        """Replace the lines by the figures of every (measure, period) of the
        objectives overlapping the analysed dates, measured all at once."""
        self.ensure_one()
        self.line_ids.unlink()
        periods = []
        for objective in self._get_objectives():
            remaining = MAX_ANALYSIS_PERIODS - len(periods)
            limit = remaining // max(len(objective.line_ids), 1)
            for start, end in objective._get_occurrences(self.date_from, self.date_to, limit):
                periods.extend((line, start, end) for line in objective.line_ids)
        values = self.env["crm.objective.line"]._get_period_values(
            periods, to_date(self.reference_date)
        )
        line_model = self.env["crm.objective.analysis.line"]
        # one figure per period, in order (_get_period_values builds them so)
        for (line, _start, _end), figures in zip(periods, values):
            line_model.create(
                {
                    "analysis_id": self.id,
                    "objective_line_id": line.id,
                    "objective_id": line.objective_id.id,
                    "user_id": line.objective_id.user_id.id,
                    "team_id": line.objective_id.team_id.id,
                    "assignee_name": line.objective_id.assignee_name,
                    "measure": line.measure,
                    "name": line.name,
                    "date_start": figures["date_start"],
                    "date_end": figures["date_end"],
                    "target": figures["target"],
                    "actual": figures["actual"],
                    "progress": figures["progress"],
                    "expected_progress": figures["expected_progress"],
                }
            )
        return True

    @api.multi
    def _get_report_sections(self):
        """Lines grouped by objective, in the order they are printed."""
        self.ensure_one()
        sections = []
        lines = self.line_ids
        if self.skip_empty_periods:
            reference = self.reference_date
            lines = lines.filtered(lambda line: line.actual or line.date_end >= reference)
        for line in lines.sorted(
            lambda line: (
                line.assignee_name or "",
                line.objective_id.id,
                line.date_start,
                line.objective_line_id.sequence,
                line.objective_line_id.id,
            )
        ):
            if not sections or sections[-1]["objective"] != line.objective_id:
                sections.append({"objective": line.objective_id, "lines": line})
            else:
                sections[-1]["lines"] |= line
        return sections
