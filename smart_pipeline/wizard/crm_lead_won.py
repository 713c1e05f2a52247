# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import dates


class CrmLeadWon(models.TransientModel):
    """Mark Won, confirmed: a deal dropped on a won stage of the kanban (or
    clicked to it in the status bar) is only won once the salesperson
    confirms its expected revenue and closing date, the two values the
    objectives and the flow's Win % (value) read. Cancelling the dialog
    writes nothing."""

    _name = "crm.lead.won"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Confirm a won opportunity"

    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        readonly=True,
        ondelete="cascade",
        default=lambda self: self._default_lead_id(),
    )
    company_currency = fields.Many2one(
        "res.currency",
        string="Currency",
        related="lead_id.company_currency",
        readonly=True,
    )
    planned_revenue = fields.Float(
        string="Expected Revenue",
        help="The revenue of the won deal, as the objectives and the pipeline " "flow count it.",
    )
    date_closed = fields.Datetime(
        string="Closing Date",
        required=True,
        default=fields.Datetime.now,
        help="When the deal was won; not later than today.",
    )

    @api.model
    def _default_lead_id(self):
        """The opportunity the dialog was opened on (kanban drop, status
        bar): Odoo's active_id of crm.lead."""
        context = self.env.context
        if context.get("active_model", "crm.lead") == "crm.lead" and context.get("active_id"):
            return context["active_id"]
        return False

    @api.model
    def default_get(self, fields_list):
        result = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(result.get("lead_id"))
        if lead and "planned_revenue" in fields_list:
            result["planned_revenue"] = lead.planned_revenue
        return result

    @api.constrains("planned_revenue", "date_closed")
    def _check_date_closed(self):
        """A won deal is not closed in the future (the end of the user's
        today is the limit, as for conversation lines) and its revenue is
        not negative."""
        tz_name = dates.user_tz(self.env)
        today = dates.user_today(self.env)
        latest = fields.Datetime.to_string(dates.day_start_utc(today + timedelta(days=1), tz_name))
        for wizard in self:
            if wizard.date_closed >= latest:
                raise ValidationError(
                    _("%(field)s cannot be later than the end of today (%(today)s).")
                    % {
                        "field": self._fields["date_closed"].get_description(self.env)["string"],
                        "today": dates.format_day(self.env, today),
                    }
                )
            if wizard.planned_revenue < 0:
                raise ValidationError(
                    _("%(field)s cannot be negative.")
                    % {"field": self._fields["planned_revenue"].get_description(self.env)["string"]}
                )

    @api.multi
    def action_confirm_won(self):
        """Win the opportunity as Mark Won does (its won stage, the
        conversation line at the won position), with the confirmed revenue
        and closing date."""
        self.ensure_one()
        lead = self.lead_id
        if lead.type != "opportunity":
            raise UserError(_("Only opportunities can be marked won."))
        if lead.planned_revenue != self.planned_revenue:
            lead.write({"planned_revenue": self.planned_revenue})
        result = lead.action_set_won_rainbowman()
        lead.write({"date_closed": self.date_closed})
        return result
