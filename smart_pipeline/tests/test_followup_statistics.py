# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError

from ..report.crm_followup_report import STATISTICS_FIELDS
from ..tools.dates import with_reference_day
from .common import FOLLOWUP_REFERENCE_DATE, FollowupCase

MEASURES = STATISTICS_FIELDS
MARCH = [("date", ">=", "2024-03-01 00:00:00"), ("date", "<=", "2024-03-31 23:59:59")]


class TestFollowupStatistics(FollowupCase):
    """Figures checked by hand from the dataset in FollowupCase.

    "Overdue now" is judged on the reader's day, as the follow-up status is:
    on FOLLOWUP_REFERENCE_DATE (2024-03-15) only Anna's follow-up of 2024-03-10 is
    overdue; hers of 2024-03-15 is due, the one of 2024-03-20 planned.
    """

    def _per_user(self, user):
        Statistics = self.as_user(user, "crm.followup.statistics")
        groups = Statistics.read_group(
            MARCH + [("user_id", "in", (self.user_anna | self.user_bob).ids)],
            MEASURES + ["user_id"],
            ["user_id"],
        )
        return {group["user_id"][0]: group for group in groups}

    def test_figures_per_employee(self):
        stats = self._per_user(self.user_dora)
        anna = stats[self.user_anna.id]
        self.assertEqual(anna["nbr_conversations"], 4)
        self.assertAlmostEqual(anna["duration"], 55.0)
        self.assertEqual(anna["nbr_follow_ups"], 4)
        self.assertEqual(anna["nbr_follow_ups_done"], 1)
        self.assertEqual(anna["nbr_follow_ups_overdue"], 1)
        # one open follow-up past its date, none logged: 0 % on time;
        # the completed one was closed without a follow-up line: not counted
        self.assertAlmostEqual(anna["on_time_rate"], 0.0)
        self.assertFalse(anna["days_late"])
        bob = stats[self.user_bob.id]
        self.assertEqual(bob["nbr_conversations"], 5)
        self.assertAlmostEqual(bob["duration"], 110.0)
        self.assertEqual(bob["nbr_follow_ups"], 2)
        self.assertEqual(bob["nbr_follow_ups_done"], 2)
        self.assertEqual(bob["nbr_follow_ups_overdue"], 0)
        # one logged on its very day (on time), one three days late
        self.assertAlmostEqual(bob["on_time_rate"], 50.0)
        self.assertAlmostEqual(bob["days_late"], 1.5)

    def test_on_time_rule_per_line(self):
        Statistics = self.as_user(self.user_dora, "crm.followup.statistics")
        on_time = Statistics.search([("conversation_id", "=", self.b_on_time.id)])
        self.assertEqual(on_time.follow_up_done_date, "2024-03-12")
        self.assertEqual(on_time.on_time_rate, 100.0)
        self.assertEqual(on_time.days_late, 0.0)
        late = Statistics.search([("conversation_id", "=", self.b_late.id)])
        self.assertEqual(late.follow_up_done_date, "2024-03-08")
        self.assertEqual(late.on_time_rate, 0.0)
        self.assertEqual(late.days_late, 3.0)
        self.assertEqual(late.partner_id, self.beta)

    def test_overdue_agrees_with_the_follow_up_status(self):
        """The view's "overdue now" and the lines' status use the same day,
        whatever day the database server is on."""
        Conversation = self.as_user(self.user_dora)
        for day in ("2024-03-09", "2024-03-10", "2024-03-11", "2024-03-16", "2024-03-21"):
            Statistics = with_reference_day(
                self.env["crm.followup.statistics"].sudo(self.user_dora), day
            )
            groups = Statistics.read_group(
                [("conversation_id", "in", self.all_conversations.ids)],
                ["nbr_follow_ups_overdue"],
                [],
            )
            overdue = with_reference_day(Conversation, day).search_count(
                [("id", "in", self.all_conversations.ids), ("follow_up_state", "=", "overdue")]
            )
            self.assertEqual(groups[0]["nbr_follow_ups_overdue"], overdue, day)
            rows = Statistics.search(
                [("conversation_id", "in", self.all_conversations.ids)]
            ).filtered("nbr_follow_ups_overdue")
            self.assertEqual(len(rows), overdue, day)

    def test_period_filter(self):
        Statistics = self.as_user(self.user_dora, "crm.followup.statistics")
        groups = Statistics.read_group(
            [
                ("user_id", "=", self.user_bob.id),
                ("date", ">=", "2024-03-06 00:00:00"),
                ("date", "<=", "2024-03-10 23:59:59"),
            ],
            MEASURES,
            [],
        )
        # b_plain (45 min) and b_late_fu (10 min)
        self.assertEqual(groups[0]["nbr_conversations"], 2)
        self.assertAlmostEqual(groups[0]["duration"], 55.0)
        self.assertEqual(groups[0]["nbr_follow_ups"], 0)

    def test_salesperson_sees_only_own_statistics(self):
        stats = self._per_user(self.user_anna)
        self.assertEqual(list(stats), [self.user_anna.id])
        self.assertEqual(stats[self.user_anna.id]["nbr_conversations"], 4)

    def test_statistics_are_company_bound(self):
        other_company = self.env["res.company"].create({"name": "FU Other Co"})
        # a line of another company (written directly: the line's customer
        # and employee would have to move too, which is not the point here)
        self.env.cr.execute(
            "UPDATE crm_conversation SET company_id = %s WHERE id = %s",
            (other_company.id, self.c_planned.id),
        )
        self.env["crm.conversation"].invalidate_cache()
        stats = self._per_user(self.user_anna)
        self.assertEqual(stats[self.user_anna.id]["nbr_conversations"], 3)


