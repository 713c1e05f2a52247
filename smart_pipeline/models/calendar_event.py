# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.tools import sql

from ..tools import dates
from .crm_conversation import BOOKING_HOUR, MAX_DURATION_MINUTES
from .crm_conversation_source import internal_users_of

# Ended events the scheduled action logs per run at most: the rest waits for
# the next run (hourly), so that one run never holds the database for long.
AUTOLOG_EVENT_BATCH = 500
# An all-day event counts as one working day (capped by the line's limit).
WORKING_DAY_MINUTES = min(8 * 60, MAX_DURATION_MINUTES)
# Moving one of these fields moves the lines logged from the event.
EVENT_DATE_FIELDS = frozenset(
    ("start", "stop", "allday", "start_datetime", "stop_datetime", "start_date", "stop_date")
)


class CalendarEvent(models.Model):
    """Bookings made from a conversation line keep a link back to it; ended
    events with an employee and a customer become conversation lines
    (issue 23), through an hourly scheduled action."""

    _inherit = "calendar.event"

    conversation_id = fields.Many2one(
        "crm.conversation",
        string="Conversation",
        ondelete="set null",
        index=True,
    )
    conversation_autolog_done = fields.Boolean(
        string="Conversations Logged",
        copy=False,
        index=True,
        readonly=True,
        help="The scheduled action has looked at this ended event (and logged "
        "its conversation lines if it had an employee and a customer).",
    )

    @api.model_cr_context
    def _auto_init(self):
        """Events that existed before the addon (or before this column)
        are history: the scheduled action does not log them."""
        new = not sql.column_exists(self.env.cr, self._table, "conversation_autolog_done")
        result = super()._auto_init()
        if new:
            self.env.cr.execute(
                "UPDATE calendar_event SET conversation_autolog_done = TRUE WHERE stop < %s",
                (fields.Datetime.now(),),
            )
        return result

    @api.multi
    def write(self, values):
        result = super().write(values)
        if EVENT_DATE_FIELDS.intersection(values) or values.get("active") is False:
            real = self.browse([event_id for event_id in self.ids if isinstance(event_id, int)])
            real.sudo()._autolog_follow_event()
        return result

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_log_ended_events(self, limit=AUTOLOG_EVENT_BATCH, now=None):
        """Log the events that have ended (at ``now``, a naive UTC datetime
        string; the current time by default), at most ``limit`` per run,
        oldest first; returns the number of events looked at. Recurring
        events and archived ones are never logged."""
        now = now or fields.Datetime.now()
        today = now[:10]
        Event = self.sudo().with_context(active_test=True, virtual_id=False)
        events = Event.search(
            [
                ("conversation_autolog_done", "=", False),
                ("recurrency", "=", False),
                "|",
                "&",
                ("allday", "=", False),
                ("stop", "<=", now),
                "&",
                ("allday", "=", True),
                ("stop_date", "<", today),
            ],
            order="stop, id",
            limit=limit,
        )
        if not events:
            return 0
        Conversation = self.env["crm.conversation"].sudo()
        values_list = []
        for event in events:
            values_list += event._autolog_prepare_lines()
        lines = Conversation._autolog_create(values_list)
        # one statement marks the batch done (calendar's write would look at
        # attendees, alarms and recurrences of every event)
        self.env.cr.execute(
            "UPDATE calendar_event SET conversation_autolog_done = TRUE WHERE id IN %s",
            (tuple(events.ids),),
        )
        events.invalidate_cache(["conversation_autolog_done"])
        lines.mapped("follow_up_of_id").filtered(lambda line: not line.completed).write(
            {"completed": True}
        )
        return len(events)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.multi
    def _autolog_attendees(self):
        """(internal attendees who did not decline: {partner id: user},
        external customer attendees in attendee order)."""
        self.ensure_one()
        Conversation = self.env["crm.conversation"]
        attendees = self.attendee_ids.sorted("id")
        internal = internal_users_of(attendees.mapped("partner_id"))
        present = {}
        externals = self.env["res.partner"]
        for attendee in attendees:
            partner = attendee.partner_id
            if partner.id in internal:
                if attendee.state != "declined":
                    present[partner.id] = internal[partner.id]
            elif Conversation.autolog_customer(partner, with_opportunities=False):
                externals |= partner
        return present, externals

    @api.multi
    def _autolog_is_outside(self, company):
        """Whether the event takes place outside ``company``: a location
        that is not the company's own (its name, street or city)."""
        self.ensure_one()
        location = (self.location or "").strip().lower()
        if not location:
            return False
        company_partner = company.partner_id.sudo()
        own = [company.name, company_partner.street, company_partner.display_name]
        return not any(part and part.strip().lower() in location for part in own)

    @api.multi
    def _autolog_dates(self, user):
        """(date_begin, date_end) of the line of ``user``: the event's start
        and end (at most the line's limit); an all-day event is one working
        day from the usual booking hour of its first day in the employee's
        time zone."""
        self.ensure_one()
        if self.allday:
            day = dates.to_date(self.start_date or self.start)
            begin = dates.local_to_utc(day, time(BOOKING_HOUR), user.tz)
            minutes = WORKING_DAY_MINUTES
        else:
            begin = fields.Datetime.from_string(self.start)
            stop = fields.Datetime.from_string(self.stop)
            minutes = min(max((stop - begin).total_seconds() / 60.0, 0.0), MAX_DURATION_MINUTES)
        end = begin + timedelta(minutes=minutes)
        return fields.Datetime.to_string(begin), fields.Datetime.to_string(end)

    @api.multi
    def _autolog_prepare_lines(self):
        """The values of the lines this ended event logs: one per internal
        attendee who did not decline, when a customer (or a contact of one)
        attended; none otherwise."""
        self.ensure_one()
        Conversation = self.env["crm.conversation"].sudo()
        present, externals = self._autolog_attendees()
        if not present or not externals:
            return []
        lead = self.opportunity_id
        origin = self.conversation_id
        if origin:
            partner = origin.partner_id
        elif lead and lead.partner_id:
            partner = lead.partner_id
        else:
            partner = externals[0].commercial_partner_id
        commercial = partner.commercial_partner_id
        contact = externals.filtered(lambda p: p.commercial_partner_id == commercial)[:1]
        if not contact and not origin and not lead:
            return []
        meeting = self.env.ref("smart_pipeline.crm_conversation_channel_meeting")
        visit = self.env.ref("smart_pipeline.crm_conversation_channel_visit")
        result = []
        follow_up_user = origin.user_id if origin.user_id.partner_id.id in present else None
        for user in sorted(present.values(), key=lambda u: u.id):
            values = Conversation._autolog_values("meeting", user, partner, contact, lead or None)
            if not values:
                continue
            company = self.env["res.company"].browse(values["company_id"])
            date_begin, date_end = self._autolog_dates(user)
            values.update(
                {
                    "calendar_event_id": self.id,
                    "channel_id": (visit if self._autolog_is_outside(company) else meeting).id,
                    "date_begin": date_begin,
                    "date_end": date_end,
                    "note": self._autolog_note(),
                }
            )
            if origin and (follow_up_user is None or follow_up_user == user):
                values.update({"follow_up_of_id": origin.id, "is_follow_up": True})
                follow_up_user = user
            result.append(values)
        return result

    @api.multi
    def _autolog_note(self):
        """The event's name, unless only its attendees may read it."""
        self.ensure_one()
        if self.privacy == "private":
            return _("Private meeting")
        return self.name

    @api.multi
    def _autolog_follow_event(self):
        """The event moved or was archived after its lines were logged: the
        lines move with it; an event archived, or moved to the future, loses
        them and is looked at again once it has ended."""
        Conversation = self.env["crm.conversation"].sudo()
        lines = Conversation.search([("calendar_event_id", "in", self.ids)])
        if not lines:
            return
        now = datetime.utcnow()
        by_event = {}
        for line in lines:
            by_event.setdefault(line.calendar_event_id.id, Conversation.browse())
            by_event[line.calendar_event_id.id] |= line
        for event in self.with_context(active_test=False):
            event_lines = by_event.get(event.id)
            if not event_lines:
                continue
            ended = fields.Datetime.from_string(event.stop) <= now
            if not event.active or not ended:
                event_lines.unlink()
                if event.active:
                    event.conversation_autolog_done = False
                continue
            for line in event_lines:
                date_begin, date_end = event._autolog_dates(line.user_id)
                if (line.date_begin, line.date_end) != (date_begin, date_end):
                    line.write({"date_begin": date_begin, "date_end": date_end})
