# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from psycopg2 import sql

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from ..tools import position as engine


class ResPartner(models.Model):
    _inherit = "res.partner"

    account_opened_date = fields.Date(
        default=fields.Date.context_today,
        help="The day the customer's account was opened. Defaults to the day "
        "the partner is created.",
    )
    conversation_ids = fields.One2many(
        "crm.conversation",
        "partner_id",
        string="Conversations",
    )
    conversation_count = fields.Integer(
        string="# Conversations",
        compute="_compute_conversation_stats",
    )
    last_conversation_date = fields.Datetime(
        string="Last Conversation",
        compute="_compute_conversation_stats",
    )
    next_follow_up_date = fields.Date(
        string="Next Follow-up",
        compute="_compute_conversation_stats",
        help="The earliest follow-up date of the conversations not completed "
        "nor followed up yet.",
    )
    pipeline_stage_id = fields.Many2one(
        "crm.stage",
        string="Pipeline Position",
        compute="_compute_conversation_stats",
        help="The pipeline position of the latest conversation that has one.",
    )
    has_follow_up_due = fields.Boolean(
        string="Has Follow-up Due",
        compute="_compute_has_follow_up_due",
        search="_search_has_follow_up_due",
        help="A conversation with this customer, or with one of its contacts, "
        "is due or overdue for a follow-up.",
    )

    @api.model_cr_context
    def _auto_init(self):
        """Existing partners had their account opened when they were created,
        not on the day this addon is installed: fill the new column from
        create_date before the ORM would fill it with today's date."""
        cr = self.env.cr
        if not tools.column_exists(cr, "res_partner", "account_opened_date"):
            tools.create_column(cr, "res_partner", "account_opened_date", "date")
            cr.execute(
                "UPDATE res_partner SET account_opened_date = create_date::date "
                "WHERE create_date IS NOT NULL"
            )
        return super()._auto_init()

    @api.multi
    def _compute_conversation_stats(self):
        """A company sees the conversations logged on it and on its contacts;
        any other partner only its own. Record rules apply, so the count,
        the last conversation and the position are the customer's own as the
        user can open them (with the shared customer history, colleagues'
        lines included: the same lines as the tab and the smart button); the
        next follow-up stays the user's own work (``_get_figures_domain``)."""
        commercial = self.filtered(lambda partner: partner.commercial_partner_id == partner)
        stats = {}
        for key, partners in (
            ("commercial_partner_id", commercial),
            ("partner_id", self - commercial),
        ):
            if partners.ids:
                stats.update(self._get_conversation_stats(key, partners.ids))
        Stage = self.env["crm.stage"]
        for partner in self:
            count, last_date, next_date, stage_id = stats.get(partner.id, (0, False, False, False))
            partner.conversation_count = count
            partner.last_conversation_date = last_date
            partner.next_follow_up_date = next_date
            partner.pipeline_stage_id = Stage.browse(stage_id)

    @api.model
    def _get_conversation_stats(self, key, partner_ids):
        """Return {partner id: (count, last date, next follow-up date, stage
        id)} for the conversations whose ``key`` column is one of
        ``partner_ids``, honouring the record rules: one query for the
        counters (only the next follow-up date is restricted to the lines
        the user's figures count), the pipeline engine for the position.
        The last conversation date is that of the latest line of any kind
        (not only sales lines, so not the engine's position): a date, which
        no tie-break changes."""
        Conversation = self.env["crm.conversation"]
        query = Conversation._where_calc([(key, "in", partner_ids)])
        Conversation._apply_ir_rules(query, "read")
        figures_user = Conversation._get_figures_user()
        from_clause, where_clause, params = query.get_sql()
        column = sql.SQL("{}.{}").format(sql.Identifier(Conversation._table), sql.Identifier(key))
        statement = sql.SQL(
            """
            SELECT {column},
                   COUNT(*),
                   MAX(crm_conversation.date_begin),
                   MIN(crm_conversation.follow_up_date)
                       FILTER (WHERE NOT COALESCE(crm_conversation.completed, FALSE)
                                 AND NOT COALESCE(crm_conversation.is_followed_up, FALSE)
                                 AND (%s::integer IS NULL
                                      OR crm_conversation.user_id = %s::integer))
              FROM {from_clause}
             WHERE {where_clause}
             GROUP BY {column}
            """
        ).format(
            column=column,
            # both clauses are generated by the ORM, values stay in params
            from_clause=sql.SQL(from_clause),
            where_clause=sql.SQL(where_clause),
        )
        figures_user_id = figures_user.id or None
        self.env.cr.execute(statement, [figures_user_id, figures_user_id] + list(params))
        stats = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        # the pipeline position: the pipeline engine's latest sales line of
        # the customer (or of the contact itself) the user may read, by
        # (date_begin, id)
        scope = engine.scope(Conversation, [(key, "in", partner_ids)])
        current = engine.position(scope, first=False, key=key)
        self.env.cr.execute(current.query, current.params)
        stages = {row["customer_id"]: row["stage_id"] for row in self.env.cr.dictfetchall()}
        return {
            partner_id: values + (stages.get(partner_id) or False,)
            for partner_id, values in stats.items()
        }

    @api.model
    def _get_follow_up_due_partner_ids(self, partner_ids=None):
        """Ids of the partners a due or overdue conversation is logged on,
        is with, or belongs to (commercial entity), as the current user
        sees them."""
        Conversation = self.env["crm.conversation"]
        domain = [("follow_up_state", "in", ("due", "overdue"))]
        domain += Conversation._get_figures_domain()
        if partner_ids is not None:
            domain += [
                "|",
                "|",
                ("partner_id", "in", partner_ids),
                ("contact_id", "in", partner_ids),
                ("commercial_partner_id", "in", partner_ids),
            ]
        conversations = Conversation.search(domain)
        return set(
            (
                conversations.mapped("partner_id")
                | conversations.mapped("contact_id")
                | conversations.mapped("commercial_partner_id")
            ).ids
        )

    @api.multi
    def _compute_has_follow_up_due(self):
        due_ids = self._get_follow_up_due_partner_ids(self.ids)
        for partner in self:
            partner.has_follow_up_due = partner.id in due_ids

    @api.model
    def _search_has_follow_up_due(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(
                _("Unsupported operator %(operator)s for Has Follow-up Due.")
                % {"operator": operator}
            )
        positive = (operator == "=") == bool(value)
        ids = list(self._get_follow_up_due_partner_ids())
        return [("id", "in" if positive else "not in", ids)]

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "parent_id" in vals or "is_company" in vals:
            self._sync_conversation_commercial_partner()
        return result

    @api.multi
    def _sync_conversation_commercial_partner(self):
        """Give the conversations of these partners and of their contacts the
        commercial entity their customer has now (one parameterised query,
        whoever may read the lines: it is the customer that changed)."""
        partners = self.with_context(active_test=False).search([("id", "child_of", self.ids)])
        self.env.cr.execute(
            """
            UPDATE crm_conversation AS conversation
               SET commercial_partner_id = partner.commercial_partner_id
              FROM res_partner AS partner
             WHERE partner.id = conversation.partner_id
               AND conversation.partner_id IN %s
               AND conversation.commercial_partner_id
                   IS DISTINCT FROM partner.commercial_partner_id
            """,
            (tuple(partners.ids),),
        )
        self.env["crm.conversation"].invalidate_cache(["commercial_partner_id"])

    @api.multi
    def unlink(self):
        """Conversations are the history of the customer relationship:
        refuse to delete a partner they mention, as customer, contact or
        commercial entity (a company whose contacts were called)."""
        Conversation = self.env["crm.conversation"].sudo()
        used_ids = set()
        for field in ("partner_id", "contact_id", "commercial_partner_id"):
            groups = Conversation.read_group([(field, "in", self.ids)], [field], [field])
            used_ids.update(group[field][0] for group in groups)
        partners = self.browse(sorted(used_ids))
        if partners:
            raise UserError(
                _(
                    "You cannot delete %(names)s because conversations were logged "
                    "with them. Archive them instead."
                )
                % {"names": ", ".join(partners.mapped("display_name"))}
            )
        return super().unlink()

    @api.multi
    def action_log_conversation(self):
        """The composer on this customer (or contact of a customer)."""
        self.ensure_one()
        return self.env["crm.conversation"]._composer_action({"partner_id": self.id})

    @api.multi
    def action_view_conversations(self):
        self.ensure_one()
        action = self.env.ref("smart_pipeline.crm_conversation_action").read()[0]
        if self.commercial_partner_id == self:
            action["domain"] = [("commercial_partner_id", "=", self.id)]
        else:
            action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
