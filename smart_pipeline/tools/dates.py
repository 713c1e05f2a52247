# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Days, timezones and periods: written once, used by every model.

Odoo stores datetimes as naive UTC while people think in calendar days of
their own timezone. Every conversion between the two goes through this
module, so that a follow-up list, the overview, an objective and a report
agree on what "today" and "in March" mean.
"""

from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from psycopg2 import sql

from odoo import fields
from odoo.tools.misc import format_date

# The context key under which server code (a printed report, the daily
# digest, a test with fixed dates) asks for figures as they stand on another
# day than today. Only a ``datetime.date`` object is honoured: JSON-RPC and
# XML-RPC clients can only send strings, numbers, lists and dicts in a
# context, so no client can move "today" to reopen a closed period or to
# reschedule a follow-up into the past.
REFERENCE_DATE_KEY = "reference_date"

# Named periods around a reference day, as the Sales Pipeline Overview
# screen and its printed report offer them.
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def to_date(value):
    """The ``date`` of an ORM value (Odoo 11 hands dates around as strings),
    or None for an empty value. Raises ValueError on anything else."""
    if not value:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return fields.Date.from_string(value)


def valid_tz(tz_name):
    """``tz_name`` when pytz knows it, else "UTC": a user whose timezone was
    renamed or mistyped must get figures, not a crash."""
    return tz_name if tz_name in pytz.all_timezones_set else "UTC"


def user_tz(env):
    """The timezone of the user's days: the client's (context), else the
    user's preference, else UTC."""
    return valid_tz(env.context.get("tz") or env.user.tz)


def user_today(env):
    """Today as the user's calendar shows it."""
    now = pytz.utc.localize(datetime.utcnow())
    return now.astimezone(pytz.timezone(user_tz(env))).date()


def reference_day(env):
    """The day figures are computed for: today in the user's timezone,
    unless server code asked for another day (see ``REFERENCE_DATE_KEY``)."""
    value = env.context.get(REFERENCE_DATE_KEY)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return user_today(env)


def with_reference_day(records, day):
    """``records`` computing their figures as on ``day`` (a date or an ORM
    date string): the one way reports, the digest and tests set it."""
    return records.with_context(**{REFERENCE_DATE_KEY: to_date(day)})


def local_to_utc(day, at_time, tz_name):
    """The naive UTC datetime of ``at_time`` on ``day`` in ``tz_name``."""
    local = pytz.timezone(valid_tz(tz_name)).localize(datetime.combine(day, at_time))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def day_start_utc(day, tz_name):
    """The naive UTC instant at which ``day`` starts in ``tz_name``."""
    return local_to_utc(day, time.min, tz_name)


def day_bounds_utc(date_from, date_to, tz_name):
    """UTC bounds ``[start, end)`` of the days ``date_from`` to ``date_to``
    (both included) in ``tz_name``, as ORM datetime strings; an empty bound
    gives None (no limit)."""
    date_from, date_to = to_date(date_from), to_date(date_to)
    start = day_start_utc(date_from, tz_name) if date_from else None
    end = day_start_utc(date_to + timedelta(days=1), tz_name) if date_to else None
    return (
        fields.Datetime.to_string(start) if start else None,
        fields.Datetime.to_string(end) if end else None,
    )


def utc_to_local_day(value, tz_name):
    """The calendar day, in ``tz_name``, of a stored (naive UTC) datetime."""
    moment = fields.Datetime.from_string(value) if isinstance(value, str) else value
    return pytz.utc.localize(moment).astimezone(pytz.timezone(valid_tz(tz_name))).date()


# utc_to_local_day() in SQL, for the queries whose WITH clause has a
# "params" relation with the user's timezone in its "tz" column (the
# overview's and the flow's): the one place a query takes a stored instant
# to the user's day, so that the overview's days to close, the flow's cohort
# months and days to close and its stale days cannot drift apart.
LOCAL_DAY_SQL = "({instant} AT TIME ZONE 'UTC' AT TIME ZONE params.tz)::date"


def local_day_sql(instant):
    """The calendar day, in the user's timezone (``params.tz``), of
    ``instant``: a ``psycopg2.sql.Composable`` of a naive UTC timestamp
    (a column or an aggregate)."""
    return sql.SQL(LOCAL_DAY_SQL).format(instant=instant)


def format_day(env, value):
    """A day as the user reads dates: in their language's format (03/17/2025
    in American English, 17/03/2025 in French), in every name, message,
    title and export the addon writes, as the web client and the PDFs do.
    ``value`` is a date or an ORM date string; a datetime (naive UTC) or
    an ORM datetime string is first taken to the user's day. The language
    is the context's (a report or an e-mail rendered for its reader), else
    the user's."""
    if not value:
        return ""
    if isinstance(value, datetime) or (isinstance(value, str) and len(value) > 10):
        value = utc_to_local_day(value, user_tz(env))
    lang = env.context.get("lang") or env.user.lang or "en_US"
    return format_date(env, to_date(value), lang_code=lang)


def period_bounds(period, day):
    """First and last day of the named ``period`` ("month", "quarter",
    "year") containing ``day``; (None, None) for any other period (all time,
    custom dates)."""
    months = PERIOD_MONTHS.get(period)
    if not months:
        return None, None
    day = to_date(day)
    start = date(day.year, (day.month - 1) // months * months + 1, 1)
    return start, start + relativedelta(months=months, days=-1)


def expected_progress(start, end, reference):
    """Linear expectation over the days ``start`` to ``end`` (included): the
    percentage of them elapsed by the end of ``reference``."""
    start, end, reference = to_date(start), to_date(end), to_date(reference)
    if reference < start:
        return 0.0
    if reference >= end:
        return 100.0
    return 100.0 * ((reference - start).days + 1) / ((end - start).days + 1)
