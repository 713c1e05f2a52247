# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Pure helpers of the addon: no model, no cursor, one home per rule.

- ``dates``: the user's day and its UTC bounds, the reference day figures are
  computed for, and the named periods (month, quarter, year) around a day;
- ``filters``: the filters and periods of the pipeline screens and reports
  (period bounds and labels, parsed arguments, company and people domains);
- ``position``: the pipeline engine, a customer's position in SQL;
- ``ical``: a conversation as an iCalendar task, written with ``vobject``;
- ``limits``: how much work one request may ask for (periods of an analysis,
  points of a trend);
- ``inputs``: which values a create or a write may hand the ORM;
- ``memo``: a screen's statement kept while the tables it reads have not
  changed (checked against a change log the triggers fill).
"""

from . import dates, filters, ical, inputs, limits, memo  # noqa: F401
