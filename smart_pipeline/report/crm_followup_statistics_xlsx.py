# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, models

from ..tools import dates


class ReportCrmFollowupStatisticsXlsx(models.AbstractModel):
    """The follow-up statistics per employee as an Excel workbook.

    Exported from the "Print Daily Follow-up Report" dialog (Download Excel):
    the same per-employee figures and total as the statistics section of the
    PDF, from the same read_group (report.smart_pipeline.
    report_crm_followup_daily._get_statistics), for the dialog's period,
    employees and team, as the current user (record rules apply).
    """

    _name = "report.smart_pipeline.report_crm_followup_statistics_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Follow-up Statistics Excel Export"

    @api.model
    def _columns(self):
        return [
            (_("Employee"), "employee", "text"),
            (_("Conversations"), "nbr_conversations", "integer"),
            (_("Minutes Spent"), "duration", "decimal"),
            (_("Follow-ups Scheduled"), "nbr_follow_ups", "integer"),
            (_("Follow-ups Completed"), "nbr_follow_ups_done", "integer"),
            (_("Overdue Now"), "nbr_follow_ups_overdue", "integer"),
            (_("On Time (%)"), "on_time_rate", "decimal"),
            (_("Average Days Late"), "days_late", "decimal"),
        ]

    @api.model
    def generate_xlsx_report(self, workbook, data, objs):
        writer = self.env["report.smart_pipeline.report_crm_pipeline_overview_xlsx"]
        formats = writer._add_formats(workbook)
        Daily = self.env["report.smart_pipeline.report_crm_followup_daily"]
        for index, wizard in enumerate(objs, start=1):
            suffix = "" if len(objs) == 1 else " %d" % index
            sheet = workbook.add_worksheet((_("Follow-up Statistics") + suffix)[:31])
            sheet.set_column(0, 0, 30)
            sheet.set_column(1, 7, 18)
            sheet.write(0, 0, _("Follow-up Statistics"), formats["title"])
            filters = [
                (_("Statistics From"), dates.format_day(self.env, wizard.date_from), "text"),
                (_("Statistics To"), dates.format_day(self.env, wizard.date_to), "text"),
                (_("Sales Team"), wizard.team_id.name or _("All teams"), "text"),
                (
                    _("Employees"),
                    ", ".join(wizard.user_ids.mapped("name")) or _("All salespeople"),
                    "text",
                ),
            ]
            row = writer._write_pairs(sheet, 2, _("Filters"), filters, formats)
            statistics = Daily._get_statistics(
                wizard.date_from,
                wizard.date_to,
                wizard.user_ids.ids or None,
                wizard.team_id.id,
            )
            rows = []
            for line in statistics["lines"] + (
                [dict(statistics["total"], user=None)] if statistics["total"] else []
            ):
                # a rate without follow-ups to measure stays empty, not 0
                record = {
                    key: "" if line.get(key) is None or line.get(key) is False else line[key]
                    for _label, key, _fmt in self._columns()
                }
                record["employee"] = line["user"].name if line["user"] else _("Total")
                rows.append(record)
            writer._write_table(sheet, row, _("Per Employee"), self._columns(), rows, formats)
