# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""iCalendar (RFC 5545) export, written with ``vobject`` (a dependency of
Odoo's calendar), which escapes TEXT values and folds content lines at 75
octets without splitting a UTF-8 character: nothing of RFC 5545 is written
by hand here."""

from datetime import datetime

import pytz
import vobject

PRODID = "-//Smart Pipeline//Customer Conversation//EN"


def vtodo(uid, stamp, summary, description=None, due=None, contact=None, completed=False):
    """A calendar holding one task (VTODO), as UTF-8 bytes.

    ``stamp`` is a naive UTC datetime, ``due`` a date (a whole-day due
    date); empty optional values are left out.
    """
    calendar = vobject.iCalendar()
    calendar.add("prodid").value = PRODID
    todo = calendar.add("vtodo")
    todo.add("uid").value = uid
    todo.add("dtstamp").value = pytz.utc.localize(
        stamp if isinstance(stamp, datetime) else datetime.utcnow()
    )
    todo.add("summary").value = summary
    if description:
        todo.add("description").value = description
    if due:
        todo.add("due").value = due
    if contact:
        todo.add("contact").value = contact
    todo.add("status").value = "COMPLETED" if completed else "NEEDS-ACTION"
    return calendar.serialize().encode("utf-8")
