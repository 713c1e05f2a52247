# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class CrmStage(models.Model):
    """The history probability of the stage beside the probability typed on
    it: see crm.pipeline.overview.get_forecast()."""

    # one concern per file (see its docstring): kept apart on purpose
    _inherit = "crm.stage"  # pylint: disable=consider-merging-classes-inherited

    history_probability = fields.Float(
        compute="_compute_history_probability",
        digits=(16, 2),
        help="Share of the customers decided in the last 365 days (won or "
        "lost) who, having visited this stage, were won: learned from the "
        "sales conversations you can see. Empty when no decided customer "
        "visited the stage.",
    )

    def _compute_history_probability(self):
        probabilities = self.env["crm.pipeline.overview"]._get_history_probabilities(
            [stage_id for stage_id in self.ids if isinstance(stage_id, int)]
        )
        for stage in self:
            stage.history_probability = probabilities.get(stage.id) or 0.0
