# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import xmlrpc.client

from odoo import tools

from .common import ServerCursorCase, create_user


class TestPipelineFlowXmlRpc(ServerCursorCase):
    """get_flow() and get_trend() over XML-RPC, as a salesperson who sees
    only their own conversations: plain values (XML-RPC refuses None), and
    the record rules apply to every figure."""

    def setUp(self):
        super().setUp()
        env = self.server_env
        group = "sales_team.group_sale_salesman"
        self.salesman = create_user(env, "flow_rpc_salesman", group, name="Flow Rpc Salesman")
        self.colleague = create_user(env, "flow_rpc_colleague", group, name="Flow Rpc Colleague")
        Partner = env["res.partner"]
        self.mine = mine = Partner.create({"name": "Flow Rpc Mine", "customer": True})
        theirs = Partner.create({"name": "Flow Rpc Theirs", "customer": True})
        for user, partner, stage, when in (
            (self.salesman, mine, "initial_contact", "2025-03-03 09:00:00"),
            (self.salesman, mine, "qualified", "2025-03-10 09:00:00"),
            (self.colleague, theirs, "initial_contact", "2025-03-05 09:00:00"),
            (self.colleague, theirs, "won", "2025-04-01 09:00:00"),
        ):
            env["crm.conversation"].sudo(user).create(
                {
                    "partner_id": partner.id,
                    "date_begin": when,
                    "duration": 10,
                    "stage_id": env.ref("smart_pipeline.crm_stage_%s" % stage).id,
                }
            )
        self.stage_ids = {
            key: env.ref("smart_pipeline.crm_stage_%s" % key).id
            for key in ("initial_contact", "qualified", "won")
        }
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        common = xmlrpc.client.ServerProxy(url + "common")
        self.uid = common.authenticate(self.cr.dbname, "flow_rpc_salesman", "flow_rpc_salesman", {})
        self.assertTrue(self.uid)
        self.models = xmlrpc.client.ServerProxy(url + "object")

    def _call(self, method, *args, **kwargs):
        return self.models.execute_kw(
            self.cr.dbname,
            self.uid,
            "flow_rpc_salesman",
            "crm.pipeline.overview",
            method,
            list(args),
            kwargs,
        )

    def test_flow_over_xmlrpc_counts_only_readable_lines(self):
        flow = self._call(
            "get_flow", date_from="2025-01-01", date_to="2025-12-31", reference_date="2025-12-31"
        )
        stages = {row["stage_id"]: row for row in flow["stages"]}
        # the colleague's customer (also at Initial Contact, then won) is
        # not the salesperson's to read: not counted
        self.assertEqual(stages[self.stage_ids["initial_contact"]]["entered"], 1)
        self.assertEqual(stages[self.stage_ids["initial_contact"]]["avg_days"], 7.0)
        self.assertEqual(stages[self.stage_ids["won"]]["reached"], 0)
        self.assertEqual(flow["cohorts"][0]["month"], "2025-03")
        self.assertEqual(flow["cohorts"][0]["customers"], 1)
        self.assertEqual(flow["no_next_step"], 1)

    def test_overview_of_all_time_over_xmlrpc_counts_only_own_lines(self):
        """Over all time the salesperson's figures count their own lines
        only, as over a period."""
        overview = self._call("get_overview", reference_date="2025-12-31")
        self.assertEqual((overview["in_pipeline"], overview["won"]), (1, 0))
        self.assertEqual([row["user_id"] for row in overview["employees"]], [self.salesman.id])
        self.assertEqual(overview["employees"][0]["conversations"], 2)
        self.assertEqual(overview["employees"][0]["minutes"], 20.0)
        from_lines = self._call("get_overview", reference_date="2025-12-31", date_to="2099-12-31")
        self.assertEqual(overview, from_lines)

    def test_attention_customers_over_xmlrpc(self):
        attention = self._call("get_attention_customers", reference_date="2025-12-31")
        # only the salesperson's own customer (the colleague's is won anyway)
        self.assertEqual(list(attention), [str(self.mine.id)])
        self.assertEqual(attention[str(self.mine.id)]["stage_id"], self.stage_ids["qualified"])
        self.assertIs(attention[str(self.mine.id)]["no_next_step"], True)
        other = self.server_env["res.company"].create({"name": "Flow Rpc Elsewhere"})
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self._call("get_attention_customers", company_ids=[other.id])
        self.assertIn("your own companies", refused.exception.faultString)

    def test_trend_over_xmlrpc(self):
        trend = self._call("get_trend", "2025-01-01", "2025-04-15")
        self.assertEqual(
            trend,
            [
                {"date": "2025-01-31", "in_pipeline": 0, "won": 0, "lost": 0},
                {"date": "2025-02-28", "in_pipeline": 0, "won": 0, "lost": 0},
                {"date": "2025-03-31", "in_pipeline": 1, "won": 0, "lost": 0},
                {"date": "2025-04-15", "in_pipeline": 1, "won": 0, "lost": 0},
            ],
        )
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self._call("get_trend", "2020-01-01", "2025-12-31")
        self.assertIn("at most 60 months", refused.exception.faultString)
