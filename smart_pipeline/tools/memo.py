# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The engine's memo: the rows of a screen's statement, kept while the
tables it reads have not changed.

Every figure is computed from the conversation lines, at every call: a
manager who reopens the Flow screen, or the forecast weekly, pays the
whole statement again although no line changed in between. This memo keeps
the rows a read-only statement returned, in the memory of the worker that
ran it, and hands them back for the very same statement, text and
parameters, as long as none of the tables it reads has changed. It is
derived data, held to three conditions:

- **Never readable beyond what the lines allow.** An entry is keyed by the
  whole statement as PostgreSQL receives it (``mogrify``): the caller's
  record rules, companies, filters, period and reference day are in it.
  Only a caller that would send the very same statement gets the rows,
  which PostgreSQL would have given it anyway. Entries live in the
  worker's memory: no model, no table, nothing a client can read.
- **It cannot drift.** A statement-level trigger on each tracked table
  notes every writing transaction (``CHANGE_TABLE``: the transaction id
  and the table, once per transaction and table), whoever writes: the ORM,
  an import, a merge, the addon's own SQL, psql. Each entry keeps the
  snapshot it was computed under; before an entry is used, the log is
  read under the caller's snapshot: any change the entry's snapshot did
  not see, to a table the statement reads, and the statement runs again.
  The tables a statement reads are PostgreSQL's own answer (EXPLAIN), not
  a list kept by hand; a statement reading a table without the trigger is
  never kept. Rows computed by a transaction that itself wrote to those
  tables are never kept (it may roll back).
- **No hot row on a save.** A writing transaction inserts its own log row
  (its own transaction id: concurrent writers never touch the same row);
  readers only read the log. A scheduled action prunes the log
  (``prune()``) and raises a horizon: entries computed before it are
  dropped, so that a pruned change can never be missed.

