# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.tools.misc import format_date

from ..tools import dates


class ReportCrmPipelineOverview(models.AbstractModel):
    """The Forecast page of the printed overview: the same get_forecast()
    as the Forecast view, with the filters of the printed record."""

    # one concern per file: the forecast page beside the overview's own
    _inherit = "report.smart_pipeline.report_crm_pipeline_overview"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def get_report_values(self, docids, data=None):
        values = super().get_report_values(docids, data=data)
        Overview = self.env["crm.pipeline.overview"]
        values["forecasts"] = {
            doc.id: Overview.get_forecast(**doc.get_filter_values()) for doc in values["docs"]
        }
        values["forecast_definitions"] = Overview.get_forecast_definitions()
        # "March 2026" in the reader's language, as the Forecast view shows it
        values["forecast_month_labels"] = {
            month["month"]: format_date(
                self.env, dates.to_date(month["month"] + "-01"), date_format="MMMM y"
            )
            for forecast in values["forecasts"].values()
            for month in forecast["months"]
        }
        return values
