# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class CrmConversationTopic(models.Model):
    """What a conversation was about ("About" column of the conversation log)."""

    _name = "crm.conversation.topic"
    _inherit = "crm.conversation.table"
    _description = "Conversation Topic"
    _order = "sequence, name, id"
    _conversation_field = "topic_id"

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A conversation topic with this name exists."),
    ]
