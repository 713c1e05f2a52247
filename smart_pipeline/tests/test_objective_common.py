# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import SavepointCase

from ..tools.dates import with_reference_day

# The day progress is measured on in these tests: 10 of February's 29 days.
REFERENCE_DATE = "2024-02-10"


class ObjectiveCase(SavepointCase):
    """A small hand-checked dataset for the objective measures.

    Team A: Alice (UTC) and Bob (Europe/Brussels), led by the manager Mia
    (UTC, not a member). Team B: Carol. Dora sees all documents. Every figure
    expected by the tests is derived in the comments below.

    Opportunities (created / closed, UTC):
      L1 Alice A  created 01-05  won  closed 02-03 12:00   10 000
      L2 Alice A  created 01-20  won  closed 01-31 23:30    5 000
      L3 Alice A  created 02-02  open                       7 000
      L4 Alice A  created 02-10  won  closed 02-15, archived 2 500
      L5 Bob   A  created 02-05  won  closed 02-20          4 000
      L6 Carol B  created 02-06  won  closed 02-07          8 000
      L7 Alice A  created 02-03  a lead, not an opportunity
      L8 Bob   A  created 01-15  won  closed 01-31 23:30    1 000
         (= 02-01 00:30 in Brussels: February for Bob, January for team A)

    Conversations (UTC; minutes; channel; sales = at a pipeline position):
      C9 Alice P1 01-31 23:00 40 email
      C1 Alice P1 01-10 09:00 30 telephone sales   first sales of P1
      C2 Alice P1 02-01 00:00 20 telephone
      C3 Alice P2 02-12 10:00 45 email     sales   first sales of P2
      C4 Alice P3 02-29 23:59 10 telephone sales   first sales of P3
      C5 Alice P3 03-01 00:00 10 telephone sales
      C6 Bob   P4 02-20 10:00 15 telephone sales   first sales of P4
      C8 Alice P4 contact 02-25 09:00 15 visit sales (P4 not new for Alice)
      C7 Carol P5 02-08 10:00 30 telephone sales   first sales of P5

    Meetings (attendees):
      E1 02-05 10:00 Alice, P1        E2 02-06 14:00 Alice, Bob
      E3 02-29 all day Alice          E4 02-07 09:00 Alice (declined)
      E5 03-01 09:00 Alice            E6 02-10 09:00 Mia (team A leader)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                no_reset_password=True,
            )
        )
        cls.group_salesman = cls.env.ref("sales_team.group_sale_salesman")
        cls.group_all = cls.env.ref("sales_team.group_sale_salesman_all_leads")
        cls.group_manager = cls.env.ref("sales_team.group_sale_manager")
        cls.company = cls.env.ref("base.main_company")

        cls.user_mia = cls._create_user("Mia Manager", "obj_mia", cls.group_manager)
        Team = cls.env["crm.team"]
        cls.team_a = Team.create({"name": "Objective Team A", "user_id": cls.user_mia.id})
        cls.team_b = Team.create({"name": "Objective Team B"})
        cls.user_alice = cls._create_user(
            "Alice Objective", "obj_alice", cls.group_salesman, cls.team_a
        )
        cls.user_bob = cls._create_user(
            "Bob Objective",
            "obj_bob",
            cls.group_salesman,
            cls.team_a,
            tz="Europe/Brussels",
        )
        cls.user_carol = cls._create_user(
            "Carol Objective", "obj_carol", cls.group_salesman, cls.team_b
        )
        cls.user_dora = cls._create_user("Dora Objective", "obj_dora", cls.group_all)

        cls.stage_won = cls.env.ref("smart_pipeline.crm_stage_won")
        cls.stage_open = cls.env.ref("smart_pipeline.crm_stage_qualified")
        cls.telephone = cls.env.ref("smart_pipeline.crm_conversation_channel_telephone")
        cls.email = cls.env.ref("smart_pipeline.crm_conversation_channel_email")
        cls.visit = cls.env.ref("smart_pipeline.crm_conversation_channel_visit")

        Partner = cls.env["res.partner"]
        cls.p1, cls.p2, cls.p3, cls.p4, cls.p5 = (
            Partner.create({"name": "Objective Customer %s" % n, "is_company": True})
            for n in range(1, 6)
        )
        cls.p4_contact = Partner.create({"name": "Objective Contact", "parent_id": cls.p4.id})

        cls._create_lead(
            cls.user_alice,
            cls.team_a,
            "2024-01-05 10:00:00",
            cls.stage_won,
            10000,
            "2024-02-03 12:00:00",
        )
        cls._create_lead(
            cls.user_alice,
            cls.team_a,
            "2024-01-20 10:00:00",
            cls.stage_won,
            5000,
            "2024-01-31 23:30:00",
        )
        cls._create_lead(cls.user_alice, cls.team_a, "2024-02-02 10:00:00", cls.stage_open, 7000)
        cls._create_lead(
            cls.user_alice,
            cls.team_a,
            "2024-02-10 10:00:00",
            cls.stage_won,
            2500,
            "2024-02-15 10:00:00",
            active=False,
        )
        cls._create_lead(
            cls.user_bob,
            cls.team_a,
            "2024-02-05 10:00:00",
            cls.stage_won,
            4000,
            "2024-02-20 10:00:00",
        )
        cls._create_lead(
            cls.user_carol,
            cls.team_b,
            "2024-02-06 10:00:00",
            cls.stage_won,
            8000,
            "2024-02-07 10:00:00",
        )
        cls._create_lead(
            cls.user_alice,
            cls.team_a,
            "2024-02-03 10:00:00",
            cls.stage_open,
            900,
            type="lead",
        )
        cls._create_lead(
            cls.user_bob,
            cls.team_a,
            "2024-01-15 10:00:00",
            cls.stage_won,
            1000,
            "2024-01-31 23:30:00",
        )

        alice, bob, carol = cls.user_alice, cls.user_bob, cls.user_carol
        cls._create_conversation(alice, cls.p1, "2024-01-31 23:00:00", 40, cls.email)
        cls._create_conversation(
            alice, cls.p1, "2024-01-10 09:00:00", 30, cls.telephone, sales=True
        )
        cls._create_conversation(alice, cls.p1, "2024-02-01 00:00:00", 20, cls.telephone)
        cls._create_conversation(alice, cls.p2, "2024-02-12 10:00:00", 45, cls.email, sales=True)
        cls._create_conversation(
            alice, cls.p3, "2024-02-29 23:59:00", 10, cls.telephone, sales=True
        )
        cls._create_conversation(
            alice, cls.p3, "2024-03-01 00:00:00", 10, cls.telephone, sales=True
        )
        cls._create_conversation(bob, cls.p4, "2024-02-20 10:00:00", 15, cls.telephone, sales=True)
        cls._create_conversation(
            alice,
            cls.p4,
            "2024-02-25 09:00:00",
            15,
            cls.visit,
            sales=True,
            contact=cls.p4_contact,
        )
        cls._create_conversation(
            carol, cls.p5, "2024-02-08 10:00:00", 30, cls.telephone, sales=True
        )

        alice_p = alice.partner_id
        cls._create_event("E1", "2024-02-05 10:00:00", alice_p | cls.p1)
        cls._create_event("E2", "2024-02-06 14:00:00", alice_p | bob.partner_id)
        cls._create_event("E3", "2024-02-29", alice_p, allday=True)
        declined = cls._create_event("E4", "2024-02-07 09:00:00", alice_p)
        declined.attendee_ids.filtered(lambda attendee: attendee.partner_id == alice_p).write(
            {"state": "declined"}
        )
        cls._create_event("E5", "2024-03-01 09:00:00", alice_p)
        cls._create_event("E6", "2024-02-10 09:00:00", cls.user_mia.partner_id)

    @classmethod
    def _create_user(cls, name, login, group, team=None, tz="UTC"):
        return cls.env["res.users"].create(
            {
                "name": name,
                "login": login,
                "email": "%s@example.com" % login,
                "tz": tz,
                "groups_id": [(6, 0, [group.id])],
                "sale_team_id": team.id if team else False,
                "company_id": cls.company.id,
                "company_ids": [(6, 0, [cls.company.id])],
            }
        )

    @classmethod
    def _create_lead(
        cls,
        user,
        team,
        create_date,
        stage,
        revenue,
        date_closed=None,
        active=True,
        type="opportunity",
    ):
        lead = cls.env["crm.lead"].create(
            {
                "name": "Objective deal %s" % revenue,
                "type": type,
                "user_id": user.id,
                "team_id": team.id,
                "stage_id": stage.id,
                "planned_revenue": revenue,
            }
        )
        # Creation and closing dates are set by the ORM to "now": pin them.
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s, date_closed = %s, active = %s WHERE id = %s",
            (create_date, date_closed, active, lead.id),
        )
        lead.invalidate_cache()
        return lead

    @classmethod
    def _create_conversation(
        cls, user, partner, date_begin, minutes, channel, sales=False, contact=None
    ):
        return cls.env["crm.conversation"].create(
            {
                "user_id": user.id,
                "team_id": user.sale_team_id.id,
                "partner_id": partner.id,
                "contact_id": contact.id if contact else False,
                "date_begin": date_begin,
                "duration": minutes,
                "channel_id": channel.id,
                "stage_id": cls.stage_open.id if sales else False,
                "note": "Objective test call",
            }
        )

    @classmethod
    def _create_event(cls, name, start, partners, allday=False):
        values = {
            "name": name,
            "partner_ids": [(6, 0, partners.ids)],
            "allday": allday,
            "start": start if not allday else "%s 08:00:00" % start,
            "stop": start if not allday else "%s 18:00:00" % start,
        }
        if allday:
            values.update({"start_date": start, "stop_date": start})
        else:
            values.update({"start_datetime": start, "stop_datetime": start, "duration": 1.0})
        return cls.env["calendar.event"].create(values)

    @classmethod
    def _create_objective(
        cls,
        assignee,
        measures,
        period_type="recurring",
        recurrence="monthly",
        date_start="2024-01-01",
        date_end=False,
        **values,
    ):
        """``measures``: list of ``(measure, target)`` or
        ``(measure, target, extra values)``."""
        lines = []
        for measure in measures:
            line = {"measure": measure[0], "target": measure[1]}
            if len(measure) > 2:
                line.update(measure[2])
            lines.append((0, 0, line))
        values.update(
            {
                "name": values.get("name", "Objective of %s" % assignee.name),
                "user_id": assignee.id if assignee._name == "res.users" else False,
                "team_id": assignee.id if assignee._name == "crm.team" else False,
                "period_type": period_type,
                "recurrence": recurrence if period_type == "recurring" else False,
                "date_start": date_start,
                "date_end": date_end,
                "line_ids": lines,
            }
        )
        return cls.env["crm.objective"].sudo(cls.user_mia).create(values).sudo()

    def at_reference(self, records, reference=REFERENCE_DATE):
        return with_reference_day(records, reference)

    def actuals(self, objective, reference=REFERENCE_DATE):
        """``{measure label: actual}`` of the objective's current period."""
        lines = self.at_reference(objective, reference).line_ids
        return {line.name: line.actual for line in lines}
