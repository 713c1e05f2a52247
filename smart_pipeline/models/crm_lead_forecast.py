# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class CrmLead(models.Model):
    """What the forecast needs on the opportunity: its Expected Closing
    tracked (the forecast's "pushed" figure reads the tracking values), and
    the history probability of its stage, shown beside its own probability
    and never written to it (the user sets the probability)."""

    # one concern per file (see its docstring): kept apart on purpose
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    date_deadline = fields.Date(track_visibility="onchange")
    history_probability = fields.Float(
        compute="_compute_history_probability",
        digits=(16, 2),
        help="Share of the customers decided in the last 365 days (won or "
        "lost) who, having visited this stage, were won: learned from the "
        "sales conversations, see the Forecast. Empty when no decided "
        "customer visited the stage. The opportunity's own probability is "
        "not changed.",
    )

    @api.depends("stage_id")
    def _compute_history_probability(self):
        probabilities = self.env["crm.pipeline.overview"].get_history_probabilities(
            self.mapped("stage_id").ids
        )
        for lead in self:
            lead.history_probability = probabilities.get(lead.stage_id.id) or 0.0
