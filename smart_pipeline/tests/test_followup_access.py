# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tools.safe_eval import safe_eval

from .common import FollowupCase


class TestFollowupAccess(FollowupCase):
    """A salesperson with "own documents only" never finds a colleague's
    follow-ups in their list (even when the shared customer history lets them
    read the colleague's lines), an "all documents" user sees everybody's."""

    def _follow_up_list(self, user):
        action = self.env.ref("smart_pipeline.crm_conversation_followup_action")
        domain = safe_eval(action.domain, {"uid": user.id})
        return self.as_user(user).search(domain + [("id", "in", self.all_conversations.ids)])

    def test_own_documents_only(self):
        self.assertEqual(self._follow_up_list(self.user_anna), self.c_due | self.c_overdue)
        self.assertFalse(self._follow_up_list(self.user_bob))
        with self.assertRaises(AccessError):
            self.as_user(self.user_bob).browse(self.c_overdue.id).write({"completed": True})

    def test_all_documents(self):
        self.assertEqual(self._follow_up_list(self.user_dora), self.c_due | self.c_overdue)
        self.b_plain.follow_up_date = "2024-03-15"
        self.assertEqual(
            self._follow_up_list(self.user_dora),
            self.c_due | self.c_overdue | self.b_plain,
        )
        self.assertEqual(self._follow_up_list(self.user_bob), self.b_plain)

    def test_salesperson_cannot_reschedule_a_colleague_follow_up(self):
        Wizard = self.as_user(self.user_bob, "crm.conversation.reschedule")
        # Bob may read Anna's line (shared customer history), never move it
        with self.assertRaises((AccessError, UserError)):
            wizard = Wizard.with_context(
                active_model="crm.conversation", active_ids=self.c_overdue.ids
            ).create({"follow_up_date": "2024-03-20"})
            wizard.action_reschedule()
        self.assertEqual(self.c_overdue.follow_up_date, "2024-03-10")

    def test_statistics_access_is_read_only(self):
        Statistics = self.as_user(self.user_dora, "crm.followup.statistics")
        self.assertTrue(Statistics.check_access_rights("read", raise_exception=False))
        self.assertFalse(Statistics.check_access_rights("write", raise_exception=False))