class TestFollowupReport(FollowupCase):
    def _data(self, **values):
        data = {
            "date": FOLLOWUP_REFERENCE_DATE,
            "user_ids": [],
            "team_id": False,
            "date_from": "2024-03-01",
            "date_to": "2024-03-31",
        }
        data.update(values)
        return data

    def _values(self, user, data=None, docids=None):
        report = self.as_user(user, "report.smart_pipeline.report_crm_followup_daily")
        return report.get_report_values(docids, data=data)

    def test_statistics_period_is_made_of_the_readers_days(self):
        """The statistics period runs from midnight to midnight in the
        reader's timezone, as the follow-up list's days do: 23:30 UTC on
        29 February is already 1 March in Brussels."""
        self._create_conversation(
            self.user_carl, self.beta, "2024-02-29 23:30:00", "2024-02-29 23:40:00"
        )
        Report = self.as_user(self.user_dora, "report.smart_pipeline.report_crm_followup_daily")
        for tz, expected in (("Europe/Brussels", 1), ("UTC", 0)):
            statistics = Report.with_context(tz=tz)._get_statistics(
                "2024-03-01", "2024-03-31", self.user_carl.ids
            )
            self.assertEqual(statistics["total"].get("nbr_conversations", 0), expected, tz)

    def test_report_for_a_day(self):
        values = self._values(self.user_dora, self._data())
        groups = [g for g in values["groups"] if g["user"] in self.user_anna | self.user_bob]
        self.assertEqual([g["user"] for g in groups], [self.user_anna])
        # oldest first
        self.assertEqual(groups[0]["conversations"].ids, [self.c_overdue.id, self.c_due.id])
        self.assertEqual(values["days_overdue"](self.c_overdue), 5)
        self.assertEqual(values["days_overdue"](self.c_due), 0)
        stats = {
            line["user"]: line
            for line in values["statistics"]["lines"]
            if line["user"] in self.user_anna | self.user_bob
        }
        self.assertEqual(stats[self.user_bob]["nbr_follow_ups_done"], 2)
        # the same day as the list above it: one overdue (c_overdue)
        self.assertEqual(stats[self.user_anna]["nbr_follow_ups_overdue"], 1)

    def test_report_for_a_team_and_employees(self):
        values = self._values(
            self.user_dora,
            self._data(user_ids=self.user_bob.ids, team_id=self.team.id),
        )
        self.assertFalse(values["groups"])
        self.assertEqual([line["user"] for line in values["statistics"]["lines"]], [self.user_bob])
        self.assertEqual(values["statistics"]["total"]["nbr_conversations"], 5)

    def test_salesperson_report_shows_only_own(self):
        values = self._values(
            self.user_bob, self._data(user_ids=(self.user_anna | self.user_bob).ids)
        )
        self.assertFalse(values["groups"])
        self.assertEqual([line["user"] for line in values["statistics"]["lines"]], [self.user_bob])

    def test_print_from_the_list(self):
        values = self._values(self.user_anna, docids=(self.c_due | self.c_overdue).ids)
        self.assertEqual(values["groups"][0]["conversations"][0], self.c_overdue)
        report = self.env.ref("smart_pipeline.crm_followup_report_action")
        html = with_reference_day(
            report.sudo(self.user_anna), FOLLOWUP_REFERENCE_DATE
        ).render_qweb_html(
            (self.c_due | self.c_overdue).ids, data={"date": FOLLOWUP_REFERENCE_DATE}
        )[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("Anna Follow", html)
        self.assertIn("FU Beta", html)
        self.assertIn("5 days overdue", html)
        self.assertIn("+27 11 555 0101", html)
        self.assertIn("Follow-up Statistics", html)
        self.assertIn(
            "Overdue now: among the printed follow-ups, those still open after their "
            "date on 03/15/2024",
            html,
        )

    def _overdue_now(self, values, user):
        [line] = [line for line in values["statistics"]["lines"] if line["user"] == user]
        return line["nbr_follow_ups_overdue"]

    def test_print_from_the_list_counts_the_printed_lines(self):
        """Printed from a selection, the header's "overdue" and the
        statistics' "Overdue now" count the overdue among the printed lines:
        Anna's line due on 15 March alone has none overdue, though her
        follow-up of 10 March is; with both, one. Printed for the whole day
        (the wizard), all her overdue follow-ups count."""
        day = {"date": FOLLOWUP_REFERENCE_DATE}
        alone = self._values(self.user_anna, data=day, docids=self.c_due.ids)
        [printed] = alone["groups"][0]["conversations"]
        self.assertEqual(printed, self.c_due)
        self.assertFalse(alone["is_overdue"](printed))
        self.assertEqual(self._overdue_now(alone, self.user_anna), 0)
        self.assertEqual(alone["statistics"]["total"]["nbr_follow_ups_overdue"], 0)
        self.assertIn("among the printed follow-ups", alone["overdue_note"])
        both = self._values(self.user_anna, data=day, docids=(self.c_due | self.c_overdue).ids)
        self.assertEqual(self._overdue_now(both, self.user_anna), 1)
        # the planned follow-up of 20 March is not overdue on 15 March
        planned = self._values(self.user_anna, data=day, docids=(self.c_due | self.c_planned).ids)
        self.assertEqual(self._overdue_now(planned, self.user_anna), 0)
        whole = self._values(self.user_anna, self._data())
        self.assertEqual(self._overdue_now(whole, self.user_anna), 1)
        self.assertIn("whatever day they were logged", whole["overdue_note"])
        self.assertIn("03/15/2024", whole["overdue_note"])

    def test_wizard(self):
        Wizard = self.as_user(self.user_dora, "crm.followup.report.wizard")
        with self.assertRaises(ValidationError):
            Wizard.create({"date_from": "2024-03-31", "date_to": "2024-03-01"})
        wizard = Wizard.create(
            {
                "date": FOLLOWUP_REFERENCE_DATE,
                "team_id": self.team.id,
                "date_from": "2024-03-01",
                "date_to": "2024-03-31",
            }
        )
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "smart_pipeline.report_crm_followup_daily")
        self.assertEqual(action["data"]["team_id"], self.team.id)
        self.assertEqual(action["data"]["date"], FOLLOWUP_REFERENCE_DATE)


