"""One home for a customer's position (issue 19): the rule "a customer's
first/latest sales line by (date_begin, id)" is written only in
``smart_pipeline/tools/position.py``.

Outside it, the addon's Python may not pick a line per customer by itself
(DISTINCT ON, an array max, LEAD ... IS NULL, ROW_NUMBER) nor take the least
or greatest ``date_begin`` of lines, except in the few places listed in
ALLOWED, each of which asks another question (an opportunity's latest line,
a follow-up's done day, a customer's latest contact of any kind) and says
why in its docstring or comment.
"""

import os
import re

from source_forms import forms_found

HOME = os.path.join("smart_pipeline", "tools", "position.py")

FORMS = re.compile(
    r"DISTINCT\s+ON|ARRAY_AGG\s*\([^)]*date_begin|\bLEAD\s*\(|\bROW_NUMBER\s*\("
    r"|\b(MIN|MAX)\s*\(\s*[\w.]*date_begin",
    re.IGNORECASE,
)
# (path, the text of the line): another question than a customer's position
ALLOWED = {
    # an opportunity's own latest line, of any kind (crm_lead._compute_stale_days)
    (os.path.join("smart_pipeline", "models", "crm_lead.py"), "MAX(date_begin)"),
    # the day a follow-up was done: the first line answering a line
    (os.path.join("smart_pipeline", "report", "crm_followup_statistics.py"), "MIN(date_begin)"),
    # a partner's last conversation of any kind (not only sales lines)
    (
        os.path.join("smart_pipeline", "models", "res_partner.py"),
        "MAX(crm_conversation.date_begin)",
    ),
    # a customer's latest contact of any kind, for the flow's stale figure
    (
        os.path.join("smart_pipeline", "models", "crm_pipeline_flow.py"),
        "MAX(crm_conversation.date_begin)",
    ),
}


def test_no_second_form_of_the_position_rule():
    found = forms_found(FORMS, ["smart_pipeline"], HOME, ALLOWED)
    assert not found, "a second form of the position rule:\n" + "\n".join(found)


def test_the_check_finds_a_second_form():
    """The pattern catches the forms issue 19 listed."""
    for text in (
        "SELECT DISTINCT ON (commercial_partner_id) id",
        "MIN(crm_conversation.date_begin) AS first_date",
        "MAX(line.date_begin)",
        "LEAD(id) OVER path IS NULL",
        "(ARRAY_AGG(id ORDER BY date_begin DESC, id DESC))[1]",
    ):
        assert FORMS.search(text), text
