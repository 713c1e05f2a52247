# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a create or a write may hand the ORM: one home for the types.

Odoo 11's ORM converts a value only when it stores it: a text where an id
is due reaches PostgreSQL ("invalid input syntax for integer"), an id where
relation commands are due raises a TypeError, a selection value not in the
list a ValueError. Over RPC each of them is a server error, a traceback,
where the user (or the integration) needs to be told which field is wrong.
``check_values()`` refuses them first, with a translated ValidationError
naming the field; the addon's models call it from create and write.
"""

import datetime
import math

from odoo import _
from odoo.exceptions import ValidationError

# PostgreSQL's "integer" (Odoo 11's column of an Integer field or an id)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def is_id(value):
    """A record id: a positive integer of PostgreSQL's range (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= INT_MAX


def is_x2many_command(command):
    """Whether ``command`` is one of the ORM's relation commands, of the
    arity and types Odoo 11's write expects: (0, _, values), (1, id,
    values), (2|3|4, id), (5,), (6, _, ids). Anything else crashed the ORM
    (a TypeError, or a SQL error on a text id)."""
    if not isinstance(command, (list, tuple)) or not command:
        return False
    code, size = command[0], len(command)
    if isinstance(code, bool) or code not in (0, 1, 2, 3, 4, 5, 6):
        return False
    if code == 0:
        return size == 3 and isinstance(command[2], dict)
    if code == 1:
        return size == 3 and is_id(command[1]) and isinstance(command[2], dict)
    if code in (2, 3, 4):
        return size in (2, 3) and is_id(command[1])
    if code == 5:
        return size <= 3
    return (
        size == 3
        and isinstance(command[2], (list, tuple))
        and all(is_id(record_id) for record_id in command[2])
    )


def _is_number(value, integer=False):
    if isinstance(value, bool):
        return True  # the ORM stores it as 0 or 1
    try:
        # the ORM's own conversion: int("5.0") fails where float("5.0") does not
        number = int(value) if integer and isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        return False
    if integer:
        return math.isfinite(number) and INT_MIN <= number <= INT_MAX
    return math.isfinite(number)


def value_fits(record, field, value):
    """Whether the ORM can store ``value`` in ``field`` of ``record``'s
    model (False and None, "no value", always can)."""
    if value is False or value is None:
        return True
    kind = field.type
    if kind == "many2one":
        return is_id(value)
    if kind in ("one2many", "many2many"):
        commands = value if isinstance(value, (list, tuple)) else [value]
        return all(is_x2many_command(command) for command in commands)
    if kind == "integer":
        return _is_number(value, integer=True)
    if kind in ("float", "monetary"):
        return _is_number(value)
    if kind in ("date", "datetime"):
        if not isinstance(value, str):
            return isinstance(value, (datetime.date, datetime.datetime))
        try:
            field.from_string(value)
        except (TypeError, ValueError, OverflowError):
            return False
        return True
    if kind == "selection":
        try:
            field.convert_to_cache(value, record)
        except (TypeError, ValueError):
            return False
        return True
    if kind in ("char", "text", "html"):
        return isinstance(value, (str, int, float))
    return True


def check_values(record, vals):
    """Refuse, naming the field, a value the ORM could not store (see the
    module's docstring); fields the model does not have are left to the
    ORM, which ignores them."""
    for name, value in vals.items():
        field = record._fields.get(name)
        if field is None or value_fits(record, field, value):
            continue
        label = field.get_description(record.env)["string"]
        if field.type in ("one2many", "many2many"):
            message = _("%(name)s must be a list of relation commands, not %(value)r.")
        elif field.type == "many2one":
            message = _("%(name)s must be a record id, not %(value)r.")
        else:
            message = _("%(name)s: %(value)r is not a valid value.")
        raise ValidationError(message % {"name": label, "value": value})
