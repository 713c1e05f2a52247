# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from .common import PipelineOverviewCase


class TestPipelineOverviewDaysBeforePipeline(PipelineOverviewCase):
    """Days before Pipeline when lines are back-dated before the account
    opening: such a customer entered the pipeline with no wait, it counts
    0 days (never a negative number) and stays in the figure's list."""

    @classmethod
    def _create_data(cls):
        s1, team = cls.salesman_1, cls.team_a
        # B1: first line 2026-02-20, account opened 2026-03-01 (a prospect
        # talked to before its account existed): 0 days, not -9.
        cls.b1 = cls._customer("Overview Back-dated", "2026-03-01")
        cls._line(cls.b1, "initial_contact", "2026-02-20 10:00:00", s1, team)
        cls._line(cls.b1, "qualified", "2026-03-05 10:00:00", s1, team)
        # B2: account opened 2026-02-01, first line 2026-02-11: 10 days.
        cls.b2 = cls._customer("Overview Waited", "2026-02-01")
        cls._line(cls.b2, "initial_contact", "2026-02-11 10:00:00", s1, team)
        # B3: no account opening date: left out.
        cls.b3 = cls._customer("Overview No Opening")
        cls._line(cls.b3, "initial_contact", "2026-02-12 10:00:00", s1, team)

    def _overview(self, **kwargs):
        return self.env["crm.pipeline.overview"].sudo(self.manager).get_overview(**kwargs)

    def _listed(self, **kwargs):
        action = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_drill_down_action("avg_days_before_pipeline", **kwargs)
        )
        return self.env[action["res_model"]].sudo(self.manager).search(action["domain"])

    def test_a_line_before_the_opening_counts_zero_days(self):
        # (0 + 10) / 2, not (-9 + 10) / 2
        self.assertEqual(self._overview()["avg_days_before_pipeline"], 5.0)
        self.assertEqual(self._listed(), self.b1 + self.b2)

    def test_never_negative(self):
        # B1 alone (its first line is the period's): 0, not -9
        february = {"date_from": "2026-02-15", "date_to": "2026-02-28"}
        self.assertEqual(self._overview(**february)["avg_days_before_pipeline"], 0.0)
        self.assertEqual(self._listed(**february), self.b1)

    def test_a_line_after_the_opening_counts_its_days(self):
        # in March B1's first line of the period (03-05) is after its
        # opening: 4 days; B2 and B3 have no line in March
        march = {"date_from": "2026-03-01", "date_to": "2026-03-31"}
        self.assertEqual(self._overview(**march)["avg_days_before_pipeline"], 4.0)
        self.assertEqual(self._listed(**march), self.b1)
