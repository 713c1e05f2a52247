# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shipped stages in French: those reused from Odoo's crm ("New"
renamed "Initial Contact", "Proposition" renamed "Proposal Sent") read the
addon's translation, not crm's for the old name, when French is installed
after the addon (crm's catalogue loads first) or before it."""

from .common import SmartPipelineCase


class TestStageTranslationFr(SmartPipelineCase):
    def _french_names(self, user):
        stages = self.env["crm.stage"].sudo(user).with_context(lang="fr_FR")
        return {key: stages.browse(stage.id).name for key, stage in self.stage.items()}

    def _load_french(self, *modules):
        self.env["res.lang"].load_lang("fr_FR")
        for name in modules:
            module = self.env["ir.module.module"].search([("name", "=", name)])
            module._update_translations("fr_FR")

    def test_french_installed_after_the_addon(self):
        """Installing French loads every module's catalogue, crm's first."""
        self._load_french("crm", "smart_pipeline")
        user = self._create_user("stage_fr_salesman", self.group_salesman)
        names = self._french_names(user)
        self.assertEqual(names["initial_contact"], "Premier contact")
        self.assertEqual(names["proposal_sent"], "Proposition envoyée")
        self.assertEqual(names["qualified"], "Qualifié")
        self.assertEqual(names["won"], "Gagné")

    def test_crm_catalogue_loaded_again_changes_nothing(self):
        """Updating crm's translations alone (module update, "Load a
        Translation" of crm) does not bring "Nouveau" back."""
        self._load_french("crm", "smart_pipeline")
        self._load_french("crm")
        names = self._french_names(self._create_user("stage_fr_2", self.group_salesman))
        self.assertEqual(names["initial_contact"], "Premier contact")
        self.assertEqual(names["proposal_sent"], "Proposition envoyée")

    def test_a_users_own_translation_stays(self):
        self._load_french("crm", "smart_pipeline")
        stage = self.stage["negotiation"]
        stage.with_context(lang="fr_FR").name = "Marchandage"
        self._load_french("crm", "smart_pipeline")
        self.assertEqual(stage.with_context(lang="fr_FR").name, "Marchandage")
