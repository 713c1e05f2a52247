# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from ..tools import dates

STATISTICS_FIELDS = [
    "nbr_conversations",
    "duration",
    "nbr_follow_ups",
    "nbr_follow_ups_done",
    "nbr_follow_ups_overdue",
    "on_time_rate",
    "days_late",
]


class ReportCrmFollowupDaily(models.AbstractModel):
    """Values of the printed daily follow-up report.

    Printed from the follow-up list, the selected lines are the report:
    their header and the statistics' "Overdue now" count the overdue among
    them.
    Printed from the wizard (``data`` given), the lines are searched again
    for the chosen day, employees and team, as the current user: record
    rules keep a salesperson's report to their own follow-ups.
    """

    _name = "report.smart_pipeline.report_crm_followup_daily"
    _description = "Daily Follow-up Report"

    @api.model
    def _get_conversations(self, day, data):
        domain = [("follow_up_state", "in", ("due", "overdue"))]
        domain += self.env["crm.conversation"]._get_figures_domain()
        if data.get("user_ids"):
            domain.append(("user_id", "in", data["user_ids"]))
        if data.get("team_id"):
            domain.append(("team_id", "=", data["team_id"]))
        return dates.with_reference_day(self.env["crm.conversation"], day).search(
            domain, order="follow_up_date, id"
        )

    @api.model
    def _get_overdue_domain(self, user_ids=None, team_id=None, conversation_ids=None):
        """The one home of the report's "overdue": the follow-ups still open
        past their date (the lines' ``follow_up_state``), of the figures the
        reader may see, whatever day they were logged on. The header of each
        employee ("N overdue") and the statistics' "Overdue now" both count
        it, on the report's day. Printed from a selection
        (``conversation_ids``), the report is those lines: both count the
        overdue among them, as the reader printed them."""
        domain = [("follow_up_state", "=", "overdue")]
        if conversation_ids is not None:
            return domain + [("id", "in", conversation_ids)]
        domain += self.env["crm.conversation"]._get_figures_domain()
        if user_ids is not None:
            domain.append(("user_id", "in", user_ids))
        if team_id:
            domain.append(("team_id", "=", team_id))
        return domain

    @api.model
    def _get_overdue_counts(self, day, user_ids=None, team_id=None, conversation_ids=None):
        """{user id: overdue follow-ups on ``day``} (``_get_overdue_domain``)."""
        Conversation = dates.with_reference_day(self.env["crm.conversation"], day)
        groups = Conversation.read_group(
            self._get_overdue_domain(user_ids, team_id, conversation_ids), ["user_id"], ["user_id"]
        )
        return {group["user_id"][0]: group["user_id_count"] for group in groups if group["user_id"]}

    @api.model
    def _get_statistics(
        self, date_from, date_to, user_ids=None, team_id=None, day=None, conversation_ids=None
    ):
        """Statistics per employee for the period, with a total line.

        ``user_ids`` None means every employee the current user may see.
        The period is made of the user's days, as the follow-up list's.
        "Overdue now" is not a figure of the period but the state on the
        report's ``day`` (default: the reader's day): the follow-ups still
        open past their date, whenever logged, as the report's header counts
        them (``_get_overdue_counts``), among ``conversation_ids`` only when
        given (a report printed from a selection of lines). An employee with
        overdue follow-ups and nothing logged in the period gets a line of
        their own.
        """
        start, end = dates.day_bounds_utc(date_from, date_to, dates.user_tz(self.env))
        domain = [("date", ">=", start), ("date", "<", end)]
        if user_ids is not None:
            domain.append(("user_id", "in", user_ids))
        if team_id:
            domain.append(("team_id", "=", team_id))
        Statistics = self.env["crm.followup.statistics"]
        rows = Statistics.read_group(
            domain, STATISTICS_FIELDS + ["user_id"], ["user_id"], orderby="user_id"
        )
        total = Statistics.read_group(domain, STATISTICS_FIELDS, [])
        lines = [
            dict(row, user=self.env["res.users"].browse(row["user_id"][0]))
            for row in rows
            if row["user_id"]
        ]
        overdue = self._get_overdue_counts(
            day or fields.Date.to_string(dates.reference_day(self.env)),
            user_ids,
            team_id,
            conversation_ids,
        )
        listed = set()
        for line in lines:
            line["nbr_follow_ups_overdue"] = overdue.get(line["user"].id, 0)
            listed.add(line["user"].id)
        for user in self.env["res.users"].browse(
            [user_id for user_id in overdue if user_id not in listed]
        ):
            line = dict.fromkeys(STATISTICS_FIELDS, 0)
            line.update(on_time_rate=None, days_late=None, user=user)
            line["nbr_follow_ups_overdue"] = overdue[user.id]
            lines.append(line)
        total = dict(total[0]) if total and total[0].get("__count") else {}
        if lines:
            if not total:
                total = dict.fromkeys(STATISTICS_FIELDS, 0)
                total.update(on_time_rate=None, days_late=None)
            total["nbr_follow_ups_overdue"] = sum(overdue.values())
        return {"lines": lines, "total": total}

    @api.model
    def get_report_values(self, docids, data=None):
        data = dict(data or {})
        day = data.get("date") or fields.Date.to_string(dates.reference_day(self.env))
        selection = "user_ids" not in data
        if not selection:
            conversations = self._get_conversations(day, data)
            stat_user_ids = data["user_ids"] or None
        else:
            conversations = (
                dates.with_reference_day(self.env["crm.conversation"], day)
                .browse(docids)
                .sorted(lambda c: (c.follow_up_date or "", c.id))
            )
            stat_user_ids = conversations.mapped("user_id").ids
        users = conversations.mapped("user_id").sorted(lambda u: u.name)
        groups = [
            {
                "user": user,
                "conversations": conversations.filtered(lambda c, user=user: c.user_id == user),
            }
            for user in users
        ]
        reference = fields.Date.from_string(day)

        def is_overdue(conversation):
            return conversation.follow_up_state == "overdue"

        def days_overdue(conversation):
            due = fields.Date.from_string(conversation.follow_up_date)
            return (reference - due).days if due else 0

        date_from = data.get("date_from") or day[:8] + "01"
        date_to = data.get("date_to") or day
        return {
            "doc_ids": conversations.ids,
            "doc_model": "crm.conversation",
            "docs": conversations,
            "day": day,
            "days_overdue": days_overdue,
            "is_overdue": is_overdue,
            "groups": groups,
            "team": self.env["crm.team"].browse(data.get("team_id") or []),
            "date_from": date_from,
            "date_to": date_to,
            "statistics": self._get_statistics(
                date_from,
                date_to,
                stat_user_ids,
                data.get("team_id"),
                day=day,
                conversation_ids=conversations.ids if selection else None,
            ),
            "overdue_note": self._get_overdue_note(day, selection),
        }

    @api.model
    def _get_overdue_note(self, day, selection):
        """The statistics' footnote: what "Overdue now" counts on ``day``,
        among the printed lines for a report printed from a selection
        (``selection``), else among all the follow-ups the report covers."""
        if selection:
            note = _(
                "Overdue now: among the printed follow-ups, those still open "
                "after their date on %(day)s (the other columns count the lines "
                "logged in the period)."
            )
        else:
            note = _(
                "Overdue now: follow-ups still open after their date on %(day)s, "
                "whatever day they were logged (the other columns count the lines "
                "logged in the period)."
            )
        return note % {"day": dates.format_day(self.env, day)}
