# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models

from ..tools import inputs


class CrmPipelineInputMixin(models.AbstractModel):
    """The addon's own models refuse on create and write, naming the field,
    a value the ORM could not store (a text id, an id where relation
    commands are due, a selection value not in the list...): a clear error
    for the client instead of a server error (``tools.inputs``)."""

    _name = "crm.pipeline.input.mixin"
    _description = "Stored Value Checks"

    @api.model
    def create(self, vals):
        inputs.check_values(self, vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        inputs.check_values(self, vals)
        return super().write(vals)
