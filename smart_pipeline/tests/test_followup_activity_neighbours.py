# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Follow-up activities beside OCA's mail_activity_done and mail_activity_team.

These run where the neighbour is installed (``make test-oca``) and are skipped
elsewhere: the addon reads the neighbour's field only when it exists. They run
post-install, when every addon of the database is loaded."""

from odoo.tests import common

from .common import AutologCase, ConversationCase


@common.at_install(False)
@common.post_install(True)
class TestFollowupActivityDone(ConversationCase):
    """mail_activity_done keeps a finished activity with ``done=True``: it is
    never an open follow-up, and a reopened line gets its follow-up back in
    the to-do list."""

    def setUp(self):
        super().setUp()
        if "done" not in self.env["mail.activity"]._fields:
            self.skipTest("mail_activity_done is not installed")

    def _todo_count(self):
        """The salesperson's to-do list (systray counter): mail_activity_done
        counts activities not done."""
        counts = self.env["res.users"].sudo(self.salesman).activity_user_count()
        return sum(
            group["today_count"] + group["overdue_count"] + group["planned_count"]
            for group in counts
            if group["model"] == "res.partner"
        )

    def _follow_up(self):
        return self._create_conversation(follow_up_date="2025-03-10", note="Call back")

    def test_completed_line_keeps_a_done_activity_not_an_open_one(self):
        line = self._follow_up()
        self.assertEqual(self._todo_count(), 1)
        line.sudo(self.salesman).write({"completed": True})
        done = self.env["mail.activity"].sudo().search([("conversation_id", "=", line.id)])
        self.assertEqual(done.mapped("done"), [True], "kept done by mail_activity_done")
        self.assertFalse(line.follow_up_activity_ids)
        self.assertEqual(self._todo_count(), 0)

    def test_unticking_completed_gives_the_follow_up_back(self):
        line = self._follow_up()
        line.sudo(self.salesman).write({"completed": True})
        line.sudo(self.salesman).write({"completed": False})
        line.invalidate_cache()
        self.assertEqual(len(line.follow_up_activity_ids), 1)
        self.assertFalse(line.follow_up_activity_ids.done)
        self.assertEqual(self._todo_count(), 1)

    def test_deleting_follow_up_line_gives_the_follow_up_back(self):
        line = self._follow_up()
        follow_up = self._create_conversation(note="Called back", follow_up_of_id=line.id)
        self.assertEqual(self._todo_count(), 0)
        follow_up.sudo(self.salesman).unlink()
        self.assertEqual(self._todo_count(), 1)

    def test_done_activity_logs_once_and_moves_nothing(self):
        line = self._follow_up()
        activity = line.follow_up_activity_ids
        activity.sudo(self.salesman).action_feedback(feedback="Reached them")
        self.assertEqual(len(line.follow_up_ids), 1)
        self.assertTrue(activity.done)
        # the done activity is history: marking or moving it again changes
        # nothing on the line
        activity.sudo(self.salesman).action_feedback(feedback="Again")
        activity.sudo().write({"date_deadline": "2025-04-01"})
        self.assertEqual(len(line.follow_up_ids), 1)
        self.assertEqual(line.follow_up_date, "2025-03-10")


@common.at_install(False)
@common.post_install(True)
class TestAutologCallDone(AutologCase):
    """A Call activity marked done logs its line once, though
    mail_activity_done keeps it to be marked again."""

    def setUp(self):
        super().setUp()
        if "done" not in self.env["mail.activity"]._fields:
            self.skipTest("mail_activity_done is not installed")

    def test_call_marked_done_twice_logs_one_line(self):
        activity = (
            self.env["mail.activity"]
            .sudo(self.salesman)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get("res.partner").id,
                    "res_id": self.customer.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                    "summary": "Call about the offer",
                    "date_deadline": "2024-03-04",
                    "user_id": self.salesman.id,
                }
            )
        )
        activity.action_feedback("They accept the offer.")
        self.assertTrue(activity.done)
        self.assertEqual(len(self._auto_lines("call", partner_id=self.customer.id)), 1)
        activity.action_feedback("Again")
        self.assertEqual(len(self._auto_lines("call", partner_id=self.customer.id)), 1)


@common.at_install(False)
@common.post_install(True)
class TestFollowupActivityTeam(ConversationCase):
    """mail_activity_team fills an activity's team from the creating user's
    default team and refuses an assignee outside it; follow-up activities are
    created as superuser for the line's salesperson."""

    def setUp(self):
        super().setUp()
        if "team_id" not in self.env["mail.activity"]._fields:
            self.skipTest("mail_activity_team is not installed")
        Team = self.env["mail.activity.team"].sudo()
        # the administrator's team, with no model restriction: before the
        # fix, every follow-up activity got it
        self.admin_team = Team.create(
            {
                "name": "Admin activity team",
                "member_ids": [(6, 0, [self.env.ref("base.user_root").id])],
            }
        )

    def test_salesperson_outside_the_admin_team_saves_a_follow_up(self):
        line = self._create_conversation(follow_up_date="2025-03-10", note="Call back")
        activity = line.follow_up_activity_ids
        self.assertEqual(len(activity), 1)
        self.assertFalse(activity.team_id)
        self.assertEqual(activity.user_id, self.salesman)

    def test_activity_gets_the_assignees_team(self):
        partner_model = self.env["ir.model"]._get("res.partner")
        team = (
            self.env["mail.activity.team"]
            .sudo()
            .create(
                {
                    "name": "Sales callers",
                    "member_ids": [(6, 0, [self.salesman.id])],
                    "res_model_ids": [(6, 0, [partner_model.id])],
                }
            )
        )
        line = self._create_conversation(follow_up_date="2025-03-10", note="Call back")
        self.assertEqual(line.follow_up_activity_ids.team_id, team)
        # reassigned to a colleague outside that team: the team follows
        line.sudo(self.manager).write({"user_id": self.salesman_2.id})
        activity = line.follow_up_activity_ids
        self.assertEqual(activity.user_id, self.salesman_2)
        self.assertFalse(activity.team_id)
