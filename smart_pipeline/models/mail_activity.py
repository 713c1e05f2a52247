# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class MailActivity(models.Model):
    """A follow-up date of a conversation is an Odoo activity, so that a
    salesperson has one to-do list (systray, chatter, "Next Activity"
    columns). The conversation line stays the reference: its follow-up date,
    completed flag and follow-up lines decide whether the activity exists;
    the activity only feeds back what users do with it in Odoo's own screens
    (mark done, move the due date)."""

    _inherit = "mail.activity"

    conversation_id = fields.Many2one(
        "crm.conversation",
        string="Conversation",
        ondelete="cascade",
        index=True,
        readonly=True,
        help="The conversation whose follow-up this activity is.",
    )

    @api.multi
    def write(self, values):
        result = super().write(values)
        if "date_deadline" in values:
            # rescheduled in the chatter: the line's follow-up date follows,
            # which moves the activity's twin (customer / opportunity) too
            for activity in self.filtered("conversation_id"):
                conversation = activity.conversation_id
                if conversation.follow_up_date != activity.date_deadline:
                    conversation.write({"follow_up_date": activity.date_deadline})
        return result

    @api.multi
    def action_feedback(self, feedback=False):
        """Marking a follow-up activity done logs the follow-up line (the
        feedback is its note) and completes the conversation it follows up.
        Activities closed because the line was completed or followed up on
        the conversation side find it closed already and log nothing."""
        conversations = self.mapped("conversation_id").filtered(
            lambda conversation: conversation._is_follow_up_open()
        )
        result = super().action_feedback(feedback=feedback)
        conversations._log_follow_up_from_activity(feedback)
        return result
