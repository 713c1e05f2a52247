# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import Counter

from odoo import api, fields, models

from ..models.crm_objective_measure_mixin import MEASURE_SELECTION

# Fields in the unit of their line's measure.
UNIT_FIELDS = ("target", "actual")


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
    # in the unit of the line's measure (euros, a count or minutes): summed
    # only within one measure, see read_group
    target = fields.Float(readonly=True)
    actual = fields.Float(readonly=True)
    progress = fields.Float(string="Reached (%)", group_operator="avg", readonly=True)
    expected_progress = fields.Float(
        string="Expected (%)",
        group_operator="avg",
        readonly=True,
    )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """Targets and actuals add up only within one measure: a group
        spanning several measures (the pivot's grand total, a period of all
        measures...) would add euros, counts and minutes, so its target and
        actual are left empty. Percentages are averaged (group_operator).
        One more grouped query counts the measures of each group."""
        result = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )
        unit_fields = [
            name for name in (field.split(":")[0] for field in fields) if name in UNIT_FIELDS
        ]
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        if lazy:
            groupby = groupby[:1]
        if not unit_fields or not result or "measure" in (g.split(":")[0] for g in groupby):
            return result
        names = [g.split(":")[0] for g in groupby]
        per_measure = super().read_group(
            domain, names + ["measure"], groupby + ["measure"], lazy=False
        )
        measures = Counter(_group_key(group, groupby) for group in per_measure)
        for group in result:
            if measures[_group_key(group, groupby)] > 1:
                group.update(dict.fromkeys(unit_fields, False))
        return result


def _group_key(group, groupby):
    """The values a read_group result is grouped on, hashable."""
    return tuple(
        tuple(value) if isinstance(value, list) else value
        for value in (group.get(name) for name in groupby)
    )
