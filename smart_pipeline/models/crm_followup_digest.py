# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models

from ..tools import dates
from .crm_conversation import SALES_CONVERSATION_DOMAIN

_logger = logging.getLogger(__name__)


class CrmFollowupDigest(models.Model):
    """Log of the daily follow-up digests queued for each employee.

    One row per employee and day, guarded by a unique constraint, is what
    makes the scheduled action idempotent: running it twice on the same day
    (manual "Run Manually", a restarted server, a second worker) finds the
    row and queues nothing. The row also keeps which conversations the mail
    listed, so a manager can answer "was I told about this customer?".
    """

    _name = "crm.followup.digest"
    _description = "Daily Follow-up Digest"
    _order = "date desc, id desc"
    _rec_name = "user_id"

    user_id = fields.Many2one(
        "res.users",
        string="Employee",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    date = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        readonly=True,
        default=lambda self: self.env.user.company_id,
    )
    conversation_ids = fields.Many2many(
        "crm.conversation",
        "crm_followup_digest_conversation_rel",
        "digest_id",
        "conversation_id",
        string="Follow-ups",
        readonly=True,
    )
    conversation_count = fields.Integer(
        string="Follow-ups Listed",
        compute="_compute_conversation_count",
    )
    overdue_count = fields.Integer(
        string="Overdue",
        readonly=True,
        help="Follow-ups of the digest whose date had already passed.",
    )
    stale_partner_ids = fields.Many2many(
        "res.partner",
        "crm_followup_digest_stale_partner_rel",
        "digest_id",
        "partner_id",
        string="Stale Customers",
        readonly=True,
        help="Customers idle at their open stage for longer than its rotting "
        "days, whose last sales conversation is the employee's (or of the "
        "team the employee leads).",
    )
    no_next_step_partner_ids = fields.Many2many(
        "res.partner",
        "crm_followup_digest_no_next_step_partner_rel",
        "digest_id",
        "partner_id",
        string="Customers without Next Step",
        readonly=True,
        help="Open customers with no follow-up planned from the digest's day on.",
    )
    attention_count = fields.Integer(
        string="Customers Needing Attention",
        compute="_compute_attention_count",
        help="Stale customers and customers without next step, each once.",
    )
    mail_id = fields.Many2one("mail.mail", string="Queued Mail", readonly=True, ondelete="set null")
    followup_url = fields.Char(string="Follow-up List URL", compute="_compute_followup_url")

    _sql_constraints = [
        (
            "user_date_uniq",
            "unique(user_id, date)",
            "A follow-up digest was already queued for this employee and day.",
        ),
    ]

    @api.depends("conversation_ids")
    def _compute_conversation_count(self):
        for digest in self:
            digest.conversation_count = len(digest.conversation_ids)

    @api.depends("stale_partner_ids", "no_next_step_partner_ids")
    def _compute_attention_count(self):
        for digest in self:
            digest.attention_count = len(digest.stale_partner_ids | digest.no_next_step_partner_ids)

    def _compute_followup_url(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        action = self.env.ref(
            "smart_pipeline.crm_conversation_followup_action", raise_if_not_found=False
        )
        url = "{}/web#model=crm.conversation&view_type=list".format(base_url or "")
        if action:
            url += "&action={}".format(action.id)
        for digest in self:
            digest.followup_url = url

    @api.model
    def _get_attention_by_user(self, date):
        """({user: stale customers}, {user: customers without next step}) on
        ``date``, from the pipeline flow's own figures. A customer belongs to
        the employee of their last sales conversation and to the leader of
        that employee's sales team. The figures are computed as the employee
        sees the flow: their allowed companies and timezone (one query per
        distinct companies and timezone)."""
        Users = self.env["res.users"]
        groups = (
            self.env["crm.conversation"]
            .sudo()
            .read_group(
                SALES_CONVERSATION_DOMAIN + [("user_id", "!=", False)], ["user_id"], ["user_id"]
            )
        )
        employees = Users.browse([group["user_id"][0] for group in groups])
        scopes = {}
        for employee in employees:
            scope = (employee.tz or "UTC", tuple(sorted(employee.company_ids.ids)))
            scopes[scope] = scopes.get(scope, Users) | employee
        partners = self.env["res.partner"]
        stale, no_next_step = {}, {}
        for (tz, company_ids), members in scopes.items():
            attention = (
                self.env["crm.pipeline.overview"]
                .with_context(tz=tz)
                .get_attention_customers(reference_date=date, company_ids=list(company_ids))
            )
            for customer_id, info in attention.items():
                employee = members.filtered(lambda user, info=info: user.id == info["user_id"])
                if not employee:
                    continue
                customer = partners.browse(int(customer_id))
                for user in (employee | employee.sale_team_id.user_id).filtered("active"):
                    if info["stale_days"]:
                        stale[user] = stale.get(user, partners) | customer
                    if info["no_next_step"]:
                        no_next_step[user] = no_next_step.get(user, partners) | customer
        return stale, no_next_step

    @api.multi
    def get_attention_rows(self):
        """Rows of the digest's stale and no-next-step tables: customer,
        stage, idle days, on the digest's day."""
        self.ensure_one()
        partners = self.stale_partner_ids | self.no_next_step_partner_ids
        if not partners:
            return []
        attention = (
            self.env["crm.pipeline.overview"]
            .with_context(tz=self.user_id.tz or "UTC")
            .get_attention_customers(
                partner_ids=partners.ids,
                reference_date=self.date,
                company_ids=self.user_id.company_ids.ids,
            )
        )
        stages = self.env["crm.stage"].with_context(active_test=False)
        rows = []
        for partner in partners.sorted("display_name"):
            info = attention.get(str(partner.id))
            if not info:
                continue
            rows.append(
                {
                    "customer": partner.display_name,
                    "stage": stages.browse(info["stage_id"]).name,
                    "stale_days": info["stale_days"] if partner in self.stale_partner_ids else 0,
                    "no_next_step": partner in self.no_next_step_partner_ids,
                }
            )
        return rows

    @api.model
    def _cron_send_digests(self, date=None):
        """Queue one digest mail per employee with something to say on
        ``date``: follow-ups due, stale customers or open customers without
        next step (see _get_attention_by_user).

        Employees with nothing to say get nothing; employees who already
        have a digest for that day are skipped. Each employee's mail is
        queued in its own savepoint so one broken address or template error
        does not cancel everybody else's digest.
        """
        date = date or dates.user_today(self.env)
        if not isinstance(date, str):
            date = fields.Date.to_string(date)
        conversations = dates.with_reference_day(self.env["crm.conversation"], date).search(
            [
                ("follow_up_state", "in", ("due", "overdue")),
                ("user_id.active", "=", True),
            ],
            order="user_id, follow_up_date, id",
        )
        by_user = {}
        for conversation in conversations:
            by_user.setdefault(conversation.user_id, conversation.browse())
            by_user[conversation.user_id] |= conversation
        stale, no_next_step = self._get_attention_by_user(date)
        # opportunities expected to close soon or overdue (the forecast's)
        opportunities = self._get_opportunities_by_user(date)
        no_partner = self.env["res.partner"]
        for user in list(stale) + list(no_next_step) + list(opportunities):
            by_user.setdefault(user, conversations.browse())
        already_sent = self.search(
            [("date", "=", date), ("user_id", "in", [u.id for u in by_user])]
        ).mapped("user_id")
        template = self.env.ref("smart_pipeline.mail_template_crm_followup_digest")
        digests = self.browse()
        for user, lines in by_user.items():
            if user in already_sent:
                continue
            if not user.email:
                _logger.info("No follow-up digest for user %s: no email address.", user.login)
                continue
            try:
                with self.env.cr.savepoint():
                    values = dict(opportunities.get(user, {}))
                    values.update(
                        {
                            "user_id": user.id,
                            "date": date,
                            "company_id": user.company_id.id,
                            "conversation_ids": [(6, 0, lines.ids)],
                            "stale_partner_ids": [(6, 0, stale.get(user, no_partner).ids)],
                            "no_next_step_partner_ids": [
                                (6, 0, no_next_step.get(user, no_partner).ids)
                            ],
                            "overdue_count": len(lines.filtered(lambda c: c.follow_up_date < date)),
                        }
                    )
                    digest = self.create(values)
                    mail_id = template.send_mail(digest.id)
                    digest.mail_id = mail_id
                    digests |= digest
            except Exception:
                _logger.exception("Could not queue the follow-up digest of user %s.", user.login)
        return digests

    @api.multi
    def action_view_conversations(self):
        self.ensure_one()
        action = self.env.ref("smart_pipeline.crm_conversation_followup_action").read()[0]
        action.update(
            {
                "name": _("Follow-ups of the digest"),
                "domain": [("id", "in", self.conversation_ids.ids)],
                "context": {},
            }
        )
        return action
