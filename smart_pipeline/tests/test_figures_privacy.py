# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Figures stay private whatever the shared-history setting: an "own
documents only" salesperson's objectives, overview, flow, follow-up
statistics, partner counters and follow-up lists count only their own
records, asking for a colleague gives zeros; "all documents" users and
managers see everything. Each check runs with the setting on and off, as real
users of each group (ObjectiveCase: Alice and Bob in team A, "own documents
only"; Dora "all documents"; Mia sales manager)."""

from ..tools.dates import with_reference_day
from .common import ObjectiveCase

PERIOD = {"date_from": "2024-02-01", "date_to": "2024-02-29", "reference_date": "2024-02-29"}
MEASURES = [
    ("conversation_count", 8),
    ("conversation_minutes", 120),
    ("won_amount", 20000),
    ("opportunity_created", 4),
    ("meeting_count", 6),
    ("new_prospect_count", 4),
]


class TestFiguresPrivacy(ObjectiveCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_objective = cls._create_objective(cls.team_a, MEASURES)
        cls.bob_objective = cls._create_objective(cls.user_bob, MEASURES)
        Conversation = cls.env["crm.conversation"]
        # P1 is Alice's customer; Bob called it too and owes a follow-up,
        # overdue on 2024-02-10; Alice's own follow-up is due that day
        cls.bob_follow_up = Conversation.create(
            {
                "user_id": cls.user_bob.id,
                "team_id": cls.team_a.id,
                "partner_id": cls.p1.id,
                "date_begin": "2024-02-07 09:00:00",
                "follow_up_date": "2024-02-08",
                "duration": 5,
                "note": "Bob calls Alice's customer",
            }
        )
        cls.alice_follow_up = Conversation.create(
            {
                "user_id": cls.user_alice.id,
                "team_id": cls.team_a.id,
                "partner_id": cls.p1.id,
                "date_begin": "2024-02-06 09:00:00",
                "follow_up_date": "2024-02-10",
                "duration": 5,
                "note": "Alice's own follow-up",
            }
        )

    def settings(self):
        """Each check runs with the shared history on (the default), then off."""
        for shared in (True, False):
            self._set_shared_history(shared)
            with self.subTest(shared_history=shared):
                yield shared

    def test_objectives_count_only_the_viewers_own_records(self):
        expected_team = {
            # Alice's C2, C3, C4, C8 and follow-up, Bob's C6 and follow-up
            "Conversations logged": 7.0,
            "Minutes in conversations": 115.0,
            "Amount of won opportunities": 14000.0,  # L1 + L5
            "Opportunities created": 3.0,  # L3, L4, L5
            "Meetings attended": 4.0,  # E1, E2, E3, E6 (Mia leads team A)
            "New prospects": 3.0,  # P2, P3, P4
        }
        for _shared in self.settings():
            alice = self.actuals(self.team_objective.sudo(self.user_alice))
            bob = self.actuals(self.team_objective.sudo(self.user_bob))
            self.assertEqual(
                alice,
                {
                    "Conversations logged": 5.0,  # C2, C3, C4, C8, follow-up
                    "Minutes in conversations": 95.0,
                    "Amount of won opportunities": 10000.0,  # L1
                    "Opportunities created": 2.0,  # L3, L4
                    "Meetings attended": 3.0,  # E1, E2, E3
                    "New prospects": 2.0,  # P2, P3
                },
            )
            self.assertEqual(
                bob,
                {
                    "Conversations logged": 2.0,  # C6, follow-up
                    "Minutes in conversations": 20.0,
                    "Amount of won opportunities": 4000.0,  # L5 (L8 is January in UTC)
                    "Opportunities created": 1.0,  # L5
                    "Meetings attended": 1.0,  # E2
                    "New prospects": 1.0,  # P4
                },
            )
            for user in (self.user_dora, self.user_mia):
                self.assertEqual(
                    self.actuals(self.team_objective.sudo(user)), expected_team, user.name
                )
            # a colleague's objective measures zero for her (she cannot even
            # read it: the measures themselves count nothing of Bob's)
            periods = [(line, "2024-02-01", "2024-02-29") for line in self.bob_objective.line_ids]
            Line = self.env["crm.objective.line"]
            self.assertEqual(set(Line.sudo(self.user_alice)._measure_periods(periods)), {0.0})
            self.assertEqual(
                set(Line.sudo(self.user_bob)._measure_periods(periods)) - {0.0},
                {2.0, 20.0, 5000.0, 1.0},
            )
            self.assertEqual(
                self.actuals(self.bob_objective.sudo(self.user_dora))["Conversations logged"], 2.0
            )  # C6 and the follow-up line

    def test_analysis_of_a_team_objective_is_the_viewers_own(self):
        for _shared in self.settings():
            analysis = (
                self.env["crm.objective.analysis"]
                .sudo(self.user_alice)
                .create(
                    {
                        "date_from": "2024-02-01",
                        "date_to": "2024-02-29",
                        "reference_date": "2024-02-29",
                        "objective_ids": [(6, 0, self.team_objective.ids)],
                    }
                )
            )
            action = analysis.action_open_lines()
            lines = self.env["crm.objective.analysis.line"].search(action["domain"])
            count = lines.filtered(lambda line: line.measure == "conversation_count")
            # Alice's C2, C3, C4, C8 and her follow-up line of 02-06
            self.assertEqual(count.actual, 5.0)

    def overview(self, user, **kwargs):
        return self.env["crm.pipeline.overview"].sudo(user).get_overview(**dict(PERIOD, **kwargs))

    def flow(self, user, **kwargs):
        return self.env["crm.pipeline.overview"].sudo(user).get_flow(**dict(PERIOD, **kwargs))

    @staticmethod
    def entered(flow):
        return sum(stage["entered"] for stage in flow["stages"])

    def test_overview_and_flow_count_only_own_lines(self):
        for _shared in self.settings():
            mine = self.overview(self.user_alice)
            as_manager = self.overview(self.user_mia, user_ids=[self.user_alice.id])
            everyone = self.overview(self.user_mia)
            self.assertTrue(mine["in_pipeline"])
            self.assertEqual(mine["in_pipeline"], as_manager["in_pipeline"])
            self.assertEqual(mine["new_prospects"], as_manager["new_prospects"])
            self.assertGreater(everyone["in_pipeline"], mine["in_pipeline"])
            self.assertEqual(
                [e["user_id"] for e in mine["employees"] if e.get("conversations")],
                [self.user_alice.id],
            )
            theirs = self.overview(self.user_alice, user_ids=[self.user_bob.id])
            self.assertEqual((theirs["in_pipeline"], theirs["new_prospects"]), (0, 0))
            self.assertFalse(theirs["employees"])
            self.assertEqual(
                self.overview(self.user_dora, user_ids=[self.user_bob.id])["in_pipeline"],
                self.overview(self.user_mia, user_ids=[self.user_bob.id])["in_pipeline"],
            )

            flow = self.flow(self.user_alice)
            self.assertTrue(self.entered(flow))
            self.assertEqual(
                self.entered(flow),
                self.entered(self.flow(self.user_mia, user_ids=[self.user_alice.id])),
            )
            self.assertGreater(self.entered(self.flow(self.user_dora)), self.entered(flow))
            self.assertEqual(
                self.entered(self.flow(self.user_alice, user_ids=[self.user_bob.id])), 0
            )

    def test_follow_up_statistics_counters_and_lists_are_own(self):
        Statistics = self.env["crm.followup.statistics"]
        for _shared in self.settings():
            for user, expected in (
                (self.user_alice, {self.user_alice.id}),
                (self.user_dora, {self.user_alice.id, self.user_bob.id, self.user_carol.id}),
                (self.user_mia, {self.user_alice.id, self.user_bob.id, self.user_carol.id}),
            ):
                groups = Statistics.sudo(user).read_group(
                    [("date", ">=", "2024-02-01"), ("date", "<", "2024-03-01")],
                    ["nbr_follow_ups", "user_id"],
                    ["user_id"],
                )
                self.assertEqual({g["user_id"][0] for g in groups}, expected, user.name)
            bob_rows = Statistics.sudo(self.user_alice).search_count(
                [("user_id", "=", self.user_bob.id)]
            )
            self.assertEqual(bob_rows, 0)

            # the customer's counters: Alice's own follow-up, not Bob's
            # (earlier and overdue)
            p1 = with_reference_day(self.p1.sudo(self.user_alice), "2024-02-10")
            self.assertEqual(p1.next_follow_up_date, "2024-02-10")
            p1_all = with_reference_day(self.p1.sudo(self.user_dora), "2024-02-10")
            self.assertEqual(p1_all.next_follow_up_date, "2024-02-08")

            # the follow-up lists (menu domain): Alice's due line only
            domain = [
                ("follow_up_state", "in", ("due", "overdue")),
                ("is_in_my_figures", "=", True),
            ]
            Conversation = self.env["crm.conversation"]
            lines = with_reference_day(Conversation.sudo(self.user_alice), "2024-02-10").search(
                domain
            )
            self.assertEqual(
                lines & (self.alice_follow_up | self.bob_follow_up), self.alice_follow_up
            )
            lines = with_reference_day(Conversation.sudo(self.user_dora), "2024-02-10").search(
                domain
            )
            self.assertEqual(
                lines & (self.alice_follow_up | self.bob_follow_up),
                self.alice_follow_up | self.bob_follow_up,
            )
