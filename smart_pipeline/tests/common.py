# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared fixtures of the addon's tests.

``SmartPipelineCase`` builds what every test needs: the sales groups, users
of each group (``_create_user``), customers (``_create_customer``) and the
shipped pipeline stages, read from crm_stage's own ``STAGES``. The hand-checked
datasets of the conversation, follow-up and objective tests derive from it.
No fixture relies on demo data or on today's date.
"""

import shutil
from contextlib import contextmanager
from datetime import datetime, timedelta

from odoo import SUPERUSER_ID, api, http
from odoo.service import security
from odoo.tests import common
from odoo.tests.common import SavepointCase, get_db_name

from ..models.crm_stage import STAGES
from ..tools.dates import with_reference_day

# The day follow-up rules are evaluated against in FollowupCase.
FOLLOWUP_REFERENCE_DATE = "2024-03-15"
# The day objective progress is measured on in ObjectiveCase: 10 of
# February's 29 days.
OBJECTIVE_REFERENCE_DATE = "2024-02-10"


def create_user(env, login, groups, team=None, company=None, name=None, tz="UTC"):
    """A user of ``groups`` (records or an XML id) whose password is its
    login, in ``company`` (the creating user's by default)."""
    if isinstance(groups, str):
        groups = env.ref(groups)
    values = {
        "name": name or login.replace("_", " ").title(),
        "login": login,
        "password": login,
        "email": "%s@example.com" % login,
        "tz": tz,
        "groups_id": [(6, 0, groups.ids)],
        "sale_team_id": team.id if team else False,
    }
    if company:
        values.update({"company_id": company.id, "company_ids": [(6, 0, company.ids)]})
    return (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nosubscribe=True)
        .create(values)
    )


class SmartPipelineCase(SavepointCase):
    """The sales groups, the main company and the shipped stages
    (``cls.stage[key]`` for each key of ``STAGES``)."""

    # timezone of the users this case creates
    user_tz = "UTC"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.group_salesman = cls.env.ref("sales_team.group_sale_salesman")
        cls.group_all = cls.env.ref("sales_team.group_sale_salesman_all_leads")
        cls.group_manager = cls.env.ref("sales_team.group_sale_manager")
        cls.stage = {key: cls.env.ref("smart_pipeline.crm_stage_%s" % key) for key in STAGES}

    def tearDown(self):
        """No work left queued on the registry for the module loader: Odoo
        runs at_install tests while it installs the addon, and the next
        module it installs would run that work on this test's closed cursor
        ("Unable to use a closed cursor", see ``test_existing_partners_keep_
        their_creation_day``)."""
        queued = list(self.registry._post_init_queue)
        self.registry._post_init_queue.clear()
        super().tearDown()
        if queued:
            self.fail(
                "the test left %d call(s) queued for the module loader (after "
                "_auto_init(), use registry.init_models())" % len(queued)
            )

    @classmethod
    def _create_user(cls, login, groups, team=None, company=None, name=None, tz=None):
        return create_user(
            cls.env,
            login,
            groups,
            team=team,
            company=company or cls.company,
            name=name,
            tz=tz or cls.user_tz,
        )

    @classmethod
    def _create_customer(cls, name, **values):
        """A customer company (a commercial entity of its own)."""
        vals = {"name": name, "is_company": True, "customer": True}
        vals.update(values)
        return cls.env["res.partner"].create(vals)

    def _set_shared_history(self, enabled):
        """Switch "Salespeople see all conversations with the customers they
        can see" as an administrator does, in the CRM settings."""
        self.env["res.config.settings"].create(
            {"group_conversation_shared_history": enabled}
        ).execute()
        self.env.clear()

    def count_queries(self, function, *args, **kwargs):
        """(result, SQL queries) of ``function(*args, **kwargs)``. It must
        send nothing on the bus: Odoo 11's bus deletes old notifications at
        random (on 1 % of its sends), which would add queries to a count now
        and then."""
        cr = self.env.cr
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM bus_bus")
        last_bus = cr.fetchone()[0]
        before = cr.sql_log_count
        result = function(*args, **kwargs)
        count = cr.sql_log_count - before
        cr.execute("SELECT COUNT(*) FROM bus_bus WHERE id > %s", (last_bus,))
        self.assertEqual(cr.fetchone()[0], 0, "the counted work sent on the bus")
        return result, count

    @contextmanager
    def refused(self, exception, regex="."):
        """Expect ``exception``; like the transaction of a web request, the
        savepoint drops whatever was written before the error."""
        try:
            with self.assertRaisesRegex(exception, regex):
                with self.env.cr.savepoint():
                    yield
        finally:
            # drop the cache and the recomputations of what was rolled back
            self.env.clear()


