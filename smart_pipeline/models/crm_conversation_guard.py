# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import math

from odoo import _, api, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import inputs
from .crm_conversation import MAX_DURATION_MINUTES

# Configuration that can be archived: archived values stay valid on the lines
# logged before, but cannot be chosen on a new or changed line.
ARCHIVABLE_FIELDS = ("stage_id", "topic_id", "channel_id", "lost_reason_id")
# The fields that name another record: a user may only point a line to
# records they can read (no id guessing over RPC).
REFERENCE_FIELDS = (
    "partner_id",
    "contact_id",
    "user_id",
    "team_id",
    "topic_id",
    "channel_id",
    "stage_id",
    "lead_id",
    "lost_reason_id",
    "company_id",
)


# one file per concern of crm.conversation (issue 19, point 6)
class CrmConversation(models.Model):
    """The input guards of a conversation line: what a create, a write or an
    onchange sent over RPC must pass before the ORM stores it (convertible
    values, readable references, no archived configuration, no line given to
    a colleague without the right). Kept apart from the model's fields and
    constraints, which check the stored values."""

    _inherit = "crm.conversation"  # pylint: disable=consider-merging-classes-inherited

    @api.multi
    def onchange(self, values, field_name, field_onchange):
        # the form sends what was typed: refuse what cannot even be converted
        self._check_input_values(values)
        return super().onchange(values, field_name, field_onchange)

    @api.model
    def _raise_duration_range(self, duration=None):
        if duration is not None and duration < 0:
            raise ValidationError(_("The duration of a conversation cannot be negative."))
        raise ValidationError(
            _("%(field)s must be a number of minutes between 0 and %(max)s.")
            % {"field": self._get_field_label("duration"), "max": MAX_DURATION_MINUTES}
        )

    @api.multi
    def _check_duration_value(self):
        for conversation in self:
            if not 0 <= conversation.duration <= MAX_DURATION_MINUTES:
                self._raise_duration_range(conversation.duration)

    @api.model
    def _check_input_values(self, vals):
        """Refuse values that cannot be converted before the ORM tries:
        NaN, infinite or huge durations, malformed dates (a negative duration
        is left to the constraint, which also checks the stored value)."""
        if vals.get("duration"):
            try:
                duration = float(vals["duration"])
            except (TypeError, ValueError):
                self._raise_duration_range()
            if not math.isfinite(duration) or duration > MAX_DURATION_MINUTES:
                self._raise_duration_range()
        for name in ("date_begin", "date_end", "follow_up_date"):
            value = vals.get(name)
            if not value:
                continue
            try:
                self._fields[name].from_string(value)
            except (TypeError, ValueError):
                raise ValidationError(
                    _("%(field)s is not a valid date: %(value)s.")
                    % {"field": self._get_field_label(name), "value": value}
                ) from None

    @api.model
    def _check_stored_values(self, vals):
        """What a create or a write hands the ORM: the checks of what was
        typed, then any value the ORM could not store (``tools.inputs``).
        Not on onchange, whose values are the form's own (its relation
        fields may hold records not saved yet)."""
        self._check_input_values(vals)
        inputs.check_values(self, vals)

    @api.model
    def _check_references(self, vals):
        """A user may only point a line to records they can read, and may
        follow up only a line they could edit: an id guessed over RPC must
        not close a colleague's follow-up nor reveal its name."""
        user = self.env.user
        if user._is_superuser():
            return
        # every user reads their own user and their current company (the web
        # client does at each login): no query for the usual defaults
        own = {"user_id": user.id, "company_id": user.company_id.id}
        for name in REFERENCE_FIELDS + ("follow_up_of_id",):
            value = vals.get(name)
            if not value:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValidationError(
                    _("%(field)s must be a record id.") % {"field": self._get_field_label(name)}
                )
            if own.get(name) == value:
                continue
            operation = "write" if name == "follow_up_of_id" else "read"
            # a missing id answers like an unreadable one: no existence oracle
            allowed = self._is_reference_allowed(self._fields[name].comodel_name, value, operation)
            if not allowed:
                raise AccessError(
                    _("%(field)s: you cannot use a record you are not allowed to %(operation)s.")
                    % {
                        "field": self._get_field_label(name),
                        "operation": _("edit") if operation == "write" else _("read"),
                    }
                )

    @api.multi
    def _check_archived_values(self, vals):
        """Archived configuration stays on the lines logged before, but
        cannot be chosen on a new or changed line."""
        for name in ARCHIVABLE_FIELDS:
            value = vals.get(name)
            if not value or (self and all(line[name].id == value for line in self)):
                continue
            record = (
                self.env[self._fields[name].comodel_name]
                .sudo()
                .with_context(active_test=False)
                .browse(value)
            )
            if "active" in record._fields and not record.active:
                raise ValidationError(
                    _("%(field)s: %(value)s is archived and cannot be chosen any more.")
                    % {"field": self._get_field_label(name), "value": record.display_name}
                )

    @api.model
    def _is_reference_allowed(self, model, record_id, operation):
        """Whether the current user may ``operation`` ("read" or "write")
        record ``record_id`` of ``model``; False for an id that does not
        exist. Reading is one search under the user's read rules (archived
        records included), rather than an existence check then a rule
        check: a line names several records, each costs one query."""
        Model = self.env[model].with_context(active_test=False)
        if operation == "read":
            try:
                return bool(Model.search([("id", "=", record_id)]))
            except AccessError:
                return False
        record = Model.browse(record_id)
        if not record.exists():
            return False
        try:
            record.check_access_rights("read")
            record.check_access_rule(operation)
        except AccessError:
            return False
        return True

    @api.multi
    def _check_user_change(self, vals):
        """Salespeople who only see their own conversations may not give one
        to a colleague: like logging it in the colleague's name, which the
        record rules refuse on creation."""
        new_user_id = vals.get("user_id")
        if (
            new_user_id
            and new_user_id != self.env.uid
            and not self.env.user.has_group("sales_team.group_sale_salesman_all_leads")
        ):
            raise AccessError(
                _(
                    "Only users who see all documents can give a conversation "
                    "to another employee."
                )
            )
