# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import contextlib
import importlib.util
import io
import os

from odoo import tools
from odoo.modules.module import get_module_path
from odoo.tests.common import at_install, post_install

from .common import ServerCursorCase, create_user

EXAMPLE = os.path.join(
    os.path.dirname(get_module_path("smart_pipeline")), "examples", "api_example.py"
)


def load_example():
    spec = importlib.util.spec_from_file_location("smart_pipeline_api_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@at_install(False)
@post_install(True)
class TestApiExample(ServerCursorCase):
    """examples/api_example.py, the README's external API example, runs
    against the test server with both clients (xmlrpc.client, odoorpc), as a
    salesperson: figures equal get_overview()'s, the drill-down lists the won
    customer, and a phone system's call is logged with its duration."""

    def setUp(self):
        super().setUp()
        if not os.path.exists(EXAMPLE):
            self.skipTest("examples/ is not shipped with an installed wheel")
        self.example = load_example()
        self.url = "http://127.0.0.1:%d" % tools.config["http_port"]
        self.salesman = create_user(
            self.server_env,
            "api_salesman",
            "sales_team.group_sale_salesman",
            name="Api Salesman",
        )
        Partner = self.server_env["res.partner"]
        self.won_customer = Partner.create(
            {"name": "Api Won Customer", "customer": True, "phone": "+32 2 555 01 01"}
        )
        self.open_customer = Partner.create({"name": "Api Open Customer", "customer": True})
        Conversation = self.server_env["crm.conversation"].sudo(self.salesman)
        for partner, stage, when in (
            (self.won_customer, "initial_contact", "2025-03-03 09:00:00"),
            (self.won_customer, "won", "2025-04-01 09:00:00"),
            (self.open_customer, "qualified", "2025-05-05 09:00:00"),
        ):
            Conversation.create(
                {
                    "partner_id": partner.id,
                    "date_begin": when,
                    "duration": 10,
                    "stage_id": self.server_env.ref("smart_pipeline.crm_stage_%s" % stage).id,
                }
            )
        self.filters = {"date_from": "2025-01-01", "date_to": "2025-12-31"}

    def _client(self, name):
        return self.example.CLIENTS[name](self.url, self.cr.dbname, "api_salesman", "api_salesman")

    def _check_client(self, name):
        client = self._client(name)
        self.assertEqual(client.uid, self.salesman.id)
        result = self.example.read_pipeline(client, self.filters)
        expected = (
            self.server_env["crm.pipeline.overview"]
            .sudo(self.salesman)
            .get_overview(**self.filters)
        )
        self.assertEqual(result["overview"], expected)
        self.assertEqual((expected["in_pipeline"], expected["won"]), (1, 1))
        self.assertEqual([c["name"] for c in result["won"]], ["Api Won Customer"])
        Overview = self.server_env["crm.pipeline.overview"]
        if hasattr(Overview, "get_flow"):
            self.assertEqual(result["flow"], Overview.sudo(self.salesman).get_flow(**self.filters))
        else:
            self.assertIsNone(result["flow"])
        line_id = self.example.log_call(
            client, "+32 2 555 01 01", 7, "Asked for a quote", "2025-06-02 08:30:00"
        )
        line = self.server_env["crm.conversation"].browse(line_id)
        self.assertEqual(line.partner_id, self.won_customer)
        self.assertEqual(line.user_id, self.salesman)
        self.assertEqual(
            line.channel_id,
            self.server_env.ref("smart_pipeline.crm_conversation_channel_telephone"),
        )
        self.assertEqual(
            (line.date_begin, line.date_end), ("2025-06-02 08:30:00", "2025-06-02 08:37:00")
        )
        self.assertEqual(line.duration, 7.0)
        self.assertIsNone(self.example.log_call(client, "+00 000", 3, "Wrong number", False))

    def test_forecast(self):
        """read_forecast() gives get_forecast()'s figures and the
        opportunities behind the first month's count, with both clients."""
        self.server_env["crm.lead"].create(
            {
                "name": "Api Forecast Deal",
                "type": "opportunity",
                "user_id": self.salesman.id,
                "stage_id": self.server_env.ref("smart_pipeline.crm_stage_qualified").id,
                "planned_revenue": 1000,
                "probability": 40,
                "date_deadline": "2025-01-20",
            }
        )
        expected = (
            self.server_env["crm.pipeline.overview"]
            .sudo(self.salesman)
            .get_forecast(probability="history", **self.filters)
        )
        self.assertEqual(expected["months"][0]["open_count"], 1)
        for name in ("xmlrpc", "odoorpc"):
            result = self.example.read_forecast(self._client(name), self.filters)
            self.assertEqual(result["forecast"], expected, name)
            self.assertEqual(result["month"], "2025-01")
            self.assertEqual([o["name"] for o in result["opportunities"]], ["Api Forecast Deal"])

    def test_xmlrpc_client(self):
        self._check_client("xmlrpc")

    def test_odoorpc_client(self):
        self._check_client("odoorpc")

    def test_command_line(self):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            self.example.main(
                [
                    "--url=" + self.url,
                    "--db=" + self.cr.dbname,
                    "--login=api_salesman",
                    "--password=api_salesman",
                ]
            )
        self.assertIn("in pipeline", output.getvalue())
