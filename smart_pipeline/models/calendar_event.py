# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, time, timedelta

import pytz

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

    conversation_autolog_until = fields.Datetime(
        string="Occurrences Logged Until",
        copy=False,
        readonly=True,
        help="For a recurring event: the start of the last occurrence the "
        "scheduled action has looked at (each ended occurrence logs its "
        "lines once).",
    )

    @api.model_cr_context
    def _auto_init(self):
        """Events that existed before the addon (or before these columns)
        are history: the scheduled action does not log them, nor the
        occurrences of a recurring event that have already ended."""
        cr = self.env.cr
        new = not sql.column_exists(cr, self._table, "conversation_autolog_done")
        new_until = not sql.column_exists(cr, self._table, "conversation_autolog_until")
        result = super()._auto_init()
        now = fields.Datetime.now()
        if new:
            cr.execute(
                "UPDATE calendar_event SET conversation_autolog_done = TRUE WHERE stop < %s",
                (now,),
            )
        if new_until:
            cr.execute(
                "UPDATE calendar_event SET conversation_autolog_until = %s,"
                " conversation_autolog_done = FALSE WHERE recurrency",
                (now,),
            )
        return result

    @api.model
    def create(self, values):
        event = super().create(values)
        if event.recurrent_id and event.recurrent_id_date:
            event.sudo()._autolog_adopt_occurrence()
        return event

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
        oldest first; returns the number of events looked at. An archived
        event is never logged; each ended occurrence of a recurring event
        is logged once (``_autolog_recurring_events``)."""
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
        looked_at = len(events)
        if looked_at < limit:
            looked_at += self._autolog_recurring_events(now, limit - looked_at)
        if not events:
            return looked_at
        Conversation = self.env["crm.conversation"].sudo()
        events._autolog_prefetch()
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
        return looked_at

    @api.model
    def _autolog_recurring_events(self, now, limit):
        """Log the ended occurrences of recurring events (Odoo 11 keeps one
        record per series; its occurrences are virtual ids
        "id-YYYYMMDDHHMMSS"), at most ``limit``; returns the number looked
        at. Each series remembers the start of the last occurrence looked
        at (``conversation_autolog_until``), so an occurrence logs once; a
        series whose occurrences have all been looked at is done. An
        occurrence edited on its own is a real event of its own (Odoo
        detaches it), logged as any event (``_autolog_adopt_occurrence``)."""
        Event = self.sudo().with_context(active_test=True, virtual_id=False)
        series = Event.search(
            [
                ("conversation_autolog_done", "=", False),
                ("recurrency", "=", True),
                ("start", "<=", now),
            ],
            order="id",
        )
        Conversation = self.env["crm.conversation"].sudo()
        series._autolog_prefetch()
        looked_at = 0
        for event in series:
            if looked_at >= limit:
                break
            starts, finished = event._autolog_ended_occurrences(now, limit - looked_at)
            values_list = []
            for index, start in enumerate(starts):
                first = index == 0 and not event.conversation_autolog_until
                values_list += event._autolog_prepare_lines(start, follow_up=first)
            lines = Conversation._autolog_create(values_list)
            lines.mapped("follow_up_of_id").filtered(lambda line: not line.completed).write(
                {"completed": True}
            )
            looked_at += len(starts)
            if starts or finished:
                self.env.cr.execute(
                    "UPDATE calendar_event SET conversation_autolog_until = %s,"
                    " conversation_autolog_done = %s WHERE id = %s",
                    (
                        starts[-1] if starts else event.conversation_autolog_until,
                        finished,
                        event.id,
                    ),
                )
        series.invalidate_cache(["conversation_autolog_until", "conversation_autolog_done"])
        return looked_at

    @api.multi
    def _autolog_ended_occurrences(self, now, limit):
        """(the starts, naive UTC strings, of at most ``limit`` occurrences
        of this recurring event that have ended at ``now`` and were not
        looked at yet, whether no occurrence is left after them). The
        occurrences repeat at the organizer's local time, as Odoo's
        calendar shows them; detached ones are not among them."""
        self.ensure_one()
        tz = self.user_id.tz or "UTC"
        until = self.conversation_autolog_until
        begin = fields.Datetime.from_string(self.start)
        length = fields.Datetime.from_string(self.stop) - begin
        today = now[:10]
        starts = []
        for occurrence in self.with_context(tz=tz)._get_recurrent_date_by_event():
            if occurrence.tzinfo:
                occurrence = occurrence.astimezone(pytz.UTC).replace(tzinfo=None)
            start = fields.Datetime.to_string(occurrence)
            if until and start <= until:
                continue
            ended = (
                start[:10] < today
                if self.allday
                else (fields.Datetime.to_string(occurrence + length) <= now)
            )
            if not ended or len(starts) >= limit:
                return starts, False
            starts.append(start)
        return starts, True

    @api.multi
    def _autolog_adopt_occurrence(self):
        """This event is an occurrence of a recurring event that Odoo has
        just detached (edited or deleted on its own): the lines logged from
        that occurrence now belong to it, and follow it (moved with it,
        removed if it is archived or moved to the future)."""
        self.ensure_one()
        series = self.browse(self.recurrent_id).exists()
        until = series.conversation_autolog_until
        if not until or self.recurrent_id_date > until:
            return  # not looked at yet: logged as an event of its own
        Conversation = self.env["crm.conversation"].sudo()
        lines = Conversation.search([("calendar_event_id", "=", series.id)]).filtered(
            lambda line: line.date_begin
            == series._autolog_dates(line.user_id, self.recurrent_id_date)[0]
        )
        self.env.cr.execute(
            "UPDATE calendar_event SET conversation_autolog_done = TRUE WHERE id = %s",
            (self.id,),
        )
        self.invalidate_cache(["conversation_autolog_done"])
        if lines:
            lines.write({"calendar_event_id": self.id})
            self._autolog_follow_event()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.multi
    def _autolog_prefetch(self):
        """Read at once, for all these events, what ``_autolog_prepare_lines``
        reads of each: their attendees, the attendees' partners, their users
        and commercial entities, the lines they were booked from and their
        opportunities. The loop over the events then finds all of it in the
        record cache: a run costs the same few queries however many events
        it logs, instead of about four more per event (issue 23, speed)."""
        partners = self.mapped("attendee_ids.partner_id")
        partners.mapped("user_ids.share")
        partners.mapped("commercial_partner_id.customer")
        self.mapped("conversation_id.partner_id.commercial_partner_id")
        self.mapped("conversation_id.user_id.partner_id")
        self.mapped("opportunity_id.partner_id.commercial_partner_id")

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
            elif Conversation._autolog_customer(partner, with_opportunities=False):
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
    def _autolog_dates(self, user, occurrence=None):
        """(date_begin, date_end) of the line of ``user``: the event's start
        (or the ``occurrence``'s, a naive UTC string, for a recurring event)
        and end (at most the line's limit); an all-day event is one working
        day from the usual booking hour of its first day in the employee's
        time zone."""
        self.ensure_one()
        if self.allday:
            day = dates.to_date((occurrence or self.start_date or self.start)[:10])
            begin = dates.local_to_utc(day, time(BOOKING_HOUR), user.tz)
            minutes = WORKING_DAY_MINUTES
        else:
            start = fields.Datetime.from_string(self.start)
            stop = fields.Datetime.from_string(self.stop)
            begin = fields.Datetime.from_string(occurrence) if occurrence else start
            minutes = min(max((stop - start).total_seconds() / 60.0, 0.0), MAX_DURATION_MINUTES)
        end = begin + timedelta(minutes=minutes)
        return fields.Datetime.to_string(begin), fields.Datetime.to_string(end)

    @api.multi
    def _autolog_prepare_lines(self, occurrence=None, follow_up=True):
        """The values of the lines this ended event (or its ``occurrence``,
        see ``_autolog_dates``) logs: one per internal attendee who did not
        decline, when a customer (or a contact of one) attended; none
        otherwise. ``follow_up``: whether they may follow up the line the
        event was booked from (only the first occurrence of a series)."""
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
        # the ids (cached by Odoo across transactions), not ``env.ref``: it
        # checks that the record exists, one query per event
        ModelData = self.env["ir.model.data"]
        meeting_id = ModelData.xmlid_to_res_id(
            "smart_pipeline.crm_conversation_channel_meeting", raise_if_not_found=True
        )
        visit_id = ModelData.xmlid_to_res_id(
            "smart_pipeline.crm_conversation_channel_visit", raise_if_not_found=True
        )
        result = []
        follow_up_user = origin.user_id if origin.user_id.partner_id.id in present else None
        for user in sorted(present.values(), key=lambda u: u.id):
            values = Conversation._autolog_values("meeting", user, partner, contact, lead or None)
            if not values:
                continue
            company = self.env["res.company"].browse(values["company_id"])
            date_begin, date_end = self._autolog_dates(user, occurrence)
            values.update(
                {
                    "calendar_event_id": self.id,
                    "channel_id": visit_id if self._autolog_is_outside(company) else meeting_id,
                    "date_begin": date_begin,
                    "date_end": date_end,
                    "note": self._autolog_note(),
                }
            )
            if follow_up and origin and (follow_up_user is None or follow_up_user == user):
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
            if event.recurrency:
                # each line has its occurrence's date: a series edited as a
                # whole keeps what already happened; archived, it loses
                # its lines and is looked at again if restored
                if not event.active:
                    event_lines.unlink()
                    self.env.cr.execute(
                        "UPDATE calendar_event SET conversation_autolog_until = NULL"
                        " WHERE id = %s",
                        (event.id,),
                    )
                    event.invalidate_cache(["conversation_autolog_until"])
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
