# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The overview's Employees table splits each employee's minutes by where
the lines come from: typed by hand, or logged from an e-mail, a meeting or
a call (issue 23); each part opens the lines it adds up."""

from datetime import datetime, timedelta

from odoo.exceptions import UserError

from .common import PipelineScopeCase

PERIOD = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


class TestPipelineOverviewSources(PipelineScopeCase):
    scope = "Sources"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Sources Customer")
        stage = cls.stage["qualified"]
        cls.manual = cls._line(
            cls.customer, "initial_contact", "2026-03-02 09:00:00", cls.salesman_1, cls.team_a, 30
        )
        cls.meeting = cls._automatic("meeting", "2026-03-03 09:00:00", 45)
        cls.call = cls._automatic("call", "2026-03-04 09:00:00", 20)
        cls.email = cls._automatic("email", "2026-03-05 09:00:00", 0)
        # an automatic line is given a position by hand afterwards: then it
        # is a sales conversation the overview counts
        (cls.meeting | cls.call | cls.email).sudo(cls.salesman_1).write({"stage_id": stage.id})
        # no position: not a sales conversation, not in the overview
        cls._automatic("meeting", "2026-03-06 09:00:00", 60)
        # outside the period
        cls._line(cls.customer, "qualified", "2026-04-02 09:00:00", cls.salesman_1, cls.team_a, 90)

    @classmethod
    def _automatic(cls, source, when, minutes):
        """A line logged automatically (as the addon logs them)."""
        end = datetime.strptime(when, "%Y-%m-%d %H:%M:%S") + timedelta(minutes=minutes)
        values = {
            "source": source,
            "user_id": cls.salesman_1.id,
            "team_id": cls.team_a.id,
            "company_id": cls.company.id,
            "partner_id": cls.customer.id,
            "stage_id": False,
            "completed": True,
            "date_begin": when,
            "date_end": end.strftime("%Y-%m-%d %H:%M:%S") if minutes else False,
        }
        return cls.env["crm.conversation"]._autolog_create([values])

    def _row(self, user=None):
        overview = self.env["crm.pipeline.overview"].sudo(user or self.manager)
        rows = overview.get_overview(**PERIOD)["employees"]
        return {row["user_id"]: row for row in rows}[self.salesman_1.id]

    def test_minutes_split_by_source(self):
        row = self._row()
        self.assertEqual(row["conversations"], 4)
        self.assertEqual(row["minutes"], 95.0)
        self.assertEqual(
            row["minutes_by_source"], {"manual": 30.0, "email": 0.0, "meeting": 45.0, "call": 20.0}
        )
        self.assertEqual(sum(row["minutes_by_source"].values()), row["minutes"])
        overview = self.env["crm.pipeline.overview"].sudo(self.manager).get_overview(**PERIOD)
        self.assertEqual(
            overview["sources"],
            [
                ["manual", "Typed by hand"],
                ["email", "E-mail"],
                ["meeting", "Meeting"],
                ["call", "Call"],
            ],
        )
        # the salesperson reads the same split of their own figures
        self.assertEqual(self._row(self.salesman_1)["minutes_by_source"], row["minutes_by_source"])

    def test_drill_down_by_source_agrees(self):
        overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        row = self._row()
        expected = {"manual": self.manual, "email": self.email, "meeting": self.meeting}
        expected["call"] = self.call
        for source, lines in expected.items():
            action = overview.get_drill_down_action(
                "employee_conversations", user_id=self.salesman_1.id, source=source, **PERIOD
            )
            found = self.env[action["res_model"]].sudo(self.manager).search(action["domain"])
            self.assertEqual(found, lines, source)
            self.assertEqual(sum(found.mapped("duration")), row["minutes_by_source"][source])
        # without a source: every line of the figure
        action = overview.get_drill_down_action(
            "employee_conversations", user_id=self.salesman_1.id, **PERIOD
        )
        found = self.env["crm.conversation"].sudo(self.manager).search(action["domain"])
        self.assertEqual(sum(found.mapped("duration")), row["minutes"])

    def test_unknown_source_refused(self):
        overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        with self.assertRaisesRegex(UserError, "Unknown source"):
            overview.get_drill_down_action(
                "employee_conversations", user_id=self.salesman_1.id, source="fax", **PERIOD
            )
