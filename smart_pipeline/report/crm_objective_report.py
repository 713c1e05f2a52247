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
