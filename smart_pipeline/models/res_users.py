# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from .crm_conversation_source import AUTOLOG_USER_FIELDS


class ResUsers(models.Model):
    _inherit = "res.users"

    default_conversation_topic_id = fields.Many2one(
        "crm.conversation.topic",
        string="Default Conversation Topic",
        help="The topic ('About') proposed on the conversations you log.",
    )
    conversation_autolog_opt_out = fields.Boolean(
        string="Do Not Log My E-mails, Meetings and Calls",
        help="Your company logs e-mails, meetings and calls with customers as "
        "conversation lines automatically: tick this to type yours by hand "
        "instead. Lines logged before stay.",
    )

    def __init__(self, pool, cr):
        """Let users choose their default topic in their own preferences,
        which only the fields listed here may be written from."""
        super().__init__(pool, cr)
        # copy the lists so that the class attribute of base is not modified
        type(self).SELF_WRITEABLE_FIELDS = list(self.SELF_WRITEABLE_FIELDS) + [
            "default_conversation_topic_id",
            "conversation_autolog_opt_out",
        ]
        type(self).SELF_READABLE_FIELDS = list(self.SELF_READABLE_FIELDS) + [
            "default_conversation_topic_id",
            "conversation_autolog_opt_out",
        ]

    @api.multi
    def _get_sales_teams(self):
        """The sales teams the user belongs to or leads: the one home of "my
        teams" (the conversation's default team and team check, the "Mine or
        My Team's" objectives). A member's team is their ``sale_team_id``
        (the inverse of the team's members), read from the user's record
        rather than by a query on the users."""
        self.ensure_one()
        Team = self.env["crm.team"].sudo()
        domain = ["|", ("user_id", "=", self.id), ("id", "=", self.sudo().sale_team_id.id)]
        # most users have one team: found without sorting by the translated
        # name (a join on the translations), which only several teams need
        teams = Team.search(domain, order="id")
        return Team.search(domain) if len(teams) > 1 else teams

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if AUTOLOG_USER_FIELDS.intersection(vals):
            # cached answers of the conversations logged automatically
            self.env["crm.conversation"].clear_caches()
        return result

    @api.multi
    def unlink(self):
        """An employee's conversations are the customers' history: archive
        the user instead."""
        self.env["crm.conversation"]._check_history_unlink(self, ["user_id"])
        return super().unlink()
