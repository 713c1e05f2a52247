# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pipeline engine: the one home of a customer's position.

A customer (the commercial entity, ``commercial_partner_id``) stands where
its sales conversations put it. Every screen, report, objective and sync of
the addon asks the same few questions about these lines, and this module is
the only place that answers them in SQL:

- ``scope()``: which sales lines count (companies, record rules of
  ``crm.conversation`` for the calling user, employee and team filters...);
- ``path()``: each sales line with its neighbours on the customer's path,
  ordered by the one tie-break ``(date_begin, id)``;
- ``position()``: per customer, its first sales line, its first won line
  and its latest sales line (with that line's stage, outcome, employee,
  team, lost reason and date), as they stand at a cut-off instant;
- ``first_date()``, ``first_won_date()``, ``latest_value()``: the date of
  the first line and of the first won line, a value of the latest line, as
  aggregates inside a caller's own GROUP BY customer;
- ``path_position()``: ``position()`` read from a ``path()`` the caller
  already computed (its last lines);
- ``visits()``: the customer's path through stages (runs of consecutive
  lines at the same stage), e.g. up to its first won or lost line;
- ``decisions()``: per customer, its first line at a won or lost stage (the
  line that decided it), read from the won and lost lines alone;
- ``without_jit()``: what a screen's statement over every line asks of
  PostgreSQL (no JIT compilation, see there).

Each answer is a ``Fragment``: a ``psycopg2.sql`` SELECT and its parameters,
in order, never values formatted into the text. Callers compose it, as a
CTE or a subquery, and JOIN on it::

    from ..tools import position

    scope = position.scope(env["crm.conversation"], [("team_id", "in", team_ids)])
    current = position.position(scope, date_to="2026-07-01 00:00:00")
    query = current.as_cte("position") + sql.SQL(
        " SELECT position.stage_id, COUNT(*) FROM position GROUP BY 1"
    )
    env.cr.execute(query.query, query.params)

