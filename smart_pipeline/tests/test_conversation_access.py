# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import icalendar

from odoo.exceptions import AccessError
from odoo.tests import common

from .common import ConversationCase, ServerCursorCase, create_user


class TestConversationAccess(ConversationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Conversation = cls.env["crm.conversation"]
        cls.own = Conversation.sudo(cls.salesman).create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "date_begin": "2024-03-04 09:00:00",
                "note": "Mine",
            }
        )
        cls.colleague = Conversation.sudo(cls.salesman_2).create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman_2.id,
                "date_begin": "2024-03-05 09:00:00",
                "note": "My colleague's",
            }
        )
        cls.company_2 = cls.env["res.company"].create({"name": "Conversation Co 2"})
        cls.user_company_2 = cls._create_user("conv_company_2", cls.group_all, cls.team)
        cls.user_company_2.write(
            {
                "company_ids": [(6, 0, cls.company_2.ids)],
                "company_id": cls.company_2.id,
            }
        )
        # customers, teams and employees agree with the line's company
        cls.customer_company_2 = cls.env["res.partner"].create(
            {"name": "Company 2 Customer", "is_company": True, "company_id": cls.company_2.id}
        )
        cls.other_company = Conversation.create(
            {
                "partner_id": cls.customer_company_2.id,
                "user_id": cls.user_company_2.id,
                "team_id": False,
                "company_id": cls.company_2.id,
                "date_begin": "2024-03-06 09:00:00",
                "note": "Company 2",
            }
        )
        cls.all_lines = cls.own | cls.colleague | cls.other_company

    def _visible(self, user):
        return self.env["crm.conversation"].sudo(user).search([("id", "in", self.all_lines.ids)])

    def test_salesman_sees_only_own_conversations(self):
        # without the shared customer history (see test_conversation_shared_history)
        self._set_shared_history(False)
        self.assertEqual(self._visible(self.salesman), self.own)
        with self.refused(AccessError):
            self.colleague.sudo(self.salesman).read(["note"])
        self.assertEqual(self.customer.sudo(self.salesman).conversation_ids, self.own)
        self.assertEqual(self.customer.sudo(self.salesman).conversation_count, 1)

    def test_salesman_edits_only_own_conversations(self):
        self.own.sudo(self.salesman).write({"note": "Mine, edited"})
        self.assertEqual(self.own.note, "Mine, edited")
        with self.refused(AccessError):
            self.colleague.sudo(self.salesman).write({"note": "Not mine"})
        with self.refused(AccessError):
            self.colleague.sudo(self.salesman).unlink()
        # nor hand a line to a colleague, nor log one in a colleague's name
        with self.refused(AccessError):
            self.own.sudo(self.salesman).write({"user_id": self.salesman_2.id})
        with self.refused(AccessError):
            self.env["crm.conversation"].sudo(self.salesman).create(
                {
                    "partner_id": self.customer.id,
                    "user_id": self.salesman_2.id,
                    "date_begin": "2024-03-07 09:00:00",
                }
            )
        self.own.sudo(self.salesman).unlink()
        self.assertFalse(self.own.exists())

    def test_salesman_logs_on_a_customer_shared_with_colleagues(self):
        """The Conversations tab writes the partner's conversation_ids: the
        colleagues' lines of that customer must not be touched."""
        customer = self.customer.sudo(self.salesman)
        customer.write(
            {
                "conversation_ids": [(4, self.own.id)]
                + [
                    (
                        0,
                        0,
                        {
                            "user_id": self.salesman.id,
                            "date_begin": "2024-03-08 09:00:00",
                            "note": "Logged from the tab",
                        },
                    )
                ]
            }
        )
        line = customer.conversation_ids.filtered(lambda c: c.note == "Logged from the tab")
        self.assertEqual(line.commercial_partner_id, self.customer)
        self.assertEqual(self.colleague.note, "My colleague's")

    def test_all_documents_user_sees_all_of_the_company(self):
        self.assertEqual(self._visible(self.all_docs_user), self.own | self.colleague)
        self.colleague.sudo(self.all_docs_user).write({"completed": True})
        self.assertTrue(self.colleague.completed)
        self.assertEqual(self.customer.sudo(self.all_docs_user).conversation_count, 2)

    def test_manager_sees_all_of_the_company(self):
        self.assertEqual(self._visible(self.manager), self.own | self.colleague)

    def test_companies_are_kept_apart(self):
        self.assertEqual(self._visible(self.user_company_2), self.other_company)
        with self.refused(AccessError):
            self.other_company.sudo(self.all_docs_user).read(["note"])

    def test_only_managers_configure_topics_and_channels(self):
        for model in ("crm.conversation.topic", "crm.conversation.channel"):
            Model = self.env[model]
            record = Model.sudo(self.manager).create({"name": "Managed %s" % model})
            record.sudo(self.manager).write({"sequence": 3})
            self.assertEqual(record.sudo(self.salesman).name, "Managed %s" % model)
            with self.refused(AccessError):
                Model.sudo(self.salesman).create({"name": "Mine %s" % model})
            with self.refused(AccessError):
                record.sudo(self.all_docs_user).write({"name": "Renamed"})
            with self.refused(AccessError):
                record.sudo(self.salesman).unlink()
            record.sudo(self.manager).unlink()

    def test_user_sets_own_default_topic_in_preferences(self):
        self.salesman.sudo(self.salesman).write(
            {"default_conversation_topic_id": self.topic_sales.id}
        )
        self.assertEqual(self.salesman.default_conversation_topic_id, self.topic_sales)
        with self.refused(AccessError):
            self.salesman_2.sudo(self.salesman).write(
                {"default_conversation_topic_id": self.topic_sales.id}
            )


@common.at_install(False)
@common.post_install(True)
class TestConversationTaskDownload(ServerCursorCase):
    """The "Create Outlook Task" file is served to the users who may read
    the line, and to nobody else (shared customer history off)."""

    def setUp(self):
        super().setUp()
        env = self.server_env
        env["res.config.settings"].create({"group_conversation_shared_history": False}).execute()
        group = env.ref("sales_team.group_sale_salesman")
        self.salesman = create_user(env, "conv_task_salesman", group, name="Task Salesman")
        colleague = create_user(env, "conv_task_colleague", group, name="Task Colleague")
        customer = env["res.partner"].create({"name": "Task Customer"})
        Conversation = env["crm.conversation"]
        self.own = Conversation.create(
            {
                "partner_id": customer.id,
                "user_id": self.salesman.id,
                "date_begin": "2024-03-04 09:00:00",
                "follow_up_date": "2024-03-11",
                "note": "Send the brochure",
            }
        )
        self.colleague = Conversation.create(
            {
                "partner_id": customer.id,
                "user_id": colleague.id,
                "date_begin": "2024-03-04 10:00:00",
                "note": "Not for you",
            }
        )

    def _url(self, conversation):
        return conversation.action_create_outlook_task()["url"]

    def test_download_own_task(self):
        self.authenticate_server_user("conv_task_salesman")
        response = self.url_open(self._url(self.own))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        self.assertIn("attachment", response.headers["Content-Disposition"])
        todo = icalendar.Calendar.from_ical(response.content).walk("VTODO")[0]
        self.assertEqual(str(todo["DESCRIPTION"]), "Send the brochure")

    def test_download_of_a_colleague_task_is_refused(self):
        self.authenticate_server_user("conv_task_salesman")
        response = self.url_open(self._url(self.colleague))
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"Not for you", response.content)
