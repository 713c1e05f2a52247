# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Right through every write path: after each way a line can be written
(one2many of the partner and of the opportunity, CSV import, partner merge,
a contact moved under another company, a line's company changed, a stage's
outcome changed, a line deleted), the overview's figures equal a
recomputation in Python from the lines themselves, and the derived values
of the lines (duration, time end, commercial partner) are right."""

from datetime import datetime

from .common import SmartPipelineCase

OUTCOMES = ("open", "won", "lost")


class TestPipelineWritePaths(SmartPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._create_user("sp_paths_manager", cls.group_manager, name="Paths Manager")
        cls.seller = cls._create_user("sp_paths_seller", cls.group_all, name="Paths Seller")
        cls.team = cls.env["crm.team"].create(
            {"name": "Paths Team", "member_ids": [(6, 0, (cls.manager | cls.seller).ids)]}
        )
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Paths Reason"})
        cls.acme = cls._create_customer("Paths Acme", is_company=True)
        cls.beta = cls._create_customer("Paths Beta", is_company=True)
        cls.contact = cls.env["res.partner"].create(
            {"name": "Paths Acme Contact", "parent_id": cls.acme.id, "customer": True}
        )
        cls.customers = cls.acme | cls.beta | cls.contact
        Line = cls.env["crm.conversation"].sudo(cls.seller)
        for partner, stage, when in (
            (cls.acme, "initial_contact", "2024-01-10 09:00:00"),
            (cls.contact, "qualified", "2024-02-10 09:00:00"),
            (cls.beta, "initial_contact", "2024-01-20 09:00:00"),
            (cls.beta, "won", "2024-03-01 09:00:00"),
        ):
            Line.create(
                {
                    "partner_id": partner.id,
                    "stage_id": cls.stage[stage].id,
                    "team_id": cls.team.id,
                    "date_begin": when,
                    "duration": 30,
                }
            )

    # ------------------------------------------------------------------
    # The independent recomputation
    # ------------------------------------------------------------------
    def _lines(self):
        return (
            self.env["crm.conversation"]
            .sudo()
            .search([("team_id", "=", self.team.id), ("stage_id", "!=", False)])
        )

    def _expected(self):
        """The team's figures recomputed from its lines, in Python."""
        latest = {}
        minutes = {}
        count = {}
        for line in self._lines().sorted(lambda line: (line.date_begin, line.id)):
            customer = line.partner_id.commercial_partner_id
            latest[customer.id] = line
            minutes[line.user_id.id] = minutes.get(line.user_id.id, 0.0) + line.duration
            count[line.user_id.id] = count.get(line.user_id.id, 0) + 1
        outcomes = {outcome: 0 for outcome in OUTCOMES}
        stages = {}
        for line in latest.values():
            outcomes[line.stage_id.pipeline_outcome] += 1
            stages[line.stage_id.id] = stages.get(line.stage_id.id, 0) + 1
        return {
            "outcomes": outcomes,
            "stages": stages,
            "minutes": {user: round(value, 2) for user, value in minutes.items()},
            "conversations": count,
        }

    def _figures(self, **kwargs):
        result = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_overview(team_ids=[self.team.id], reference_date="2024-12-31", **kwargs)
        )
        return {
            "outcomes": {
                outcome: result[{"open": "in_pipeline"}.get(outcome, outcome)]
                for outcome in OUTCOMES
            },
            "stages": {
                row["stage_id"]: row["customers"] for row in result["stages"] if row["customers"]
            },
            "minutes": {row["user_id"]: row["minutes"] for row in result["employees"]},
            "conversations": {row["user_id"]: row["conversations"] for row in result["employees"]},
        }

    def _check_figures(self):
        expected = self._expected()
        # all time, and a period holding every line
        self.assertEqual(self._figures(), expected)
        self.assertEqual(self._figures(date_from="2023-01-01", date_to="2025-12-31"), expected)
        # every line: its commercial partner, its duration and its time end agree
        for line in self.env["crm.conversation"].sudo().search([("team_id", "=", self.team.id)]):
            self.assertEqual(line.commercial_partner_id, line.partner_id.commercial_partner_id)
            if line.date_end:
                begin = datetime.strptime(line.date_begin, "%Y-%m-%d %H:%M:%S")
                end = datetime.strptime(line.date_end, "%Y-%m-%d %H:%M:%S")
                self.assertAlmostEqual(line.duration, (end - begin).total_seconds() / 60.0)
        return expected

    def _line_values(self, when, stage="negotiation", **values):
        values.update(
            {
                "stage_id": self.stage[stage].id,
                "team_id": self.team.id,
                "user_id": self.seller.id,
                "date_begin": when,
            }
        )
        return values

    # ------------------------------------------------------------------
    # One2many of the partner and of the opportunity
    # ------------------------------------------------------------------
    def test_partner_one2many_with_time_end_only(self):
        self.beta.sudo(self.seller).write(
            {
                "conversation_ids": [
                    (0, 0, self._line_values("2024-04-01 09:00:00", date_end="2024-04-01 09:45:00"))
                ]
            }
        )
        line = self.beta.conversation_ids.filtered(
            lambda rec: rec.date_begin == "2024-04-01 09:00:00"
        )
        self.assertEqual(line.duration, 45.0)
        expected = self._check_figures()
        self.assertEqual(expected["minutes"][self.seller.id], 4 * 30 + 45)

    def test_partner_one2many_with_duration_only(self):
        self.beta.sudo(self.seller).write(
            {"conversation_ids": [(0, 0, self._line_values("2024-04-01 09:00:00", duration=20))]}
        )
        line = self.beta.conversation_ids.filtered(
            lambda rec: rec.date_begin == "2024-04-01 09:00:00"
        )
        self.assertEqual((line.duration, line.date_end), (20.0, "2024-04-01 09:20:00"))
        self._check_figures()

    def test_partner_one2many_with_both(self):
        self.acme.sudo(self.seller).write(
            {
                "conversation_ids": [
                    (
                        0,
                        0,
                        self._line_values(
                            "2024-04-01 09:00:00", date_end="2024-04-01 10:00:00", duration=60
                        ),
                    )
                ]
            }
        )
        self.assertEqual(self._check_figures()["minutes"][self.seller.id], 4 * 30 + 60)

    def test_opportunity_one2many(self):
        lead = (
            self.env["crm.lead"]
            .sudo(self.seller)
            .create(
                {
                    "name": "Paths Deal",
                    "type": "opportunity",
                    "partner_id": self.contact.id,
                    "team_id": self.team.id,
                    "user_id": self.seller.id,
                }
            )
        )
        for values in (
            {"date_end": "2024-04-01 09:45:00"},
            {"duration": 25},
            {"date_end": "2024-04-03 09:15:00", "duration": 15},
        ):
            day = (values.get("date_end") or "2024-04-02")[:10]
            values = self._line_values(day + " 09:00:00", partner_id=self.contact.id, **values)
            lead.write({"conversation_ids": [(0, 0, values)]})
        minutes = sorted(lead.conversation_ids.filtered("stage_id").mapped("duration"))
        self.assertEqual(minutes[-3:], [15.0, 25.0, 45.0])
        self.assertEqual(lead.conversation_ids.mapped("commercial_partner_id"), self.acme)
        self._check_figures()

    # ------------------------------------------------------------------
    # Other write paths
    # ------------------------------------------------------------------
    def test_csv_import(self):
        csv = (
            "partner_id/.id,stage_id/.id,team_id/.id,user_id/.id,date_begin,date_end\n"
            "%d,%d,%d,%d,2024-05-01 09:00:00,2024-05-01 09:50:00\n"
            "%d,%d,%d,%d,2024-05-02 09:00:00,\n"
        ) % (
            self.contact.id,
            self.stage["won"].id,
            self.team.id,
            self.seller.id,
            self.beta.id,
            self.stage["negotiation"].id,
            self.team.id,
            self.seller.id,
        )
        importer = (
            self.env["base_import.import"]
            .sudo(self.manager)
            .create(
                {"res_model": "crm.conversation", "file": csv.encode(), "file_type": "text/csv"}
            )
        )
        fields = [
            "partner_id/.id",
            "stage_id/.id",
            "team_id/.id",
            "user_id/.id",
            "date_begin",
            "date_end",
        ]
        messages = importer.do(
            fields, {"quoting": '"', "separator": ",", "headers": True, "encoding": "utf-8"}
        )
        self.assertFalse([m for m in messages if m.get("type") == "error"], messages)
        imported = self._lines().filtered(lambda rec: rec.date_begin >= "2024-05-01")
        self.assertEqual(len(imported), 2)
        self.assertEqual(imported.mapped("commercial_partner_id"), self.acme | self.beta)
        expected = self._check_figures()
        self.assertEqual(expected["outcomes"], {"open": 1, "won": 1, "lost": 0})

    def test_partner_merge(self):
        Wizard = self.env["base.partner.merge.automatic.wizard"].sudo()
        # the contact of Acme merged into Beta: its lines are Beta's now
        Wizard._merge((self.contact | self.beta).ids, dst_partner=self.beta)
        self.assertFalse(self.contact.exists())
        self.assertEqual(self._lines().mapped("commercial_partner_id"), self.acme | self.beta)
        self._check_figures()

    def test_contact_moved_under_another_company(self):
        self.contact.write({"parent_id": self.beta.id})
        self.assertEqual(self._lines().mapped("commercial_partner_id"), self.acme | self.beta)
        contact_lines = self._lines().filtered(lambda rec: rec.partner_id == self.contact)
        self.assertEqual(contact_lines.mapped("commercial_partner_id"), self.beta)
        expected = self._check_figures()
        # Acme is back at its first line's stage (Qualified was the contact's)
        self.assertEqual(expected["stages"].get(self.stage["qualified"].id), None)
        self.assertEqual(expected["outcomes"], {"open": 1, "won": 1, "lost": 0})

    def test_line_company_changed(self):
        other = self.env["res.company"].create({"name": "Paths Elsewhere"})
        line = self._lines().filtered(lambda rec: rec.stage_id == self.stage["won"])
        # in SQL, as a data fix would (the ORM keeps a line's companies in
        # agreement): the manager's companies do not hold it any more
        self.env.cr.execute(
            "UPDATE crm_conversation SET company_id = %s WHERE id = %s", (other.id, line.id)
        )
        line.invalidate_cache()
        companies = self.manager.company_ids
        self.assertNotIn(other, companies)
        latest = {}
        lines = self._lines().filtered(lambda rec: rec.company_id in companies)
        for line in lines.sorted(lambda line: (line.date_begin, line.id)):
            latest[line.commercial_partner_id.id] = line.stage_id.pipeline_outcome
        figures = self._figures()
        self.assertEqual(
            figures["outcomes"],
            {outcome: list(latest.values()).count(outcome) for outcome in OUTCOMES},
        )
        self.assertEqual(figures["outcomes"], {"open": 2, "won": 0, "lost": 0})
        self.assertEqual(figures["minutes"], {self.seller.id: 30.0 * len(lines)})

    def test_stage_outcome_changed(self):
        stage = self.env["crm.stage"].create(
            {"name": "Paths Signed", "pipeline_outcome": "open", "sequence": 90}
        )
        self.env["crm.conversation"].sudo(self.seller).create(
            self._line_values(
                "2024-04-01 09:00:00", stage="initial_contact", partner_id=self.acme.id
            )
        ).write({"stage_id": stage.id})
        self.assertEqual(self._check_figures()["outcomes"], {"open": 1, "won": 1, "lost": 0})
        stage.sudo(self.manager).write({"pipeline_outcome": "won"})
        self.assertEqual(self._check_figures()["outcomes"], {"open": 0, "won": 2, "lost": 0})

    def test_line_deleted(self):
        self._lines().filtered(lambda rec: rec.stage_id == self.stage["won"]).unlink()
        self.assertEqual(self._check_figures()["outcomes"], {"open": 2, "won": 0, "lost": 0})
