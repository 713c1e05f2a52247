# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from psycopg2 import sql

from odoo import api, fields, models

from .crm_conversation import sales_conversation_sql

# The stages a customer went through are bits of "stage masks": one bigint
# per 63 stage ids, the bit of stage S is bit (S.id - 1) % 63 of chunk
# (S.id - 1) // 63. Bits follow the stage ids rather than the pipeline order,
# so that masks stored in crm.conversation.summary stay right when stages are
# reordered, renamed or added.
STAGE_MASK_BITS = 63


def stage_mask_chunks(cr):
    """How many bigints a stage mask needs for every stage of the database."""
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM crm_stage")
    return max(1, -(-cr.fetchone()[0] // STAGE_MASK_BITS))


def stage_mask_aggregates(stage_column, chunks):
    """One BIT_OR aggregate per chunk of the stage mask of the stage ids in
    ``stage_column`` (a ``psycopg2.sql.Composable``)."""
    if chunks == 1:
        return [sql.SQL("BIT_OR(1::bigint << ({stage} - 1))").format(stage=stage_column)]
    return [
        sql.SQL(
            "BIT_OR(CASE WHEN ({stage} - 1) / {bits} = {chunk}"
            " THEN 1::bigint << MOD({stage} - 1, {bits}) END)"
        ).format(stage=stage_column, bits=sql.Literal(STAGE_MASK_BITS), chunk=sql.Literal(chunk))
        for chunk in range(chunks)
    ]


# Replaces the rows of the customers given (or of every customer) by one row
# per (customer, company, employee, team) with sales conversations, computed
# from their lines, in one statement. {removed} and {customers} are TRUE or
# "... commercial_partner_id = ANY(%(customers)s)"; {masks} the stage mask
# aggregates. A customer's last line is the greatest array [time
# in seconds, id, ...]: the overview's order (date_begin, id).
REFRESH_SQL = """
WITH removed AS (
    DELETE FROM crm_conversation_summary WHERE {removed}
)
INSERT INTO crm_conversation_summary (
    commercial_partner_id, company_id, user_id, team_id, conversations, minutes,
    first_date, first_won_date, last_date, last_conversation_id, last_stage_id,
    last_lost_reason_id, stage_masks)
SELECT customer_id, company_id, user_id, team_id, conversations, minutes,
       first_date, first_won_date, last_date, last_line[2]::integer,
       last_line[3]::integer, NULLIF(last_line[4], 0)::integer, stage_masks
  FROM (
    SELECT line.commercial_partner_id AS customer_id,
           line.company_id,
           line.user_id,
           line.team_id,
           COUNT(*) AS conversations,
           SUM(line.duration) AS minutes,
           MIN(line.date_begin) AS first_date,
           MIN(line.date_begin) FILTER (WHERE stage.pipeline_outcome = 'won') AS first_won_date,
           MAX(line.date_begin) AS last_date,
           MAX(ARRAY[FLOOR(DATE_PART('epoch', line.date_begin))::bigint, line.id,
                     line.stage_id, COALESCE(line.lost_reason_id, 0)]) AS last_line,
           ARRAY[{masks}] AS stage_masks
      FROM crm_conversation AS line
      JOIN crm_stage AS stage ON stage.id = line.stage_id
     WHERE {sales}
       AND line.commercial_partner_id IS NOT NULL
       AND {customers}
     GROUP BY line.commercial_partner_id, line.company_id, line.user_id, line.team_id
  ) AS grouped
"""


class CrmConversationSummary(models.Model):
    """The sales conversations of a customer per company, employee and team,
    kept up to date by every create, write and unlink of crm.conversation.

    The pipeline overview over all time reads these rows (about one per
    customer) instead of every conversation line: its scope filters (company,
    employee, team, record rules on those fields) apply to them as to the
    lines, since they are columns of both. Each row keeps what the overview
    aggregates: counts, minutes, first dates, the group's last line and the
    stages it went through (``stage_masks``, a bigint[] column created in
    init(): the ORM has no such field and never reads it).

    Nobody writes these rows but the conversations' own methods (SQL, no
    ORM create/write access for anyone); ``_refresh_all`` rebuilds them all
    (module update, change of a stage's outcome). The conversations per
    stage are in crm.conversation.stage.summary.
    """

    _name = "crm.conversation.summary"
    _description = "Sales Conversations per Customer and Employee"
    _log_access = False
    _order = "commercial_partner_id, user_id"

    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Employee", ondelete="cascade")
    team_id = fields.Many2one("crm.team", ondelete="cascade")
    conversations = fields.Integer(help="Sales conversations of the group.")
    # numeric like the lines' duration: the overview's sums stay exact
    minutes = fields.Float(
        digits=(16, 2), help="Total duration of those conversations, in minutes."
    )
    first_date = fields.Datetime(help="Start of the group's first sales conversation.")
    first_won_date = fields.Datetime(
        help="Start of the group's first sales conversation at a won stage."
    )
    last_date = fields.Datetime(help="Start of the group's last sales conversation.")
    # indexed: deleting a line looks up the rows pointing to it
    last_conversation_id = fields.Many2one("crm.conversation", index=True, ondelete="cascade")
    last_stage_id = fields.Many2one("crm.stage", ondelete="cascade")
    last_lost_reason_id = fields.Many2one("crm.lost.reason", ondelete="cascade")

    @api.model_cr
    def init(self):
        self.env.cr.execute(
            "ALTER TABLE crm_conversation_summary ADD COLUMN IF NOT EXISTS stage_masks bigint[]"
        )
        # every module update rebuilds the rows: existing databases get them,
        # and anything written behind the ORM's back is repaired
        self._refresh_all()

    def _refresh(self, customer_ids=None):
        """Replace the rows of these customers (None: all) by their lines'."""
        if customer_ids is None:
            removed = customers = sql.SQL("TRUE")
        else:
            removed = sql.SQL("commercial_partner_id = ANY(%(customers)s)")
            customers = sql.SQL("line.commercial_partner_id = ANY(%(customers)s)")
        query = sql.SQL(REFRESH_SQL).format(
            removed=removed,
            masks=sql.SQL(", ").join(
                stage_mask_aggregates(sql.SQL("line.stage_id"), stage_mask_chunks(self.env.cr))
            ),
            sales=sales_conversation_sql("line"),
            customers=customers,
        )
        self.env.cr.execute(query, {"customers": customer_ids})
        self.invalidate_cache(list(self._fields))

    @api.model
    def _refresh_customers(self, customer_ids):
        """Recompute the rows of these customers from their lines."""
        customer_ids = sorted({customer_id for customer_id in customer_ids if customer_id})
        if customer_ids:
            self._refresh(customer_ids)

    @api.model
    def _refresh_all(self):
        """Rebuild every row from the lines."""
        self._refresh()
        # fresh statistics: planned as a tiny table, the overview's joins
        # over a big one would loop
        self.env.cr.execute("ANALYZE crm_conversation_summary")
        self.invalidate_cache(list(self._fields))
