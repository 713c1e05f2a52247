# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CrmConversationTable(models.AbstractModel):
    """What the small tables classifying conversations (topics, channels)
    share. They are the dimensions of every report built on the conversation
    log, so a value still in use is archived, never deleted."""

    _name = "crm.conversation.table"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Conversation Classification Table"
    _order = "sequence, name, id"
    # the many2one of crm.conversation that points to the concrete table
    _conversation_field = None

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(
        default=True,
        help="Archive a value that is no longer used instead of deleting it: "
        "existing conversations keep it.",
    )

    @api.multi
    def unlink(self):
        """Refuse to delete a value still used: the conversation log must not
        lose its classification."""
        field = self._conversation_field
        groups = (
            self.env["crm.conversation"]
            .sudo()
            .read_group([(field, "in", self.ids)], [field], [field])
        )
        if groups:
            raise UserError(
                _(
                    "You cannot delete %(names)s because conversations use them. "
                    "Archive them instead."
                )
                % {"names": ", ".join(group[field][1] for group in groups)}
            )
        return super().unlink()
