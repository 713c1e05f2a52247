# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# What the default team of an employee depends on in a team (the cached team
# of automatic lines, crm_conversation_source.py).
TEAM_FIELDS = frozenset(("user_id", "member_ids", "active", "company_id", "name", "sequence"))


class CrmTeam(models.Model):
    _inherit = "crm.team"

    follow_up_due_count = fields.Integer(
        string="Follow-ups Due",
        compute="_compute_follow_up_due_count",
        help="Conversations of the team due or overdue for a follow-up today, "
        "among those you can see.",
    )

    @api.multi
    def _compute_follow_up_due_count(self):
        Conversation = self.env["crm.conversation"]
        groups = Conversation.read_group(
            [
                ("team_id", "in", self.ids),
                ("follow_up_state", "in", ("due", "overdue")),
            ]
            + Conversation._get_figures_domain(),
            ["team_id"],
            ["team_id"],
        )
        counts = {group["team_id"][0]: group["team_id_count"] for group in groups}
        for team in self:
            team.follow_up_due_count = counts.get(team.id, 0)

    @api.model
    def create(self, vals):
        team = super().create(vals)
        # the cached team of automatic lines (crm_conversation_source.py)
        self.env["crm.conversation"].clear_caches()
        return team

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if TEAM_FIELDS.intersection(vals):
            self.env["crm.conversation"].clear_caches()
        return result

    @api.multi
    def unlink(self):
        """A team's conversations feed its figures and objectives."""
        self.env["crm.conversation"]._check_history_unlink(self, ["team_id"])
        result = super().unlink()
        self.env["crm.conversation"].clear_caches()
        return result
