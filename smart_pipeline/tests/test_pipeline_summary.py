# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError

from .common import PipelineOverviewCase

# all time read from the lines: a period ending far in the future holds
# every line, and a period makes the overview read the lines
FAR_END = "2099-12-31"


class TestPipelineSummary(PipelineOverviewCase):
    """The pipeline summaries (crm.conversation.summary and
    crm.conversation.stage.summary) follow every change of the lines, and
    the overview over all time, which reads them, gives the same figures as
    from the lines, as non-admin users, with record rules and filters."""

    def _snapshot(self):
        cr = self.env.cr
        cr.execute(
            """
            SELECT commercial_partner_id, company_id, user_id, team_id, conversations,
                   minutes, first_date, first_won_date, last_date, last_conversation_id,
                   last_stage_id, last_lost_reason_id, stage_masks
              FROM crm_conversation_summary
             ORDER BY 1, 2, 3, 4, 10
            """
        )
        rows = cr.fetchall()
        cr.execute(
            """
            SELECT company_id, user_id, team_id, stage_id, SUM(conversations)
              FROM crm_conversation_stage_summary
             GROUP BY 1, 2, 3, 4
            HAVING SUM(conversations) <> 0
             ORDER BY 1, 2, 3, 4
            """
        )
        return rows, cr.fetchall()

    def assertSummariesFollowTheLines(self):
        kept = self._snapshot()
        self.env["crm.conversation.summary"]._refresh_all()
        self.env["crm.conversation.stage.summary"]._refresh_all()
        self.assertEqual(kept, self._snapshot())

    def _assert_all_time_as_from_lines(self, user=None, **filters):
        Overview = self.env["crm.pipeline.overview"].sudo(user or self.manager)
        self.assertTrue(
            Overview._summary_query(Overview._prepare_filters(False, False, False, False, False))
        )
        self.assertEqual(
            self._overview(user, reference_date="2026-03-20", **filters),
            self._overview(user, reference_date="2026-03-20", date_to=FAR_END, **filters),
        )

    def test_summaries_follow_every_change_of_the_lines(self):
        self.assertSummariesFollowTheLines()
        Conversation = self.env["crm.conversation"].sudo(self.salesman_1)
        line = Conversation.create(
            {
                "partner_id": self.c2.id,
                "date_begin": "2026-03-18 09:00:00",
                "duration": 12.25,
                "stage_id": self.stage["proposal_sent"].id,
                "team_id": self.team_a.id,
                "company_id": self.company.id,
            }
        )
        self.assertSummariesFollowTheLines()
        line.write({"stage_id": self.stage["won"].id})
        self.assertSummariesFollowTheLines()
        line.write({"date_begin": "2025-12-01 09:00:00", "duration": 7.5})
        self.assertSummariesFollowTheLines()
        line.write({"stage_id": self.stage["lost"].id, "lost_reason_id": self.reason_price.id})
        self.assertSummariesFollowTheLines()
        # another customer, another employee and team (by the manager)
        line.sudo(self.manager).write(
            {"partner_id": self.c6.id, "user_id": self.salesman_2.id, "team_id": self.team_b.id}
        )
        self.assertSummariesFollowTheLines()
        line.sudo(self.manager).unlink()
        self.assertSummariesFollowTheLines()
        self._assert_all_time_as_from_lines()

    def test_a_line_losing_its_position_leaves_the_summaries(self):
        lines = self.env["crm.conversation"].search([("commercial_partner_id", "=", self.c7.id)])
        last = lines.sorted(lambda conversation: (conversation.date_begin, conversation.id))[-1]
        last.sudo(self.manager).write({"stage_id": False})
        self.assertSummariesFollowTheLines()
        # C7 is lost again: its last sales conversation is the lost one
        self.assertEqual(self._overview(reference_date="2026-03-20")["lost"], 3)
        self._assert_all_time_as_from_lines()

    def test_a_contact_moving_to_another_company_moves_its_lines(self):
        self.c5_contact.write({"parent_id": self.c3.id})
        self.assertSummariesFollowTheLines()
        self._assert_all_time_as_from_lines()

    def test_merging_two_customers_merges_their_rows(self):
        """Odoo's merge rewrites every foreign key to the survivor in SQL,
        the summaries' too: the survivor's rows are those of all its lines."""
        self.env["base.partner.merge.automatic.wizard"]._merge(
            [self.c1.id, self.c7.id], dst_partner=self.c1
        )
        self.assertFalse(self.c7.exists())
        self.assertSummariesFollowTheLines()
        self._assert_all_time_as_from_lines()

    def test_a_stage_changing_outcome_moves_the_first_won_dates(self):
        self.stage["negotiation"].sudo(self.manager).write({"pipeline_outcome": "won"})
        self.assertSummariesFollowTheLines()
        result = self._overview(reference_date="2026-03-20")
        self.assertEqual(result["won"], 3)  # C1, C4 and C7 (negotiation)
        self._assert_all_time_as_from_lines()

    def test_all_time_figures_equal_those_from_the_lines(self):
        self._assert_all_time_as_from_lines()
        self._assert_all_time_as_from_lines(user_ids=[self.salesman_1.id])
        self._assert_all_time_as_from_lines(team_ids=[self.team_b.id])
        # an "own documents only" salesperson: their own lines only
        self._assert_all_time_as_from_lines(self.salesman_2)
        self.assertEqual(self._overview(self.salesman_2)["won"], 0)
        self.assertEqual(self._overview(self.salesman_2)["lost"], 2)

    def test_a_customer_with_one_employee_in_two_teams_counts_once(self):
        self._line(self.c2, "qualified", "2026-03-19 10:00:00", self.salesman_1, self.team_b, 5)
        result = self._overview(reference_date="2026-03-20")
        employees = {row["user_id"]: row for row in result["employees"]}
        # C1, C2, C4, C5, C7: C2 once although in two teams
        self.assertEqual(employees[self.salesman_1.id]["customers"], 5)
        action = (
            self.env["crm.pipeline.overview"]
            .sudo(self.manager)
            .get_drill_down_action("employee_customers", user_id=self.salesman_1.id)
        )
        self.assertEqual(len(action["domain"][0][2]), 5)
        self._assert_all_time_as_from_lines()

    def test_a_rule_on_another_field_makes_the_overview_read_the_lines(self):
        """The summaries cannot apply a rule on a field they lack: the
        overview reads the lines, and the rule still hides what it hides."""
        # a global rule: group rules only add to what the groups' other
        # rules ("all conversations") already show
        self.env["ir.rule"].create(
            {
                "name": "Nobody sees lost positions",
                "model_id": self.env.ref("smart_pipeline.model_crm_conversation").id,
                "domain_force": "[('stage_id.pipeline_outcome', '!=', 'lost')]",
                "perm_read": True,
            }
        )
        Overview = self.env["crm.pipeline.overview"].sudo(self.manager)
        filters = Overview._prepare_filters(False, False, False, False, False)
        self.assertIsNone(Overview._summary_query(filters))
        result = self._overview(reference_date="2026-03-20")
        # C3 and C6 now stand at their last readable line; C7 is in negotiation
        self.assertEqual(result["lost"], 0)
        self.assertEqual(result, self._overview(reference_date="2026-03-20", date_to=FAR_END))

    def test_other_companies_rows_stay_out(self):
        """The foreign line of C1 (another company) has its own row, which
        the manager of this company neither reads nor counts."""
        Summary = self.env["crm.conversation.summary"]
        self.assertTrue(Summary.search([("company_id", "=", self.other_company.id)]))
        self.assertFalse(
            Summary.sudo(self.manager).search([("company_id", "=", self.other_company.id)])
        )
        self.assertEqual(self._overview(reference_date="2026-03-20")["won"], 2)

    def test_nobody_writes_the_summaries_but_the_lines(self):
        Summary = self.env["crm.conversation.summary"].sudo(self.manager)
        StageSummary = self.env["crm.conversation.stage.summary"].sudo(self.manager)
        row = Summary.search([], limit=1)
        self.assertTrue(row)
        with self.assertRaises(AccessError):
            row.write({"conversations": 99})
        with self.assertRaises(AccessError):
            row.unlink()
        with self.assertRaises(AccessError):
            StageSummary.create({"stage_id": self.stage["won"].id, "conversations": 5})