class ServerCursorCase(common.HttpCase):
    """HttpCase for Odoo 11 whose records are seen by the test server.

    In Odoo 11 the HTTP server (web controllers, XML-RPC, JSON-RPC) works on
    the registry's test cursor, not on ``self.cr``: ``server_env`` is an
    environment on that cursor, where a test creates what the server must
    see and reads back what the server wrote."""

    def setUp(self):
        super().setUp()
        self.server_env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {})

    def authenticate_server_user(self, login, password=None):
        """HttpCase.authenticate of Odoo 11 reads the user on self.cr, where
        the users created on the test cursor do not exist: same steps, on the
        test cursor."""
        session = self.session
        session.db = get_db_name()
        uid = self.registry["res.users"].authenticate(session.db, login, password or login, None)
        self.assertTrue(uid, "%s cannot log in" % login)
        env = api.Environment(self.registry.test_cr, uid, {})
        session.uid = uid
        session.login = login
        session.session_token = security.compute_session_token(session, env)
        session.context = dict(env["res.users"].context_get(), uid=uid)
        session._fix_lang(session.context)
        http.root.session_store.save(session)


class ConversationCase(SmartPipelineCase):
    """Users of each sales group, two customers with contacts, teams, stages,
    topics and channels of its own: no test relies on demo data."""

    user_tz = "Europe/Brussels"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Conversation Team A"})
        cls.team_b = cls.env["crm.team"].create({"name": "Conversation Team B"})
        cls.salesman = cls._create_user("conv_salesman", cls.group_salesman, cls.team)
        cls.salesman_2 = cls._create_user("conv_salesman_2", cls.group_salesman, cls.team_b)
        cls.all_docs_user = cls._create_user("conv_all_docs", cls.group_all, cls.team)
        cls.manager = cls._create_user("conv_manager", cls.group_manager, cls.team)

        Partner = cls.env["res.partner"]
        cls.customer = cls._create_customer("Conversation Customer A")
        cls.contact = Partner.create({"name": "Alice Buyer", "parent_id": cls.customer.id})
        cls.customer_b = cls._create_customer("Conversation Customer B")
        cls.contact_b = Partner.create({"name": "Bob Other", "parent_id": cls.customer_b.id})

        cls.topic_sales = cls.env["crm.conversation.topic"].create({"name": "Test Sales Topic"})
        cls.topic_support = cls.env["crm.conversation.topic"].create({"name": "Test Support Topic"})
        cls.channel_phone = cls.env["crm.conversation.channel"].create({"name": "Test Telephone"})
        cls.channel_visit = cls.env["crm.conversation.channel"].create({"name": "Test Visit"})
        Stage = cls.env["crm.stage"]
        cls.stage_contact = Stage.create({"name": "Test Initial Contact", "sequence": 1})
        cls.stage_proposal = Stage.create({"name": "Test Proposal", "sequence": 5})
        cls.stage_team_b = Stage.create(
            {"name": "Test Team B Only", "sequence": 6, "team_id": cls.team_b.id}
        )

    @classmethod
    def _create_conversation(cls, user=None, **values):
        """Create a line as ``user`` (the salesman by default) on a fixed date."""
        user = user or cls.salesman
        vals = {
            "partner_id": cls.customer.id,
            "user_id": user.id,
            "date_begin": "2024-03-04 09:00:00",
        }
        vals.update(values)
        return cls.env["crm.conversation"].sudo(user).create(vals)


