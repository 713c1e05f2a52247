# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models

from ..tools import position as engine
from .crm_lead import CTX_FROM_LEAD, is_internal


# one file per concern of crm.conversation (issue 19, point 6)
class CrmConversation(models.Model):
    """The opportunity side of a conversation line: a sales line logged on an
    opportunity moves it to the line's position (see ``crm_lead`` for the
    other direction)."""

    _inherit = "crm.conversation"  # pylint: disable=consider-merging-classes-inherited

    @api.multi
    def _sync_lead_stage(self):
        """Logging a sales conversation on an opportunity moves the
        opportunity to the conversation's position, so that either side can
        drive the other. Lines logged by an opportunity's move do not move it
        back (internal flag, see ``crm_lead.is_internal``). Only the
        customer's latest sales conversation moves it: re-staging an old line
        rewrites history, not the live deal."""
        if is_internal(self.env, CTX_FROM_LEAD):
            return
        for conversation in self.filtered(lambda line: line.lead_id and line.stage_id):
            if conversation._is_latest_sales_conversation():
                conversation.lead_id._apply_conversation_stage(
                    conversation.stage_id, conversation.lost_reason_id
                )

    @api.multi
    def _is_latest_sales_conversation(self):
        """Whether this line is its customer's latest sales conversation
        (one with a pipeline position), whoever logged the others: the
        pipeline engine's position, read as superuser."""
        self.ensure_one()
        scope = engine.scope(
            self.sudo(), [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        )
        current = engine.position(scope, first=False)
        self.env.cr.execute(current.query, current.params)
        row = self.env.cr.dictfetchone()
        return bool(row) and row["line_id"] == self.id
