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
            "sp_dup_manager",
            cls.group_manager | cls.env.ref("base.group_partner_manager"),
            name="Duplicate Manager",
        )
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Dup Corp", "email": "info@acme-dup.example.com"})
        cls.acme_again = Partner.create(
            {"name": " ACME dup corp ", "email": "INFO@acme-dup.example.com"}
        )
        cls.acme_shop = Partner.create(
            {"name": "Acme Dup Shop", "email": "info@acme-dup.example.com"}
        )
        cls.acme_branch = Partner.create(
            {"name": "Acme Dup Branch", "email": "branch@acme-dup.example.com"}
        )
        cls.acme_shop.phone = "+32 9 555 44 33"
        cls.acme_branch.phone = "+32 (9) 555 4433"
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

    def _check(self, model, names, user, match="all", selected=None):
        context = {"active_model": model}
        if selected:
            context["active_ids"] = selected.ids
        check = (
            self.env["crm.duplicate.check"]
            .sudo(user)
            .with_context(**context)
            .create({"field_ids": [(6, 0, self._fields(model, *names).ids)], "match": match})
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
        self.assertEqual(check.match, "any")
        self.assertEqual(set(check.field_ids.mapped("name")), {"email", "phone"})
        self.assertFalse(check.selected_partner_ids)
        check = self.env["crm.duplicate.check"].sudo(self.salesman).create({})
        self.assertEqual(check.model_name, "crm.lead")
        self.assertEqual(set(check.field_ids.mapped("name")), {"email_from", "phone"})

    def test_default_groups_share_an_email_or_a_phone(self):
        """Acme, its homonym and its shop share an email; the shop and the
        branch share a phone: one group of four, which says why."""
        check = (
            self.env["crm.duplicate.check"]
            .sudo(self.salesman)
            .with_context(active_model="res.partner")
            .create({})
        )
        check.action_check()
        acme_all = self.acme | self.acme_again | self.acme_shop | self.acme_branch
        group = check.group_ids.filtered(lambda g: self.acme in g.partner_ids)
        self.assertEqual(group.partner_ids, acme_all)
        self.assertIn("info@acme-dup.example.com", group.reason)
        self.assertIn("+32 9 555 44 33", group.reason)
        self.assertIn({self.phone_a.id, self.phone_b.id}, self._groups(check, "partner_ids"))
        self.assertEqual(len(check.group_ids.mapped("partner_ids") & acme_all), 4)

    def test_selected_records_are_the_starting_point(self):
        check = self._check(
            "res.partner", ["email", "phone"], self.salesman, match="any", selected=self.phone_a
        )
        self.assertEqual(check.selected_partner_ids, self.phone_a)
        self.assertEqual(self._groups(check, "partner_ids"), [{self.phone_a.id, self.phone_b.id}])
        check = self._check(
            "res.partner", ["email", "phone"], self.salesman, match="any", selected=self.acme_branch
        )
        self.assertEqual(len(check.group_ids), 1)
        self.assertIn(self.acme_branch, check.group_ids.partner_ids)
        self.assertNotIn(self.phone_a, check.group_ids.partner_ids)
        # selected ids of another model are ignored
        check = (
            self.env["crm.duplicate.check"]
            .sudo(self.salesman)
            .with_context(active_model="crm.lead", active_ids=[self.acme.id])
            .create({"model_name": "res.partner"})
        )
        self.assertFalse(check.selected_partner_ids)

    def test_fields_are_named_by_their_label(self):
        email = self._fields("crm.lead", "email_from")
        self.assertEqual(email.name_get()[0][1], "Email (crm.lead)")
        labelled = email.with_context(field_label_only=True).name_get()[0][1]
        self.assertEqual(labelled, email.field_description)
        self.assertNotIn("crm.lead", labelled)

    def test_partners_on_name_and_email(self):
        check = self._check("res.partner", ["name", "email"], self.salesman)
        self.assertEqual(check.state, "done")
        groups = self._groups(check, "partner_ids")
        self.assertIn({self.acme.id, self.acme_again.id}, groups)
        self.assertFalse([group for group in groups if self.acme_shop.id in group])

    def test_partners_on_email_only(self):
        check = self._check("res.partner", ["email"], self.salesman, match="any")
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

    def _merge_wizard(self, group, user):
        action = group.action_merge()
        return self.env[action["res_model"]].sudo(user).with_context(**action["context"]).create({})

    def test_merging_partners_moves_their_conversations(self):
        line = self.env["crm.conversation"].create(
            {
                "partner_id": self.acme_again.id,
                "date_begin": "2024-03-04 09:00:00",
                "note": "Asked for a quote",
            }
        )
        kept = self.env["crm.conversation"].create(
            {
                "partner_id": self.acme.id,
                "date_begin": "2024-03-05 09:00:00",
                "note": "Sent the quote",
            }
        )
        # Odoo lets only the administrator merge contacts whose emails differ
        self.acme_again.email = self.acme.email
        check = self._check("res.partner", ["email", "phone"], self.manager, match="any")
        group = check.group_ids.filtered(lambda g: self.acme in g.partner_ids)
        self.assertEqual(group.action_merge()["res_model"], "base.partner.merge.automatic.wizard")
        wizard = self._merge_wizard(group, self.manager)
        self.assertEqual(len(wizard.partner_ids), 4)
        # Odoo merges three contacts at most: the user keeps two of them
        wizard.partner_ids = self.acme | self.acme_again
        survivor = wizard.dst_partner_id = self.acme
        action = wizard.action_merge()
        self.assertFalse(self.acme_again.exists())
        self.assertEqual((line | kept).mapped("partner_id"), survivor)
        self.assertEqual(survivor.conversation_ids & (line | kept), line | kept)
        # groups are left: back to the check, listed again without the merged
        self.assertEqual(action["res_model"], "crm.duplicate.check")
        self.assertEqual(action["res_id"], check.id)
        self.assertEqual(check.last_merge, "Merged into %s." % survivor.display_name)
        group = check.group_ids.filtered(lambda g: survivor in g.partner_ids)
        self.assertEqual(group.partner_ids, survivor | self.acme_shop | self.acme_branch)

    def test_last_merge_ends_on_the_survivor(self):
        check = self._check(
            "res.partner", ["phone"], self.manager, match="any", selected=self.phone_b
        )
        wizard = self._merge_wizard(check.group_ids, self.manager)
        action = wizard.action_merge()
        survivor = (self.phone_a | self.phone_b).exists()
        self.assertEqual(len(survivor), 1)
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["res_id"], survivor.id)
        self.assertNotEqual(wizard.state, "selection")
        # the check goes on from the survivor, which has no duplicate left
        self.assertEqual(check.selected_partner_ids, survivor)
        self.assertFalse(check.group_ids)

    def test_odoo_contact_merge_ends_on_the_survivor(self):
        """Odoo's own Merge action on selected contacts no longer ends on its
        empty "Maximum of Group of Contacts 0" screen."""
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_context(active_model="res.partner", active_ids=(self.phone_a | self.phone_b).ids)
            .create({})
        )
        action = wizard.action_merge()
        survivor = (self.phone_a | self.phone_b).exists()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", survivor.id))

    def test_merge_context_of_another_users_check_is_ignored(self):
        check = self._check("res.partner", ["phone"], self.manager, match="any")
        other = self.env["crm.duplicate.check"].sudo(self.salesman)
        self.assertFalse(other.with_context(duplicate_check_id=check.id)._from_merge_context())
        self.assertFalse(other.with_context(duplicate_check_id="1")._from_merge_context())
        self.assertEqual(
            check.with_context(duplicate_check_id=check.id)._from_merge_context(), check
        )

    def test_merging_leads_uses_odoo_merge(self):
        lines = self.env["crm.conversation"]
        for lead, day in ((self.lead_mine, "2024-04-02"), (self.lead_mine_again, "2024-04-03")):
            lead.partner_id = self.acme
            lines |= self.env["crm.conversation"].create(
                {
                    "partner_id": self.acme.id,
                    "lead_id": lead.id,
                    "date_begin": day + " 10:00:00",
                    "note": "About %s" % lead.name,
                }
            )
        check = self._check(
            "crm.lead", ["name", "email_from"], self.salesman, selected=self.lead_mine_again
        )
        group = check.group_ids.filtered(lambda g: self.lead_mine in g.lead_ids)
        self.assertEqual(group.action_merge()["res_model"], "crm.merge.opportunity")
        wizard = self._merge_wizard(group, self.salesman)
        self.assertEqual(wizard.opportunity_ids, self.lead_mine | self.lead_mine_again)
        action = wizard.action_merge()
        survivor = (self.lead_mine | self.lead_mine_again).exists()
        self.assertEqual(len(survivor), 1)
        self.assertEqual(lines.exists(), lines)
        self.assertEqual(lines.mapped("lead_id"), survivor)
        self.assertEqual((action["res_model"], action["res_id"]), ("crm.lead", survivor.id))

    def _won_deals(self, count):
        """``count`` won opportunities of the salesman sharing an email with
        one open one (the check's default comparison)."""
        Lead = self.env["crm.lead"]
        values = {
            "name": "Closed Dup Deal",
            "type": "opportunity",
            "email_from": "closed@dup-deal.example.com",
            "user_id": self.salesman.id,
        }
        open_deal = Lead.create(dict(values, stage_id=self.stage["demo_given"].id))
        won = Lead.browse()
        for _i in range(count):
            won |= Lead.create(dict(values, stage_id=self.stage["won"].id, probability=100))
        # a deal moved to Won without its probability (as a client may write it)
        won |= Lead.create(dict(values, stage_id=self.stage["won"].id, probability=10))
        return open_deal, won

    def test_won_deals_are_left_out_by_default(self):
        """An open deal and three won ones: no group to merge (Odoo's merge
        would keep one row and refuse)."""
        open_deal, won = self._won_deals(3)
        self.assertEqual(len(won), 4)
        check = self._check("crm.lead", ["email_from"], self.salesman)
        self.assertFalse(check.group_ids.filtered(lambda g: open_deal in g.lead_ids))
        # two open deals and the won ones: the open ones only, mergeable
        second = open_deal.copy({"name": "Closed Dup Deal bis"})
        check = self._check("crm.lead", ["email_from"], self.salesman)
        group = check.group_ids.filtered(lambda g: open_deal in g.lead_ids)
        self.assertEqual(group.lead_ids, open_deal | second)
        self.assertEqual(group.mergeable_count, 2)
        wizard = self._merge_wizard(group, self.salesman)
        self.assertEqual(wizard.opportunity_ids, open_deal | second)

    def test_won_deals_on_request_show_their_stage_and_no_merge(self):
        open_deal, won = self._won_deals(3)
        check = (
            self.env["crm.duplicate.check"]
            .sudo(self.salesman)
            .create(
                {
                    "field_ids": [(6, 0, self._fields("crm.lead", "email_from").ids)],
                    "include_closed": True,
                }
            )
        )
        check.action_check()
        group = check.group_ids.filtered(lambda g: open_deal in g.lead_ids)
        self.assertEqual(group.lead_ids, open_deal | won)
        self.assertEqual((group.record_count, group.mergeable_count), (5, 1))
        self.assertIn("Closed Dup Deal (Won)", group.closed_summary)
        with self.assertRaisesRegex(UserError, "closed deals are not merged"):
            group.action_merge()
