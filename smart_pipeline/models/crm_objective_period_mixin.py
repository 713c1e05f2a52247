# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PERIOD_TYPE_SELECTION = [("range", "Date range"), ("recurring", "Recurring")]

RECURRENCE_SELECTION = [
    ("daily", "Daily"),
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("yearly", "Yearly"),
]

# One step of each recurrence, and a lower bound of its length in days used to
# jump close to a date without walking every occurrence since the start.
RECURRENCE_STEPS = {
    "daily": (relativedelta(days=1), 1),
    "weekly": (relativedelta(weeks=1), 7),
    "monthly": (relativedelta(months=1), 28),
    "quarterly": (relativedelta(months=3), 89),
    "yearly": (relativedelta(years=1), 365),
}


class CrmObjectivePeriodMixin(models.AbstractModel):
    """The kind of period of an objective: shared by objectives and by the
    configurations they are created from, so that both accept exactly the
    same periods and a configuration always yields a valid objective."""

    _name = "crm.objective.period.mixin"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Commercial Objective Period"

    period_type = fields.Selection(
        PERIOD_TYPE_SELECTION,
        string="Period",
        required=True,
        default="range",
    )
    recurrence = fields.Selection(
        RECURRENCE_SELECTION,
        help="Length of each period, counted from the start date.",
    )

    @api.constrains("period_type", "recurrence")
    def _check_recurrence(self):
        for record in self:
            if record.period_type == "recurring" and not record.recurrence:
                raise ValidationError(
                    _(
                        "%(name)s is recurring: choose how often it repeats "
                        "(daily, weekly, monthly, quarterly or yearly)."
                    )
                    % {"name": record.name}
                )

    @api.onchange("period_type")
    def _onchange_period_type(self):
        if self.period_type == "range":
            self.recurrence = False
        elif not self.recurrence:
            self.recurrence = "monthly"
