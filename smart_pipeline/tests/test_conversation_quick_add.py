# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import ConversationCase


class TestConversationQuickAdd(ConversationCase):
    def _wizard(self, partners=None, user=None, **values):
        """Open the dialog as the Action menu of the partner list does."""
        Wizard = self.env["crm.conversation.quick.add"].sudo(user or self.salesman)
        if partners is not None:
            Wizard = Wizard.with_context(active_model="res.partner", active_ids=partners.ids)
        vals = {"date_begin": "2024-03-04 14:00:00"}
        vals.update(values)
        return Wizard.create(vals)

    def _conversations(self):
        return self.env["crm.conversation"].search(
            [("partner_id", "in", (self.customer | self.customer_b).ids)]
        )

    def test_log_from_the_partner_list(self):
        wizard = self._wizard(
            self.customer,
            contact_id=self.contact.id,
            topic_id=self.topic_sales.id,
            channel_id=self.channel_phone.id,
            stage_id=self.stage_contact.id,
            follow_up_date="2024-03-08",
            duration=15,
            note="Introduced the new range",
        )
        self.assertEqual(wizard.partner_ids, self.customer)
        self.assertEqual(wizard.user_id, self.salesman)
        self.assertEqual(wizard.team_id, self.team)
        result = wizard.action_log()
        # feedback: the dialog stays open and says what was logged
        self.assertEqual((result["res_model"], result["res_id"]), (wizard._name, wizard.id))
        self.assertEqual(wizard.logged_message, "Conversation logged with %s." % self.customer.name)
        conversation = self._conversations()
        self.assertEqual(len(conversation), 1)
        self.assertEqual(conversation.partner_id, self.customer)
        self.assertEqual(conversation.contact_id, self.contact)
        self.assertEqual(conversation.user_id, self.salesman)
        self.assertEqual(conversation.team_id, self.team)
        self.assertEqual(conversation.topic_id, self.topic_sales)
        self.assertEqual(conversation.channel_id, self.channel_phone)
        self.assertEqual(conversation.stage_id, self.stage_contact)
        self.assertEqual(conversation.follow_up_date, "2024-03-08")
        self.assertEqual(conversation.date_begin, "2024-03-04 14:00:00")
        self.assertEqual(conversation.date_end, "2024-03-04 14:15:00")
        self.assertEqual(conversation.note, "Introduced the new range")
        self.assertEqual(self.customer.sudo(self.salesman).conversation_count, 1)

    def test_defaults_are_the_conversations(self):
        """Team and topic start as on a line logged on the customer: a
        salesperson without a team gets none (Odoo's own default would be
        the main sales team, which is not theirs)."""
        loner = self._create_user("conv_quick_loner", self.group_salesman)
        loner.default_conversation_topic_id = self.topic_support
        fields_list = ["team_id", "topic_id"]
        wizard = self.env["crm.conversation.quick.add"].sudo(loner).default_get(fields_list)
        line = self.env["crm.conversation"].sudo(loner).default_get(fields_list)
        self.assertEqual(wizard, line)
        self.assertFalse(wizard.get("team_id"))
        self.assertEqual(wizard["topic_id"], self.topic_support.id)
        # choosing the employee proposes their team, as on the line's form
        quick = self.env["crm.conversation.quick.add"].sudo(self.salesman).new({})
        quick.user_id = self.salesman_2
        quick._onchange_user_id()
        self.assertEqual(quick.team_id, self.team_b)

    def test_log_on_several_customers(self):
        wizard = self._wizard(
            self.customer | self.customer_b,
            channel_id=self.channel_visit.id,
            note="Trade fair visit",
        )
        wizard.action_log()
        conversations = self._conversations()
        self.assertEqual(conversations.mapped("partner_id"), self.customer | self.customer_b)
        self.assertEqual(set(conversations.mapped("note")), {"Trade fair visit"})

    def test_contact_with_several_customers_is_refused(self):
        wizard = self._wizard(self.customer | self.customer_b, contact_id=self.contact.id)
        with self.refused(UserError, "single customer"):
            wizard.action_log()
        self.assertFalse(self._conversations())

    def test_bad_input_saves_nothing(self):
        # the savepoint stands for the transaction of the web request
        wizard = self._wizard(self.customer, contact_id=self.contact_b.id)
        with self.refused(ValidationError, "With Whom must be the customer"):
            wizard.action_log()
        # several customers: none of them gets a line
        wizard = self._wizard(self.customer | self.customer_b, stage_id=self.stage_team_b.id)
        with self.refused(ValidationError, "reserved to another sales team"):
            wizard.action_log()
        wizard = self._wizard(self.customer, duration=-10)
        with self.refused(ValidationError, "cannot be negative"):
            wizard.action_log()
        self.assertFalse(self._conversations())

    def test_open_from_the_crm_menu(self):
        wizard = self._wizard(partner_ids=[(6, 0, self.customer_b.ids)])
        self.assertEqual(wizard.partner_ids, self.customer_b)
        wizard.action_log()
        self.assertEqual(self._conversations().partner_id, self.customer_b)

    def test_salesman_cannot_log_for_a_colleague(self):
        wizard = self._wizard(self.customer, user_id=self.salesman_2.id)
        with self.refused(AccessError):
            wizard.action_log()
        self.assertFalse(self._conversations())
