# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import ObjectiveCase

ALL_MEASURES = [
    ("won_amount", 20000),
    ("opportunity_created", 4),
    ("opportunity_won", 2),
    ("conversation_count", 8),
    ("conversation_minutes", 120),
    ("meeting_count", 6),
    ("new_prospect_count", 4),
]


class TestObjectiveMeasure(ObjectiveCase):
    """Every measure against the figures derived in ObjectiveCase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        measures = ALL_MEASURES + [
            ("conversation_count", 4, {"channel_id": cls.telephone.id}),
            ("conversation_minutes", 60, {"channel_id": cls.telephone.id}),
            ("conversation_count", 6, {"sales_only": True}),
            (
                "conversation_count",
                2,
                {"channel_id": cls.telephone.id, "sales_only": True},
            ),
        ]
        cls.alice_monthly = cls._create_objective(cls.user_alice, measures)
        cls.bob_monthly = cls._create_objective(cls.user_bob, ALL_MEASURES)
        cls.team_a_monthly = cls._create_objective(cls.team_a, ALL_MEASURES)
        cls.team_b_monthly = cls._create_objective(cls.team_b, ALL_MEASURES)

    def test_salesperson_february(self):
        self.assertEqual(
            self.actuals(self.alice_monthly),
            {
                "Amount of won opportunities": 10000.0,  # L1 (L4 archived)
                "Opportunities created": 2.0,  # L3, L4 (L7 is a lead)
                "Opportunities won": 1.0,  # L1
                "Conversations logged": 4.0,  # C2, C3, C4, C8
                "Minutes in conversations": 90.0,  # 20 + 45 + 10 + 15
                "Meetings attended": 3.0,  # E1, E2, E3 (E4 declined)
                "New prospects": 2.0,  # P2, P3 (P4 is Bob's)
                "Conversations logged (Telephone)": 2.0,  # C2, C4
                "Minutes in conversations (Telephone)": 30.0,
                "Conversations logged (sales only)": 3.0,  # C3, C4, C8
                "Conversations logged (Telephone, sales only)": 1.0,  # C4
            },
        )

    def test_salesperson_january(self):
        self.assertEqual(
            self.actuals(self.alice_monthly, "2024-01-20"),
            {
                "Amount of won opportunities": 5000.0,  # L2, 01-31 23:30 UTC
                "Opportunities created": 2.0,  # L1, L2
                "Opportunities won": 1.0,
                "Conversations logged": 2.0,  # C1, C9
                "Minutes in conversations": 70.0,
                "Meetings attended": 0.0,
                "New prospects": 1.0,  # P1
                "Conversations logged (Telephone)": 1.0,
                "Minutes in conversations (Telephone)": 30.0,
                "Conversations logged (sales only)": 1.0,
                "Conversations logged (Telephone, sales only)": 1.0,
            },
        )

    def test_salesperson_timezone(self):
        """L8 closed on 01-31 23:30 UTC is February 1st in Brussels."""
        self.assertEqual(
            self.actuals(self.bob_monthly),
            {
                "Amount of won opportunities": 5000.0,  # L5 + L8
                "Opportunities created": 1.0,  # L5
                "Opportunities won": 2.0,
                "Conversations logged": 1.0,  # C6
                "Minutes in conversations": 15.0,
                "Meetings attended": 1.0,  # E2
                "New prospects": 1.0,  # P4
            },
        )
        january = self.actuals(self.bob_monthly, "2024-01-20")
        self.assertEqual(january["Amount of won opportunities"], 0.0)
        self.assertEqual(january["Opportunities created"], 1.0)  # L8

    def test_team_aggregation(self):
        """A team counts its records once, whoever of its members they are."""
        self.assertEqual(
            self.actuals(self.team_a_monthly),
            {
                "Amount of won opportunities": 14000.0,  # L1 + L5
                "Opportunities created": 3.0,  # L3, L4, L5
                "Opportunities won": 2.0,
                "Conversations logged": 5.0,  # Alice's 4 + C6
                "Minutes in conversations": 105.0,
                "Meetings attended": 4.0,  # E1, E2 once, E3, E6 (leader)
                "New prospects": 3.0,  # P2, P3, P4
            },
        )
        self.assertEqual(
            self.actuals(self.team_a_monthly, "2024-01-20"),
            {
                "Amount of won opportunities": 6000.0,  # L2 + L8 (team in UTC)
                "Opportunities created": 3.0,  # L1, L2, L8
                "Opportunities won": 2.0,
                "Conversations logged": 2.0,
                "Minutes in conversations": 70.0,
                "Meetings attended": 0.0,
                "New prospects": 1.0,
            },
        )
        self.assertEqual(
            self.actuals(self.team_b_monthly),
            {
                "Amount of won opportunities": 8000.0,
                "Opportunities created": 1.0,
                "Opportunities won": 1.0,
                "Conversations logged": 1.0,
                "Minutes in conversations": 30.0,
                "Meetings attended": 0.0,
                "New prospects": 1.0,
            },
        )

    def test_progress_and_expectation(self):
        objective = self.at_reference(self.alice_monthly)
        won = objective.line_ids.filtered(lambda line: line.measure == "won_amount")[0]
        self.assertEqual(won.occurrence_start, "2024-02-01")
        self.assertEqual(won.occurrence_end, "2024-02-29")
        self.assertAlmostEqual(won.progress, 50.0)  # 10 000 / 20 000
        self.assertAlmostEqual(won.expected_progress, 100.0 * 10 / 29)
        self.assertEqual(objective.occurrence_start, "2024-02-01")
        self.assertAlmostEqual(objective.expected_progress, 100.0 * 10 / 29)
        # each measure counts at most 100 %: 50, 50, 50, 50, 75, 50, 50,
        # 50, 50, 50 and 50 % over 11 measures
        self.assertAlmostEqual(objective.progress, (50.0 * 10 + 75.0) / 11)

    def test_weekly_boundaries(self):
        weekly = self._create_objective(
            self.user_alice,
            [("conversation_count", 2)],
            recurrence="weekly",
            date_start="2024-01-29",
        )
        expected = {
            "2024-01-29": 2.0,  # C9 (01-31 23:00) and C2 (02-01 00:00)
            "2024-02-05": 0.0,
            "2024-02-12": 1.0,  # C3
            "2024-02-19": 1.0,  # C8 on Sunday 02-25
            "2024-02-26": 2.0,  # C4 (02-29 23:59) and C5 (03-01 00:00)
        }
        for reference, count in expected.items():
            line = self.at_reference(weekly, reference).line_ids
            self.assertEqual(line.occurrence_start, reference)
            self.assertEqual(line.actual, count, reference)

    def test_daily_boundaries(self):
        daily = self._create_objective(
            self.user_alice,
            [("conversation_minutes", 10)],
            recurrence="daily",
            date_start="2024-02-01",
        )
        self.assertEqual(
            self.actuals(daily, "2024-02-29"), {"Minutes in conversations": 10.0}
        )  # C4 at 23:59
        self.assertEqual(
            self.actuals(daily, "2024-03-01"), {"Minutes in conversations": 10.0}
        )  # C5 at 00:00
        self.assertEqual(self.actuals(daily, "2024-02-02"), {"Minutes in conversations": 0.0})

    def test_quarterly_and_yearly(self):
        quarterly = self._create_objective(
            self.user_alice, [("won_amount", 30000)], recurrence="quarterly"
        )
        self.assertEqual(self.actuals(quarterly), {"Amount of won opportunities": 15000.0})
        yearly = self._create_objective(
            self.user_alice,
            [("conversation_count", 10)],
            recurrence="yearly",
            date_start="2023-03-01",
        )
        line = self.at_reference(yearly).line_ids
        self.assertEqual((line.occurrence_start, line.occurrence_end), ("2023-03-01", "2024-02-29"))
        self.assertEqual(line.actual, 6.0)  # all but C5 (03-01)

    def test_date_range_and_recurrence_end(self):
        february = self._create_objective(
            self.user_alice,
            [("conversation_count", 8)],
            period_type="range",
            date_start="2024-02-01",
            date_end="2024-02-29",
        )
        line = self.at_reference(february, "2024-03-10").line_ids
        self.assertEqual(line.actual, 4.0)
        self.assertEqual(line.expected_progress, 100.0)
        self.assertEqual(self.at_reference(february, "2024-01-10").line_ids.actual, 4.0)
        # a recurrence ending mid-period stops measuring on its end date
        until = self._create_objective(
            self.user_alice,
            [("conversation_count", 8)],
            date_end="2024-02-14",
        )
        line = self.at_reference(until, "2024-02-20").line_ids
        self.assertEqual((line.occurrence_start, line.occurrence_end), ("2024-02-01", "2024-02-14"))
        self.assertEqual(line.actual, 2.0)  # C2, C3

    def test_company_filter(self):
        """An objective of another company ignores this company's records."""
        other = self.env["res.company"].create({"name": "Objective Other Co"})
        objective = self._create_objective(
            self.user_alice,
            [("conversation_count", 8), ("won_amount", 1000)],
            company_id=self.company.id,
        )
        objective.company_id = other
        self.assertEqual(
            self.actuals(objective),
            {"Conversations logged": 0.0, "Amount of won opportunities": 0.0},
        )

    def _analysis(self, objectives):
        """The sales manager's analysis of January 15 to February 10, 2024."""
        return (
            self.env["crm.objective.analysis"]
            .sudo(self.user_mia)
            .create(
                {
                    "date_from": "2024-01-15",
                    "date_to": "2024-02-10",
                    "reference_date": "2024-02-10",
                    "objective_ids": [(6, 0, objectives.ids)],
                }
            )
        )

    def test_analysis_by_period(self):
        analysis = self._analysis(self.alice_monthly | self.team_a_monthly)
        action = analysis.action_open_lines()
        lines = self.env["crm.objective.analysis.line"].search(action["domain"])
        # 2 periods x (11 + 7 measures)
        self.assertEqual(len(lines), 36)
        won = lines.filtered(
            lambda line: line.measure == "won_amount" and line.objective_id == self.alice_monthly
        )
        self.assertEqual(
            [(line.date_start, line.actual, line.progress) for line in won],
            [("2024-01-01", 5000.0, 25.0), ("2024-02-01", 10000.0, 50.0)],
        )
        self.assertEqual(won.mapped("expected_progress")[0], 100.0)
        groups = lines.read_group(
            [("id", "in", lines.ids), ("measure", "=", "won_amount")],
            ["objective_id", "actual", "target"],
            ["objective_id"],
        )
        totals = {group["objective_id"][0]: group["actual"] for group in groups}
        self.assertEqual(totals[self.alice_monthly.id], 15000.0)
        self.assertEqual(totals[self.team_a_monthly.id], 20000.0)
        # the PDF prints the same figures
        html = (
            self.env.ref("smart_pipeline.crm_objective_report_action")
            .sudo(self.user_mia)
            .render_qweb_html(analysis.ids)[0]
            .decode()
        )
        self.assertIn("Objectives vs. Actuals", html)
        self.assertIn(self.alice_monthly.name, html)
        self.assertIn("10,000.00", html)
        self.assertIn("14,000.00", html)

    def test_analysis_totals_never_mix_units(self):
        """The pivot's grand total and a period of several measures leave
        target and actual empty (euros, counts and minutes do not add up);
        within a measure they add up; percentages are averaged."""
        analysis = self._analysis(self.alice_monthly)
        domain = analysis.action_open_lines()["domain"]
        Line = self.env["crm.objective.analysis.line"].sudo(self.user_mia)
        lines = Line.search(domain)
        self.assertGreater(len(set(lines.mapped("measure"))), 2)
        measures = ["target", "actual", "progress"]
        [total] = Line.read_group(domain, measures, [], lazy=False)
        self.assertIs(total["actual"], False)
        self.assertIs(total["target"], False)
        self.assertAlmostEqual(total["progress"], sum(lines.mapped("progress")) / len(lines))
        for group in Line.read_group(domain, measures + ["date_start"], ["date_start:month"]):
            self.assertIs(group["actual"], False)
        rows = Line.read_group(
            domain, measures + ["name", "date_start"], ["name", "date_start:month"], lazy=False
        )
        won = [row for row in rows if row["name"] == "Amount of won opportunities"]
        self.assertEqual(sorted(row["actual"] for row in won), [5000.0, 10000.0])
        by_name = Line.read_group(domain, measures + ["name"], ["name"])
        won = [row for row in by_name if row["name"] == "Amount of won opportunities"]
        self.assertEqual(won[0]["actual"], 15000.0)

    def test_analysis_from_objective(self):
        action = (
            self.at_reference(self.bob_monthly, "2024-02-10")
            .sudo(self.user_bob)
            .action_view_analysis()
        )
        lines = self.env["crm.objective.analysis.line"].search(action["domain"])
        self.assertEqual(sorted(set(lines.mapped("date_start"))), ["2024-01-01", "2024-02-01"])
