# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a conversation line names itself to the user reading it."""

from odoo import api, models

from ..tools import dates


class CrmConversation(models.Model):
    _inherit = "crm.conversation"

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        """Name the lines a line points to ("Follow-up Of") in the reader's
        timezone. Odoo 11 names the target of a many2one as the superuser
        (``Many2one.convert_to_read`` calls ``sudo().name_get()``), which
        dates it in the administrator's timezone whenever the client sends
        none (XML-RPC, a user without a timezone of their own)."""
        result = super().read(fields=fields, load=load)
        if load != "_classic_read" or self.env.context.get("tz"):
            return result
        names = [
            name
            for name in (fields or list(self._fields))
            if name in self._fields
            and self._fields[name].type == "many2one"
            and self._fields[name].comodel_name == self._name
        ]
        targets = {row[name][0] for row in result for name in names if row.get(name)}
        if not targets:
            return result
        labels = dict(
            self.browse(sorted(targets)).sudo().with_context(tz=dates.user_tz(self.env)).name_get()
        )
        for row in result:
            for name in names:
                if row.get(name):
                    row[name] = (row[name][0], labels[row[name][0]])
        return result

    @api.multi
    def get_followup_report_filename(self):
        """Name of the downloaded daily follow-up report (its
        ``print_report_name``): the report's name in the reader's language
        and the day."""
        report = self.env.ref("smart_pipeline.crm_followup_report_action")
        return "%s %s" % (report.name, dates.user_today(self.env))
