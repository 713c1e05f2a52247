# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    @api.multi
    def unlink(self):
        """Lost reasons explain the lost deals of the pipeline overview."""
        self.env["crm.conversation"]._check_history_unlink(self, ["lost_reason_id"])
        return super().unlink()
