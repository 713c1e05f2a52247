# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who reads the lines logged automatically (issue 23), over XML-RPC as
salespeople who see only their own documents: each sees the lines of their
own messages and events; a line never reveals a message or an event the
reader cannot read."""

import xmlrpc.client

from odoo import tools

from .common import ServerCursorCase, create_user


class TestAutologAccessXmlRpc(ServerCursorCase):
    def setUp(self):
        super().setUp()
        env = self.server_env(context={"no_reset_password": True, "no_mail_to_attendees": True})
        groups = self.server_env.ref("sales_team.group_sale_salesman") | self.server_env.ref(
            "base.group_partner_manager"
        )
        self.anna = create_user(env, "autolog_rpc_anna", groups, name="Autolog Rpc Anna")
        self.bob = create_user(env, "autolog_rpc_bob", groups, name="Autolog Rpc Bob")
        Partner = env["res.partner"]
        self.customer = Partner.create(
            {
                "name": "Autolog Rpc Customer",
                "is_company": True,
                "customer": True,
                "user_id": self.anna.id,
            }
        )
        self.contact = Partner.create(
            {
                "name": "Autolog Rpc Contact",
                "parent_id": self.customer.id,
                "email": "contact@autolog-rpc.example.com",
            }
        )
        self.opportunity = env["crm.lead"].create(
            {
                "name": "Autolog Rpc Deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.anna.id,
            }
        )
        post = {
            "message_type": "comment",
            "subtype": "mail.mt_comment",
            "partner_ids": [self.contact.id],
            "date": "2024-03-04 09:00:00",
        }
        self.customer.sudo(self.anna).message_post(
            body="On the customer", subject="Public offer", **post
        )
        self.opportunity.sudo(self.anna).message_post(
            body="Discount 30 %", subject="Secret discount", **post
        )
        env["calendar.event"].create(
            {
                "name": "Confidential negotiation",
                "privacy": "private",
                "start": "2024-03-04 10:00:00",
                "stop": "2024-03-04 11:00:00",
                "user_id": self.anna.id,
                "partner_ids": [(6, 0, (self.anna.partner_id | self.contact).ids)],
            }
        )
        env["calendar.event"]._cron_log_ended_events(now="2024-03-05 00:00:00")
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        self.common = xmlrpc.client.ServerProxy(url + "common")
        self.models = xmlrpc.client.ServerProxy(url + "object", allow_none=True)

    def _call(self, login, method, *args, **kwargs):
        uid = self.common.authenticate(self.cr.dbname, login, login, {})
        self.assertTrue(uid)
        return self.models.execute_kw(
            self.cr.dbname, uid, login, "crm.conversation", method, list(args), kwargs
        )

    def _lines(self, login):
        rows = self._call(
            login,
            "search_read",
            [("partner_id", "=", self.customer.id), ("source", "!=", "manual")],
            fields=["note", "source", "source_name", "user_id"],
            order="id",
        )
        return {row["source"] + ":" + (row["source_name"] or ""): row for row in rows}

    def test_salesperson_sees_lines_of_own_messages_and_events(self):
        lines = self._lines("autolog_rpc_anna")
        self.assertEqual(
            sorted(lines),
            ["email:Public offer", "email:Secret discount", "meeting:Confidential negotiation"],
        )
        self.assertTrue(all(row["user_id"][0] == self.anna.id for row in lines.values()))

    def test_line_never_reveals_what_colleague_cannot_read(self):
        lines = self._lines("autolog_rpc_bob")
        # the opportunity's e-mail is not Bob's to read: nor is its line;
        # the private event's line names neither the event nor its subject
        self.assertEqual(sorted(lines), ["email:Public offer", "meeting:(not visible to you)"])
        meeting = lines["meeting:(not visible to you)"]
        self.assertNotIn("Confidential", meeting["note"])
        dump = repr(lines)
        self.assertNotIn("Secret", dump)
        self.assertNotIn("Discount", dump)
        # the references themselves are administrators' only
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self._call("autolog_rpc_bob", "read", [meeting["id"]], ["calendar_event_id"])
        self.assertIn("security restrictions", refused.exception.faultString)
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self._call("autolog_rpc_bob", "action_open_source", [meeting["id"]])
        self.assertNotIn("Confidential", refused.exception.faultString)
        self.assertIn("not logged from anything you may open", refused.exception.faultString)
        # nor can he point a line of his own to the message or the event
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self._call(
                "autolog_rpc_bob",
                "create",
                {
                    "partner_id": self.customer.id,
                    "source": "email",
                    "date_begin": "2024-03-05 09:00:00",
                },
            )
        self.assertIn("set by the addon", refused.exception.faultString)

    def test_owner_opens_the_source(self):
        lines = self._lines("autolog_rpc_anna")
        action = self._call(
            "autolog_rpc_anna", "action_open_source", [lines["email:Secret discount"]["id"]]
        )
        self.assertEqual((action["res_model"], action["res_id"]), ("crm.lead", self.opportunity.id))