What is kept is bounded (``MAX_ENTRIES`` entries of at most ``MAX_ROWS``
rows per worker). Plain code, as ``position.py``: the models call
``fetchall()`` where they called ``cr.execute()`` and ``cr.fetchall()``.
"""

import copy
import json
import logging
import threading
from collections import Counter, OrderedDict

from psycopg2 import sql

_logger = logging.getLogger(__name__)

# The log of the transactions that wrote to a tracked table, and the
# horizon below which it was pruned.
CHANGE_TABLE = "smart_pipeline_change"
HORIZON_TABLE = "smart_pipeline_change_horizon"
TRIGGER_FUNCTION = "smart_pipeline_note_change"
TRIGGER_NAME = "smart_pipeline_note_change"

# The tables whose writes the log notes: the lines and what the engine's
# statements join them to. A statement reading any other table is never
# kept (see ``fetchall()``).
TRACKED_TABLES = (
    "crm_conversation",
    "crm_stage",
    "crm_lead",
    "crm_team",
    "crm_lost_reason",
    "crm_conversation_topic",
    "crm_conversation_channel",
    "res_partner",
    "res_users",
    "res_company",
)

# How much one worker keeps.
MAX_ENTRIES = 64
MAX_ROWS = 5000
# statement texts whose tables are remembered (a few per screen and kind
# of user in practice: the parameters are not part of the text)
MAX_TEXTS = 1024

# Log rows older than this are pruned (and entries older than them
# dropped): a day, far beyond any request or scheduled action.
PRUNE_AFTER = "1 day"

_lock = threading.Lock()
# key -> Entry, least recently used first
_entries = OrderedDict()
# (database, statement text without its parameters) -> tables it reads, or
# None when one of them is not tracked
_tables = {}
# what fetchall() did: "kept" (rows from the memo), "computed" (the
# statement ran), "stored" (its rows were kept), "untracked" (never kept)
_stats = Counter()


class Entry:
    """Rows of a statement and the snapshot they were computed under."""

    __slots__ = ("database", "tables", "snapshot", "rows")

    def __init__(self, database, tables, snapshot, rows):
        # the database's oid: a database dropped and created again under
        # the same name (a restore) is another database
        self.database = database
        self.tables = tables
        self.snapshot = snapshot
        self.rows = rows


class Snapshot:
    """A PostgreSQL snapshot (``txid_current_snapshot()``): ``xmin``,
    ``xmax`` and the transactions in progress ``xip``."""

    __slots__ = ("text", "xmin", "xmax", "xip")

    def __init__(self, text):
        self.text = text
        xmin, xmax, xip = text.split(":")
        self.xmin = int(xmin)
        self.xmax = int(xmax)
        self.xip = frozenset(int(value) for value in xip.split(",") if value)

    def sees_all_of(self, other):
        """Whether every transaction ``other`` sees as committed, this
        snapshot sees too (``other`` is not newer). An entry computed under
        a newer snapshot than the caller's is not used: the caller would
        get figures its own transaction cannot see yet."""
        if other.xmax > self.xmax:
            return False
        return all(txid in other.xip for txid in self.xip if txid < other.xmax)


def install(cr):
    """Create the log, its horizon, the trigger function and a trigger on
    each tracked table that exists (idempotent: run by the addon's
    install and update)."""
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS smart_pipeline_change (
            relname varchar NOT NULL,
            txid bigint NOT NULL,
            noted_at timestamp without time zone NOT NULL
                DEFAULT (now() AT TIME ZONE 'UTC'),
            PRIMARY KEY (relname, txid)
        )
        """
    )
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS smart_pipeline_change_horizon (
            id integer PRIMARY KEY CHECK (id = 1),
            horizon bigint NOT NULL
        )
        """
    )
    cr.execute(
        "INSERT INTO smart_pipeline_change_horizon (id, horizon) VALUES (1, 0)"
        " ON CONFLICT (id) DO NOTHING"
    )
    cr.execute(
        """
        CREATE OR REPLACE FUNCTION smart_pipeline_note_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO smart_pipeline_change (relname, txid)
            VALUES (TG_TABLE_NAME, txid_current())
            ON CONFLICT (relname, txid) DO NOTHING;
            RETURN NULL;
        END
        $$
        """
    )
    # the tracked tables that exist and have no trigger yet (an update
    # leaves the others alone: no lock on tables that need nothing)
    cr.execute(
        """
        SELECT relname FROM pg_class
         WHERE relkind = 'r' AND relname IN %s AND pg_table_is_visible(oid)
           AND NOT EXISTS (SELECT 1 FROM pg_trigger
                            WHERE tgrelid = pg_class.oid AND tgname = %s)
        """,
        [TRACKED_TABLES, TRIGGER_NAME],
    )
    for (table,) in cr.fetchall():
        cr.execute(
            sql.SQL(
                "CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
                " ON {table} FOR EACH STATEMENT EXECUTE PROCEDURE {function}()"
            ).format(
                trigger=sql.Identifier(TRIGGER_NAME),
                table=sql.Identifier(table),
                function=sql.Identifier(TRIGGER_FUNCTION),
            )
        )


def uninstall(cr):
    """Remove what ``install()`` created."""
    cr.execute(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname IN %s"
        " AND pg_table_is_visible(oid)",
        [TRACKED_TABLES],
    )
    for (table,) in cr.fetchall():
        cr.execute(
            sql.SQL("DROP TRIGGER IF EXISTS {trigger} ON {table}").format(
                trigger=sql.Identifier(TRIGGER_NAME), table=sql.Identifier(table)
            )
        )
    cr.execute("DROP FUNCTION IF EXISTS smart_pipeline_note_change()")
    cr.execute("DROP TABLE IF EXISTS smart_pipeline_change")
    cr.execute("DROP TABLE IF EXISTS smart_pipeline_change_horizon")
    clear()


def clear(tables=True):
    """Forget every entry of this worker (tests, benchmarks), and with
    ``tables`` which tables each statement reads."""
    with _lock:
        _entries.clear()
        _stats.clear()
        if tables:
            _tables.clear()


def stats():
    """How often this worker's memo answered (see ``_stats``)."""
    with _lock:
        return dict(_stats)


def prune(cr):
    """Drop the log rows older than PRUNE_AFTER, and raise the horizon
    above them: an entry whose snapshot is older than the horizon is never
    used again (a change it did not see may be among the dropped rows).
    The horizon never passes a transaction still running (the snapshot's
    xmin). Returns the number of rows dropped."""
    cr.execute(
        """
        WITH old AS (
            SELECT MAX(txid) + 1 AS txid FROM smart_pipeline_change
             WHERE noted_at < (now() AT TIME ZONE 'UTC') - %s::interval
        ), new AS (
            SELECT LEAST(old.txid, txid_snapshot_xmin(txid_current_snapshot())) AS horizon
              FROM old WHERE old.txid IS NOT NULL
        )
        UPDATE smart_pipeline_change_horizon h SET horizon = new.horizon
          FROM new WHERE h.id = 1 AND new.horizon > h.horizon
        RETURNING h.horizon
        """,
        [PRUNE_AFTER],
    )
    row = cr.fetchone()
    if not row:
        return 0
    cr.execute("DELETE FROM smart_pipeline_change WHERE txid < %s", [row[0]])
    return cr.rowcount


