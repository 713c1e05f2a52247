# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The filters and periods of the pipeline screens: one component.

The overview, the flow, the trend, the forecast, the printed report and the
Excel download all take the same filters: a period (this month, quarter,
year, all time or custom days, in the user's timezone), a reference day,
salespeople, sales teams and the user's companies. They parse them here,
turn them into UTC bounds here and into domains here, so that a screen, its
paper and its workbook cannot disagree on what "this year" or "team North"
means:

- ``period()``: bounds and label of a named period around a day;
- ``prepare()``: the normalised filters of a request (parsed arguments, the
  UTC bounds of the period and of the reference day's month), refused
  clearly when malformed;
- ``company_domain()``: records of no company or of the user's companies;
- ``people_domain()``: the salespeople and teams filters on any model.

The arguments arrive from the screen, XML-RPC clients and stored wizards
alike: anything else than a date or a list of ids is refused with a
translated UserError, never a crash.
"""

import datetime

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..models.crm_stage import CLOSED_OUTCOMES
from . import dates, inputs

# The periods the screen, the printed report and the Excel download offer;
# their bounds come from period().
PERIOD_SELECTION = [
    ("month", "This Month"),
    ("quarter", "This Quarter"),
    ("year", "This Year"),
    ("all", "All Time"),
    ("custom", "Custom"),
]


# The days a filter may name: their bounds in UTC, a month or a year around
# them, must stay within Python's and PostgreSQL's dates in every timezone.
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(9998, 12, 31)


def to_date(value, name):
    """A date argument (a date or "YYYY-MM-DD"; False/None: none), parsed,
    or a clear UserError naming the argument."""
    try:
        day = dates.to_date(value) or False
    except (TypeError, ValueError):
        day = None
    if day is None or (day and not DATE_MIN <= day <= DATE_MAX):
        raise UserError(
            _("%(name)s must be a date (YYYY-MM-DD) from %(min)s to %(max)s, not %(value)r.")
            % {"name": name, "value": value, "min": DATE_MIN, "max": DATE_MAX}
        )
    return day


def to_id(value, name):
    """A record id argument (False/None/0: none), or a clear UserError
    naming the argument: the figures' keys of a drill-down reach SQL."""
    if not value:
        return False
    if not inputs.is_id(value):
        raise UserError(
            _("%(name)s must be a record id, not %(value)r.") % {"name": name, "value": value}
        )
    return value


def to_ids(value, name):
    """A list-of-ids argument (an id, a list of ids or a recordset;
    False: no filter), parsed, or a clear UserError naming the argument."""
    if not value:
        return []
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, models.BaseModel):
        return value.ids
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    ):
        raise UserError(
            _("%(name)s must be a list of record ids, not %(value)r.")
            % {"name": name, "value": value}
        )
    return list(value)


def period_labels(env):
    """{period: its label in the user's language}."""
    return dict(env["crm.pipeline.overview.print"]._fields["period"]._description_selection(env))


def period(env, name, reference_date=False, date_from=False, date_to=False):
    """Bounds and label of the period ``name`` around ``reference_date``
    (the user's day by default): ``{"date_from", "date_to", "label",
    "reference_date"}``, dates as ORM strings (False: no bound);
    ``date_from``/``date_to`` are the days of the "custom" period."""
    labels = period_labels(env)
    if not isinstance(name, str) or name not in labels:
        raise UserError(_("Unknown period of the pipeline overview: %(period)s") % {"period": name})
    day = to_date(reference_date, "reference_date") or dates.reference_day(env)
    if name == "custom":
        start = to_date(date_from, "date_from")
        end = to_date(date_to, "date_to")
    else:
        start, end = dates.period_bounds(name, day)
    label = labels[name]
    if start or end:
        label = "%s: %s - %s" % (
            label,
            dates.format_day(env, start) if start else "…",
            dates.format_day(env, end) if end else "…",
        )
    return {
        "date_from": fields.Date.to_string(start) if start else False,
        "date_to": fields.Date.to_string(end) if end else False,
        "label": label,
        "reference_date": fields.Date.to_string(day),
    }


def prepare(env, date_from, date_to, user_ids, team_ids, reference_date):
    """The normalised filters of a request: the parsed arguments, every
    pipeline stage (archived ones included), the user's timezone and the
    UTC bounds of the period's days (``period_start``/``period_end``,
    "-infinity"/"infinity" when open) and of the reference day's month."""
    tz_name = dates.user_tz(env)
    date_from = to_date(date_from, "date_from")
    date_to = to_date(date_to, "date_to")
    if date_from and date_to and date_from > date_to:
        raise UserError(_("The start of the period must be before its end."))
    reference = to_date(reference_date, "reference_date") or dates.reference_day(env)
    period_start, period_end = dates.day_bounds_utc(date_from, date_to, tz_name)
    month_start, month_end = dates.day_bounds_utc(*dates.period_bounds("month", reference), tz_name)
    return {
        "stages": env["crm.stage"]
        .with_context(active_test=False)
        .search([("pipeline_outcome", "in", ("open",) + CLOSED_OUTCOMES)]),
        "date_from": date_from,
        "date_to": date_to,
        "reference_date": reference,
        "user_ids": to_ids(user_ids, "user_ids"),
        "team_ids": to_ids(team_ids, "team_ids"),
        "tz": tz_name,
        "period_start": period_start or "-infinity",
        "period_end": period_end or "infinity",
        "month_start": month_start,
        "month_end": month_end,
    }


def company_domain(env, company_ids=None):
    """Records of no company or of the user's allowed companies (or of
    ``company_ids``, for a system job acting for an employee)."""
    if company_ids is None:
        company_ids = env.user.company_ids.ids
    return ["|", ("company_id", "=", False), ("company_id", "in", company_ids)]


def people_domain(filters, user_field="user_id", team_field="team_id"):
    """The salespeople and teams filters of ``filters`` (from prepare()) on
    a model whose salesperson and team are ``user_field`` and
    ``team_field``."""
    domain = []
    if filters["user_ids"]:
        domain.append((user_field, "in", filters["user_ids"]))
    if filters["team_ids"]:
        domain.append((team_field, "in", filters["team_ids"]))
    return domain
