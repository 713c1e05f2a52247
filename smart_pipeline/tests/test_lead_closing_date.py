# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import importlib.util
import os
import xmlrpc.client

from odoo import tools
from odoo.exceptions import ValidationError

from .common import ServerCursorCase, SmartPipelineCase, create_user

MIGRATION = os.path.join(
    os.path.dirname(os.path.dirname(__file__)),
    "migrations",
    "11.0.1.2.0",
    "post-date-closed.py",
)


class TestLeadClosingDate(SmartPipelineCase):
    """Won and lost opportunities always have a closing date, whatever path
    closed them, as a salesperson; the Mark Won confirmation writes the
    revenue and closing date it shows, and nothing until it is confirmed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._create_user(
            "sp_closing_salesman", cls.group_salesman, name="Closing Salesman"
        )
        cls.customer = cls._create_customer("Closing Customer")
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Closing: too late"})

    def _lead(self, stage="negotiation", **values):
        vals = {
            "name": "Closing Deal",
            "type": "opportunity",
            "partner_id": self.customer.id,
            "stage_id": self.stage[stage].id,
            "user_id": self.salesman.id,
            "planned_revenue": 3800.0,
        }
        vals.update(values)
        return self.env["crm.lead"].sudo(self.salesman).create(vals)

    def _lines(self, lead):
        return self.env["crm.conversation"].search([("lead_id", "=", lead.id)])

    def test_mark_lost_keeps_the_closing_date(self):
        """Mark Lost archived the deal (Odoo stamps the date), then moved it
        to the lost stage at 0 %, which erased the date again."""
        lead = self._lead()
        wizard = (
            self.env["crm.lead.lost"]
            .sudo(self.salesman)
            .with_context(active_ids=lead.ids, active_id=lead.id, active_model="crm.lead")
            .create({"lost_reason_id": self.reason.id})
        )
        wizard.action_lost_reason_apply()
        lead.invalidate_cache()
        self.assertEqual(lead.stage_id, self.stage["lost"])
        self.assertFalse(lead.active)
        self.assertTrue(lead.date_closed)

    def test_moving_to_a_closed_stage_stamps_the_date_and_reopening_clears_it(self):
        lead = self._lead()
        lead.write({"stage_id": self.stage["won"].id})
        self.assertTrue(lead.date_closed)
        lead.write({"stage_id": self.stage["negotiation"].id})
        self.assertFalse(lead.date_closed)
        lead.write({"stage_id": self.stage["lost"].id, "lost_reason": self.reason.id})
        self.assertTrue(lead.date_closed)

    def test_a_deal_created_closed_has_its_date(self):
        self.assertTrue(self._lead(stage="won").date_closed)
        self.assertFalse(self._lead().date_closed)

    def test_an_emptied_date_of_a_closed_deal_is_refilled(self):
        lead = self._lead(stage="won")
        lead.write({"date_closed": False})
        self.assertTrue(lead.date_closed)
        lead.write({"date_closed": "2025-03-14 10:00:00"})
        self.assertEqual(lead.date_closed, "2025-03-14 10:00:00")

    def _won_wizard(self, lead, **values):
        return (
            self.env["crm.lead.won"]
            .sudo(self.salesman)
            .with_context(active_id=lead.id, active_ids=lead.ids, active_model="crm.lead")
            .create(values)
        )

    def test_mark_won_confirmation_is_filled_in_and_writes_nothing_until_confirmed(self):
        lead = self._lead()
        lines = self._lines(lead)
        Wizard = (
            self.env["crm.lead.won"]
            .sudo(self.salesman)
            .with_context(active_id=lead.id, active_ids=lead.ids, active_model="crm.lead")
        )
        defaults = Wizard.default_get(["lead_id", "planned_revenue", "date_closed"])
        self.assertEqual(defaults["lead_id"], lead.id)
        self.assertEqual(defaults["planned_revenue"], 3800.0)
        self.assertTrue(defaults["date_closed"])
        # the dialog, then Cancel: the deal is untouched, no line logged
        self._won_wizard(lead)
        self.assertEqual(lead.stage_id, self.stage["negotiation"])
        self.assertFalse(lead.date_closed)
        self.assertEqual(self._lines(lead), lines)

    def test_mark_won_confirmed_wins_with_the_revenue_and_date_given(self):
        lead = self._lead()
        lines = self._lines(lead)
        self._won_wizard(
            lead, planned_revenue=4200.0, date_closed="2025-03-14 10:00:00"
        ).action_confirm_won()
        self.assertEqual(lead.stage_id, self.stage["won"])
        self.assertEqual(lead.probability, 100)
        self.assertEqual(lead.planned_revenue, 4200.0)
        self.assertEqual(lead.date_closed, "2025-03-14 10:00:00")
        logged = self._lines(lead) - lines
        self.assertEqual(logged.mapped("stage_id"), self.stage["won"])

    def test_mark_won_refuses_a_future_date_and_a_negative_revenue(self):
        lead = self._lead()
        with self.refused(ValidationError, "Closing Date cannot be later"):
            self._won_wizard(lead, date_closed="2999-01-01 10:00:00")
        with self.refused(ValidationError, "Expected Revenue cannot be negative"):
            self._won_wizard(lead, planned_revenue=-1.0)
        self.assertEqual(lead.stage_id, self.stage["negotiation"])

    def test_upgrade_dates_the_deals_closed_before(self):
        """Deals closed before 11.0.1.2.0 without a closing date get the
        date of their last stage change; open deals stay without."""
        lost = self._lead(stage="lost", lost_reason=self.reason.id, active=False)
        won = self._lead(stage="won")
        still_open = self._lead()
        self.env.cr.execute(
            "UPDATE crm_lead SET date_closed = NULL, date_last_stage_update = %s WHERE id IN %s",
            ("2025-02-03 10:00:00", (lost.id, won.id, still_open.id)),
        )
        spec = importlib.util.spec_from_file_location("post_date_closed", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "11.0.1.1.0")
        self.env["crm.lead"].invalidate_cache()
        self.assertEqual(lost.date_closed, "2025-02-03 10:00:00")
        self.assertEqual(won.date_closed, "2025-02-03 10:00:00")
        self.assertFalse(still_open.date_closed)


class TestLeadClosingDateXmlRpc(ServerCursorCase):
    """A client over XML-RPC cannot leave a won deal without its closing
    date: not by creating it won, nor by emptying the date."""

    def setUp(self):
        super().setUp()
        env = self.server_env
        self.salesman = create_user(
            env, "closing_rpc_salesman", "sales_team.group_sale_salesman", name="Closing Rpc"
        )
        self.customer = env["res.partner"].create(
            {"name": "Closing Rpc Customer", "customer": True}
        )
        self.won = env.ref("smart_pipeline.crm_stage_won").id
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        common = xmlrpc.client.ServerProxy(url + "common")
        self.uid = common.authenticate(
            self.cr.dbname, "closing_rpc_salesman", "closing_rpc_salesman", {}
        )
        self.assertTrue(self.uid)
        self.models = xmlrpc.client.ServerProxy(url + "object")

    def _call(self, method, *args):
        return self.models.execute_kw(
            self.cr.dbname, self.uid, "closing_rpc_salesman", "crm.lead", method, list(args)
        )

    def _date_closed(self, lead_id):
        return self._call("read", [lead_id], ["date_closed"])[0]["date_closed"]

    def test_won_over_xmlrpc_always_has_its_closing_date(self):
        lead_id = self._call(
            "create",
            {
                "name": "Closing Rpc Deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "stage_id": self.won,
                "user_id": self.salesman.id,
            },
        )
        self.assertTrue(self._date_closed(lead_id))
        self._call("write", [lead_id], {"date_closed": False})
        self.assertTrue(self._date_closed(lead_id))
        self._call("write", [lead_id], {"date_closed": "2025-03-14 10:00:00"})
        self.assertEqual(self._date_closed(lead_id), "2025-03-14 10:00:00")
