# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class CalendarEvent(models.Model):
    """Bookings made from a conversation line keep a link back to it."""

    _inherit = "calendar.event"

    conversation_id = fields.Many2one(
        "crm.conversation",
        string="Conversation",
        ondelete="set null",
        index=True,
    )
