# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models

from ..tools import dates

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
    def _cron_send_digests(self, date=None):
        """Queue one digest mail per employee with follow-ups due on ``date``.

        Employees with nothing due or overdue get nothing; employees who
        already have a digest for that day are skipped. Each employee's mail
        is queued in its own savepoint so one broken address or template
        error does not cancel everybody else's digest.
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
                    digest = self.create(
                        {
                            "user_id": user.id,
                            "date": date,
                            "company_id": user.company_id.id,
                            "conversation_ids": [(6, 0, lines.ids)],
                            "overdue_count": len(lines.filtered(lambda c: c.follow_up_date < date)),
                        }
                    )
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
