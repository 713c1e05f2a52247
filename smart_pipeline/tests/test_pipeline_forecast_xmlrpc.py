# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import xmlrpc.client

from odoo import tools

from .common import ServerCursorCase, create_user


class TestPipelineForecastXmlRpc(ServerCursorCase):
    """get_forecast() over XML-RPC, as a salesperson who sees only their
    own documents: plain values (XML-RPC refuses None), and only their own
    opportunities count (neither a colleague's nor an unassigned one, which
    Odoo's "personal leads" rule lets them read)."""

    def setUp(self):
        super().setUp()
        env = self.server_env
        group = "sales_team.group_sale_salesman"
        self.salesman = create_user(env, "forecast_rpc_salesman", group)
        colleague = create_user(env, "forecast_rpc_colleague", group)
        qualified = env.ref("smart_pipeline.crm_stage_qualified")
        won = env.ref("smart_pipeline.crm_stage_won")
        for user, revenue, deadline, stage in (
            (self.salesman, 1000, "2025-03-20", qualified),
            (self.salesman, 300, False, qualified),
            (colleague, 5000, "2025-03-21", qualified),
            (colleague, 700, False, qualified),
            (False, 9000, "2025-03-22", qualified),
            (colleague, 800, "2025-03-22", won),
        ):
            lead = env["crm.lead"].create(
                {
                    "name": "Forecast Rpc %s" % revenue,
                    "type": "opportunity",
                    "user_id": user.id if user else False,
                    "stage_id": stage.id,
                    "planned_revenue": revenue,
                    "probability": 50,
                    "date_deadline": deadline,
                }
            )
            if stage == won:
                lead.write({"date_closed": "2025-03-22 10:00:00"})
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        common = xmlrpc.client.ServerProxy(url + "common")
        self.uid = common.authenticate(
            self.cr.dbname, "forecast_rpc_salesman", "forecast_rpc_salesman", {}
        )
        self.assertTrue(self.uid)
        self.models = xmlrpc.client.ServerProxy(url + "object")

    def _call(self, method, *args, **kwargs):
        return self.models.execute_kw(
            self.cr.dbname,
            self.uid,
            "forecast_rpc_salesman",
            "crm.pipeline.overview",
            method,
            list(args),
            kwargs,
        )

    def test_forecast_counts_only_own_opportunities(self):
        forecast = self._call(
            "get_forecast", "2025-03-01", "2025-03-31", reference_date="2025-03-31"
        )
        march = forecast["months"][0]
        self.assertEqual(
            (march["open_count"], march["expected_revenue"], march["weighted_revenue"]),
            (1, 1000.0, 500.0),
        )
        self.assertEqual((march["won_count"], march["won_revenue"]), (0, 0.0))
        self.assertEqual(forecast["undated"]["count"], 1)
        self.assertEqual(forecast["overdue"]["count"], 1)
        history = self._call("get_forecast", "2025-03-01", "2025-03-31", probability="history")
        self.assertEqual(history["months"][0]["open_count"], 1)
        action = self._call(
            "get_drill_down_action",
            "forecast_open_count",
            date_from="2025-03-01",
            date_to="2025-03-31",
            month="2025-03",
        )
        self.assertEqual(len(action["domain"][0][2]), 1)
