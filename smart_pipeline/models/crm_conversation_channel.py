# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class CrmConversationChannel(models.Model):
    """How a conversation took place ("How" column of the conversation log)."""

    _name = "crm.conversation.channel"
    _inherit = "crm.conversation.table"
    _description = "Conversation Channel"
    _order = "sequence, name, id"
    _conversation_field = "channel_id"

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A conversation channel with this name exists."),
    ]
