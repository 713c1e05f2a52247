# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models


class CrmLead(models.Model):
    """What the forecast needs on the opportunity: its Expected Closing
    tracked (the forecast's "pushed" figure reads the tracking values), its
    weighted revenue (summed per month by the forecast kanban and list), and
    the history probability of its stage, shown beside its own probability
    and never written to it (the user sets the probability)."""

    # one concern per file (see its docstring): kept apart on purpose
    _inherit = "crm.lead"  # pylint: disable=consider-merging-classes-inherited

    date_deadline = fields.Date(track_visibility="onchange")
    weighted_revenue = fields.Float(
        compute="_compute_weighted_revenue",
        store=True,
        digits=(16, 2),
        help="Expected revenue x probability / 100: what the forecast "
        "weighs the opportunity at with its own probability. Stored, so "
        "that the forecast kanban and list sum it per month.",
    )
    history_probability = fields.Float(
        compute="_compute_history_probability",
        digits=(16, 2),
        help="Share of the customers decided in the last 365 days (won or "
        "lost) who, having visited this stage, were won: learned from the "
        "sales conversations, see the Forecast. Empty when no decided "
        "customer visited the stage. The opportunity's own probability is "
        "not changed.",
    )

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        """The forecast kanban and list (context ``forecast_group_labels``)
        name the group of opportunities without Expected Closing, which Odoo
        11 titles "false"."""
        groups = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )
        if self.env.context.get("forecast_group_labels"):
            for group in groups:
                for key in list(group):
                    if key.split(":")[0] == "date_deadline" and group[key] is False:
                        group[key] = _("No Expected Closing")
        return groups

    @api.depends("planned_revenue", "probability")
    def _compute_weighted_revenue(self):
        for lead in self:
            lead.weighted_revenue = lead.planned_revenue * lead.probability / 100.0

    @api.depends("stage_id")
    def _compute_history_probability(self):
        probabilities = self.env["crm.pipeline.overview"]._get_history_probabilities(
            self.mapped("stage_id").ids
        )
        for lead in self:
            lead.history_probability = probabilities.get(lead.stage_id.id) or 0.0