class FollowupCase(SmartPipelineCase):
    """A small, hand-checked follow-up dataset shared by the follow-up tests.

    Anna (own documents only) has one follow-up due on the reference date, one
    overdue, one planned and one completed; Bob (own documents only) followed
    up both of his, one on its very day and one three days late; Dora sees all
    documents; Carl logged nothing.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                no_reset_password=True,
            )
        )
        cls.team = cls.env["crm.team"].create({"name": "Follow-up Test Team"})
        cls.user_anna = cls._create_user(
            "fu_anna", cls.group_salesman, team=cls.team, name="Anna Follow"
        )
        cls.user_bob = cls._create_user(
            "fu_bob", cls.group_salesman, team=cls.team, name="Bob Follow"
        )
        cls.user_carl = cls._create_user(
            "fu_carl", cls.group_salesman, team=cls.team, name="Carl Follow"
        )
        cls.user_dora = cls._create_user(
            "fu_dora", cls.group_all, team=cls.team, name="Dora Follow"
        )

        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "FU Acme", "is_company": True})
        cls.john = Partner.create(
            {
                "name": "FU John",
                "parent_id": cls.acme.id,
                "phone": "+27 11 555 0101",
                "email": "john@acme.example.com",
            }
        )
        cls.beta = Partner.create(
            {"name": "FU Beta", "is_company": True, "phone": "+27 21 555 0202"}
        )

        # Anna: minutes 30 + 15 + 0 + 10 = 55
        cls.c_due = cls._create_conversation(
            cls.user_anna,
            cls.acme,
            "2024-03-01 09:00:00",
            "2024-03-01 09:30:00",
            follow_up_date="2024-03-15",
            contact_id=cls.john.id,
            note="Send the revised quotation",
        )
        cls.c_overdue = cls._create_conversation(
            cls.user_anna,
            cls.beta,
            "2024-03-02 10:00:00",
            "2024-03-02 10:15:00",
            follow_up_date="2024-03-10",
            note="Call back about the demo",
        )
        cls.c_planned = cls._create_conversation(
            cls.user_anna,
            cls.acme,
            "2024-03-03 11:00:00",
            False,
            follow_up_date="2024-03-20",
        )
        cls.c_completed = cls._create_conversation(
            cls.user_anna,
            cls.beta,
            "2024-03-04 08:00:00",
            "2024-03-04 08:10:00",
            follow_up_date="2024-03-04",
            completed=True,
        )
        # Bob: minutes 20 + 5 + 30 + 10 + 45 = 110
        cls.b_on_time = cls._create_conversation(
            cls.user_bob,
            cls.acme,
            "2024-03-05 09:00:00",
            "2024-03-05 09:20:00",
            follow_up_date="2024-03-12",
        )
        cls.b_on_time_fu = cls._create_conversation(
            cls.user_bob,
            cls.acme,
            "2024-03-12 14:00:00",
            "2024-03-12 14:05:00",
            follow_up_of_id=cls.b_on_time.id,
        )
        cls.b_late = cls._create_conversation(
            cls.user_bob,
            cls.beta,
            "2024-03-01 15:00:00",
            "2024-03-01 15:30:00",
            follow_up_date="2024-03-05",
        )
        cls.b_late_fu = cls._create_conversation(
            cls.user_bob,
            cls.beta,
            "2024-03-08 09:00:00",
            "2024-03-08 09:10:00",
            follow_up_of_id=cls.b_late.id,
        )
        cls.b_plain = cls._create_conversation(
            cls.user_bob,
            cls.beta,
            "2024-03-06 09:00:00",
            "2024-03-06 09:45:00",
        )
        cls.anna_conversations = cls.c_due | cls.c_overdue | cls.c_planned | cls.c_completed
        cls.bob_conversations = (
            cls.b_on_time | cls.b_on_time_fu | cls.b_late | cls.b_late_fu | cls.b_plain
        )
        cls.all_conversations = cls.anna_conversations | cls.bob_conversations

    @classmethod
    def _create_conversation(cls, user, partner, date_begin, date_end, **values):
        values.update(
            {
                "user_id": user.id,
                "team_id": cls.team.id,
                "partner_id": partner.id,
                "date_begin": date_begin,
                "date_end": date_end,
            }
        )
        return cls.env["crm.conversation"].create(values)

    def as_user(self, user, model="crm.conversation"):
        """``model`` as ``user``, with follow-ups due on the reference date."""
        return with_reference_day(self.env[model].sudo(user), FOLLOWUP_REFERENCE_DATE)


class ObjectiveCase(SmartPipelineCase):
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

        cls.user_mia = cls._create_user("obj_mia", cls.group_manager, name="Mia Manager")
        Team = cls.env["crm.team"]
        cls.team_a = Team.create({"name": "Objective Team A", "user_id": cls.user_mia.id})
        cls.team_b = Team.create({"name": "Objective Team B"})
        cls.user_alice = cls._create_user(
            "obj_alice", cls.group_salesman, cls.team_a, name="Alice Objective"
        )
        cls.user_bob = cls._create_user(
            "obj_bob", cls.group_salesman, cls.team_a, name="Bob Objective", tz="Europe/Brussels"
        )
        cls.user_carol = cls._create_user(
            "obj_carol", cls.group_salesman, cls.team_b, name="Carol Objective"
        )
        cls.user_dora = cls._create_user("obj_dora", cls.group_all, name="Dora Objective")

        cls.stage_won = cls.stage["won"]
        cls.stage_open = cls.stage["qualified"]
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

    def at_reference(self, records, reference=OBJECTIVE_REFERENCE_DATE):
        return with_reference_day(records, reference)

    def actuals(self, objective, reference=OBJECTIVE_REFERENCE_DATE):
        """``{measure label: actual}`` of the objective's current period."""
        lines = self.at_reference(objective, reference).line_ids
        return {line.name: line.actual for line in lines}


