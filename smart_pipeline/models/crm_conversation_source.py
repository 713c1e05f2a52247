# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where a conversation line comes from: typed by hand, or logged by the
addon itself from an e-mail, a meeting or a call (issue 23).

The lines logged automatically are ordinary lines (visible, editable by
their employee, counted by every figure); they never carry a pipeline
position, so they never move a customer or an opportunity. This file holds
the one home of what they have in common: the ``source`` field and its
references, who and what qualifies for one (``autolog_customer``,
``autolog_employee_allowed``), and how one is created
(``_autolog_create``). The hooks that call it live beside the records they
watch: ``mail_thread.py`` (e-mails), ``calendar_event.py`` (meetings) and
``mail_activity.py`` (calls)."""

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from .crm_lead import _InternalFlag

SOURCES = [
    ("manual", "Typed by hand"),
    ("email", "E-mail"),
    ("meeting", "Meeting"),
    ("call", "Call"),
]
# The automatic sources, and the company setting that switches each on.
SOURCE_SETTINGS = {
    "email": "conversation_log_emails",
    "meeting": "conversation_log_meetings",
    "call": "conversation_log_calls",
}
# The fields only the addon itself writes: a client may neither forge an
# automatic line nor point one to a message or an event it cannot read.
SOURCE_FIELDS = ("source", "mail_message_id", "calendar_event_id", "mail_activity_ref")
# Longest note of a line logged from an e-mail (subject and body start).
EMAIL_NOTE_LENGTH = 1000
# Context key set by server code only (never by a client, see
# ``crm_lead._InternalFlag``): the value says why nothing is logged, or that
# a message came through the mail gateway.
CTX_AUTOLOG = "conversation_autolog"
AUTOLOG_OFF = _InternalFlag("off")
AUTOLOG_CRON = _InternalFlag("cron")
AUTOLOG_INCOMING = _InternalFlag("incoming")
AUTOLOG_AUTO_SUBMITTED = _InternalFlag("auto_submitted")


def autolog_context(env):
    """The server-set autolog flag of ``env``'s context, or None: a value a
    client forged (a plain string) is never one of the flags."""
    value = env.context.get(CTX_AUTOLOG)
    if value in (AUTOLOG_OFF, AUTOLOG_CRON, AUTOLOG_INCOMING, AUTOLOG_AUTO_SUBMITTED) and (
        isinstance(value, _InternalFlag)
    ):
        return value
    return None


def is_internal_user(user):
    """An employee of the company (not a portal or public user)."""
    return bool(user) and user.active and not user.share


def internal_users_of(partners):
    """{partner id: its internal user} for the partners that are employees."""
    result = {}
    for partner in partners:
        user = partner.user_ids.filtered(is_internal_user)[:1]
        if user:
            result[partner.id] = user
    return result


# one file per concern of crm.conversation (issue 19, point 6)
class CrmConversation(models.Model):
    _inherit = "crm.conversation"  # pylint: disable=consider-merging-classes-inherited

    source = fields.Selection(
        SOURCES,
        required=True,
        default="manual",
        readonly=True,
        index=True,
        copy=False,
        help="Typed by hand, or logged automatically from an e-mail, a meeting "
        "or a call (see Settings > Conversations logged automatically).",
    )
    is_automatic = fields.Boolean(
        string="Logged Automatically",
        compute="_compute_is_automatic",
        search="_search_is_automatic",
    )
    # The references: read by administrators only. Everyone else reads
    # ``source_name``, which names the message or event only when they may
    # read it (Odoo 11 reads a many2one's name as superuser).
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Source E-mail",
        ondelete="set null",
        readonly=True,
        index=True,
        copy=False,
        groups="base.group_system",
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Source Meeting",
        ondelete="set null",
        readonly=True,
        index=True,
        copy=False,
        groups="base.group_system",
    )
    mail_activity_ref = fields.Char(
        string="Source Call",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="The call activity marked done (model,id of its document and its "
        "summary): Odoo deletes an activity once it is done.",
    )
    source_name = fields.Char(
        string="Logged From",
        compute="_compute_source_name",
        help="The e-mail, meeting or call this line was logged from, when you " "may read it.",
    )

    _sql_constraints = [
        (
            "mail_message_uniq",
            "unique (mail_message_id)",
            "An e-mail is logged on one conversation line only.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("source")
    def _compute_is_automatic(self):
        for conversation in self:
            conversation.is_automatic = conversation.source != "manual"

    @api.model
    def _search_is_automatic(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(
                _("Unsupported operator %(operator)s for %(field)s.")
                % {"operator": operator, "field": self._get_field_label("is_automatic")}
            )
        automatic = (operator == "=") == bool(value)
        return [("source", "!=" if automatic else "=", "manual")]

    @api.multi
    def _compute_source_name(self):
        """The subject of the e-mail or the name of the event, as the current
        user may read it: nothing of a message or event they cannot read."""
        # lines being typed (new records) have no source yet
        saved = self.browse([line_id for line_id in self.ids if isinstance(line_id, int)])
        sources = saved.sudo().read(["mail_message_id", "calendar_event_id"])
        refs = {row["id"]: row for row in sources}
        message_ids = {row["mail_message_id"][0] for row in sources if row["mail_message_id"]}
        event_ids = {row["calendar_event_id"][0] for row in sources if row["calendar_event_id"]}
        readable_messages = self._autolog_readable("mail.message", message_ids)
        readable_events = self._autolog_readable("calendar.event", event_ids)
        for conversation in self:
            ref = refs.get(conversation.id) or {}
            name = False
            if ref.get("mail_message_id"):
                message = readable_messages.get(ref["mail_message_id"][0])
                name = (message.subject or message.record_name or _("E-mail")) if message else False
            elif ref.get("calendar_event_id"):
                event = readable_events.get(ref["calendar_event_id"][0])
                name = event.name if event else False
            elif conversation.source == "call":
                name = _("Call")
            conversation.source_name = name or (
                _("(not visible to you)")
                if conversation.source and conversation.source != "manual"
                else False
            )

    @api.model
    def _autolog_readable(self, model, ids):
        """{id: record} of the ``ids`` of ``model`` the current user may read
        (one search under their rules, one access check for messages)."""
        if not ids:
            return {}
        Model = self.env[model].with_context(active_test=False)
        if self.env.uid == SUPERUSER_ID:
            return {record.id: record for record in Model.browse(list(ids))}
        try:
            Model.check_access_rights("read")
            if model == "mail.message":
                records = Model.browse(list(ids)).exists()
                readable = Model.browse()
                for record in records:
                    try:
                        record.check_access_rule("read")
                    except AccessError:
                        continue
                    readable |= record
                return {record.id: record for record in readable}
            records = Model.search([("id", "in", list(ids))])
            if model == "calendar.event":
                # Odoo shows a private event only to its organizer and attendees
                user = self.env.user
                records = records.filtered(
                    lambda event: event.privacy != "private"
                    or event.user_id == user
                    or user.partner_id in event.partner_ids
                )
            return {record.id: record for record in records}
        except AccessError:
            return {}

    # ------------------------------------------------------------------
    # CRUD: the source is the addon's to write
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        self._check_source_values(vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._check_source_values(vals)
        return super().write(vals)

    @api.model
    def _check_source_values(self, vals):
        """Only the addon logs automatic lines: a client that sends a source
        or a reference is refused (the fields are read-only on screen)."""
        if self.env.uid == SUPERUSER_ID:
            return
        forged = [name for name in SOURCE_FIELDS if vals.get(name) and vals[name] != "manual"]
        if forged:
            raise AccessError(
                _("%(field)s is set by the addon when it logs a line automatically.")
                % {"field": self._get_field_label(forged[0])}
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_open_source(self):
        """Open the e-mail's document, the event or the call's document, as
        the current user: Odoo's own rules decide what they may open."""
        self.ensure_one()
        ref = self.sudo().read(["mail_message_id", "calendar_event_id", "mail_activity_ref"])[0]
        model, res_id = False, False
        if ref["mail_message_id"]:
            message = self._autolog_readable("mail.message", {ref["mail_message_id"][0]})
            message = message.get(ref["mail_message_id"][0])
            if message:
                model, res_id = message.model, message.res_id
        elif ref["calendar_event_id"]:
            event = self._autolog_readable("calendar.event", {ref["calendar_event_id"][0]})
            if event:
                model, res_id = "calendar.event", ref["calendar_event_id"][0]
        elif ref["mail_activity_ref"]:
            model, _sep, res_id = ref["mail_activity_ref"].partition(",")
            res_id = int(res_id.split(",")[0]) if res_id.split(",")[0].isdigit() else False
            if model not in ("res.partner", "crm.lead") or not self._autolog_readable(
                model, {res_id}
            ):
                model = False
        if not model or not res_id:
            raise UserError(_("This line was not logged from anything you may open."))
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": res_id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Business methods: the one home of automatic lines
    # ------------------------------------------------------------------
    @api.model
    def autolog_customer(self, partner, with_opportunities=True):
        """Whether lines may be logged with ``partner``: a customer, a
        contact of a customer, or (``with_opportunities``) the customer of
        an opportunity. Anybody else (a supplier, a private address) gets
        nothing."""
        if not partner:
            return False
        partner = partner.sudo()
        if partner.customer or partner.commercial_partner_id.customer:
            return True
        if not with_opportunities:
            return False
        return bool(
            self.env["crm.lead"]
            .sudo()
            .search_count(
                [
                    ("type", "=", "opportunity"),
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                ]
            )
        )

    @api.model
    def autolog_employee_allowed(self, user, source, company=None):
        """Whether a line of ``source`` may be logged for ``user`` in
        ``company`` (the user's by default): an internal user who did not
        opt out, in a company that logs this source. Never for the
        superuser (Odoo 11's administrator, used by scripts and crons)."""
        user = user.sudo()
        if not is_internal_user(user) or user.id == SUPERUSER_ID:
            return False
        if user.conversation_autolog_opt_out:
            return False
        company = (company or user.company_id).sudo()
        if company not in user.company_ids:
            return False
        return bool(company[SOURCE_SETTINGS[source]])

    @api.model
    def autolog_note(self, subject, html_body, length=EMAIL_NOTE_LENGTH):
        """The subject and the start of the plain-text body, at most
        ``length`` characters."""
        parts = [(subject or "").strip(), html2plaintext(html_body or "").strip()]
        note = "\n".join(part for part in parts if part)
        if len(note) > length:
            note = note[: length - 1].rstrip() + "\u2026"
        return note

    @api.model
    def _autolog_values(self, source, user, partner, contact=None, lead=None):
        """The values every automatic line shares, or None when the line
        cannot be logged (a customer or an opportunity of another company
        than the employee's). No pipeline position: an automatic line never
        moves a customer nor an opportunity. Completed: no follow-up."""
        partner = partner.sudo()
        company = partner.company_id or (lead and lead.sudo().company_id) or user.company_id
        if not self.autolog_employee_allowed(user, source, company):
            return None
        if contact and contact.commercial_partner_id != partner.commercial_partner_id:
            contact = None
        if lead and (
            lead.type != "opportunity"
            or lead.partner_id.commercial_partner_id != partner.commercial_partner_id
        ):
            lead = None
        team = self._get_default_team(user)
        if lead and lead.team_id:
            team = lead.team_id
        return {
            "source": source,
            "user_id": user.id,
            "team_id": team.id,
            "company_id": company.id,
            "partner_id": partner.id,
            "contact_id": contact.id if contact else False,
            "lead_id": lead.id if lead else False,
            "stage_id": False,
            "completed": True,
            "follow_up_date": False,
        }

    @api.model
    def _autolog_create(self, values_list):
        """Create automatic lines as superuser: they are derived from what
        happened in Odoo, and whoever triggers them (the mail gateway, the
        scheduled action) is not their employee."""
        Conversation = self.sudo().with_context(mail_create_nolog=True, tracking_disable=True)
        lines = self.browse()
        for values in values_list:
            lines |= Conversation.create(values)
        return lines
