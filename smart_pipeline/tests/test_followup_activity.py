# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import importlib.util
import os

from .common import ConversationCase

MIGRATION = os.path.join(
    os.path.dirname(os.path.dirname(__file__)),
    "migrations",
    "11.0.1.1.0",
    "post-follow-up-activities.py",
)


class TestFollowupActivity(ConversationCase):
    """Follow-ups are Odoo activities: the line drives them, and what users
    do with the activity (mark done, move the date) comes back to the line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.channel_phone.activity_type_id = cls.call
        # salespeople edit their customers (Odoo's default user template)
        cls.salesman.groups_id |= cls.env.ref("base.group_partner_manager")
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Activity Opportunity",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
            }
        )

    def _activities(self, conversation):
        """The open activities of the line's follow-up (a finished one is
        deleted by Odoo, kept done by OCA's mail_activity_done)."""
        Activity = self.env["mail.activity"].sudo()
        return Activity.search(
            [("conversation_id", "=", conversation.id)] + Activity._get_open_activity_domain(),
            order="res_model",
        )

    def _follow_up(self, **values):
        vals = {
            "follow_up_date": "2025-03-10",
            "channel_id": self.channel_phone.id,
            "note": "Call back about the quote\nThey want 20 seats.",
        }
        vals.update(values)
        return self._create_conversation(**vals)

    # --- from the line to the activity ---
    def test_follow_up_date_schedules_activity_on_customer(self):
        line = self._follow_up()
        activity = self._activities(line)
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.res_model, activity.res_id), ("res.partner", self.customer.id))
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(activity.date_deadline, "2025-03-10")
        self.assertEqual(activity.summary, "Call back about the quote")
        self.assertEqual(activity.activity_type_id, self.call)
        # the customer's own activity list (chatter, "Next Activity") has it
        self.assertEqual(self.customer.activity_ids, activity)

    def test_line_without_follow_up_date_has_no_activity(self):
        self.assertFalse(self._activities(self._create_conversation(note="Just a chat")))

    def test_opportunity_gets_its_own_activity(self):
        line = self._follow_up(lead_id=self.opportunity.id)
        activities = self._activities(line)
        self.assertEqual(
            {(a.res_model, a.res_id) for a in activities},
            {("res.partner", self.customer.id), ("crm.lead", self.opportunity.id)},
        )
        self.opportunity.invalidate_cache()
        self.assertEqual(self.opportunity.activity_ids.mapped("date_deadline"), ["2025-03-10"])
        # unlinking the opportunity drops its activity only
        line.write({"lead_id": False})
        self.assertEqual(self._activities(line).mapped("res_model"), ["res.partner"])

    def test_activity_type_per_channel(self):
        line = self._follow_up(channel_id=self.channel_visit.id)
        self.assertEqual(self._activities(line).activity_type_id, self.todo)
        line.sudo(self.salesman).write({"channel_id": self.channel_phone.id})
        self.assertEqual(self._activities(line).activity_type_id, self.call)

    def test_reschedule_moves_activity(self):
        line = self._follow_up(lead_id=self.opportunity.id)
        line.sudo(self.salesman).write({"follow_up_date": "2025-03-14"})
        self.assertEqual(set(self._activities(line).mapped("date_deadline")), {"2025-03-14"})

    def test_reassign_moves_activity(self):
        line = self._follow_up(user=self.manager)
        line.sudo(self.manager).write({"user_id": self.salesman.id})
        self.assertEqual(self._activities(line).user_id, self.salesman)

    def test_clearing_follow_up_date_removes_activity(self):
        line = self._follow_up()
        line.sudo(self.salesman).write({"follow_up_date": False})
        self.assertFalse(self._activities(line))

    def test_completing_line_marks_activity_done(self):
        line = self._follow_up(lead_id=self.opportunity.id)
        line.sudo(self.salesman).write({"completed": True})
        self.assertFalse(self._activities(line))
        done = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.customer.id),
                ("mail_activity_type_id", "=", self.call.id),
            ]
        )
        self.assertEqual(len(done), 1, "the activity is marked done, not deleted")
        self.assertEqual(done.author_id, self.salesman.partner_id)
        # marking it done logged no extra line
        self.assertFalse(line.follow_up_ids)

    def test_logging_follow_up_line_marks_activity_done(self):
        line = self._follow_up(lead_id=self.opportunity.id)
        self._create_conversation(
            note="Called back", follow_up_of_id=line.id, date_begin="2025-03-10 10:00:00"
        )
        self.assertTrue(line.is_followed_up)
        self.assertFalse(self._activities(line))
        self.assertFalse(self.opportunity.activity_ids._filter_open())

    def test_deleting_follow_up_line_reopens_activity(self):
        line = self._follow_up()
        follow_up = self._create_conversation(note="Called back", follow_up_of_id=line.id)
        follow_up.sudo(self.salesman).unlink()
        self.assertEqual(len(self._activities(line)), 1)

    # --- from the activity to the line ---
    def test_marking_activity_done_logs_follow_up_and_completes(self):
        line = self._follow_up(lead_id=self.opportunity.id)
        activity = self._activities(line).filtered(lambda a: a.res_model == "res.partner")
        activity.sudo(self.salesman).action_feedback(feedback="Reached them, order next week")
        follow_up = line.follow_up_ids
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.note, "Reached them, order next week")
        self.assertEqual(follow_up.user_id, self.salesman)
        self.assertEqual(follow_up.channel_id, self.channel_phone)
        self.assertTrue(follow_up.is_follow_up)
        self.assertTrue(line.completed)
        # the opportunity's twin activity is closed too, and nothing loops
        self.assertFalse(self._activities(line))
        self.assertFalse(self.opportunity.activity_ids._filter_open())
        self.assertFalse(self._activities(follow_up))
        self.assertEqual(line.follow_up_state, "done")

    def test_marking_activity_done_without_feedback(self):
        line = self._follow_up()
        self._activities(line).sudo(self.salesman).action_done()
        self.assertEqual(line.follow_up_ids.note, "Done: Call back about the quote")

    def test_moving_activity_date_reschedules_line(self):
        line = self._follow_up(lead_id=self.opportunity.id)
        activity = self._activities(line).filtered(lambda a: a.res_model == "crm.lead")
        activity.sudo(self.salesman).write({"date_deadline": "2025-03-20"})
        self.assertEqual(line.follow_up_date, "2025-03-20")
        self.assertEqual(set(self._activities(line).mapped("date_deadline")), {"2025-03-20"})

    def test_follow_up_list_and_activities_agree(self):
        open_line = self._follow_up()
        done_line = self._follow_up(completed=True)
        self._create_conversation(note="No follow-up")
        listed = self.env["crm.conversation"].search(
            [
                ("follow_up_state", "in", ["planned", "due", "overdue"]),
                ("id", "in", (open_line | done_line).ids),
            ]
        )
        self.assertEqual(listed, open_line)
        self.assertEqual(
            self.env["mail.activity"]
            .sudo()
            .search([("conversation_id", "!=", False), ("res_id", "=", self.customer.id)])
            .mapped("conversation_id"),
            open_line,
        )

    # --- upgrade ---
    def test_upgrade_gives_existing_follow_ups_their_activities(self):
        """Lines logged before follow-ups were activities: the post-migration
        script of 11.0.1.1.0 gives the open ones theirs, once."""
        open_line = self._follow_up(lead_id=self.opportunity.id)
        closed_line = self._follow_up(completed=True)
        # the state of a database before the upgrade: no activity anywhere
        self.env["mail.activity"].sudo().search([("conversation_id", "!=", False)]).unlink()
        telephone = self.env.ref("smart_pipeline.crm_conversation_channel_telephone")
        telephone.activity_type_id = False
        template = self.env.ref("smart_pipeline.mail_template_crm_followup_digest")
        template.body_html = (
            "% for line in object.conversation_ids:\n"
            "            % set contact = line.contact_id or line.partner_id\n"
            "            ${contact.phone or contact.mobile or ''}\n"
            "% endfor"
        )
        spec = importlib.util.spec_from_file_location("post_follow_up_activities", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        for _run in range(2):
            migration.migrate(self.env.cr, "11.0.1.0.0")
            self.env["crm.conversation"].invalidate_cache()
            self.assertEqual(len(self._activities(open_line)), 2)
        self.assertFalse(self._activities(closed_line))
        self.assertEqual(telephone.activity_type_id, self.call)
        self.assertNotIn("set contact", template.body_html)
        self.assertIn("${line.contact_phone or ''}", template.body_html)


class TestFollowupPhone(ConversationCase):
    """Wherever a call is planned there is a number: the contact's phone or
    mobile, else the customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.phone = "+32 2 555 01 23"
        cls.line = cls.env["crm.conversation"].create(
            {
                "partner_id": cls.customer.id,
                "contact_id": cls.contact.id,  # Alice Buyer: no phone of her own
                "user_id": cls.salesman.id,
                "date_begin": "2025-03-03 09:00:00",
                "follow_up_date": "2025-03-10",
                "note": "Call Alice back",
            }
        )

    def test_contact_phone_falls_back_to_customer(self):
        self.assertEqual(self.line.contact_phone, "+32 2 555 01 23")
        self.contact.mobile = "+32 475 55 01 99"
        self.line.invalidate_cache()
        self.assertEqual(self.line.contact_phone, "+32 475 55 01 99")

    def test_daily_report_and_digest_show_customer_phone(self):
        html = (
            self.env.ref("smart_pipeline.crm_followup_report_action")
            .sudo(self.salesman)
            .render_qweb_html(self.line.ids)[0]
        )
        self.assertIn(b"+32 2 555 01 23", html)
        self.env["crm.followup.digest"]._cron_send_digests("2025-03-10")
        digest = self.env["crm.followup.digest"].search([("user_id", "=", self.salesman.id)])
        self.assertIn("+32 2 555 01 23", digest.mail_id.body_html)
