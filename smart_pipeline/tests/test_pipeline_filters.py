# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The filters and periods of the pipeline screens come from one component
(``tools/filters.py``): the screen's period, the print wizard's dates and
the domains of every screen's records are the same."""

from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase

from ..tools import filters


class TestPipelineFilters(TransactionCase):
    def test_people_domain_on_any_model(self):
        prepared = filters.prepare(self.env, "2026-01-01", "2026-12-31", [7], [3], "2026-06-15")
        self.assertEqual(
            filters.people_domain(prepared),
            [("user_id", "in", [7]), ("team_id", "in", [3])],
        )
        self.assertEqual(
            filters.people_domain(
                prepared, "objective_id.user_id", "objective_id.assignee_team_id"
            ),
            [("objective_id.user_id", "in", [7]), ("objective_id.assignee_team_id", "in", [3])],
        )
        everybody = filters.prepare(self.env, False, False, False, False, "2026-06-15")
        self.assertEqual(filters.people_domain(everybody), [])
        self.assertEqual(
            (everybody["period_start"], everybody["period_end"]), ("-infinity", "infinity")
        )

    def test_bad_arguments_are_refused_clearly(self):
        for value in ("3", [True], [1, "2"], {"id": 1}):
            with self.assertRaisesRegex(UserError, "must be a list of record ids"):
                filters.prepare(self.env, False, False, value, False, "2026-06-15")
        with self.assertRaisesRegex(UserError, "must be a date"):
            filters.prepare(self.env, "yesterday", False, False, False, "2026-06-15")
        with self.assertRaisesRegex(UserError, "before its end"):
            filters.prepare(self.env, "2026-02-01", "2026-01-01", False, False, "2026-06-15")

    def test_screen_and_print_wizard_share_the_period(self):
        Wizard = self.env["crm.pipeline.overview.print"]
        for period in ("month", "quarter", "year", "all"):
            bounds = self.env["crm.pipeline.overview"].get_period(period, "2026-05-20")
            self.assertEqual(bounds, filters.period(self.env, period, "2026-05-20"))
            self.assertEqual(
                Wizard._period_dates(period, "2026-05-20"),
                (bounds["date_from"], bounds["date_to"]),
            )
