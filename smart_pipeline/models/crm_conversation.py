# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import time, timedelta

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools import dates, ical
from .crm_lead import CTX_FROM_LEAD, is_internal

# The hour of the follow-up date at which a booking starts by default.
BOOKING_HOUR = 9
# Writing one of these fields may create, move or close the follow-up activities.
ACTIVITY_FIELDS = frozenset(
    (
        "follow_up_date",
        "completed",
        "user_id",
        "partner_id",
        "lead_id",
        "note",
        "topic_id",
        "channel_id",
        "follow_up_of_id",
    )
)
# A conversation lasts at most a (long) working day: 10 hours, in minutes.
MAX_DURATION_MINUTES = 10 * 60


# A sales conversation is a line logged at a position of the sales pipeline:
# the overview, the objectives' "sales only" measures, the partner's pipeline
# position and the "Sales Conversations" filter all count these lines. The
# domain and its SQL form (``sales_conversation_sql``) are the one home of
# that rule.
SALES_CONVERSATION_DOMAIN = [("stage_id", "!=", False)]

# What a line may be logged with, in the selection lists of the line's form
# and of the Quick Add dialog (the server checks the same through
# ``_check_input_values``): a position of the line's team or of every team,
# a channel chosen by hand (Pipeline update is the addon's own), an
# opportunity rather than a lead.
STAGE_SELECTION_DOMAIN = "['|', ('team_id', '=', False), ('team_id', '=', team_id)]"
MANUAL_CHANNEL_DOMAIN = [("manual", "=", True)]
OPPORTUNITY_DOMAIN = [("type", "=", "opportunity")]


def sales_conversation_sql(alias):
    """The SQL condition of a sales conversation on the crm_conversation
    table aliased ``alias`` (a ``psycopg2.sql.Composed``)."""
    return sql.SQL("{}.stage_id IS NOT NULL").format(sql.Identifier(alias))


def duration_minutes(date_begin, date_end):
    """The duration of a line in minutes from its time begin and end
    (datetime strings), 0 without an end: the one home of the stored
    ``duration``, also used where lines are inserted without the ORM's
    recomputation (automatic lines, ``crm_conversation_source``)."""
    if not (date_begin and date_end):
        return 0.0
    begin = fields.Datetime.from_string(date_begin)
    end = fields.Datetime.from_string(date_end)
    return (end - begin).total_seconds() / 60.0


