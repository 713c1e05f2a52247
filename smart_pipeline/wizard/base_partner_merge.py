# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MergePartnerAutomatic(models.TransientModel):
    """Merging partners moves every conversation line to the surviving
    partner (Odoo rewrites every foreign key); the lines' commercial entity is
    then the survivor's, which may be a contact of a company."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        result = super()._merge(partner_ids, dst_partner=dst_partner)
        survivors = partners.exists()
        if survivors:
            survivors._sync_conversation_commercial_partner()
        return result

    @api.multi
    def action_merge(self):
        """A merge of chosen contacts ends on the surviving contact, or on
        the remaining groups of the Check Duplicates it came from, instead of
        Odoo's empty end screen ("Maximum of Group of Contacts 0")."""
        check = self.env["crm.duplicate.check"]._from_merge_context()
        partners = self.partner_ids
        was_selected = bool(check and check.selected_partner_ids & partners)
        result = super().action_merge()
        survivor = partners.exists()
        if len(survivor) != 1 or self.state != "finished":
            return result
        if check:
            return check._after_merge(survivor, was_selected)
        return survivor.get_formview_action()
