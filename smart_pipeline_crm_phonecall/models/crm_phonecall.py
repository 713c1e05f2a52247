# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import time, timedelta

import pytz

from odoo import api, fields, models

from odoo.addons.smart_pipeline.models.crm_conversation import MAX_DURATION_MINUTES
from odoo.addons.smart_pipeline.tools import dates

# The shipped channel every phone call's conversation line is logged on.
TELEPHONE_CHANNEL = "smart_pipeline.crm_conversation_channel_telephone"
# A call becomes a conversation line once it took place: "Held" (the state of
# a logged call, and of a scheduled one when it is done).
HELD_STATE = "done"
# A scheduled call that may still take place: the follow-up it stands for.
SCHEDULED_STATES = ("open", "pending")
# Fields of a call that its conversation line reflects.
CALL_FIELDS = frozenset(
    (
        "state",
        "partner_id",
        "user_id",
        "team_id",
        "date",
        "duration",
        "opportunity_id",
        "name",
        "description",
        "follow_up_of_conversation_id",
    )
)


class CrmPhonecall(models.Model):
    """A phone call of OCA's crm_phonecall and smart_pipeline's conversation
    log are one record seen twice: a held call (logged, or scheduled and
    then held) is a conversation line on the customer, channel Telephone,
    and a scheduled call following a held one is that line's follow-up.

    The two are kept in step by comparing values: each side writes only
    what differs on the other, so an edit mirrored back finds nothing to
    change and stops (no loop, no context switch to trust)."""

    _inherit = "crm.phonecall"

    conversation_id = fields.Many2one(
        "crm.conversation",
        string="Conversation Line",
        readonly=True,
        copy=False,
        index=True,
        ondelete="set null",
        help="The customer's conversation line this held call is logged as.",
    )
    follow_up_of_conversation_id = fields.Many2one(
        "crm.conversation",
        string="Follow-up Of",
        readonly=True,
        copy=False,
        index=True,
        ondelete="set null",
        help="The conversation line whose follow-up this scheduled call is: its "
        "date is the line's follow-up date, and holding the call logs the "
        "follow-up line.",
    )

    _sql_constraints = [
        (
            "conversation_uniq",
            "unique(conversation_id)",
            "A conversation line is the log of one phone call only.",
        )
    ]

    @api.model
    def create(self, vals):
        call = super().create(vals)
        call._sync_conversation()
        return call

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if CALL_FIELDS.intersection(vals):
            self._sync_conversation()
        return result

    @api.multi
    def unlink(self):
        """A deleted call takes its conversation line along; the line it
        followed up loses that follow-up date."""
        lines = self.mapped("conversation_id")
        followed = self.filtered(lambda call: call.state in SCHEDULED_STATES).mapped(
            "follow_up_of_conversation_id"
        )
        result = super().unlink()
        lines.exists().unlink()
        for line in followed.exists():
            if line.follow_up_date and not line.phonecall_follow_up_ids:
                line.write({"follow_up_date": False})
        return result

    @api.multi
    def schedule_another_phonecall(
        self,
        schedule_time,
        call_summary,
        user_id=False,
        team_id=False,
        tag_ids=False,
        action="schedule",
        return_recordset=False,
    ):
        """A call scheduled from a logged one is the follow-up of its
        conversation line."""
        new_calls = super().schedule_another_phonecall(
            schedule_time,
            call_summary,
            user_id=user_id,
            team_id=team_id,
            tag_ids=tag_ids,
            action=action,
            return_recordset=False,
        )
        for call_id, new_call in new_calls.items():
            line = self.browse(call_id).conversation_id
            if line and new_call.state in SCHEDULED_STATES:
                new_call.write({"follow_up_of_conversation_id": line.id})
        if return_recordset:
            return self.browse([call.id for call in new_calls.values()])
        return new_calls

    # ------------------------------------------------------------------
    # From the call to the conversation line
    # ------------------------------------------------------------------
    @api.multi
    def _get_customer_contact(self):
        """The person spoken with, and the customer (their company) the
        line is logged on: the call's contact, else its opportunity's."""
        self.ensure_one()
        contact = self.partner_id or self.opportunity_id.partner_id
        return contact, contact.commercial_partner_id

    @api.multi
    def _get_conversation_note(self):
        """The line's note: the call summary, then its description."""
        self.ensure_one()
        description = (self.description or "").strip()
        return "%s\n%s" % (self.name, description) if description else self.name

    @api.multi
    def _prepare_conversation_values(self):
        """Values of the conversation line of this held call."""
        self.ensure_one()
        contact, customer = self._get_customer_contact()
        begin = self.date or self.create_date
        # crm_phonecall gives a held call without a duration the time since
        # its date, modulo a day: beyond a line's longest, none
        duration = self.duration if 0 < self.duration <= MAX_DURATION_MINUTES else 0.0
        # the line's duration is its time end less its time begin: both are
        # written, so that moving the call and changing its duration at once
        # never leaves an end before the begin
        end = fields.Datetime.from_string(begin) + timedelta(seconds=round(duration * 60))
        values = {
            "partner_id": customer.id,
            "contact_id": contact.id,
            "user_id": self.user_id.id or self.env.uid,
            "date_begin": begin,
            "date_end": fields.Datetime.to_string(end) if duration else False,
            "lead_id": self.opportunity_id.id or False,
            "note": self._get_conversation_note(),
        }
        if self.team_id:
            values["team_id"] = self.team_id.id
        follow_up_of = self.follow_up_of_conversation_id
        if follow_up_of and follow_up_of.commercial_partner_id == customer:
            values["follow_up_of_id"] = follow_up_of.id
        return values

    @api.multi
    def _sync_conversation(self):
        """Make each call's conversation line match it: a held call with a
        customer has its line (created once), any other call none; a
        scheduled follow-up call sets its line's follow-up date."""
        Conversation = self.env["crm.conversation"]
        for call in self:
            contact, _customer = call._get_customer_contact()
            line = call.conversation_id
            if call.state == HELD_STATE and contact:
                values = call._prepare_conversation_values()
                if line:
                    changes = line._get_changed_values(values)
                    if changes:
                        line.write(changes)
                else:
                    values["channel_id"] = self.env.ref(TELEPHONE_CHANNEL).id
                    # the line's own write mirrors nothing back yet: the
                    # call is linked right after, with the values it gave
                    line = Conversation.create(values)
                    call.write({"conversation_id": line.id})
            elif line:
                # no longer held (reopened, cancelled) or no customer left
                call.write({"conversation_id": False})
                line.unlink()
            call._sync_follow_up_date()

    @api.multi
    def _sync_follow_up_date(self):
        """A scheduled follow-up call: its day is the followed line's
        follow-up date; cancelled, it leaves the line without one."""
        self.ensure_one()
        line = self.follow_up_of_conversation_id
        if not line or line.follow_up_ids:
            return
        if self.state in SCHEDULED_STATES and self.date:
            day = dates.utc_to_local_day(self.date, self.user_id.tz or self.env.user.tz)
            day = fields.Date.to_string(day)
            if line.follow_up_date != day:
                line.write({"follow_up_date": day})
        elif self.state == "cancel" and line.follow_up_date:
            line.write({"follow_up_date": False})

    # ------------------------------------------------------------------
    # From the conversation line to the call
    # ------------------------------------------------------------------
    @api.multi
    def _sync_from_conversation(self, line):
        """Write on this held call what its line says differently."""
        self.ensure_one()
        lines = (line.note or "").strip().split("\n", 1)
        values = {
            "partner_id": (line.contact_id or line.partner_id).id,
            "user_id": line.user_id.id,
            "date": line.date_begin,
            "duration": line.duration,
            "opportunity_id": line.lead_id.id or False,
        }
        if line.team_id:
            values["team_id"] = line.team_id.id
        if lines[0]:
            values["name"] = lines[0]
            values["description"] = lines[1].strip() if len(lines) > 1 else False
        changes = {
            name: value
            for name, value in values.items()
            if self._fields[name].convert_to_write(self[name], self) != value
            and not (name == "description" and not value and not self.description)
        }
        if changes:
            self.write(changes)

    @api.multi
    def _move_to_follow_up_date(self, day):
        """Move this scheduled call to ``day`` (its line's new follow-up
        date), at the same time of day in its user's timezone; no day
        cancels it."""
        self.ensure_one()
        if not day:
            if self.state != "cancel":
                self.write({"state": "cancel"})
            return
        day = dates.to_date(day)
        tz_name = dates.valid_tz(self.user_id.tz or self.env.user.tz)
        at_time = time(9)
        if self.date:
            moment = pytz.utc.localize(fields.Datetime.from_string(self.date))
            local = moment.astimezone(pytz.timezone(tz_name))
            if local.date() == day:
                return
            at_time = local.time()
        moment = dates.local_to_utc(day, at_time, tz_name)
        self.write({"date": fields.Datetime.to_string(moment)})
