# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Won and lost deals always have a closing date from 11.0.1.2.0 on
(crm.lead._ensure_date_closed). Deals closed before it may have none: a deal
lost through Mark Lost lost its date when it moved to the lost stage. They
get the date of their last stage change, which is when they moved to their
won or lost stage (or, failing it, their last change)."""

from odoo.addons.smart_pipeline.models.crm_stage import CLOSED_OUTCOMES


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE crm_lead
           SET date_closed = COALESCE(date_last_stage_update, write_date, create_date)
         WHERE date_closed IS NULL
           AND (stage_id IN (SELECT id FROM crm_stage WHERE pipeline_outcome IN %s)
                OR (active IS NOT TRUE AND COALESCE(probability, 0) = 0))
        """,
        (CLOSED_OUTCOMES,),
    )
