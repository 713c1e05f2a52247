# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class CrmConversationChannel(models.Model):
    """How a conversation took place ("How" column of the conversation log)."""

    _name = "crm.conversation.channel"
    _inherit = "crm.conversation.table"
    _description = "Conversation Channel"
    _order = "sequence, name, id"
    _conversation_field = "channel_id"

    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Follow-up Activity",
        ondelete="set null",
        help="The kind of Odoo activity planned for a follow-up of a conversation "
        "held this way (telephone: Call, visit: Meeting). Empty: To Do.",
    )
    manual = fields.Boolean(
        string="Chosen by Hand",
        default=True,
        help="Offered when a conversation is logged. Channels the addon sets by "
        "itself (Pipeline update) are not.",
    )

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A conversation channel with this name exists."),
    ]
