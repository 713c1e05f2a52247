# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import xmlrpc.client

from odoo import tools

from odoo.addons.smart_pipeline.tests.common import ServerCursorCase, create_user


class TestPhonecallXmlRpc(ServerCursorCase):
    """Over XML-RPC, as a salesperson: a call logged there is a conversation
    line, and editing the line there edits the call."""

    def setUp(self):
        super().setUp()
        env = self.server_env
        self.user = create_user(env, "call_rpc_salesman", "sales_team.group_sale_salesman")
        self.customer = env["res.partner"].create(
            {"name": "Call Rpc Customer", "is_company": True, "customer": True}
        )
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        common = xmlrpc.client.ServerProxy(url + "common")
        self.uid = common.authenticate(self.cr.dbname, "call_rpc_salesman", "call_rpc_salesman", {})
        self.assertTrue(self.uid)
        self.models = xmlrpc.client.ServerProxy(url + "object")

    def _rpc(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.cr.dbname, self.uid, "call_rpc_salesman", model, method, list(args), kwargs
        )

    def test_call_and_line_in_step_over_xmlrpc(self):
        call_id = self._rpc(
            "crm.phonecall",
            "create",
            {
                "name": "Rpc call",
                "partner_id": self.customer.id,
                "date": "2025-03-10 09:00:00",
                "duration": 5.0,
                "state": "done",
            },
        )
        lines = self._rpc(
            "crm.conversation",
            "search_read",
            [("phonecall_ids", "in", [call_id])],
            fields=["partner_id", "channel_id", "duration", "note", "user_id"],
        )
        self.assertEqual(len(lines), 1)
        line = lines[0]
        telephone = self.server_env.ref("smart_pipeline.crm_conversation_channel_telephone")
        self.assertEqual(line["partner_id"][0], self.customer.id)
        self.assertEqual(line["channel_id"][0], telephone.id)
        self.assertEqual((line["duration"], line["note"]), (5.0, "Rpc call"))
        self.assertEqual(line["user_id"][0], self.uid)
        self._rpc("crm.conversation", "write", [line["id"]], {"note": "Rpc edited\nDetails"})
        call = self._rpc("crm.phonecall", "read", [call_id], ["name", "description"])[0]
        self.assertEqual((call["name"], call["description"]), ("Rpc edited", "Details"))
        self._rpc("crm.phonecall", "write", [call_id], {"duration": 7.5})
        line = self._rpc("crm.conversation", "read", [line["id"]], ["duration"])[0]
        self.assertEqual(line["duration"], 7.5)
        self.assertEqual(
            self._rpc("crm.conversation", "search_count", [("phonecall_ids", "in", [call_id])]), 1
        )
