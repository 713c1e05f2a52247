# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools import memo


class CrmPipelineMemo(models.AbstractModel):
    """The engine's memo in the database: the change log its entries are
    checked against, the triggers that fill it and its pruning
    (``tools/memo.py`` explains why). No table of its own for the ORM:
    nothing here is readable by a client.

    Loaded last (see ``models/__init__.py``): its ``init()`` puts the
    triggers on every tracked table, the addon's own included."""

    _name = "crm.pipeline.memo"
    _description = "Pipeline engine memo"

    @api.model_cr
    def init(self):
        memo.install(self.env.cr)

    @api.model
    def _cron_prune(self):
        """Drop the change log's old rows (scheduled action, daily)."""
        return memo.prune(self.env.cr)
