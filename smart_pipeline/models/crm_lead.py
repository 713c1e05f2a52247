# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import dates
from .crm_stage import CLOSED_OUTCOMES

# Context keys that stop the opportunity <-> conversation sync from looping.
CTX_FROM_CONVERSATION = "pipeline_from_conversation"
CTX_FROM_LEAD = "pipeline_from_lead"


class _InternalFlag(str):
    """The value of the sync keys above. A client can put any key in the
    context of an RPC call, but only plain data (XML-RPC and JSON carry no
    Python objects): a key it forges never holds this object, so it never
    switches a business rule off. A str subclass, so that a context holding
    it can still be serialised."""


INTERNAL = _InternalFlag("internal")


def is_internal(env, key):
    """Whether server code (never a client) set the sync flag ``key``."""
    return env.context.get(key) is INTERNAL


class CrmLead(models.Model):
    """Opportunities feed the conversation pipeline: every move to another
    stage is logged as a conversation line on the customer."""

    _inherit = "crm.lead"

    pipeline_outcome = fields.Selection(
        related="stage_id.pipeline_outcome",
        string="Outcome",
        readonly=True,
    )
    call_rejection = fields.Boolean(
        help="The contact does not want to be called.",
    )
    email_rejection = fields.Boolean(
        help="The contact does not want to receive emails.",
    )
    referent_id = fields.Many2one(
        "res.partner",
        string="Referent",
        ondelete="set null",
        index=True,
        help="Who referred this lead to you (word of mouth). Odoo's free-text "
        "Referred By follows it, so there is one referent.",
    )
    conversation_ids = fields.One2many(
        "crm.conversation",
        "lead_id",
        string="Conversations",
    )
    conversation_count = fields.Integer(compute="_compute_conversation_count")
    list_color = fields.Selection(
        [
            ("black", "New"),
            ("blue", "Older than 7 days"),
            ("orange", "Closing within 15 days"),
            ("red", "Closing within 7 days"),
            ("won", "Won"),
            ("lost", "Lost"),
        ],
        compute="_compute_list_color",
        help="Colour of the row in the opportunity list.",
    )
    kanban_edge_color = fields.Selection(
        [
            ("red", "Up to 25 %"),
            ("orange", "25 to 50 %"),
            ("black", "50 to 75 %"),
            ("green", "75 % and more"),
        ],
        compute="_compute_kanban_edge_color",
        help="Colour of the left edge of the kanban card, by probability.",
    )

    stale_days = fields.Integer(
        string="Idle Days",
        compute="_compute_stale_days",
        help="Days this open opportunity has been idle in its stage, since "
        "its stage last changed or its latest conversation, whichever is "
        "later, when longer than the stage's rotting days; 0 otherwise.",
    )

    @api.multi
    def _compute_stale_days(self):
        """The deal's own age in its stage, not its customer's: a deal
        created a minute ago is not stale because its customer is. The
        latest conversation of each deal comes from one query over all its
        lines (whoever logged them: the deal was worked on; only a number of
        days is shown).

        Not a customer's position (``tools/position.py``): the latest line
        of the opportunity itself, of any kind (a sales line or not), and
        only its date, which no tie-break changes."""
        last_lines = {}
        if self.ids:
            self.env.cr.execute(
                "SELECT lead_id, MAX(date_begin) FROM crm_conversation"
                " WHERE lead_id = ANY(%s) GROUP BY lead_id",
                (list(self.ids),),
            )
            last_lines = dict(self.env.cr.fetchall())
        reference = dates.reference_day(self.env)
        tz_name = dates.user_tz(self.env)
        for lead in self:
            stage = lead.stage_id
            lead.stale_days = 0
            if not lead.active or not stage.rotting_days or stage.pipeline_outcome != "open":
                continue
            moments = [
                moment
                for moment in (
                    lead.date_last_stage_update or lead.create_date,
                    last_lines.get(lead.id),
                )
                if moment
            ]
            if not moments:
                continue
            idle = (reference - dates.utc_to_local_day(max(moments), tz_name)).days
            if idle > stage.rotting_days:
                lead.stale_days = idle

    @api.multi
    def _compute_conversation_count(self):
        """The lines the smart button opens: those of the opportunity the
        user may read (colleagues' too with the shared customer history)."""
        Conversation = self.env["crm.conversation"]
        groups = Conversation.read_group(
            [("lead_id", "in", self.ids)],
            ["lead_id"],
            ["lead_id"],
        )
        counts = {group["lead_id"][0]: group["lead_id_count"] for group in groups}
        for lead in self:
            lead.conversation_count = counts.get(lead.id, 0)

    @api.multi
    def _compute_list_color(self):
        today = dates.reference_day(self.env)
        for lead in self:
            lead.list_color = lead._get_list_color(today)

    @api.depends("probability")
    def _compute_kanban_edge_color(self):
        for lead in self:
            if lead.probability <= 25:
                lead.kanban_edge_color = "red"
            elif lead.probability < 50:
                lead.kanban_edge_color = "orange"
            elif lead.probability < 75:
                lead.kanban_edge_color = "black"
            else:
                lead.kanban_edge_color = "green"

    @api.multi
    def _get_list_color(self, today):
        """Colour of the list row on ``today`` (a date).

        Closed deals first (won green, lost red), then the expected closing
        date (red under 7 days, orange under 15), then age (blue after 7
        days), else black."""
        self.ensure_one()
        if self.pipeline_outcome == "won" or self.probability >= 100:
            return "won"
        if self.pipeline_outcome == "lost" or (not self.active and not self.probability):
            return "lost"
        if self.date_deadline:
            deadline = fields.Date.from_string(self.date_deadline)
            days_left = (deadline - today).days
            if days_left < 7:
                return "red"
            if days_left < 15:
                return "orange"
        if self.create_date:
            created = fields.Datetime.from_string(self.create_date).date()
            if (today - created).days > 7:
                return "blue"
        return "black"

    @api.multi
    def _check_lost_reason(self, lost_reason_id=False):
        """A lost opportunity with a customer logs a conversation at a lost
        position, which needs a lost reason: refuse before changing anything."""
        missing = self._filter_pipeline_loggable().filtered(
            lambda lead: not (lost_reason_id or lead.lost_reason)
        )
        if missing:
            raise UserError(
                _(
                    "Opportunity %(name)s needs a lost reason: use Mark Lost "
                    "and choose why the deal was lost."
                )
                % {"name": missing[0].name}
            )

    @api.model
    def _prepare_referred(self, vals):
        """Odoo's free-text "Referred By" follows the referent: one referent,
        still found by Odoo's own filters and reports."""
        if "referent_id" in vals:
            referent = self.env["res.partner"].browse(vals["referent_id"])
            vals["referred"] = referent.name or False

    @api.multi
    def _is_closed_deal(self):
        """Won or lost: at a won or lost stage of the pipeline, or lost the
        way Odoo loses a deal of a team without a lost stage (archived at 0
        %)."""
        self.ensure_one()
        return self.stage_id.pipeline_outcome in CLOSED_OUTCOMES or (
            not self.active and not self.probability
        )

    @api.multi
    def _ensure_date_closed(self):
        """Every won or lost deal has its closing date, whatever path closed
        it: Odoo's crm sets it only when the probability reaches 100 or the
        deal is archived, and clears it whenever a probability is written, so
        moving a deal archived by Mark Lost to the lost stage (0 %) erased it
        and the flow's Win % (value) left the deal out. A closing date given
        with the write (the Mark Won dialog) is kept; an empty one is
        replaced by now."""
        missing = self.filtered(lambda lead: not lead.date_closed and lead._is_closed_deal())
        if missing:
            # super: only the date, no stage logic, no loop through write()
            return super(CrmLead, missing).write({"date_closed": fields.Datetime.now()})
        return True

    @api.model
    def create(self, vals):
        self._prepare_referred(vals)
        lead = super().create(vals)
        lead._ensure_date_closed()
        return lead

    @api.multi
    def write(self, vals):
        self._prepare_referred(vals)
        if not vals.get("stage_id") or is_internal(self.env, CTX_FROM_CONVERSATION):
            res = super().write(vals)
            self._ensure_date_closed()
            return res
        stage = self.env["crm.stage"].browse(vals["stage_id"])
        moved = self.filtered(lambda lead: lead.stage_id != stage)
        if stage.pipeline_outcome == "lost":
            moved._check_lost_reason(vals.get("lost_reason"))
        res = super().write(vals)
        self._ensure_date_closed()
        moved._log_pipeline_conversation()
        return res

    @api.multi
    def action_set_won(self):
        """Move to the won stage of the pipeline rather than to the first
        stage at 100 %; Odoo's rule stays the fallback for opportunities
        whose sales team sees no won stage."""
        fallback = self.browse()
        for lead in self:
            stage = lead._stage_find(domain=[("pipeline_outcome", "=", "won")])
            if stage:
                lead.write({"stage_id": stage.id, "probability": 100})
            else:
                fallback |= lead
        if fallback:
            return super(CrmLead, fallback).action_set_won()
        return True

    @api.multi
    def action_set_lost(self):
        """Lost opportunities are archived by Odoo; they also move to the
        lost stage, so that the customer's pipeline shows the loss."""
        self._check_lost_reason()
        res = super().action_set_lost()
        for lead in self:
            stage = lead._stage_find(domain=[("pipeline_outcome", "=", "lost")])
            if stage and lead.stage_id != stage:
                lead.write({"stage_id": stage.id})
        return res

    @api.multi
    def merge_dependences(self, opportunities):
        """Conversations of merged opportunities follow the surviving one,
        without moving it to their positions."""
        res = super().merge_dependences(opportunities)
        # sudo: the lines of colleagues follow the merge the user may make
        conversations = (
            self.env["crm.conversation"]
            .sudo()
            .with_context(**{CTX_FROM_LEAD: INTERNAL})
            .search(
                [
                    ("lead_id", "in", (opportunities - self).ids),
                    ("commercial_partner_id", "=", self.partner_id.commercial_partner_id.id),
                ]
            )
        )
        # lines of another customer lose the link when their opportunity is
        # deleted by the merge: a line only follows its customer's deals
        conversations.write({"lead_id": self.id})
        return res

    @api.multi
    def action_log_conversation(self):
        """The composer on this opportunity's customer, linked to it, at its
        current position (logging it does not move the opportunity)."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                _("Opportunity %(name)s has no customer to log a conversation with.")
                % {"name": self.name}
            )
        return self.env["crm.conversation"]._composer_action(
            {
                "partner_id": self.partner_id.id,
                "lead_id": self.id,
                "stage_id": self.stage_id.id,
            }
        )

    @api.multi
    def action_view_conversations(self):
        self.ensure_one()
        action = self.env.ref("smart_pipeline.crm_conversation_action").read()[0]
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_stage_id": self.stage_id.id,
        }
        return action

    @api.multi
    def _filter_pipeline_loggable(self):
        """Opportunities whose moves are logged: those with a customer."""
        return self.filtered(lambda lead: lead.partner_id and lead.type == "opportunity")

    @api.multi
    def _prepare_pipeline_conversation_values(self):
        self.ensure_one()
        channel = self.env.ref(
            "smart_pipeline.crm_conversation_channel_pipeline_update",
            raise_if_not_found=False,
        )
        topic = self.env.ref(
            "smart_pipeline.crm_conversation_topic_sales", raise_if_not_found=False
        )
        values = {
            "partner_id": self.partner_id.id,
            "lead_id": self.id,
            "stage_id": self.stage_id.id,
            "user_id": self.env.uid,
            "team_id": self.team_id.id,
            "company_id": (self.company_id or self.env.user.company_id).id,
            "channel_id": channel.id if channel else False,
            "topic_id": topic.id if topic else False,
            "date_begin": fields.Datetime.now(),
            "completed": True,
            "note": _("Opportunity %(name)s moved to %(stage)s.")
            % {"name": self.name, "stage": self.stage_id.name},
        }
        if self.stage_id.pipeline_outcome == "lost":
            values["lost_reason_id"] = self.lost_reason.id
        return values

    @api.multi
    def _log_pipeline_conversation(self):
        """Log the new position of each opportunity on its customer.

        Leads and opportunities without a customer log nothing: there is
        nobody to put in the pipeline."""
        leads = self._filter_pipeline_loggable().filtered("stage_id")
        conversations = self.env["crm.conversation"].with_context(**{CTX_FROM_LEAD: INTERNAL})
        for lead in leads:
            conversations |= conversations.create(lead._prepare_pipeline_conversation_values())
        return conversations

    @api.multi
    def _apply_conversation_stage(self, stage, lost_reason=False):
        """Move opportunities to the position a conversation logged.

        Won sets the probability to 100, lost archives them with the
        reason, and an open position reopens an opportunity lost before.
        Nothing is written when the opportunity already is at that stage."""
        leads = self.with_context(**{CTX_FROM_CONVERSATION: INTERNAL})
        for lead in leads.filtered(lambda lead: lead.stage_id != stage):
            values = {"stage_id": stage.id}
            if stage.pipeline_outcome == "won":
                values.update(probability=100, active=True)
            elif stage.pipeline_outcome == "lost":
                values.update(
                    probability=0,
                    active=False,
                    lost_reason=lost_reason.id if lost_reason else lead.lost_reason.id,
                )
            elif not lead.active:
                values["active"] = True
            lead.write(values)
        return True
