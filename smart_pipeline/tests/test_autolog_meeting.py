# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Ended calendar events become conversation lines (issue 23), through the
scheduled action, run here with fixed dates as "now"."""

from .common import AutologCase


class TestAutologMeeting(AutologCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        cls.company.partner_id.write({"street": "1 Company Street"})
        # events that exist before the tests (demo data, including events
        # already ended) are history to the scheduled action: it must only
        # look at the tests' own events, within its per-run bound and order
        cls.env.cr.execute(
            "UPDATE calendar_event SET conversation_autolog_done = TRUE"
            " WHERE conversation_autolog_done IS NOT TRUE"
        )
        cls.env["calendar.event"].invalidate_cache(["conversation_autolog_done"])

    def _event(
        self, start="2024-03-04 10:00:00", stop="2024-03-04 11:00:00", attendees=None, **values
    ):
        attendees = (
            attendees if attendees is not None else (self.salesman.partner_id | self.contact)
        )
        vals = {
            "name": "Product demo",
            "start": start,
            "stop": stop,
            "partner_ids": [(6, 0, attendees.ids)],
            "user_id": self.salesman.id,
        }
        vals.update(values)
        return self.env["calendar.event"].create(vals)

    def _run(self, now="2024-03-05 00:00:00", **kwargs):
        return self.env["calendar.event"]._cron_log_ended_events(now=now, **kwargs)

    def test_ended_event_logs_line_per_internal_attendee(self):
        event = self._event(
            attendees=self.salesman.partner_id
            | self.salesman_2.partner_id
            | self.manager.partner_id
            | self.contact
        )
        declined = event.attendee_ids.filtered(lambda a: a.partner_id == self.manager.partner_id)
        declined.write({"state": "declined"})
        self.assertEqual(self._run(), 1)
        lines = self._auto_lines("meeting").sorted("user_id")
        self.assertEqual(lines.mapped("user_id"), (self.salesman | self.salesman_2).sorted("id"))
        for line in lines:
            self.assertEqual(line.date_begin, "2024-03-04 10:00:00")
            self.assertEqual(line.duration, 60.0)
            self.assertEqual(line.partner_id, self.customer)
            self.assertEqual(line.contact_id, self.contact)
            self.assertEqual(line.channel_id, self.channel_meeting)
            self.assertEqual(line.note, "Product demo")
            self.assertEqual(line.calendar_event_id, event)
            self.assertTrue(line.completed)
            self.assertFalse(line.stage_id)
        self.assertTrue(event.conversation_autolog_done)

    def test_event_opens_from_its_line(self):
        event = self._event()
        self._run()
        line = self._auto_lines("meeting").sudo(self.salesman)
        self.assertEqual(line.source_name, "Product demo")
        action = line.action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]), ("calendar.event", event.id))

    def test_not_before_the_end_and_never_twice(self):
        self._event()
        self.assertEqual(self._run(now="2024-03-04 10:59:59"), 0)
        self.assertFalse(self._auto_lines())
        self._run(now="2024-03-04 11:00:00")
        self._run(now="2024-03-04 12:00:00")
        self.assertEqual(len(self._auto_lines("meeting")), 1)

    def test_event_ending_at_2330_in_brussels(self):
        # 23:30 in Brussels on 4 March 2024 is 22:30 UTC
        self._event(start="2024-03-04 21:30:00", stop="2024-03-04 22:30:00")
        self._run(now="2024-03-04 22:29:00")
        self.assertFalse(self._auto_lines())
        self._run(now="2024-03-04 22:30:00")
        line = self._auto_lines("meeting")
        self.assertEqual(len(line), 1)
        brussels = line.sudo(self.salesman).with_context(tz="Europe/Brussels")
        self.assertEqual(brussels.name_get()[0][1], "Conversation Customer A (03/04/2024)")
        self.assertEqual(line.date_end, "2024-03-04 22:30:00")

    def test_event_opportunity_and_outside_location_is_a_visit(self):
        self._event(location="Customer A premises, Main Road 5", opportunity_id=self.opportunity.id)
        self._run()
        line = self._auto_lines("meeting")
        self.assertEqual(line.channel_id, self.channel_visit)
        self.assertEqual(line.lead_id, self.opportunity)
        self.assertEqual(self.opportunity.stage_id, self.stage_contact)

    def test_location_at_the_company_is_a_meeting(self):
        self._event(location="Meeting room B, 1 Company Street")
        self._run()
        self.assertEqual(self._auto_lines("meeting").channel_id, self.channel_meeting)

    def test_all_day_event_is_one_working_day(self):
        self._event(
            allday=True,
            start_date="2024-03-04",
            stop_date="2024-03-06",
            start="2024-03-04 08:00:00",
            stop="2024-03-06 18:00:00",
        )
        self.assertFalse(self._run(now="2024-03-06 12:00:00"))
        self._run(now="2024-03-07 00:30:00")
        line = self._auto_lines("meeting")
        # 9:00 in Brussels (UTC+1 in March), 8 hours
        self.assertEqual(line.date_begin, "2024-03-04 08:00:00")
        self.assertEqual(line.duration, 480.0)

    def test_long_event_is_capped_by_the_line_limit(self):
        self._event(start="2024-03-04 06:00:00", stop="2024-03-04 20:00:00")
        self._run()
        self.assertEqual(self._auto_lines("meeting").duration, 600.0)

    def test_no_customer_no_line(self):
        event = self._event(attendees=self.salesman.partner_id | self.supplier)
        internal_only = self._event(attendees=self.salesman.partner_id | self.salesman_2.partner_id)
        self._run()
        self.assertFalse(self._auto_lines())
        self.assertTrue(event.conversation_autolog_done and internal_only.conversation_autolog_done)

    def test_archived_event_never_logged(self):
        event = self._event()
        event.active = False
        self._run()
        self.assertFalse(self._auto_lines())

    def test_event_moved_after_logging_moves_line(self):
        event = self._event()
        self._run()
        event.write({"start": "2024-03-04 14:00:00", "stop": "2024-03-04 14:30:00"})
        line = self._auto_lines("meeting")
        self.assertEqual((line.date_begin, line.duration), ("2024-03-04 14:00:00", 30.0))

    def test_event_archived_after_logging_loses_line(self):
        event = self._event()
        self._run()
        event.active = False
        self.assertFalse(self._auto_lines())

    def test_booking_from_line_logs_its_follow_up(self):
        origin = self._create_conversation(
            note="Propose a demo", follow_up_date="2024-03-08", channel_id=self.channel_visit.id
        )
        self.assertTrue(origin.follow_up_activity_ids)
        action = origin.sudo(self.salesman).action_create_booking()
        Event = (
            self.env["calendar.event"]
            .sudo(self.salesman)
            .with_context(action["context"], no_mail_to_attendees=True)
        )
        event = Event.create(
            {
                "name": "Demo",
                "start": "2024-03-08 09:00:00",
                "stop": "2024-03-08 10:00:00",
            }
        )
        self.assertEqual(event.conversation_id, origin)
        self._run(now="2024-03-08 11:00:00")
        line = self._auto_lines("meeting")
        self.assertEqual(len(line), 1)
        self.assertEqual(line.follow_up_of_id, origin)
        self.assertTrue(line.is_follow_up)
        self.assertTrue(origin.completed)
        self.assertEqual(origin.follow_up_state, "done")
        self.assertFalse(origin.follow_up_activity_ids.exists())

    def test_settings_and_opt_out(self):
        self.company.conversation_log_meetings = False
        self._event()
        self._run()
        self.assertFalse(self._auto_lines())
        self.company.conversation_log_meetings = True
        self.salesman_2.conversation_autolog_opt_out = True
        self._event(attendees=self.salesman.partner_id | self.salesman_2.partner_id | self.contact)
        self._run()
        self.assertEqual(self._auto_lines("meeting").mapped("user_id"), self.salesman)

    def test_bounded_per_run_oldest_first(self):
        for day in ("03", "01", "02"):
            self._event(start="2024-03-%s 10:00:00" % day, stop="2024-03-%s 11:00:00" % day)
        self.assertEqual(self._run(limit=2), 2)
        self.assertEqual(
            sorted(self._auto_lines().mapped("date_begin")),
            ["2024-03-01 10:00:00", "2024-03-02 10:00:00"],
        )
        self.assertEqual(self._run(limit=2), 1)
        self.assertEqual(len(self._auto_lines()), 3)

    def _queries_of_a_run(self, contacts, day):
        """The SQL queries of one run of the scheduled action over one ended
        event per contact (each with its own customer), started with an
        empty record cache, as a run of the scheduled action is."""
        stamp = "2024-03-%02d" % day
        for contact in contacts:
            self._event(
                start=stamp + " 10:00:00",
                stop=stamp + " 11:00:00",
                attendees=self.salesman.partner_id | contact,
            )
        self.env["calendar.event"].invalidate_cache()
        logged, count = self.count_queries(self._run, now=stamp + " 12:00:00")
        self.assertEqual(logged, len(contacts))
        return count

    def test_run_costs_the_same_queries_for_many_events(self):
        """Issue 23, speed: the scheduled action reads what it needs of
        the whole batch at once, no query per event."""
        Partner = self.env["res.partner"]
        contacts = Partner
        for index in range(10):
            customer = Partner.create(
                {"name": "Batch Customer %d" % index, "is_company": True, "customer": True}
            )
            contacts |= Partner.create(
                {"name": "Batch Contact %d" % index, "parent_id": customer.id}
            )
        # the first run fills Odoo's caches (settings, employee, xml ids)
        self._queries_of_a_run(contacts[:1], 1)
        few = self._queries_of_a_run(contacts[1:3], 2)
        many = self._queries_of_a_run(contacts[3:], 3)
        self.assertEqual(len(self._auto_lines("meeting")), 10)
        self.assertLessEqual(
            many, few, "2 events cost %d queries, 7 events %d: a query per event" % (few, many)
        )

    def test_scheduled_action_is_hourly(self):
        cron = self.env.ref("smart_pipeline.ir_cron_calendar_event_autolog")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))
        self.assertTrue(cron.active)
        self.assertIn("_cron_log_ended_events", cron.code)


class TestAutologRecurringMeeting(AutologCase):
    """A recurring event (Odoo 11: one record, virtual ids
    "id-YYYYMMDDHHMMSS" for its occurrences): each ended occurrence logs its
    lines once, at its own date. Mondays at 11:00 in Brussels (10:00 UTC in
    March 2024), four times from 4 March."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        # the events that exist before the tests are history (see above)
        cls.env.cr.execute(
            "UPDATE calendar_event SET conversation_autolog_done = TRUE"
            " WHERE conversation_autolog_done IS NOT TRUE"
        )
        cls.env["calendar.event"].invalidate_cache(["conversation_autolog_done"])

    def _series(self, **values):
        vals = {
            "recurrency": True,
            "rrule_type": "weekly",
            "interval": 1,
            "mo": True,
            "end_type": "count",
            "count": 4,
        }
        vals.update(values)
        return self._event(**vals)

    _event = TestAutologMeeting._event
    _run = TestAutologMeeting._run

    @staticmethod
    def _moved(start, stop):
        """An occurrence moved as the calendar's form saves it."""
        return {"start": start, "stop": stop, "start_datetime": start, "stop_datetime": stop}

    def _dates(self):
        return sorted(self._auto_lines("meeting").mapped("date_begin"))

    def test_each_ended_occurrence_logs_once(self):
        series = self._series()
        self.assertEqual(self._run(now="2024-03-18 10:30:00"), 2)  # the third not ended
        self.assertEqual(self._dates(), ["2024-03-04 10:00:00", "2024-03-11 10:00:00"])
        self.assertEqual(self._run(now="2024-03-18 10:30:00"), 0)
        self.assertEqual(self._run(now="2024-03-20 00:00:00"), 1)
        self.assertEqual(self._run(now="2024-04-01 00:00:00"), 1)
        lines = self._auto_lines("meeting")
        self.assertEqual(
            sorted(lines.mapped("date_begin")),
            [
                "2024-03-04 10:00:00",
                "2024-03-11 10:00:00",
                "2024-03-18 10:00:00",
                "2024-03-25 10:00:00",
            ],
        )
        self.assertEqual(set(lines.mapped("duration")), {60.0})
        self.assertEqual(lines.mapped("user_id"), self.salesman)
        self.assertEqual(lines.sudo().mapped("calendar_event_id"), series)
        # the series is over: never looked at again
        self.assertTrue(series.conversation_autolog_done)
        self.assertEqual(self._run(now="2024-05-01 00:00:00"), 0)
        self.assertEqual(len(self._auto_lines("meeting")), 4)

    def test_occurrences_bounded_per_run(self):
        self._series()
        self.assertEqual(self._run(now="2024-04-01 00:00:00", limit=3), 3)
        self.assertEqual(len(self._auto_lines("meeting")), 3)
        self.assertEqual(self._run(now="2024-04-01 00:00:00", limit=3), 1)
        self.assertEqual(len(self._auto_lines("meeting")), 4)

    def test_occurrence_moved_after_logging_moves_its_line(self):
        series = self._series()
        self._run(now="2024-03-20 00:00:00")
        occurrence = self.env["calendar.event"].browse("%d-20240311100000" % series.id)
        occurrence.write(self._moved("2024-03-11 14:00:00", "2024-03-11 15:30:00"))
        detached = self.env["calendar.event"].search([("recurrent_id", "=", series.id)])
        self.assertEqual(len(detached), 1)
        moved = self._auto_lines("meeting", date_begin="2024-03-11 14:00:00")
        self.assertEqual(moved.sudo().calendar_event_id, detached)
        self.assertEqual(moved.duration, 90.0)
        self.assertEqual(
            self._dates(), ["2024-03-04 10:00:00", "2024-03-11 14:00:00", "2024-03-18 10:00:00"]
        )
        # the detached occurrence is not logged a second time
        self._run(now="2024-03-20 00:00:00")
        self.assertEqual(len(self._auto_lines("meeting")), 3)

    def test_occurrence_deleted_after_logging_loses_its_line(self):
        series = self._series()
        self._run(now="2024-03-20 00:00:00")
        self.env["calendar.event"].browse("%d-20240318100000" % series.id).unlink()
        self.assertEqual(self._dates(), ["2024-03-04 10:00:00", "2024-03-11 10:00:00"])
        self._run(now="2024-04-01 00:00:00")
        self.assertEqual(
            self._dates(), ["2024-03-04 10:00:00", "2024-03-11 10:00:00", "2024-03-25 10:00:00"]
        )

    def test_occurrence_moved_before_it_ended_logs_as_an_event(self):
        series = self._series()
        occurrence = self.env["calendar.event"].browse("%d-20240318100000" % series.id)
        occurrence.write(self._moved("2024-03-19 08:00:00", "2024-03-19 08:30:00"))
        self._run(now="2024-04-01 00:00:00")
        self.assertEqual(
            self._dates(),
            [
                "2024-03-04 10:00:00",
                "2024-03-11 10:00:00",
                "2024-03-19 08:00:00",
                "2024-03-25 10:00:00",
            ],
        )

    def test_series_archived_loses_its_lines(self):
        series = self._series()
        self._run(now="2024-03-20 00:00:00")
        series.write({"active": False})
        self.assertFalse(self._auto_lines("meeting"))
