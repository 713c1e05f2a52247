# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where a conversation line comes from: typed by hand, or logged by the
addon itself from an e-mail, a meeting or a call (issue 23).

The lines logged automatically are ordinary lines (visible, editable by
their employee, counted by every figure); they never carry a pipeline
position, so they never move a customer or an opportunity. This file holds
the one home of what they have in common: the ``source`` field and its
references, who and what qualifies for one (``_autolog_customer``,
``_autolog_employee_allowed``), and how one is created
(``_autolog_create``). The hooks that call it live beside the records they
watch: ``mail_thread.py`` (e-mails), ``calendar_event.py`` (meetings) and
``mail_activity.py`` (calls)."""

from psycopg2 import sql

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tools import html2plaintext

from .crm_conversation import duration_minutes
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
# What the cached answers of ``_autolog_allowed_sources`` and
# ``_autolog_employee_defaults`` depend on in a user's record.
AUTOLOG_USER_FIELDS = frozenset(
    (
        "conversation_autolog_opt_out",
        "company_ids",
        "company_id",
        "active",
        "share",
        "groups_id",
        "sale_team_id",
        "default_conversation_topic_id",
        "tz",
    )
)
SOURCE_FIELDS = ("source", "mail_message_id", "calendar_event_id", "mail_activity_ref")
# The fields of a line whose constraints depend on its employee's days (time
# zone): an automatic line is checked in its employee's, the others in the
# environment it was prepared in (``_autolog_create``).
AUTOLOG_DAY_FIELDS = frozenset(("date_begin", "date_end", "follow_up_date", "duration"))
# What the hooks, ``_autolog_values`` and the constraints of an automatic
# line read of its customer (``_autolog_read_partners``).
AUTOLOG_PARTNER_FIELDS = ("customer", "commercial_partner_id", "company_id", "user_id")
# Longest note of a line logged from an e-mail (subject and body start).
EMAIL_NOTE_LENGTH = 1000
# Context key set by server code only (never by a client, see
# ``crm_lead._InternalFlag``): the value says why nothing is logged, or that
# a message came through the mail gateway.
CTX_AUTOLOG = "conversation_autolog"
AUTOLOG_OFF = _InternalFlag("off")
AUTOLOG_CRON = _InternalFlag("cron")
AUTOLOG_INCOMING = _InternalFlag("incoming")
# Through the mail gateway, to one document, with a Message-Id the gateway
# has just found new to the database (``mail_thread.message_route_process``)
AUTOLOG_INCOMING_NEW = _InternalFlag("incoming_new")
AUTOLOG_AUTO_SUBMITTED = _InternalFlag("auto_submitted")


def autolog_context(env):
    """The server-set autolog flag of ``env``'s context, or None: a value a
    client forged (a plain string) is never one of the flags."""
    value = env.context.get(CTX_AUTOLOG)
    flags = (AUTOLOG_OFF, AUTOLOG_CRON, AUTOLOG_INCOMING, AUTOLOG_INCOMING_NEW)
    if value in flags + (AUTOLOG_AUTO_SUBMITTED,) and (isinstance(value, _InternalFlag)):
        return value
    return None


def is_internal_user(user):
    """An employee of the company (not a portal or public user)."""
    return bool(user) and user.active and not user.share


def is_employee(partner):
    """Whether ``partner`` (one partner, as superuser) is the partner of an
    internal user (``internal_users_of``). Its users are searched and put in
    the record cache as Odoo's read of the one2many would (the same search,
    its active users), without that read's query that the partner exists
    nor its prefetch of the users of every partner in the cache: for the
    author of each e-mail through the mail gateway, one query instead of
    two and less than half the time (issue 23, speed)."""
    field = partner._fields["user_ids"]
    if not partner.env.cache.contains(partner, field):
        users = partner.env[field.comodel_name].search([(field.inverse_name, "=", partner.id)])
        partner.env.cache.set(partner, field, tuple(users.ids))
    return bool(internal_users_of(partner))


def internal_users_of(partners):
    """{partner id: its internal user} for the partners that are employees."""
    result = {}
    for partner in partners:
        user = partner.user_ids.filtered(is_internal_user)[:1]
        if user:
            result[partner.id] = user
    return result


def _source_reference(model, string, index=True):
    """A line's reference to the record it was logged from: written by the
    addon only (read-only, never copied), kept when the record goes (set
    null: the line stays history), indexed for the scheduled action and the
    "one line per message" check, and read by administrators only: everyone
    else reads ``source_name``, which names the record only when they may
    read it (Odoo 11 reads a many2one's name as superuser).

    ``index=False`` where a unique constraint's index already serves: a
    second index on the column would only cost every insert."""
    return fields.Many2one(
        model,
        string=string,
        ondelete="set null",
        readonly=True,
        index=index,
        copy=False,
        groups="base.group_system",
    )


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
    # The references (see ``_source_reference``)
    # indexed by its unique constraint (mail_message_uniq)
    mail_message_id = _source_reference("mail.message", "Source E-mail", index=False)
    calendar_event_id = _source_reference("calendar.event", "Source Meeting")
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
        (one search under their rules, however many lines ask)."""
        if not ids:
            return {}
        Model = self.env[model].with_context(active_test=False)
        if self.env.uid == SUPERUSER_ID:
            return {record.id: record for record in Model.browse(list(ids))}
        try:
            Model.check_access_rights("read")
            # one search under the user's rules: mail.message's own search
            # applies its read access (author, recipient, the document)
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
        the current user: Odoo's own rules decide what they may open, once
        they may read the line itself."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        rows = self.sudo().read(["mail_message_id", "calendar_event_id", "mail_activity_ref"])
        if not rows:
            raise MissingError(_("This conversation line no longer exists."))
        ref = rows[0]
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
    def _autolog_customer(self, partner, with_opportunities=True):
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
    def _autolog_read_partners(self, partners):
        """Read into the record cache the rows of ``partners`` and of their
        commercial entities that lack what an automatic line needs of them
        (``AUTOLOG_PARTNER_FIELDS``): the columns Odoo's prefetch would read,
        without its second pass (it reads the row through ``read``, which
        converts every value for a client, then converts them back into the
        cache). The mail gateway has just emptied the customer's cache (a new
        message invalidates its document): this read of its row takes half
        the time of Odoo's (issue 23, speed)."""
        model = partners.browse()
        cache = model.env.cache
        needed = [model._fields[name] for name in AUTOLOG_PARTNER_FIELDS]
        columns = [
            name
            for name, field in model._fields.items()
            # as Odoo's prefetch chooses them (``_prefetch_field``)
            if field.prefetch
            and not (field.groups and not model.user_has_groups(field.groups))
            and not (field.compute and model.env.field_todo(field))
        ]
        for read_commercial in (False, True):
            records = partners.mapped("commercial_partner_id") if read_commercial else partners
            records = records.filtered(
                lambda record: not all(cache.contains(record, field) for field in needed)
            )
            if records:
                records._read_from_database(columns)

    @api.model
    def _autolog_employee_allowed(self, user, source, company=None):
        """Whether a line of ``source`` may be logged for ``user`` in
        ``company`` (the user's by default): an internal user who did not
        opt out, in a company that logs this source. Never for the
        superuser (Odoo 11's administrator, used by scripts and crons)."""
        company = company or user.sudo().company_id
        return source in self._autolog_allowed_sources(user.id, company.id)

    @api.model
    @tools.ormcache("user_id", "company_id")
    def _autolog_allowed_sources(self, user_id, company_id):
        """The sources logged for this user in this company (see
        ``_autolog_employee_allowed``). Cached across transactions, as the
        mail gateway asks it for every e-mail: Odoo clears the caches on
        every write of a company, and ``res_users.py`` on a write of what
        this depends on (``AUTOLOG_USER_FIELDS``)."""
        user = self.env["res.users"].sudo().browse(user_id)
        if not is_internal_user(user) or user.id == SUPERUSER_ID:
            return ()
        if user.conversation_autolog_opt_out:
            return ()
        company = self.env["res.company"].sudo().browse(company_id)
        if company not in user.company_ids:
            return ()
        return tuple(source for source, field in sorted(SOURCE_SETTINGS.items()) if company[field])

    @api.model
    def _autolog_source_on(self, source):
        """Whether some company logs ``source`` at all: the hooks ask it
        before they read anything of a message, an event or an activity, so
        that logging switched off costs them nothing (issue 23, speed)."""
        return bool(self._autolog_source_companies(source))

    @api.model
    @tools.ormcache("source")
    def _autolog_source_companies(self, source):
        """The ids of the companies that log ``source`` (one query, then
        cached across transactions: Odoo clears the caches on every create
        and write of a company, which is how the settings are saved)."""
        self.env.cr.execute(
            sql.SQL("SELECT id FROM res_company WHERE {} ORDER BY id").format(
                sql.Identifier(SOURCE_SETTINGS[source])
            )
        )
        return tuple(row[0] for row in self.env.cr.fetchall())

    @api.model
    @tools.ormcache("user_id")
    def _autolog_employee_defaults(self, user_id):
        """(team id, topic id, time zone) of the automatic lines of this
        employee: their default team (``_get_default_team``, without the
        caller's context), their default topic and the time zone of their
        days. Cached like
        ``_autolog_allowed_sources``; the teams clear it when they change
        (``crm_team.py``)."""
        env = api.Environment(self.env.cr, SUPERUSER_ID, {})
        user = env["res.users"].browse(user_id)
        team = env["crm.conversation"]._get_default_team(user)
        return team.id, user.default_conversation_topic_id.id, user.tz

    @api.model
    @tools.ormcache("user_id", "team_id")
    def _autolog_employee_companies(self, user_id, team_id):
        """(the team's company id, the employee's company ids): what the
        constraints of an automatic line read of its team and employee
        (``_check_company_id``). Cached like ``_autolog_employee_defaults``:
        the teams clear it when their company changes, the users when
        theirs do, the companies on every write."""
        env = api.Environment(self.env.cr, SUPERUSER_ID, {})
        team = env["crm.team"].browse(team_id)
        return team.company_id.id, tuple(env["res.users"].browse(user_id).company_ids.ids)

    @api.model
    def _autolog_seed_companies(self, line, row):
        """Put in the record cache of ``line``'s environment the companies
        of its team and of its employee (``_autolog_employee_companies``),
        unless the cache holds them already: the constraints then check an
        automatic line without reading them, two queries less per e-mail
        through the mail gateway (issue 23, speed)."""
        cache = line.env.cache
        team_company_id, company_ids = self._autolog_employee_companies(
            row["user_id"], row.get("team_id") or False
        )
        user = line.env["res.users"].browse(row["user_id"])
        field = user._fields["company_ids"]
        if not cache.contains(user, field):
            companies = line.env["res.company"].browse(company_ids)
            cache.set(user, field, field.convert_to_cache(companies, user, validate=False))
        if row.get("team_id"):
            team = line.env["crm.team"].browse(row["team_id"])
            field = team._fields["company_id"]
            if not cache.contains(team, field):
                company = line.env["res.company"].browse(team_company_id)
                cache.set(team, field, field.convert_to_cache(company, team, validate=False))

    @api.model
    def _autolog_text_note(self, subject, html_body, length=EMAIL_NOTE_LENGTH):
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
        if not self._autolog_employee_allowed(user, source, company):
            return None
        if contact and contact.commercial_partner_id != partner.commercial_partner_id:
            contact = None
        if lead and (
            lead.type != "opportunity"
            or lead.partner_id.commercial_partner_id != partner.commercial_partner_id
        ):
            lead = None
        team_id, topic_id, _tz = self._autolog_employee_defaults(user.id)
        if lead and lead.team_id:
            team_id = lead.team_id.id
        return {
            "source": source,
            "user_id": user.id,
            "team_id": team_id or False,
            "topic_id": topic_id or False,
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
        scheduled action) is not their employee.

        The lean path (issue 23, speed): the mail gateway runs this once per
        e-mail, so the lines are inserted by one statement instead of the
        ORM's ``create``, whose overrides exist for what a user types
        (checks of input and of the caller's rights, defaults, the pipeline
        position's sync, the activities of an open follow-up: an automatic
        line has no position and no follow-up of its own) and whose
        recomputation writes each stored computed field back with one more
        UPDATE. What stays: the values are completed here as ``create``
        would (commercial entity, duration, follow-up flags, defaults), the
        model's Python constraints run on every line (from the values just
        inserted, without reading them back), and the ORM is told what
        changed, so that a line followed up by an automatic line is
        recomputed and its activities closed."""
        if not values_list:
            return self.browse()
        Conversation = self.sudo()
        # the customers' commercial entities, read at once for all the lines
        # (the scheduled action logs hundreds of events in one call)
        partners = self.env["res.partner"].browse(
            list({values["partner_id"] for values in values_list})
        )
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        rows = [
            Conversation._autolog_complete(values, commercial[values["partner_id"]])
            for values in values_list
        ]
        names = sorted(set().union(*rows))
        lines = Conversation.browse(Conversation._autolog_insert(names, rows))
        # what depends on the new lines: the lines they follow up above all
        lines.modified([name for name in names if name != "follow_up_of_id"])
        followers = lines.browse(
            [line.id for line, row in zip(lines, rows) if row.get("follow_up_of_id")]
        )
        if followers:
            followers.modified(["follow_up_of_id"])
            lines.browse().invalidate_cache(
                ["follow_up_ids"],
                [row["follow_up_of_id"] for row in rows if row.get("follow_up_of_id")],
            )
        # the stored computed fields were inserted with their values
        for name in ("duration", "is_followed_up"):
            self.env.remove_todo(self._fields[name], lines)
        # the constraints read the values inserted, not the database
        stored = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name not in models.MAGIC_COLUMNS
        ]
        by_tz = {}
        for line, row in zip(lines, rows):
            cache = {name: row.get(name, False) for name in stored}
            cache["follow_up_ids"] = []  # new: followed up by nothing yet
            cache = line._convert_to_cache(cache, validate=False)
            line._cache.update(cache)
            self._autolog_seed_companies(line, row)
            tz = self._autolog_employee_defaults(row["user_id"])[2]
            line = line.with_context(tz=tz)
            # the computed fields are cached per context (Odoo 11), the
            # others once for all contexts
            line._cache.update(
                {
                    name: value
                    for name, value in cache.items()
                    if self._fields[name].context_dependent
                }
            )
            by_tz[tz] = by_tz.get(tz, line.browse()) | line
        # the constraints on the line's customer, contact, opportunity, team
        # and employee, in the environment the line was prepared in: the
        # records they read are in its cache already (Odoo 11 caches a
        # computed field, e.g. a partner's commercial entity, per context)
        lines._validate_fields([name for name in names if name not in AUTOLOG_DAY_FIELDS])
        # the dates, in the employee's days (not dated after the end of their
        # today), as a line they type is checked in theirs
        day_names = [name for name in names if name in AUTOLOG_DAY_FIELDS]
        for tz_lines in by_tz.values():
            tz_lines._validate_fields(day_names)
        Conversation.recompute()
        if followers:
            followers.mapped("follow_up_of_id")._sync_follow_up_activities()
        return self.browse(lines.ids)

    @api.model
    def _autolog_complete(self, values, commercial_partner_id):
        """``values`` of an automatic line completed as ``create`` would:
        the commercial entity (``commercial_partner_id``, that of the
        line's customer), the follow-up flags, the stored duration,
        the other fields' defaults (none from
        the caller's context: whoever triggers the logging is not the line's
        author) and every boolean (False unless given, as Odoo stores them)."""
        vals = dict(values)
        vals.update(
            {
                "commercial_partner_id": commercial_partner_id,
                "is_follow_up": bool(vals.get("follow_up_of_id")),
                "is_followed_up": False,
                "duration": duration_minutes(vals.get("date_begin"), vals.get("date_end")),
            }
        )
        missing = [
            name
            for name, field in self._fields.items()
            if field.store
            and field.column_type
            and name not in vals
            and name not in models.MAGIC_COLUMNS
            and (field.default or field.type == "boolean")
        ]
        # Odoo's defaults, without ``default_get``: it would also take
        # ``default_*`` keys of the caller's context
        ir_defaults = self.env["ir.default"].get_model_defaults(self._name) if missing else {}
        for name in missing:
            field = self._fields[name]
            if name in ir_defaults:
                vals[name] = ir_defaults[name]
            elif field.default:
                # as Odoo's default_get converts a default
                value = field.convert_to_cache(field.default(self), self, validate=False)
                value = field.convert_to_record(value, self)
                vals[name] = field.convert_to_write(value, self)
            else:
                vals[name] = False
        return vals

    @api.model
    def _autolog_insert(self, names, rows):
        """Insert ``rows`` (dicts of field values, ``names`` their union) in
        one statement; returns the new ids, in the order of ``rows`` (the
        order PostgreSQL returns the rows of one INSERT ... VALUES in)."""
        columns = [
            name for name in names if self._fields[name].store and self._fields[name].column_type
        ]
        row_sql = sql.SQL(
            "({}, %s, %s, (now() at time zone 'UTC'), (now() at time zone 'UTC'))"
        ).format(sql.SQL(", ").join([sql.Placeholder()] * len(columns)))
        query = sql.SQL(
            "INSERT INTO {table} ({columns}, create_uid, write_uid, create_date, write_date) "
            "VALUES {rows} RETURNING id"
        ).format(
            table=sql.Identifier(self._table),
            columns=sql.SQL(", ").join(sql.Identifier(name) for name in columns),
            rows=sql.SQL(", ").join([row_sql] * len(rows)),
        )
        params = []
        for row in rows:
            params += [
                self._fields[name].convert_to_column(row.get(name, False), self, row)
                for name in columns
            ]
            params += [self.env.uid, self.env.uid]
        self.env.cr.execute(query, params)
        return [row[0] for row in self.env.cr.fetchall()]
