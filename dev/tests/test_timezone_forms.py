"""One home for the user's day of a stored instant: the rule "a naive UTC
datetime, seen in the user's timezone, falls on this calendar day" is
written in SQL only in ``smart_pipeline/tools/dates.py`` (``local_day_sql``,
the SQL twin of ``utc_to_local_day``).

The overview's days of a position (``_position_days()``) and the flow's
days to close, cohort months and stale days all take a stored instant to the
user's day; a second inline ``AT TIME ZONE`` in a query could drift from
the others (a flow saying 45 days to close where the overview says 44).
"""

import os
import re

from source_forms import ROOT, forms_found

ADDONS = ["smart_pipeline", "smart_pipeline_crm_phonecall"]
HOME = os.path.join("smart_pipeline", "tools", "dates.py")

# a conversion to a zone other than UTC (the user's); "now() AT TIME ZONE
# 'UTC'" (a stored create/write instant) asks no one's day
FORM = re.compile(r"\bAT\s+TIME\s+ZONE\s+(?!'UTC')", re.IGNORECASE)


def test_no_second_form_of_the_users_day():
    found = forms_found(FORM, ADDONS, HOME)
    assert not found, "a second form of the user's day (use dates.local_day_sql):\n" + "\n".join(
        found
    )


def test_the_home_holds_the_form():
    """The pattern matches the home's own form, and the forms the flow
    once wrote inline, so the check can fail."""
    with open(os.path.join(ROOT, HOME), encoding="utf-8") as source:
        assert FORM.search(source.read())
    for text in (
        "(customer.first_won AT TIME ZONE 'UTC' AT TIME ZONE params.tz)::date",
        "to_char(customer.first_date at time zone 'UTC' at time zone %s, 'YYYY-MM')",
    ):
        assert FORM.search(text), text
    assert not FORM.search("(now() at time zone 'UTC')")
