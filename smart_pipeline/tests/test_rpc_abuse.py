# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A hostile or careless client over XML-RPC: bad inputs, forged ids and
forged context keys get a clear error naming the field, and nothing changes.

The server runs in the test (Odoo 11 ``HttpCase``); it works on the
registry's test cursor, where the records are created, and a refused call
rolls back to the state before the call."""

import xmlrpc.client

from odoo import SUPERUSER_ID, api, tools
from odoo.tests import common
from odoo.tests.common import get_db_name

CLEAR_ERROR = r"^odoo\.exceptions\.(ValidationError|UserError|AccessError|MissingError): "


@common.at_install(False)
@common.post_install(True)
class TestRpcAbuse(common.HttpCase):
    def setUp(self):
        super().setUp()
        env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {})
        self.env = env
        self.db = get_db_name()
        Users = env["res.users"].with_context(no_reset_password=True)
        salesman_group = env.ref("sales_team.group_sale_salesman")
        manager_group = env.ref("sales_team.group_sale_manager")
        self.team = env["crm.team"].create({"name": "Abuse Team"})
        self.team_b = env["crm.team"].create({"name": "Abuse Team B"})

        def user(login, group, team):
            return Users.create(
                {
                    "name": login,
                    "login": login,
                    "password": login,
                    "email": "%s@example.com" % login,
                    "groups_id": [(6, 0, group.ids)],
                    "sale_team_id": team.id,
                    "tz": "UTC",
                }
            )

        self.mallory = user("abuse_mallory", salesman_group, self.team)
        self.colleague = user("abuse_colleague", salesman_group, self.team_b)
        self.manager = user(
            "abuse_manager", manager_group | env.ref("base.group_partner_manager"), self.team
        )
        Partner = env["res.partner"]
        self.customer = Partner.create({"name": "Abuse Customer X", "is_company": True})
        self.other = Partner.create({"name": "Secret Customer Y", "is_company": True})
        self.stage_open = env["crm.stage"].create({"name": "Abuse Open", "sequence": 3})
        self.stage_lost = env["crm.stage"].create(
            {"name": "Abuse Lost", "sequence": 99, "pipeline_outcome": "lost"}
        )
        self.reason = env["crm.lost.reason"].create({"name": "Abuse Reason"})
        self.old_topic = env["crm.conversation.topic"].create(
            {"name": "Abuse Old Topic", "active": False}
        )
        Conversation = env["crm.conversation"]
        self.colleague_line = Conversation.create(
            {
                "partner_id": self.other.id,
                "user_id": self.colleague.id,
                "team_id": self.team_b.id,
                "date_begin": "2024-03-04 09:00:00",
                "follow_up_date": "2024-03-05",
                "note": "Confidential",
            }
        )
        self.own_line = Conversation.create(
            {
                "partner_id": self.customer.id,
                "user_id": self.mallory.id,
                "team_id": self.team.id,
                "date_begin": "2024-03-04 10:00:00",
            }
        )
        self.other_lead = env["crm.lead"].create(
            {
                "name": "Deal of Y",
                "type": "opportunity",
                "partner_id": self.other.id,
                "user_id": self.mallory.id,
                "stage_id": self.stage_open.id,
            }
        )
        self.own_lead = env["crm.lead"].create(
            {
                "name": "Deal of X",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.mallory.id,
                "stage_id": self.stage_open.id,
            }
        )
        url = "http://127.0.0.1:%d/xmlrpc/2/" % tools.config["http_port"]
        self.proxy = xmlrpc.client.ServerProxy(url + "object", allow_none=True)
        common_proxy = xmlrpc.client.ServerProxy(url + "common", allow_none=True)
        self.uid = {
            user.login: common_proxy.login(self.db, user.login, user.login)
            for user in (self.mallory, self.manager)
        }

    def call(self, model, method, args, kwargs=None, login="abuse_mallory"):
        return self.proxy.execute_kw(
            self.db, self.uid[login], login, model, method, args, kwargs or {}
        )

    def assertRefused(self, message, model, method, args, kwargs=None, login="abuse_mallory"):
        """The call fails with a business error (never a crash) whose text
        matches ``message``; returns the text for further checks."""
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self.call(model, method, args, kwargs, login)
        fault = caught.exception
        text = fault.faultString
        if fault.faultCode == 1:
            # Odoo 11 sends a ValidationError as a traceback whose last line
            # is the exception: it must be a business error, not a crash
            text = text.strip().splitlines()[-1]
            self.assertRegex(text, CLEAR_ERROR)
        self.assertNotRegex(text, "OverflowError|ValueError|TypeError|KeyError|psycopg2")
        self.assertRegex(text, message)
        return text

    def line_values(self, **values):
        vals = {
            "partner_id": self.customer.id,
            "user_id": self.mallory.id,
            "date_begin": "2024-03-06 09:00:00",
        }
        vals.update(values)
        return vals

    def count_lines(self):
        self.env.clear()
        return self.env["crm.conversation"].search_count([])

    def test_bad_values_are_refused_clearly(self):
        before = self.count_lines()
        for duration in (float("nan"), float("inf"), 1e12, 10**7):
            self.assertRefused(
                "Duration.*between 0 and 600",
                "crm.conversation",
                "create",
                [self.line_values(duration=duration)],
            )
            self.assertRefused(
                "Duration.*between 0 and 600",
                "crm.conversation",
                "write",
                [[self.own_line.id], {"duration": duration}],
            )
        self.assertRefused(
            "Time Begin cannot be later than the end of today",
            "crm.conversation",
            "create",
            [self.line_values(date_begin="2999-01-01 09:00:00")],
        )
        self.assertRefused(
            "Time Begin is not a valid date",
            "crm.conversation",
            "create",
            [self.line_values(date_begin="not a date")],
        )
        self.assertRefused(
            "Follow Up cannot be before",
            "crm.conversation",
            "create",
            [self.line_values(follow_up_date="2024-01-01")],
        )
        self.assertRefused(
            "About: .* is archived",
            "crm.conversation",
            "create",
            [self.line_values(topic_id=self.old_topic.id)],
        )
        self.assertRefused(
            "Sales Team must be one of the employee's",
            "crm.conversation",
            "create",
            [self.line_values(team_id=self.team_b.id)],
        )
        self.assertRefused(
            "Lost Reason can only be given at a lost",
            "crm.conversation",
            "create",
            [self.line_values(stage_id=self.stage_open.id, lost_reason_id=self.reason.id)],
        )
        self.assertEqual(self.count_lines(), before)
        self.assertEqual(self.own_line.duration, 0.0)

    def test_forged_ids_are_refused_without_names(self):
        text = self.assertRefused(
            "Follow-up Of: you cannot use a record",
            "crm.conversation",
            "create",
            [self.line_values(partner_id=self.other.id, follow_up_of_id=self.colleague_line.id)],
        )
        self.assertNotIn("Secret Customer Y", text)
        self.assertNotIn("Confidential", text)
        self.assertRefused(
            "Follow-up Of",
            "crm.conversation",
            "write",
            [[self.own_line.id], {"follow_up_of_id": self.colleague_line.id}],
        )
        self.env.clear()
        self.assertFalse(self.colleague_line.is_followed_up)
        self.assertEqual(self.colleague_line.follow_up_state, "overdue")
        # an opportunity of another customer is neither linked nor moved
        text = self.assertRefused(
            "Opportunity must be an opportunity of the conversation's customer",
            "crm.conversation",
            "create",
            [
                self.line_values(
                    lead_id=self.other_lead.id,
                    stage_id=self.stage_lost.id,
                    lost_reason_id=self.reason.id,
                )
            ],
        )
        self.assertNotIn("Deal of Y", text)
        self.env.clear()
        self.assertEqual(self.other_lead.stage_id, self.stage_open)
        self.assertTrue(self.other_lead.active)

    def test_forged_context_switches_no_rule_off(self):
        # pipeline_from_conversation: the lost reason is still required
        self.assertRefused(
            "needs a lost reason",
            "crm.lead",
            "write",
            [[self.own_lead.id], {"stage_id": self.stage_lost.id}],
            {"context": {"pipeline_from_conversation": True}},
        )
        self.env.clear()
        self.assertEqual(self.own_lead.stage_id, self.stage_open)
        # pipeline_from_lead: the latest sales line still moves its deal
        line_id = self.call(
            "crm.conversation",
            "create",
            [
                self.line_values(
                    lead_id=self.own_lead.id,
                    stage_id=self.stage_lost.id,
                    lost_reason_id=self.reason.id,
                )
            ],
            {"context": {"pipeline_from_lead": True}},
        )
        self.assertTrue(line_id)
        self.env.clear()
        lead = self.own_lead.with_context(active_test=False)
        self.assertEqual(lead.stage_id, self.stage_lost)
        # reference_date: a reschedule never goes into the past
        for key in ("reference_date", "follow_up_reference_date"):
            self.assertRefused(
                "cannot be rescheduled to a day in the past",
                "crm.conversation.reschedule",
                "create",
                [
                    {
                        "conversation_ids": [(6, 0, [self.own_line.id])],
                        "follow_up_date": "2024-03-05",
                    }
                ],
                {"context": {key: "2024-03-01"}},
            )

    def test_unbounded_analysis_is_refused(self):
        objective_id = self.call(
            "crm.objective",
            "create",
            [
                {
                    "name": "Abuse daily objective",
                    "user_id": self.mallory.id,
                    "period_type": "recurring",
                    "recurrence": "daily",
                    "date_start": "1800-01-01",
                    "line_ids": [(0, 0, {"measure": "conversation_count", "target": 1})],
                }
            ],
            login="abuse_manager",
        )
        wizard_id = self.call(
            "crm.objective.analysis",
            "create",
            [
                {
                    "date_from": "1800-01-01",
                    "date_to": "2100-12-31",
                    "objective_ids": [(6, 0, [objective_id])],
                }
            ],
            login="abuse_manager",
        )
        for method in ("action_open_lines", "action_print"):
            self.assertRefused(
                "at most 2000 periods",
                "crm.objective.analysis",
                method,
                [[wizard_id]],
                login="abuse_manager",
            )

    def test_unbounded_trend_and_bad_arguments_are_refused(self):
        self.assertRefused(
            "The trend covers at most 60 months",
            "crm.pipeline.overview",
            "get_trend",
            ["1900-01-01", "2100-12-31"],
        )
        self.assertRefused(
            "must be a date",
            "crm.pipeline.overview",
            "get_overview",
            [],
            {"date_from": "'; DROP TABLE crm_conversation; --"},
        )

    def test_edge_arguments_of_the_figures(self):
        """Arguments a client can send that once crashed the server: a day
        whose bounds leave Python's dates, a drill-down key that is no id;
        and a forecast with its end only, before the reference year."""
        Overview = "crm.pipeline.overview"
        for method in ("get_overview", "get_flow", "get_flow_attention"):
            self.assertRefused(
                "date_from must be a date .* from 1900-01-01 to 9998-12-31",
                Overview,
                method,
                [],
                {"date_from": "0001-01-01"},
            )
        self.assertRefused(
            "date_to must be a date", Overview, "get_trend", ["2025-01-01", "9999-12-31"]
        )
        for key in ("x", [self.stage_open.id], -1, True):
            self.assertRefused(
                "stage_id must be a record id",
                Overview,
                "get_drill_down_action",
                ["stage_customers"],
                {"stage_id": key},
            )
        self.assertRefused(
            "company_ids must be a list of record ids",
            Overview,
            "get_attention_customers",
            [],
            {"company_ids": "x"},
        )
        self.assertRefused(
            "partner_ids must be a list of record ids",
            Overview,
            "get_attention_customers",
            [],
            {"partner_ids": ["x"]},
        )
        self.assertRefused("Unknown period", Overview, "get_period", [["month"]])
        self.assertRefused(
            "no longer exists",
            "crm.conversation",
            "action_open_source",
            [[self.own_line.id + 100000]],
        )
        self.assertRefused(
            "Private methods",
            Overview,
            "_get_history_probabilities",
            [[self.stage_open.id]],
        )
        for value in (5, [5], [[6, 0, ["x"]]], [(4, "x")], [(0, 0, 5)]):
            self.assertRefused(
                "must be a list of relation commands",
                "crm.conversation",
                "create",
                [self.line_values(follow_up_ids=value)],
            )
        # the addon's other models (create and write alike)
        for model, values in (
            ("crm.objective", {"name": "Abuse", "period_type": "fortnight"}),
            ("crm.conversation.topic", {"name": "Abuse", "sequence": "x"}),
            ("crm.conversation.channel", {"name": "Abuse", "sequence": 1e12}),
        ):
            self.assertRefused(
                "is not a valid value", model, "create", [values], login="abuse_manager"
            )
        self.assertRefused(
            "Salesperson must be a record id",
            "crm.objective",
            "create",
            [{"name": "Abuse", "user_id": "x"}],
            login="abuse_manager",
        )
        topic = self.call(
            "crm.conversation.topic", "create", [{"name": "Abuse Topic"}], login="abuse_manager"
        )
        self.assertRefused(
            "is not a valid value",
            "crm.conversation.topic",
            "write",
            [[topic], {"sequence": [1]}],
            login="abuse_manager",
        )
        # the automatic logging's helpers are no API
        self.assertRefused(
            "Private methods",
            "crm.conversation",
            "_autolog_customer",
            [self.customer.id],
        )
        forecast = self.call(
            Overview,
            "get_forecast",
            ["", "2025-06-30"],
            {"reference_date": "2026-07-01"},
            login="abuse_manager",
        )
        self.assertEqual(
            [month["month"] for month in forecast["months"]],
            ["2025-%02d" % month for month in range(1, 7)],
        )

    def test_wizard_input_is_refused_clearly(self):
        self.assertRefused(
            "Duration.*between 0 and 600",
            "crm.conversation.quick.add",
            "create",
            [{"partner_ids": [(6, 0, self.customer.ids)], "duration": float("nan")}],
        )

    def test_history_cannot_be_deleted(self):
        for model, record in (
            ("res.partner", self.customer),
            ("crm.team", self.team),
            ("crm.lost.reason", self.reason),
        ):
            if model == "crm.lost.reason":
                self.env["crm.conversation"].create(
                    self.line_values(
                        user_id=self.manager.id,
                        team_id=self.team.id,
                        stage_id=self.stage_lost.id,
                        lost_reason_id=self.reason.id,
                    )
                )
            self.assertRefused(
                "conversations",
                model,
                "unlink",
                [record.ids],
                login="abuse_manager",
            )
            self.assertTrue(record.exists())

    def test_figures_stay_private_over_rpc(self):
        """An "own documents only" salesperson's team objective, overview and
        customer counters count only their own lines, with the shared history
        on and off; the sales manager sees the team's."""
        teammate = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "abuse_teammate",
                    "login": "abuse_teammate",
                    "email": "abuse_teammate@example.com",
                    "groups_id": [(6, 0, self.env.ref("sales_team.group_sale_salesman").ids)],
                    "sale_team_id": self.team.id,
                }
            )
        )
        self.env["crm.conversation"].create(
            self.line_values(
                user_id=teammate.id,
                team_id=self.team.id,
                date_begin="2024-03-05 09:00:00",
                follow_up_date="2024-03-06",
                stage_id=self.stage_open.id,
            )
        )
        # a new user clears the registry caches: the server's next request
        # then rolls its test cursor back to its last (simulated) commit,
        # which would drop what this test wrote; TestCursor.commit() only
        # moves that savepoint, the test's transaction is rolled back at its end
        self.env.cr.commit()  # pylint: disable=invalid-commit
        objective_id = self.call(
            "crm.objective",
            "create",
            [
                {
                    "name": "Abuse team objective",
                    "team_id": self.team.id,
                    "period_type": "range",
                    "date_start": "2024-03-01",
                    "date_end": "2024-03-31",
                    "line_ids": [(0, 0, {"measure": "conversation_count", "target": 5})],
                }
            ],
            login="abuse_manager",
        )
        [objective] = self.call(
            "crm.objective", "read", [[objective_id], ["line_ids"]], login="abuse_manager"
        )
        period = {"date_from": "2024-03-01", "date_to": "2024-03-31"}
        for shared in (True, False):
            self.env["res.config.settings"].create(
                {"group_conversation_shared_history": shared}
            ).execute()
            self.env.cr.commit()  # pylint: disable=invalid-commit
            # the setting holds: the teammate's line is read with it only
            self.assertEqual(
                self.call("crm.conversation", "search_count", [[("user_id", "=", teammate.id)]]),
                int(shared),
            )
            for login, actual, next_follow_up, employees in (
                ("abuse_mallory", 1.0, False, []),
                ("abuse_manager", 2.0, "2024-03-06", [teammate.id]),
            ):
                [line] = self.call(
                    "crm.objective.line", "read", [objective["line_ids"], ["actual"]], login=login
                )
                self.assertEqual(line["actual"], actual, (shared, login))
                [customer] = self.call(
                    "res.partner", "read", [self.customer.ids, ["next_follow_up_date"]], login=login
                )
                self.assertEqual(customer["next_follow_up_date"], next_follow_up, (shared, login))
                overview = self.call(
                    "crm.pipeline.overview",
                    "get_overview",
                    [],
                    dict(period, user_ids=[teammate.id]),
                    login=login,
                )
                self.assertEqual(
                    [e["user_id"] for e in overview["employees"]], employees, (shared, login)
                )
