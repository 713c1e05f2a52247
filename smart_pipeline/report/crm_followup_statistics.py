# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import sql

from odoo import api, fields, models, tools

from ..tools import dates

# "Overdue now" is judged against the reader's day, as the follow-up status
# of the lines is (tools.dates.reference_day), not the database server's:
# every read of the view first stores that day in this transaction-local
# setting; the server's day only serves SQL run by hand.
TODAY_SETTING = "smart_pipeline.followup_today"
TODAY_SQL = (
    "COALESCE(NULLIF(current_setting('smart_pipeline.followup_today', TRUE), '')::date,"
    " CURRENT_DATE)"
)


class CrmFollowupStatistics(models.Model):
    """Follow-up statistics per employee, one row per conversation line.

    Every measure is a per-line number whose sum (or average) over a group
    is the figure a sales manager asks for, so pivot, graph and the printed
    report all aggregate it with ``read_group`` instead of Python loops.
    The ratios use ``NULL`` for lines they do not apply to: ``avg()`` skips
    them, which turns "100 or 0 per follow-up" into an on-time percentage.
    """

    _name = "crm.followup.statistics"
    _description = "Follow-up Statistics"
    _auto = False
    _rec_name = "conversation_id"
    _order = "date desc"

    conversation_id = fields.Many2one("crm.conversation", string="Conversation", readonly=True)
    date = fields.Datetime(string="Logged On", readonly=True)
    follow_up_date = fields.Date(string="Follow-up Date", readonly=True)
    follow_up_done_date = fields.Date(
        string="Followed Up On",
        readonly=True,
        help="Date of the first conversation logged as a follow-up of this one.",
    )
    user_id = fields.Many2one("res.users", string="Employee", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    topic_id = fields.Many2one("crm.conversation.topic", string="About", readonly=True)
    channel_id = fields.Many2one("crm.conversation.channel", string="How", readonly=True)
    stage_id = fields.Many2one("crm.stage", string="Pipeline Position", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    nbr_conversations = fields.Integer(string="Conversations", readonly=True)
    duration = fields.Float(string="Minutes Spent", readonly=True)
    nbr_follow_ups = fields.Integer(string="Follow-ups Scheduled", readonly=True)
    nbr_follow_ups_done = fields.Integer(
        string="Follow-ups Completed",
        readonly=True,
        help="Scheduled follow-ups closed by a follow-up line or by ticking Completed.",
    )
    # the two columns judged on the reader's day: cached per context, which
    # holds that day, rather than per user
    nbr_follow_ups_overdue = fields.Integer(
        string="Overdue Now",
        readonly=True,
        context_dependent=True,
        help="Scheduled follow-ups still open whose date has passed.",
    )
    on_time_rate = fields.Float(
        string="On Time (%)",
        digits=(16, 1),
        readonly=True,
        group_operator="avg",
        context_dependent=True,
        help="Share of follow-ups logged on or before their follow-up date, "
        "among those followed up and those overdue now. Lines closed by "
        "ticking Completed without a follow-up line are not counted.",
    )
    days_late = fields.Float(
        string="Average Days Late",
        digits=(16, 1),
        readonly=True,
        group_operator="avg",
        help="Days between the follow-up date and the follow-up line (0 when "
        "on time), averaged over the follow-ups that were logged.",
    )

    def _select(self):
        return sql.SQL(
            """
            SELECT
                c.id AS id,
                c.id AS conversation_id,
                c.date_begin AS date,
                c.follow_up_date AS follow_up_date,
                fu.done_date AS follow_up_done_date,
                c.user_id AS user_id,
                c.team_id AS team_id,
                COALESCE(p.commercial_partner_id, p.id) AS partner_id,
                c.topic_id AS topic_id,
                c.channel_id AS channel_id,
                c.stage_id AS stage_id,
                c.company_id AS company_id,
                1 AS nbr_conversations,
                COALESCE(c.duration, 0.0) AS duration,
                CASE WHEN c.follow_up_date IS NOT NULL
                    THEN 1 ELSE 0 END AS nbr_follow_ups,
                CASE WHEN c.follow_up_date IS NOT NULL
                        AND (c.completed OR fu.done_date IS NOT NULL)
                    THEN 1 ELSE 0 END AS nbr_follow_ups_done,
                CASE WHEN c.follow_up_date < {today}
                        AND NOT COALESCE(c.completed, FALSE)
                        AND fu.done_date IS NULL
                    THEN 1 ELSE 0 END AS nbr_follow_ups_overdue,
                CASE
                    WHEN c.follow_up_date IS NULL THEN NULL
                    WHEN fu.done_date IS NOT NULL THEN
                        CASE WHEN fu.done_date <= c.follow_up_date
                            THEN 100.0 ELSE 0.0 END
                    WHEN c.follow_up_date < {today}
                        AND NOT COALESCE(c.completed, FALSE) THEN 0.0
                    ELSE NULL
                END AS on_time_rate,
                CASE WHEN c.follow_up_date IS NOT NULL
                        AND fu.done_date IS NOT NULL
                    THEN GREATEST(fu.done_date - c.follow_up_date, 0)::float
                    ELSE NULL END AS days_late
        """
        ).format(today=sql.SQL(TODAY_SQL))

    def _from(self):
        """The lines and, per line, the day its follow-up was done: the
        first line logged as its follow-up (``follow_up_of_id``), of any
        kind. Not a customer's position (``tools/position.py``): the lines
        are those answering one line, not a customer's sales lines, and
        only the earliest day counts, which no tie-break changes."""
        return """
            FROM crm_conversation c
            JOIN res_partner p ON p.id = c.partner_id
            LEFT JOIN (
                SELECT
                    follow_up_of_id,
                    MIN(date_begin)::date AS done_date
                FROM crm_conversation
                WHERE follow_up_of_id IS NOT NULL
                GROUP BY follow_up_of_id
            ) fu ON fu.follow_up_of_id = c.id
        """

    def _where(self):
        return ""

    def _group_by(self):
        return ""

    @api.model
    def _set_reference_day(self):
        """Store the reader's day for the view's "overdue now" columns."""
        day = fields.Date.to_string(dates.reference_day(self.env))
        self.env.cr.execute("SELECT set_config(%s, %s, TRUE)", (TODAY_SETTING, day))

    @api.model
    def _search(self, args, offset=0, limit=None, order=None, count=False, access_rights_uid=None):
        self._set_reference_day()
        return super()._search(
            args,
            offset=offset,
            limit=limit,
            order=order,
            count=count,
            access_rights_uid=access_rights_uid,
        )

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=()):
        self._set_reference_day()
        return super()._read_from_database(field_names, list(inherited_field_names))

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        self._set_reference_day()
        return super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            sql.SQL("CREATE OR REPLACE VIEW {} AS ({} {} {} {})").format(
                sql.Identifier(self._table),
                self._select(),
                sql.SQL(self._from()),
                sql.SQL(self._where()),
                sql.SQL(self._group_by()),
            )
        )
