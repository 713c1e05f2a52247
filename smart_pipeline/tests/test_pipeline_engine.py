# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pipeline engine (tools/position.py): a customer's first, first won
and latest sales line at a cut-off, one tie-break (date_begin, id), the
scope's record rules, and the path through stages; checked against a
recomputation in Python from the lines themselves."""

from psycopg2 import sql

from odoo.exceptions import AccessError

from ..tools import position
from .common import SmartPipelineCase


class TestPipelineEngine(SmartPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls._create_user("sp_engine_alice", cls.group_salesman, name="Engine Alice")
        cls.bob = cls._create_user("sp_engine_bob", cls.group_salesman, name="Engine Bob")
        cls.team = cls.env["crm.team"].create(
            {"name": "Engine Team", "member_ids": [(6, 0, (cls.alice | cls.bob).ids)]}
        )
        cls.acme = cls._create_customer("Engine Acme")
        cls.beta = cls._create_customer("Engine Beta")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Engine Acme Contact", "parent_id": cls.acme.id}
        )
        cls.reason = cls.env["crm.lost.reason"].create({"name": "Engine Reason"})
        Line = cls.env["crm.conversation"]
        common = {"team_id": cls.team.id}

        def log(partner, user, stage, begin, **values):
            values.update(common)
            values.update(
                partner_id=partner.id,
                user_id=user.id,
                stage_id=cls.stage[stage].id if stage else False,
                date_begin=begin,
            )
            return Line.create(values)

        cls.log = staticmethod(log)
        cls.a1 = log(cls.acme, cls.alice, "initial_contact", "2024-01-10 09:00:00")
        cls.a2 = log(cls.acme, cls.alice, "qualified", "2024-02-10 09:00:00")
        # same instant: the greater id is the later line
        cls.a3 = log(cls.contact, cls.bob, "won", "2024-03-10 09:00:00")
        cls.a4 = log(cls.acme, cls.alice, "negotiation", "2024-03-10 09:00:00")
        # not a sales line: never a position
        cls.a5 = log(cls.acme, cls.alice, None, "2024-04-10 09:00:00")
        cls.b1 = log(cls.beta, cls.bob, "initial_contact", "2024-02-01 09:00:00")
        cls.b2 = log(cls.beta, cls.bob, "lost", "2024-03-01 09:00:00", lost_reason_id=cls.reason.id)

    def _rows(self, fragment, key="customer_id"):
        columns = sql.SQL("SELECT * FROM ({}) AS result").format(fragment.query)
        self.env.cr.execute(columns, fragment.params)
        rows = self.env.cr.dictfetchall()
        customers = (self.acme | self.beta).ids
        return {row[key]: row for row in rows if row["customer_id"] in customers}

    def _expected(self, lines, date_to=None, date_from=None):
        """The positions recomputed in Python from the lines."""
        result = {}
        lines = lines.filtered(
            lambda line: line.stage_id
            and (not date_to or line.date_begin < date_to)
            and (not date_from or line.date_begin >= date_from)
        ).sorted(lambda line: (line.date_begin, line.id))
        for line in lines:
            customer = line.commercial_partner_id.id
            row = result.setdefault(customer, {"first_line_id": line.id, "first_won_line_id": None})
            row.update(line_id=line.id, stage_id=line.stage_id.id, user_id=line.user_id.id)
            if line.stage_id.pipeline_outcome == "won" and not row["first_won_line_id"]:
                row["first_won_line_id"] = line.id
        return result

    def _check(self, rows, expected):
        self.assertEqual(set(rows), set(expected))
        for customer, values in expected.items():
            for name, value in values.items():
                self.assertEqual(rows[customer][name], value, "%s of %s" % (name, customer))

    def _all_lines(self):
        return self.a1 | self.a2 | self.a3 | self.a4 | self.a5 | self.b1 | self.b2

    def test_position_now(self):
        Line = self.env["crm.conversation"]
        rows = self._rows(position.position(position.scope(Line)))
        self._check(rows, self._expected(self._all_lines()))
        acme = rows[self.acme.id]
        # the tie at 2024-03-10 09:00 goes to the greater id
        self.assertEqual(acme["line_id"], self.a4.id)
        self.assertEqual(acme["outcome"], "open")
        self.assertEqual(acme["first_won_line_id"], self.a3.id)
        self.assertEqual(acme["team_id"], self.team.id)
        self.assertEqual(str(acme["first_date"]), "2024-01-10 09:00:00")
        self.assertEqual(rows[self.beta.id]["outcome"], "lost")

    def test_position_at_a_cut_off_and_in_a_window(self):
        Line = self.env["crm.conversation"]
        scope = position.scope(Line)
        for date_to in ("2024-02-01 09:00:00", "2024-03-01 00:00:00", "2024-03-10 09:00:01"):
            rows = self._rows(position.position(scope, date_to=date_to))
            self._check(rows, self._expected(self._all_lines(), date_to=date_to))
        rows = self._rows(
            position.position(scope, date_from="2024-02-05 00:00:00", date_to="2024-03-05 00:00:00")
        )
        self._check(
            rows,
            self._expected(
                self._all_lines(), date_from="2024-02-05 00:00:00", date_to="2024-03-05 00:00:00"
            ),
        )
        self.assertEqual(rows[self.acme.id]["line_id"], self.a2.id)

    def test_scope_applies_the_domain_and_the_record_rules(self):
        Line = self.env["crm.conversation"]
        rows = self._rows(position.position(position.scope(Line, [("user_id", "=", self.bob.id)])))
        self.assertEqual(rows[self.acme.id]["line_id"], self.a3.id)
        self.assertEqual(rows[self.acme.id]["outcome"], "won")
        # an "own documents only" salesperson: only their lines count
        self._set_shared_history(False)
        rows = self._rows(position.position(position.scope(Line.sudo(self.alice))))
        self.assertEqual(set(rows), {self.acme.id})
        self._check(rows, self._expected(self.a1 | self.a2 | self.a4 | self.a5))
        # sudo reads every line, whoever logged it
        rows = self._rows(position.position(position.scope(Line.sudo(self.alice).sudo())))
        self.assertEqual(set(rows), {self.acme.id, self.beta.id})

    def test_user_without_conversation_rights_is_refused(self):
        nobody = self._create_user("sp_engine_nobody", self.env.ref("base.group_user"))
        with self.assertRaises(AccessError):
            position.scope(self.env["crm.conversation"].sudo(nobody))

    def test_position_composes_as_a_cte(self):
        Line = self.env["crm.conversation"]
        scope = position.scope(Line, [("team_id", "=", self.team.id)])
        fragment = position.position(scope, date_to="2024-12-31 00:00:00").as_cte("position")
        fragment += sql.SQL(" SELECT outcome, COUNT(*) FROM position GROUP BY 1 ORDER BY 1")
        self.env.cr.execute(fragment.query, fragment.params)
        self.assertEqual(dict(self.env.cr.fetchall()), {"lost": 1, "open": 1})

    def test_path_and_visits(self):
        Line = self.env["crm.conversation"]
        # a second line at the same stage: one visit
        extra = self.log(self.acme, self.alice, "negotiation", "2024-05-01 09:00:00")
        scope = position.scope(Line)
        path = self._rows(position.path(scope), key="id")
        self.assertEqual(path[self.a2.id]["previous_stage_id"], self.stage["initial_contact"].id)
        self.assertEqual(path[self.a4.id]["previous_stage_id"], self.stage["won"].id)
        self.assertEqual(path[self.a3.id]["next_id"], self.a4.id)
        self.assertTrue(path[extra.id]["is_last"])
        self.assertNotIn(self.a5.id, path)
        visits = self._rows(position.visits(position.path(scope)), key="line_id")
        acme = sorted(
            (row["start"], row["line_id"])
            for row in visits.values()
            if row["customer_id"] == self.acme.id
        )
        self.assertEqual(
            [line_id for _start, line_id in acme], [self.a1.id, self.a2.id, self.a3.id, self.a4.id]
        )
        self.assertTrue(visits[self.a4.id]["is_last"])
        # up to the first won or lost visit
        closed = self._rows(position.visits(position.path(scope), until_closed=True), key="line_id")
        self.assertEqual(
            {line_id for line_id, row in closed.items() if row["customer_id"] == self.acme.id},
            {self.a1.id, self.a2.id, self.a3.id},
        )
        self.assertEqual(
            {line_id for line_id, row in closed.items() if row["customer_id"] == self.beta.id},
            {self.b1.id, self.b2.id},
        )

    def test_path_position_equals_position(self):
        """The flow reads the latest lines from its path's last lines
        (path_position) instead of a position pass: the same rows, the tie
        at 2024-03-10 09:00 included, at every cut-off and scope."""
        Line = self.env["crm.conversation"]
        columns = ("line_id", "date", "stage_id", "outcome", "user_id", "team_id", "lost_reason_id")
        for domain in ([], [("user_id", "=", self.bob.id)]):
            scope = position.scope(Line, domain)
            for date_to in (None, "2024-03-01 00:00:00", "2024-03-10 09:00:01"):
                fragment = position.path(scope, date_to=date_to).as_cte("line")
                fragment += sql.SQL(" SELECT * FROM ({}) AS result").format(
                    position.path_position("line").query
                )
                self.env.cr.execute(fragment.query, fragment.params)
                customers = (self.acme | self.beta).ids
                from_path = {
                    row["customer_id"]: row
                    for row in self.env.cr.dictfetchall()
                    if row["customer_id"] in customers
                }
                expected = self._rows(position.position(scope, date_to=date_to, first=False))
                self.assertEqual(set(from_path), set(expected), (domain, date_to))
                self.assertTrue(expected)
                for customer, row in expected.items():
                    self.assertEqual(
                        tuple(from_path[customer][name] for name in columns),
                        tuple(row[name] for name in columns),
                        (domain, date_to, customer),
                    )
