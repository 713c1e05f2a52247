# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date

import icalendar
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from .common import ConversationCase


class TestConversation(ConversationCase):
    # ------------------------------------------------------------------
    # Defaults, duration and onchanges
    # ------------------------------------------------------------------
    def test_defaults_come_from_the_employee(self):
        self.salesman.sudo(self.salesman).write(
            {"default_conversation_topic_id": self.topic_support.id}
        )
        conversation = (
            self.env["crm.conversation"]
            .sudo(self.salesman)
            .create({"partner_id": self.customer.id})
        )
        self.assertEqual(conversation.user_id, self.salesman)
        self.assertEqual(conversation.team_id, self.team)
        self.assertEqual(conversation.topic_id, self.topic_support)
        self.assertEqual(conversation.company_id, self.company)
        self.assertTrue(conversation.date_begin)
        self.assertFalse(conversation.is_follow_up)
        self.assertFalse(conversation.completed)

    def test_default_team_is_one_of_the_employees_teams(self):
        """Odoo chooses among several teams (its first by name); a single
        team, led or joined, is the default; no team, no default (Odoo
        would fall back to the main sales team, which is not theirs)."""
        Conversation = self.env["crm.conversation"]
        led = self.env["crm.team"].create(
            {"name": "Conversation Team 0 Led", "user_id": self.salesman.id}
        )
        self.assertEqual(self.salesman._get_sales_teams(), led | self.team)
        self.assertEqual(Conversation._get_default_team(self.salesman), led)
        leader = self._create_user("conv_leader", self.group_salesman)
        self.assertFalse(Conversation._get_default_team(leader))
        led.user_id = leader
        self.assertEqual(Conversation._get_default_team(leader), led)
        self.assertEqual(Conversation._get_default_team(self.salesman), self.team)
        conversation = Conversation.sudo(leader).create({"partner_id": self.customer.id})
        self.assertEqual(conversation.team_id, led)

    def test_duration_is_computed_from_the_times(self):
        conversation = self._create_conversation(date_end="2024-03-04 09:45:00")
        self.assertEqual(conversation.duration, 45.0)
        conversation.write({"date_end": "2024-03-04 10:30:30"})
        self.assertEqual(conversation.duration, 90.5)
        conversation.write({"date_end": False})
        self.assertEqual(conversation.duration, 0.0)

    def test_editing_the_duration_moves_the_time_end(self):
        conversation = self._create_conversation(duration=20)
        self.assertEqual(conversation.date_end, "2024-03-04 09:20:00")
        conversation.write({"duration": 75})
        self.assertEqual(conversation.date_end, "2024-03-04 10:15:00")
        self.assertEqual(conversation.date_begin, "2024-03-04 09:00:00")

    def test_negative_duration_is_refused(self):
        with self.refused(ValidationError, "cannot be negative"):
            self._create_conversation(duration=-5)
        conversation = self._create_conversation(duration=10)
        with self.refused(ValidationError, "cannot be negative"):
            conversation.write({"duration": -1})

    def test_time_end_before_time_begin_is_refused(self):
        with self.refused(ValidationError, "before its time begin"):
            self._create_conversation(date_end="2024-03-04 08:59:00")
        conversation = self._create_conversation(date_end="2024-03-04 09:30:00")
        with self.refused(ValidationError, "before its time begin"):
            conversation.write({"date_begin": "2024-03-04 10:00:00"})

    def _onchange(self, values, field_name, record=None):
        Conversation = record or self.env["crm.conversation"].sudo(self.salesman)
        return Conversation.onchange(values, field_name, Conversation._onchange_spec())["value"]

    def test_typing_the_note_fills_employee_and_time_begin(self):
        before = fields.Datetime.now()
        values = {
            "partner_id": self.customer.id,
            "user_id": self.salesman_2.id,
            "team_id": self.team_b.id,
            "date_begin": "2024-01-01 08:00:00",
            "note": "Asked for the new price list",
        }
        result = self._onchange(values, "note")
        self.assertEqual(result["user_id"][0], self.salesman.id)
        self.assertGreaterEqual(result["date_begin"], before)
        self.assertEqual(result["team_id"][0], self.team.id)

    def test_typing_the_note_keeps_a_time_begin_and_employee_the_user_chose(self):
        """The form carries date_begin_kept: once the user has set Time Begin
        or the employee, typing (or correcting) the note leaves both; the
        first typing with nothing chosen fills them, and only once."""
        defaults = {
            "partner_id": self.customer.id,
            "user_id": self.salesman.id,
            "date_begin": "2024-03-04 09:00:00",
            "date_begin_kept": False,
            "note": False,
        }
        # opening the form runs every onchange: nothing is chosen yet
        first = self._onchange(dict(defaults), [])
        self.assertFalse(first.get("date_begin_kept"))
        # back-dating the call marks it chosen, as does picking a colleague
        values = dict(defaults, date_begin="2024-03-01 17:00:00")
        self.assertTrue(self._onchange(values, "date_begin")["date_begin_kept"])
        values = dict(defaults, user_id=self.salesman_2.id)
        self.assertTrue(self._onchange(values, "user_id")["date_begin_kept"])
        # then the note: both stay
        values = dict(
            defaults,
            date_begin="2024-03-01 17:00:00",
            user_id=self.salesman_2.id,
            date_begin_kept=True,
            note="Called back about the spring order",
        )
        result = self._onchange(values, "note")
        self.assertNotIn("date_begin", result)
        self.assertNotIn("user_id", result)
        # nothing chosen: the note fills them and marks them filled, so a
        # corrected note does not move the time again; a typed duration
        # keeps its length (Time End moves with the begin)
        before = fields.Datetime.now()
        values = dict(
            defaults, date_end="2024-03-04 09:15:00", duration=15, note="Asked for a quote"
        )
        result = self._onchange(values, "note")
        self.assertGreaterEqual(result["date_begin"], before)
        self.assertTrue(result["date_begin_kept"])
        length = fields.Datetime.from_string(result["date_end"]) - fields.Datetime.from_string(
            result["date_begin"]
        )
        self.assertEqual(length.total_seconds(), 15 * 60)
        self.assertNotIn("duration", result)

    def test_editing_an_existing_note_keeps_employee_and_time(self):
        conversation = self._create_conversation(note="First call")
        values = {
            "partner_id": self.customer.id,
            "user_id": self.salesman.id,
            "date_begin": conversation.date_begin,
            "note": "First call, corrected",
        }
        result = self._onchange(values, "note", record=conversation)
        self.assertNotIn("date_begin", result)

    def test_onchange_duration_shows_the_new_time_end(self):
        values = {
            "partner_id": self.customer.id,
            "date_begin": "2024-03-04 09:00:00",
            "date_end": False,
            "duration": 25,
        }
        result = self._onchange(values, "duration")
        self.assertEqual(result["date_end"], "2024-03-04 09:25:00")

    def test_changing_time_begin_keeps_the_typed_duration_and_moves_time_end(self):
        """Duration 15 typed, then Time Begin back-dated to the evening
        before: the duration stays 15 (it became 915 minutes, then "must
        be between 0 and 600"), Time End follows."""
        values = {
            "partner_id": self.customer.id,
            "date_begin": "2024-03-03 18:00:00",
            "date_end": "2024-03-04 09:15:00",
            "duration": 15,
        }
        result = self._onchange(values, "date_begin")
        self.assertEqual(result["date_end"], "2024-03-03 18:15:00")
        self.assertNotIn("duration", result)
        # a saved line too: the begin moves, the end follows
        conversation = self._create_conversation(duration=15)
        values.update(date_begin="2024-02-20 08:00:00", date_end=conversation.date_end)
        result = self._onchange(values, "date_begin", record=conversation)
        self.assertEqual(result["date_end"], "2024-02-20 08:15:00")
        self.assertNotIn("duration", result)

    def test_dates_are_checked_as_they_are_typed(self):
        """The composer's checks answer on the field, before any save: a
        follow-up before the conversation's day, a time in the future."""
        values = {
            "partner_id": self.customer.id,
            "date_begin": "2024-03-04 09:00:00",
            "follow_up_date": "2024-03-03",
        }
        Conversation = self.env["crm.conversation"].sudo(self.salesman)
        result = Conversation.onchange(values, "follow_up_date", Conversation._onchange_spec())
        self.assertIn("cannot be before the day", result["warning"]["message"])
        values.update(follow_up_date="2024-03-05", date_begin="2999-01-01 09:00:00")
        result = Conversation.onchange(values, "date_begin", Conversation._onchange_spec())
        self.assertIn("cannot be later than the end of today", result["warning"]["message"])
        values.update(date_begin="2024-03-04 09:00:00")
        result = Conversation.onchange(values, "follow_up_date", Conversation._onchange_spec())
        self.assertNotIn("warning", result)

    def test_composer_logs_a_line_at_once_from_customer_and_opportunity(self):
        partner = self.customer.sudo(self.salesman)
        action = partner.action_log_conversation()
        self.assertEqual((action["res_model"], action["target"]), ("crm.conversation", "new"))
        line = (
            self.env["crm.conversation"]
            .sudo(self.salesman)
            .with_context(**action["context"])
            .create({"note": "Composer from the customer", "date_begin": "2024-03-04 09:00:00"})
        )
        self.assertEqual(line.partner_id, self.customer)
        lead = (
            self.env["crm.lead"]
            .sudo(self.salesman)
            .create(
                {
                    "name": "Composer deal",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "stage_id": self.stage["qualified"].id,
                }
            )
        )
        context = lead.action_log_conversation()["context"]
        line = (
            self.env["crm.conversation"]
            .sudo(self.salesman)
            .with_context(**context)
            .create({"note": "Composer from the deal", "date_begin": "2024-03-04 10:00:00"})
        )
        self.assertEqual((line.lead_id, line.stage_id), (lead, self.stage["qualified"]))
        self.assertEqual(lead.stage_id, self.stage["qualified"])

    def test_onchange_partner_drops_a_contact_of_another_customer(self):
        values = {"partner_id": self.customer_b.id, "contact_id": self.contact.id}
        result = self._onchange(values, "partner_id")
        self.assertFalse(result["contact_id"])

    # ------------------------------------------------------------------
    # Rules on contacts, follow-ups and pipeline positions
    # ------------------------------------------------------------------
    def test_contact_must_belong_to_the_customer(self):
        conversation = self._create_conversation(contact_id=self.contact.id)
        self.assertEqual(conversation.contact_id, self.contact)
        # the customer itself is a valid "with whom"
        conversation.write({"contact_id": self.customer.id})
        with self.refused(ValidationError, "With Whom must be the customer"):
            self._create_conversation(contact_id=self.contact_b.id)
        with self.refused(ValidationError, "With Whom must be the customer"):
            conversation.write({"contact_id": self.contact_b.id})

    def test_contact_of_a_contact_person_belongs_to_the_company(self):
        conversation = self._create_conversation(
            partner_id=self.contact.id, contact_id=self.customer.id
        )
        self.assertEqual(conversation.commercial_partner_id, self.customer)

    def test_commercial_entity_follows_the_customer(self):
        on_contact = self._create_conversation(partner_id=self.contact.id)
        on_company = self._create_conversation()
        self.assertEqual(on_contact.commercial_partner_id, self.customer)
        # the contact joins another company: its lines follow it
        self.contact.write({"parent_id": self.customer_b.id})
        self.assertEqual(on_contact.commercial_partner_id, self.customer_b)
        self.assertEqual(on_company.commercial_partner_id, self.customer)
        on_company.write({"partner_id": self.customer_b.id})
        self.assertEqual(on_company.commercial_partner_id, self.customer_b)
        # the value is derived, never taken from the caller
        on_company.write({"commercial_partner_id": self.customer.id})
        self.assertEqual(on_company.commercial_partner_id, self.customer_b)

    def test_follow_up_links_lines_of_the_same_customer(self):
        origin = self._create_conversation(follow_up_date="2024-03-11")
        follow_up = self._create_conversation(
            date_begin="2024-03-11 10:00:00",
            partner_id=self.contact.id,
            follow_up_of_id=origin.id,
        )
        self.assertTrue(follow_up.is_follow_up)
        self.assertEqual(origin.follow_up_ids, follow_up)

    def test_follow_up_of_another_customer_is_refused(self):
        origin = self._create_conversation(partner_id=self.customer_b.id)
        with self.refused(ValidationError, "only follow up a conversation with the same customer"):
            self._create_conversation(follow_up_of_id=origin.id)
        follow_up = self._create_conversation(
            partner_id=self.customer_b.id, follow_up_of_id=origin.id
        )
        # moving the original to another customer breaks the link too
        with self.refused(ValidationError, "only follow up a conversation with the same customer"):
            origin.write({"partner_id": self.customer.id})
        self.assertEqual(follow_up.follow_up_of_id, origin)

    def test_follow_up_of_itself_or_in_a_circle_is_refused(self):
        first = self._create_conversation()
        with self.refused(ValidationError, "cannot follow up itself"):
            first.write({"follow_up_of_id": first.id})
        second = self._create_conversation(follow_up_of_id=first.id)
        with self.refused(ValidationError, "in a circle"):
            first.write({"follow_up_of_id": second.id})

    def test_pipeline_position_of_another_team_is_refused(self):
        conversation = self._create_conversation(stage_id=self.stage_proposal.id)
        self.assertEqual(conversation.stage_id, self.stage_proposal)
        with self.refused(ValidationError, "reserved to another sales team"):
            self._create_conversation(stage_id=self.stage_team_b.id)
        with self.refused(ValidationError, "reserved to another sales team"):
            conversation.write({"stage_id": self.stage_team_b.id})
        own = self._create_conversation(user=self.salesman_2, stage_id=self.stage_team_b.id)
        self.assertEqual(own.team_id, self.team_b)
        with self.refused(ValidationError, "reserved to another sales team"):
            own.sudo().write({"team_id": self.team.id})

    # ------------------------------------------------------------------
    # Customer summary
    # ------------------------------------------------------------------
    def test_partner_summary_of_the_conversations(self):
        self._create_conversation(
            date_begin="2024-02-01 09:00:00",
            stage_id=self.stage_contact.id,
            follow_up_date="2024-02-05",
            completed=True,
        )
        self._create_conversation(
            date_begin="2024-02-10 09:00:00",
            partner_id=self.contact.id,
            stage_id=self.stage_proposal.id,
            follow_up_date="2024-03-20",
        )
        self._create_conversation(
            date_begin="2024-02-20 15:00:00",
            follow_up_date="2024-03-01",
        )
        self._create_conversation(
            date_begin="2024-02-20 15:00:00",
            partner_id=self.customer_b.id,
            stage_id=self.stage_contact.id,
        )
        customer = self.customer.sudo(self.salesman)
        self.assertEqual(customer.conversation_count, 3)
        self.assertEqual(customer.last_conversation_date, "2024-02-20 15:00:00")
        # completed lines are not followed up any more
        self.assertEqual(customer.next_follow_up_date, "2024-03-01")
        # the latest line with a position, even if later lines have none
        self.assertEqual(customer.pipeline_stage_id, self.stage_proposal)
        contact = self.contact.sudo(self.salesman)
        self.assertEqual(contact.conversation_count, 1)
        self.assertEqual(contact.next_follow_up_date, "2024-03-20")
        self.assertEqual(self.customer_b.conversation_count, 1)
        self.assertEqual(self.contact_b.conversation_count, 0)
        self.assertFalse(self.contact_b.pipeline_stage_id)
        action = customer.action_view_conversations()
        self.assertEqual(
            self.env["crm.conversation"].search(action["domain"]),
            customer.conversation_ids | self.contact.conversation_ids,
        )

    def test_account_opened_date_defaults_to_creation_day(self):
        partner = self.env["res.partner"].create({"name": "New Customer"})
        self.assertEqual(partner.account_opened_date, fields.Date.context_today(partner))
        partner.write({"account_opened_date": "2019-05-02"})
        self.assertEqual(partner.account_opened_date, "2019-05-02")

    def test_existing_partners_keep_their_creation_day(self):
        """Installing the addon on a database with partners fills the new
        column from create_date, not with the day of the installation."""
        # fail rather than wait if another transaction holds res_partner
        self.env.cr.execute("SET LOCAL lock_timeout = '10s'")
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = '2019-05-02 10:00:00' WHERE id = %s",
            (self.customer_b.id,),
        )
        self.env.cr.execute("ALTER TABLE res_partner DROP COLUMN account_opened_date")
        # as the module loader does: _auto_init() and init(), then the work
        # _auto_init() queues on the registry (reflecting the model...), here
        # on this test's cursor; _auto_init() alone would leave that work
        # queued for the next module the loader installs, whose cursor would
        # then run it on this test's, closed by then
        self.registry.init_models(self.env.cr, ["res.partner"], dict(self.env.context))
        self.env["res.partner"].invalidate_cache()
        self.assertEqual(self.customer_b.account_opened_date, "2019-05-02")

    # ------------------------------------------------------------------
    # Follow up on this, bookings, Outlook task
    # ------------------------------------------------------------------
    def test_follow_up_on_this(self):
        origin = self._create_conversation(
            contact_id=self.contact.id,
            topic_id=self.topic_sales.id,
            channel_id=self.channel_phone.id,
            stage_id=self.stage_proposal.id,
            follow_up_date="2024-03-11",
            note="Sent the proposal",
        )
        action = origin.sudo(self.salesman).action_follow_up()
        self.assertEqual(action["res_model"], "crm.conversation")
        self.assertEqual(action["target"], "new")
        follow_up = (
            self.env["crm.conversation"]
            .sudo(self.salesman)
            .with_context(**action["context"])
            .create({"date_begin": "2024-03-11 10:00:00", "note": "Called back"})
        )
        self.assertTrue(follow_up.is_follow_up)
        self.assertEqual(follow_up.follow_up_of_id, origin)
        self.assertEqual(follow_up.partner_id, self.customer)
        self.assertEqual(follow_up.contact_id, self.contact)
        self.assertEqual(follow_up.topic_id, self.topic_sales)
        self.assertEqual(follow_up.channel_id, self.channel_phone)
        self.assertEqual(follow_up.stage_id, self.stage_proposal)
        self.assertEqual(follow_up.user_id, self.salesman)
        self.assertFalse(follow_up.follow_up_date)
        self.assertFalse(origin.completed)
        result = follow_up.action_complete_original()
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        self.assertTrue(origin.completed)
        self.assertFalse(follow_up.completed)

    def test_create_booking(self):
        conversation = self._create_conversation(
            contact_id=self.contact.id,
            topic_id=self.topic_sales.id,
            follow_up_date="2024-03-11",
            note="Show the new model",
        )
        action = conversation.sudo(self.salesman).action_create_booking()
        self.assertEqual(action["res_model"], "calendar.event")
        context = action["context"]
        # 9:00 in Brussels (CET) is 8:00 UTC
        self.assertEqual(context["default_start"], "2024-03-11 08:00:00")
        # the event form sends its defaults when saved
        Event = self.env["calendar.event"].sudo(self.salesman).with_context(**context)
        event = Event.create(Event.default_get(list(Event._fields)))
        self.assertEqual(event.conversation_id, conversation)
        self.assertEqual(event.description, "Show the new model")
        self.assertEqual(event.start, "2024-03-11 08:00:00")
        self.assertIn(self.customer.name, event.name)
        self.assertEqual(
            event.partner_ids,
            self.customer | self.contact | self.salesman.partner_id,
        )
        self.assertEqual(conversation.booking_ids, event)
        self.assertEqual(conversation.booking_count, 1)
        bookings = conversation.action_view_bookings()
        self.assertEqual(self.env["calendar.event"].search(bookings["domain"]), event)

    def test_outlook_task_parses_back(self):
        note = (
            "Called Alice; she wants 12 units, delivered before Easter.\n"
            "Second line: prices in € — ask the warehouse about stock levels "
            "for the whole range of products, then send a written quotation."
        )
        conversation = self._create_conversation(
            contact_id=self.contact.id,
            topic_id=self.topic_sales.id,
            follow_up_date="2024-03-11",
            note=note,
        )
        action = conversation.action_create_outlook_task()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("/smart_pipeline/conversation/%d/" % conversation.id, action["url"])
        content = conversation.sudo(self.salesman)._get_ical_task()
        for line in content.split(b"\r\n"):
            self.assertLessEqual(len(line), 75)
        calendar = icalendar.Calendar.from_ical(content)
        todos = calendar.walk("VTODO")
        self.assertEqual(len(todos), 1)
        todo = todos[0]
        self.assertEqual(str(todo["DESCRIPTION"]), note)
        self.assertEqual(todo.decoded("DUE"), date(2024, 3, 11))
        self.assertIn(self.customer.name, str(todo["SUMMARY"]))
        self.assertEqual(str(todo["STATUS"]), "NEEDS-ACTION")
        conversation.write({"completed": True, "follow_up_date": False})
        todo = icalendar.Calendar.from_ical(conversation._get_ical_task()).walk("VTODO")[0]
        self.assertNotIn("DUE", todo)
        self.assertEqual(str(todo["STATUS"]), "COMPLETED")

    def test_display_name(self):
        """The day as the user's language writes it (breadcrumbs, many2one
        fields), not ISO."""
        conversation = self._create_conversation(topic_id=self.topic_sales.id)
        self.assertEqual(
            conversation.sudo(self.salesman).display_name,
            "Conversation Customer A: Test Sales Topic (03/04/2024)",
        )

    # ------------------------------------------------------------------
    # Deleting what conversations use
    # ------------------------------------------------------------------
    def test_delete_used_topic_or_channel_is_refused(self):
        self._create_conversation(topic_id=self.topic_sales.id, channel_id=self.channel_phone.id)
        with self.refused(UserError, "Archive them instead"):
            self.topic_sales.sudo(self.manager).unlink()
        with self.refused(UserError, "Archive them instead"):
            self.channel_phone.sudo(self.manager).unlink()
        self.topic_sales.sudo(self.manager).write({"active": False})
        self.assertFalse(self.topic_sales.active)
        # unused ones can go
        self.topic_support.sudo(self.manager).unlink()
        self.channel_visit.sudo(self.manager).unlink()
        self.assertFalse(self.topic_support.exists())
        self.assertFalse(self.channel_visit.exists())

    def test_delete_used_stage_is_refused(self):
        self._create_conversation(stage_id=self.stage_proposal.id)
        with self.refused((UserError, ValidationError)):
            self.stage_proposal.unlink()
        self.assertTrue(self.stage_proposal.exists())

    def test_delete_partner_with_conversations_is_refused(self):
        conversation = self._create_conversation(contact_id=self.contact.id)
        with self.refused(UserError, "conversations were logged"):
            self.customer.unlink()
        with self.refused(UserError, "conversations were logged"):
            self.contact.unlink()
        self.assertTrue(conversation.exists())
        # a partner without conversations can still be deleted
        self.contact_b.unlink()
        self.assertFalse(self.contact_b.exists())


