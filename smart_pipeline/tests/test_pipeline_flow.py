# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


from odoo.exceptions import AccessError, UserError

from ..models.crm_stage import STAGES
from ..tools import dates
from .common import PipelineScopeCase

PERIOD = {"date_from": "2026-01-01", "date_to": "2026-03-31", "reference_date": "2026-04-10"}


class PipelineFlowCase(PipelineScopeCase):
    """The scope of common.PipelineScopeCase (its manager in Europe/Brussels:
    UTC+1, UTC+2 from 2026-03-29) and six customers whose paths, on fixed
    dates, cover every key of get_flow().
    Times of lines are UTC; expected values are worked out in the comments.

    Pipeline ranks: IC 1, QU 2, LV 3, DG 4, PS 5, NEG 6, WON 7, LOST 8.
    Rotting days: Qualified 10, Demo Given 10, the others 0."""

    scope = "Flow"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the sales manager configures the rotting days on the stage form,
        # on every stage: the demo data sets its own on the shipped stages
        for key, stage in cls.stage.items():
            rotting_days = 10 if key in ("qualified", "demo_given") else 0
            stage.sudo(cls.manager).write({"rotting_days": rotting_days})
        Topic = cls.env["crm.conversation.topic"]
        Channel = cls.env["crm.conversation.channel"]
        cls.hardware = Topic.create({"name": "Flow Topic Hardware"})
        cls.software = Topic.create({"name": "Flow Topic Software"})
        cls.phone = Channel.create({"name": "Flow Phone"})
        cls.visit = Channel.create({"name": "Flow Visit"})
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Flow: too expensive"})
        cls._create_data()

    @classmethod
    def _create_data(cls):
        s1, s2, ta, tb, line = cls.salesman_1, cls.salesman_2, cls.team_a, cls.team_b, cls._line
        # A goes back: IC 01-05 (5 d), QU 01-10 (+ a second QU line, same
        # visit; 10 d), IC again 01-20 (12 d), QU 02-01 (current, no end).
        # Idle since 02-01: 68 days at Qualified (10): stale. Its follow-up
        # is completed: no next step.
        cls.a = cls._customer("Flow A Back")
        line(cls.a, "initial_contact", "2026-01-05 10:00:00", s1, ta)
        line(cls.a, "qualified", "2026-01-10 10:00:00", s1, ta)
        line(cls.a, "qualified", "2026-01-12 10:00:00", s1, ta)
        line(cls.a, "initial_contact", "2026-01-20 10:00:00", s1, ta)
        line(
            cls.a,
            "qualified",
            "2026-02-01 10:00:00",
            s1,
            ta,
            follow_up_date="2026-04-20",
            completed=True,
        )
        # ... and a line of a company the manager is not allowed in: ignored.
        # (moved there in SQL: the companies of a line must agree otherwise)
        foreign = line(cls.a, "won", "2026-03-15 10:00:00", s1, ta)
        cls._move_to_company(foreign, cls.other_company)
        # B skips stages: IC 01-15 (31 d), PS 02-15 (14 d), WON 03-01: 45
        # days to close.
        cls.b = cls._customer("Flow B Skip")
        line(
            cls.b,
            "initial_contact",
            "2026-01-15 10:00:00",
            s2,
            tb,
            topic_id=cls.hardware.id,
            channel_id=cls.phone.id,
        )
        line(cls.b, "proposal_sent", "2026-02-15 10:00:00", s2, tb)
        line(cls.b, "won", "2026-03-01 10:00:00", s2, tb)
        # C is won, then reopens: IC 02-03 (7 d), WON 02-10 (23 d), NEG
        # 03-05 with a follow-up planned on 04-15: it has a next step.
        cls.c = cls._customer("Flow C Reopen")
        line(
            cls.c,
            "initial_contact",
            "2026-02-03 09:00:00",
            s1,
            ta,
            topic_id=cls.hardware.id,
            channel_id=cls.visit.id,
        )
        line(cls.c, "won", "2026-02-10 09:00:00", s1, ta)
        line(cls.c, "negotiation", "2026-03-05 09:00:00", s1, ta, follow_up_date="2026-04-15")
        # D starts at 00:30 in Brussels on 02-01 (23:30 UTC on 01-31): a
        # February customer. IC lasts 9 d 12 h 30 min = 9.52 days; lost.
        cls.d = cls._customer("Flow D Midnight")
        line(
            cls.d,
            "initial_contact",
            "2026-01-31 23:30:00",
            s2,
            tb,
            topic_id=cls.software.id,
            channel_id=cls.phone.id,
        )
        line(cls.d, "lost", "2026-02-10 12:00:00", s2, tb, lost_reason_id=cls.reason.id)
        # E started before the period (not in the cohort): IC 2025-12-20,
        # DG 01-08 (current). A line without position by salesman 2 at 01:30
        # on 03-31 in Brussels (23:30 UTC on 03-30): idle 10 days at Demo
        # Given (10), not more: not stale (11 days if counted in UTC).
        cls.e = cls._customer("Flow E Early")
        line(cls.e, "initial_contact", "2025-12-20 10:00:00", s1, ta, topic_id=cls.software.id)
        line(cls.e, "demo_given", "2026-01-08 10:00:00", s1, ta)
        line(cls.e, False, "2026-03-30 23:30:00", s2, tb)
        # F skips Initial Contact, at 00:30 on 01-01 in Brussels (23:30 UTC on
        # 2025-12-31): in the period and a January customer. Its follow-up is
        # due before the reference date: no next step; idle 99 days: stale.
        cls.f = cls._customer("Flow F New Year")
        line(cls.f, "qualified", "2025-12-31 23:30:00", s1, ta, follow_up_date="2026-04-09")
        # Opportunities: one open deal of 2000; closed in the period: won
        # 3000, lost (archived) 1000; won 5000 after the period.
        Lead = cls.env["crm.lead"]
        for name, stage, revenue, closed, active in (
            ("Flow deal open", "initial_contact", 2000, False, True),
            ("Flow deal won", "won", 3000, "2026-02-10 12:00:00", True),
            ("Flow deal lost", "lost", 1000, "2026-03-01 12:00:00", False),
            ("Flow deal won later", "won", 5000, "2026-04-05 12:00:00", True),
        ):
            lead = Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "company_id": cls.company.id,
                    "user_id": s1.id,
                    "team_id": cls.team_a.id,
                    "stage_id": cls.stage[stage].id,
                    "planned_revenue": revenue,
                    "probability": 20,
                }
            )
            # crm stamps date_closed when a deal is archived: set it after
            lead.write({"active": active})
            lead.write({"date_closed": closed})

    def _flow(self, user=None, **kwargs):
        return self.env["crm.pipeline.overview"].sudo(user or self.manager).get_flow(**kwargs)

    def _stages(self, result, key):
        by_id = {row["stage_id"]: row for row in result["stages"]}
        return {name: by_id[stage.id][key] for name, stage in self.stage.items()}

    def _drill(self, measure, user=None, **kwargs):
        action = (
            self.env["crm.pipeline.overview"]
            .sudo(user or self.manager)
            .get_drill_down_action(measure, **kwargs)
        )
        return action["res_model"], action["domain"][0][2]


