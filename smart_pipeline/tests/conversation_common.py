# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from contextlib import contextmanager

from odoo.tests.common import SavepointCase


class ConversationCase(SavepointCase):
    """Users of each sales group, two customers with contacts, teams, stages,
    topics and channels of its own: no test relies on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.team = cls.env["crm.team"].create({"name": "Conversation Team A"})
        cls.team_b = cls.env["crm.team"].create({"name": "Conversation Team B"})
        cls.group_salesman = cls.env.ref("sales_team.group_sale_salesman")
        cls.group_all = cls.env.ref("sales_team.group_sale_salesman_all_leads")
        cls.group_manager = cls.env.ref("sales_team.group_sale_manager")
        cls.salesman = cls._create_user("conv_salesman", cls.group_salesman, cls.team)
        cls.salesman_2 = cls._create_user("conv_salesman_2", cls.group_salesman, cls.team_b)
        cls.all_docs_user = cls._create_user("conv_all_docs", cls.group_all, cls.team)
        cls.manager = cls._create_user("conv_manager", cls.group_manager, cls.team)

        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "Conversation Customer A", "is_company": True, "customer": True}
        )
        cls.contact = Partner.create({"name": "Alice Buyer", "parent_id": cls.customer.id})
        cls.customer_b = Partner.create(
            {"name": "Conversation Customer B", "is_company": True, "customer": True}
        )
        cls.contact_b = Partner.create({"name": "Bob Other", "parent_id": cls.customer_b.id})

        cls.topic_sales = cls.env["crm.conversation.topic"].create({"name": "Test Sales Topic"})
        cls.topic_support = cls.env["crm.conversation.topic"].create({"name": "Test Support Topic"})
        cls.channel_phone = cls.env["crm.conversation.channel"].create({"name": "Test Telephone"})
        cls.channel_visit = cls.env["crm.conversation.channel"].create({"name": "Test Visit"})
        Stage = cls.env["crm.stage"]
        cls.stage_contact = Stage.create({"name": "Test Initial Contact", "sequence": 1})
        cls.stage_proposal = Stage.create({"name": "Test Proposal", "sequence": 5})
        cls.stage_team_b = Stage.create(
            {"name": "Test Team B Only", "sequence": 6, "team_id": cls.team_b.id}
        )

    @classmethod
    def _create_user(cls, login, group, team):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True, mail_create_nosubscribe=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "password": login,
                    "email": "%s@example.com" % login,
                    "company_id": cls.company.id,
                    "company_ids": [(6, 0, cls.company.ids)],
                    "groups_id": [(6, 0, group.ids)],
                    "sale_team_id": team.id,
                    "tz": "Europe/Brussels",
                }
            )
        )

    def _create_conversation(self, user=None, **values):
        """Create a line as ``user`` (the salesman by default) on a fixed date."""
        user = user or self.salesman
        vals = {
            "partner_id": self.customer.id,
            "user_id": user.id,
            "date_begin": "2024-03-04 09:00:00",
        }
        vals.update(values)
        return self.env["crm.conversation"].sudo(user).create(vals)

    @contextmanager
    def refused(self, exception, regex="."):
        """Expect ``exception``; like the transaction of a web request, the
        savepoint drops whatever was written before the error."""
        try:
            with self.assertRaisesRegex(exception, regex):
                with self.env.cr.savepoint():
                    yield
        finally:
            # drop the cache and the recomputations of what was rolled back
            self.env.clear()