class TestConversationSearch(ConversationCase):
    """The filters and groupings of the Conversations menu, evaluated on a
    fixed day as the web client evaluates them."""

    TODAY = date(2024, 3, 11)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Conversation = cls.env["crm.conversation"]
        values = {
            "partner_id": cls.customer.id,
            "date_begin": "2024-03-01 09:00:00",
            "team_id": cls.team.id,
            "topic_id": cls.topic_sales.id,
            "channel_id": cls.channel_phone.id,
        }
        cls.today_open = Conversation.create(
            dict(values, user_id=cls.salesman.id, follow_up_date="2024-03-11")
        )
        cls.today_done = Conversation.create(
            dict(
                values,
                user_id=cls.salesman.id,
                follow_up_date="2024-03-11",
                completed=True,
            )
        )
        cls.late_open = Conversation.create(
            dict(
                values,
                user_id=cls.salesman_2.id,
                team_id=cls.team_b.id,
                follow_up_date="2024-03-08",
                stage_id=cls.stage_team_b.id,
            )
        )
        cls.late_followed_up = Conversation.create(
            dict(values, user_id=cls.salesman.id, follow_up_date="2024-03-07")
        )
        cls.follow_up = Conversation.create(
            dict(
                values,
                user_id=cls.salesman.id,
                date_begin="2024-03-07 10:00:00",
                follow_up_of_id=cls.late_followed_up.id,
                stage_id=cls.stage_proposal.id,
            )
        )
        cls.lines = (
            cls.today_open | cls.today_done | cls.late_open | cls.late_followed_up | cls.follow_up
        )
        arch = Conversation.fields_view_get(
            view_id=cls.env.ref("smart_pipeline.crm_conversation_view_search").id,
            view_type="search",
        )["arch"]
        cls.search_view = etree.fromstring(arch)

    def _filter(self, name, user=None):
        node = self.search_view.xpath("//filter[@name='%s']" % name)[0]
        user = user or self.salesman
        domain = safe_eval(
            node.get("domain"), {"context_today": lambda: self.TODAY, "uid": user.id}
        )
        return (
            self.env["crm.conversation"].sudo(user).search(domain + [("id", "in", self.lines.ids)])
        )

    def test_filters(self):
        manager = self.manager
        self.assertEqual(
            self._filter("my"),
            self.today_open | self.today_done | self.late_followed_up | self.follow_up,
        )
        self.assertEqual(self._filter("follow_up_today", manager), self.today_open)
        self.assertEqual(self._filter("overdue", manager), self.late_open)
        self.assertEqual(self._filter("not_completed", manager), self.lines - self.today_done)
        self.assertEqual(self._filter("sales", manager), self.late_open | self.follow_up)

    def test_group_bys(self):
        Conversation = self.env["crm.conversation"].sudo(self.manager)
        expected = {
            "group_by_user": 2,
            "group_by_partner": 1,
            "group_by_topic": 1,
            "group_by_channel": 1,
            "group_by_stage": 3,
            "group_by_team": 2,
            "group_by_date_begin": 1,
        }
        for name, count in expected.items():
            node = self.search_view.xpath("//filter[@name='%s']" % name)[0]
            groupby = safe_eval(node.get("context"))["group_by"]
            groups = Conversation.read_group(
                [("id", "in", self.lines.ids)], [groupby.split(":")[0]], [groupby]
            )
            self.assertEqual(len(groups), count, name)
