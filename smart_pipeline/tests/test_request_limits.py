# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bounded work per request: every feature that splits a range of dates into
periods measures up to its documented bound (tools/limits.py) and refuses
one more with a clear error naming the bound, before doing the work."""

from datetime import date, timedelta

from odoo.exceptions import UserError

from ..tools.limits import MAX_ANALYSIS_PERIODS, TREND_MAX_POINTS
from .common import ObjectiveCase

FIRST_DAY = date(2020, 1, 1)


def day(offset):
    return (FIRST_DAY + timedelta(days=offset)).isoformat()


class TestRequestLimits(ObjectiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daily = cls._create_objective(
            cls.user_alice,
            [("conversation_count", 1)],
            recurrence="daily",
            date_start=FIRST_DAY.isoformat(),
        )

    def analysis(self, date_to, objective=None, user=None):
        return (
            self.env["crm.objective.analysis"]
            .sudo(user or self.user_mia)
            .create(
                {
                    "date_from": FIRST_DAY.isoformat(),
                    "date_to": date_to,
                    "reference_date": date_to,
                    "objective_ids": [(6, 0, (objective or self.daily).ids)],
                }
            )
        )

    def test_objective_occurrences_are_bounded(self):
        last = day(MAX_ANALYSIS_PERIODS - 1)
        self.assertEqual(len(self.daily._get_occurrences(day(0), last)), MAX_ANALYSIS_PERIODS)
        with self.refused(UserError, "at most %d periods" % MAX_ANALYSIS_PERIODS):
            self.daily._get_occurrences(day(0), day(MAX_ANALYSIS_PERIODS))

    def test_analysis_screen_and_print_are_bounded(self):
        analysis = self.analysis(day(MAX_ANALYSIS_PERIODS - 1))
        action = analysis.action_open_lines()
        lines = self.env["crm.objective.analysis.line"].search(action["domain"])
        self.assertEqual(len(lines), MAX_ANALYSIS_PERIODS)
        too_long = self.analysis(day(MAX_ANALYSIS_PERIODS))
        for method in ("action_open_lines", "action_print"):
            with self.refused(UserError, "at most %d periods" % MAX_ANALYSIS_PERIODS):
                getattr(too_long, method)()
        # the analysis opened from the objective itself, once it has run
        # longer than the bound
        with self.refused(UserError, "at most %d periods" % MAX_ANALYSIS_PERIODS):
            objective = self.daily.sudo(self.user_alice)
            self.at_reference(objective, day(MAX_ANALYSIS_PERIODS)).action_view_analysis()

    def test_bound_counts_every_measure_of_every_objective(self):
        """Two measures halve the days one request may analyse."""
        two_measures = self._create_objective(
            self.user_alice,
            [("conversation_count", 1), ("conversation_minutes", 10)],
            recurrence="daily",
            date_start=FIRST_DAY.isoformat(),
        )
        half = MAX_ANALYSIS_PERIODS // 2
        self.analysis(day(half - 1), two_measures).action_open_lines()
        with self.refused(UserError, "at most %d periods" % MAX_ANALYSIS_PERIODS):
            self.analysis(day(half), two_measures).action_open_lines()

    def test_trend_is_bounded(self):
        Overview = self.env["crm.pipeline.overview"].sudo(self.user_mia)
        points = Overview.get_trend("2020-01-01", "2024-12-31")
        self.assertEqual(len(points), TREND_MAX_POINTS)
        with self.refused(UserError, "at most %d months; 61" % TREND_MAX_POINTS):
            Overview.get_trend("2020-01-01", "2025-01-31")
