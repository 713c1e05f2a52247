# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import ObjectiveCase


class TestObjectiveConstraint(ObjectiveCase):
    """Bad input is refused with a clear error and nothing is saved."""

    def create_objective(self, **values):
        defaults = {
            "name": "Bad objective",
            "user_id": self.user_alice.id,
            "period_type": "range",
            "date_start": "2024-02-01",
            "date_end": "2024-02-29",
            "line_ids": [(0, 0, {"measure": "conversation_count", "target": 5})],
        }
        defaults.update(values)
        return self.env["crm.objective"].sudo(self.user_mia).create(defaults)

    def assert_refused(self, message, **values):
        count = self.env["crm.objective"].search_count([])
        with self.assertRaisesRegex(ValidationError, message), self.cr.savepoint():
            self.create_objective(**values)
        self.assertEqual(self.env["crm.objective"].search_count([]), count)

    def test_target_must_be_positive(self):
        for target in (0, -5):
            self.assert_refused(
                "must be greater than zero",
                line_ids=[(0, 0, {"measure": "won_amount", "target": target})],
            )

    def test_end_before_start(self):
        self.assert_refused("is before its start date", date_end="2024-01-31")
        self.assert_refused(
            "is before its start date",
            period_type="recurring",
            recurrence="weekly",
            date_end="2024-01-31",
        )

    def test_user_or_team(self):
        self.assert_refused("not both and not none", team_id=self.team_a.id)
        self.assert_refused("not both and not none", user_id=False)

    def test_channel_only_on_conversations(self):
        self.assert_refused(
            "is not counted on conversations",
            line_ids=[
                (
                    0,
                    0,
                    {
                        "measure": "meeting_count",
                        "target": 3,
                        "channel_id": self.telephone.id,
                    },
                )
            ],
        )
        self.assert_refused(
            "is not counted on conversations",
            line_ids=[(0, 0, {"measure": "won_amount", "target": 3, "sales_only": True})],
        )

    def test_period_completeness(self):
        self.assert_refused("set its end date", date_end=False)
        self.assert_refused("choose how often", period_type="recurring")
        self.assert_refused("at least one measure", line_ids=[])

    def test_measure_change_on_saved_objective(self):
        objective = self.create_objective()
        with self.assertRaisesRegex(ValidationError, "greater than zero"):
            objective.line_ids.write({"target": 0})
        with self.assertRaisesRegex(ValidationError, "at least one measure"):
            objective.write({"line_ids": [(5, 0, 0)]})

    def test_past_target_change_tracked(self):
        """Managers may rewrite a closed period's target; it is posted."""
        objective = self.create_objective()
        line = objective.line_ids
        messages = objective.message_ids
        self.at_reference(line.sudo(self.user_mia), "2024-03-05").write({"target": 7})
        posted = objective.message_ids - messages
        self.assertEqual(len(posted), 1)
        self.assertIn("target 5.0 changed to", posted.body)
        self.assertIn("target 7.0", posted.body)
        # the check itself, for users who could write without being managers
        with self.assertRaisesRegex(UserError, "Only sales managers"):
            self.at_reference(line.sudo(self.user_alice), "2024-03-05")._check_past_target_change()
        line.sudo(self.user_mia)._check_past_target_change()

    def test_objective_changes_tracked(self):
        objective = self.create_objective()
        objective.with_context(mail_notrack=False).write({"date_end": "2024-03-31"})
        tracked = objective.sudo().message_ids.mapped("tracking_value_ids")
        self.assertIn("date_end", tracked.mapped("field"))

    def test_template_and_wizard_input(self):
        Template = self.env["crm.objective.template"].sudo(self.user_mia)
        with self.assertRaisesRegex(ValidationError, "greater than zero"):
            Template.create(
                {
                    "name": "Bad",
                    "line_ids": [(0, 0, {"measure": "won_amount", "target": 0})],
                }
            )
        with self.assertRaisesRegex(ValidationError, "not counted on conversations"):
            Template.create(
                {
                    "name": "Bad",
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "measure": "new_prospect_count",
                                "target": 2,
                                "channel_id": self.telephone.id,
                            },
                        )
                    ],
                }
            )
        with self.assertRaisesRegex(ValidationError, "at least one measure"):
            Template.create({"name": "Empty"})
        template = Template.create(
            {
                "name": "Good",
                "line_ids": [(0, 0, {"measure": "won_amount", "target": 10})],
            }
        )
        Apply = self.env["crm.objective.apply"].sudo(self.user_mia)
        wizard = Apply.create(
            {
                "template_id": template.id,
                "assign_to": "users",
                "date_start": "2024-01-01",
            }
        )
        with self.assertRaisesRegex(UserError, "at least one salesperson"):
            wizard.action_apply()
        empty_team = self.env["crm.team"].create({"name": "Objective Empty Team"})
        wizard.write({"assign_to": "team_members", "team_id": empty_team.id})
        with self.assertRaisesRegex(UserError, "has no members"):
            wizard.action_apply()
        wizard.write(
            {
                "assign_to": "users",
                "user_ids": [(6, 0, [self.user_bob.id])],
                "date_end": "2023-12-31",
            }
        )
        with self.assertRaisesRegex(ValidationError, "is before its start date"):
            with self.cr.savepoint():
                wizard.action_apply()
        self.assertFalse(template.objective_ids)

    def test_channel_in_use_not_deleted(self):
        """Deleting a channel an objective counts on is refused."""
        channel = self.env["crm.conversation.channel"].create({"name": "Fax"})
        self.create_objective(
            line_ids=[
                (
                    0,
                    0,
                    {
                        "measure": "conversation_count",
                        "target": 3,
                        "channel_id": channel.id,
                    },
                )
            ]
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            channel.unlink()
        self.assertTrue(channel.exists())
