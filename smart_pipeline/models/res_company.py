# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.multi
    def unlink(self):
        """A company's conversations are its customer history."""
        self.env["crm.conversation"]._check_history_unlink(self, ["company_id"])
        return super().unlink()
