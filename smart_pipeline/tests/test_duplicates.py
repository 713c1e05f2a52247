# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError

from .common import SmartPipelineCase


class TestDuplicates(SmartPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._create_user(
            "sp_dup_salesman", cls.group_salesman, name="Duplicate Salesman"
        )
        cls.colleague = cls._create_user(
            "sp_dup_colleague", cls.group_salesman, name="Duplicate Colleague"
        )
        cls.manager = cls._create_user(
            "sp_dup_manager", cls.group_manager, name="Duplicate Manager"
        )
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Dup Corp", "email": "info@acme-dup.example.com"})
        cls.acme_again = Partner.create(
            {"name": " ACME dup corp ", "email": "INFO@acme-dup.example.com"}
        )
        cls.acme_shop = Partner.create(
            {"name": "Acme Dup Shop", "email": "info@acme-dup.example.com"}
        )
        cls.phone_a = Partner.create({"name": "Phone Dup A", "phone": "+32 2 555 98 76"})
        cls.phone_b = Partner.create({"name": "Phone Dup B", "phone": "+32.2.5559876"})
        Lead = cls.env["crm.lead"]
        cls.lead_mine = Lead.create(
            {
                "name": "Dup Lead",
                "type": "lead",
                "email_from": "buyer@dup-lead.example.com",
                "user_id": cls.salesman.id,
            }
        )
        cls.lead_mine_again = Lead.create(
            {
                "name": "dup lead",
                "type": "lead",
                "email_from": "Buyer@Dup-Lead.example.com",
                "user_id": cls.salesman.id,
            }
        )
        cls.lead_colleague = Lead.create(
            {
                "name": "Dup Lead",
                "type": "lead",
                "email_from": "buyer@dup-lead.example.com",
                "user_id": cls.colleague.id,
            }
        )

    def _fields(self, model, *names):
        return self.env["ir.model.fields"].search([("model", "=", model), ("name", "in", names)])

    def _check(self, model, names, user):
        check = (
            self.env["crm.duplicate.check"]
            .sudo(user)
            .with_context(active_model=model)
            .create({"field_ids": [(6, 0, self._fields(model, *names).ids)]})
        )
        check.action_check()
        return check

    def _groups(self, check, field):
        return [set(group[field].ids) for group in check.group_ids]

    def test_defaults_follow_the_list_it_is_opened_from(self):
        check = (
            self.env["crm.duplicate.check"]
            .sudo(self.salesman)
            .with_context(active_model="res.partner")
            .create({})
        )
        self.assertEqual(check.model_name, "res.partner")
        self.assertEqual(set(check.field_ids.mapped("name")), {"name", "email"})

    def test_partners_on_name_and_email(self):
        check = self._check("res.partner", ["name", "email"], self.salesman)
        self.assertEqual(check.state, "done")
        groups = self._groups(check, "partner_ids")
        self.assertIn({self.acme.id, self.acme_again.id}, groups)
        self.assertFalse([group for group in groups if self.acme_shop.id in group])

    def test_partners_on_email_only(self):
        check = self._check("res.partner", ["email"], self.salesman)
        self.assertIn(
            {self.acme.id, self.acme_again.id, self.acme_shop.id},
            self._groups(check, "partner_ids"),
        )

    def test_phones_match_without_punctuation(self):
        check = self._check("res.partner", ["phone"], self.salesman)
        self.assertIn({self.phone_a.id, self.phone_b.id}, self._groups(check, "partner_ids"))

    def test_leads_only_among_those_the_user_may_see(self):
        check = self._check("crm.lead", ["name", "email_from"], self.salesman)
        self.assertIn(
            {self.lead_mine.id, self.lead_mine_again.id},
            self._groups(check, "lead_ids"),
        )
        check = self._check("crm.lead", ["name", "email_from"], self.manager)
        self.assertIn(
            {self.lead_mine.id, self.lead_mine_again.id, self.lead_colleague.id},
            self._groups(check, "lead_ids"),
        )

    def test_bad_field_choice_is_refused(self):
        Check = self.env["crm.duplicate.check"].sudo(self.salesman)
        with self.assertRaisesRegex(UserError, "at least one field"):
            Check.create({"model_name": "res.partner", "field_ids": [(5,)]}).action_check()
        other_model = self._fields("crm.lead", "email_from")
        check = Check.create({"model_name": "res.partner", "field_ids": [(6, 0, other_model.ids)]})
        with self.assertRaisesRegex(UserError, "cannot be compared"):
            check.action_check()
        not_text = self._fields("res.partner", "active")
        check.write({"field_ids": [(6, 0, not_text.ids)]})
        with self.assertRaisesRegex(UserError, "cannot be compared"):
            check.action_check()
        self.assertEqual(check.state, "draft")

    def test_merging_partners_moves_their_conversations(self):
        line = self.env["crm.conversation"].create(
            {
                "partner_id": self.acme_again.id,
                "date_begin": "2024-03-04 09:00:00",
                "note": "Asked for a quote",
            }
        )
        check = self._check("res.partner", ["name", "email"], self.manager)
        group = check.group_ids.filtered(lambda g: self.acme in g.partner_ids)
        action = group.action_merge()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, self.acme | self.acme_again)
        survivor = wizard.dst_partner_id
        wizard.action_merge()
        self.assertEqual(len((self.acme | self.acme_again).exists()), 1)
        self.assertEqual(line.partner_id, survivor)
        self.assertIn(line, survivor.conversation_ids)

    def test_merging_leads_uses_odoo_merge(self):
        check = self._check("crm.lead", ["name", "email_from"], self.salesman)
        group = check.group_ids.filtered(lambda g: self.lead_mine in g.lead_ids)
        action = group.action_merge()
        self.assertEqual(action["res_model"], "crm.merge.opportunity")
        wizard = (
            self.env[action["res_model"]]
            .sudo(self.salesman)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.opportunity_ids, self.lead_mine | self.lead_mine_again)
        wizard.action_merge()
        self.assertEqual(len((self.lead_mine | self.lead_mine_again).exists()), 1)
