# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.addons.smart_pipeline.tests.common import ConversationCase


class TestPhonecallConversation(ConversationCase):
    """A held phone call and its conversation line stay one record seen
    twice: created once, edited from either side, no loop, no duplicate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.telephone = cls.env.ref("smart_pipeline.crm_conversation_channel_telephone")
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Phonecall Opportunity",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
            }
        )
        cls.Call = cls.env["crm.phonecall"].sudo(cls.salesman)

    def _call(self, **values):
        vals = {
            "name": "Asked about the quote",
            "description": "They want 20 seats.",
            "partner_id": self.contact.id,  # Alice Buyer, of the customer
            "user_id": self.salesman.id,
            "date": "2025-03-10 09:00:00",
            "duration": 12.5,
            "opportunity_id": self.opportunity.id,
            "state": "done",
        }
        vals.update(values)
        return self.Call.create(vals)

    def _lines(self, call):
        return self.env["crm.conversation"].search([("phonecall_ids", "in", call.ids)])

    def test_logged_call_is_a_telephone_line_on_the_customer(self):
        call = self._call()
        line = call.conversation_id
        self.assertEqual(self._lines(call), line)
        self.assertEqual(line.partner_id, self.customer)
        self.assertEqual(line.contact_id, self.contact)
        self.assertEqual(line.channel_id, self.telephone)
        self.assertEqual(line.user_id, self.salesman)
        self.assertEqual(line.date_begin, "2025-03-10 09:00:00")
        self.assertEqual(line.duration, 12.5)
        self.assertEqual(line.lead_id, self.opportunity)
        self.assertEqual(line.note, "Asked about the quote\nThey want 20 seats.")

    def test_scheduled_call_is_a_line_once_held_and_only_once(self):
        call = self._call(state="open", date="2025-03-12 09:00:00")
        self.assertFalse(call.conversation_id)
        call.write({"state": "done"})
        line = call.conversation_id
        self.assertTrue(line)
        call.write({"state": "done", "name": "Called them"})
        self.assertEqual(self._lines(call), line)
        self.assertEqual(
            self.env["crm.conversation"].search_count([("partner_id", "=", self.customer.id)]), 1
        )
        # reopened: it did not take place after all
        call.write({"state": "open"})
        self.assertFalse(line.exists())

    def test_editing_the_call_moves_its_line(self):
        call = self._call()
        line = call.conversation_id
        call.write(
            {
                "duration": 20.0,
                "date": "2025-03-11 14:00:00",
                "partner_id": self.customer.id,
                "opportunity_id": False,
                "description": False,
            }
        )
        self.assertEqual(line.duration, 20.0)
        self.assertEqual(line.date_begin, "2025-03-11 14:00:00")
        self.assertEqual(line.contact_id, self.customer)
        self.assertFalse(line.lead_id)
        self.assertEqual(line.note, "Asked about the quote")

    def test_editing_the_line_moves_its_call(self):
        call = self._call()
        line = call.conversation_id.sudo(self.salesman)
        line.write(
            {
                "note": "Reached Alice\nOrder next week.",
                "date_begin": "2025-03-10 10:00:00",
                "date_end": "2025-03-10 10:30:00",
                "lead_id": False,
                "contact_id": self.customer.id,
            }
        )
        self.assertEqual(call.name, "Reached Alice")
        self.assertEqual(call.description, "Order next week.")
        self.assertEqual(call.duration, 30)
        self.assertEqual(call.date, "2025-03-10 10:00:00")
        self.assertFalse(call.opportunity_id)
        self.assertEqual(call.partner_id, self.customer)
        # mirrored back unchanged: the line is as written, once
        self.assertEqual(line.note, "Reached Alice\nOrder next week.")
        self.assertEqual(self._lines(call), line)

    def test_scheduled_follow_up_call_is_the_follow_up_date(self):
        call = self._call()
        line = call.conversation_id
        follow_up_call = call.schedule_another_phonecall(
            "2025-03-14 08:00:00", "Call back about the order", return_recordset=True
        )
        self.assertEqual(follow_up_call.follow_up_of_conversation_id, line)
        self.assertEqual(line.follow_up_date, "2025-03-14")
        self.assertEqual(len(line.follow_up_activity_ids), 2)
        # moving the line's follow-up moves the call, at the same hour
        line.sudo(self.salesman).write({"follow_up_date": "2025-03-17"})
        self.assertEqual(follow_up_call.date, "2025-03-17 08:00:00")
        # moving the call moves the line
        follow_up_call.write({"date": "2025-03-18 13:00:00"})
        self.assertEqual(line.follow_up_date, "2025-03-18")
        # held: logged as the follow-up line, which closes the follow-up
        follow_up_call.write({"state": "done", "duration": 4.0})
        self.assertEqual(follow_up_call.conversation_id.follow_up_of_id, line)
        self.assertTrue(line.is_followed_up)
        self.assertFalse(line.follow_up_activity_ids)

    def test_clearing_the_follow_up_date_cancels_the_scheduled_call(self):
        call = self._call()
        line = call.conversation_id
        follow_up_call = call.schedule_another_phonecall(
            "2025-03-14 08:00:00", "Call back", return_recordset=True
        )
        line.sudo(self.salesman).write({"follow_up_date": False})
        self.assertEqual(follow_up_call.state, "cancel")
        self.assertFalse(line.follow_up_date)

    def test_deleting_either_side(self):
        call = self._call()
        line = call.conversation_id
        line.sudo(self.salesman).unlink()
        self.assertEqual(call.state, "cancel")
        self.assertFalse(call.conversation_id)
        other = self._call(name="Second call")
        other_line = other.conversation_id
        other.sudo().unlink()
        self.assertFalse(other_line.exists())

    def test_call_without_customer_is_no_line(self):
        call = self._call(partner_id=False, opportunity_id=False)
        self.assertFalse(call.conversation_id)
