# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmLeadLost(models.TransientModel):
    """Mark Lost logs a conversation at a lost position, which needs the
    reason: the reason is no longer optional."""

    _inherit = "crm.lead.lost"

    lost_reason_id = fields.Many2one(required=True)