class TestFollowupReportOverdueAgrees(FollowupCase):
    """The report's header ("N overdue") and its statistics ("Overdue now")
    count the same follow-ups, on the report's day, as a salesperson."""

    def _print(self, user, day, **data):
        values = dict(date=day, user_ids=[], team_id=False, date_from="2024-03-01")
        values.update(data)
        values.setdefault("date_to", day)
        # no reference day in the reader's context: the report's day rules
        report = self.env["report.smart_pipeline.report_crm_followup_daily"].sudo(user)
        return report.get_report_values(None, data=values)

    def _header_and_statistics(self, values, user):
        [group] = [g for g in values["groups"] if g["user"] == user]
        header = len([c for c in group["conversations"] if values["days_overdue"](c) > 0])
        [line] = [line for line in values["statistics"]["lines"] if line["user"] == user]
        return header, line["nbr_follow_ups_overdue"]

    def test_report_day_not_the_readers_today(self):
        """Printed for 11 March 2024: only the follow-up of 10 March is
        overdue, not every open one (as it would be on today's date)."""
        values = self._print(self.user_anna, "2024-03-11")
        self.assertEqual(self._header_and_statistics(values, self.user_anna), (1, 1))
        self.assertEqual(values["statistics"]["total"]["nbr_follow_ups_overdue"], 1)

    def test_logged_before_the_period(self):
        """A follow-up logged in February, overdue in March, is overdue in
        both places although the statistics' period starts on 1 March."""
        self._create_conversation(
            self.user_anna,
            self.beta,
            "2024-02-20 10:00:00",
            "2024-02-20 10:15:00",
            follow_up_date="2024-03-01",
            note="February's promise",
        )
        values = self._print(self.user_anna, "2024-03-15")
        self.assertEqual(self._header_and_statistics(values, self.user_anna), (2, 2))
        html = (
            self.env.ref("smart_pipeline.crm_followup_report_action")
            .sudo(self.user_anna)
            .render_qweb_html(
                [],
                data=dict(
                    date="2024-03-15",
                    user_ids=[],
                    team_id=False,
                    date_from="2024-03-01",
                    date_to="2024-03-15",
                ),
            )[0]
        )
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn("2</span> overdue", html)
        self.assertIn("Overdue now: follow-ups still open", html)

    def test_overdue_without_a_line_in_the_period(self):
        """An employee whose only news is an overdue follow-up logged before
        the period still has a statistics line with it."""
        self._create_conversation(
            self.user_carl,
            self.beta,
            "2024-02-20 10:00:00",
            "2024-02-20 10:15:00",
            follow_up_date="2024-03-01",
        )
        values = self._print(self.user_dora, "2024-03-15", team_id=self.team.id)
        self.assertEqual(self._header_and_statistics(values, self.user_carl), (1, 1))
        self.assertEqual(self._header_and_statistics(values, self.user_anna), (1, 1))
        total = values["statistics"]["total"]["nbr_follow_ups_overdue"]
        self.assertEqual(total, 2)
