# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .tools import memo


def uninstall_hook(cr, registry):
    """Leave the pipeline stages to the company when the addon goes.

    The addon registers its XML ids on the stages it created or reused
    (``crm.stage._setup_pipeline_stages``). Odoo deletes, on uninstall, every
    record whose XML ids all belong to the module: the stages the addon
    created (Lead Validated, Demo Given, Negotiation, Lost) would be deleted
    and the opportunities in them would lose their stage. Forgetting the XML
    ids keeps every stage, as the company has been using them."""
    memo.uninstall(cr)
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = %s AND model = %s",
        ("smart_pipeline", "crm.stage"),
    )
