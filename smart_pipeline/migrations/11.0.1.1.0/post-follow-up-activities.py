# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Follow-ups became Odoo activities in 11.0.1.1.0: give every open
follow-up logged before the upgrade its activities, and the shipped channels
their activity type (their records are ``noupdate``, so the data file does
not reach existing databases). The digest template (``noupdate`` too) gets
the phone that falls back to the customer's, unless a manager reworded that
cell."""

import re

from odoo import SUPERUSER_ID, api

# channel -> activity type, as in data/crm_conversation_channel_data.xml
CHANNEL_ACTIVITY_TYPES = {
    "crm_conversation_channel_email": "mail.mail_activity_data_email",
    "crm_conversation_channel_telephone": "mail.mail_activity_data_call",
    "crm_conversation_channel_visit": "mail.mail_activity_data_meeting",
    "crm_conversation_channel_meeting": "mail.mail_activity_data_meeting",
    "crm_conversation_channel_video_call": "mail.mail_activity_data_meeting",
}


# the digest's phone / email cell before and after 11.0.1.1.0 (whatever the
# indentation the template was saved with)
DIGEST_CONTACT_SET = re.compile(
    r"^[ \t]*% set contact = line.contact_id or line.partner_id\n", re.M
)
DIGEST_CONTACT_CELL = (
    ("${contact.phone or contact.mobile or ''}", "${line.contact_phone or ''}"),
    ("% if contact.email:", "% if line.contact_email:"),
    ("${contact.email}", "${line.contact_email}"),
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.conversation"]._migrate_follow_up_activities(CHANNEL_ACTIVITY_TYPES)
    template = env.ref("smart_pipeline.mail_template_crm_followup_digest", raise_if_not_found=False)
    if template and DIGEST_CONTACT_SET.search(template.body_html or ""):
        body = DIGEST_CONTACT_SET.sub("", template.body_html)
        for old, new in DIGEST_CONTACT_CELL:
            body = body.replace(old, new)
        template.body_html = body
