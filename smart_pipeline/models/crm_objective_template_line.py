# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class CrmObjectiveTemplateLine(models.Model):
    """Measure and target copied to each objective created from the
    configuration."""

    _name = "crm.objective.template.line"
    _inherit = ["crm.objective.measure.mixin"]
    _description = "Commercial Objective Configuration Measure"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "crm.objective.template",
        string="Configuration",
        required=True,
        index=True,
        ondelete="cascade",
    )
