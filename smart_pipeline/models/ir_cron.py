# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .crm_conversation_source import AUTOLOG_CRON, CTX_AUTOLOG


class IrCron(models.Model):
    """Messages posted by a scheduled action are the system's, not a
    conversation of anybody's: the jobs run with a flag that the e-mail
    logging reads (``mail_thread._autolog_message``)."""

    _inherit = "ir.cron"

    @api.model
    def _callback(self, cron_name, server_action_id, job_id):
        self = self.with_context(**{CTX_AUTOLOG: AUTOLOG_CRON})
        return super(IrCron, self)._callback(cron_name, server_action_id, job_id)

    @api.multi
    def method_direct_trigger(self):
        self = self.with_context(**{CTX_AUTOLOG: AUTOLOG_CRON})
        return super(IrCron, self).method_direct_trigger()
