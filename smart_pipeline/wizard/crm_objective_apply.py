# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.crm_objective_period_mixin import RECURRENCE_SELECTION


class CrmObjectiveApply(models.TransientModel):
    """Create the objectives of a configuration for several salespeople, for
    a team as a whole, or for each member of a team, in one go."""

    _name = "crm.objective.apply"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Apply an Objective Configuration"

    template_id = fields.Many2one(
        "crm.objective.template",
        string="Configuration",
        required=True,
        ondelete="cascade",
    )
    assign_to = fields.Selection(
        [
            ("users", "Salespeople"),
            ("team", "A team as a whole"),
            ("team_members", "Each member of a team"),
        ],
        required=True,
        default="users",
    )
    user_ids = fields.Many2many("res.users", string="Salespeople")
    team_id = fields.Many2one("crm.team", string="Sales Team")
    name = fields.Char(
        string="Objective Name",
        help="Name of the objectives created; the configuration's name when left empty.",
    )
    period_type = fields.Selection(
        related="template_id.period_type",
        readonly=True,
    )
    recurrence = fields.Selection(
        RECURRENCE_SELECTION,
        related="template_id.recurrence",
        readonly=True,
    )
    date_start = fields.Date(string="Start Date", required=True)
    date_end = fields.Date(
        string="End Date",
        help="Required for a date range; optional end of a recurrence.",
    )

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.template_id and not self.name:
            self.name = self.template_id.name

    @api.multi
    def action_apply(self):
        """Create one objective per assignee, with the configuration's
        measures and targets, and show them."""
        self.ensure_one()
        objective_model = self.env["crm.objective"]
        objectives = objective_model.browse()
        for assignee in self._get_assignee_values():
            values = dict(assignee, **self._get_objective_values())
            objectives |= objective_model.create(values)
        action = self.env.ref("smart_pipeline.crm_objective_action").read()[0]
        action["domain"] = [("id", "in", objectives.ids)]
        action["context"] = {}
        return action

    @api.multi
    def _get_assignee_values(self):
        self.ensure_one()
        if self.assign_to == "users":
            if not self.user_ids:
                raise UserError(_("Select at least one salesperson."))
            return [{"user_id": user.id, "team_id": False} for user in self.user_ids]
        if not self.team_id:
            raise UserError(_("Select the sales team."))
        if self.assign_to == "team":
            return [{"user_id": False, "team_id": self.team_id.id}]
        if not self.team_id.member_ids:
            raise UserError(_("Sales team %(team)s has no members.") % {"team": self.team_id.name})
        return [{"user_id": user.id, "team_id": False} for user in self.team_id.member_ids]

    @api.multi
    def _get_objective_values(self):
        self.ensure_one()
        template = self.template_id
        return {
            "name": self.name or template.name,
            "template_id": template.id,
            "period_type": template.period_type,
            "recurrence": template.recurrence if template.period_type == "recurring" else False,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "company_id": template.company_id.id
            or self.env["res.company"]._company_default_get("crm.objective").id,
            "line_ids": [(0, 0, line._get_measure_values()) for line in template.line_ids],
        }