class TestPipelineFlow(PipelineFlowCase):
    def test_stage_keys(self):
        result = self._flow(**PERIOD)
        self.assertEqual(
            set(result),
            {
                "stages",
                "no_next_step",
                "cohorts",
                "velocity",
                "win_rate_value",
                "by_topic",
                "by_channel",
            },
        )
        for row in result["stages"]:
            self.assertEqual(
                set(row),
                {
                    "stage_id",
                    "name",
                    "outcome",
                    "entered",
                    "avg_days",
                    "median_days",
                    "reached",
                    "conversion",
                    "stale",
                },
            )
        names = [row["stage_id"] for row in result["stages"]]
        self.assertEqual(
            [stage_id for stage_id in names if stage_id in {s.id for s in self.stage.values()}],
            [self.stage[name].id for name in STAGES],
        )

    def test_entered(self):
        result = self._flow(**PERIOD)
        self.assertEqual(
            self._stages(result, "entered"),
            {
                "initial_contact": 4,  # A (twice: once), B, C, D; not E (2025)
                "qualified": 2,  # A, F (00:30 on 01-01 in Brussels)
                "lead_validated": 0,
                "demo_given": 1,  # E
                "proposal_sent": 1,  # B
                "negotiation": 1,  # C
                "won": 2,  # B, C
                "lost": 1,  # D
            },
        )

    def test_time_in_stage(self):
        result = self._flow(**PERIOD)
        # IC: 5, 12, 31, 7, 9.5208 days: mean 12.904, median 9.52
        self.assertEqual(
            self._stages(result, "avg_days"),
            {
                "initial_contact": 12.9,
                "qualified": 10.0,  # A's first visit; the current ones have no end
                "lead_validated": 0.0,
                "demo_given": 0.0,
                "proposal_sent": 14.0,
                "negotiation": 0.0,
                "won": 23.0,  # C, until it reopened
                "lost": 0.0,
            },
        )
        medians = self._stages(result, "median_days")
        self.assertEqual(medians["initial_contact"], 9.52)
        self.assertEqual(medians["qualified"], 10.0)
        self.assertEqual(medians["won"], 23.0)
        self.assertEqual(medians["negotiation"], 0.0)

    def test_reached_and_conversion(self):
        result = self._flow(**PERIOD)
        # cohort: A (max QU), B (WON), C (WON), D (IC, lost), F (QU)
        self.assertEqual(
            self._stages(result, "reached"),
            {
                "initial_contact": 5,
                "qualified": 4,  # A, B, C, F
                "lead_validated": 2,  # B (skipped it), C
                "demo_given": 2,
                "proposal_sent": 2,
                "negotiation": 2,
                "won": 2,  # B, C (reopened, but its path contains Won)
                "lost": 1,  # D
            },
        )
        self.assertEqual(
            self._stages(result, "conversion"),
            {
                "initial_contact": 80.0,  # A, B, C, F of 5
                "qualified": 50.0,  # B, C of 4
                "lead_validated": 100.0,
                "demo_given": 100.0,
                "proposal_sent": 100.0,
                "negotiation": 100.0,
                "won": 0.0,
                "lost": 0.0,
            },
        )

    def test_stale_and_no_next_step(self):
        result = self._flow(**PERIOD)
        stale = self._stages(result, "stale")
        self.assertEqual(stale["qualified"], 2)  # A (68 days), F (99 days)
        self.assertEqual(stale["demo_given"], 0)  # E: 10 days in Brussels
        self.assertEqual(sum(stale.values()), 2)
        # A (completed follow-up), E, F (follow-up due before the reference)
        self.assertEqual(result["no_next_step"], 3)
        _model, ids = self._drill("flow_no_next_step", **PERIOD)
        self.assertEqual(sorted(ids), sorted((self.a | self.e | self.f).ids))
        # a day later E is stale too
        result = self._flow(**dict(PERIOD, reference_date="2026-04-11"))
        self.assertEqual(self._stages(result, "stale")["demo_given"], 1)
        # C's follow-up of 04-15 is no next step any more after that day
        result = self._flow(**dict(PERIOD, reference_date="2026-04-16"))
        self.assertEqual(result["no_next_step"], 4)

    def test_cohorts(self):
        result = self._flow(**PERIOD)
        self.assertEqual(
            result["cohorts"],
            [
                {
                    "month": "2026-01",  # A, B, F (00:30 on 01-01 in Brussels)
                    "customers": 3,
                    "open": 2,
                    "won": 1,
                    "lost": 0,
                    "win_rate": 100.0,
                    "avg_days_to_close": 45.0,  # B
                },
                {
                    "month": "2026-02",  # C (reopened: open), D (00:30 on 02-01)
                    "customers": 2,
                    "open": 1,
                    "won": 0,
                    "lost": 1,
                    "win_rate": 0.0,
                    "avg_days_to_close": 0.0,
                },
            ],
        )

    def test_velocity_and_win_rate_by_value(self):
        result = self._flow(**PERIOD)
        overview = self.env["crm.pipeline.overview"].sudo(self.manager).get_overview(**PERIOD)
        self.assertEqual(overview["win_rate"], 50.0)  # B won, D lost
        self.assertEqual(overview["avg_days_to_close"], 45.0)
        self.assertEqual(
            result["velocity"],
            {
                "deals": 1,
                "avg_amount": 2000.0,
                "win_rate": 50.0,
                "avg_days_to_close": 45.0,
                "revenue_per_day": 22.22,  # 1 x 2000 x 50 / 100 / 45
            },
        )
        self.assertEqual(result["win_rate_value"], 75.0)  # 3000 / (3000 + 1000)
        _model, ids = self._drill("flow_win_rate_value", **PERIOD)
        self.assertEqual(len(ids), 2)
        # nothing closed: 0.0, no None anywhere
        result = self._flow(date_from="2025-01-01", date_to="2025-01-31")
        self.assertEqual(result["win_rate_value"], 0.0)
        self.assertEqual(result["velocity"]["revenue_per_day"], 0.0)
        self.assertEqual(result["cohorts"], [])

    def test_velocity_and_stages_equal_get_overview(self):
        """get_flow() reads the overview's win rate, days to close, deals
        and stages in its own statement (from the path), not through a
        get_overview() of its own: the same values for every period and
        filter, as the manager and as a salesperson."""
        periods = (
            PERIOD,
            {"date_from": "2026-02-01", "date_to": "2026-02-28"},
            {"date_to": "2026-02-15"},
            {"date_from": "2026-03-01"},
            {},
            {"date_from": "2025-01-01", "date_to": "2025-01-31"},
        )
        filters = ({}, {"user_ids": [self.salesman_2.id]}, {"team_ids": [self.team_a.id]})
        # archived stages show only where lines of the period use them
        for key in ("qualified", "demo_given", "negotiation"):
            self.stage[key].write({"active": False})
        checked = set()
        for user in (self.manager, self.salesman_1):
            overview_model = self.env["crm.pipeline.overview"].sudo(user)
            for period in periods:
                for kwargs in filters:
                    kwargs = dict(period, **kwargs)
                    overview = overview_model.get_overview(**kwargs)
                    flow = overview_model.get_flow(**kwargs)
                    velocity = flow["velocity"]
                    self.assertEqual(
                        (
                            velocity["win_rate"],
                            velocity["avg_days_to_close"],
                            velocity["deals"],
                            velocity["avg_amount"],
                        ),
                        (
                            overview["win_rate"],
                            overview["avg_days_to_close"],
                            overview["deals"]["count"],
                            overview["deals"]["avg_amount"],
                        ),
                        (user.login, kwargs),
                    )
                    self.assertEqual(
                        [(row["stage_id"], row["name"], row["outcome"]) for row in flow["stages"]],
                        [
                            (row["stage_id"], row["name"], row["outcome"])
                            for row in overview["stages"]
                        ],
                        (user.login, kwargs),
                    )
                    checked.add((overview["win_rate"], overview["avg_days_to_close"]))
        # the periods above give different figures, zeros included
        self.assertGreaterEqual(len(checked), 3, checked)

    def test_win_rate_value_counts_a_deal_lost_through_mark_lost(self):
        """A 3800 deal lost in the period through Mark Lost (the kanban's
        drop dialog) counts: it keeps its closing date (moved here onto a
        fixed day of the period; a deal without one could not be moved and
        was left out). Its list shows the stage and the revenue."""
        lead = (
            self.env["crm.lead"]
            .sudo(self.salesman_1)
            .create(
                {
                    "name": "Flow deal lost by Mark Lost",
                    "type": "opportunity",
                    "partner_id": self.a.id,
                    "company_id": self.company.id,
                    "user_id": self.salesman_1.id,
                    "team_id": self.team_a.id,
                    "stage_id": self.stage["negotiation"].id,
                    "planned_revenue": 3800,
                }
            )
        )
        self.env["crm.lead.lost"].sudo(self.salesman_1).with_context(
            active_ids=lead.ids, active_id=lead.id, active_model="crm.lead"
        ).create({"lost_reason_id": self.reason.id}).action_lost_reason_apply()
        self.env.cr.execute(
            "UPDATE crm_lead SET date_closed = %s WHERE id = %s AND date_closed IS NOT NULL",
            ("2026-03-02 12:00:00", lead.id),
        )
        lead.invalidate_cache()
        result = self._flow(**PERIOD)
        # 3000 / (3000 + 1000 + 3800)
        self.assertEqual(result["win_rate_value"], 38.46)
        action = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_drill_down_action("flow_win_rate_value", **PERIOD)
        )
        self.assertIn(lead.id, action["domain"][0][2])
        self.assertEqual(len(action["domain"][0][2]), 3)
        list_view = self.env["ir.ui.view"].browse(action["views"][0][0])
        self.assertEqual(action["views"][0][1], "list")
        arch = self.env["crm.lead"].fields_view_get(list_view.id, "tree")["arch"]
        self.assertIn('name="stage_id"', arch)
        self.assertIn('name="planned_revenue"', arch)

    def test_topics_and_channels(self):
        result = self._flow(**PERIOD)
        self.assertEqual(
            result["by_topic"],
            [
                {
                    "id": self.hardware.id,
                    "name": "Flow Topic Hardware",
                    "customers": 2,  # B (won), C (open)
                    "won": 1,
                    "lost": 0,
                    "win_rate": 100.0,
                },
                {
                    "id": self.software.id,
                    "name": "Flow Topic Software",
                    "customers": 1,  # D; E's line is before the period
                    "won": 0,
                    "lost": 1,
                    "win_rate": 0.0,
                },
            ],
        )
        self.assertEqual(
            result["by_channel"],
            [
                {
                    "id": self.phone.id,
                    "name": "Flow Phone",
                    "customers": 2,
                    "won": 1,
                    "lost": 1,
                    "win_rate": 50.0,
                },
                {
                    "id": self.visit.id,
                    "name": "Flow Visit",
                    "customers": 1,
                    "won": 0,
                    "lost": 0,
                    "win_rate": 0.0,
                },
            ],
        )

    def test_pipeline_update_is_not_a_sales_channel(self):
        """An opportunity moved logs a "Pipeline update" line: What Wins
        lists the channels conversations were held through, not that one."""
        before = self._flow(**PERIOD)["by_channel"]
        update = self.env.ref("smart_pipeline.crm_conversation_channel_pipeline_update")
        self._line(
            self.c, None, "2026-03-02 10:00:00", self.salesman_1, self.team_a, channel_id=update.id
        )
        result = self._flow(**PERIOD)
        self.assertNotIn(update.id, [row["id"] for row in result["by_channel"]])
        self.assertEqual(result["by_channel"], before)
        drill = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_drill_down_action("flow_channel_customers", channel_id=update.id, **PERIOD)
        )
        self.assertFalse(self.env["res.partner"].search(drill["domain"]))

    def test_period_ends_in_the_users_timezone(self):
        # January in Brussels ends at 23:00 UTC on 01-31: D is not there yet,
        # and B was still at Initial Contact.
        result = self._flow(date_from="2026-01-01", date_to="2026-01-31")
        entered = self._stages(result, "entered")
        self.assertEqual(entered["initial_contact"], 2)  # A, B
        self.assertEqual(entered["qualified"], 2)  # A, F
        self.assertEqual(
            result["cohorts"],
            [
                {
                    "month": "2026-01",
                    "customers": 3,
                    "open": 3,
                    "won": 0,
                    "lost": 0,
                    "win_rate": 0.0,
                    "avg_days_to_close": 0.0,
                }
            ],
        )
        result = self._flow(date_from="2026-02-01", date_to="2026-02-28")
        self.assertEqual([row["customers"] for row in result["cohorts"]], [2])  # C, D

    def test_filters(self):
        # salesman 1: A, C, E, F. E's last line in scope is then 01-08: stale.
        result = self._flow(user_ids=[self.salesman_1.id], **PERIOD)
        stale = self._stages(result, "stale")
        self.assertEqual((stale["qualified"], stale["demo_given"]), (2, 1))
        self.assertEqual(self._stages(result, "entered")["initial_contact"], 2)  # A, C
        self.assertEqual(result["by_channel"][0]["name"], "Flow Visit")
        # team B: B and D only
        result = self._flow(team_ids=[self.team_b.id], **PERIOD)
        self.assertEqual(self._stages(result, "entered")["initial_contact"], 2)
        self.assertEqual(self._stages(result, "reached")["won"], 1)
        self.assertEqual(result["no_next_step"], 0)
        self.assertEqual([row["month"] for row in result["cohorts"]], ["2026-01", "2026-02"])

    def test_every_count_equals_its_drill_down(self):
        result = self._flow(**PERIOD)
        checked = 0
        for row in result["stages"]:
            for measure, key in (
                ("flow_entered", "entered"),
                ("flow_reached", "reached"),
                ("flow_stale", "stale"),
            ):
                model, ids = self._drill(measure, stage_id=row["stage_id"], **PERIOD)
                self.assertEqual(model, "res.partner")
                self.assertEqual(len(ids), row[key], (measure, row["name"]))
                checked += 1
            _model, advanced = self._drill("flow_conversion", stage_id=row["stage_id"], **PERIOD)
            if row["reached"] and row["outcome"] == "open":
                self.assertEqual(
                    round(100.0 * len(advanced) / row["reached"], 2), row["conversion"]
                )
        for cohort in result["cohorts"]:
            for measure, key in (
                ("flow_cohort_customers", "customers"),
                ("flow_cohort_open", "open"),
                ("flow_cohort_won", "won"),
                ("flow_cohort_lost", "lost"),
            ):
                _model, ids = self._drill(measure, month=cohort["month"], **PERIOD)
                self.assertEqual(len(ids), cohort[key], (measure, cohort["month"]))
                checked += 1
        for kind, arg in (("topic", "topic_id"), ("channel", "channel_id")):
            for row in result["by_%s" % kind]:
                for suffix in ("customers", "won", "lost"):
                    _model, ids = self._drill(
                        "flow_%s_%s" % (kind, suffix), **{arg: row["id"]}, **PERIOD
                    )
                    self.assertEqual(len(ids), row[suffix], (kind, row["name"], suffix))
                    checked += 1
        self.assertGreater(checked, 40)
        model, ids = self._drill("flow_entered", stage_id=self.stage["won"].id, **PERIOD)
        self.assertEqual(sorted(ids), sorted((self.b | self.c).ids))
        model, ids = self._drill(
            "flow_avg_days", stage_id=self.stage["initial_contact"].id, **PERIOD
        )
        self.assertEqual(model, "crm.conversation")
        self.assertEqual(len(ids), 5)  # the five ended visits
        _model, ids = self._drill("flow_stale", user_id=self.salesman_1.id, **PERIOD)
        self.assertEqual(sorted(ids), sorted((self.a | self.f).ids))

    def test_attention_per_employee(self):
        attention = (
            self.env["crm.pipeline.overview"].sudo(self.manager).get_flow_attention(**PERIOD)
        )
        rows = {row["user_id"]: row for row in attention["employees"]}
        # E's employee is salesman 1 (its last sales conversation), not the
        # salesman 2 of its later line without position
        self.assertEqual(
            (rows[self.salesman_1.id]["stale"], rows[self.salesman_1.id]["no_next_step"]), (2, 3)
        )
        self.assertNotIn(self.salesman_2.id, rows)

    def test_kanban_badge_shows_idle_days_of_the_deal(self):
        """A deal's age in its stage is its own: since its stage last
        changed or its latest conversation, whichever is later, in the
        manager's days (Brussels), not its customer's (A is stale)."""
        Lead = self.env["crm.lead"].sudo(self.manager)
        leads = {}
        for key, partner, stage, moved in (
            # Qualified (10) since 03-20, never talked about: 21 days
            ("moved", self.c, "qualified", "2026-03-20 10:00:00"),
            # a new deal of the stale customer A: 1 day
            ("new_of_stale", self.a, "qualified", "2026-04-09 10:00:00"),
            # Qualified since 03-01, but a conversation on 04-05: 5 days
            ("talked", self.c, "qualified", "2026-03-01 10:00:00"),
            # 03-30 22:30 UTC is 03-31 in Brussels: 10 days, not more
            # (11 if counted in UTC)
            ("edge", self.e, "demo_given", "2026-03-30 22:30:00"),
            # Negotiation never rots; won deals are closed
            ("negotiation", self.c, "negotiation", "2026-01-01 10:00:00"),
            ("won", self.c, "won", "2026-01-01 10:00:00"),
        ):
            lead = Lead.create(
                {
                    "name": "Flow card %s" % key,
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "stage_id": self.stage[stage].id,
                }
            )
            lead.write({"date_last_stage_update": moved})
            leads[key] = lead
        self._line(
            self.c,
            None,
            "2026-04-05 09:00:00",
            self.salesman_1,
            self.team_a,
            lead_id=leads["talked"].id,
        )
        for reference, expected in (
            (
                "2026-04-10",
                {
                    "moved": 21,
                    "new_of_stale": 0,
                    "talked": 0,
                    "edge": 0,
                    "negotiation": 0,
                    "won": 0,
                },
            ),
            (
                "2026-04-16",
                {
                    "moved": 27,
                    "new_of_stale": 0,
                    "talked": 11,
                    "edge": 16,
                    "negotiation": 0,
                    "won": 0,
                },
            ),
        ):
            cards = dates.with_reference_day(Lead, reference).browse(
                [lead.id for lead in leads.values()]
            )
            self.assertEqual(
                {key: cards.browse(lead.id).stale_days for key, lead in leads.items()},
                expected,
                reference,
            )
        # the customer A is stale (68 days) all the same
        attention = Lead.env["crm.pipeline.overview"].get_attention_customers(
            reference_date="2026-04-10"
        )
        self.assertEqual(attention[str(self.a.id)]["stale_days"], 68)

    def test_attention_customers_stay_in_the_users_companies(self):
        Overview = self.env["crm.pipeline.overview"].sudo(self.salesman_1)
        attention = Overview.get_attention_customers(reference_date="2026-04-10")
        self.assertEqual(attention[str(self.a.id)]["stale_days"], 68)
        self.assertTrue(attention[str(self.e.id)]["no_next_step"])
        # a salesperson may narrow their companies, never widen them
        self.assertEqual(
            Overview.get_attention_customers(
                reference_date="2026-04-10", company_ids=self.salesman_1.company_ids.ids
            ),
            attention,
        )
        outside = self.env["res.company"].create({"name": "Flow Elsewhere Co"})
        with self.assertRaises(AccessError):
            Overview.get_attention_customers(reference_date="2026-04-10", company_ids=[outside.id])

    def test_digest_lists_stale_and_no_next_step_customers(self):
        self.team_a.user_id = self.manager  # the team leader gets the team's
        Digest = self.env["crm.followup.digest"]
        Digest._cron_send_digests("2026-04-10")
        digests = Digest.search(
            [("user_id", "in", (self.salesman_1 | self.salesman_2 | self.manager).ids)]
        )
        by_user = {digest.user_id: digest for digest in digests}
        # salesman 2's customers are won or lost: nothing to say, nothing sent
        self.assertEqual(set(by_user), {self.salesman_1, self.manager})
        for user in (self.salesman_1, self.manager):
            digest = by_user[user]
            self.assertEqual(digest.stale_partner_ids, self.a | self.f)
            self.assertEqual(digest.no_next_step_partner_ids, self.a | self.e | self.f)
            body = digest.mail_id.body_html
            self.assertIn("Flow A Back", body)
            self.assertIn("Flow E Early", body)
            self.assertIn(">68<", body.replace(" ", "").replace("\n", ""))
        # salesman 1 also has F's follow-up of 04-09, overdue
        self.assertEqual(by_user[self.salesman_1].conversation_ids.partner_id, self.f)
        self.assertFalse(by_user[self.manager].conversation_ids)
        self.assertIn("3 customers need attention", by_user[self.salesman_1].mail_id.subject)

    def test_rotting_days_belong_to_sales_managers(self):
        self.assertEqual(self.stage["qualified"].rotting_days, 10)
        with self.assertRaises(AccessError):
            self.stage["qualified"].sudo(self.salesman_1).write({"rotting_days": 3})

    def test_bad_input_is_refused_clearly(self):
        overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        with self.assertRaises(UserError):
            overview.get_flow(date_from="not a date")
        with self.assertRaises(UserError):
            overview.get_drill_down_action("flow_entered", **PERIOD)  # no stage