def _raw(cr):
    # Odoo's cursor wraps psycopg2's (mogrify is psycopg2's)
    return getattr(cr, "_obj", cr)


def _statement_tables(cr, query, params):
    """The tables the statement reads, by PostgreSQL's plan (EXPLAIN, never
    run), or None when one of them has no trigger: such a statement is
    never kept. Cached per statement text."""
    if isinstance(query, str):
        query = sql.SQL(query)
    key = (cr.dbname, query.as_string(_raw(cr)))
    with _lock:
        if key in _tables:
            return _tables[key]
    cr.execute(sql.SQL("EXPLAIN (FORMAT JSON) ") + query, params)
    plan = cr.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    tables = set()

    def walk(node):
        if isinstance(node, dict):
            if "Relation Name" in node:
                tables.add(node["Relation Name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(plan)
    untracked = tables - set(TRACKED_TABLES)
    if untracked:
        _logger.debug("not kept: the statement reads %s", ", ".join(sorted(untracked)))
        result = None
    else:
        result = tuple(sorted(tables))
    with _lock:
        if len(_tables) >= MAX_TEXTS:
            _tables.clear()
        _tables[key] = result
    return result


def fetchall(cr, query, params):
    """``cr.execute(query, params); cr.fetchall()``, from this worker's
    memo when the very same statement was computed under a snapshot that
    has seen every change since to the tables it reads (see the module's
    docstring). The rows are copies: a caller may change them."""
    if _raw(cr).connection.server_version < 100000:
        # txid_current_if_assigned() is PostgreSQL 10's: nothing kept before
        cr.execute(query, params)
        return cr.fetchall()
    tables = _statement_tables(cr, query, params)
    if tables is None:
        with _lock:
            _stats["untracked"] += 1
        cr.execute(query, params)
        return cr.fetchall()
    key = (cr.dbname, _raw(cr).mogrify(query, params))
    with _lock:
        entry = _entries.get(key)
    if entry is not None:
        cr.execute(
            """
            SELECT txid_current_snapshot()::text,
                   (SELECT oid FROM pg_database WHERE datname = current_database()),
                   (SELECT horizon FROM smart_pipeline_change_horizon WHERE id = 1),
                   EXISTS (
                       SELECT 1 FROM smart_pipeline_change
                        WHERE relname = ANY(%s) AND txid >= %s
                          AND NOT txid_visible_in_snapshot(txid, %s::txid_snapshot))
            """,
            [list(entry.tables), entry.snapshot.xmin, entry.snapshot.text],
        )
        snapshot, database, horizon, changed = cr.fetchone()
        if (
            database == entry.database
            and not changed
            and entry.snapshot.xmin >= (horizon or 0)
            and Snapshot(snapshot).sees_all_of(entry.snapshot)
        ):
            with _lock:
                _stats["kept"] += 1
                if key in _entries:
                    _entries.move_to_end(key)
            return copy.deepcopy(entry.rows)
    cr.execute(
        """
        SELECT txid_current_snapshot()::text, oid, to_regclass(%s) IS NOT NULL
          FROM pg_database WHERE datname = current_database()
        """,
        [CHANGE_TABLE],
    )
    snapshot, database, installed = cr.fetchone()
    # kept only where the log exists (a database not updated yet has none)
    # and when this transaction wrote nothing the statement reads: its rows
    # may show changes that will be rolled back
    own_changes = True
    if installed:
        cr.execute(
            "SELECT EXISTS (SELECT 1 FROM smart_pipeline_change"
            " WHERE relname = ANY(%s) AND txid = txid_current_if_assigned())",
            [list(tables)],
        )
        own_changes = cr.fetchone()[0]
    cr.execute(query, params)
    rows = cr.fetchall()
    with _lock:
        _stats["computed"] += 1
    if not own_changes and len(rows) <= MAX_ROWS:
        with _lock:
            _stats["stored"] += 1
            _entries[key] = Entry(database, tables, Snapshot(snapshot), copy.deepcopy(rows))
            _entries.move_to_end(key)
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    return rows
