# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class IrModelFields(models.Model):
    _inherit = "ir.model.fields"

    @api.multi
    def name_get(self):
        """Fields picked in a screen about one model (Check Duplicates) are
        named by their label alone, without Odoo's technical "(crm.lead)"
        suffix. The context key only changes how names read."""
        if not self.env.context.get("field_label_only"):
            return super().name_get()
        return [(field.id, field.field_description) for field in self]