class TestPipelineTrend(PipelineFlowCase):
    def _trend(self, date_from, date_to, **kwargs):
        return (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_trend(date_from, date_to, **kwargs)
        )

    def test_points_are_month_ends(self):
        trend = self._trend("2026-01-15", "2026-03-20")
        self.assertEqual(
            trend,
            [
                # 23:00 UTC on 01-31 ends January in Brussels: D not there yet
                {"date": "2026-01-31", "in_pipeline": 4, "won": 0, "lost": 0},
                {"date": "2026-02-28", "in_pipeline": 4, "won": 1, "lost": 1},
                {"date": "2026-03-20", "in_pipeline": 4, "won": 1, "lost": 1},
            ],
        )

    def test_points_equal_get_overview(self):
        overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        for kwargs in ({}, {"user_ids": [self.salesman_2.id]}, {"team_ids": [self.team_a.id]}):
            trend = self._trend("2025-12-01", "2026-04-30", **kwargs)
            self.assertEqual(len(trend), 5)
            for point in trend:
                expected = overview.get_overview(date_to=point["date"], **kwargs)
                self.assertEqual(
                    (point["in_pipeline"], point["won"], point["lost"]),
                    (expected["in_pipeline"], expected["won"], expected["lost"]),
                    (kwargs, point["date"]),
                )

    def test_range_is_bounded(self):
        self.assertEqual(len(self._trend("2021-01-01", "2025-12-31")), 60)
        with self.assertRaises(UserError):
            self._trend("2021-01-01", "2026-01-01")
        with self.assertRaises(UserError):
            self._trend("2026-03-01", "2026-01-01")
        with self.assertRaises(UserError):
            self._trend("2026-01-01", "2026-03-01", interval="week")


