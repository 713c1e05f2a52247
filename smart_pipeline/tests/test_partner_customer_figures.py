# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer's header with the shared customer history on: its position,
last conversation and conversation count are the customer's own (the lines
the Conversations tab and the smart button show, colleagues' included); the
next follow-up stays the salesperson's own work. "Follow-up Of" names the
day in the reader's timezone, not the administrator's."""

import xmlrpc.client

from odoo import tools

from .common import ConversationCase, ServerCursorCase, create_user


class TestPartnerCustomerFigures(ConversationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_demo = cls.stage["demo_given"]
        cls.stage_won = cls.stage["won"]
        # the salesperson's own line: Demo Given, a follow-up planned
        cls.own = cls._create_conversation(
            cls.salesman,
            partner_id=cls.contact.id,
            date_begin="2024-03-04 09:00:00",
            stage_id=cls.stage_demo.id,
            follow_up_date="2024-03-20",
        )
        # a colleague's later lines: the deal is won, a follow-up of theirs
        cls.colleague_won = cls._create_conversation(
            cls.salesman_2,
            partner_id=cls.customer.id,
            team_id=cls.team_b.id,
            date_begin="2024-03-06 10:00:00",
            stage_id=cls.stage_won.id,
            follow_up_date="2024-03-08",
        )
        cls.colleague_note = cls._create_conversation(
            cls.salesman_2,
            partner_id=cls.customer.id,
            team_id=cls.team_b.id,
            date_begin="2024-03-07 10:00:00",
        )
        cls.all_lines = cls.own | cls.colleague_won | cls.colleague_note

    def _tab_and_button(self, partner, user):
        """What the tab (a company: its lines and its contacts') and the
        smart button show to ``user``."""
        partner = partner.sudo(user)
        action = partner.action_view_conversations()
        return self.env["crm.conversation"].sudo(user).search(action["domain"])

    def test_header_is_the_customers_own_with_shared_history(self):
        customer = self.customer.sudo(self.salesman)
        opened = self._tab_and_button(self.customer, self.salesman)
        self.assertEqual(opened, self.all_lines)
        # the count is what the button opens; the position and the last
        # conversation are the latest of those lines, a colleague's
        self.assertEqual(customer.conversation_count, len(opened))
        self.assertEqual(customer.pipeline_stage_id, self.stage_won)
        self.assertEqual(customer.last_conversation_date, "2024-03-07 10:00:00")
        # the next follow-up stays the salesperson's own work
        self.assertEqual(customer.next_follow_up_date, "2024-03-20")
        # the contact counts its own lines, as its button opens them
        contact = self.contact.sudo(self.salesman)
        self.assertEqual(contact.conversation_count, 1)
        self.assertEqual(self._tab_and_button(self.contact, self.salesman), self.own)
        self.assertEqual(contact.pipeline_stage_id, self.stage_demo)

    def test_header_without_shared_history_is_own_lines(self):
        self._set_shared_history(False)
        customer = self.customer.sudo(self.salesman)
        self.assertEqual(self._tab_and_button(self.customer, self.salesman), self.own)
        self.assertEqual(customer.conversation_count, 1)
        self.assertEqual(customer.pipeline_stage_id, self.stage_demo)
        self.assertEqual(customer.last_conversation_date, "2024-03-04 09:00:00")

    def test_opportunity_button_counts_what_it_opens(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Shared Deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
            }
        )
        (self.own | self.colleague_note).sudo().write({"lead_id": lead.id})
        lead = lead.sudo(self.salesman)
        opened = (
            self.env["crm.conversation"]
            .sudo(self.salesman)
            .search(lead.action_view_conversations()["domain"])
        )
        self.assertEqual(opened, self.own | self.colleague_note)
        self.assertEqual(lead.conversation_count, 2)

    def test_follow_up_of_names_the_readers_day(self):
        """23:30 in Brussels on 4 March is already 5 March in Auckland, the
        administrator's timezone: the salesperson reads 4 March."""
        self.env.ref("base.user_root").tz = "Pacific/Auckland"
        late = self._create_conversation(
            self.salesman, partner_id=self.contact.id, date_begin="2024-03-04 22:30:00"
        )
        follow_up = self._create_conversation(
            self.salesman,
            partner_id=self.contact.id,
            date_begin="2024-03-05 08:00:00",
            follow_up_of_id=late.id,
        )
        label = follow_up.sudo(self.salesman).read(["follow_up_of_id"])[0]["follow_up_of_id"][1]
        self.assertIn("03/04/2024", label)
        self.assertNotIn("03/05/2024", label)


class TestPartnerCustomerFiguresXmlRpc(ServerCursorCase):
    """The same header, read by a salesperson over XML-RPC (no client
    context: the user's own timezone applies)."""

    def setUp(self):
        super().setUp()
        env = self.server_env
        group = "sales_team.group_sale_salesman"
        self.salesman = create_user(
            env, "hdr_rpc_salesman", group, name="Header Rpc Salesman", tz="Europe/Brussels"
        )
        colleague = create_user(env, "hdr_rpc_colleague", group, name="Header Rpc Colleague")
        env.ref("base.user_root").tz = "Pacific/Auckland"
        self.customer = env["res.partner"].create(
            {"name": "Header Rpc Customer", "is_company": True, "customer": True}
        )
        Conversation = env["crm.conversation"]
        stage = env.ref("smart_pipeline.crm_stage_demo_given")
        self.won = env.ref("smart_pipeline.crm_stage_won")
        self.late = Conversation.sudo(self.salesman).create(
            {
                "partner_id": self.customer.id,
                "date_begin": "2024-03-04 22:30:00",
                "stage_id": stage.id,
            }
        )
        self.follow_up = Conversation.sudo(self.salesman).create(
            {
                "partner_id": self.customer.id,
                "date_begin": "2024-03-05 08:00:00",
                "follow_up_of_id": self.late.id,
            }
        )
        Conversation.sudo(colleague).create(
            {
                "partner_id": self.customer.id,
                "date_begin": "2024-03-06 09:00:00",
                "stage_id": self.won.id,
            }
        )
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        common = xmlrpc.client.ServerProxy(url + "common")
        self.uid = common.authenticate(self.cr.dbname, "hdr_rpc_salesman", "hdr_rpc_salesman", {})
        self.assertTrue(self.uid)
        self.models = xmlrpc.client.ServerProxy(url + "object")

    def _call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.cr.dbname, self.uid, "hdr_rpc_salesman", model, method, list(args), kwargs
        )

    def test_header_over_xmlrpc(self):
        partner = self._call(
            "res.partner",
            "read",
            [self.customer.id],
            ["conversation_count", "pipeline_stage_id", "last_conversation_date"],
        )[0]
        action = self._call("res.partner", "action_view_conversations", [self.customer.id])
        opened = self._call("crm.conversation", "search_count", action["domain"])
        self.assertEqual(opened, 3)
        self.assertEqual(partner["conversation_count"], opened)
        self.assertEqual(partner["pipeline_stage_id"][0], self.won.id)
        self.assertEqual(partner["last_conversation_date"], "2024-03-06 09:00:00")
        line = self._call("crm.conversation", "read", [self.follow_up.id], ["follow_up_of_id"])[0]
        self.assertIn("03/04/2024", line["follow_up_of_id"][1])
