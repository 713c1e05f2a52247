# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from .mail_thread import AUTOLOG_MODELS


class MailActivity(models.Model):
    """A follow-up date of a conversation is an Odoo activity, so that a
    salesperson has one to-do list (systray, chatter, "Next Activity"
    columns). The conversation line stays the reference: its follow-up date,
    completed flag and follow-up lines decide whether the activity exists;
    the activity only feeds back what users do with it in Odoo's own screens
    (mark done, move the due date)."""

    _inherit = "mail.activity"

    conversation_id = fields.Many2one(
        "crm.conversation",
        string="Conversation",
        ondelete="cascade",
        index=True,
        readonly=True,
        help="The conversation whose follow-up this activity is.",
    )

    @api.model
    def _get_open_activity_domain(self):
        """Activities still to do. Odoo deletes an activity marked done; OCA's
        mail_activity_done keeps it with ``done=True`` (its history), so a
        finished activity is one that is gone or done: it is never an open
        follow-up. Read only when that field exists (no dependency)."""
        if "done" in self._fields:
            return [("done", "=", False)]
        return []

    @api.multi
    def _filter_open(self):
        """The activities of ``self`` still to do (see
        ``_get_open_activity_domain``)."""
        if "done" in self._fields:
            return self.filtered(lambda activity: not activity.done)
        return self

    @api.multi
    def _get_team_values(self, model, user):
        """``{"team_id": ...}`` for an activity on ``model`` assigned to
        ``user``, when OCA's mail_activity_team is installed (no dependency):
        it fills an activity's team from the *creating* user's default team
        and refuses an assignee outside it, and follow-up activities are
        created as superuser for whichever salesperson owns the line. The
        team is the assignee's own default team for that model, found by
        mail_activity_team's rule, or none. On an existing activity
        (``self``) a team the assignee belongs to is kept."""
        if "team_id" not in self._fields:
            return {}
        if len(self) == 1 and self.team_id and user in self.team_id.member_ids:
            return {}
        team = self.env["mail.activity.team"]
        if user and hasattr(self, "_get_default_team_id"):
            team = self.with_context(default_res_model=model)._get_default_team_id(user_id=user.id)
        return {"team_id": team.id or False}

    @api.multi
    def write(self, values):
        result = super().write(values)
        if "date_deadline" in values:
            # rescheduled in the chatter: the line's follow-up date follows,
            # which moves the activity's twin (customer / opportunity) too; a
            # finished activity (kept by mail_activity_done) follows nothing
            for activity in self._filter_open().filtered("conversation_id"):
                conversation = activity.conversation_id
                if conversation.follow_up_date != activity.date_deadline:
                    conversation.write({"follow_up_date": activity.date_deadline})
        return result

    @api.multi
    def action_feedback(self, feedback=False):
        """Marking a follow-up activity done logs the follow-up line (the
        feedback is its note) and completes the conversation it follows up.
        Activities closed because the line was completed or followed up on
        the conversation side find it closed already and log nothing."""
        conversations = (
            self._filter_open()
            .mapped("conversation_id")
            .filtered(lambda conversation: conversation._is_follow_up_open())
        )
        calls = self._autolog_prepare_calls(feedback)
        result = super().action_feedback(feedback=feedback)
        conversations._log_follow_up_from_activity(feedback)
        if calls:
            # the done message Odoo just posted on each document
            message = self.env["mail.message"].browse(result) if result else None
            for values in calls:
                if message and (message.model, message.res_id) == values["_document"]:
                    values["mail_message_id"] = message.id
                values.pop("_document")
            self.env["crm.conversation"]._autolog_create(calls)
        return result

    @api.multi
    def _autolog_prepare_calls(self, feedback):
        """The lines logged by these activities once done (issue 23): a
        Call activity that is not a line's follow-up, on a customer, a
        contact or an opportunity, logs a Telephone line whose note is the
        feedback; its employee is whoever marks it done. Read before Odoo
        deletes the activities."""
        call_type = self.env.ref("mail.mail_activity_data_call", raise_if_not_found=False)
        # a finished activity kept by mail_activity_done logged its line once
        calls = self._filter_open().filtered(
            lambda activity: not activity.conversation_id
            and call_type
            and activity.activity_type_id == call_type
            and activity.res_model in AUTOLOG_MODELS
        )
        if not calls:
            return []
        Conversation = self.env["crm.conversation"].sudo()
        channel = self.env.ref("smart_pipeline.crm_conversation_channel_telephone")
        result = []
        for activity in calls.sudo():
            record = self.env[activity.res_model].sudo().browse(activity.res_id).exists()
            lead = record if record._name == "crm.lead" else None
            partner = lead.partner_id if lead is not None else record
            if not partner or not Conversation._autolog_customer(partner):
                continue
            values = Conversation._autolog_values("call", self.env.user, partner, None, lead)
            if not values:
                continue
            note = (feedback or "").strip() or activity.summary or activity.activity_type_id.name
            values.update(
                {
                    "channel_id": channel.id,
                    "date_begin": fields.Datetime.now(),
                    "note": note,
                    "mail_activity_ref": "%s,%d" % (activity.res_model, activity.res_id),
                    "_document": (activity.res_model, activity.res_id),
                }
            )
            result.append(values)
        return result
