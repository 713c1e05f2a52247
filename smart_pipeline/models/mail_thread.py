# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""E-mails become conversation lines (issue 23): a message sent from the
chatter of a customer, of one of its contacts or of an opportunity to an
external partner, and an e-mail received there through Odoo's mail gateway.

The hook runs after every ``message_post`` of every document, so it must
cost nothing for what it does not log: the checks that need no query come
first (model, message type, subtype, the server-set flags, then whether
any company logs e-mails at all, cached), then at most a handful of indexed
queries for a message that qualifies."""

from odoo import SUPERUSER_ID, api, fields, models

from .crm_conversation_source import (
    AUTOLOG_AUTO_SUBMITTED,
    AUTOLOG_CRON,
    AUTOLOG_INCOMING,
    AUTOLOG_INCOMING_NEW,
    AUTOLOG_OFF,
    CTX_AUTOLOG,
    autolog_context,
    internal_users_of,
    is_employee,
    is_internal_user,
)
from .crm_lead import INTERNAL, is_internal

# The documents whose chatter e-mails are logged from.
AUTOLOG_MODELS = ("res.partner", "crm.lead")
# Context key set by ``message_process`` only (never by a client, see
# ``crm_lead._InternalFlag``): Odoo's gateway has just refused any e-mail
# whose Message-Id is in the database already.
CTX_AUTOLOG_GATEWAY = "conversation_autolog_gateway"


def is_auto_submitted(message):
    """RFC 3834: an ``Auto-Submitted`` header other than ``no`` marks an
    automatic message (auto-reply, vacation notice, notification)."""
    value = (message.get("Auto-Submitted") or "").strip().lower()
    return bool(value) and value.split(";")[0].strip() != "no"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(self, model, message, *args, **kwargs):
        """Odoo's gateway refuses an e-mail whose Message-Id is in the
        database already (its search sees every message when it runs as
        superuser, as fetchmail does): ``message_route_process`` may then
        trust the Message-Id to be new."""
        if self.env.uid == SUPERUSER_ID:
            self = self.with_context(**{CTX_AUTOLOG_GATEWAY: INTERNAL})
        return super(MailThread, self).message_process(model, message, *args, **kwargs)

    @api.model
    def message_route_process(self, message, message_dict, routes):
        """Mark what the gateway posts as received (or as an automatic
        reply, which is never logged), for ``_message_post_after_hook``; as
        new when ``message_process`` checked its Message-Id and it goes to
        one document only: no line can have been logged from it, and the
        hook skips the "one line per Message-Id" lookup (issue 23, speed)."""
        if is_auto_submitted(message):
            flag = AUTOLOG_AUTO_SUBMITTED
        elif len(routes) == 1 and is_internal(self.env, CTX_AUTOLOG_GATEWAY):
            flag = AUTOLOG_INCOMING_NEW
        else:
            flag = AUTOLOG_INCOMING
        # what the routes do is no longer the gateway's check
        self = self.with_context(**{CTX_AUTOLOG: flag, CTX_AUTOLOG_GATEWAY: False})
        return super(MailThread, self).message_route_process(message, message_dict, routes)

    def _message_post_after_hook(self, message):
        result = super()._message_post_after_hook(message)
        if self._name in AUTOLOG_MODELS and len(self) == 1:
            self._autolog_message(message)
        return result

    def _autolog_message(self, message):
        """Log ``message`` (just posted on this record) when it is a sent or
        received e-mail with a customer; see the module's docstring."""
        flag = autolog_context(self.env)
        if flag in (AUTOLOG_OFF, AUTOLOG_AUTO_SUBMITTED):
            return
        if message.message_type not in ("comment", "email"):
            return  # notifications, tracking
        comment = self.env["ir.model.data"].xmlid_to_res_id("mail.mt_comment")
        if message.subtype_id.id != comment:
            return  # internal notes, mass mailings (no subtype)
        incoming = flag is AUTOLOG_INCOMING or flag is AUTOLOG_INCOMING_NEW
        if not incoming and (
            flag is AUTOLOG_CRON
            or self.env.uid == SUPERUSER_ID
            or message.message_type != "comment"
        ):
            return  # posted by a scheduled action, the superuser or a script
        Conversation = self.env["crm.conversation"].sudo()
        if not Conversation._autolog_source_on("email"):
            return  # no company logs e-mails: nothing else is read
        record = self.sudo()
        lead = record if record._name == "crm.lead" else None
        if lead is not None:
            if lead.type != "opportunity" or not lead.partner_id:
                return
            partner = lead.partner_id
        else:
            partner = record
        Conversation._autolog_read_partners(partner)
        if not Conversation._autolog_customer(partner):
            return
        values = (
            self._autolog_received_values(message, partner, lead)
            if incoming
            else self._autolog_sent_values(message, partner, lead)
        )
        if not values:
            return
        if (
            flag is not AUTOLOG_INCOMING_NEW
            and message.message_id
            and self._autolog_message_id_logged(message.message_id)
        ):
            return  # one line per Message-Id
        now = fields.Datetime.now()
        values.update(
            {
                "mail_message_id": message.id,
                "channel_id": self.env["ir.model.data"].xmlid_to_res_id(
                    "smart_pipeline.crm_conversation_channel_email", raise_if_not_found=True
                ),
                # a sender's clock ahead of ours: logged when it arrived
                "date_begin": min(message.date or now, now),
                "note": Conversation._autolog_text_note(message.subject, message.body),
            }
        )
        Conversation._autolog_create([values])

    def _autolog_message_id_logged(self, message_id):
        """Whether a line was logged from a message of this ``Message-Id``
        (one e-mail routed to several documents is one message each): one
        query. The messages are looked up first, once (``ARRAY(...)``), then
        their lines by the unique index: written as a join, PostgreSQL's
        estimates of tables grown since its last ANALYZE (in one long
        transaction) made it scan the messages once per line, a cost that
        grew with every line logged (issue 23, speed)."""
        self.env.cr.execute(
            "SELECT 1 FROM crm_conversation WHERE mail_message_id = ANY(ARRAY("
            "SELECT id FROM mail_message WHERE message_id = %s)) LIMIT 1",
            (message_id,),
        )
        return bool(self.env.cr.fetchone())

    def _autolog_sent_values(self, message, partner, lead):
        """Sent: by an internal user (the employee), to at least one
        external partner; the contact is the first external recipient."""
        Conversation = self.env["crm.conversation"].sudo()
        user = self.env.user
        if user.partner_id != message.author_id or not is_internal_user(user):
            return None
        recipients = (message.partner_ids | message.needaction_partner_ids).sudo()
        recipients -= message.author_id
        internal = internal_users_of(recipients)
        external = recipients.filtered(lambda recipient: recipient.id not in internal)
        if not external:
            return None  # between internal users only
        commercial = partner.commercial_partner_id
        contact = external.filtered(lambda p: p.commercial_partner_id == commercial)[:1]
        return Conversation._autolog_values("email", user, partner, contact, lead)

    def _autolog_received_values(self, message, partner, lead):
        """Received: from an external author; the employee is the
        opportunity's salesperson, else the customer's."""
        Conversation = self.env["crm.conversation"].sudo()
        author = message.author_id.sudo()
        if author and is_employee(author):
            return None  # an employee's own e-mail
        user = (lead.user_id if lead is not None else None) or (
            partner.user_id or partner.commercial_partner_id.user_id
        )
        if not user:
            return None
        return Conversation._autolog_values("email", user, partner, author or None, lead)
