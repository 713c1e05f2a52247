# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class CrmObjectiveReport(models.AbstractModel):
    """Objectives vs. actuals PDF, printed from an objectives analysis: one
    table per objective, one row per measure and period."""

    _name = "report.smart_pipeline.crm_objective_report_document"
    _description = "Objectives vs. Actuals Report"

    @api.model
    def get_report_values(self, docids, data=None):
        analyses = self.env["crm.objective.analysis"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "crm.objective.analysis",
            "docs": analyses,
            "sections": {analysis.id: analysis._get_report_sections() for analysis in analyses},
        }


class CrmObjectiveReportObjectives(models.AbstractModel):
    """The same PDF printed from the objective list or form (Print menu): an
    analysis of the selected objectives from the start of the year to today,
    empty past periods left out."""

    _name = "report.smart_pipeline.crm_objective_report_objectives"
    _description = "Objectives vs. Actuals Report (from objectives)"

    @api.model
    def get_report_values(self, docids, data=None):
        analysis = self.env["crm.objective.analysis"].create(
            {"objective_ids": [(6, 0, docids)], "skip_empty_periods": True}
        )
        analysis._compute_lines()
        return self.env["report.smart_pipeline.crm_objective_report_document"].get_report_values(
            analysis.ids, data=data
        )
