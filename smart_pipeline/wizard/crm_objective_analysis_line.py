# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..models.crm_objective_measure_mixin import MEASURE_SELECTION


class CrmObjectiveAnalysisLine(models.TransientModel):
    """Target and actual figure of one measure of an objective for one
    period, as measured by an analysis."""

    _name = "crm.objective.analysis.line"
    _description = "Commercial Objectives Analysis Line"
    _order = "date_start, assignee_name, objective_id, id"

    analysis_id = fields.Many2one(
        "crm.objective.analysis",
        required=True,
        index=True,
        ondelete="cascade",
    )
    objective_id = fields.Many2one("crm.objective", string="Objective", readonly=True)
    objective_line_id = fields.Many2one(
        "crm.objective.line",
        string="Objective Measure",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    assignee_name = fields.Char(string="Assignee", readonly=True)
    measure = fields.Selection(MEASURE_SELECTION, readonly=True)
    name = fields.Char(string="Description", readonly=True)
    date_start = fields.Date(string="Period Start", readonly=True)
    date_end = fields.Date(string="Period End", readonly=True)
    target = fields.Float(readonly=True)
    actual = fields.Float(readonly=True)
    progress = fields.Float(string="Reached (%)", group_operator="avg", readonly=True)
    expected_progress = fields.Float(
        string="Expected (%)",
        group_operator="avg",
        readonly=True,
    )
