# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dates


class CrmFollowupReportWizard(models.TransientModel):
    """Options of the printed daily follow-up report.

    The day decides which follow-ups are due or overdue; the period only
    feeds the statistics section, so a manager can print "who to call
    tomorrow" together with "how did each of us do this month".
    """

    _name = "crm.followup.report.wizard"
    _description = "Print Daily Follow-up Report"

    date = fields.Date(
        string="Day",
        required=True,
        default=fields.Date.context_today,
        help="Follow-ups due on this day, and those overdue by then, are listed.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Employees",
        help="Leave empty to print every employee you can see.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team")
    date_from = fields.Date(
        string="Statistics From",
        required=True,
        default=lambda self: self._default_date_from(),
    )
    date_to = fields.Date(string="Statistics To", required=True, default=fields.Date.context_today)

    @api.model
    def _default_date_from(self):
        first_day, _last_day = dates.period_bounds("month", dates.user_today(self.env))
        return fields.Date.to_string(first_day)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(_("The statistics period must end after it starts."))

    @api.multi
    def _prepare_report_data(self):
        self.ensure_one()
        return {
            "date": self.date,
            "user_ids": self.user_ids.ids,
            "team_id": self.team_id.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }

    @api.multi
    def get_report_filename(self):
        """Name of the downloaded Excel file (the report's
        ``print_report_name``), in the reader's language."""
        self.ensure_one()
        return "%s %s" % (_("Follow-up Statistics"), dates.user_today(self.env))

    @api.multi
    def action_print(self):
        self.ensure_one()
        return self.env.ref("smart_pipeline.crm_followup_report_action").report_action(
            [], data=self._prepare_report_data()
        )

    @api.multi
    def action_export_xlsx(self):
        """The statistics of the period per employee as an Excel workbook."""
        self.ensure_one()
        return self.env.ref("smart_pipeline.crm_followup_statistics_xlsx_action").report_action(
            self, config=False
        )
