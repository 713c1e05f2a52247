# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..models.crm_conversation_source import AUTOLOG_OFF, CTX_AUTOLOG


class MailComposeMessage(models.TransientModel):
    """Mass mailings (and posts on many documents at once) are never
    logged as conversations: one e-mail to a hundred customers is no
    conversation with any of them."""

    _inherit = "mail.compose.message"

    @api.multi
    def send_mail(self, auto_commit=False):
        if any(wizard.composition_mode in ("mass_mail", "mass_post") for wizard in self):
            self = self.with_context(**{CTX_AUTOLOG: AUTOLOG_OFF})
        return super(MailComposeMessage, self).send_mail(auto_commit=auto_commit)