Columns of ``position()`` (one row per customer with a sales line in the
scope, before the cut-off, at or after ``date_from`` when given):
``customer_id``, ``line_id``, ``date``, ``stage_id``, ``outcome`` (the
stage's ``pipeline_outcome``), ``user_id``, ``team_id``, ``company_id``,
``lost_reason_id``, ``partner_id``, ``first_line_id``, ``first_date``,
``first_user_id``, ``first_team_id``, ``first_company_id`` (of the first
line), ``first_won_line_id``, ``first_won_date`` (NULL when never won).

Columns of ``path()`` (one row per sales line): ``id``, ``customer_id``,
``partner_id``, ``stage_id``, ``user_id``, ``team_id``, ``company_id``,
``lost_reason_id``, ``topic_id``, ``channel_id``, ``date_begin``,
``duration``, ``previous_stage_id``, ``next_id``, ``next_begin``,
``is_last``.

The record rules are those of the model's environment: pass
``env["crm.conversation"].sudo()`` to read every line (e.g. "whoever logged
it" rules such as the opportunity sync).
"""

import re

from psycopg2 import sql

# The columns of a line the engine hands on, as written on crm_conversation.
LINE_COLUMNS = (
    "id",
    "partner_id",
    "stage_id",
    "user_id",
    "team_id",
    "company_id",
    "lost_reason_id",
    "topic_id",
    "channel_id",
    "date_begin",
    "duration",
)

# The columns a position may be keyed by: the customer (commercial entity),
# or the partner the line was logged on (a contact's own position).
POSITION_KEYS = ("commercial_partner_id", "partner_id")

# A psycopg2 placeholder: "%s" (positional) or "%%" (a literal percent sign).
PLACEHOLDER = re.compile(r"%(%|s)")

# A line at a won or lost stage: the customer is decided. An array of the
# stages' ids, computed once (InitPlan): the planner then reads the few won
# and lost lines through the index on stage_id instead of every line.
CLOSED_CONDITION = sql.SQL(
    "crm_conversation.stage_id = ANY(ARRAY("
    "SELECT id FROM crm_stage WHERE pipeline_outcome IN ('won', 'lost')))"
)

# The one order of a customer's lines: by start, then by id.
PATH_ORDER = "crm_conversation.date_begin, crm_conversation.id"
PATH_ORDER_DESC = "crm_conversation.date_begin DESC, crm_conversation.id DESC"


class Fragment:
    """A piece of SQL (``query``, a ``psycopg2.sql.Composable``) and its
    parameters (``params``, a list, in the order of their placeholders)."""

    __slots__ = ("query", "params")

    def __init__(self, query, params=()):
        self.query = sql.SQL(query) if isinstance(query, str) else query
        self.params = list(params)

    def __add__(self, other):
        """Concatenation: ``other`` is a Fragment or a Composable without
        parameters."""
        if isinstance(other, Fragment):
            return Fragment(self.query + other.query, self.params + other.params)
        return Fragment(self.query + other, self.params)

    def as_cte(self, name, first=True):
        """``WITH name AS (...)`` (or ``, name AS (...)`` when not first)."""
        template = "WITH {name} AS ({query})" if first else ", {name} AS ({query})"
        return Fragment(
            sql.SQL(template).format(name=sql.Identifier(name), query=self.query),
            self.params,
        )

    def named(self, cr, prefix):
        """The fragment with named placeholders ``%(<prefix>_<n>)s``, for a
        query whose other parameters are named (psycopg2 cannot mix both):
        ``(psycopg2.sql.SQL, {name: value})``. Values stay parameters."""
        # Odoo's cursor wraps psycopg2's (as_string wants the latter)
        text = self.query.as_string(getattr(cr, "_obj", cr))
        names = []

        def rename(match):
            if match.group(1) == "%":
                return "%%"
            names.append("%s_%d" % (prefix, len(names)))
            return "%%(%s)s" % names[-1]

        text = PLACEHOLDER.sub(rename, text)
        if len(names) != len(self.params):
            raise ValueError("the fragment's placeholders do not match its parameters")
        return sql.SQL(text), dict(zip(names, self.params))  # noqa: B905

    def as_subquery(self, alias):
        """``(...) AS alias``, to JOIN on."""
        return Fragment(
            sql.SQL("({query}) AS {alias}").format(query=self.query, alias=sql.Identifier(alias)),
            self.params,
        )


class Scope:
    """The sales lines that count: FROM, WHERE and parameters on
    crm_conversation (aliased ``crm_conversation``), record rules
    included. Built by ``scope()``."""

    __slots__ = ("from_clause", "where_clause", "params")

    def __init__(self, from_clause, where_clause, params):
        self.from_clause = from_clause
        self.where_clause = where_clause
        self.params = list(params)

    def lines(self, columns, date_from=None, date_to=None, extra=None, order=None):
        """SELECT ``columns`` (a Composable) of the scope's lines starting
        in ``[date_from, date_to)`` (either bound optional), with an extra
        condition (a Composable without parameters) and an ORDER BY."""
        where = [sql.SQL("({})").format(self.where_clause)]
        params = list(self.params)
        if date_from:
            where.append(sql.SQL("crm_conversation.date_begin >= %s"))
            params.append(date_from)
        if date_to:
            where.append(sql.SQL("crm_conversation.date_begin < %s"))
            params.append(date_to)
        if extra is not None:
            where.append(extra)
        query = sql.SQL("SELECT {columns} FROM {from_clause} WHERE {where}").format(
            columns=columns,
            from_clause=self.from_clause,
            where=sql.SQL(" AND ").join(where),
        )
        if order:
            query += sql.SQL(" ORDER BY ") + sql.SQL(order)
        return Fragment(query, params)


def without_jit(cr):
    """Switch PostgreSQL's JIT compilation off for the rest of the
    transaction, before a screen's statement over every line of a scope.

    The overview's, the flow's and the trend's statements are large (dozens
    of relations) and their estimated cost is far above PostgreSQL's
    ``jit_above_cost``: PostgreSQL 11+ then compiles them with LLVM, inlined
    and optimised, before running them. At 1 000 000 lines that compilation
    alone took 1 to 2.3 s of a 3.2 s statement (EXPLAIN ANALYZE: "JIT ...
    Timing"), far more than it saves on rows that are mostly sorted and
    hashed. A transaction-local setting (``SET LOCAL``): it ends with the
    request's transaction and changes nothing for other sessions; JIT never
    changes a result. PostgreSQL 10 and older have no JIT: nothing to do."""
    connection = getattr(cr, "_cnx", None) or cr.connection
    if connection.server_version >= 110000:
        cr.execute("SET LOCAL jit = off")


def sales_condition(alias="crm_conversation"):
    """The SQL condition of a sales conversation (a line with a pipeline
    position) on the crm_conversation table aliased ``alias``."""
    return sql.SQL("{}.stage_id IS NOT NULL").format(sql.Identifier(alias))


def scope(model, domain=()):
    """The sales lines of ``model`` (a ``crm.conversation`` recordset, whose
    environment gives the user and the record rules) matching ``domain``:
    lines with a pipeline position and a customer. Raises AccessError when
    the user may not read conversations at all."""
    model.check_access_rights("read")
    domain = [("stage_id", "!=", False), ("commercial_partner_id", "!=", False)] + list(domain)
    query = model._where_calc(domain)
    model._apply_ir_rules(query, "read")
    from_clause, where_clause, params = query.get_sql()
    return Scope(sql.SQL(from_clause), sql.SQL(where_clause or "TRUE"), params)


def first_date(alias="crm_conversation"):
    """The date of a customer's first sales line, as an aggregate for a
    caller that already groups the scope's lines by customer in one pass
    (the overview's activity: its new prospects read the first line ever,
    the period ignored, without a second pass over the lines). By the one
    order ``(date_begin, id)`` the first line starts at the least
    ``date_begin``: the tie-break picks the line, never changes its date, so
    this aggregate and ``position()``'s ``first_date`` agree."""
    return sql.SQL("MIN({}.date_begin)").format(sql.Identifier(alias))


def first_won_date(alias="crm_conversation"):
    """The date of a customer's first sales line at a won stage, as an
    aggregate for a caller that already groups the scope's lines by
    customer in one pass (see ``first_date()``): ``position()``'s
    ``first_won_date`` without a pass of its own."""
    return sql.SQL(
        "MIN({alias}.date_begin) FILTER (WHERE {alias}.stage_id IN"
        " (SELECT id FROM crm_stage WHERE pipeline_outcome = 'won'))"
    ).format(alias=sql.Identifier(alias))


def latest_value(value, alias="crm_conversation"):
    """``value`` (a Composable) on a customer's latest sales line by the one
    order ``(date_begin, id)``, as an aggregate for a caller that already
    groups a few customers' lines (aliased ``alias``) in one pass (the
    forecast's decided customers): the same line as ``position()``'s."""
    return sql.SQL(
        "(ARRAY_AGG({value} ORDER BY {alias}.date_begin DESC, {alias}.id DESC))[1]"
    ).format(value=value, alias=sql.Identifier(alias))


def _line_columns(prefix=""):
    return sql.SQL(", ").join(
        sql.SQL("crm_conversation.{column} AS {alias}").format(
            column=sql.Identifier(column), alias=sql.Identifier(prefix + column)
        )
        for column in LINE_COLUMNS
    )


def path(scope, date_to=None, date_from=None):
    """Each sales line of ``scope`` before ``date_to`` (and from
    ``date_from``) with its neighbours on its customer's path, ordered by
    ``(date_begin, id)``: the stage of the line before, the id and start of
    the line after (NULL for the last line: ``is_last``)."""
    columns = sql.SQL(
        """crm_conversation.commercial_partner_id AS customer_id, {columns},
           LAG(crm_conversation.stage_id) OVER path AS previous_stage_id,
           LEAD(crm_conversation.id) OVER path AS next_id,
           LEAD(crm_conversation.date_begin) OVER path AS next_begin,
           LEAD(crm_conversation.id) OVER path IS NULL AS is_last"""
    ).format(columns=_line_columns())
    lines = scope.lines(columns, date_from=date_from, date_to=date_to)
    return lines + sql.SQL(
        " WINDOW path AS (PARTITION BY crm_conversation.commercial_partner_id ORDER BY "
        + PATH_ORDER
        + ")"
    )


def _first_line(scope, date_from, date_to, descending=False, extra=None, key=None):
    key = key or POSITION_KEYS[0]
    if key not in POSITION_KEYS:
        raise ValueError("a position is keyed by one of %s" % (POSITION_KEYS,))
    key_column = sql.SQL("crm_conversation.{}").format(sql.Identifier(key))
    columns = sql.SQL("DISTINCT ON ({key}) {key} AS customer_id, {columns}").format(
        key=key_column, columns=_line_columns()
    )
    order = PATH_ORDER_DESC if descending else PATH_ORDER
    return scope.lines(
        columns,
        date_from=date_from,
        date_to=date_to,
        extra=extra,
        order="crm_conversation.%s, %s" % (key, order),
    )


def position(scope, date_to=None, date_from=None, first=True, key=None):
    """Each customer's position at the cut-off instant ``date_to`` (naive
    UTC, exclusive; None: now and ever after), from its sales lines of
    ``scope`` starting before it (and at or after ``date_from`` when given):
    its latest line with that line's stage, outcome, employee, team and
    date, and, unless ``first`` is False, its first line and its first line
    at a won stage. See the module's docstring for the columns.

    ``key`` groups the lines by customer (``commercial_partner_id``, the
    default) or by the partner they were logged on (``partner_id``: the
    position of a contact of its own)."""
    last = _first_line(scope, date_from, date_to, descending=True, key=key).as_subquery("last")
    query = Fragment(
        sql.SQL(
            """SELECT last.customer_id, last.id AS line_id, last.date_begin AS date,
       last.stage_id, stage.pipeline_outcome AS outcome, last.user_id, last.team_id,
       last.company_id, last.lost_reason_id, last.partner_id"""
        )
    )
    if first:
        query += sql.SQL(
            """, first.id AS first_line_id, first.date_begin AS first_date,
       first.user_id AS first_user_id, first.team_id AS first_team_id,
       first.company_id AS first_company_id,
       won.id AS first_won_line_id, won.date_begin AS first_won_date"""
        )
    query += sql.SQL(" FROM ")
    query += last
    query += sql.SQL(" JOIN crm_stage stage ON stage.id = last.stage_id")
    if first:
        won_stage = sql.SQL(
            "crm_conversation.stage_id IN"
            " (SELECT id FROM crm_stage WHERE pipeline_outcome = 'won')"
        )
        query += sql.SQL(" JOIN ")
        query += _first_line(scope, date_from, date_to, key=key).as_subquery("first")
        query += sql.SQL(" ON first.customer_id = last.customer_id LEFT JOIN ")
        query += _first_line(scope, date_from, date_to, extra=won_stage, key=key).as_subquery("won")
        query += sql.SQL(" ON won.customer_id = last.customer_id")
    return query


def path_position(relation):
    """``position(..., first=False)`` read from a ``path()`` already
    computed by the caller (``relation``: the name of the CTE holding it):
    each customer's last line of its path (``is_last``), which is its latest
    sales line by the same order ``(date_begin, id)``, over the same scope
    and cut-off. Same columns as ``position(first=False)``. A caller that
    reads the path anyway (the flow) saves the position's own pass and
    sort over the lines."""
    return Fragment(
        sql.SQL(
            """SELECT line.customer_id, line.id AS line_id, line.date_begin AS date,
       line.stage_id, stage.pipeline_outcome AS outcome, line.user_id, line.team_id,
       line.company_id, line.lost_reason_id, line.partner_id
  FROM {relation} AS line
  JOIN crm_stage stage ON stage.id = line.stage_id
 WHERE line.is_last"""
        ).format(relation=sql.Identifier(relation))
    )


def visits(path_fragment, until_closed=False):
    """The customer's path through stages, from a ``path()`` fragment (or
    the name of a relation, e.g. a CTE, holding one): one
    row per visit (a run of consecutive lines at the same stage): its
    ``customer_id``, ``stage_id``, ``outcome``, first line ``line_id``,
    ``start``, ``stop`` (the next visit's start, NULL for the last visit)
    and ``is_last``. With ``until_closed``, only the visits up to and
    including the customer's first visit at a won or lost stage."""
    query = Fragment(
        sql.SQL(
            """SELECT visit.* FROM (
    SELECT line.customer_id, line.stage_id, line.id AS line_id, line.date_begin AS start,
           LEAD(line.date_begin) OVER visit_path AS stop,
           LEAD(line.id) OVER visit_path IS NULL AS is_last,
           stage.pipeline_outcome AS outcome,
           COUNT(*) FILTER (WHERE stage.pipeline_outcome IN ('won', 'lost'))
               OVER (PARTITION BY line.customer_id ORDER BY line.date_begin, line.id
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS closed_before
      FROM ("""
        )
    )
    if isinstance(path_fragment, str):
        query += sql.SQL("SELECT * FROM {}").format(sql.Identifier(path_fragment))
    else:
        query += path_fragment
    query += sql.SQL(
        """) AS line
      JOIN crm_stage stage ON stage.id = line.stage_id
     WHERE line.previous_stage_id IS DISTINCT FROM line.stage_id
    WINDOW visit_path AS (PARTITION BY line.customer_id ORDER BY line.date_begin, line.id)
) AS visit"""
    )
    if until_closed:
        query += sql.SQL(" WHERE COALESCE(visit.closed_before, 0) = 0")
    return query


def decisions(scope, date_to=None, key=None):
    """Each customer's first sales line of ``scope`` at a won or lost stage
    starting before ``date_to`` (naive UTC, exclusive): the line that
    decided it. Columns: ``customer_id`` and the line's (``id``,
    ``stage_id``, ``date_begin``...). Only the won and lost lines are read,
    so a caller interested in the customers decided in a window reads the
    rest of their paths alone, not every customer's."""
    return _first_line(scope, None, date_to, extra=CLOSED_CONDITION, key=key)
