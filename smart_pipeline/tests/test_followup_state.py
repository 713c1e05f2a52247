# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError

from ..tools.dates import with_reference_day
from .common import FOLLOWUP_REFERENCE_DATE, FollowupCase


class TestFollowupState(FollowupCase):
    def _states(self, conversations):
        return {
            conversation: conversation.follow_up_state
            for conversation in with_reference_day(conversations, FOLLOWUP_REFERENCE_DATE)
        }

    def test_due_overdue_planned_done_none(self):
        self.assertEqual(
            self._states(self.all_conversations),
            {
                self.c_due: "due",
                self.c_overdue: "overdue",
                self.c_planned: "planned",
                self.c_completed: "done",
                self.b_on_time: "done",
                self.b_on_time_fu: "none",
                self.b_late: "done",
                self.b_late_fu: "none",
                self.b_plain: "none",
            },
        )

    def test_due_becomes_overdue_the_next_day(self):
        state = with_reference_day(self.c_due, "2024-03-16").follow_up_state
        self.assertEqual(state, "overdue")
        state = with_reference_day(self.c_planned, "2024-03-20").follow_up_state
        self.assertEqual(state, "due")

    def test_is_followed_up(self):
        self.assertTrue(self.b_on_time.is_followed_up)
        self.assertTrue(self.b_late.is_followed_up)
        self.assertFalse(self.c_overdue.is_followed_up)
        self.assertFalse(self.b_on_time_fu.is_followed_up)

    def test_search_matches_compute(self):
        Conversation = self.as_user(self.user_dora)
        scope = [("id", "in", self.all_conversations.ids)]
        for state in ("none", "planned", "due", "overdue", "done"):
            expected = {c.id for c, s in self._states(self.all_conversations).items() if s == state}
            found = Conversation.search(scope + [("follow_up_state", "=", state)])
            self.assertEqual(set(found.ids), expected, state)
            found = Conversation.search(scope + [("follow_up_state", "!=", state)])
            self.assertEqual(set(found.ids), set(self.all_conversations.ids) - expected, state)
        found = Conversation.search(scope + [("follow_up_state", "in", ("due", "overdue"))])
        self.assertEqual(found, self.c_due | self.c_overdue)
        found = Conversation.search(
            scope + [("follow_up_state", "not in", ("due", "overdue", "none"))]
        )
        self.assertEqual(found, self.c_planned | self.c_completed | self.b_on_time | self.b_late)

    def test_logging_the_follow_up_closes_it(self):
        Conversation = self.as_user(self.user_anna)
        follow_up = Conversation.create(
            {
                "partner_id": self.beta.id,
                "date_begin": "2024-03-15 10:00:00",
                "follow_up_of_id": self.c_overdue.id,
            }
        )
        overdue = Conversation.browse(self.c_overdue.id)
        self.assertTrue(overdue.is_followed_up)
        self.assertEqual(overdue.follow_up_state, "done")
        self.assertNotIn(
            overdue,
            Conversation.search([("follow_up_state", "in", ("due", "overdue"))]),
        )
        follow_up.unlink()
        self.assertFalse(overdue.is_followed_up)
        self.assertEqual(overdue.follow_up_state, "overdue")

    def test_ticking_completed_closes_it(self):
        due = self.as_user(self.user_anna).browse(self.c_due.id)
        due.completed = True
        self.assertEqual(due.follow_up_state, "done")

    def test_unsupported_operator(self):
        with self.assertRaises(ValidationError):
            self.as_user(self.user_anna).search([("follow_up_state", "like", "due")])

    def test_contact_details_fall_back_to_customer(self):
        self.assertEqual(self.c_due.contact_phone, "+27 11 555 0101")
        self.assertEqual(self.c_due.contact_email, "john@acme.example.com")
        self.assertEqual(self.c_overdue.contact_phone, "+27 21 555 0202")
        self.assertFalse(self.c_overdue.contact_email)

    def test_partner_has_follow_up_due(self):
        scope = [("id", "in", (self.acme | self.john | self.beta).ids)]
        Partner = self.as_user(self.user_anna, "res.partner")
        self.assertEqual(
            Partner.search(scope + [("has_follow_up_due", "=", True)]),
            self.acme | self.john | self.beta,
        )
        # Bob followed up everything; Anna's follow-ups are not his to see
        Partner = self.as_user(self.user_bob, "res.partner")
        self.assertFalse(Partner.search(scope + [("has_follow_up_due", "=", True)]))
        self.assertEqual(
            Partner.search(scope + [("has_follow_up_due", "=", False)]),
            self.acme | self.john | self.beta,
        )
        beta = self.as_user(self.user_anna, "res.partner").browse(self.beta.id)
        self.assertTrue(beta.has_follow_up_due)

    def test_team_dashboard_count(self):
        self.assertEqual(
            self.as_user(self.user_anna, "crm.team").browse(self.team.id).follow_up_due_count,
            2,
        )
        self.assertEqual(
            self.as_user(self.user_bob, "crm.team").browse(self.team.id).follow_up_due_count,
            0,
        )


class TestFollowupReschedule(FollowupCase):
    def _wizard(self, conversations, **values):
        return (
            self.as_user(self.user_anna, "crm.conversation.reschedule")
            .with_context(active_model="crm.conversation", active_ids=conversations.ids)
            .create(values)
        )

    def test_reschedule(self):
        wizard = self._wizard(self.c_overdue | self.c_due, note="No answer")
        self.assertEqual(wizard.follow_up_date, "2024-03-16")
        self.assertEqual(wizard.conversation_ids, self.c_overdue | self.c_due)
        wizard.follow_up_date = "2024-03-18"
        wizard.action_reschedule()
        self.assertEqual(self.c_overdue.follow_up_date, "2024-03-18")
        self.assertEqual(self.c_due.follow_up_date, "2024-03-18")
        self.assertEqual(self.c_overdue.note, "Call back about the demo\nNo answer")
        self.assertEqual(
            with_reference_day(self.c_overdue, FOLLOWUP_REFERENCE_DATE).follow_up_state,
            "planned",
        )

    def test_reschedule_to_the_past_is_refused(self):
        with self.assertRaises(ValidationError):
            self._wizard(self.c_overdue, follow_up_date="2024-03-14")
        self.assertEqual(self.c_overdue.follow_up_date, "2024-03-10")

    def test_reschedule_closed_is_refused(self):
        wizard = self._wizard(self.c_overdue | self.c_completed)
        with self.assertRaises(UserError):
            wizard.action_reschedule()
        self.assertEqual(self.c_overdue.follow_up_date, "2024-03-10")
