# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import plaintext2html

# Longest activity summary taken from a note (the systray shows one line).
ACTIVITY_SUMMARY_LENGTH = 80


# one file per concern of crm.conversation (issue 19, point 6)
class CrmConversation(models.Model):
    """The follow-up of a conversation line as Odoo activities: one per
    document (customer, opportunity) while the follow-up is open, closed
    when the line is completed or followed up, and the follow-up line
    logged when such an activity is marked done."""

    _inherit = "crm.conversation"  # pylint: disable=consider-merging-classes-inherited

    @api.multi
    def _is_follow_up_open(self):
        """The follow-up is still owed: a date, not completed, not followed
        up. Unlike ``follow_up_state`` this does not depend on today."""
        self.ensure_one()
        return bool(self.follow_up_date and not self.completed and not self.is_followed_up)

    @api.multi
    def _get_activity_documents(self):
        """The records that carry the follow-up's activities: the customer,
        and the opportunity when the line is linked to one."""
        self.ensure_one()
        documents = [self.partner_id]
        if self.lead_id:
            documents.append(self.lead_id)
        return documents

    @api.multi
    def _prepare_activity_values(self):
        """Values every activity of this follow-up shares."""
        self.ensure_one()
        note = (self.note or "").strip()
        summary = note.splitlines()[0] if note else self._get_task_summary()
        if len(summary) > ACTIVITY_SUMMARY_LENGTH:
            summary = summary[: ACTIVITY_SUMMARY_LENGTH - 1].rstrip() + "\u2026"
        activity_type = self.channel_id.activity_type_id or self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        return {
            "summary": summary,
            "note": plaintext2html(note) if note else False,
            "date_deadline": self.follow_up_date,
            "user_id": self.user_id.id,
            "activity_type_id": activity_type.id if activity_type else False,
        }

    @api.multi
    def _sync_follow_up_activities(self):
        """Make the Odoo activities match the follow-up of each line: one per
        document (customer, opportunity) while the follow-up is open, due on
        its date, assigned to the employee; marked done once the line is
        completed or followed up; removed when the date is cleared.

        Created and updated as superuser: they are derived from the line,
        whose own access rules were checked when it was written, and the
        employee may be a colleague of whoever logs the line."""
        Activity = self.env["mail.activity"].sudo()
        model_ids = {}
        conversations = self.sudo().exists()
        # only the open activities count: a finished one (deleted by Odoo,
        # kept done by OCA's mail_activity_done) is history, never reused, so
        # a reopened line gets a new one back in the to-do list
        open_activities = defaultdict(Activity.browse)
        for activity in Activity.search(
            [("conversation_id", "in", conversations.ids)] + Activity._get_open_activity_domain()
        ):
            open_activities[activity.conversation_id.id] |= activity
        for conversation in conversations:
            activities = open_activities[conversation.id]
            if not conversation._is_follow_up_open():
                if conversation.follow_up_date and activities:
                    conversation.with_env(self.env)._close_follow_up_activities(activities)
                elif activities:
                    activities.unlink()
                continue
            values = conversation._prepare_activity_values()
            wanted = {(doc._name, doc.id) for doc in conversation._get_activity_documents()}
            for activity in activities:
                key = (activity.res_model, activity.res_id)
                if key not in wanted:
                    activity.unlink()
                    continue
                wanted.discard(key)
                activity_values = dict(
                    values, **activity._get_team_values(activity.res_model, conversation.user_id)
                )
                changes = {
                    name: value
                    for name, value in activity_values.items()
                    if activity._fields[name].convert_to_write(activity[name], activity) != value
                }
                if changes:
                    activity.write(changes)
            for model, res_id in sorted(wanted):
                if model not in model_ids:
                    model_ids[model] = self.env["ir.model"]._get(model).id
                create_values = dict(
                    values, **Activity.browse()._get_team_values(model, conversation.user_id)
                )
                create_values.update(
                    {
                        "res_model_id": model_ids[model],
                        "res_id": res_id,
                        "conversation_id": conversation.id,
                    }
                )
                Activity.create(create_values)

    @api.model
    def _migrate_follow_up_activities(self, channel_activity_types):
        """Upgrade step (``migrations/``): set the shipped channels' activity
        types where still empty, then give every open follow-up its
        activities. Idempotent: running it twice creates nothing more."""
        for channel_xmlid, type_xmlid in channel_activity_types.items():
            channel = self.env.ref("smart_pipeline.%s" % channel_xmlid, raise_if_not_found=False)
            activity_type = self.env.ref(type_xmlid, raise_if_not_found=False)
            if channel and activity_type and not channel.activity_type_id:
                channel.activity_type_id = activity_type
        pipeline_update = self.env.ref(
            "smart_pipeline.crm_conversation_channel_pipeline_update", raise_if_not_found=False
        )
        if pipeline_update:
            pipeline_update.manual = False
        open_follow_ups = self.with_context(active_test=False).search(
            self._get_open_follow_up_domain()
        )
        open_follow_ups._sync_follow_up_activities()
        return len(open_follow_ups)

    @api.multi
    def _close_follow_up_activities(self, activities):
        """Mark the activities of a closed follow-up done, as the user who
        closed it when they may post on the documents, else as superuser
        (a salesperson may complete a line linked to a colleague's
        opportunity)."""
        feedback = _("Follow-up logged in the conversation log.")
        try:
            with self.env.cr.savepoint():
                activities.sudo(self.env.user).action_feedback(feedback=feedback)
        except AccessError:
            activities.exists().sudo().action_feedback(feedback=feedback)

    @api.multi
    def _log_follow_up_from_activity(self, feedback=False):
        """An activity of the follow-up was marked done in Odoo's screens:
        log the follow-up line (the feedback as its note) and complete the
        conversation it follows up."""
        for conversation in self:
            values = conversation._prepare_follow_up_values()
            note = (feedback or "").strip() or _("Done: %(summary)s") % {
                "summary": conversation._prepare_activity_values()["summary"]
            }
            values.update(
                {
                    "note": note,
                    "user_id": self.env.uid,
                    "date_begin": fields.Datetime.now(),
                }
            )
            self.create(values)
            conversation.completed = True

    @api.multi
    def _prepare_follow_up_values(self):
        """Values of the follow-up line of this conversation."""
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "contact_id": self.contact_id.id,
            "topic_id": self.topic_id.id,
            "channel_id": self.channel_id.id,
            "stage_id": self.stage_id.id,
            "lead_id": self.lead_id.id,
            "is_follow_up": True,
            "follow_up_of_id": self.id,
        }
