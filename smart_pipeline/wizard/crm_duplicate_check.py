# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.crm_stage import CLOSED_OUTCOMES

# Models the check runs on, and the fields proposed by default: records that
# share an email or a phone number are the duplicates users meet every day
# (the same name is compared on request only: homonyms are not duplicates).
DUPLICATE_MODELS = {
    "crm.lead": ("email_from", "phone"),
    "res.partner": ("email", "phone"),
}
# Values compared without spaces and punctuation, so that "+32 2 555 12 34"
# and "+3225551234" match.
COMPACT_FIELDS = ("phone", "mobile", "vat", "zip")
COMPARABLE_TYPES = ("char", "many2one")
# Groups listed at most: beyond that the user narrows the fields first.
MAX_GROUPS = 200
# Selected records named in the form; the others are counted.
SUMMARY_NAMES = 3
# A won deal: Odoo's opportunity merge (crm.merge.opportunity) only takes
# leads below this probability; with a deal at a won or lost stage, a check
# leaves them out by default and never hands them to the merge.
WON_PROBABILITY = 100


class CrmDuplicateCheck(models.TransientModel):
    """Find leads or contacts that share the values of the fields the user
    picks, and hand each group to Odoo's own merge wizard. Opened from a list
    with records selected, it looks for the duplicates of those records."""

    _name = "crm.duplicate.check"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Check Duplicates"

    model_name = fields.Selection(
        [("crm.lead", "Leads / Opportunities"), ("res.partner", "Contacts")],
        string="Check",
        required=True,
        default=lambda self: self._default_model_name(),
    )
    match = fields.Selection(
        [("any", "one of these values"), ("all", "all these values")],
        string="Duplicates share",
        required=True,
        default="any",
        help="One of these values: records sharing an email, or a phone, are "
        "one group. All these values: only records equal on every field.",
    )
    field_ids = fields.Many2many(
        "ir.model.fields",
        string="Compare",
        domain="[('model', '=', model_name), ('store', '=', True),"
        " ('ttype', 'in', ('char', 'many2one'))]",
        default=lambda self: self._default_field_ids(),
        help="Case, spaces and, for phones and VAT numbers, punctuation are "
        "ignored. Empty values never match.",
    )
    selected_lead_ids = fields.Many2many(
        "crm.lead",
        string="Duplicates of",
        default=lambda self: self._default_selected("crm.lead"),
        help="Only groups holding one of these records are listed; empty: "
        "every record you may see.",
    )
    selected_partner_ids = fields.Many2many(
        "res.partner",
        string="Duplicates of",
        default=lambda self: self._default_selected("res.partner"),
        help="Only groups holding one of these contacts are listed; empty: "
        "every contact you may see.",
    )
    selected_summary = fields.Char(
        string="Duplicates of",
        compute="_compute_selected_summary",
        help="The records selected in the list the check was opened from: "
        "only groups holding one of them are listed.",
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
    include_closed = fields.Boolean(
        string="Include closed deals",
        help="Won and lost deals are left out by default: only open leads "
        "and opportunities are merged. Archived (lost) ones are never "
        "listed.",
    )
    truncated = fields.Boolean(readonly=True)
    last_merge = fields.Char(readonly=True)

    @api.model
    def _default_model_name(self):
        model_name = self.env.context.get("active_model")
        return model_name if model_name in DUPLICATE_MODELS else "crm.lead"

    @api.model
    def _default_field_ids(self):
        return self._proposed_fields(self._default_model_name())

    @api.model
    def _default_selected(self, model_name):
        """The records selected in the list the check is launched from (the
        open record when launched from a form)."""
        context = self.env.context
        if context.get("active_model") != model_name:
            return self.env[model_name]
        ids = context.get("active_ids") or []
        if not isinstance(ids, (list, tuple)) or not all(isinstance(i, int) for i in ids):
            return self.env[model_name]
        return self.env[model_name].search([("id", "in", list(ids))])

    @api.model
    def _proposed_fields(self, model_name):
        return self.env["ir.model.fields"].search(
            [
                ("model", "=", model_name),
                ("name", "in", DUPLICATE_MODELS.get(model_name, ())),
            ]
        )

    @api.depends("group_ids")
    def _compute_group_count(self):
        for check in self:
            check.group_count = len(check.group_ids)

    @api.depends("model_name", "selected_lead_ids", "selected_partner_ids")
    def _compute_selected_summary(self):
        """A few names, or how many: a list selection may hold hundreds."""
        for check in self:
            records = check._selected_records()
            names = records[:SUMMARY_NAMES].mapped("display_name")
            if len(records) > SUMMARY_NAMES:
                check.selected_summary = _("%(names)s and %(count)s more") % {
                    "names": ", ".join(names),
                    "count": len(records) - SUMMARY_NAMES,
                }
            else:
                check.selected_summary = ", ".join(names)

    @api.onchange("model_name")
    def _onchange_model_name(self):
        self.field_ids = self._proposed_fields(self.model_name)

    @api.multi
    def _selected_records(self):
        self.ensure_one()
        if self.model_name == "crm.lead":
            return self.selected_lead_ids
        return self.selected_partner_ids

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

    @api.model
    def _field_key(self, field):
        """SQL expression of a field's compared value, and its condition of
        not being empty."""
        column = sql.Identifier(field.name)
        if field.ttype == "many2one":
            return column, sql.SQL("{} IS NOT NULL").format(column)
        if field.name in COMPACT_FIELDS:
            key = sql.SQL("lower(regexp_replace({}, '[^[:alnum:]+]', '', 'g'))")
        else:
            key = sql.SQL("lower(trim({}))")
        return (
            key.format(column),
            sql.SQL("trim(coalesce({}, '')) != ''").format(column),
        )

    @api.multi
    def _get_duplicate_query(self, fields_):
        """Group the active records on the normalised values of ``fields_``
        (all of them equal); with a selection, only groups holding one of the
        selected records. Returns the ids and, per field, one shared value
        to show."""
        self.ensure_one()
        keys, filters, shown = [], [], []
        for field in fields_:
            key, condition = self._field_key(field)
            keys.append(key)
            filters.append(condition)
            column = sql.Identifier(field.name)
            if field.ttype == "many2one":
                shown.append(sql.SQL("NULL::text"))
            else:
                shown.append(sql.SQL("(array_agg(trim({}) ORDER BY id))[1]").format(column))
        if self.model_name == "crm.lead" and not self.include_closed:
            filters.append(
                sql.SQL(
                    "COALESCE({}, 0) < %(won)s AND COALESCE({} <> ALL(%(closed_stages)s), TRUE)"
                ).format(sql.Identifier("probability"), sql.Identifier("stage_id"))
            )
        having = sql.SQL("count(*) > 1")
        if self._selected_records():
            having = sql.SQL("count(*) > 1 AND bool_or(id = ANY(%(selected)s))")
        return sql.SQL(
            "SELECT array_agg(id ORDER BY id), ARRAY[{shown}] FROM {table}"
            " WHERE active AND {filters}"
            " GROUP BY {keys} HAVING {having}"
            " ORDER BY min(id) LIMIT %(limit)s"
        ).format(
            shown=sql.SQL(", ").join(shown),
            table=sql.Identifier(self.env[self.model_name]._table),
            filters=sql.SQL(" AND ").join(filters),
            keys=sql.SQL(", ").join(keys),
            having=having,
        )

    @api.multi
    def _query_groups(self, fields_):
        """[(ids, reason)] for records equal on every field of ``fields_``."""
        self.ensure_one()
        self.env.cr.execute(
            self._get_duplicate_query(fields_),
            {
                "selected": self._selected_records().ids,
                "limit": MAX_GROUPS + 1,
                "won": WON_PROBABILITY,
                "closed_stages": self.env["crm.stage"]
                .with_context(active_test=False)
                .search([("pipeline_outcome", "in", CLOSED_OUTCOMES)])
                .ids,
            },
        )
        groups = []
        for ids, values in self.env.cr.fetchall():
            reason = ", ".join(
                "%s %s" % (field.field_description, value) if value else field.field_description
                # the query's ARRAY holds one shown value per field, in order
                for field, value in zip(fields_, values)
            )
            groups.append((ids, reason))
        return groups

    @api.multi
    def _find_duplicate_groups(self):
        """Return [(ids, reason)], one per group of duplicates the user may
        see (groups are filtered through the record rules), and whether more
        groups exist than are listed. With "one of these values", groups
        that share a record are joined: a contact sharing its email with one
        record and its phone with another is merged with both at once."""
        self.ensure_one()
        self._check_fields()
        fields_ = self.field_ids.sorted("name")
        if self.match == "all":
            groups = self._query_groups(fields_)
        else:
            groups = _join_overlapping(
                [group for field in fields_ for group in self._query_groups(field)]
            )
        truncated = len(groups) > MAX_GROUPS
        groups = groups[:MAX_GROUPS]
        visible = set(
            self.env[self.model_name]
            .search([("id", "in", [rid for ids, _reason in groups for rid in ids])])
            .ids
        )
        groups = [([rid for rid in ids if rid in visible], reason) for ids, reason in groups]
        return [group for group in groups if len(group[0]) > 1], truncated

    @api.multi
    def action_check(self):
        self.ensure_one()
        groups, truncated = self._find_duplicate_groups()
        record_field = self.env["crm.duplicate.check.group"]._record_field(self.model_name)
        self.group_ids.unlink()
        self.write(
            {
                "state": "done",
                "truncated": truncated,
                "group_ids": [
                    (0, 0, {record_field: [(6, 0, ids)], "reason": reason})
                    for ids, reason in groups
                ],
            }
        )
        return self._reopen()

    @api.multi
    def action_back(self):
        self.ensure_one()
        self.group_ids.unlink()
        self.write({"state": "draft", "last_merge": False})
        return self._reopen()

    @api.multi
    def _after_merge(self, survivor, was_selected):
        """The next screen after a merge started from this check: the
        remaining groups, or the surviving record when none remain. The
        survivor takes the place of merged records the check started from
        (``was_selected``), so that the check goes on from the same records."""
        self.ensure_one()
        if was_selected:
            selected_field = (
                "selected_lead_ids" if self.model_name == "crm.lead" else "selected_partner_ids"
            )
            self[selected_field] |= survivor
        self.last_merge = _("Merged into %(name)s.") % {"name": survivor.display_name}
        self.action_check()
        if self.group_ids:
            return self._reopen()
        return survivor.get_formview_action()

    @api.model
    def _from_merge_context(self):
        """The check a merge wizard was opened from (its own, per the
        transient models' rule), or an empty recordset."""
        check_id = self.env.context.get("duplicate_check_id")
        if not isinstance(check_id, int):
            return self.browse()
        # sudo: another user's check is not readable; it is not followed
        check = self.browse(check_id).sudo().exists()
        if check.create_uid != self.env.user:
            return self.browse()
        return self.browse(check.id)

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


def _join_overlapping(groups):
    """Join groups that share a record (union-find over record ids); keeps
    the first group's order and lists every reason once."""
    parent = {}

    def find(rid):
        while parent.setdefault(rid, rid) != rid:
            parent[rid] = parent[parent[rid]]
            rid = parent[rid]
        return rid

    for ids, _reason in groups:
        for rid in ids[1:]:
            parent[find(rid)] = find(ids[0])
    joined = {}
    for ids, reason in groups:
        ids_, reasons = joined.setdefault(find(ids[0]), (set(), []))
        ids_.update(ids)
        if reason not in reasons:
            reasons.append(reason)
    result = [(sorted(ids), "; ".join(reasons)) for ids, reasons in joined.values()]
    return sorted(result, key=lambda group: group[0][0])


class CrmDuplicateCheckGroup(models.TransientModel):
    """One group of records found to be duplicates of each other."""

    _name = "crm.duplicate.check.group"
    _inherit = ["crm.pipeline.input.mixin"]
    _description = "Group of Duplicates"
    _order = "id"

    check_id = fields.Many2one("crm.duplicate.check", required=True, ondelete="cascade")
    model_name = fields.Selection(related="check_id.model_name", readonly=True)
    lead_ids = fields.Many2many("crm.lead", string="Leads / Opportunities")
    partner_ids = fields.Many2many("res.partner", string="Contacts")
    record_count = fields.Integer(string="Records", compute="_compute_record_count")
    mergeable_count = fields.Integer(
        compute="_compute_record_count",
        help="Records Odoo's merge takes: won deals are not merged.",
    )
    closed_summary = fields.Char(
        string="Closed",
        compute="_compute_record_count",
        help="The closed deals of the group, with their stage: they are " "listed but not merged.",
    )
    reason = fields.Char(string="Shared", readonly=True)

    @api.model
    def _record_field(self, model_name):
        return "lead_ids" if model_name == "crm.lead" else "partner_ids"

    @api.depends("lead_ids", "partner_ids")
    def _compute_record_count(self):
        for group in self:
            closed = group.lead_ids - group._mergeable_leads()
            group.record_count = len(group.lead_ids) + len(group.partner_ids)
            group.mergeable_count = group.record_count - len(closed)
            group.closed_summary = ", ".join(
                "%s (%s)" % (lead.name, lead.stage_id.name or "") for lead in closed
            )

    @api.multi
    def _mergeable_leads(self):
        """The open deals of the group: neither won (Odoo's merge drops
        them) nor at a won or lost stage."""
        self.ensure_one()
        return self.lead_ids.filtered(
            lambda lead: lead.probability < WON_PROBABILITY
            and lead.stage_id.pipeline_outcome not in CLOSED_OUTCOMES
        )

    @api.multi
    def action_merge(self):
        """Open Odoo's merge wizard on the group: crm's opportunity merge for
        leads, the contact merge for partners (which moves every record that
        points to the merged contacts, conversations included, to the
        surviving one). Both come back to this check when done."""
        self.ensure_one()
        if self.mergeable_count < 2:
            raise UserError(
                _(
                    "Only %(count)s record of this group can be merged: closed deals "
                    "are not merged. Open them to change them by hand."
                )
                % {"count": self.mergeable_count}
            )
        if self.model_name == "crm.lead":
            res_model, records = "crm.merge.opportunity", self._mergeable_leads()
            name = _("Merge Leads/Opportunities")
        else:
            res_model, records = "base.partner.merge.automatic.wizard", self.partner_ids
            name = _("Merge Contacts")
        context = dict(
            self.env.context,
            active_model=records._name,
            active_ids=records.ids,
            active_id=records[:1].id,
            duplicate_check_id=self.check_id.id,
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
