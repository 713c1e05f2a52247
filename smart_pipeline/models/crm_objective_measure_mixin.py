# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

MEASURE_SELECTION = [
    ("won_amount", "Amount of won opportunities"),
    ("opportunity_created", "Opportunities created"),
    ("opportunity_won", "Opportunities won"),
    ("conversation_count", "Conversations logged"),
    ("conversation_minutes", "Minutes in conversations"),
    ("meeting_count", "Meetings attended"),
    ("new_prospect_count", "New prospects"),
]

# Measures counted on conversation lines, the only ones a channel or the
# "sales conversations only" option can narrow down.
CONVERSATION_MEASURES = ("conversation_count", "conversation_minutes")


class CrmObjectiveMeasureMixin(models.AbstractModel):
    """A measure and its target, shared by objective lines and by the lines
    of the configurations they are created from, so that both accept exactly
    the same input."""

    _name = "crm.objective.measure.mixin"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Commercial Objective Measure and Target"

    sequence = fields.Integer(default=10)
    name = fields.Char(compute="_compute_name", string="Description")
    measure = fields.Selection(MEASURE_SELECTION, required=True)
    channel_id = fields.Many2one(
        "crm.conversation.channel",
        string="Channel",
        ondelete="restrict",
        help="Count only conversations held through this channel, e.g. telephone calls.",
    )
    sales_only = fields.Boolean(
        string="Sales Conversations Only",
        help="Count only conversations logged at a position of the sales pipeline.",
    )
    target = fields.Float(
        required=True,
        help="Value to reach in each period of the objective.",
    )

    @api.depends("measure", "channel_id.name", "sales_only")
    def _compute_name(self):
        labels = dict(self._fields["measure"]._description_selection(self.env))
        for line in self:
            name = labels.get(line.measure, "")
            details = []
            if line.channel_id:
                details.append(line.channel_id.name)
            if line.sales_only:
                details.append(_("sales only"))
            if details:
                name = "%s (%s)" % (name, ", ".join(details))
            line.name = name

    @api.constrains("target")
    def _check_target(self):
        for line in self:
            if float_compare(line.target, 0.0, precision_digits=6) <= 0:
                raise ValidationError(
                    _("The target of %(measure)s must be greater than zero (%(target)s given).")
                    % {"measure": line.name, "target": line.target}
                )

    @api.constrains("measure", "channel_id", "sales_only")
    def _check_conversation_filters(self):
        for line in self:
            if line.measure in CONVERSATION_MEASURES:
                continue
            if line.channel_id or line.sales_only:
                raise ValidationError(
                    _(
                        "%(measure)s is not counted on conversations: a channel "
                        "or 'sales conversations only' filter cannot apply to it."
                    )
                    % {"measure": line.name}
                )

    @api.onchange("measure")
    def _onchange_measure(self):
        if self.measure not in CONVERSATION_MEASURES:
            self.channel_id = False
            self.sales_only = False

    @api.multi
    def _get_measure_values(self):
        """Values that copy the measure and target to another line."""
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "measure": self.measure,
            "channel_id": self.channel_id.id,
            "sales_only": self.sales_only,
            "target": self.target,
        }
