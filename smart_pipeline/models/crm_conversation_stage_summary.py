# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from psycopg2 import sql

from odoo import api, fields, models

from .crm_conversation import sales_conversation_sql

# Lines are spread over this many rows per (company, employee, team, stage)
# by their id, so that two employees' sessions logging conversations at the
# same time seldom update the same row.
BUCKETS = 16

# Adds %(sign)s (1 or -1) per sales conversation of the lines {lines} (TRUE:
# all) to the count of their (company, employee, team, stage, bucket).
ADD_SQL = """
INSERT INTO crm_conversation_stage_summary AS summary (
    company_id, user_id, team_id, stage_id, bucket, conversations)
SELECT line.company_id, line.user_id, line.team_id, line.stage_id,
       MOD(line.id, %(buckets)s), %(sign)s * COUNT(*)
  FROM crm_conversation AS line
 WHERE {lines}
   AND {sales}
   AND line.commercial_partner_id IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (stage_id, user_id, bucket, (COALESCE(company_id, 0)), (COALESCE(team_id, 0)))
    DO UPDATE SET conversations = summary.conversations + EXCLUDED.conversations
"""


class CrmConversationStageSummary(models.Model):
    """How many sales conversations each stage holds per company, employee
    and team, kept up to date by every create, write and unlink of
    crm.conversation: the "in process" column of the pipeline overview over
    all time sums these few rows instead of counting every line. Company,
    employee and team are columns of the lines too, so the overview's scope
    filters and record rules on them apply alike.

    Written only by the conversations' own methods (SQL, by difference:
    +1 / -1 per line); ``_refresh_all`` recounts everything (module update).
    """

    _name = "crm.conversation.stage.summary"
    _description = "Sales Conversations per Stage and Employee"
    _log_access = False
    _order = "stage_id, user_id"

    company_id = fields.Many2one("res.company", ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Employee", ondelete="cascade")
    team_id = fields.Many2one("crm.team", ondelete="cascade")
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade")
    bucket = fields.Integer(help="Spreads the lines of a group over several rows (line id modulo).")
    conversations = fields.Integer(help="Sales conversations of the group at the stage.")

    @api.model_cr
    def init(self):
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS crm_conversation_stage_summary_key
                ON crm_conversation_stage_summary
                   (stage_id, user_id, bucket, (COALESCE(company_id, 0)), (COALESCE(team_id, 0)))
            """
        )
        self._refresh_all()

    @api.model
    def _add_conversations(self, conversation_ids, sign=1):
        """Count (sign 1) or uncount (sign -1) these lines as they are now
        in the database."""
        if conversation_ids:
            self._add(sql.SQL("line.id = ANY(%(ids)s)"), list(conversation_ids), sign)

    def _add(self, lines, conversation_ids, sign):
        self.env.cr.execute(
            sql.SQL(ADD_SQL).format(lines=lines, sales=sales_conversation_sql("line")),
            {"ids": conversation_ids, "sign": sign, "buckets": BUCKETS},
        )
        self.invalidate_cache(list(self._fields))

    @api.model
    def _refresh_all(self):
        """Recount every row from the lines (one statement)."""
        self.env.cr.execute("DELETE FROM crm_conversation_stage_summary")
        self._add(sql.SQL("TRUE"), [], 1)
        self.env.cr.execute("ANALYZE crm_conversation_stage_summary")
