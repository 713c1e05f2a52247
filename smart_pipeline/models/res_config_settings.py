# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    group_conversation_shared_history = fields.Boolean(
        string="Shared Customer History",
        implied_group="smart_pipeline.group_conversation_shared_history",
        help="Salespeople see all conversations with the customers they can "
        "see: who called a customer yesterday, whoever it was. They still edit "
        "only their own lines, and every figure stays private.",
    )
    conversation_log_emails = fields.Boolean(
        related="company_id.conversation_log_emails",
        string="Log E-mails",
    )
    conversation_log_meetings = fields.Boolean(
        related="company_id.conversation_log_meetings",
        string="Log Meetings",
    )
    conversation_log_calls = fields.Boolean(
        related="company_id.conversation_log_calls",
        string="Log Calls",
    )