class TestScreensWithoutJit(PipelineFlowCase):
    """The screens' statements read every line of a scope: PostgreSQL's JIT
    compilation of them cost more than the statements themselves (seconds at
    1 000 000 lines), so each screen switches it off for its transaction."""

    def test_each_screen_switches_jit_off(self):
        cr = self.env.cr
        if cr._cnx.server_version < 110000:
            self.skipTest("PostgreSQL before 11 has no JIT")
        overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        screens = {
            "get_overview": lambda: overview.get_overview(**PERIOD),
            "get_flow": lambda: overview.get_flow(**PERIOD),
            "get_flow_attention": lambda: overview.get_flow_attention(**PERIOD),
            "get_trend": lambda: overview.get_trend("2026-01-01", "2026-03-31"),
        }
        for name, screen in screens.items():
            cr.execute("SET LOCAL jit = on")
            screen()
            cr.execute("SHOW jit")
            self.assertEqual(cr.fetchone()[0], "off", name)


class TestOverviewCountsEqualLists(PipelineFlowCase):
    """The overview's figures, tiles and tables, are defined once: each
    count equals the length of its drill-down list."""

    def test_every_overview_count_equals_its_drill_down(self):
        overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        for period in (PERIOD, {"date_from": "2026-02-01", "date_to": "2026-02-28"}, {}):
            result = overview.get_overview(**period)
            checked = []
            for measure in ("in_pipeline", "won", "lost", "new_prospects"):
                _model, ids = self._drill(measure, **period)
                self.assertEqual(len(ids), result[measure], (measure, period))
                checked.append(measure)
            _model, ids = self._drill("win_rate", **period)
            self.assertEqual(len(ids), result["won"] + result["lost"])
            for row in result["stages"]:
                for measure, key in (
                    ("stage_customers", "customers"),
                    ("stage_won", "won"),
                    ("stage_in_process", "in_process"),
                ):
                    if measure == "stage_in_process" and row["outcome"] != "open":
                        continue
                    _model, ids = self._drill(measure, stage_id=row["stage_id"], **period)
                    self.assertEqual(len(ids), row[key], (measure, row["name"], period))
                    checked.append(measure)
            for row in result["lost_reasons"]:
                _model, ids = self._drill(
                    "lost_reason", lost_reason_id=row["lost_reason_id"], **period
                )
                self.assertEqual(len(ids), row["customers"], (row["name"], period))
                checked.append("lost_reason")
            for row in result["employees"]:
                for measure, key in (
                    ("employee_conversations", "conversations"),
                    ("employee_customers", "customers"),
                    ("employee_won", "won"),
                    ("employee_lost", "lost"),
                ):
                    _model, ids = self._drill(measure, user_id=row["user_id"], **period)
                    self.assertEqual(len(ids), row[key], (measure, row["name"], period))
                    checked.append(measure)
            self.assertIn("lost_reason", checked)
            self.assertIn("employee_won", checked)
        # lines of the period per stage: A's two lines at Qualified in
        # January and F's at 00:30 on 01-01 in Brussels
        model, ids = self._drill(
            "stage_in_process",
            stage_id=self.stage["qualified"].id,
            date_from="2026-01-01",
            date_to="2026-01-31",
        )
        self.assertEqual(model, "crm.conversation")
        self.assertEqual(len(ids), 3)


