# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A line created over XML-RPC through the partner's one2many, with a time
end only or a duration only: its derived values are right and the
overview counts its minutes (the figures equal the lines)."""

import xmlrpc.client

from odoo import tools
from odoo.tests import common

from .common import ServerCursorCase, create_user


@common.at_install(False)
@common.post_install(True)
class TestPipelineWritePathsXmlRpc(ServerCursorCase):
    def setUp(self):
        super().setUp()
        env = self.server_env
        self.salesman = create_user(
            env, "paths_rpc_salesman", "sales_team.group_sale_salesman", name="Paths Rpc"
        )
        self.customer = env["res.partner"].create(
            {"name": "Paths Rpc Customer", "customer": True, "is_company": True}
        )
        self.stage_id = env.ref("smart_pipeline.crm_stage_qualified").id
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        common_proxy = xmlrpc.client.ServerProxy(url + "common")
        self.uid = common_proxy.authenticate(
            self.cr.dbname, "paths_rpc_salesman", "paths_rpc_salesman", {}
        )
        self.assertTrue(self.uid)
        self.models = xmlrpc.client.ServerProxy(url + "object")

    def _call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.cr.dbname, self.uid, "paths_rpc_salesman", model, method, list(args), kwargs
        )

    def test_one2many_create_over_xmlrpc(self):
        lines = [
            {"date_begin": "2025-03-03 09:00:00", "date_end": "2025-03-03 09:45:00"},
            {"date_begin": "2025-03-04 09:00:00", "duration": 20},
            {
                "date_begin": "2025-03-05 09:00:00",
                "date_end": "2025-03-05 09:10:00",
                "duration": 10,
            },
        ]
        for values in lines:
            values.update(stage_id=self.stage_id, user_id=self.uid)
            self._call(
                "res.partner", "write", [self.customer.id], {"conversation_ids": [(0, 0, values)]}
            )
        rows = self._call(
            "crm.conversation",
            "search_read",
            [("partner_id", "=", self.customer.id)],
            fields=["duration", "date_end", "commercial_partner_id"],
            order="date_begin",
        )
        self.assertEqual([row["duration"] for row in rows], [45.0, 20.0, 10.0])
        self.assertEqual(rows[1]["date_end"], "2025-03-04 09:20:00")
        self.assertEqual({row["commercial_partner_id"][0] for row in rows}, {self.customer.id})
        for period in ({}, {"date_from": "2025-01-01", "date_to": "2025-12-31"}):
            overview = self._call(
                "crm.pipeline.overview", "get_overview", reference_date="2025-12-31", **period
            )
            self.assertEqual(overview["employees"][0]["minutes"], 75.0, period)
            self.assertEqual(overview["employees"][0]["conversations"], 3)
            self.assertEqual(overview["in_pipeline"], 1)
