# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class IrTranslation(models.Model):
    _inherit = "ir.translation"

    @api.model_cr_context
    def load_module_terms(self, modules, langs):
        """Installing a language (or updating translations) loads crm's
        terms before this addon's: crm's translation of a stage it shipped
        and the addon renamed ("New": "Nouveau" for "Initial Contact")
        would keep the addon's out. Drop those and load the addon's terms
        of these languages again. The addon counts from its own install on
        ("to install"): Odoo 11 loads its catalogues, and runs its
        at_install tests, before it marks it installed."""
        result = super().load_module_terms(modules, langs)
        module = self.env["ir.module.module"].search(
            [
                ("name", "=", "smart_pipeline"),
                ("state", "in", ("installed", "to install", "to upgrade")),
            ]
        )
        Stage = self.env["crm.stage"]
        if module and hasattr(Stage, "_drop_stale_stage_translations"):
            stale = Stage._drop_stale_stage_translations()
            if stale:
                super().load_module_terms(["smart_pipeline"], stale)
        return result
