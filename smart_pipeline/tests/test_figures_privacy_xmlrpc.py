# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A salesperson who sees only their own documents reads no figure of a
colleague through any model over XML-RPC, whether the shared customer
history is on (they read the colleague's lines of a shared customer) or
off: the overview, the flow, the trend, the partner's pipeline fields, and
no copy of the lines (the pipeline summaries are gone)."""

import xmlrpc.client

from odoo import tools
from odoo.tests import common

from .common import ServerCursorCase, create_user


@common.at_install(False)
@common.post_install(True)
class TestFiguresPrivacyXmlRpc(ServerCursorCase):
    def _prepare(self, shared_history):
        """The setting first, then the users (who get its group or not),
        their lines on one shared customer, and an XML-RPC session."""
        env = self.server_env
        env["res.config.settings"].create(
            {"group_conversation_shared_history": shared_history}
        ).execute()
        group = "sales_team.group_sale_salesman"
        self.salesman = create_user(env, "privacy_rpc_salesman", group, name="Privacy Rpc Salesman")
        self.colleague = create_user(env, "privacy_rpc_colleague", group, name="Privacy Rpc Other")
        self.shared = env["res.partner"].create({"name": "Privacy Rpc Shared", "customer": True})
        self.reason = env["crm.lost.reason"].create({"name": "Privacy Rpc Reason"})
        stage = {
            key: env.ref("smart_pipeline.crm_stage_%s" % key).id
            for key in ("initial_contact", "qualified", "lost")
        }
        self.stage_ids = stage
        for user, key, when, minutes in (
            (self.salesman, "initial_contact", "2025-03-03 09:00:00", 10),
            (self.salesman, "qualified", "2025-03-10 09:00:00", 15),
            # the colleague's later lines: the customer is lost for them
            (self.colleague, "initial_contact", "2025-03-12 09:00:00", 200),
            (self.colleague, "lost", "2025-04-01 09:00:00", 300),
        ):
            env["crm.conversation"].sudo(user).create(
                {
                    "partner_id": self.shared.id,
                    "date_begin": when,
                    "duration": minutes,
                    "stage_id": stage[key],
                    "lost_reason_id": self.reason.id if key == "lost" else False,
                }
            )
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        common = xmlrpc.client.ServerProxy(url + "common")
        self.uid = common.authenticate(
            self.cr.dbname, "privacy_rpc_salesman", "privacy_rpc_salesman", {}
        )
        self.assertTrue(self.uid)
        self.models = xmlrpc.client.ServerProxy(url + "object")

    def _call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.cr.dbname,
            self.uid,
            "privacy_rpc_salesman",
            model,
            method,
            list(args),
            kwargs,
        )

    def _partner(self):
        """The customer's counters and position, from the lines one may read."""
        return self._call(
            "res.partner",
            "read",
            [self.shared.id],
            fields=["conversation_count", "pipeline_stage_id", "last_conversation_date"],
        )[0]

    def _check_own_figures(self):
        for period in ({}, {"date_from": "2025-01-01", "date_to": "2025-12-31"}):
            overview = self._call(
                "crm.pipeline.overview", "get_overview", reference_date="2025-12-31", **period
            )
            # the salesperson's own position: Qualified, open; never the
            # colleague's lost line nor their minutes
            self.assertEqual((overview["in_pipeline"], overview["lost"]), (1, 0), period)
            self.assertEqual(overview["lost_reasons"], [])
            self.assertEqual([row["user_id"] for row in overview["employees"]], [self.salesman.id])
            self.assertEqual(overview["employees"][0]["minutes"], 25.0)
            self.assertEqual(overview["employees"][0]["conversations"], 2)
            stages = {row["stage_id"]: row for row in overview["stages"]}
            self.assertEqual(stages[self.stage_ids["qualified"]]["customers"], 1)
            self.assertEqual(stages[self.stage_ids["lost"]]["customers"], 0)
        flow = self._call(
            "crm.pipeline.overview",
            "get_flow",
            date_from="2025-01-01",
            date_to="2025-12-31",
            reference_date="2025-12-31",
        )
        stages = {row["stage_id"]: row for row in flow["stages"]}
        self.assertEqual(stages[self.stage_ids["lost"]]["entered"], 0)
        self.assertEqual(stages[self.stage_ids["qualified"]]["entered"], 1)
        trend = self._call("crm.pipeline.overview", "get_trend", "2025-03-01", "2025-04-30")
        self.assertEqual(
            [(point["in_pipeline"], point["lost"]) for point in trend], [(1, 0), (1, 0)]
        )
        # no copy of the lines to read around the record rules
        for model in ("crm.conversation.summary", "crm.conversation.stage.summary"):
            with self.assertRaises(xmlrpc.client.Fault):
                self._call(model, "search_read", [], fields=["minutes"])

    def test_no_colleague_figure_with_shared_history_on(self):
        self._prepare(True)
        # the colleague's lines of the shared customer are readable...
        self.assertEqual(
            self._call("crm.conversation", "search_count", [("partner_id", "=", self.shared.id)]),
            4,
        )
        # ...yet no figure counts them; the customer's own counters show
        # the lines one reads
        self._check_own_figures()
        partner = self._partner()
        self.assertEqual(partner["conversation_count"], 4)
        self.assertEqual(partner["pipeline_stage_id"][0], self.stage_ids["lost"])

    def test_no_colleague_figure_with_shared_history_off(self):
        self._prepare(False)
        self.assertEqual(
            self._call("crm.conversation", "search_count", [("partner_id", "=", self.shared.id)]),
            2,
        )
        self._check_own_figures()
        partner = self._partner()
        self.assertEqual(partner["conversation_count"], 2)
        self.assertEqual(partner["pipeline_stage_id"][0], self.stage_ids["qualified"])
        self.assertEqual(partner["last_conversation_date"], "2025-03-10 09:00:00")
