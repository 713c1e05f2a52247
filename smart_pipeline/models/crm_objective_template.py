# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmObjectiveTemplate(models.Model):
    """Objective configuration: measures, targets and period kind that a
    sales manager applies to several salespeople or to a team in one go."""

    _name = "crm.objective.template"
    _description = "Commercial Objective Configuration"
    _inherit = ["crm.objective.period.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    period_type = fields.Selection(default="recurring")
    recurrence = fields.Selection(default="monthly")
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        default=lambda self: self.env["res.company"]._company_default_get("crm.objective.template"),
    )
    line_ids = fields.One2many(
        "crm.objective.template.line",
        "template_id",
        string="Measures",
        copy=True,
    )
    objective_ids = fields.One2many(
        "crm.objective",
        "template_id",
        string="Objectives",
        readonly=True,
    )
    objective_count = fields.Integer(compute="_compute_objective_count")
    note = fields.Text()

    def _compute_objective_count(self):
        groups = self.env["crm.objective"].read_group(
            [("template_id", "in", self.ids)], ["template_id"], ["template_id"]
        )
        counts = {group["template_id"][0]: group["template_id_count"] for group in groups}
        for template in self:
            template.objective_count = counts.get(template.id, 0)

    @api.constrains("line_ids", "name")
    def _check_line_ids(self):
        """Checked with the name too, which every creation sets, so that a
        configuration cannot be saved without anything to measure."""
        for template in self:
            if not template.line_ids:
                raise ValidationError(
                    _("Configuration %(name)s needs at least one measure and target.")
                    % {"name": template.name}
                )

    @api.multi
    def action_apply(self):
        """Open the wizard that creates objectives from this configuration."""
        self.ensure_one()
        action = self.env.ref("smart_pipeline.crm_objective_apply_action").read()[0]
        action["context"] = {"default_template_id": self.id}
        return action

    @api.multi
    def action_view_objectives(self):
        self.ensure_one()
        action = self.env.ref("smart_pipeline.crm_objective_action").read()[0]
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {"default_template_id": self.id}
        return action
