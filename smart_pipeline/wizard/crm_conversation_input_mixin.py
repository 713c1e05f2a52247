# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class CrmConversationInputMixin(models.AbstractModel):
    """Wizards that take a conversation's duration or dates refuse, like the
    conversation itself, what the ORM cannot even convert (NaN or huge
    minutes, malformed dates): a clear error naming the field instead of a
    server error, on create, write and onchange alike."""

    _name = "crm.conversation.input.mixin"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Conversation Input Checks"

    @api.model
    def create(self, vals):
        self.env["crm.conversation"]._check_input_values(vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self.env["crm.conversation"]._check_input_values(vals)
        return super().write(vals)

    @api.multi
    def onchange(self, values, field_name, field_onchange):
        self.env["crm.conversation"]._check_input_values(values)
        return super().onchange(values, field_name, field_onchange)
