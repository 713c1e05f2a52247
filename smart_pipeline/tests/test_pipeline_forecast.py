# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import lxml.html

from odoo.exceptions import UserError
from odoo.tools.safe_eval import safe_eval

from ..tools.dates import with_reference_day
from .common import PipelineScopeCase
from .test_xlsx_export import read_sections

REFERENCE = "2026-03-15"
PERIOD = {"date_from": "2026-03-01", "date_to": "2026-04-30", "reference_date": REFERENCE}


class TestPipelineForecast(PipelineScopeCase):
    """A hand-checked forecast on fixed dates, read by a non-admin sales
    manager in Europe/Brussels (the scope's company only).

    Opportunities (salesperson, team, stage, revenue, probability, Expected
    Closing):
      O1 s1 A qualified       1000 30% 2026-03-20  (moved earlier: not pushed)
      O2 s2 B proposal_sent   2000 70% 2026-04-10
      O3 s1 A initial_contact  500 10% none        undated
      O4 s2 B negotiation     3000 85% 2026-03-05  overdue on 03-15
      O5 s1 A demo_given       400 50% 2026-04-20  pushed from 03-25 on 03-10
      W1 s1 A won 1500, closed 2026-03-31 22:30 UTC = 04-01 00:30 in Brussels
      W2 s2 B won  800, closed 2026-03-10 09:00 UTC
      L1 s2 B lost 900 (archived); X1 in another company: never counted
    Objectives "Amount of won opportunities":
      s1, 2026-03-16 to 2026-04-15, 3100: 16 days in March (1600), 15 in
      April (1500); team B, monthly from 2026-01-01, 1000 a month.
    Conversation lines (history), reference 2026-03-15, window from
    2025-03-16:
      H1 (s1 A) initial, qualified, won 2026-02-10          won
      H2 (s2 B) initial, qualified, proposal, lost 02-15    lost
      H3 (s1 A) initial, won 2026-01-10, qualified, won     won (qualified
         after its first decision: not a visit before it)
      H4 (s1 A) qualified, lost 2024-06-01                  decided too early
      H5 (s1 A) initial, lost, qualified 2026-03-01         open again
      H6 (s1 A) initial, won 2026-03-15 23:30 UTC (03-16 in Brussels): after
         the reference day, so currently open
    Initial contact: H1, H2, H3: 66.67% of 3; qualified: H1, H2: 50% of 2;
    proposal sent: H2: 0% of 1; lead validated, demo given, negotiation: no
    decided customer visited them (False).
    """

    scope = "Forecast"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s1, s2, a, b = cls.salesman_1, cls.salesman_2, cls.team_a, cls.team_b
        lead = cls._lead
        cls.o1 = lead("O1", s1, a, "qualified", 1000, 30, "2026-03-31")
        cls.o1.write({"date_deadline": "2026-03-20"})
        cls.o2 = lead("O2", s2, b, "proposal_sent", 2000, 70, "2026-04-10")
        cls.o3 = lead("O3", s1, a, "initial_contact", 500, 10, False)
        cls.o4 = lead("O4", s2, b, "negotiation", 3000, 85, "2026-03-05")
        cls.o5 = lead("O5", s1, a, "demo_given", 400, 50, "2026-03-25")
        cls.o5.write({"date_deadline": "2026-04-20"})
        cls.w1 = lead("W1", s1, a, "won", 1500, 100, False, date_closed="2026-03-31 22:30:00")
        cls.w2 = lead("W2", s2, b, "won", 800, 100, False, date_closed="2026-03-10 09:00:00")
        cls.l1 = lead("L1", s2, b, "lost", 900, 0, "2026-03-12", active=False)
        other = cls.env["crm.lead"].create(
            {
                "name": "Forecast X1",
                "type": "opportunity",
                "company_id": cls.other_company.id,
                "planned_revenue": 7000,
                "date_deadline": "2026-03-20",
                "stage_id": cls.stage["qualified"].id,
            }
        )
        cls.x1 = other
        # the Expected Closing changes happened on fixed days
        cls.env.cr.execute(
            """
            UPDATE mail_message SET date = %s
             WHERE model = 'crm.lead' AND res_id IN %s
               AND id IN (SELECT mail_message_id FROM mail_tracking_value
                           WHERE field = 'date_deadline')
            """,
            ("2026-03-10 10:00:00", (cls.o1.id, cls.o5.id)),
        )
        Objective = cls.env["crm.objective"]
        Objective.create(
            {
                "name": "Forecast s1",
                "user_id": s1.id,
                "company_id": cls.company.id,
                "period_type": "range",
                "date_start": "2026-03-16",
                "date_end": "2026-04-15",
                "line_ids": [
                    (0, 0, {"measure": "won_amount", "target": 3100}),
                    (0, 0, {"measure": "opportunity_won", "target": 5}),
                ],
            }
        )
        Objective.create(
            {
                "name": "Forecast team B",
                "team_id": b.id,
                "company_id": cls.company.id,
                "period_type": "recurring",
                "recurrence": "monthly",
                "date_start": "2026-01-01",
                "line_ids": [(0, 0, {"measure": "won_amount", "target": 1000})],
            }
        )
        line = cls._line
        reason = cls.env["crm.lost.reason"].create({"name": "Forecast: too expensive"})
        cls.h = {}
        for name, user, team, path in (
            (
                "H1",
                s1,
                a,
                [
                    ("initial_contact", "2026-01-05 10:00:00"),
                    ("qualified", "2026-01-20 10:00:00"),
                    ("won", "2026-02-10 10:00:00"),
                ],
            ),
            (
                "H2",
                s2,
                b,
                [
                    ("initial_contact", "2026-01-06 10:00:00"),
                    ("qualified", "2026-01-21 10:00:00"),
                    ("proposal_sent", "2026-02-01 10:00:00"),
                    ("lost", "2026-02-15 10:00:00"),
                ],
            ),
            (
                "H3",
                s1,
                a,
                [
                    ("initial_contact", "2025-12-01 10:00:00"),
                    ("won", "2026-01-10 10:00:00"),
                    ("qualified", "2026-02-01 10:00:00"),
                    ("won", "2026-02-20 10:00:00"),
                ],
            ),
            (
                "H4",
                s1,
                a,
                [("qualified", "2024-05-01 10:00:00"), ("lost", "2024-06-01 10:00:00")],
            ),
            (
                "H5",
                s1,
                a,
                [
                    ("initial_contact", "2026-02-01 10:00:00"),
                    ("lost", "2026-02-05 10:00:00"),
                    ("qualified", "2026-03-01 10:00:00"),
                ],
            ),
            (
                "H6",
                s1,
                a,
                [("initial_contact", "2026-02-01 10:00:00"), ("won", "2026-03-15 23:30:00")],
            ),
        ):
            customer = cls._customer("Forecast %s" % name)
            cls.h[name] = customer
            for stage, when in path:
                line(customer, stage, when, user, team, reason=reason if stage == "lost" else None)

    @classmethod
    def _lead(cls, name, user, team, stage, revenue, probability, deadline, **values):
        vals = {
            "name": "Forecast %s" % name,
            "type": "opportunity",
            "user_id": user.id,
            "team_id": team.id,
            "company_id": cls.company.id,
            "stage_id": cls.stage[stage].id,
            "planned_revenue": revenue,
            "probability": probability,
            "date_deadline": deadline,
        }
        vals.update(values)
        lead = cls.env["crm.lead"].create(vals)
        if "date_closed" in values:
            lead.write({"date_closed": values["date_closed"]})
        return lead

    def _forecast(self, user=None, **kwargs):
        values = dict(PERIOD, **kwargs)
        overview = self.env["crm.pipeline.overview"].sudo(user or self.manager)
        return overview.get_forecast(**values)

    def _drill(self, measure, user=None, **kwargs):
        values = dict(PERIOD, **kwargs)
        overview = self.env["crm.pipeline.overview"].sudo(user or self.manager)
        action = overview.get_drill_down_action(measure, **values)
        records = self.env[action["res_model"]].sudo(user or self.manager)
        return records.with_context(active_test=False).search(action["domain"])

    def _stages(self, result):
        return {
            row["stage_id"]: (row["history_probability"], row["history_customers"])
            for row in result["stages"]
        }

    def test_months(self):
        result = self._forecast()
        self.assertEqual(
            result["months"],
            [
                {
                    "month": "2026-03",
                    "open_count": 2,  # O1, O4
                    "expected_revenue": 4000.0,
                    "weighted_revenue": 2850.0,  # 300 + 2550
                    "won_count": 1,  # W2
                    "won_revenue": 800.0,
                    "target": 2600.0,  # 1600 + 1000
                },
                {
                    "month": "2026-04",
                    "open_count": 2,  # O2, O5
                    "expected_revenue": 2400.0,
                    "weighted_revenue": 1600.0,  # 1400 + 200
                    "won_count": 1,  # W1: April 1st in Brussels
                    "won_revenue": 1500.0,
                    "target": 2500.0,  # 1500 + 1000
                },
            ],
        )

    def test_overdue_undated_pushed(self):
        result = self._forecast()
        self.assertEqual(
            result["overdue"], {"count": 1, "expected_revenue": 3000.0, "weighted_revenue": 2550.0}
        )
        self.assertEqual(
            result["undated"], {"count": 1, "expected_revenue": 500.0, "weighted_revenue": 50.0}
        )
        self.assertEqual(result["pushed"], {"count": 1, "revenue": 400.0})  # O5
        # a push outside the period is not counted
        result = self._forecast(date_from="2026-04-01", date_to="2026-04-30")
        self.assertEqual(result["pushed"], {"count": 0, "revenue": 0.0})

    def test_pushed_counts_tracked_moves_only(self):
        """A move that left no tracking value (made before Expected Closing
        was tracked, as in ROADMAP) is neither counted nor listed: the
        figure and its drill-down read the same tracking values."""
        self.o2.with_context(tracking_disable=True).write({"date_deadline": "2026-04-25"})
        self.env.cr.execute(
            "UPDATE crm_lead SET date_deadline = %s WHERE id = %s", ("2026-04-28", self.o2.id)
        )
        self.o2.invalidate_cache()
        result = self._forecast()
        self.assertEqual(result["pushed"], {"count": 1, "revenue": 400.0})  # O5 only
        self.assertEqual(self._drill("forecast_pushed"), self.o5)
        # the same move, tracked during the period, counts and is listed
        self.o2.write({"date_deadline": "2026-04-30"})
        self.env.cr.execute(
            """
            UPDATE mail_message SET date = %s
             WHERE model = 'crm.lead' AND res_id = %s
               AND id IN (SELECT mail_message_id FROM mail_tracking_value
                           WHERE field = 'date_deadline')
            """,
            ("2026-03-12 10:00:00", self.o2.id),
        )
        result = self._forecast()
        self.assertEqual(result["pushed"], {"count": 2, "revenue": 2400.0})
        self.assertEqual(self._drill("forecast_pushed"), self.o2 | self.o5)

    def test_history_probabilities(self):
        stages = self._stages(self._forecast())
        self.assertEqual(stages[self.stage["initial_contact"].id], (66.67, 3))
        self.assertEqual(stages[self.stage["qualified"].id], (50.0, 2))
        self.assertEqual(stages[self.stage["proposal_sent"].id], (0.0, 1))
        for key in ("lead_validated", "demo_given", "negotiation"):
            self.assertEqual(stages[self.stage[key].id], (False, 0), key)
        # only open stages, in pipeline order, with their typed probability
        rows = self._forecast()["stages"]
        ids = [row["stage_id"] for row in rows]
        self.assertNotIn(self.stage["won"].id, ids)
        self.assertLess(
            ids.index(self.stage["initial_contact"].id), ids.index(self.stage["qualified"].id)
        )
        qualified = [row for row in rows if row["stage_id"] == self.stage["qualified"].id][0]
        self.assertEqual(qualified["manual_probability"], self.stage["qualified"].probability)

    def test_history_weights(self):
        result = self._forecast(probability="history")
        march, april = result["months"]
        # O1 at qualified: 50%; O4 at negotiation: no history, its own 85%
        self.assertEqual(march["weighted_revenue"], 3050.0)
        # O2 at proposal sent: 0%; O5 at demo given: its own 50%
        self.assertEqual(april["weighted_revenue"], 200.0)
        self.assertEqual(result["undated"]["weighted_revenue"], 333.35)  # 500 x 66.67%
        self.assertEqual(march["expected_revenue"], 4000.0)

    def test_filter_by_employee(self):
        result = self._forecast(user_ids=[self.salesman_1.id])
        march, april = result["months"]
        self.assertEqual(
            (march["open_count"], march["expected_revenue"], march["won_count"], march["target"]),
            (1, 1000.0, 0, 1600.0),
        )
        self.assertEqual(
            (april["open_count"], april["won_revenue"], april["target"]), (1, 1500.0, 1500.0)
        )
        self.assertEqual(result["overdue"]["count"], 0)
        self.assertEqual(result["undated"]["count"], 1)
        self.assertEqual(result["pushed"]["count"], 1)
        stages = self._stages(result)
        self.assertEqual(stages[self.stage["initial_contact"].id], (100.0, 2))  # H1, H3
        self.assertEqual(stages[self.stage["proposal_sent"].id], (False, 0))

    def test_filter_by_team(self):
        result = self._forecast(team_ids=[self.team_b.id])
        march, april = result["months"]
        self.assertEqual(
            (march["open_count"], march["weighted_revenue"], march["won_revenue"], march["target"]),
            (1, 2550.0, 800.0, 1000.0),
        )
        self.assertEqual((april["open_count"], april["target"]), (1, 1000.0))
        self.assertEqual(result["overdue"]["count"], 1)
        self.assertEqual(result["undated"]["count"], 0)
        self.assertEqual(result["pushed"]["count"], 0)
        stages = self._stages(result)
        self.assertEqual(stages[self.stage["proposal_sent"].id], (0.0, 1))  # H2

    def test_every_count_equals_its_drill_down(self):
        for filters in ({}, {"user_ids": [self.salesman_1.id]}, {"team_ids": [self.team_b.id]}):
            result = self._forecast(**filters)
            for month in result["months"]:
                for key, measure in (
                    ("open_count", "forecast_open_count"),
                    ("won_count", "forecast_won_count"),
                ):
                    records = self._drill(measure, month=month["month"], **filters)
                    self.assertEqual(len(records), month[key], (filters, month["month"], key))
                opportunities = self._drill(
                    "forecast_expected_revenue", month=month["month"], **filters
                )
                self.assertEqual(
                    sum(opportunities.mapped("planned_revenue")), month["expected_revenue"]
                )
                won = self._drill("forecast_won_revenue", month=month["month"], **filters)
                self.assertEqual(sum(won.mapped("planned_revenue")), month["won_revenue"])
                targets = self._drill("forecast_target", month=month["month"], **filters)
                self.assertEqual(set(targets.mapped("measure")) <= {"won_amount"}, True)
                self.assertEqual(bool(targets), bool(month["target"]))
            for key in ("overdue", "undated", "pushed"):
                records = self._drill("forecast_%s" % key, **filters)
                self.assertEqual(len(records), result[key]["count"], (filters, key))
            for row in result["stages"]:
                customers = self._drill(
                    "forecast_history_customers", stage_id=row["stage_id"], **filters
                )
                self.assertEqual(len(customers), row["history_customers"], (filters, row))
        lists = {
            "O1+O4": self._drill("forecast_open_count", month="2026-03"),
            "W1": self._drill("forecast_won_count", month="2026-04"),
            "pushed": self._drill("forecast_pushed"),
            "initial": self._drill(
                "forecast_history_customers", stage_id=self.stage["initial_contact"].id
            ),
        }
        self.assertEqual(lists["O1+O4"], self.o1 | self.o4)
        self.assertEqual(lists["W1"], self.w1)
        self.assertEqual(lists["pushed"], self.o5)
        self.assertEqual(lists["initial"], self.h["H1"] | self.h["H2"] | self.h["H3"])

    def test_every_sum_equals_its_drill_down(self):
        """get_forecast() sums the open opportunities in one pass grouped by
        Expected Closing day (FORECAST_TOTALS), the drill-downs list them
        one by one (FIGURE_RELATION): every revenue and weighted revenue,
        with either probability, is the sum over its list. Periods of one
        month, of two, and starting with the reference day's month
        boundaries (W1 closes on April 1st in Brussels, March 31 in UTC)."""
        periods = (
            {},
            {"date_from": "2026-03-01", "date_to": "2026-03-31"},
            {"date_from": "2026-04-01", "date_to": "2026-04-30"},
        )
        for probability in ("stage", "history"):
            for filters in periods + ({"user_ids": [self.salesman_1.id]},):
                result = self._forecast(probability=probability, **filters)
                history = {row["stage_id"]: row["history_probability"] for row in result["stages"]}

                def weighted(leads, history=history, probability=probability):
                    """What the drill-down's opportunities weigh: the
                    history probability of their stage when asked and
                    known, else their own."""
                    total = 0.0
                    for lead in leads:
                        share = False
                        if probability == "history":
                            share = history.get(lead.stage_id.id, False)
                        total += lead.planned_revenue * (
                            lead.probability if share is False else share
                        )
                    return round(total / 100.0, 2)

                context = (probability, filters)
                for month in result["months"]:
                    leads = self._drill("forecast_open_count", month=month["month"], **filters)
                    self.assertEqual(
                        sum(leads.mapped("planned_revenue")), month["expected_revenue"], context
                    )
                    self.assertEqual(weighted(leads), month["weighted_revenue"], context)
                    won = self._drill("forecast_won_count", month=month["month"], **filters)
                    self.assertEqual(
                        (len(won), sum(won.mapped("planned_revenue"))),
                        (month["won_count"], month["won_revenue"]),
                        context,
                    )
                for key in ("overdue", "undated"):
                    leads = self._drill("forecast_%s" % key, **filters)
                    self.assertEqual(
                        (len(leads), sum(leads.mapped("planned_revenue")), weighted(leads)),
                        (
                            result[key]["count"],
                            result[key]["expected_revenue"],
                            result[key]["weighted_revenue"],
                        ),
                        (context, key),
                    )
                leads = self._drill("forecast_pushed", **filters)
                self.assertEqual(
                    (len(leads), sum(leads.mapped("planned_revenue"))),
                    (result["pushed"]["count"], result["pushed"]["revenue"]),
                    context,
                )
        # the month of W1 is its day in Brussels: April, not March
        march = self._forecast(date_from="2026-03-01", date_to="2026-03-31")["months"]
        self.assertEqual((march[0]["won_count"], march[0]["won_revenue"]), (1, 800.0))

    def test_probability_is_never_written(self):
        self._forecast(probability="history")
        lead = with_reference_day(self.o1.sudo(self.manager), REFERENCE)
        self.assertEqual(lead.history_probability, 50.0)  # qualified
        stage = with_reference_day(self.stage["negotiation"].sudo(self.manager), REFERENCE)
        self.assertEqual(stage.history_probability, 0.0)  # no history
        self.o1.invalidate_cache()
        self.assertEqual(self.o1.probability, 30.0)
        reference = self.env["crm.pipeline.overview"].sudo(self.manager)
        probabilities = reference._get_history_probabilities(
            [self.stage["qualified"].id], reference_date=REFERENCE
        )
        self.assertEqual(probabilities, {self.stage["qualified"].id: 50.0})

    def test_bad_input(self):
        with self.assertRaisesRegex(UserError, "stage"):
            self._forecast(probability="guess")
        # all time: the year of the reference day
        months = self._forecast(date_from=False, date_to=False)["months"]
        self.assertEqual((months[0]["month"], months[-1]["month"]), ("2026-01", "2026-12"))
        with self.assertRaisesRegex(UserError, "at most 60 months"):
            self._forecast(date_from="2020-01-01", date_to="2026-12-31")
        with self.assertRaisesRegex(UserError, "month"):
            self._drill("forecast_open_count", month="2027-01")
        with self.assertRaisesRegex(UserError, "stage"):
            self._drill("forecast_history_customers")

    def _print_record(self):
        return (
            self.env["crm.pipeline.overview.print"]
            .sudo(self.manager)
            .create(
                {
                    "period": "custom",
                    "date_from": PERIOD["date_from"],
                    "date_to": PERIOD["date_to"],
                    "reference_date": REFERENCE,
                }
            )
        )

    def test_report_forecast_page(self):
        record = self._print_record()
        report = self.env.ref("smart_pipeline.crm_pipeline_overview_report_action")
        html = report.sudo(self.manager).render_qweb_html(record.ids)[0].decode()
        root = lxml.html.fromstring(html)
        page = root.xpath("//div[contains(@class, 'o_pipeline_forecast_report')]")[0]
        rows = [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
            for row in page.xpath(".//table[contains(@class, 'months')]//tr")
        ][1:]
        # the months as the Forecast view names them
        self.assertEqual([row[0] for row in rows], ["March 2026", "April 2026"])
        self.assertEqual(rows[0][1], "2")  # O1, O4
        self.assertIn("2,850.00", rows[0][3])
        self.assertIn("2,600.00", rows[0][6])
        footnotes = page.xpath(".//div[contains(@class, 'o_pipeline_forecast_footnotes')]//li")
        definitions = self.env["crm.pipeline.overview"].get_forecast_definitions()
        self.assertEqual(len(footnotes), 9)
        self.assertEqual(footnotes[-1].text_content(), definitions["history_probability"])

    def test_excel_forecast_sheet(self):
        record = self._print_record()
        report = self.env.ref("smart_pipeline.crm_pipeline_overview_xlsx_action")
        content, _extension = report.sudo(self.manager).render(record.ids, {})
        sheets = read_sections(content)
        months = sheets["Forecast"]["Months"]
        self.assertEqual(months[0][0], "Month")
        forecast = self._forecast()
        self.assertEqual(
            [tuple(row) for row in months[1:]],
            [
                (
                    month["month"],
                    month["open_count"],
                    month["expected_revenue"],
                    month["weighted_revenue"],
                    month["won_count"],
                    month["won_revenue"],
                    month["target"],
                )
                for month in forecast["months"]
            ],
        )
        boxes = {row[0]: row[1:] for row in sheets["Forecast"]["Open Opportunities"][1:]}
        self.assertEqual(boxes["Overdue"], [1, 3000.0, 2550.0])
        self.assertEqual(boxes["Pushed in the Period"][:2], [1, 400.0])
        stages = {row[0]: row[1:] for row in sheets["Forecast"]["Stages"][1:]}
        self.assertEqual(stages["Qualified"][1:], [50.0, 2])

    def test_digest_lists_closing_and_overdue_opportunities(self):
        """The digest of 2026-03-15: s1's O1 closes on 03-20 (within 7 days;
        O5 on 04-20 does not), s2's O4 was expected on 03-05 (overdue)."""
        digests = self.env["crm.followup.digest"]._cron_send_digests("2026-03-15")
        by_user = {digest.user_id: digest for digest in digests}
        mine = by_user[self.salesman_1]
        self.assertEqual(mine.closing_lead_ids, self.o1)
        self.assertFalse(mine.overdue_lead_ids)
        theirs = by_user[self.salesman_2]
        self.assertEqual(theirs.overdue_lead_ids, self.o4)
        self.assertFalse(theirs.closing_lead_ids)
        body = mine.mail_id.body_html
        self.assertIn(self.o1.name, body)
        self.assertNotIn(self.o5.name, body)
        self.assertIn("Overdue", theirs.mail_id.body_html)

    def test_forecast_kanban_groups(self):
        """The forecast kanban and list: open opportunities by Expected
        Closing month, each group summing the weighted revenue; the group
        without Expected Closing is named."""
        action = self.env.ref("smart_pipeline.crm_lead_action_forecast")
        context = dict(safe_eval(action.context), lang="en_US")
        domain = safe_eval(action.domain) + [("company_id", "=", self.company.id)]
        Lead = self.env["crm.lead"].sudo(self.manager).with_context(**context)
        groups = Lead.read_group(
            domain, ["weighted_revenue", "date_deadline"], [context["group_by"]]
        )
        sums = {group["date_deadline"]: group["weighted_revenue"] for group in groups}
        self.assertEqual(
            sums,
            {
                "March 2026": 2850.0,  # O1 300 + O4 2550
                "April 2026": 1600.0,  # O2 1400 + O5 200
                "No Expected Closing": 50.0,  # O3
            },
        )
