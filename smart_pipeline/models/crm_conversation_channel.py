# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmConversationChannel(models.Model):
    """How a conversation took place ("How" column of the conversation log)."""

    _name = "crm.conversation.channel"
    _description = "Conversation Channel"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(
        default=True,
        help="Archive a channel that is no longer used instead of deleting it: "
        "existing conversations keep it.",
    )

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A conversation channel with this name exists."),
    ]

    @api.multi
    def unlink(self):
        """Refuse to delete a channel still used: the conversation log is the
        source of every report and must not lose its classification."""
        groups = (
            self.env["crm.conversation"]
            .sudo()
            .read_group([("channel_id", "in", self.ids)], ["channel_id"], ["channel_id"])
        )
        if groups:
            raise UserError(
                _(
                    "You cannot delete the channel(s) %(names)s because conversations "
                    "use them. Archive them instead."
                )
                % {"names": ", ".join(group["channel_id"][1] for group in groups)}
            )
        return super().unlink()
