# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, models

from ..tools import dates

# Column formats of the workbook: counts, amounts and rates stay numbers, so
# that the spreadsheet can sum and chart them.
FORMATS = {
    "title": {"bold": True, "font_size": 14},
    "section": {"bold": True, "font_size": 12},
    "header": {"bold": True, "bg_color": "#EEEEEE", "border": 1},
    "label": {"bold": True},
    "text": {},
    "integer": {"num_format": "0"},
    "decimal": {"num_format": "0.00"},
    "amount": {"num_format": "#,##0.00"},
}


class ReportCrmPipelineOverviewXlsx(models.AbstractModel):
    """The Sales Pipeline Overview as an Excel workbook (OCA report_xlsx).

    Like the PDF, each exported record is a set of filters
    (crm.pipeline.overview.print) and every figure comes from get_overview()
    (and get_flow() for the Flow sheet), so the workbook, the screen and the
    paper agree. One sheet per export: the filters used, every table of the
    screen, the flow figures and the definitions of the figures.
    """

    _name = "report.smart_pipeline.report_crm_pipeline_overview_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Sales Pipeline Overview Excel Export"

    # ------------------------------------------------------------------
    # Writing helpers, shared with the follow-up statistics export
    # ------------------------------------------------------------------

    @api.model
    def _add_formats(self, workbook):
        return {name: workbook.add_format(spec) for name, spec in FORMATS.items()}

    @api.model
    def _write_pairs(self, sheet, row, title, pairs, formats):
        """A titled block of (label, value, format) lines; returns the next
        free row (one blank row after the block)."""
        sheet.write(row, 0, title, formats["section"])
        row += 1
        for label, value, fmt in pairs:
            sheet.write(row, 0, label, formats["label"])
            sheet.write(row, 1, value, formats[fmt])
            row += 1
        return row + 1

    @api.model
    def _write_table(self, sheet, row, title, columns, records, formats):
        """A titled table: ``columns`` are (header, key, format), ``records``
        dicts. Returns the next free row (one blank row after the table)."""
        sheet.write(row, 0, title, formats["section"])
        row += 1
        for col, (header, _key, _fmt) in enumerate(columns):
            sheet.write(row, col, header, formats["header"])
        row += 1
        for record in records:
            for col, (_header, key, fmt) in enumerate(columns):
                sheet.write(row, col, record[key], formats[fmt])
            row += 1
        return row + 1

    # ------------------------------------------------------------------
    # The workbook
    # ------------------------------------------------------------------

    @api.model
    def _filter_pairs(self, doc):
        labels = doc.get_filter_labels()
        return [
            (_("Period"), labels["period"], "text"),
            (_("From"), dates.format_day(self.env, doc.date_from), "text"),
            (_("To"), dates.format_day(self.env, doc.date_to), "text"),
            (_("Reference Date"), dates.format_day(self.env, doc.reference_date), "text"),
            (_("Salespeople"), labels["salespeople"], "text"),
            (_("Sales Teams"), labels["teams"], "text"),
            (_("Timezone"), labels["timezone"], "text"),
        ]

    @api.model
    def _write_overview(self, sheet, row, overview, formats):
        row = self._write_pairs(
            sheet,
            row,
            _("Headline Figures"),
            [
                (_("In Pipeline"), overview["in_pipeline"], "integer"),
                (_("Won"), overview["won"], "integer"),
                (_("Lost"), overview["lost"], "integer"),
                (_("Win %"), overview["win_rate"], "decimal"),
                (_("New Prospects"), overview["new_prospects"], "integer"),
                (_("Avg. Days to Close"), overview["avg_days_to_close"], "decimal"),
                (_("Days before Pipeline"), overview["avg_days_before_pipeline"], "decimal"),
            ],
            formats,
        )
        row = self._write_table(
            sheet,
            row,
            _("Customers per Pipeline Stage"),
            [
                (_("Stage"), "name", "text"),
                (_("Customers"), "customers", "integer"),
                (_("In Process"), "in_process", "integer"),
                (_("Won"), "won", "integer"),
            ],
            overview["stages"],
            formats,
        )
        row = self._write_table(
            sheet,
            row,
            _("Lost Reasons"),
            [(_("Reason"), "name", "text"), (_("Customers"), "customers", "integer")],
            overview["lost_reasons"],
            formats,
        )
        row = self._write_table(
            sheet,
            row,
            _("Deals in the Pipeline"),
            [
                (_("Deals"), "count", "integer"),
                (_("Average Size"), "avg_amount", "amount"),
                (_("Total"), "total_amount", "amount"),
                (_("Weighted"), "weighted_amount", "amount"),
            ],
            [overview["deals"]],
            formats,
        )
        return self._write_table(
            sheet,
            row,
            _("Employees"),
            [
                (_("Employee"), "name", "text"),
                (_("Conversations"), "conversations", "integer"),
                (_("Minutes"), "minutes", "decimal"),
                (_("Customers"), "customers", "integer"),
                (_("Won"), "won", "integer"),
                (_("Lost"), "lost", "integer"),
                (_("Win %"), "win_rate", "decimal"),
            ],
            overview["employees"],
            formats,
        )

    @api.model
    def _write_flow(self, sheet, row, flow, formats):
        row = self._write_table(
            sheet,
            row,
            _("Flow per Stage"),
            [
                (_("Stage"), "name", "text"),
                (_("Entered"), "entered", "integer"),
                (_("Average Days"), "avg_days", "decimal"),
                (_("Median Days"), "median_days", "decimal"),
                (_("Reached"), "reached", "integer"),
                (_("Conversion %"), "conversion", "decimal"),
                (_("Stale"), "stale", "integer"),
            ],
            flow["stages"],
            formats,
        )
        velocity = flow["velocity"]
        row = self._write_pairs(
            sheet,
            row,
            _("Velocity"),
            [
                (_("Deals"), velocity["deals"], "integer"),
                (_("Average Size"), velocity["avg_amount"], "amount"),
                (_("Win %"), velocity["win_rate"], "decimal"),
                (_("Avg. Days to Close"), velocity["avg_days_to_close"], "decimal"),
                (_("Revenue per Day"), velocity["revenue_per_day"], "amount"),
                (_("Win % by Value"), flow["win_rate_value"], "decimal"),
                (_("No Next Step"), flow["no_next_step"], "integer"),
            ],
            formats,
        )
        row = self._write_table(
            sheet,
            row,
            _("Cohorts"),
            [
                (_("Month"), "month", "text"),
                (_("Customers"), "customers", "integer"),
                (_("Open"), "open", "integer"),
                (_("Won"), "won", "integer"),
                (_("Lost"), "lost", "integer"),
                (_("Win %"), "win_rate", "decimal"),
                (_("Avg. Days to Close"), "avg_days_to_close", "decimal"),
            ],
            flow["cohorts"],
            formats,
        )
        classified = [
            (_("Name"), "name", "text"),
            (_("Customers"), "customers", "integer"),
            (_("Won"), "won", "integer"),
            (_("Lost"), "lost", "integer"),
            (_("Win %"), "win_rate", "decimal"),
        ]
        row = self._write_table(sheet, row, _("By Topic"), classified, flow["by_topic"], formats)
        return self._write_table(
            sheet, row, _("By Channel"), classified, flow["by_channel"], formats
        )

    @api.model
    def generate_xlsx_report(self, workbook, data, objs):
        formats = self._add_formats(workbook)
        Overview = self.env["crm.pipeline.overview"]
        definitions = dict(Overview.get_definitions())
        # the flow engine is optional: export its figures when it is there
        has_flow = hasattr(Overview, "get_flow")
        if has_flow and hasattr(Overview, "get_flow_definitions"):
            definitions.update(Overview.get_flow_definitions())
        for index, doc in enumerate(objs, start=1):
            values = doc.get_filter_values()
            suffix = "" if len(objs) == 1 else " %d" % index
            sheet = workbook.add_worksheet((_("Overview") + suffix)[:31])
            sheet.set_column(0, 0, 34)
            sheet.set_column(1, 7, 16)
            sheet.write(0, 0, _("Sales Pipeline Overview"), formats["title"])
            row = self._write_pairs(sheet, 2, _("Filters"), self._filter_pairs(doc), formats)
            row = self._write_overview(sheet, row, Overview.get_overview(**values), formats)
            if has_flow:
                sheet = workbook.add_worksheet((_("Flow") + suffix)[:31])
                sheet.set_column(0, 0, 34)
                sheet.set_column(1, 7, 16)
                sheet.write(0, 0, _("Pipeline Flow"), formats["title"])
                self._write_flow(sheet, 2, Overview.get_flow(**values), formats)
        sheet = workbook.add_worksheet(_("Definitions")[:31])
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 120)
        for row, key in enumerate(sorted(definitions)):
            sheet.write(row, 0, key, formats["label"])
            sheet.write(row, 1, definitions[key], formats["text"])
