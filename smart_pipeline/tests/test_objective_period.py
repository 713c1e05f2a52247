# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from ..tools.dates import expected_progress
from .common import ObjectiveCase


def d(value):
    return date(*map(int, value.split("-")))


def periods(*pairs):
    return [(d(start), d(end)) for start, end in pairs]


class TestObjectivePeriod(ObjectiveCase):
    """Occurrences of recurrences and the linear expectation."""

    def objective(self, recurrence, date_start, date_end=False, period_type="recurring"):
        return self._create_objective(
            self.user_alice,
            [("conversation_count", 1)],
            period_type=period_type,
            recurrence=recurrence,
            date_start=date_start,
            date_end=date_end,
        )

    def test_monthly_from_month_end(self):
        """Months are counted from the start date, clipped to short months."""
        objective = self.objective("monthly", "2024-01-31")
        self.assertEqual(
            objective._get_occurrences("2024-01-01", "2024-04-30"),
            periods(
                ("2024-01-31", "2024-02-28"),
                ("2024-02-29", "2024-03-30"),
                ("2024-03-31", "2024-04-29"),
                ("2024-04-30", "2024-05-30"),
            ),
        )

    def test_weekly_until(self):
        objective = self.objective("weekly", "2024-01-01", "2024-01-17")
        self.assertEqual(
            objective._get_occurrences("2023-12-01", "2024-12-31"),
            periods(
                ("2024-01-01", "2024-01-07"),
                ("2024-01-08", "2024-01-14"),
                ("2024-01-15", "2024-01-17"),
            ),
        )

    def test_quarterly_overlap(self):
        objective = self.objective("quarterly", "2024-01-01")
        self.assertEqual(
            objective._get_occurrences("2024-05-15", "2024-08-01"),
            periods(("2024-04-01", "2024-06-30"), ("2024-07-01", "2024-09-30")),
        )

    def test_yearly_from_leap_day(self):
        objective = self.objective("yearly", "2024-02-29")
        self.assertEqual(
            objective._get_occurrences("2025-03-01", "2025-03-01"),
            periods(("2025-02-28", "2026-02-27")),
        )
        self.assertEqual(
            objective._get_occurrences("2024-01-01", "2025-01-01"),
            periods(("2024-02-29", "2025-02-27")),
        )

    def test_daily_far_from_start(self):
        objective = self.objective("daily", "2020-01-01")
        self.assertEqual(
            objective._get_occurrences("2024-03-10", "2024-03-12"),
            periods(
                ("2024-03-10", "2024-03-10"),
                ("2024-03-11", "2024-03-11"),
                ("2024-03-12", "2024-03-12"),
            ),
        )

    def test_range(self):
        objective = self.objective(False, "2024-02-01", "2024-02-29", "range")
        self.assertEqual(
            objective._get_occurrences("2024-02-10", "2024-05-01"),
            periods(("2024-02-01", "2024-02-29")),
        )
        self.assertEqual(objective._get_occurrences("2024-03-01", "2024-05-01"), [])

    def test_current_occurrence(self):
        objective = self.objective("monthly", "2024-01-15", "2024-04-20")
        self.assertEqual(
            objective._get_current_occurrence(d("2023-06-01")),
            (d("2024-01-15"), d("2024-02-14")),
        )
        self.assertEqual(
            objective._get_current_occurrence(d("2024-03-14")),
            (d("2024-02-15"), d("2024-03-14")),
        )
        self.assertEqual(
            objective._get_current_occurrence(d("2025-01-01")),
            (d("2024-04-15"), d("2024-04-20")),
        )
        self.assertTrue(objective._has_past_occurrence(d("2024-02-15")))
        self.assertFalse(objective._has_past_occurrence(d("2024-02-14")))

    def test_expected_progress(self):
        expected = expected_progress
        self.assertEqual(expected("2024-02-01", "2024-02-29", d("2024-01-31")), 0.0)
        self.assertAlmostEqual(expected("2024-02-01", "2024-02-29", d("2024-02-01")), 100.0 / 29)
        self.assertAlmostEqual(expected("2024-02-01", "2024-02-29", d("2024-02-10")), 1000.0 / 29)
        self.assertEqual(expected("2024-02-01", "2024-02-29", d("2024-02-29")), 100.0)
        self.assertEqual(expected("2024-02-01", "2024-02-29", d("2024-03-05")), 100.0)
