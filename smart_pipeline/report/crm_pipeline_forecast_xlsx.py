# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, models


class ReportCrmPipelineOverviewXlsx(models.AbstractModel):
    """The Forecast sheet of the overview's Excel download: get_forecast()
    with the filters of the exported record, its definitions below."""

    # one concern per file: the forecast sheet beside the overview's own
    _inherit = "report.smart_pipeline.report_crm_pipeline_overview_xlsx"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _write_forecast(self, sheet, row, forecast, formats):
        row = self._write_table(
            sheet,
            row,
            _("Months"),
            [
                (_("Month"), "month", "text"),
                (_("Open"), "open_count", "integer"),
                (_("Expected Revenue"), "expected_revenue", "amount"),
                (_("Weighted Revenue"), "weighted_revenue", "amount"),
                (_("Won"), "won_count", "integer"),
                (_("Won Revenue"), "won_revenue", "amount"),
                (_("Objective"), "target", "amount"),
            ],
            forecast["months"],
            formats,
        )
        boxes = [
            dict(forecast["overdue"], name=_("Overdue")),
            dict(forecast["undated"], name=_("No Expected Closing")),
            dict(
                forecast["pushed"],
                name=_("Pushed in the Period"),
                expected_revenue=forecast["pushed"]["revenue"],
                weighted_revenue="",
            ),
        ]
        row = self._write_table(
            sheet,
            row,
            _("Open Opportunities"),
            [
                (_("Opportunities"), "name", "text"),
                (_("Count"), "count", "integer"),
                (_("Expected Revenue"), "expected_revenue", "amount"),
                (_("Weighted Revenue"), "weighted_revenue", "amount"),
            ],
            boxes,
            formats,
        )
        stages = [
            dict(
                stage,
                history_probability=(
                    "" if stage["history_probability"] is False else stage["history_probability"]
                ),
            )
            for stage in forecast["stages"]
        ]
        return self._write_table(
            sheet,
            row,
            _("Stages"),
            [
                (_("Stage"), "name", "text"),
                (_("Stage Probability %"), "manual_probability", "decimal"),
                (_("History Probability %"), "history_probability", "decimal"),
                (_("Decided Customers"), "history_customers", "integer"),
            ],
            stages,
            formats,
        )

    @api.model
    def generate_xlsx_report(self, workbook, data, objs):
        result = super().generate_xlsx_report(workbook, data, objs)
        formats = self._add_formats(workbook)
        Overview = self.env["crm.pipeline.overview"]
        for index, doc in enumerate(objs, start=1):
            suffix = "" if len(objs) == 1 else " %d" % index
            sheet = workbook.add_worksheet((_("Forecast") + suffix)[:31])
            sheet.set_column(0, 0, 34)
            sheet.set_column(1, 7, 18)
            sheet.write(0, 0, _("Sales Forecast"), formats["title"])
            row = self._write_pairs(sheet, 2, _("Filters"), self._filter_pairs(doc), formats)
            forecast = Overview.get_forecast(**doc.get_filter_values())
            row = self._write_forecast(sheet, row, forecast, formats)
            definitions = Overview.get_forecast_definitions()
            row = self._write_pairs(
                sheet,
                row,
                _("Definitions"),
                [(key, definitions[key], "text") for key in sorted(definitions)],
                formats,
            )
        return result
