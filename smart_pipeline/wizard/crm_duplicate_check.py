# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# Models the check runs on, and the fields proposed by default.
DUPLICATE_MODELS = {
    "crm.lead": ("name", "email_from"),
    "res.partner": ("name", "email"),
}
# Values compared without spaces and punctuation, so that "+32 2 555 12 34"
# and "+3225551234" match.
COMPACT_FIELDS = ("phone", "mobile", "vat", "zip")
COMPARABLE_TYPES = ("char", "many2one")
# Groups listed at most: beyond that the user narrows the fields first.
MAX_GROUPS = 200


class CrmDuplicateCheck(models.TransientModel):
    """Find leads or contacts that share the values of the fields the user
    picks, and hand each group to Odoo's own merge wizard."""

    _name = "crm.duplicate.check"
    _description = "Check Duplicates"

    model_name = fields.Selection(
        [("crm.lead", "Leads / Opportunities"), ("res.partner", "Contacts")],
        string="Check",
        required=True,
        default=lambda self: self._default_model_name(),
    )
    field_ids = fields.Many2many(
        "ir.model.fields",
        string="Compare",
        domain="[('model', '=', model_name), ('store', '=', True),"
        " ('ttype', 'in', ('char', 'many2one'))]",
        default=lambda self: self._default_field_ids(),
        help="Records are duplicates when all these fields have the same "
        "value (case, spaces and, for phones and VAT numbers, punctuation "
        "ignored). Empty values never match.",
    )
    state = fields.Selection(
        [("draft", "Fields"), ("done", "Duplicates")],
        default="draft",
        readonly=True,
    )
    group_ids = fields.One2many(
        "crm.duplicate.check.group", "check_id", string="Duplicates", readonly=True
    )
    group_count = fields.Integer(compute="_compute_group_count")

    @api.model
    def _default_model_name(self):
        model_name = self.env.context.get("active_model")
        return model_name if model_name in DUPLICATE_MODELS else "crm.lead"

    @api.model
    def _default_field_ids(self):
        model_name = self._default_model_name()
        return self.env["ir.model.fields"].search(
            [
                ("model", "=", model_name),
                ("name", "in", DUPLICATE_MODELS[model_name]),
            ]
        )

    @api.depends("group_ids")
    def _compute_group_count(self):
        for check in self:
            check.group_count = len(check.group_ids)

    @api.onchange("model_name")
    def _onchange_model_name(self):
        self.field_ids = self.env["ir.model.fields"].search(
            [
                ("model", "=", self.model_name),
                ("name", "in", DUPLICATE_MODELS.get(self.model_name, ())),
            ]
        )

    @api.multi
    def _check_fields(self):
        """Only stored text and many2one fields of the checked model can be
        compared: their names become SQL identifiers."""
        self.ensure_one()
        if not self.field_ids:
            raise UserError(_("Choose at least one field to compare."))
        model = self.env[self.model_name]
        for field in self.field_ids:
            model_field = model._fields.get(field.name)
            if (
                field.model != self.model_name
                or not model_field
                or not model_field.store
                or model_field.type not in COMPARABLE_TYPES
            ):
                raise UserError(
                    _("Field %(field)s cannot be compared to find duplicates.")
                    % {"field": field.field_description}
                )

    @api.multi
    def _get_duplicate_query(self):
        """Group the active records on the normalised chosen values."""
        self.ensure_one()
        keys, filters = [], []
        for field in self.field_ids.sorted("name"):
            column = sql.Identifier(field.name)
            if field.ttype == "many2one":
                keys.append(column)
                filters.append(sql.SQL("{} IS NOT NULL").format(column))
                continue
            if field.name in COMPACT_FIELDS:
                key = sql.SQL("lower(regexp_replace({}, '[^[:alnum:]+]', '', 'g'))")
            else:
                key = sql.SQL("lower(trim({}))")
            keys.append(key.format(column))
            filters.append(sql.SQL("trim(coalesce({}, '')) != ''").format(column))
        return sql.SQL(
            "SELECT array_agg(id ORDER BY id) FROM {table}"
            " WHERE active AND {filters}"
            " GROUP BY {keys} HAVING count(*) > 1"
            " ORDER BY min(id) LIMIT %s"
        ).format(
            table=sql.Identifier(self.env[self.model_name]._table),
            filters=sql.SQL(" AND ").join(filters),
            keys=sql.SQL(", ").join(keys),
        )

    @api.multi
    def _find_duplicate_groups(self):
        """Return lists of record ids, one per group of duplicates the user
        may see: groups are filtered through the record rules."""
        self.ensure_one()
        self._check_fields()
        self.env.cr.execute(self._get_duplicate_query(), (MAX_GROUPS,))
        groups = [row[0] for row in self.env.cr.fetchall()]
        visible = set(
            self.env[self.model_name]
            .search([("id", "in", [rid for group in groups for rid in group])])
            .ids
        )
        groups = [[rid for rid in group if rid in visible] for group in groups]
        return [group for group in groups if len(group) > 1]

    @api.multi
    def action_check(self):
        self.ensure_one()
        groups = self._find_duplicate_groups()
        record_field = self.env["crm.duplicate.check.group"]._record_field(self.model_name)
        self.group_ids.unlink()
        self.write(
            {
                "state": "done",
                "group_ids": [(0, 0, {record_field: [(6, 0, group)]}) for group in groups],
            }
        )
        return self._reopen()

    @api.multi
    def action_back(self):
        self.ensure_one()
        self.group_ids.unlink()
        self.state = "draft"
        return self._reopen()

    @api.multi
    def _reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Check Duplicates"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }


class CrmDuplicateCheckGroup(models.TransientModel):
    """One group of records found to be duplicates of each other."""

    _name = "crm.duplicate.check.group"
    _description = "Group of Duplicates"

    check_id = fields.Many2one("crm.duplicate.check", required=True, ondelete="cascade")
    model_name = fields.Selection(related="check_id.model_name", readonly=True)
    lead_ids = fields.Many2many("crm.lead", string="Leads / Opportunities")
    partner_ids = fields.Many2many("res.partner", string="Contacts")
    record_count = fields.Integer(string="Records", compute="_compute_record_count")

    @api.model
    def _record_field(self, model_name):
        return "lead_ids" if model_name == "crm.lead" else "partner_ids"

    @api.depends("lead_ids", "partner_ids")
    def _compute_record_count(self):
        for group in self:
            group.record_count = len(group.lead_ids) + len(group.partner_ids)

    @api.multi
    def action_merge(self):
        """Open Odoo's merge wizard on the group: crm's opportunity merge for
        leads, the contact merge for partners (which moves every record that
        points to the merged contacts, conversations included, to the
        surviving one)."""
        self.ensure_one()
        if self.model_name == "crm.lead":
            res_model, records = "crm.merge.opportunity", self.lead_ids
            name = _("Merge Leads/Opportunities")
        else:
            res_model, records = "base.partner.merge.automatic.wizard", self.partner_ids
            name = _("Merge Contacts")
        context = dict(
            self.env.context,
            active_model=records._name,
            active_ids=records.ids,
            active_id=records[:1].id,
        )
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": res_model,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": context,
        }