class CrmConversation(models.Model):
    """One conversation with a customer: the core record of the addon.

    Every sales contact is logged as a line on the customer; follow-ups,
    the pipeline position of the customer and all statistics are derived from
    these lines, so they must stay consistent (see the constraints below).
    """

    _name = "crm.conversation"
    _description = "Customer Conversation"
    _order = "date_begin desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="restrict",
        index=True,
    )
    # Kept in sync by create/write and by res.partner.write rather than as a
    # stored related field: adding a line from the partner form writes the
    # partner's conversation_ids, which would recompute the field on every
    # line of the customer as the current user, colleagues' lines included.
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Commercial Entity",
        readonly=True,
        ondelete="restrict",
        index=True,
        help="The company the customer belongs to: reports group by it.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="With Whom",
        ondelete="restrict",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The person you spoke with: a contact of the customer, or the customer itself.",
    )
    contact_name = fields.Char(
        related="contact_id.name",
        string="Contact Name",
        readonly=True,
        help="The contact's own name, without the company's: the customer's log "
        "lists it in a narrow column.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Employee",
        required=True,
        ondelete="restrict",
        index=True,
        default=lambda self: self.env.user,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        ondelete="restrict",
        index=True,
        default=lambda self: self._default_team_id(),
    )
    date_begin = fields.Datetime(
        string="Time Begin",
        required=True,
        index=True,
        default=fields.Datetime.now,
        help="Filled in when you type the note, unless you set it first.",
    )
    date_begin_kept = fields.Boolean(
        string="Time Begin Chosen",
        store=False,
        help="Technical: the form's Time Begin or Employee was set by the "
        "user (or filled once by the note), so typing the note leaves them.",
    )
    date_end = fields.Datetime(string="Time End")
    duration = fields.Float(
        string="Duration (Minutes)",
        digits=(16, 2),
        compute="_compute_duration",
        inverse="_inverse_duration",
        store=True,
        help="The time spent on this conversation. Changing it moves the time end.",
    )
    note = fields.Text(help="What was said.")
    follow_up_date = fields.Date(
        string="Follow Up",
        index=True,
        help="The day you want to follow up on this conversation.",
    )
    topic_id = fields.Many2one(
        "crm.conversation.topic",
        string="About",
        ondelete="restrict",
        index=True,
        default=lambda self: self._default_topic_id(),
        help="What you talked about. Each employee can set a default topic in "
        "their preferences.",
    )
    channel_id = fields.Many2one(
        "crm.conversation.channel",
        string="How",
        ondelete="restrict",
        index=True,
        domain=MANUAL_CHANNEL_DOMAIN,
        help="How the contact took place: email, visit, telephone...",
    )
    completed = fields.Boolean(
        help="The conversation, and its follow-up, is done.",
    )
    is_follow_up = fields.Boolean(
        string="I.F.",
        help="Is Follow Up: this conversation follows up an earlier one.",
    )
    follow_up_of_id = fields.Many2one(
        "crm.conversation",
        string="Follow-up Of",
        ondelete="set null",
        index=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The earlier conversation with the same customer that this one follows up.",
    )
    follow_up_ids = fields.One2many(
        "crm.conversation",
        "follow_up_of_id",
        string="Follow-ups",
    )
    stage_id = fields.Many2one(
        "crm.stage",
        string="Pipeline Position",
        ondelete="restrict",
        index=True,
        domain=STAGE_SELECTION_DOMAIN,
        help="If the conversation is about a sale: where the customer stands in "
        "the sales pipeline.",
    )
    lost_reason_id = fields.Many2one(
        "crm.lost.reason",
        string="Lost Reason",
        ondelete="restrict",
        index=True,
        help="Why the sale was lost: required at a lost pipeline position.",
    )
    pipeline_outcome = fields.Selection(
        related="stage_id.pipeline_outcome",
        string="Outcome",
        readonly=True,
    )
    is_sales_conversation = fields.Boolean(
        string="Sales Conversation",
        compute="_compute_is_sales_conversation",
        search="_search_is_sales_conversation",
        help="Logged at a position of the sales pipeline: the lines the "
        "overview and the objectives' sales measures count.",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        ondelete="set null",
        index=True,
        domain=OPPORTUNITY_DOMAIN,
    )
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        ondelete="restrict",
        index=True,
        default=lambda self: self.env["res.company"]._company_default_get("crm.conversation"),
    )
    booking_ids = fields.One2many(
        "calendar.event",
        "conversation_id",
        string="Bookings",
    )
    booking_count = fields.Integer(compute="_compute_booking_count")
    # Follow-ups
    follow_up_state = fields.Selection(
        [
            ("none", "No Follow-up"),
            ("planned", "Planned"),
            ("due", "Due Today"),
            ("overdue", "Overdue"),
            ("done", "Done"),
        ],
        string="Follow-up Status",
        compute="_compute_follow_up_state",
        search="_search_follow_up_state",
        help="Due on the follow-up date while the conversation is not completed "
        "and no later line follows it up; overdue once that date has passed.",
    )
    is_followed_up = fields.Boolean(
        string="Followed Up",
        compute="_compute_is_followed_up",
        compute_sudo=True,
        store=True,
        help="A later conversation was logged as a follow-up of this one.",
    )
    follow_up_activity_ids = fields.One2many(
        "mail.activity",
        "conversation_id",
        string="Follow-up Activities",
        # the open ones only: mail_activity_done (OCA) keeps finished ones
        domain=lambda self: self.env["mail.activity"]._get_open_activity_domain(),
        help="The open Odoo activities of the follow-up: one on the customer, one "
        "on the opportunity when the line is linked to one.",
    )
    is_in_my_figures = fields.Boolean(
        string="Counts in My Figures",
        compute="_compute_is_in_my_figures",
        search="_search_is_in_my_figures",
        help="The line counts in your figures and follow-up lists: every line "
        "for users who see all documents, your own lines otherwise.",
    )
    contact_phone = fields.Char(
        string="Phone",
        compute="_compute_contact_details",
        help="Phone of the contact, or of the customer when no contact is set.",
    )
    contact_email = fields.Char(
        string="Email",
        compute="_compute_contact_details",
        help="Email of the contact, or of the customer when no contact is set.",
    )

    @api.model_cr
    def init(self):
        """The pipeline engine's index (tools/position.py): each customer's
        sales lines in path order (date_begin, id), so that its first and
        latest lines are read from the index, not sorted."""
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS crm_conversation_position_index"
            " ON crm_conversation (commercial_partner_id, date_begin, id)"
            " WHERE stage_id IS NOT NULL"
        )

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------
    @api.model
    def _default_team_id(self):
        return self._get_default_team(self.env.user)

    @api.model
    def _default_topic_id(self):
        return self.env.user.default_conversation_topic_id

    # ------------------------------------------------------------------
    # Computes and inverses
    # ------------------------------------------------------------------
    @api.depends("date_begin", "date_end")
    def _compute_duration(self):
        for conversation in self:
            conversation.duration = duration_minutes(conversation.date_begin, conversation.date_end)

    @api.multi
    def _inverse_duration(self):
        for conversation in self:
            conversation._check_duration_value()
            date_end = conversation._get_date_end_from_duration()
            if date_end:
                conversation.date_end = date_end

    @api.depends("stage_id")
    def _compute_is_sales_conversation(self):
        for conversation in self:
            conversation.is_sales_conversation = bool(conversation.stage_id)

    @api.model
    def _search_is_sales_conversation(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(
                _("Unsupported operator %(operator)s for Sales Conversation.")
                % {"operator": operator}
            )
        if (operator == "=") == bool(value):
            return list(SALES_CONVERSATION_DOMAIN)
        return ["!"] + SALES_CONVERSATION_DOMAIN

    @api.multi
    def _compute_booking_count(self):
        groups = self.env["calendar.event"].read_group(
            [("conversation_id", "in", self.ids)],
            ["conversation_id"],
            ["conversation_id"],
        )
        counts = {group["conversation_id"][0]: group["conversation_id_count"] for group in groups}
        for conversation in self:
            conversation.booking_count = counts.get(conversation.id, 0)

    @api.model
    def _get_follow_up_reference_date(self):
        """The day follow-ups are due against, as an ORM date string: today in
        the user's timezone, or the day a report or the digest is made for
        (``tools.dates.reference_day``, which no client can move)."""
        return fields.Date.to_string(dates.reference_day(self.env))

    @api.depends("follow_up_date", "completed", "is_followed_up")
    def _compute_follow_up_state(self):
        today = self._get_follow_up_reference_date()
        for conversation in self:
            if not conversation.follow_up_date:
                state = "none"
            elif conversation.completed or conversation.is_followed_up:
                state = "done"
            elif conversation.follow_up_date > today:
                state = "planned"
            elif conversation.follow_up_date == today:
                state = "due"
            else:
                state = "overdue"
            conversation.follow_up_state = state

    @api.model
    def _get_open_follow_up_domain(self):
        """Follow-ups still owed, whatever their date: the domain form of
        ``_is_follow_up_open``."""
        return [
            ("follow_up_date", "!=", False),
            ("completed", "=", False),
            ("is_followed_up", "=", False),
        ]

    @api.model
    def _get_follow_up_state_domains(self):
        today = self._get_follow_up_reference_date()
        open_domain = self._get_open_follow_up_domain()
        return {
            "none": [("follow_up_date", "=", False)],
            "planned": open_domain + [("follow_up_date", ">", today)],
            "due": open_domain + [("follow_up_date", "=", today)],
            "overdue": open_domain + [("follow_up_date", "<", today)],
            "done": [
                ("follow_up_date", "!=", False),
                "|",
                ("completed", "=", True),
                ("is_followed_up", "=", True),
            ],
        }

    @api.model
    def _search_follow_up_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(
                _("Unsupported operator %(operator)s for the follow-up status.")
                % {"operator": operator}
            )
        states = [value] if isinstance(value, str) or not value else list(value)
        domains = self._get_follow_up_state_domains()
        domain = expression.normalize_domain(
            expression.OR(
                [
                    expression.normalize_domain(domains[state])
                    for state in states
                    if state in domains
                ]
            )
            or expression.FALSE_DOMAIN
        )
        if operator in ("!=", "not in"):
            domain = ["!"] + domain
        return domain

    @api.depends("follow_up_ids")
    def _compute_is_followed_up(self):
        for conversation in self:
            conversation.is_followed_up = bool(conversation.follow_up_ids)

    @api.depends("user_id")
    def _compute_is_in_my_figures(self):
        mine = bool(self._get_figures_domain())
        for conversation in self:
            conversation.is_in_my_figures = not mine or conversation.user_id == self.env.user

    @api.model
    def _search_is_in_my_figures(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(
                _("Unsupported operator %(operator)s for %(field)s.")
                % {"operator": operator, "field": self._get_field_label("is_in_my_figures")}
            )
        domain = self._get_figures_domain() or expression.TRUE_DOMAIN
        if (operator == "=") != bool(value):
            domain = ["!"] + expression.normalize_domain(domain)
        return domain

    @api.depends(
        "contact_id.phone",
        "contact_id.mobile",
        "contact_id.email",
        "partner_id.phone",
        "partner_id.mobile",
        "partner_id.email",
    )
    def _compute_contact_details(self):
        """The contact's phone or mobile, else the customer's, else its
        company's: whoever is called, there is a number to dial."""
        for conversation in self:
            contacts = (
                conversation.contact_id
                | conversation.partner_id
                | conversation.partner_id.commercial_partner_id
            )
            conversation.contact_phone = next(
                (c.phone or c.mobile for c in contacts if c.phone or c.mobile), False
            )
            conversation.contact_email = next((c.email for c in contacts if c.email), False)

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------
    @api.constrains("date_begin", "date_end")
    def _check_dates(self):
        # sudo in every constraint: a line the user may not read (created in
        # a colleague's name) must fail on the access rule, not in here
        for conversation in self.sudo():
            if conversation.date_end and conversation.date_end < conversation.date_begin:
                raise ValidationError(
                    _("The time end of a conversation cannot be before its time begin.")
                )

    @api.constrains("duration")
    def _check_duration(self):
        for conversation in self.sudo():
            conversation._check_duration_value()

    @api.constrains("partner_id", "contact_id")
    def _check_contact_id(self):
        # messages name no record: the caller may not be allowed to read them
        for conversation in self.sudo():
            contact = conversation.contact_id
            if (
                contact
                and contact.commercial_partner_id != conversation.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    _(
                        "%(field)s must be the customer of the conversation or "
                        "one of its contacts."
                    )
                    % {"field": self._get_field_label("contact_id")}
                )

    @api.constrains("partner_id", "follow_up_of_id")
    def _check_follow_up_of_id(self):
        # sudo: the line followed up may belong to a colleague
        for conversation in self.sudo():
            if conversation.follow_up_of_id == conversation:
                raise ValidationError(_("A conversation cannot follow up itself."))
            pairs = [(conversation.follow_up_of_id, conversation)]
            pairs += [(conversation, follow_up) for follow_up in conversation.follow_up_ids]
            for origin, follow_up in pairs:
                if origin and origin.commercial_partner_id != follow_up.commercial_partner_id:
                    raise ValidationError(
                        _(
                            "A conversation can only follow up a conversation "
                            "with the same customer."
                        )
                    )
            # walk up the chain; a visited set also stops on loops saved
            # earlier, where Odoo's _check_recursion would never end
            seen = {conversation.id}
            origin = conversation.follow_up_of_id
            while origin:
                if origin.id in seen:
                    raise ValidationError(
                        _("Conversations cannot follow each other up in a circle.")
                    )
                seen.add(origin.id)
                origin = origin.follow_up_of_id

    @api.constrains("stage_id", "team_id")
    def _check_stage_id(self):
        for conversation in self.sudo():
            stage_team = conversation.stage_id.team_id
            if stage_team and stage_team != conversation.team_id:
                raise ValidationError(
                    _(
                        "The pipeline position %(stage)s is reserved to another "
                        "sales team than the conversation's."
                    )
                    % {"stage": conversation.stage_id.name}
                )

    @api.constrains("stage_id", "lost_reason_id")
    def _check_lost_reason_id(self):
        for conversation in self.sudo():
            lost = conversation.stage_id.pipeline_outcome == "lost"
            if lost and not conversation.lost_reason_id:
                raise ValidationError(
                    _("A conversation at the lost position %(stage)s needs a lost reason.")
                    % {"stage": conversation.stage_id.name}
                )
            if not lost and conversation.lost_reason_id:
                raise ValidationError(
                    _("%(field)s can only be given at a lost pipeline position.")
                    % {"field": self._get_field_label("lost_reason_id")}
                )

    @api.constrains("date_begin", "follow_up_date")
    def _check_date_begin(self):
        """Not dated after the end of today (in the user's time zone): a line
        dated in the future would stay the customer's latest position in every
        report for ever. Its follow-up is not before its own day."""
        for conversation in self.sudo():
            self._check_dates_of(conversation.date_begin, conversation.follow_up_date)

    @api.model
    def _check_dates_of(self, date_begin, follow_up_date):
        """The rules of _check_date_begin on given values: the constraint on
        stored lines, the onchange on a line being typed."""
        tz_name = dates.user_tz(self.env)
        today = dates.user_today(self.env)
        latest = fields.Datetime.to_string(dates.day_start_utc(today + timedelta(days=1), tz_name))
        if date_begin >= latest:
            raise ValidationError(
                _("%(field)s cannot be later than the end of today (%(today)s).")
                % {
                    "field": self._get_field_label("date_begin"),
                    "today": dates.format_day(self.env, today),
                }
            )
        if not follow_up_date:
            return
        day = fields.Date.to_string(dates.utc_to_local_day(date_begin, tz_name))
        if follow_up_date < day:
            raise ValidationError(
                _("%(field)s cannot be before the day of the conversation (%(day)s).")
                % {
                    "field": self._get_field_label("follow_up_date"),
                    "day": dates.format_day(self.env, day),
                }
            )

    @api.constrains("lead_id", "partner_id")
    def _check_lead_id(self):
        """A line moves its opportunity: it may only be linked to an
        opportunity of its own customer (commercial entity)."""
        for conversation in self.sudo():
            lead = conversation.lead_id
            if lead and lead.partner_id.commercial_partner_id != conversation.commercial_partner_id:
                raise ValidationError(
                    _("%(field)s must be an opportunity of the conversation's customer.")
                    % {"field": self._get_field_label("lead_id")}
                )

    @api.constrains("company_id", "partner_id", "contact_id", "lead_id", "team_id", "user_id")
    def _check_company_id(self):
        """The customer, contact, opportunity, team and employee of a line all
        belong to the line's company (or to no company)."""
        for conversation in self.sudo():
            company = conversation.company_id
            if not company:
                continue
            for name in ("partner_id", "contact_id", "lead_id", "team_id"):
                other = conversation[name].company_id
                if other and other != company:
                    raise ValidationError(
                        _("%(field)s must belong to the company of the conversation.")
                        % {"field": self._get_field_label(name)}
                    )
            # the current user's current company is always one of theirs
            own_company = (
                conversation.user_id.id == self.env.uid
                and company.id == self.env.user.company_id.id
            )
            if not own_company and company not in conversation.user_id.company_ids:
                raise ValidationError(
                    _("%(field)s must be allowed in the company of the conversation.")
                    % {"field": self._get_field_label("user_id")}
                )

    @api.constrains("team_id", "user_id")
    def _check_team_id(self):
        """The team of a line is one of its employee's teams: the line counts
        in that team's figures and objectives. Sales managers may set any
        team; so does the opportunity sync, which logs the opportunity's."""
        user = self.env.user
        if (
            user._is_superuser()
            or user.has_group("sales_team.group_sale_manager")
            or is_internal(self.env, CTX_FROM_LEAD)
        ):
            return
        for conversation in self.sudo():
            team = conversation.team_id
            if team and team not in conversation.user_id._get_sales_teams():
                raise ValidationError(
                    _(
                        "%(field)s must be one of the employee's sales teams; only "
                        "a sales manager can choose another one."
                    )
                    % {"field": self._get_field_label("team_id")}
                )

    @api.onchange("stage_id")
    def _onchange_stage_id_lost_reason(self):
        """A lost position needs its reason. In the customer's Conversations
        tab the Lost Reason cell may be off-screen, and Odoo would only say
        that the changes will be discarded: say what is missing at once."""
        if self.stage_id.pipeline_outcome != "lost":
            self.lost_reason_id = False
        elif not self.lost_reason_id:
            self.lost_reason_id = self.lead_id.lost_reason
        if self.stage_id.pipeline_outcome == "lost" and not self.lost_reason_id:
            return {
                "warning": {
                    "title": _("Why was the sale lost?"),
                    "message": _(
                        "%(stage)s is a lost position: choose the %(field)s of "
                        "this conversation (next to its pipeline position) "
                        "before saving."
                    )
                    % {
                        "stage": self.stage_id.name,
                        "field": self._get_field_label("lost_reason_id"),
                    },
                }
            }
        return None

    @api.onchange("note")
    def _onchange_note(self):
        """The seed product fills in the employee and the time when the note is
        first typed: the conversation is happening now, by whoever types.

        A form that carries ``date_begin_kept`` says when the user already
        chose them (a call back-dated, a colleague's line), or when the note
        already filled them once: they are then left as they are, and a
        typed duration keeps its Time End with the begin it moves."""
        origin = getattr(self, "_origin", self.browse())
        if not self.note or origin.note or self.date_begin_kept:
            return
        now = fields.Datetime.now()
        if self.date_begin and self.date_end:
            length = fields.Datetime.from_string(self.date_end) - fields.Datetime.from_string(
                self.date_begin
            )
            self.date_end = fields.Datetime.to_string(fields.Datetime.from_string(now) + length)
        self.date_begin = now
        self.user_id = self.env.user

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id:
            self.team_id = self._get_default_team(self.user_id)

    @api.multi
    def onchange(self, values, field_name, field_onchange):
        """Changing Time Begin keeps the duration the form shows and moves
        Time End with it: a value the user did not touch never changes.
        Duration is computed from the two times, so the ORM's onchange would
        recompute it from the new begin and the old end (back-dating the
        begin of a 15-minute call to yesterday gave 391.63 minutes, then
        "Duration must be between 0 and 600" about a value never typed); the
        duration the form sent is the one kept."""
        result = super().onchange(values, field_name, field_onchange)
        if "date_begin_kept" in values and (
            field_name in ("date_begin", "user_id")
            or (field_name == "note" and "date_begin" in result.get("value", {}))
        ):
            # what the user chose, or the note filled, stays (_onchange_note)
            result.setdefault("value", {})["date_begin_kept"] = True
        duration = values.get("duration") or 0.0
        if (
            field_name == "date_begin"
            and values.get("date_begin")
            and values.get("date_end")
            and 0 <= duration <= MAX_DURATION_MINUTES
        ):
            begin = fields.Datetime.from_string(values["date_begin"])
            changed = result.setdefault("value", {})
            changed.pop("duration", None)
            changed["date_end"] = fields.Datetime.to_string(
                begin + timedelta(seconds=round(duration * 60))
            )
        return result

    @api.onchange("date_begin", "follow_up_date")
    def _onchange_check_dates(self):
        """The date rules of a line (_check_date_begin: not in the future, a
        follow-up not before the conversation's day), answered on the field
        as it is typed rather than at the save of the whole customer."""
        if not self.date_begin:
            return None
        try:
            self._check_dates_of(self.date_begin, self.follow_up_date)
        except ValidationError as error:
            return {"warning": {"title": _("Check the dates"), "message": error.name}}
        return None

    @api.onchange("duration")
    def _onchange_duration(self):
        if 0 <= self.duration <= MAX_DURATION_MINUTES:
            date_end = self._get_date_end_from_duration()
            if date_end:
                self.date_end = date_end

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        commercial_partner = self.partner_id.commercial_partner_id
        self.commercial_partner_id = commercial_partner
        if self.contact_id.commercial_partner_id != commercial_partner:
            self.contact_id = False

    @api.onchange("follow_up_of_id")
    def _onchange_follow_up_of_id(self):
        origin = self.follow_up_of_id
        if origin:
            self.is_follow_up = True
            if not self.partner_id:
                self.partner_id = origin.partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.multi
    def name_get(self):
        result = []
        for conversation in self:
            name = conversation.partner_id.display_name or ""
            if conversation.topic_id:
                name = "%s: %s" % (name, conversation.topic_id.name)
            if conversation.date_begin:
                name = "%s (%s)" % (name, dates.format_day(self.env, conversation.date_begin))
            result.append((conversation.id, name))
        return result

    @api.model
    def create(self, vals):
        self._check_stored_values(vals)
        self._check_user_change(vals)
        # the customer may come from a default (partner form, follow-up)
        vals = self._add_missing_default_values(vals)
        self._check_references(vals)
        self._prepare_commercial_partner(vals)
        self._check_archived_values(vals)
        if vals.get("follow_up_of_id"):
            vals["is_follow_up"] = True
        conversation = super().create(vals)
        conversation._sync_lead_stage()
        # a new line has no activity yet: it needs one only if its follow-up
        # is open; the line it follows up may have to close its own
        to_sync = conversation.follow_up_of_id
        if conversation._is_follow_up_open():
            to_sync |= conversation
        to_sync._sync_follow_up_activities()
        return conversation

    @api.multi
    def write(self, vals):
        self._check_stored_values(vals)
        self._check_user_change(vals)
        self._check_references(vals)
        self._prepare_commercial_partner(vals)
        self._prepare_lost_reason(vals)
        self._check_archived_values(vals)
        if vals.get("follow_up_of_id"):
            vals["is_follow_up"] = True
        previous_origins = self.mapped("follow_up_of_id")
        result = super().write(vals)
        if "stage_id" in vals or "lead_id" in vals:
            self._sync_lead_stage()
        if ACTIVITY_FIELDS.intersection(vals):
            (self | previous_origins | self.mapped("follow_up_of_id"))._sync_follow_up_activities()
        return result

    @api.multi
    def unlink(self):
        # a deleted follow-up line re-opens the follow-up it closed
        origins = self.mapped("follow_up_of_id") - self
        result = super().unlink()
        origins.exists()._sync_follow_up_activities()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.multi
    def action_follow_up(self):
        """Open a prefilled follow-up line in a dialog; it is created when the
        user logs it, so cancelling leaves nothing behind."""
        self.ensure_one()
        context = dict(self.env.context)
        context.update(
            {"default_%s" % name: value for name, value in self._prepare_follow_up_values().items()}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Follow Up"),
            "res_model": "crm.conversation",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("smart_pipeline.crm_conversation_view_form_dialog").id,
                    "form",
                )
            ],
            "target": "new",
            "context": context,
        }

    @api.model
    def _composer_action(self, defaults):
        """The composer: a new line in a dialog, saved at once by its own
        Log button (no Edit and Save of the customer or the opportunity),
        its checks answered in the dialog. ``defaults`` prefill it."""
        context = dict(self.env.context)
        context.update({"default_%s" % name: value for name, value in defaults.items()})
        return {
            "type": "ir.actions.act_window",
            "name": _("Log a Conversation"),
            "res_model": "crm.conversation",
            "view_mode": "form",
            "views": [
                (self.env.ref("smart_pipeline.crm_conversation_view_form_composer").id, "form")
            ],
            "target": "new",
            "context": context,
        }

    @api.multi
    def action_complete_original(self):
        """Log a follow-up and mark the conversation it follows up completed."""
        self.ensure_one()
        self.follow_up_of_id.completed = True
        return {"type": "ir.actions.act_window_close"}

    @api.multi
    def action_create_booking(self):
        """Open Odoo's calendar event form prefilled from the line."""
        self.ensure_one()
        start = self._get_booking_start()
        stop = start + timedelta(hours=1)
        attendees = self.partner_id | self.contact_id | self.env.user.partner_id
        context = dict(self.env.context)
        context.update(
            {
                "default_name": self._get_task_summary(),
                "default_partner_ids": attendees.ids,
                "default_description": self.note or False,
                "default_start": fields.Datetime.to_string(start),
                "default_stop": fields.Datetime.to_string(stop),
                "default_start_datetime": fields.Datetime.to_string(start),
                "default_stop_datetime": fields.Datetime.to_string(stop),
                "default_duration": 1.0,
                "default_allday": False,
                "default_conversation_id": self.id,
            }
        )
        if self.lead_id:
            # crm links the event to the opportunity from this key
            context["default_opportunity_id"] = self.lead_id.id
        return {
            "type": "ir.actions.act_window",
            "name": _("Create Booking"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    @api.multi
    def action_view_bookings(self):
        self.ensure_one()
        action = self.env.ref("calendar.action_calendar_event").read()[0]
        action["domain"] = [("conversation_id", "=", self.id)]
        action["context"] = {"default_conversation_id": self.id}
        return action

    @api.multi
    def action_create_outlook_task(self):
        """Download the line as an iCalendar task that Outlook imports."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": "/smart_pipeline/conversation/%d/task.ics" % self.id,
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _get_figures_domain(self):
        """The conversations the current user's figures count: all those they
        may read for "all documents" users and managers, only their own for
        "own documents only" salespeople. With the shared customer history
        such a salesperson reads colleagues' lines, yet the overview, the
        counters and the follow-up lists stay their own (a colleague's
        figures come out as zeros)."""
        user = self._get_figures_user()
        return [("user_id", "=", user.id)] if user else []

    @api.model
    def _get_figures_user(self):
        """The one home of "whose figures may the current user see": the
        "own documents only" salesperson themselves (their figures count only
        the records they are responsible for), or an empty recordset for
        "all documents" users, managers and the superuser, who see every
        figure. Used by the conversation figures (``_get_figures_domain``)
        and by the SQL measures of the objectives."""
        user = self.env.user
        if user._is_superuser() or user.has_group("sales_team.group_sale_salesman_all_leads"):
            return user.browse()
        return user

    @api.model
    def _check_history_unlink(self, records, field_names):
        """Refuse to delete ``records`` while conversation lines point to
        them through ``field_names``: the history would lose its customer,
        team, company... and drop out of every report. Counted as superuser:
        colleagues' lines are history too; the message names no line."""
        if not records:
            return
        domain = expression.OR([[(name, "in", records.ids)] for name in field_names])
        count = self.sudo().with_context(active_test=False).search_count(domain)
        if count:
            raise UserError(
                _(
                    "%(records)s cannot be deleted: %(count)s conversations of the "
                    "customer history depend on it. Archive it instead."
                )
                % {"records": ", ".join(records.mapped("display_name")), "count": count}
            )

    @api.model
    def _get_field_label(self, name):
        """The label of a field as the user reads it (translated)."""
        return self._fields[name].get_description(self.env)["string"]

    @api.multi
    def _prepare_lost_reason(self, vals):
        """Leaving a lost position clears the lost reason explicitly; a lost
        reason given with an open position is refused by the constraint."""
        if vals.get("stage_id") and "lost_reason_id" not in vals:
            stage = self.env["crm.stage"].sudo().browse(vals["stage_id"])
            if stage.pipeline_outcome != "lost":
                vals["lost_reason_id"] = False

    @api.model
    def _get_default_team(self, user):
        """Odoo's default team of ``user`` when it is one of theirs: Odoo
        falls back to the main sales team, which is not everybody's. With
        one team or none, that is the answer whatever Odoo's choice: Odoo is
        asked only when the user has several teams."""
        teams = user._get_sales_teams()
        if len(teams) > 1:
            team = self.env["crm.team"].sudo()._get_default_team_id(user_id=user.id)
            if team in teams:
                return team.sudo(self.env.uid)
        return teams[:1].sudo(self.env.uid)

    @api.model
    def _prepare_commercial_partner(self, vals):
        """Set the commercial entity in ``vals`` from the customer written."""
        vals.pop("commercial_partner_id", None)
        if "partner_id" in vals:
            # sudo: whether the user may use this customer is checked apart
            # (``_check_references``); the constraints, run as superuser,
            # then find the customer already read
            partner = self.env["res.partner"].sudo().browse(vals["partner_id"])
            vals["commercial_partner_id"] = partner.commercial_partner_id.id

    @api.multi
    def _get_date_end_from_duration(self):
        """Return the time end implied by the duration, or None to keep it."""
        self.ensure_one()
        if not self.date_begin or (not self.duration and not self.date_end):
            return None
        begin = fields.Datetime.from_string(self.date_begin)
        return fields.Datetime.to_string(begin + timedelta(seconds=round(self.duration * 60)))

    @api.multi
    def _get_booking_start(self):
        """Start of a booking: the follow-up date (or today) at 9:00 in the
        employee's time zone, as a naive UTC datetime."""
        self.ensure_one()
        day = dates.to_date(self.follow_up_date) or dates.user_today(self.env)
        return dates.local_to_utc(day, time(BOOKING_HOUR), self.env.user.tz)

    @api.multi
    def _get_task_summary(self):
        self.ensure_one()
        if self.topic_id:
            return _("Follow up %(customer)s: %(topic)s") % {
                "customer": self.partner_id.display_name,
                "topic": self.topic_id.name,
            }
        return _("Follow up %(customer)s") % {"customer": self.partner_id.display_name}

    @api.multi
    def _get_ical_task(self):
        """Return the line as an iCalendar VTODO (bytes): the note is the
        description and the follow-up date the due date."""
        self.ensure_one()
        database_uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        return ical.vtodo(
            uid="crm.conversation-%d@%s" % (self.id, database_uuid or "odoo"),
            stamp=fields.Datetime.from_string(self.write_date or fields.Datetime.now()),
            summary=self._get_task_summary(),
            description=self.note,
            due=dates.to_date(self.follow_up_date),
            contact=self.contact_id.display_name,
            completed=self.completed,
        )
