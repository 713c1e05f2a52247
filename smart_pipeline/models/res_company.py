# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Conversations logged automatically (issue 23): on by default, each
    # employee may still opt out in their preferences.
    conversation_log_emails = fields.Boolean(
        string="Log E-mails",
        default=True,
        help="An e-mail sent from the chatter of a customer, of one of its "
        "contacts or of an opportunity to an external partner, or received "
        "there through the mail gateway, becomes a conversation line (channel "
        "E-mail). Never logged: internal notes, messages between employees, "
        "notifications, bounces, automatic replies, mass mailings, messages "
        "posted by scheduled actions or by the administrator.",
    )
    conversation_log_meetings = fields.Boolean(
        string="Log Meetings",
        default=True,
        help="Once a calendar event with an employee and a customer (or a "
        "contact of a customer) has ended, each employee attending it who did "
        "not decline gets a conversation line (channel Meeting, or Visit when "
        "the event takes place outside the company). Archived events are "
        "never logged.",
    )
    conversation_log_calls = fields.Boolean(
        string="Log Calls",
        default=True,
        help="Marking done a Call activity on a customer, a contact or an "
        "opportunity logs a conversation line (channel Telephone) whose note "
        "is the feedback. Follow-up activities of a line log its follow-up, "
        "as before.",
    )

    @api.multi
    def unlink(self):
        """A company's conversations are its customer history."""
        self.env["crm.conversation"]._check_history_unlink(self, ["company_id"])
        return super().unlink()
