# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import api, fields, models

from ..tools.dates import to_date

# The digest lists the opportunities expected to close within this many
# days, the digest's day included.
CLOSING_DAYS = 7


class CrmFollowupDigest(models.Model):
    """The forecast in the daily digest: each salesperson's open
    opportunities expected to close in the next 7 days, and those overdue
    (Expected Closing before the digest's day), as the forecast defines
    open and overdue opportunities."""

    # one concern per file: the forecast's part of the digest
    _inherit = "crm.followup.digest"  # pylint: disable=consider-merging-classes-inherited

    closing_lead_ids = fields.Many2many(
        "crm.lead",
        "crm_followup_digest_closing_lead_rel",
        "digest_id",
        "lead_id",
        string="Closing in 7 Days",
        readonly=True,
        help="The employee's open opportunities whose Expected Closing falls "
        "in the 7 days starting on the digest's day.",
    )
    overdue_lead_ids = fields.Many2many(
        "crm.lead",
        "crm_followup_digest_overdue_lead_rel",
        "digest_id",
        "lead_id",
        string="Overdue Opportunities",
        readonly=True,
        help="The employee's open opportunities whose Expected Closing is "
        "before the digest's day.",
    )

    @api.model
    def _get_opportunities_by_user(self, date):
        """{user: digest values (closing_lead_ids, overdue_lead_ids)} of the
        employees with open opportunities expected to close by the end of
        the 7 days: the forecast's open opportunities (get_overview()'s
        deals: active, at an open stage), read as superuser like the rest of
        the digest, each listed for its own salesperson."""
        day = to_date(date)
        last = fields.Date.to_string(day + timedelta(days=CLOSING_DAYS - 1))
        leads = (
            self.env["crm.lead"]
            .sudo()
            .search(
                [
                    ("type", "=", "opportunity"),
                    ("stage_id.pipeline_outcome", "=", "open"),
                    ("user_id.active", "=", True),
                    ("date_deadline", "<=", last),
                ],
                order="user_id, date_deadline, id",
            )
        )
        day = fields.Date.to_string(day)
        result = {}
        for lead in leads:
            values = result.setdefault(
                lead.user_id, {"closing_lead_ids": [(6, 0, [])], "overdue_lead_ids": [(6, 0, [])]}
            )
            key = "overdue_lead_ids" if lead.date_deadline < day else "closing_lead_ids"
            values[key][0][2].append(lead.id)
        return result
