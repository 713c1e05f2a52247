# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shipped stages in French: those reused from Odoo's crm ("New"
renamed "Initial Contact", "Proposition" renamed "Proposal Sent") read the
addon's translation, not crm's for the old name, when French is installed
after the addon (crm's catalogue loads first) or before it."""

from odoo.tools.safe_eval import safe_eval

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

    def test_french_loaded_while_the_addon_installs(self):
        """Odoo 11 loads the catalogues of a module it installs (and runs its
        at_install tests) before it marks it installed: the addon's names
        win then too."""
        module = self.env["ir.module.module"].search([("name", "=", "smart_pipeline")])
        module.write({"state": "to install"})
        self._load_french("crm", "smart_pipeline")
        names = self._french_names(self._create_user("stage_fr_3", self.group_salesman))
        self.assertEqual(names["initial_contact"], "Premier contact")
        self.assertEqual(names["proposal_sent"], "Proposition envoyée")

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


class TestReportFilenamesFr(SmartPipelineCase):
    """The downloaded files are named in the reader's language, as the
    report controllers name them (``print_report_name`` on the record)."""

    def _filename(self, xmlid, record):
        report = self.env.ref(xmlid)
        return safe_eval(report.print_report_name, {"object": record, "time": None})

    def test_file_names_follow_the_language(self):
        self.env["res.lang"].load_lang("fr_FR")
        module = self.env["ir.module.module"].search([("name", "=", "smart_pipeline")])
        module._update_translations("fr_FR")
        user = self._create_user("report_fr_manager", self.group_manager)
        french = user.with_context(lang="fr_FR").env
        overview = french["crm.pipeline.overview.print"].sudo(user).create({})
        wizard = french["crm.followup.report.wizard"].sudo(user).create({})
        line = (
            french["crm.conversation"]
            .sudo(user)
            .create(
                {
                    "partner_id": self._create_customer("Client Nom De Fichier").id,
                    "date_begin": "2025-03-03 09:00:00",
                }
            )
        )
        for xmlid, record, start in (
            ("crm_pipeline_overview_report_action", overview, "Vue d'ensemble du pipeline "),
            ("crm_pipeline_overview_xlsx_action", overview, "Vue d'ensemble du pipeline "),
            ("crm_followup_statistics_xlsx_action", wizard, "Statistiques des relances "),
            ("crm_followup_report_action", line, "Rapport quotidien des relances "),
        ):
            name = self._filename("smart_pipeline." + xmlid, record)
            self.assertTrue(name.startswith(start), name)
        english = self._filename(
            "smart_pipeline.crm_pipeline_overview_report_action",
            overview.with_context(lang="en_US"),
        )
        self.assertTrue(english.startswith("Sales Pipeline Overview "), english)
