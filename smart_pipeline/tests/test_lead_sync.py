# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError, ValidationError

from .common import SmartPipelineCase


class TestLeadSync(SmartPipelineCase):
    """Opportunities and conversation lines drive each other's position."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._create_user(
            "sp_sync_salesman", cls.group_salesman, name="Sync Salesman"
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Sync Team", "member_ids": [(6, 0, [cls.salesman.id])]}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Sync Customer", "customer": True})
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Too expensive"})

        cls.initial = cls.stage["initial_contact"]
        cls.qualified = cls.stage["qualified"]
        cls.demo = cls.stage["demo_given"]
        cls.negotiation = cls.stage["negotiation"]
        cls.won = cls.stage["won"]
        cls.lost = cls.stage["lost"]
        cls.channel_update = cls.env.ref("smart_pipeline.crm_conversation_channel_pipeline_update")
        Lead = cls.env["crm.lead"].sudo(cls.salesman)
        values = {
            "type": "opportunity",
            "stage_id": cls.initial.id,
            "user_id": cls.salesman.id,
            "team_id": cls.team.id,
        }
        cls.opportunity = Lead.create(
            dict(values, name="Sync Opportunity", partner_id=cls.customer.id)
        )
        cls.anonymous = Lead.create(dict(values, name="Opportunity Without Customer"))

    def _lines(self, lead):
        return self.env["crm.conversation"].search([("lead_id", "=", lead.id)])

    def _log(self, stage, **values):
        values.update(
            partner_id=self.customer.id,
            lead_id=self.opportunity.id,
            stage_id=stage.id,
            team_id=self.team.id,
            date_begin="2024-03-04 09:00:00",
        )
        return self.env["crm.conversation"].sudo(self.salesman).create(values)

    # Opportunity -> conversation

    def test_moving_an_opportunity_logs_a_line_on_the_customer(self):
        self.opportunity.sudo(self.salesman).write({"stage_id": self.qualified.id})
        line = self._lines(self.opportunity)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.partner_id, self.customer)
        self.assertEqual(line.stage_id, self.qualified)
        self.assertEqual(line.channel_id, self.channel_update)
        self.assertEqual(line.user_id, self.salesman)
        self.assertEqual(line.team_id, self.team)
        self.assertIn(line, self.customer.conversation_ids)

    def test_no_line_when_nothing_changed(self):
        lead = self.opportunity.sudo(self.salesman)
        lead.write({"stage_id": self.initial.id})
        lead.write({"name": "Renamed"})
        self.assertFalse(self._lines(self.opportunity))
        lead.write({"stage_id": self.qualified.id})
        lead.write({"stage_id": self.qualified.id})
        self.assertEqual(len(self._lines(self.opportunity)), 1)

    def test_opportunity_without_customer_logs_nothing(self):
        self.anonymous.sudo(self.salesman).write({"stage_id": self.qualified.id})
        self.assertFalse(self._lines(self.anonymous))
        self.anonymous.sudo(self.salesman).action_set_won()
        self.assertFalse(self._lines(self.anonymous))

    def test_mark_won_logs_the_won_position(self):
        self.opportunity.sudo(self.salesman).action_set_won()
        self.assertEqual(self.opportunity.stage_id, self.won)
        self.assertEqual(self.opportunity.probability, 100)
        line = self._lines(self.opportunity)
        self.assertEqual(line.stage_id, self.won)
        # marking it won again changes nothing
        self.opportunity.sudo(self.salesman).action_set_won()
        self.assertEqual(len(self._lines(self.opportunity)), 1)

    def test_mark_lost_logs_the_lost_position_with_the_reason(self):
        wizard = (
            self.env["crm.lead.lost"]
            .sudo(self.salesman)
            .with_context(active_ids=self.opportunity.ids)
            .create({"lost_reason_id": self.reason.id})
        )
        wizard.action_lost_reason_apply()
        self.assertFalse(self.opportunity.active)
        self.assertEqual(self.opportunity.stage_id, self.lost)
        self.assertEqual(self.opportunity.probability, 0)
        line = self._lines(self.opportunity)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.stage_id, self.lost)
        self.assertEqual(line.lost_reason_id, self.reason)

    def test_lost_without_reason_is_refused(self):
        self.assertTrue(self.env["crm.lead.lost"]._fields["lost_reason_id"].required)
        with self.assertRaisesRegex(UserError, "needs a lost reason"):
            self.opportunity.sudo(self.salesman).action_set_lost()
        with self.assertRaisesRegex(UserError, "needs a lost reason"):
            self.opportunity.sudo(self.salesman).write({"stage_id": self.lost.id})
        self.assertTrue(self.opportunity.active)
        self.assertEqual(self.opportunity.stage_id, self.initial)
        self.assertFalse(self._lines(self.opportunity))
        # dragging to lost with the reason given is fine
        self.opportunity.sudo(self.salesman).write(
            {"stage_id": self.lost.id, "lost_reason": self.reason.id}
        )
        self.assertEqual(self._lines(self.opportunity).lost_reason_id, self.reason)

    def test_lost_opportunity_without_customer_needs_no_reason(self):
        self.anonymous.sudo(self.salesman).action_set_lost()
        self.assertFalse(self.anonymous.active)
        self.assertEqual(self.anonymous.stage_id, self.lost)

    # Conversation -> opportunity

    def test_logging_a_conversation_moves_the_opportunity(self):
        line = self._log(self.demo)
        self.assertEqual(self.opportunity.stage_id, self.demo)
        # the move does not log a second line
        self.assertEqual(self._lines(self.opportunity), line)
        line.sudo(self.salesman).write({"stage_id": self.qualified.id})
        self.assertEqual(self.opportunity.stage_id, self.qualified)
        self.assertEqual(self._lines(self.opportunity), line)

    def test_conversation_at_won_wins_the_opportunity(self):
        self._log(self.won)
        self.assertEqual(self.opportunity.stage_id, self.won)
        self.assertEqual(self.opportunity.probability, 100)
        self.assertEqual(len(self._lines(self.opportunity)), 1)

    def test_conversation_at_lost_needs_a_reason_and_loses(self):
        with self.assertRaisesRegex(ValidationError, "needs a lost reason"):
            self._log(self.lost)
        self.assertEqual(self.opportunity.stage_id, self.initial)
        self._log(self.lost, lost_reason_id=self.reason.id)
        self.assertEqual(self.opportunity.stage_id, self.lost)
        self.assertFalse(self.opportunity.active)
        self.assertEqual(self.opportunity.lost_reason, self.reason)
        # logging an open position again reopens it
        self._log(self.demo)
        self.assertTrue(self.opportunity.active)
        self.assertEqual(self.opportunity.stage_id, self.demo)

    def test_conversation_at_the_current_stage_changes_nothing(self):
        self.opportunity.write({"priority": "2"})
        self._log(self.initial)
        self.assertEqual(self.opportunity.stage_id, self.initial)
        self.assertEqual(len(self._lines(self.opportunity)), 1)

    def test_lost_reason_is_cleared_off_lost_positions(self):
        line = self.env["crm.conversation"].new(
            {"stage_id": self.demo.id, "lost_reason_id": self.reason.id}
        )
        line._onchange_stage_id_lost_reason()
        self.assertFalse(line.lost_reason_id)

    def test_merged_opportunities_keep_their_conversations(self):
        line = self._log(self.demo)
        other = self.env["crm.lead"].create(
            {
                "name": "Sync Opportunity (copy)",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "stage_id": self.negotiation.id,
                "team_id": self.team.id,
            }
        )
        leads = self.env["crm.lead"].browse((self.opportunity | other).ids)
        merged = leads.merge_opportunity()
        self.assertEqual(line.lead_id, merged)
        self.assertEqual(len(self._lines(merged)), 1)

    # Axelor colours

    def _set_create_date(self, lead, value):
        self.env.cr.execute("UPDATE crm_lead SET create_date = %s WHERE id = %s", (value, lead.id))
        lead.invalidate_cache(["create_date"], lead.ids)

    def test_list_colours(self):
        lead = self.opportunity
        self._set_create_date(lead, "2024-03-01 10:00:00")
        today = date(2024, 3, 5)
        self.assertEqual(lead._get_list_color(today), "black")
        self.assertEqual(lead._get_list_color(date(2024, 3, 9)), "blue")
        lead.write({"date_deadline": "2024-03-19"})  # 14 days left
        self.assertEqual(lead._get_list_color(today), "orange")
        lead.write({"date_deadline": "2024-03-20"})  # 15 days left
        self.assertEqual(lead._get_list_color(today), "black")
        self.assertEqual(lead._get_list_color(date(2024, 3, 9)), "orange")
        lead.write({"date_deadline": "2024-03-11"})  # 6 days left
        self.assertEqual(lead._get_list_color(today), "red")
        lead.write({"date_deadline": "2024-03-01"})  # overdue
        self.assertEqual(lead._get_list_color(today), "red")
        lead.action_set_won()
        self.assertEqual(lead._get_list_color(today), "won")
        self.anonymous.action_set_lost()
        self.assertEqual(self.anonymous._get_list_color(today), "lost")
        self.assertEqual(lead.list_color, "won")

    def test_kanban_edge_colours(self):
        lead = self.opportunity
        for probability, colour in [
            (0, "red"),
            (25, "red"),
            (26, "orange"),
            (49, "orange"),
            (50, "black"),
            (74, "black"),
            (75, "green"),
            (100, "green"),
        ]:
            lead.write({"probability": probability})
            self.assertEqual(lead.kanban_edge_color, colour, probability)

    def test_lead_extras_and_printable_record(self):
        referent = self.env["res.partner"].create({"name": "Referring Friend"})
        self.opportunity.write(
            {
                "call_rejection": True,
                "email_rejection": True,
                "referent_id": referent.id,
            }
        )
        self._log(self.demo, note="Showed the planning module")
        report = self.env.ref("smart_pipeline.crm_lead_report_action")
        html = report.sudo(self.salesman).render_qweb_html(self.opportunity.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("Sync Opportunity", html)
        self.assertIn("Referring Friend", html)
        self.assertIn("Call rejection", html)
        self.assertIn("Showed the planning module", html)

    def test_quick_add_gives_the_lost_reason(self):
        wizard = (
            self.env["crm.conversation.quick.add"]
            .sudo(self.salesman)
            .create(
                {
                    "partner_ids": [(6, 0, self.customer.ids)],
                    "team_id": self.team.id,
                    "date_begin": "2024-03-04 09:00:00",
                    "stage_id": self.lost.id,
                    "lead_id": self.opportunity.id,
                    "lost_reason_id": self.reason.id,
                }
            )
        )
        wizard.action_log()
        line = self._lines(self.opportunity)
        self.assertEqual(line.lost_reason_id, self.reason)
        self.assertEqual(self.opportunity.lost_reason, self.reason)
        self.assertFalse(self.opportunity.active)
