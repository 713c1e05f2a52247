# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MergeOpportunity(models.TransientModel):
    """A merge opened from Check Duplicates comes back to its remaining
    groups; otherwise it ends, as in Odoo, on the surviving lead or
    opportunity (which keeps the conversations of the merged ones)."""

    _inherit = "crm.merge.opportunity"

    @api.multi
    def action_merge(self):
        self.ensure_one()
        check = self.env["crm.duplicate.check"]._from_merge_context()
        leads = self.opportunity_ids
        was_selected = bool(check and check.selected_lead_ids & leads)
        result = super().action_merge()
        survivor = leads.exists()
        if not check or len(survivor) != 1:
            return result
        return check._after_merge(survivor, was_selected)
