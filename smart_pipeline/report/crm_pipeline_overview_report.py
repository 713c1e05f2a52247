# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import _, api, models
from odoo.tools.misc import format_date

from ..tools import dates

# the printed charts: bars drawn as plain HTML boxes, which wkhtmltopdf's old
# WebKit renders (no SVG built by a script, no canvas), in the screen's colours
TREND_CHART_HEIGHT = 110
TREND_SERIES = (
    ("in_pipeline", "#875A7B"),
    ("won", "#28a745"),
    ("lost", "#dc3545"),
)


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
        trends = {doc.id: self._get_trend_chart(doc) for doc in docs}
        funnels = {doc.id: self._get_funnel_chart(flows[doc.id]) for doc in docs}
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
            "trends": trends,
            "funnels": funnels,
            "trend_series": self._get_trend_series(),
            "flow_definitions": Overview.get_flow_definitions(),
            "currency": self.env.user.company_id.currency_id,
        }

    @api.model
    def _get_trend_series(self):
        names = {"in_pipeline": _("In Pipeline"), "won": _("Won"), "lost": _("Lost")}
        return [{"key": key, "name": names[key], "color": color} for key, color in TREND_SERIES]

    @api.model
    def _get_funnel_chart(self, flow):
        """The flow's funnel as the screen draws it: one bar per stage, its
        width the share of the widest stage's "reached"."""
        top = max([stage["reached"] for stage in flow["stages"]] or [0]) or 1
        return [
            dict(stage, width=max(0.5, round(100.0 * stage["reached"] / top, 1)))
            for stage in flow["stages"]
        ]

    @api.model
    def _get_trend_chart(self, doc):
        """The 12 months up to the printed reference day, the screen's trend
        (get_trend, same filters): per month a group of bars whose heights
        are in pixels of a TREND_CHART_HEIGHT high chart."""
        values = doc.get_filter_values()
        date_to = dates.to_date(values["reference_date"]) or dates.reference_day(self.env)
        date_from = (date_to - relativedelta(months=11)).replace(day=1)
        points = self.env["crm.pipeline.overview"].get_trend(
            date_from.strftime("%Y-%m-%d"),
            date_to.strftime("%Y-%m-%d"),
            user_ids=values["user_ids"],
            team_ids=values["team_ids"],
        )
        top = max([point[key] for point in points for key, _color in TREND_SERIES] or [0]) or 1
        return [
            {
                "label": format_date(self.env, dates.to_date(point["date"]), date_format="MMM yy"),
                "date": point["date"],
                "bars": [
                    {
                        "value": point[key],
                        "color": color,
                        "height": int(round(TREND_CHART_HEIGHT * point[key] / float(top))),
                    }
                    for key, color in TREND_SERIES
                ],
            }
            for point in points
        ]
