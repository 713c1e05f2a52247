# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class ReportCrmPipelineOverview(models.AbstractModel):
    """Values of the printed Sales Pipeline Overview.

    Each printed record is a set of filters; its figures come from the same
    get_overview() as the screen, so paper and screen always agree.
    """

    _name = "report.smart_pipeline.report_crm_pipeline_overview"
    _description = "Sales Pipeline Overview Report"

    @api.model
    def get_report_values(self, docids, data=None):
        docs = self.env["crm.pipeline.overview.print"].browse(docids)
        Overview = self.env["crm.pipeline.overview"]
        overviews = {doc.id: Overview.get_overview(**doc.get_filter_values()) for doc in docs}
        # the flow page: the same filters, the same engine as the Flow view
        flows = {doc.id: Overview.get_flow(**doc.get_filter_values()) for doc in docs}
        attention = {}
        for doc in docs:
            care = Overview.get_flow_attention(**doc.get_filter_values())
            # the API keys stages by string (XML-RPC dicts); QWeb looks up ids
            care["stage_ids"] = {int(key): value for key, value in care["stages"].items()}
            attention[doc.id] = care
        return {
            "doc_ids": docs.ids,
            "doc_model": "crm.pipeline.overview.print",
            "docs": docs,
            "overviews": overviews,
            "filter_labels": {doc.id: doc.get_filter_labels() for doc in docs},
            "definitions": Overview.get_definitions(),
            "flows": flows,
            "attention": attention,
            "flow_definitions": Overview.get_flow_definitions(),
            "currency": self.env.user.company_id.currency_id,
        }
