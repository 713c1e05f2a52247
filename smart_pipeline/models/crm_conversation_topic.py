# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmConversationTopic(models.Model):
    """What a conversation was about ("About" column of the conversation log)."""

    _name = "crm.conversation.topic"
    _description = "Conversation Topic"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(
        default=True,
        help="Archive a topic that is no longer used instead of deleting it: "
        "existing conversations keep it.",
    )

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A conversation topic with this name exists."),
    ]

    @api.multi
    def unlink(self):
        """Refuse to delete a topic still used: the conversation log is the
        source of every report and must not lose its classification."""
        groups = (
            self.env["crm.conversation"]
            .sudo()
            .read_group([("topic_id", "in", self.ids)], ["topic_id"], ["topic_id"])
        )
        if groups:
            raise UserError(
                _(
                    "You cannot delete the topic(s) %(names)s because conversations "
                    "use them. Archive them instead."
                )
                % {"names": ", ".join(group["topic_id"][1] for group in groups)}
            )
        return super().unlink()
