# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import json
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError

from ..models import crm_pipeline_overview as overview_module
from ..tools.dates import user_today, with_reference_day
from .common import PipelineOverviewCase


class TestPipelineOverview(PipelineOverviewCase):
    def test_headline_figures(self):
        result = self._overview(reference_date="2026-03-20")
        self.assertEqual(
            self._headline(result),
            {
                "in_pipeline": 4,  # C2, C5, C7, C8
                "won": 2,  # C1, C4
                "lost": 2,  # C3, C6
                "win_rate": 50.0,
                "new_prospects": 1,  # C5, first contact 2026-03-03
            },
        )
        self.assertEqual(result["avg_days_to_close"], 42.0)  # (36 + 48) / 2
        # (35 + 0 + 35 + 2) / 4: C1, C2, C4, C5 have an opening date
        self.assertEqual(result["avg_days_before_pipeline"], 18.0)

    def test_win_rate(self):
        """100 x won / (won + lost) over the customers closed in scope; 0 when
        nobody is closed (never a division by zero)."""
        for filters, expected in (
            ({}, 50.0),  # won C1, C4; lost C3, C6
            ({"team_ids": [self.team_a.id]}, 100.0),  # won C1; nobody lost
            ({"team_ids": [self.team_b.id]}, 33.33),  # won C4; lost C3, C6
            ({"date_from": "2030-01-01", "date_to": "2030-12-31"}, 0.0),
        ):
            with self.subTest(**filters):
                self.assertEqual(self._overview(**filters)["win_rate"], expected)

    def test_new_prospects_follow_the_reference_month(self):
        for reference, expected in (
            ("2026-01-31", 4),  # C1, C2, C6, C7
            ("2026-02-01", 3),  # C3, C4, C8
            ("2026-03-01", 1),  # C5
            ("2026-04-15", 0),
        ):
            result = self._overview(reference_date=reference)
            self.assertEqual(result["new_prospects"], expected, reference)

    def test_new_prospects_ignore_the_period_but_not_the_other_filters(self):
        result = self._overview(
            date_from="2026-03-01", date_to="2026-03-31", reference_date="2026-01-15"
        )
        self.assertEqual(result["new_prospects"], 4)
        result = self._overview(user_ids=[self.salesman_2.id], reference_date="2026-01-15")
        self.assertEqual(result["new_prospects"], 1)  # C6 only
        # salesman 1's first line with C4 is the won line of 2026-03-25
        result = self._overview(user_ids=[self.salesman_1.id], reference_date="2026-03-15")
        self.assertEqual(result["new_prospects"], 2)  # C4, C5

    def test_reference_date_defaults_to_today(self):
        today = user_today(self.env(user=self.manager.id))
        result = self._overview()
        expected = self._overview(reference_date=today.strftime("%Y-%m-%d"))
        self.assertEqual(result["new_prospects"], expected["new_prospects"])

    def test_pipeline_stages(self):
        result = self._overview()
        stages = self._stages(result)
        self.assertEqual(
            {name: row["customers"] for name, row in stages.items()},
            {
                "initial_contact": 1,
                "qualified": 1,
                "lead_validated": 0,
                "demo_given": 0,
                "proposal_sent": 1,
                "negotiation": 1,
                "won": 2,
                "lost": 2,
            },
        )
        self.assertEqual(
            {name: row["in_process"] for name, row in stages.items()},
            {
                "initial_contact": 7,
                "qualified": 1,
                "lead_validated": 0,
                "demo_given": 2,
                "proposal_sent": 2,
                "negotiation": 1,
                "won": 0,  # never counted at won and lost stages
                "lost": 0,
            },
        )
        self.assertEqual(
            {name: row["won"] for name, row in stages.items()},
            {
                "initial_contact": 2,
                "qualified": 0,
                "lead_validated": 0,
                "demo_given": 1,
                "proposal_sent": 1,
                "negotiation": 0,
                "won": 2,
                "lost": 0,
            },
        )
        self.assertEqual(stages["won"]["outcome"], "won")
        self.assertEqual(stages["lost"]["outcome"], "lost")
        self.assertEqual(stages["qualified"]["outcome"], "open")
        self.assertEqual(stages["negotiation"]["name"], self.stage["negotiation"].name)
        # in stage order
        ids = [row["stage_id"] for row in result["stages"]]
        expected_order = self.env["crm.stage"].search([("id", "in", ids)]).ids
        self.assertEqual(ids, expected_order)
        # every customer is at exactly one position
        self.assertEqual(
            sum(row["customers"] for row in result["stages"]),
            result["in_pipeline"] + result["won"] + result["lost"],
        )

    def test_seed_worked_examples(self):
        # a) 1 customer with 2 conversations at an open stage: In Process 2
        only_c2 = self._overview(date_from="2026-01-10", date_to="2026-01-15")
        self.assertEqual(self._stages(only_c2)["initial_contact"]["in_process"], 2)
        self.assertEqual(self._stages(only_c2)["initial_contact"]["customers"], 1)
        # b) 2 customers with 5 conversations between them: In Process 5
        x = self._customer("Overview Example X")
        y = self._customer("Overview Example Y")
        for partner, day in ((x, 5), (x, 6), (y, 7), (y, 8), (y, 9)):
            self._line(
                partner,
                "qualified",
                "2025-06-%02d 10:00:00" % day,
                self.salesman_1,
                self.team_a,
            )
        example_b = self._overview(date_from="2025-06-01", date_to="2025-06-30")
        self.assertEqual(self._stages(example_b)["qualified"]["in_process"], 5)
        self.assertEqual(self._stages(example_b)["qualified"]["customers"], 2)
        # the won column of the first stage equals all customers who bought
        result = self._overview()
        self.assertEqual(result["stages"][0]["stage_id"], self.stage["initial_contact"].id)
        self.assertEqual(result["stages"][0]["won"], result["won"])
        # Demo given -- Won 1: where a demo was given, 1 customer bought (C1)
        self.assertEqual(self._stages(result)["demo_given"]["won"], 1)

    def test_lost_reasons(self):
        result = self._overview()
        self.assertEqual(
            sorted(
                (row["lost_reason_id"], row["name"], row["customers"])
                for row in result["lost_reasons"]
            ),
            sorted(
                [
                    (self.reason_price.id, self.reason_price.name, 1),  # C3
                    (self.reason_competitor.id, self.reason_competitor.name, 1),  # C6
                ]
            ),
        )
        # C7's old lost line does not count: C7 is back in negotiation
        january = self._overview(date_to="2026-01-31")
        self.assertEqual(
            {row["lost_reason_id"]: row["customers"] for row in january["lost_reasons"]},
            {self.reason_price.id: 1, self.reason_competitor.id: 1},  # C7, C6
        )
        self.assertEqual(january["lost"], 2)
        self.assertEqual(january["win_rate"], 0.0)

    def test_deals(self):
        self.assertEqual(
            self._overview()["deals"],
            {
                "count": 2,
                "avg_amount": 2000.0,
                "total_amount": 4000.0,
                "weighted_amount": 1600.0,  # 1000 x 10 % + 3000 x 50 %
            },
        )
        self.assertEqual(
            self._overview(user_ids=[self.salesman_1.id])["deals"],
            {
                "count": 1,
                "avg_amount": 1000.0,
                "total_amount": 1000.0,
                "weighted_amount": 100.0,
            },
        )
        self.assertEqual(self._overview(team_ids=[self.team_b.id])["deals"]["total_amount"], 3000.0)

    def test_employees(self):
        result = self._overview()
        employees = {row["user_id"]: row for row in result["employees"]}
        self.assertEqual(set(employees), {self.salesman_1.id, self.salesman_2.id})
        self.assertEqual(
            employees[self.salesman_1.id],
            {
                "user_id": self.salesman_1.id,
                "name": self.salesman_1.name,
                "conversations": 10,
                "minutes": 175.0,
                # every line of this dataset is typed by hand
                "minutes_by_source": {"manual": 175.0, "email": 0.0, "meeting": 0.0, "call": 0.0},
                "customers": 5,  # C1, C2, C4, C5, C7
                "won": 2,  # C1 and C4: salesman 1 logged their last line
                "lost": 0,
                "win_rate": 100.0,
            },
        )
        self.assertEqual(
            employees[self.salesman_2.id],
            {
                "user_id": self.salesman_2.id,
                "name": self.salesman_2.name,
                "conversations": 9,
                "minutes": 165.0,
                "minutes_by_source": {"manual": 165.0, "email": 0.0, "meeting": 0.0, "call": 0.0},
                "customers": 4,  # C3, C4, C6, C8
                "won": 0,
                "lost": 2,  # C3, C6
                "win_rate": 0.0,
            },
        )
        self.assertEqual(sum(row["won"] for row in result["employees"]), result["won"])

    def test_period_filter(self):
        february = self._overview(
            date_from="2026-02-01", date_to="2026-02-28", reference_date="2026-02-15"
        )
        # lines of February: C1 won, C3 Demo Given, C4 Initial Contact, C8 Proposal
        self.assertEqual(
            self._headline(february),
            {
                "in_pipeline": 3,
                "won": 1,
                "lost": 0,
                "win_rate": 100.0,
                "new_prospects": 3,
            },
        )
        # C1's first line of the period is its won line
        self.assertEqual(february["avg_days_to_close"], 0.0)
        # C1: 2025-12-01 -> 2026-02-10 = 71, C4: 2026-01-01 -> 2026-02-05 = 35
        self.assertEqual(february["avg_days_before_pipeline"], 53.0)
        stages = self._stages(february)
        self.assertEqual(stages["initial_contact"]["in_process"], 2)
        self.assertEqual(stages["initial_contact"]["won"], 0)
        self.assertEqual(stages["won"]["won"], 1)

    def test_open_ended_periods(self):
        since_march = self._overview(date_from="2026-03-01")
        # C3 lost, C4 won, C5 Qualified, C7 Negotiation
        self.assertEqual(
            (since_march["in_pipeline"], since_march["won"], since_march["lost"]),
            (2, 1, 1),
        )
        self.assertEqual(since_march["win_rate"], 50.0)
        until_january = self._overview(date_to="2026-01-31")
        # C1 Demo Given, C2 Initial Contact, C6 and C7 lost
        self.assertEqual(
            (until_january["in_pipeline"], until_january["won"], until_january["lost"]),
            (2, 0, 2),
        )
        self.assertEqual(until_january["avg_days_to_close"], 0.0)

    def test_user_filter(self):
        result = self._overview(user_ids=[self.salesman_1.id])
        # C1 won, C4 won (salesman 1's only line with C4), C2, C5, C7 open
        self.assertEqual((result["in_pipeline"], result["won"], result["lost"]), (3, 2, 0))
        self.assertEqual(result["avg_days_to_close"], 18.0)  # (36 + 0) / 2
        self.assertEqual([row["user_id"] for row in result["employees"]], [self.salesman_1.id])
        result = self._overview(user_ids=[self.salesman_2.id])
        # without salesman 1's won line, C4 stays at Proposal Sent
        self.assertEqual((result["in_pipeline"], result["won"], result["lost"]), (2, 0, 2))
        both = self._overview(user_ids=[self.salesman_1.id, self.salesman_2.id])
        self.assertEqual(self._headline(both), self._headline(self._overview()))

    def test_team_filter(self):
        team_a = self._overview(team_ids=[self.team_a.id])
        self.assertEqual((team_a["in_pipeline"], team_a["won"], team_a["lost"]), (3, 1, 0))
        self.assertEqual(team_a["avg_days_to_close"], 36.0)
        team_b = self._overview(team_ids=[self.team_b.id])
        # C3 and C6 lost, C4 won (line of salesman 1 for team B), C8 open
        self.assertEqual((team_b["in_pipeline"], team_b["won"], team_b["lost"]), (1, 1, 2))
        self.assertEqual(team_b["win_rate"], 33.33)
        employees = {row["user_id"]: row for row in team_b["employees"]}
        self.assertEqual(employees[self.salesman_1.id]["conversations"], 1)
        self.assertEqual(employees[self.salesman_1.id]["won"], 1)
        self.assertEqual(employees[self.salesman_2.id]["conversations"], 9)

    def test_empty_result_has_no_none(self):
        result = self._overview(date_from="2030-01-01", date_to="2030-12-31")
        self.assertEqual(
            self._headline(result),
            {
                "in_pipeline": 0,
                "won": 0,
                "lost": 0,
                "win_rate": 0.0,
                "new_prospects": 0,
            },
        )
        self.assertEqual(result["avg_days_to_close"], 0.0)
        self.assertEqual(result["avg_days_before_pipeline"], 0.0)
        self.assertEqual(result["lost_reasons"], [])
        self.assertEqual(result["employees"], [])
        self.assertTrue(result["stages"])
        self.assertTrue(all(row["customers"] == 0 for row in result["stages"]))

    def test_result_holds_plain_values_only(self):
        result = self._overview()

        def check(value):
            self.assertIsNotNone(value)
            if isinstance(value, dict):
                for key, item in value.items():
                    self.assertIsInstance(key, str)
                    check(item)
            elif isinstance(value, list):
                for item in value:
                    check(item)
            else:
                self.assertIsInstance(value, (bool, int, float, str))

        check(result)
        self.assertEqual(json.loads(json.dumps(result)), result)
        self.assertIsInstance(result["win_rate"], float)
        self.assertIsInstance(result["avg_days_to_close"], float)
        self.assertIsInstance(result["in_pipeline"], int)

    def test_other_companies_are_out_of_scope(self):
        # the line of the main company would make C1 lost
        self.assertEqual(self._overview()["won"], 2)
        self.manager.sudo().write(
            {
                "company_ids": [(4, self.other_company.id)],
                "company_id": self.other_company.id,
            }
        )
        # now in the main company: none of the test company's lines count
        result = self._overview(user_ids=[self.salesman_1.id])
        self.assertEqual(result["lost"], 1)  # only C1's main company line
        self.assertEqual(result["won"], 0)

    def test_salesman_sees_own_conversations_only(self):
        own = self._overview(user=self.salesman_2)
        filtered = self._overview(user_ids=[self.salesman_2.id])
        self.assertEqual(self._headline(own), self._headline(filtered))
        self.assertEqual([row["user_id"] for row in own["employees"]], [self.salesman_2.id])

    def test_user_without_sales_rights_is_refused(self):
        employee = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Overview Employee",
                    "login": "overview_employee",
                    "company_id": self.company.id,
                    "company_ids": [(6, 0, self.company.ids)],
                    "groups_id": [(6, 0, self.env.ref("base.group_user").ids)],
                }
            )
        )
        with self.assertRaises(AccessError):
            self._overview(user=employee)

    def test_bad_input_is_refused_clearly(self):
        with self.assertRaisesRegex(UserError, "before its end"):
            self._overview(date_from="2026-03-01", date_to="2026-02-01")
        with self.assertRaisesRegex(UserError, "date_from must be a date"):
            self._overview(date_from="01/03/2026")
        with self.assertRaisesRegex(UserError, "user_ids must be a list"):
            self._overview(user_ids="salesman")
        with self.assertRaisesRegex(UserError, "team_ids must be a list"):
            self._overview(team_ids=[self.team_a])
        Overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        with self.assertRaisesRegex(UserError, "Unknown figure"):
            Overview.get_drill_down_action("everything")
        with self.assertRaisesRegex(UserError, "needs its stage or employee"):
            Overview.get_drill_down_action("stage_customers")
        with self.assertRaises(ValidationError):
            self.env["crm.pipeline.overview.print"].sudo(self.manager).create(
                {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-02-01"}
            )

    def test_stage_masks_of_many_stages(self):
        """The stages a customer went through are bits of 63-stage masks:
        with 2 stages per mask (several masks here) the figures do not
        change, over all time or over a period."""
        expected = self._overview()
        expected_period = self._overview(date_from="2026-01-01", date_to="2026-12-31")
        with patch.object(overview_module, "STAGE_MASK_BITS", 2):
            self.assertGreater(overview_module.stage_mask_chunks(self.env.cr), 1)
            result = self._overview()
            result_period = self._overview(date_from="2026-01-01", date_to="2026-12-31")
            won = self.env["crm.pipeline.overview"].sudo(self.manager)
            action = won.get_drill_down_action("stage_won", stage_id=self.stage["proposal_sent"].id)
        self.assertEqual(result, expected)
        self.assertEqual(result_period, expected_period)
        self.assertEqual(self._stages(result)["demo_given"]["won"], 1)
        self.assertEqual(
            self.env["res.partner"].sudo(self.manager).search(action["domain"]), self.c4
        )

    def test_single_ids_are_accepted(self):
        self.assertEqual(
            self._headline(self._overview(user_ids=self.salesman_2.id)),
            self._headline(self._overview(user_ids=[self.salesman_2.id])),
        )


class TestPipelineOverviewDrillDown(PipelineOverviewCase):
    def _drill(self, measure, **kwargs):
        return (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_drill_down_action(measure, **kwargs)
        )

    def _records(self, action):
        model = self.env[action["res_model"]].sudo(self.manager)
        return model.with_context(active_test=False).search(action["domain"])

    def test_customer_figures_open_their_customers(self):
        for measure, kwargs, expected in (
            ("in_pipeline", {}, self.c2 | self.c5 | self.c7 | self.c8),
            ("won", {}, self.c1 | self.c4),
            ("lost", {}, self.c3 | self.c6),
            ("win_rate", {}, self.c1 | self.c3 | self.c4 | self.c6),
            ("new_prospects", {"reference_date": "2026-03-10"}, self.c5),
            ("avg_days_to_close", {}, self.c1 | self.c4),
            ("avg_days_before_pipeline", {}, self.c1 | self.c2 | self.c4 | self.c5),
            (
                "stage_customers",
                {"stage_id": self.stage["qualified"].id},
                self.c5,
            ),
            ("stage_won", {"stage_id": self.stage["demo_given"].id}, self.c1),
            ("lost_reason", {"lost_reason_id": self.reason_price.id}, self.c3),
            (
                "employee_customers",
                {"user_id": self.salesman_2.id},
                self.c3 | self.c4 | self.c6 | self.c8,
            ),
            ("employee_won", {"user_id": self.salesman_1.id}, self.c1 | self.c4),
            ("employee_lost", {"user_id": self.salesman_2.id}, self.c3 | self.c6),
            (
                "employee_win_rate",
                {"user_id": self.salesman_2.id},
                self.c3 | self.c6,
            ),
        ):
            action = self._drill(measure, **kwargs)
            self.assertEqual(action["res_model"], "res.partner", measure)
            self.assertEqual(self._records(action), expected, measure)

    def test_drill_down_has_one_home(self):
        """get_drill_down_action() is written once (the overview's file); the
        flow and the forecast extend _drill_down() and every family is
        reached through the one public method, keys by name or position."""
        Overview = self.env["crm.pipeline.overview"]
        homes = [
            cls.__module__ for cls in type(Overview).__mro__ if "get_drill_down_action" in vars(cls)
        ]
        self.assertEqual(homes, ["odoo.addons.smart_pipeline.models.crm_pipeline_overview"], homes)
        self.assertEqual(self._records(self._drill("won")), self.c1 | self.c4)  # the overview's
        flow = self._drill(
            "flow_entered",
            date_from="2026-01-01",
            date_to="2026-12-31",
            stage_id=self.stage["qualified"].id,
        )
        self.assertEqual(flow["res_model"], "res.partner")
        forecast = self._drill("forecast_undated", date_from="2026-01-01", date_to="2026-12-31")
        self.assertEqual(forecast["res_model"], "crm.lead")
        # positional: measure, date_from, date_to, user_ids, team_ids,
        # reference_date, stage_id, user_id, lost_reason_id, month
        positional = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_drill_down_action(
                "forecast_open_count",
                "2026-01-01",
                "2026-12-31",
                False,
                False,
                False,
                False,
                False,
                False,
                "2026-03",
            )
        )
        self.assertEqual(positional["res_model"], "crm.lead")
        with self.assertRaisesRegex(UserError, "needs a month"):
            self._drill("forecast_open_count", date_from="2026-01-01", date_to="2026-12-31")
        with self.assertRaisesRegex(UserError, "needs its stage_id"):
            self._drill("flow_entered", date_from="2026-01-01", date_to="2026-12-31")

    def test_drill_down_follows_the_filters(self):
        action = self._drill("won", team_ids=[self.team_a.id])
        self.assertEqual(self._records(action), self.c1)
        action = self._drill("in_pipeline", date_from="2026-02-01", date_to="2026-02-28")
        self.assertEqual(self._records(action), self.c3 | self.c4 | self.c8)

    def test_conversation_figures_open_their_lines(self):
        action = self._drill("stage_in_process", stage_id=self.stage["initial_contact"].id)
        self.assertEqual(action["res_model"], "crm.conversation")
        self.assertEqual(len(self._records(action)), 7)
        action = self._drill(
            "employee_conversations",
            user_id=self.salesman_1.id,
            date_from="2026-03-01",
            date_to="2026-03-31",
        )
        # C4 won, C5 x 2, C7 negotiation (the main company line is not shown)
        self.assertEqual(len(self._records(action)), 4)

    def test_deals_open_the_open_opportunities(self):
        action = self._drill("deals")
        self.assertEqual(action["res_model"], "crm.lead")
        leads = self.env["crm.lead"].sudo(self.manager).search(action["domain"])
        self.assertEqual(sorted(leads.mapped("name")), ["Deal 1", "Deal 2"])


