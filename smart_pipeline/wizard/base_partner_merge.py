# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


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
