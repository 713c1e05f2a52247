# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CrmConversationQuickAdd(models.TransientModel):
    """A conversation at a lost position needs its lost reason: let Quick Add
    give it."""

    _inherit = "crm.conversation.quick.add"

    pipeline_outcome = fields.Selection(related="stage_id.pipeline_outcome", readonly=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason")

    @api.onchange("stage_id")
    def _onchange_stage_id_lost_reason(self):
        if self.stage_id.pipeline_outcome != "lost":
            self.lost_reason_id = False

    @api.multi
    def _prepare_conversation_values(self, partner):
        values = super()._prepare_conversation_values(partner)
        values["lost_reason_id"] = self.lost_reason_id.id
        return values