class TestPipelineOverviewTimezone(PipelineOverviewCase):
    """Lines logged around midnight: the day of a line is the user's day."""

    @classmethod
    def _create_data(cls):
        s1, team = cls.salesman_1, cls.team_a
        # 2026-04-01 00:30 in Brussels (summer time, UTC+2), 03-31 in UTC
        cls.t1 = cls._customer("Overview TZ April")
        cls._line(cls.t1, "initial_contact", "2026-03-31 22:30:00", s1, team)
        # 2026-02-01 00:30 in Brussels (winter time, UTC+1), 01-31 in UTC
        cls.t2 = cls._customer("Overview TZ February")
        cls._line(cls.t2, "initial_contact", "2026-01-31 23:30:00", s1, team)
        # first line 2026-02-11 00:30 in Brussels (02-10 UTC), won
        # 2026-02-12 23:00 in Brussels (02-12 UTC): 1 day there, 2 in UTC.
        cls.t3 = cls._customer("Overview TZ Won", "2026-02-10")
        cls._line(cls.t3, "initial_contact", "2026-02-10 23:30:00", s1, team)
        cls._line(cls.t3, "won", "2026-02-12 22:00:00", s1, team)

    def _counts(self, tz, date_from, date_to):
        result = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .with_context(tz=tz)
            .get_overview(date_from=date_from, date_to=date_to)
        )
        return result["in_pipeline"], result["won"]

    def test_period_bounds_in_the_user_timezone(self):
        brussels = "Europe/Brussels"
        self.assertEqual(self._counts(brussels, "2026-04-01", "2026-04-30"), (1, 0))
        self.assertEqual(self._counts(brussels, "2026-03-01", "2026-03-31"), (0, 0))
        self.assertEqual(self._counts(brussels, "2026-02-01", "2026-02-28"), (1, 1))
        self.assertEqual(self._counts(brussels, "2026-01-01", "2026-01-31"), (0, 0))
        self.assertEqual(self._counts("UTC", "2026-04-01", "2026-04-30"), (0, 0))
        self.assertEqual(self._counts("UTC", "2026-03-01", "2026-03-31"), (1, 0))
        self.assertEqual(self._counts("UTC", "2026-01-01", "2026-01-31"), (1, 0))
        self.assertEqual(self._counts("UTC", "2026-02-01", "2026-02-28"), (0, 1))

    def test_user_timezone_is_the_default(self):
        result = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_overview(date_from="2026-04-01", date_to="2026-04-01")
        )
        self.assertEqual(result["in_pipeline"], 1)

    def test_new_prospects_month_in_the_user_timezone(self):
        Overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        brussels = Overview.with_context(tz="Europe/Brussels")
        utc = Overview.with_context(tz="UTC")
        self.assertEqual(brussels.get_overview(reference_date="2026-04-10")["new_prospects"], 1)
        self.assertEqual(utc.get_overview(reference_date="2026-04-10")["new_prospects"], 0)
        self.assertEqual(utc.get_overview(reference_date="2026-03-10")["new_prospects"], 1)
        # February in Brussels: T2 (02-01 00:30) and T3; in UTC: T3 only
        self.assertEqual(brussels.get_overview(reference_date="2026-02-10")["new_prospects"], 2)
        self.assertEqual(utc.get_overview(reference_date="2026-02-10")["new_prospects"], 1)

    def test_days_are_counted_in_the_user_timezone(self):
        Overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        brussels = Overview.with_context(tz="Europe/Brussels").get_overview()
        utc = Overview.with_context(tz="UTC").get_overview()
        self.assertEqual(brussels["avg_days_to_close"], 1.0)
        self.assertEqual(utc["avg_days_to_close"], 2.0)
        self.assertEqual(brussels["avg_days_before_pipeline"], 1.0)
        self.assertEqual(utc["avg_days_before_pipeline"], 0.0)

    def test_period_dates_of_the_filters(self):
        Overview = self.env["crm.pipeline.overview.print"].sudo(self.manager)
        for period, expected in (
            ("month", ("2026-02-01", "2026-02-28")),
            ("quarter", ("2026-01-01", "2026-03-31")),
            ("year", ("2026-01-01", "2026-12-31")),
            ("all", (False, False)),
        ):
            record = Overview.create({"period": period, "reference_date": "2026-02-15"})
            self.assertEqual((record.date_from, record.date_to), expected, period)
        custom = Overview.create(
            {
                "period": "custom",
                "date_from": "2026-02-03",
                "reference_date": "2026-02-15",
            }
        )
        self.assertEqual((custom.date_from, custom.date_to), ("2026-02-03", False))

    def test_the_screen_asks_the_server_for_its_period(self):
        """get_period() is the one definition of the periods: the screen's
        bounds and facet label, the print wizard's dates."""
        Overview = self.env["crm.pipeline.overview"].sudo(self.manager).with_context(lang="en_US")
        for period, expected in (
            ("month", ("2026-11-01", "2026-11-30")),
            ("quarter", ("2026-10-01", "2026-12-31")),
            ("year", ("2026-01-01", "2026-12-31")),
            ("all", (False, False)),
        ):
            bounds = Overview.get_period(period, reference_date="2026-11-15")
            self.assertEqual((bounds["date_from"], bounds["date_to"]), expected, period)
            record = self.env["crm.pipeline.overview.print"].sudo(self.manager)
            record = record.create({"period": period, "reference_date": "2026-11-15"})
            self.assertEqual((record.date_from, record.date_to), expected, period)
        self.assertEqual(
            Overview.get_period("quarter", "2026-11-15")["label"],
            "This Quarter: 10/01/2026 - 12/31/2026",
        )
        self.assertEqual(Overview.get_period("all")["label"], "All Time")
        custom = Overview.get_period("custom", date_from="2026-02-03")
        self.assertEqual((custom["date_from"], custom["date_to"]), ("2026-02-03", False))
        self.assertEqual(custom["label"], "Custom: 02/03/2026 - …")
        # without a day, the user's today as the server sees it (the screen
        # takes its reference date from here, not from the browser's clock)
        today = with_reference_day(Overview, "2026-11-15").get_period("month")
        self.assertEqual(
            (today["reference_date"], today["date_from"], today["date_to"]),
            ("2026-11-15", "2026-11-01", "2026-11-30"),
        )
        with self.assertRaisesRegex(UserError, "Unknown period"):
            Overview.get_period("fortnight")
        with self.assertRaisesRegex(UserError, "must be a date"):
            Overview.get_period("month", reference_date="next tuesday")
