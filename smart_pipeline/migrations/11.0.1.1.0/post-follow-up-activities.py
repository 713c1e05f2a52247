# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Follow-ups became Odoo activities in 11.0.1.1.0: give every open
follow-up logged before the upgrade its activities, and the shipped channels
their activity type (their records are ``noupdate``, so the data file does
not reach existing databases)."""

from odoo import SUPERUSER_ID, api

# channel -> activity type, as in data/crm_conversation_channel_data.xml
CHANNEL_ACTIVITY_TYPES = {
    "crm_conversation_channel_email": "mail.mail_activity_data_email",
    "crm_conversation_channel_telephone": "mail.mail_activity_data_call",
    "crm_conversation_channel_visit": "mail.mail_activity_data_meeting",
    "crm_conversation_channel_meeting": "mail.mail_activity_data_meeting",
    "crm_conversation_channel_video_call": "mail.mail_activity_data_meeting",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.conversation"]._migrate_follow_up_activities(CHANNEL_ACTIVITY_TYPES)