class TestFlowReport(PipelineFlowCase):
    """The printed overview gains a flow page with the same figures."""

    def test_flow_page_prints_get_flow(self):
        doc = (
            self.env["crm.pipeline.overview.print"]
            .sudo(self.manager)
            .create(
                {
                    "period": "custom",
                    "date_from": PERIOD["date_from"],
                    "date_to": PERIOD["date_to"],
                    "reference_date": PERIOD["reference_date"],
                }
            )
        )
        report = self.env.ref("smart_pipeline.crm_pipeline_overview_report_action")
        html = report.sudo(self.manager).render_qweb_html(doc.ids)[0].decode()
        self.assertIn("Pipeline Flow", html)
        flow = self.env["crm.pipeline.overview"].sudo(self.manager).get_flow(**PERIOD)
        for text in (
            "12.90",  # average days at Initial Contact
            "9.52",  # its median
            "80.00",  # conversion from Initial Contact
            "22.22",  # revenue per day
            "75.00",  # win rate by value
            "2026-01",
            "Flow Topic Hardware",
            "Flow Phone",
            "Flow Salesman 1",
        ):
            self.assertIn(text, html, text)
        self.assertEqual(flow["cohorts"][0]["month"], "2026-01")
        definitions = self.env["crm.pipeline.overview"].get_flow_definitions()
        for key in ("path", "entered", "reached", "stale", "win_rate_value"):
            self.assertIn(definitions[key].split(",")[0], html.replace("&#39;", "'"), key)
