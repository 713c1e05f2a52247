# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dates
from ..tools import filters as pipeline_filters
from ..tools.filters import PERIOD_SELECTION


class CrmPipelineOverviewPrint(models.TransientModel):
    """The filters of a printed Sales Pipeline Overview.

    A QWeb report prints records: the screen stores the filters it shows in
    one of these and prints it; the figures come from
    crm.pipeline.overview.get_overview(), as on the screen.
    """

    _name = "crm.pipeline.overview.print"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Print the Sales Pipeline Overview"

    period = fields.Selection(
        PERIOD_SELECTION,
        required=True,
        default="year",
    )
    date_from = fields.Date(
        string="From",
        help="First day of the period (in your timezone); empty: no lower bound.",
    )
    date_to = fields.Date(
        string="To",
        help="Last day of the period, included; empty: no upper bound.",
    )
    reference_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="New prospects are counted in the calendar month of this day.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        help="Only conversations of these employees; empty: everybody.",
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        help="Only conversations of these sales teams; empty: every team.",
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from and wizard.date_to and wizard.date_from > wizard.date_to:
                raise ValidationError(_("The start of the period must be before its end."))

    @api.onchange("period", "reference_date")
    def _onchange_period(self):
        if self.period != "custom":
            self.date_from, self.date_to = self._period_dates(self.period, self.reference_date)

    @api.model
    def create(self, vals):
        """Fill the period's dates when a client only gives the period."""
        period = vals.get("period", "year")
        if period != "custom" and not (vals.get("date_from") or vals.get("date_to")):
            vals["date_from"], vals["date_to"] = self._period_dates(
                period, vals.get("reference_date")
            )
        return super().create(vals)

    @api.model
    def _period_dates(self, period, reference_date):
        """The first and last day of a named period around the reference
        day, as the screen computes them (``tools/filters.py``)."""
        bounds = pipeline_filters.period(self.env, period, reference_date)
        return bounds["date_from"], bounds["date_to"]

    @api.multi
    def get_report_filename(self):
        """Name of the downloaded PDF and Excel files (the reports'
        ``print_report_name``), in the reader's language."""
        self.ensure_one()
        return "%s %s" % (_("Sales Pipeline Overview"), dates.user_today(self.env))

    @api.multi
    def action_print(self):
        self.ensure_one()
        return self.env.ref("smart_pipeline.crm_pipeline_overview_report_action").report_action(
            self, config=False
        )

    @api.multi
    def action_export_xlsx(self):
        """The same figures as an Excel workbook (OCA report_xlsx)."""
        self.ensure_one()
        return self.env.ref("smart_pipeline.crm_pipeline_overview_xlsx_action").report_action(
            self, config=False
        )

    @api.multi
    def get_filter_values(self):
        """Keyword arguments of get_overview() for the filters of a record."""
        self.ensure_one()
        return {
            "date_from": self.date_from or False,
            "date_to": self.date_to or False,
            "user_ids": self.user_ids.ids or False,
            "team_ids": self.team_ids.ids or False,
            "reference_date": self.reference_date or False,
        }

    @api.multi
    def get_filter_labels(self):
        """The filters of a record as the printed and Excel reports show
        them: both read them here, so paper and workbook say the same."""
        self.ensure_one()
        period = pipeline_filters.period_labels(self.env).get(self.period)
        return {
            "period": period,
            "salespeople": ", ".join(self.user_ids.mapped("name")) or _("All salespeople"),
            "teams": ", ".join(self.team_ids.mapped("name")) or _("All teams"),
            "timezone": dates.user_tz(self.env),
        }
