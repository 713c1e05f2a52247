# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import ObjectiveCase


class TestObjectiveTemplate(ObjectiveCase):
    """Configurations applied to several salespeople or a team at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = (
            cls.env["crm.objective.template"]
            .sudo(cls.user_mia)
            .create(
                {
                    "name": "Monthly field sales",
                    "period_type": "recurring",
                    "recurrence": "monthly",
                    "line_ids": [
                        (0, 0, {"measure": "won_amount", "target": 20000}),
                        (
                            0,
                            0,
                            {
                                "measure": "conversation_count",
                                "target": 4,
                                "channel_id": cls.telephone.id,
                                "sales_only": True,
                            },
                        ),
                    ],
                }
            )
        )

    def apply(self, **values):
        values.update({"template_id": self.template.id, "date_start": "2024-01-01"})
        wizard = self.env["crm.objective.apply"].sudo(self.user_mia).create(values)
        action = wizard.action_apply()
        return self.env["crm.objective"].search(action["domain"])

    def test_apply_to_salespeople(self):
        objectives = self.apply(
            assign_to="users",
            user_ids=[(6, 0, (self.user_alice | self.user_carol).ids)],
        )
        self.assertEqual(objectives.mapped("user_id"), self.user_alice | self.user_carol)
        self.assertFalse(objectives.mapped("team_id"))
        for objective in objectives:
            self.assertEqual(objective.name, "Monthly field sales")
            self.assertEqual(objective.template_id, self.template)
            self.assertEqual(objective.recurrence, "monthly")
            self.assertEqual(
                [
                    (line.measure, line.target, line.channel_id, line.sales_only)
                    for line in objective.line_ids
                ],
                [
                    ("won_amount", 20000, self.env["crm.conversation.channel"], False),
                    ("conversation_count", 4, self.telephone, True),
                ],
            )
        alice = objectives.filtered(lambda o: o.user_id == self.user_alice)
        self.assertEqual(
            self.actuals(alice),
            {
                "Amount of won opportunities": 10000.0,
                "Conversations logged (Telephone, sales only)": 1.0,
            },
        )
        self.assertEqual(self.template.objective_count, 2)

    def test_apply_to_team(self):
        objective = self.apply(assign_to="team", team_id=self.team_a.id, name="Team A monthly")
        self.assertEqual(len(objective), 1)
        self.assertEqual(objective.team_id, self.team_a)
        self.assertEqual(objective.name, "Team A monthly")
        self.assertEqual(self.actuals(objective)["Amount of won opportunities"], 14000.0)

    def test_apply_to_team_members(self):
        objectives = self.apply(assign_to="team_members", team_id=self.team_a.id)
        self.assertEqual(objectives.mapped("user_id"), self.user_alice | self.user_bob)
        self.assertEqual(objectives.mapped("assignee_team_id"), self.team_a)
        action = self.template.sudo(self.user_mia).action_view_objectives()
        self.assertEqual(self.env["crm.objective"].search(action["domain"]), objectives)

    def test_template_change_keeps_objectives(self):
        objectives = self.apply(assign_to="users", user_ids=[(6, 0, self.user_bob.ids)])
        self.template.line_ids[0].sudo(self.user_mia).write({"target": 1})
        self.assertEqual(objectives.line_ids[0].target, 20000)
        self.template.sudo(self.user_mia).unlink()
        self.assertTrue(objectives.exists())
        self.assertFalse(objectives.template_id)
