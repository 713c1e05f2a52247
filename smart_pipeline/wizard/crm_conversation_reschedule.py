# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import dates


class CrmConversationReschedule(models.TransientModel):
    """Move the follow-up date of one or several open conversations.

    Rescheduling keeps the original line (and its statistics) untouched
    except for the date: the salesperson did not reach the customer, the
    follow-up is still owed.
    """

    _name = "crm.conversation.reschedule"
    _inherit = ["crm.conversation.input.mixin"]
    _description = "Reschedule Follow-ups"

    conversation_ids = fields.Many2many(
        "crm.conversation",
        string="Conversations",
        required=True,
        default=lambda self: self._default_conversation_ids(),
    )
    follow_up_date = fields.Date(
        string="New Follow-up Date",
        required=True,
        default=lambda self: self._default_follow_up_date(),
    )
    note = fields.Text(
        string="Reason",
        help="Appended to the note of each conversation, e.g. 'No answer, call again Monday'.",
    )

    @api.model
    def _default_conversation_ids(self):
        if self.env.context.get("active_model") != "crm.conversation":
            return self.env["crm.conversation"]
        return self.env["crm.conversation"].browse(self.env.context.get("active_ids") or [])

    @api.model
    def _default_follow_up_date(self):
        return fields.Date.to_string(dates.reference_day(self.env) + timedelta(days=1))

    @api.constrains("follow_up_date")
    def _check_follow_up_date(self):
        today = fields.Date.to_string(dates.reference_day(self.env))
        for wizard in self:
            if wizard.follow_up_date < today:
                raise ValidationError(_("A follow-up cannot be rescheduled to a day in the past."))

    @api.multi
    def action_reschedule(self):
        self.ensure_one()
        if not self.conversation_ids:
            # record rules hide colleagues' lines from "own documents" users
            raise UserError(_("Select at least one follow-up to reschedule."))
        closed = self.conversation_ids.filtered(lambda c: c.follow_up_state in ("none", "done"))
        if closed:
            raise UserError(
                _(
                    "Only open follow-ups can be rescheduled; these are closed "
                    "or have no follow-up date: %(names)s"
                )
                % {"names": ", ".join(closed.mapped("partner_id.display_name"))}
            )
        if not self.note:
            self.conversation_ids.write({"follow_up_date": self.follow_up_date})
            return {"type": "ir.actions.act_window_close"}
        for conversation in self.conversation_ids:
            conversation.write(
                {
                    "follow_up_date": self.follow_up_date,
                    "note": "\n".join(filter(None, [conversation.note, self.note])),
                }
            )
        return {"type": "ir.actions.act_window_close"}
