# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.crm_conversation import (
    MANUAL_CHANNEL_DOMAIN,
    OPPORTUNITY_DOMAIN,
    STAGE_SELECTION_DOMAIN,
)


class CrmConversationQuickAdd(models.TransientModel):
    """Log a conversation without opening the customer: from the Action menu
    of the partner list (one line per selected customer) or the CRM menu."""

    _name = "crm.conversation.quick.add"
    _inherit = ["crm.conversation.input.mixin"]
    _description = "Quick Add Conversation"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        required=True,
        default=lambda self: self._default_partner_ids(),
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="With Whom",
        domain="['|', ('id', 'in', partner_ids), ('parent_id', 'in', partner_ids)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Employee",
        required=True,
        default=lambda self: self.env.user,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        # the conversation's own defaults: a line logged here starts as one
        # logged on the customer
        default=lambda self: self.env["crm.conversation"]._default_team_id(),
    )
    date_begin = fields.Datetime(
        string="Time Begin",
        required=True,
        default=fields.Datetime.now,
    )
    duration = fields.Float(string="Duration (Minutes)", digits=(16, 2))
    note = fields.Text()
    follow_up_date = fields.Date(string="Follow Up")
    topic_id = fields.Many2one(
        "crm.conversation.topic",
        string="About",
        default=lambda self: self.env["crm.conversation"]._default_topic_id(),
    )
    logged_message = fields.Text(
        readonly=True,
        help="What was logged: the dialog shows it instead of closing silently.",
    )
    channel_id = fields.Many2one(
        "crm.conversation.channel", string="How", domain=MANUAL_CHANNEL_DOMAIN
    )
    stage_id = fields.Many2one(
        "crm.stage",
        string="Pipeline Position",
        domain=STAGE_SELECTION_DOMAIN,
    )
    pipeline_outcome = fields.Selection(related="stage_id.pipeline_outcome", readonly=True)
    lost_reason_id = fields.Many2one(
        "crm.lost.reason",
        string="Lost Reason",
        help="Why the sale was lost: required at a lost pipeline position.",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        domain=OPPORTUNITY_DOMAIN,
    )
    completed = fields.Boolean()

    @api.model
    def _default_partner_ids(self):
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            return [(6, 0, context["active_ids"])]
        return False

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id:
            self.team_id = self.env["crm.conversation"]._get_default_team(self.user_id)

    @api.onchange("stage_id")
    def _onchange_stage_id_lost_reason(self):
        if self.stage_id.pipeline_outcome != "lost":
            self.lost_reason_id = False

    @api.multi
    def _prepare_conversation_values(self, partner):
        self.ensure_one()
        values = {
            "partner_id": partner.id,
            "contact_id": self.contact_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "date_begin": self.date_begin,
            "note": self.note,
            "follow_up_date": self.follow_up_date,
            "topic_id": self.topic_id.id,
            "channel_id": self.channel_id.id,
            "stage_id": self.stage_id.id,
            "lost_reason_id": self.lost_reason_id.id,
            "lead_id": self.lead_id.id,
            "completed": self.completed,
        }
        if self.duration:
            values["duration"] = self.duration
        return values

    @api.multi
    def action_log(self):
        """Create the conversation(s) and close the dialog."""
        self.ensure_one()
        if len(self.partner_ids) > 1 and (self.contact_id or self.lead_id):
            raise UserError(
                _(
                    "Choose a contact or an opportunity only when you log a "
                    "conversation with a single customer."
                )
            )
        Conversation = self.env["crm.conversation"]
        for partner in self.partner_ids:
            Conversation.create(self._prepare_conversation_values(partner))
        self.logged_message = _("Conversation logged with %(customers)s.") % {
            "customers": ", ".join(self.partner_ids.mapped("display_name"))
        }
        # the same dialog, now saying what was logged
        return {
            "type": "ir.actions.act_window",
            "name": _("Quick Add Conversation"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
