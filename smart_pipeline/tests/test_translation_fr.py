# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re
import subprocess

from odoo.exceptions import ValidationError

from .common import PipelineOverviewCase


class TestFrenchTranslation(PipelineOverviewCase):
    """The French catalogue (i18n/fr.po) reaches what a French-speaking user
    sees: the printed overview and the errors raised by the business rules.
    French is loaded the way Odoo does when a language is installed:
    ``_update_translations`` reads the module's ``i18n/fr.po``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"].load_lang("fr_FR")
        module = cls.env["ir.module.module"].search([("name", "=", "smart_pipeline")])
        module._update_translations("fr_FR")
        (cls.manager | cls.salesman_1).write({"lang": "fr_FR"})
        cls.report = cls.env.ref("smart_pipeline.crm_pipeline_overview_report_action")
        cls.overview = cls._create_print_record()

    def test_error_message_in_french(self):
        conversation = self._line(
            self.c1, False, "2025-06-02 09:00:00", self.salesman_1, self.team_a
        )
        french = conversation.sudo(self.salesman_1).with_context(lang="fr_FR")
        with self.assertRaises(ValidationError) as caught:
            french.write({"duration": -5})
        self.assertEqual(
            caught.exception.name, "La durée d'une conversation ne peut pas être négative."
        )
        # the same rule still speaks English to an English-speaking user
        with self.assertRaises(ValidationError) as caught:
            conversation.with_context(lang="en_US").write({"duration": -5})
        self.assertEqual(
            caught.exception.name, "The duration of a conversation cannot be negative."
        )

    def test_overview_pdf_in_french(self):
        report = self.report.sudo(self.manager).with_context(lang="fr_FR")
        pdf = self._render_pdf(report, self.overview.ids)
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, stdout=subprocess.PIPE, check=True
        ).stdout.decode()
        squeezed = re.sub(r"\s+", " ", text)
        for french in (
            "Vue d'ensemble du pipeline commercial",
            "Clients par étape du pipeline (8)",
            "Motifs de perte (11)",
            "Premier contact",  # a stage shipped by the module
        ):
            self.assertIn(french, squeezed)
        for english in ("Sales Pipeline Overview", "Customers per Pipeline Stage", "Lost Reasons"):
            self.assertNotIn(english, squeezed)
        # the figures are the same, written the French way (decimal comma)
        self.assertIn("50,00 %", squeezed)  # win rate
        self.assertIn("42,00", squeezed)  # average days to close

    def test_digest_email_in_french(self):
        """The daily digest is written in its recipient's language (the
        template's lang is the employee's)."""
        line = self._line(
            self.c1,
            False,
            "2025-06-02 09:00:00",
            self.salesman_1,
            self.team_a,
            follow_up_date="2025-06-03",
            note="Rappeler",
        )
        digest = self.env["crm.followup.digest"].create(
            {
                "user_id": self.salesman_1.id,
                "date": "2025-06-04",
                "conversation_ids": [(6, 0, line.ids)],
            }
        )
        template = self.env.ref("smart_pipeline.mail_template_crm_followup_digest")
        email = template.generate_email(digest.id)
        self.assertTrue(email["subject"].startswith("Vos relances du "), email["subject"])
        self.assertIn("Ces clients attendent votre relance aujourd'hui", email["body_html"])
        self.assertIn("En retard", email["body_html"])
        self.assertNotIn("Hello", email["body_html"])
