# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.crm_stage import STAGES
from .common import SmartPipelineCase


class TestPipelineStage(SmartPipelineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Stage = cls.env["crm.stage"]
        cls.manager = cls._create_user("sp_stage_manager", cls.group_manager, name="Stage Manager")
        cls.salesman = cls._create_user(
            "sp_stage_salesman", cls.group_salesman, name="Stage Salesman"
        )
        # A salesman who may edit stages (another addon could grant it): the
        # outcome rule must still stop him on stages in use.
        editors = cls.env["res.groups"].create({"name": "Stage editors (test)"})
        cls.env["ir.model.access"].create(
            {
                "name": "crm.stage editors (test)",
                "model_id": cls.env.ref("crm.model_crm_stage").id,
                "group_id": editors.id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": False,
                "perm_unlink": False,
            }
        )
        cls.stage_editor = cls._create_user(
            "sp_stage_editor", cls.group_salesman | editors, name="Stage Editor"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Stage Test Customer", "customer": True}
        )
        cls.stage_open = cls.Stage.create({"name": "Test Open", "sequence": 90})
        cls.stage_won = cls.Stage.create(
            {
                "name": "Test Won",
                "sequence": 91,
                "probability": 100,
                "pipeline_outcome": "won",
            }
        )
        cls.stage_lost = cls.Stage.create(
            {
                "name": "Test Lost",
                "sequence": 92,
                "probability": 0,
                "pipeline_outcome": "lost",
            }
        )

    def _ref(self, name):
        return self.env.ref("smart_pipeline.crm_stage_%s" % name)

    def _create_lead(self, stage, **values):
        values.update(
            name="Stage test opportunity",
            type="opportunity",
            stage_id=stage.id,
        )
        return self.env["crm.lead"].create(values)

    def _keep_only(self, stage):
        """Archive every other active stage with the outcome of ``stage``."""
        self.Stage.search(
            [
                ("pipeline_outcome", "=", stage.pipeline_outcome),
                ("id", "!=", stage.id),
            ]
        ).write({"active": False})

    # Shipped pipeline

    def test_shipped_stages_in_order_with_outcomes(self):
        stages = [self._ref(name) for name in STAGES]
        self.assertEqual(
            [stage.sequence for stage in stages],
            sorted(stage.sequence for stage in stages),
        )
        self.assertEqual(
            [stage.pipeline_outcome for stage in stages],
            ["open"] * 6 + ["won", "lost"],
        )
        self.assertEqual(self._ref("won").probability, 100)
        self.assertEqual(self._ref("lost").probability, 0)
        self.assertTrue(self._ref("lost").fold)
        self.assertTrue(all(stage.on_change for stage in stages))

    def test_shipped_stages_reuse_odoo_stages(self):
        for odoo_xmlid, name in [
            ("stage_lead1", "initial_contact"),
            ("stage_lead2", "qualified"),
            ("stage_lead3", "proposal_sent"),
            ("stage_lead4", "won"),
        ]:
            self.assertEqual(self.env.ref("crm.%s" % odoo_xmlid), self._ref(name))
        self.assertEqual(len({self._ref(name).id for name in STAGES}), 8)

    def test_setup_is_idempotent(self):
        count = self.Stage.with_context(active_test=False).search_count([])
        self.Stage._setup_pipeline_stages()
        self.assertEqual(self.Stage.with_context(active_test=False).search_count([]), count)

    def test_setup_on_a_database_already_using_crm(self):
        """Install on a database with crm data: Odoo's stages and stages with
        the same name are reused, customised names are kept, opportunities
        stay where they are, and only missing stages are created."""
        shipped = {name: self._ref(name) for name in STAGES}
        self.env["ir.model.data"].search(
            [("module", "=", "smart_pipeline"), ("model", "=", "crm.stage")]
        ).unlink()
        # Odoo's stages as crm ships them, one renamed by the company ...
        shipped["initial_contact"].write({"name": "New", "sequence": 1})
        shipped["proposal_sent"].write({"name": "Proposition", "sequence": 3})
        shipped["qualified"].write({"name": "Qualification"})
        # ... a stage of its own with one of our names, one we do not know
        shipped["negotiation"].write({"name": "NEGOTIATION"})
        shipped["demo_given"].write({"name": "Product Demo"})
        leads = {
            name: self._create_lead(shipped[name], partner_id=self.customer.id)
            for name in ("initial_contact", "qualified", "negotiation", "demo_given")
        }
        self.Stage._setup_pipeline_stages()

        for name in ("initial_contact", "qualified", "proposal_sent", "won"):
            self.assertEqual(self._ref(name), shipped[name])
        self.assertEqual(self._ref("negotiation"), shipped["negotiation"])
        self.assertEqual(self._ref("lost"), shipped["lost"])
        self.assertEqual(self._ref("initial_contact").name, "Initial Contact")
        self.assertEqual(self._ref("proposal_sent").name, "Proposal Sent")
        self.assertEqual(self._ref("proposal_sent").sequence, 5)
        self.assertEqual(self._ref("qualified").name, "Qualification")
        self.assertEqual(self._ref("negotiation").name, "NEGOTIATION")
        # unknown under its new name: a Demo Given stage is created
        self.assertNotEqual(self._ref("demo_given"), shipped["demo_given"])
        self.assertEqual(self._ref("demo_given").name, "Demo Given")
        self.assertEqual(shipped["demo_given"].name, "Product Demo")
        for name, lead in leads.items():
            self.assertEqual(lead.stage_id, shipped[name])
        for name in ("Initial Contact", "Qualification", "Won", "Lost"):
            self.assertEqual(self.Stage.search_count([("name", "=", name)]), 1)

    # Won and lost stages must remain

    def test_last_won_stage_cannot_go(self):
        self._keep_only(self.stage_won)
        with self.assertRaisesRegex(ValidationError, "At least one active stage"):
            self.stage_won.write({"active": False})
        with self.assertRaisesRegex(ValidationError, "At least one active stage"):
            self.stage_won.write({"pipeline_outcome": "open"})
        with self.assertRaisesRegex(ValidationError, "At least one active stage"):
            self.stage_won.unlink()
        self.assertTrue(self.stage_won.exists())
        self.assertEqual(self.stage_won.pipeline_outcome, "won")
        # another won stage: now it may go
        self.stage_open.write({"pipeline_outcome": "won"})
        self.stage_won.write({"active": False})
        self.assertFalse(self.stage_won.active)

    def test_last_lost_stage_cannot_go(self):
        self._keep_only(self.stage_lost)
        with self.assertRaisesRegex(ValidationError, "At least one active stage"):
            self.stage_lost.write({"active": False})
        with self.assertRaisesRegex(ValidationError, "At least one active stage"):
            self.stage_lost.write({"pipeline_outcome": "won"})
        with self.assertRaisesRegex(ValidationError, "At least one active stage"):
            self.stage_lost.unlink()
        # moving the outcome to another stage in the same write is fine
        (self.stage_lost | self.stage_open).write({"pipeline_outcome": "lost"})
        self.stage_lost.unlink()
        self.assertFalse(self.stage_lost.exists())

    # Stages in use

    def test_stage_used_by_an_opportunity_cannot_be_deleted(self):
        lead = self._create_lead(self.stage_open)
        lead.action_set_unactive()
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.stage_open.unlink()
        self.stage_open.write({"active": False})
        self.assertEqual(lead.stage_id, self.stage_open)
        unused = self.Stage.create({"name": "Unused"})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_stage_used_by_a_conversation_cannot_be_deleted(self):
        self.env["crm.conversation"].create(
            {
                "partner_id": self.customer.id,
                "stage_id": self.stage_open.id,
                "date_begin": "2024-03-04 09:00:00",
            }
        )
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.stage_open.unlink()

    def test_only_managers_change_the_outcome_of_a_stage_in_use(self):
        self._create_lead(self.stage_open)
        unused = self.Stage.create({"name": "Unused", "sequence": 93})
        with self.assertRaisesRegex(AccessError, "Only sales managers"):
            self.stage_open.sudo(self.stage_editor).write({"pipeline_outcome": "won"})
        self.assertEqual(self.stage_open.pipeline_outcome, "open")
        # other changes, and the outcome of an unused stage, stay free
        self.stage_open.sudo(self.stage_editor).write({"name": "Renamed"})
        unused.sudo(self.stage_editor).write({"pipeline_outcome": "won"})
        self.assertEqual(unused.pipeline_outcome, "won")
        self.stage_open.sudo(self.manager).write({"pipeline_outcome": "won"})
        self.assertEqual(self.stage_open.pipeline_outcome, "won")

    def test_salesman_cannot_configure_stages(self):
        with self.assertRaises(AccessError):
            self.stage_open.sudo(self.salesman).write({"pipeline_outcome": "won"})
        with self.assertRaises(AccessError):
            self.Stage.sudo(self.salesman).create({"name": "Mine"})
        stage = self.Stage.sudo(self.manager).create(
            {"name": "Managed", "pipeline_outcome": "lost"}
        )
        self.assertEqual(stage.pipeline_outcome, "lost")
