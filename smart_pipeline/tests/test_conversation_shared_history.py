# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared customer history, private pipelines: with the setting on (the
default), an "own documents only" salesperson reads the colleagues' lines of
a customer but edits only their own, and every figure counts only their own
lines; with it off, they see only their own lines."""

from odoo.exceptions import AccessError

from .common import ConversationCase


class TestConversationSharedHistory(ConversationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared_group = cls.env.ref("smart_pipeline.group_conversation_shared_history")
        cls.own = cls._create_line(cls.salesman, cls.team, "2024-03-04 09:00:00", "Mine")
        cls.colleague_line = cls._create_line(
            cls.salesman_2,
            cls.team_b,
            "2024-03-05 09:00:00",
            "Called yesterday",
            follow_up_date="2024-03-06",
        )

    @classmethod
    def _create_line(cls, user, team, date_begin, note, **values):
        """A line of ``user``'s on the customer's contact, at Proposal."""
        return cls._create_conversation(
            user,
            partner_id=cls.contact.id,
            team_id=team.id,
            date_begin=date_begin,
            note=note,
            stage_id=cls.stage_proposal.id,
            **values,
        )

    def _visible(self, user):
        lines = self.own | self.colleague_line
        return self.env["crm.conversation"].sudo(user).search([("id", "in", lines.ids)])

    def test_setting_is_on_by_default_for_every_internal_user(self):
        for user in (self.salesman, self.salesman_2, self.all_docs_user):
            self.assertIn(self.shared_group, user.groups_id)
        self.assertTrue(
            self.env["res.config.settings"].default_get(["group_conversation_shared_history"])[
                "group_conversation_shared_history"
            ]
        )

    def test_salesman_reads_the_colleagues_lines_of_the_customer(self):
        self.assertEqual(self._visible(self.salesman), self.own | self.colleague_line)
        line = self.colleague_line.sudo(self.salesman)
        self.assertEqual(line.note, "Called yesterday")
        self.assertEqual(line.user_id, self.salesman_2)

    def test_salesman_edits_only_own_lines(self):
        line = self.colleague_line.sudo(self.salesman)
        for values in (
            {"note": "Overwritten"},
            {"completed": True},
            {"follow_up_date": "2024-03-20"},
        ):
            with self.refused(AccessError):
                line.write(values)
        with self.refused(AccessError):
            line.unlink()
        with self.refused(AccessError, "Follow-up Of"):
            self._create_conversation(
                partner_id=self.contact.id,
                follow_up_of_id=self.colleague_line.id,
                date_begin="2024-03-06 09:00:00",
            )
        with self.refused(AccessError):
            self.env["crm.conversation.reschedule"].sudo(self.salesman).create(
                {
                    "conversation_ids": [(6, 0, self.colleague_line.ids)],
                    "follow_up_date": "2099-01-01",
                }
            ).action_reschedule()
        self.assertEqual(self.colleague_line.note, "Called yesterday")
        self.assertFalse(self.colleague_line.completed)
        self.assertFalse(self.colleague_line.is_followed_up)

    def test_figures_stay_private(self):
        customer = self.customer.sudo(self.salesman)
        # the customer's header is the customer's own, as its tab shows it
        # (see test_partner_customer_figures); the follow-ups stay private
        self.assertEqual(customer.conversation_count, 2)
        self.assertEqual(customer.last_conversation_date, "2024-03-05 09:00:00")
        self.assertFalse(customer.next_follow_up_date)
        self.assertFalse(customer.has_follow_up_due)
        self.assertNotIn(
            self.customer,
            self.env["res.partner"].sudo(self.salesman).search([("has_follow_up_due", "=", True)]),
        )
        Overview = self.env["crm.pipeline.overview"]
        mine = Overview.sudo(self.salesman).get_overview("2024-03-01", "2024-03-31")
        self.assertEqual(mine["in_pipeline"], 1)
        self.assertEqual(sum(e.get("conversations", 0) for e in mine["employees"]), 1)
        # asking for a colleague's figures gives zeros
        theirs = Overview.sudo(self.salesman).get_overview(
            "2024-03-01", "2024-03-31", user_ids=[self.salesman_2.id]
        )
        self.assertEqual(theirs["in_pipeline"], 0)
        self.assertFalse(theirs["employees"])
        # "all documents" users see everything, as before
        self.assertEqual(self.customer.sudo(self.all_docs_user).conversation_count, 2)
        self.assertTrue(self.customer.sudo(self.all_docs_user).next_follow_up_date)
        overall = Overview.sudo(self.all_docs_user).get_overview(
            "2024-03-01", "2024-03-31", user_ids=[self.salesman_2.id]
        )
        self.assertEqual(overall["in_pipeline"], 1)

    def test_setting_off_restores_isolation(self):
        self._set_shared_history(False)
        self.assertNotIn(self.shared_group, self.salesman.groups_id)
        self.assertEqual(self._visible(self.salesman), self.own)
        with self.refused(AccessError):
            self.colleague_line.sudo(self.salesman).read(["note"])
        self.assertEqual(self._visible(self.all_docs_user), self.own | self.colleague_line)
        self._set_shared_history(True)
        self.assertIn(self.shared_group, self.salesman.groups_id)
        self.assertEqual(self._visible(self.salesman), self.own | self.colleague_line)
