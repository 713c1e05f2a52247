# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from .crm_phonecall import SCHEDULED_STATES

# Fields of a conversation line that its phone call reflects.
LINE_FIELDS = frozenset(
    (
        "partner_id",
        "contact_id",
        "user_id",
        "team_id",
        "date_begin",
        "date_end",
        "duration",
        "lead_id",
        "note",
    )
)


class CrmConversation(models.Model):
    """The conversation line side of a phone call (see crm_phonecall.py):
    edits of a line logged from a call go to the call, a new follow-up date
    moves the scheduled call that stands for it."""

    _inherit = "crm.conversation"

    phonecall_ids = fields.One2many(
        "crm.phonecall",
        "conversation_id",
        string="Phone Call",
        readonly=True,
        help="The held phone call this line is the log of.",
    )
    phonecall_follow_up_ids = fields.One2many(
        "crm.phonecall",
        "follow_up_of_conversation_id",
        string="Scheduled Calls",
        readonly=True,
        domain=[("state", "in", SCHEDULED_STATES)],
        help="The scheduled phone call that is this line's follow-up.",
    )

    @api.multi
    def _get_changed_values(self, values):
        """The part of ``values`` that differs from this line."""
        self.ensure_one()
        return {
            name: value
            for name, value in values.items()
            if self._fields[name].convert_to_write(self[name], self) != value
        }

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if LINE_FIELDS.intersection(vals):
            for line in self:
                for call in line.phonecall_ids:
                    call._sync_from_conversation(line)
        if "follow_up_date" in vals:
            for line in self:
                for call in line.phonecall_follow_up_ids:
                    call._move_to_follow_up_date(line.follow_up_date)
        return result

    @api.multi
    def unlink(self):
        """A deleted line was no phone call after all: its call is
        cancelled (salespeople may not delete calls), and no longer follows
        up anything."""
        calls = self.mapped("phonecall_ids")
        result = super().unlink()
        calls.exists().filtered(lambda call: call.state != "cancel").write({"state": "cancel"})
        return result
