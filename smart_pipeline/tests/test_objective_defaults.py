# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError

from ..tools import dates
from .common import SmartPipelineCase


class TestObjectiveDefaults(SmartPipelineCase):
    """A new objective saves without a date hunt, and only internal users
    can be given one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._create_user("obj_def_manager", cls.group_manager)
        cls.salesman = cls._create_user("obj_def_salesman", cls.group_salesman)
        cls.portal = cls._create_user("obj_def_portal", cls.env.ref("base.group_portal"))

    def test_new_objective_starts_on_the_first_of_the_users_month(self):
        Objective = self.env["crm.objective"].sudo(self.manager)
        expected = dates.user_today(Objective.env).replace(day=1)
        self.assertEqual(Objective.default_get(["date_start"])["date_start"], str(expected))

    def test_new_range_objective_ends_with_its_month(self):
        """What the form does on a new objective: the default start date
        fills the end date, so the first save goes through."""
        Objective = self.env["crm.objective"].sudo(self.manager)
        draft = Objective.new({"period_type": "range", "date_start": "2024-02-01"})
        draft._onchange_date_start()
        self.assertEqual(draft.date_end, "2024-02-29")
        objective = Objective.create(
            {
                "name": "Calls",
                "user_id": self.salesman.id,
                "date_start": draft.date_start,
                "date_end": draft.date_end,
                "line_ids": [(0, 0, {"measure": "conversation_count", "target": 5})],
            }
        )
        self.assertEqual(objective.date_end, "2024-02-29")

    def test_only_internal_users_get_objectives(self):
        Objective = self.env["crm.objective"].sudo(self.manager)
        self.assertNotIn(
            self.portal, self.env["res.users"].search(Objective._fields["user_id"].domain)
        )
        with self.refused(ValidationError, "not an internal user"):
            Objective.create(
                {
                    "name": "Portal",
                    "user_id": self.portal.id,
                    "date_start": "2025-01-01",
                    "date_end": "2025-01-31",
                    "line_ids": [(0, 0, {"measure": "conversation_count", "target": 5})],
                }
            )

    def test_printed_report_skips_periods_without_activity(self):
        customer = self._create_customer("Objective Print Customer")
        self.env["crm.conversation"].create(
            {
                "partner_id": customer.id,
                "user_id": self.salesman.id,
                "date_begin": "2024-03-04 10:00:00",
                "note": "The one call of the period",
            }
        )
        objective = (
            self.env["crm.objective"]
            .sudo(self.manager)
            .create(
                {
                    "name": "Daily calls",
                    "user_id": self.salesman.id,
                    "period_type": "recurring",
                    "recurrence": "daily",
                    "date_start": "2024-03-01",
                    "date_end": "2024-03-10",
                    "line_ids": [(0, 0, {"measure": "conversation_count", "target": 2})],
                }
            )
        )
        analysis = self.env["crm.objective.analysis"].create(
            {
                "objective_ids": [(6, 0, objective.ids)],
                "date_from": "2024-03-01",
                "date_to": "2024-03-10",
                "reference_date": "2024-03-20",
            }
        )
        analysis._compute_lines()
        self.assertEqual(len(analysis.line_ids), 10)
        [section] = analysis._get_report_sections()
        self.assertEqual(section["lines"].mapped("date_start"), ["2024-03-04"])
        analysis.skip_empty_periods = False
        self.assertEqual(len(analysis._get_report_sections()[0]["lines"]), 10)

    def test_print_from_objectives(self):
        """Print > Objectives vs. Actuals on the objective list and form."""
        action = self.env.ref("smart_pipeline.crm_objective_report_objectives_action")
        self.assertEqual(action.binding_model_id.model, "crm.objective")
        objective = (
            self.env["crm.objective"]
            .sudo(self.manager)
            .create(
                {
                    "name": "Printed objective",
                    "user_id": self.salesman.id,
                    "date_start": "2024-01-01",
                    "date_end": "2024-01-31",
                    "line_ids": [(0, 0, {"measure": "conversation_count", "target": 5})],
                }
            )
        )
        html = action.sudo(self.manager).render_qweb_html(objective.ids)[0]
        self.assertIn(b"Objectives vs. Actuals", html)