class PipelineScopeCase(SmartPipelineCase):
    """A company of its own (so demo data of the main company stays out of
    scope), a non-admin sales manager in Europe/Brussels and two salespeople
    in two teams: the scope of the overview and flow datasets. ``scope`` names
    the company, the teams and the users' logins."""

    user_tz = "Europe/Brussels"
    scope = "Scope"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        name, login = cls.scope, cls.scope.lower()
        cls.company = cls.env["res.company"].create({"name": "%s Test Co" % name})
        cls.other_company = cls.env.ref("base.main_company")
        Team = cls.env["crm.team"]
        cls.team_a = Team.create({"name": "%s Team A" % name, "company_id": cls.company.id})
        cls.team_b = Team.create({"name": "%s Team B" % name, "company_id": cls.company.id})
        cls.manager = cls._create_user(
            "%s_manager" % login, "sales_team.group_sale_manager", cls.team_a
        )
        cls.salesman_1 = cls._create_user(
            "%s_salesman_1" % login, "sales_team.group_sale_salesman", cls.team_a
        )
        cls.salesman_2 = cls._create_user(
            "%s_salesman_2" % login, "sales_team.group_sale_salesman", cls.team_b
        )

    @classmethod
    def _customer(cls, name, **values):
        values["company_id"] = cls.company.id
        return cls._create_customer(name, **values)

    @classmethod
    def _move_to_company(cls, lines, company):
        """Move lines to another company in SQL (the ORM refuses: the
        line's customer, team and employee would have to move too), and
        rebuild what is derived from them, as a module update would."""
        cls.env.cr.execute(
            "UPDATE crm_conversation SET company_id = %s WHERE id IN %s",
            (company.id, tuple(lines.ids)),
        )
        lines.invalidate_cache()

    @classmethod
    def _line(cls, partner, stage, when, user, team, minutes=10, reason=None, **extra):
        """A conversation line; ``when`` is UTC, ``stage`` a key of crm_stage.STAGES."""
        begin = datetime.strptime(when, "%Y-%m-%d %H:%M:%S")
        vals = {
            "partner_id": partner.id,
            "user_id": user.id,
            "team_id": team.id,
            "company_id": cls.company.id,
            "date_begin": when,
            "date_end": (begin + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S"),
            "stage_id": cls.stage[stage].id if stage else False,
            "lost_reason_id": reason.id if reason else False,
        }
        vals.update(extra)
        return cls.env["crm.conversation"].create(vals)


class PipelineOverviewCase(PipelineScopeCase):
    """Eight customers of the overview's scope whose conversations, on fixed
    dates, cover every figure. Expected values are worked out by hand in the
    comments."""

    scope = "Overview"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        LostReason = cls.env["crm.lost.reason"]
        cls.reason_price = LostReason.create({"name": "Overview: too expensive"})
        cls.reason_competitor = LostReason.create({"name": "Overview: competitor"})
        cls._create_data()

    @classmethod
    def _customer(cls, name, opened=False, **values):
        return super()._customer(name, account_opened_date=opened, **values)

    @classmethod
    def _create_data(cls):
        s1, s2, team_a, team_b = cls.salesman_1, cls.salesman_2, cls.team_a, cls.team_b
        line = cls._line
        # C1: won 2026-02-10, first contact 2026-01-05: 36 days to close;
        # account opened 2025-12-01: 35 days before the pipeline.
        cls.c1 = cls._customer("Overview Alpha", "2025-12-01")
        line(cls.c1, "initial_contact", "2026-01-05 10:00:00", s1, team_a, 30)
        line(cls.c1, "demo_given", "2026-01-20 10:00:00", s1, team_a, 45)
        line(cls.c1, "won", "2026-02-10 10:00:00", s1, team_a, 15)
        # C2: two conversations at Initial Contact (seed example a), and a
        # line without pipeline position that no figure counts.
        cls.c2 = cls._customer("Overview Beta", "2026-01-10")
        line(cls.c2, "initial_contact", "2026-01-10 10:00:00", s1, team_a, 20)
        line(cls.c2, "initial_contact", "2026-01-15 10:00:00", s1, team_a, 10)
        line(cls.c2, False, "2026-01-16 10:00:00", s1, team_a, 60)
        # C3: lost (too expensive), no account opening date.
        cls.c3 = cls._customer("Overview Gamma")
        line(cls.c3, "initial_contact", "2026-02-01 10:00:00", s2, team_b, 30)
        line(cls.c3, "demo_given", "2026-02-20 10:00:00", s2, team_b, 30)
        line(cls.c3, "lost", "2026-03-01 10:00:00", s2, team_b, 10, cls.reason_price)
        # C4: won 2026-03-25 by salesman 1 for team B; first 2026-02-05: 48 days.
        cls.c4 = cls._customer("Overview Delta", "2026-01-01")
        line(cls.c4, "initial_contact", "2026-02-05 10:00:00", s2, team_b, 20)
        line(cls.c4, "proposal_sent", "2026-03-10 10:00:00", s2, team_b, 40)
        line(cls.c4, "won", "2026-03-25 10:00:00", s1, team_b, 5)
        # C5: a company whose first line is logged on its contact person.
        cls.c5 = cls._customer("Overview Epsilon", "2026-03-01")
        cls.c5_contact = cls.env["res.partner"].create(
            {"name": "Eve Epsilon", "parent_id": cls.c5.id, "company_id": cls.company.id}
        )
        line(cls.c5_contact, "initial_contact", "2026-03-03 10:00:00", s1, team_a, 10)
        line(cls.c5, "qualified", "2026-03-04 10:00:00", s1, team_a, 10)
        # C6: lost to a competitor.
        cls.c6 = cls._customer("Overview Zeta")
        line(cls.c6, "initial_contact", "2026-01-07 10:00:00", s2, team_b, 10)
        line(cls.c6, "lost", "2026-01-08 10:00:00", s2, team_b, 5, cls.reason_competitor)
        # C7: lost, then back in negotiation: the last line decides.
        cls.c7 = cls._customer("Overview Eta")
        line(cls.c7, "lost", "2026-01-12 10:00:00", s1, team_a, 5, cls.reason_price)
        line(cls.c7, "negotiation", "2026-03-15 10:00:00", s1, team_a, 25)
        # C8: two lines at the same time: the higher id is the last one.
        cls.c8 = cls._customer("Overview Theta")
        line(cls.c8, "won", "2026-02-12 10:00:00", s2, team_b, 10)
        line(cls.c8, "proposal_sent", "2026-02-12 10:00:00", s2, team_b, 10)
        # Out of scope: a line of a company the manager is not allowed in
        # (moved there in SQL: the companies of a line must agree otherwise).
        foreign = cls._line(cls.c1, "lost", "2026-03-30 10:00:00", s1, team_a, 5, cls.reason_price)
        cls._move_to_company(foreign, cls.other_company)
        # Open deals: 2 (1000 at 10 %, 3000 at 50 %); won, archived and
        # plain leads do not count.
        Lead = cls.env["crm.lead"]
        common = {"company_id": cls.company.id, "type": "opportunity"}
        for name, user, team, stage, revenue, probability, extra in (
            ("Deal 1", s1, team_a, "initial_contact", 1000, 10, {}),
            ("Deal 2", s2, team_b, "proposal_sent", 3000, 50, {}),
            ("Deal won", s1, team_a, "won", 5000, 100, {}),
            (
                "Deal archived",
                s1,
                team_a,
                "initial_contact",
                7000,
                10,
                {"active": False},
            ),
            ("A lead", s1, team_a, "initial_contact", 9000, 10, {"type": "lead"}),
        ):
            vals = dict(
                common,
                name=name,
                user_id=user.id,
                team_id=team.id,
                stage_id=cls.stage[stage].id,
                planned_revenue=revenue,
                probability=probability,
            )
            vals.update(extra)
            Lead.create(vals)

    @classmethod
    def _create_print_record(cls):
        """The filters of the printed overview and of its Excel file in the
        tests: the first quarter of 2026, both teams, as the manager."""
        return (
            cls.env["crm.pipeline.overview.print"]
            .sudo(cls.manager)
            .create(
                {
                    "period": "custom",
                    "date_from": "2026-01-01",
                    "date_to": "2026-03-31",
                    "reference_date": "2026-03-20",
                    "team_ids": [(6, 0, (cls.team_a | cls.team_b).ids)],
                }
            )
        )

    def _render_pdf(self, report, ids):
        """The PDF of a report. Odoo renders HTML instead of PDF under test:
        run its PDF step on the rendered HTML. Stylesheets are not reachable
        from a test transaction: point wkhtmltopdf at a closed port, text is
        enough. Skips when wkhtmltopdf or pdftotext is missing."""
        if report.get_wkhtmltopdf_state() not in ("ok", "upgrade") or not shutil.which("pdftotext"):
            self.skipTest("wkhtmltopdf or pdftotext is not installed")
        self.env["ir.config_parameter"].sudo().set_param("report.url", "http://127.0.0.1:9")
        html = report.render_qweb_html(ids)[0]
        bodies, _ids, header, footer, args = report._prepare_html(html)
        pdf = report._run_wkhtmltopdf(
            bodies, header=header, footer=footer, specific_paperformat_args=args
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def _overview(self, user=None, **kwargs):
        return self.env["crm.pipeline.overview"].sudo(user or self.manager).get_overview(**kwargs)

    def _stages(self, result):
        """{stage key: stage row} of an overview."""
        by_id = {row["stage_id"]: row for row in result["stages"]}
        return {name: by_id[stage.id] for name, stage in self.stage.items()}

    def _headline(self, result):
        return {
            key: result[key] for key in ("in_pipeline", "won", "lost", "win_rate", "new_prospects")
        }


class AutologCase(ConversationCase):
    """Conversations logged automatically (issue 23): a customer with a
    salesperson and a contact who writes e-mails, an opportunity, a
    supplier that is nobody's customer, and a second employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        Partner = cls.env["res.partner"]
        cls.salesman.groups_id |= cls.env.ref("base.group_partner_manager")
        cls.salesman_2.groups_id |= cls.env.ref("base.group_partner_manager")
        cls.customer.write({"user_id": cls.salesman.id, "email": "info@customer-a.example.com"})
        cls.contact.write({"email": "alice@customer-a.example.com"})
        cls.supplier = Partner.create(
            {
                "name": "Autolog Supplier",
                "is_company": True,
                "customer": False,
                "supplier": True,
                "email": "sales@supplier.example.com",
            }
        )
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Autolog Opportunity",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.salesman_2.id,
                "team_id": cls.team_b.id,
                "stage_id": cls.stage_contact.id,
            }
        )
        cls.channel_email = cls.env.ref("smart_pipeline.crm_conversation_channel_email")
        cls.channel_meeting = cls.env.ref("smart_pipeline.crm_conversation_channel_meeting")
        cls.channel_visit = cls.env.ref("smart_pipeline.crm_conversation_channel_visit")
        cls.channel_telephone = cls.env.ref("smart_pipeline.crm_conversation_channel_telephone")

    def setUp(self):
        super().setUp()
        # lines that exist before the test (demo data logs e-mails, calls and
        # meetings automatically) are none of its business
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM crm_conversation")
        self.autolog_last_id = self.env.cr.fetchone()[0]

    def _auto_lines(self, source=None, **domain):
        """The automatic lines the test made, as superuser."""
        dom = [("id", ">", self.autolog_last_id)]
        dom += [("source", "!=", "manual")] if source is None else [("source", "=", source)]
        dom += [(name, "=", value) for name, value in domain.items()]
        return self.env["crm.conversation"].sudo().search(dom)

    def _set_company_setting(self, name, value):
        self.env["res.config.settings"].create({name: value}).execute()
        self.env.clear()
