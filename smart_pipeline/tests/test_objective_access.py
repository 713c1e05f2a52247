# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError

from .common import ObjectiveCase


class TestObjectiveAccess(ObjectiveCase):
    """Salespeople see their own and their team's objectives; only managers
    create or change them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        measures = [("conversation_count", 8)]
        cls.obj_alice = cls._create_objective(cls.user_alice, measures)
        cls.obj_bob = cls._create_objective(cls.user_bob, measures)
        cls.obj_carol = cls._create_objective(cls.user_carol, measures)
        cls.obj_team_a = cls._create_objective(cls.team_a, measures)
        cls.obj_team_b = cls._create_objective(cls.team_b, measures)
        cls.other_company = cls.env["res.company"].create({"name": "Objective Other Company"})
        cls.obj_other_company = cls._create_objective(cls.user_alice, measures)
        cls.obj_other_company.company_id = cls.other_company
        cls.mine = cls.obj_alice | cls.obj_bob | cls.obj_carol | cls.obj_team_a | (cls.obj_team_b)

    def visible(self, user, model="crm.objective"):
        records = self.env[model].sudo(user).search([])
        if model == "crm.objective.line":
            records = records.mapped("objective_id")
        return records & (self.mine | self.obj_other_company)

    def test_salesperson_sees_own_and_team(self):
        expected = self.obj_alice | self.obj_team_a
        self.assertEqual(self.visible(self.user_alice), expected)
        self.assertEqual(self.visible(self.user_alice, "crm.objective.line"), expected)
        self.assertEqual(self.visible(self.user_carol), self.obj_carol | self.obj_team_b)
        with self.assertRaises(AccessError):
            self.obj_bob.sudo(self.user_alice).read(["name"])
        # progress is readable by the salesperson it belongs to
        line = self.at_reference(self.obj_alice.sudo(self.user_alice)).line_ids
        self.assertEqual(line.actual, 4.0)

    def test_my_objectives(self):
        mine = self.env["crm.objective"].sudo(self.user_bob).search([("is_mine", "=", True)])
        self.assertEqual(mine & self.mine, self.obj_bob | self.obj_team_a)
        # the team leader's teams count as theirs
        led = self.env["crm.objective"].sudo(self.user_mia).search([("is_mine", "=", True)])
        self.assertEqual(led & self.mine, self.obj_team_a)
        not_mine = self.env["crm.objective"].sudo(self.user_mia).search([("is_mine", "=", False)])
        self.assertEqual(not_mine & self.mine, self.mine - self.obj_team_a)

    def test_all_documents_user_reads_all(self):
        self.assertEqual(self.visible(self.user_dora), self.mine)
        with self.assertRaises(AccessError):
            self.obj_alice.sudo(self.user_dora).write({"name": "Changed"})

    def test_salesperson_cannot_change(self):
        objective = self.obj_alice.sudo(self.user_alice)
        with self.assertRaises(AccessError):
            objective.write({"name": "Easier"})
        with self.assertRaises(AccessError):
            objective.line_ids.write({"target": 1})
        with self.assertRaises(AccessError):
            self.env["crm.objective"].sudo(self.user_alice).create(
                {
                    "name": "Self-assigned",
                    "user_id": self.user_alice.id,
                    "period_type": "range",
                    "date_start": "2024-02-01",
                    "date_end": "2024-02-29",
                    "line_ids": [(0, 0, {"measure": "won_amount", "target": 1})],
                }
            )
        with self.assertRaises(AccessError):
            objective.unlink()
        with self.assertRaises(AccessError):
            self.env["crm.objective.template"].sudo(self.user_alice).create(
                {
                    "name": "Mine",
                    "line_ids": [(0, 0, {"measure": "won_amount", "target": 1})],
                }
            )

    def test_manager_changes(self):
        objective = self.obj_bob.sudo(self.user_mia)
        objective.write({"name": "Bob's calls"})
        objective.line_ids.write({"target": 12})
        self.assertEqual(self.obj_bob.line_ids.target, 12)
        self.assertEqual(self.visible(self.user_mia), self.mine)
        objective.unlink()
        self.assertFalse(self.obj_bob.exists())

    def test_multi_company(self):
        self.assertNotIn(self.obj_other_company, self.visible(self.user_mia))
        self.assertNotIn(self.obj_other_company, self.visible(self.user_alice))
