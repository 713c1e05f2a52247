# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Call activities marked done become conversation lines (issue 23)."""

from .common import AutologCase


class TestAutologCall(AutologCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def _activity(self, record, activity_type=None, user=None):
        return (
            self.env["mail.activity"]
            .sudo(user or self.salesman)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get(record._name).id,
                    "res_id": record.id,
                    "activity_type_id": (activity_type or self.call).id,
                    "summary": "Call about the offer",
                    "date_deadline": "2024-03-04",
                    "user_id": (user or self.salesman).id,
                }
            )
        )

    def test_call_done_on_customer_logs_telephone_line(self):
        self._activity(self.customer).action_feedback("They accept the offer.")
        line = self._auto_lines("call")
        self.assertEqual(len(line), 1)
        self.assertEqual(line.channel_id, self.channel_telephone)
        self.assertEqual(line.note, "They accept the offer.")
        self.assertEqual((line.user_id, line.partner_id), (self.salesman, self.customer))
        self.assertTrue(line.completed)
        self.assertFalse(line.stage_id)
        self.assertEqual(line.mail_activity_ref, "res.partner,%d" % self.customer.id)
        self.assertEqual(line.mail_message_id.res_id, self.customer.id)
        self.assertEqual(line.sudo(self.salesman).source_name, line.mail_message_id.subject)

    def test_document_opens_from_the_call_line(self):
        self._activity(self.customer).action_feedback("Done")
        action = self._auto_lines("call").sudo(self.salesman).action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.customer.id))

    def test_call_done_on_opportunity_and_contact(self):
        self._activity(self.opportunity, user=self.salesman_2).action_feedback("Left a message")
        self._activity(self.contact).action_feedback()
        lines = self._auto_lines("call")
        on_lead = lines.filtered("lead_id")
        self.assertEqual((on_lead.lead_id, on_lead.partner_id), (self.opportunity, self.customer))
        self.assertEqual(on_lead.user_id, self.salesman_2)
        self.assertEqual(self.opportunity.stage_id, self.stage_contact)
        on_contact = lines - on_lead
        # no feedback: the activity's summary
        self.assertEqual(
            (on_contact.partner_id, on_contact.note), (self.contact, "Call about the offer")
        )

    def test_not_a_call_or_not_a_customer_logs_nothing(self):
        self._activity(self.customer, self.todo).action_feedback("done")
        self._activity(self.supplier).action_feedback("done")
        self.assertFalse(self._auto_lines())

    def test_follow_up_call_keeps_todays_behaviour(self):
        self.channel_phone.activity_type_id = self.call
        origin = self._create_conversation(
            note="Call back", follow_up_date="2025-03-10", channel_id=self.channel_phone.id
        )
        origin.follow_up_activity_ids.sudo(self.salesman).action_feedback("Called back")
        self.assertFalse(self._auto_lines())
        follow_up = origin.follow_up_ids
        self.assertEqual((follow_up.source, follow_up.note), ("manual", "Called back"))
        self.assertTrue(origin.completed)

    def test_setting_off_and_opt_out(self):
        self.company.conversation_log_calls = False
        self._activity(self.customer).action_feedback("x")
        self.company.conversation_log_calls = True
        self.salesman.conversation_autolog_opt_out = True
        self._activity(self.customer).action_feedback("y")
        self.assertFalse(self._auto_lines())
