# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import openpyxl

from odoo.exceptions import ValidationError

from ..tools import dates
from .common import SmartPipelineCase


class TestDatesFormat(SmartPipelineCase):
    """Dates in names, messages, titles and exports follow the reader's
    language format, never ISO: 17/03/2025 in French, 03/17/2025 in
    American English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"].load_lang("fr_FR")
        cls.env.ref("base.lang_en").date_format = "%m/%d/%Y"
        cls.french = cls._create_user(
            "sp_dates_fr", cls.group_manager, name="Dates Fr", tz="Europe/Paris"
        )
        cls.french.lang = "fr_FR"
        cls.american = cls._create_user(
            "sp_dates_us", cls.group_manager, name="Dates Us", tz="America/New_York"
        )
        cls.american.lang = "en_US"
        cls.customer = cls._create_customer("Redwood Dates Clinics")
        # 23:30 UTC on the 16th is the 17th in Paris, still the 16th in New York
        cls.line = cls.env["crm.conversation"].create(
            {
                "partner_id": cls.customer.id,
                "date_begin": "2025-03-16 23:30:00",
                "note": "Late call",
            }
        )

    def _env(self, user):
        return self.env(user=user.id, context={"lang": user.lang, "tz": user.tz})

    def test_helper_formats_days_and_datetimes(self):
        french, american = self._env(self.french), self._env(self.american)
        self.assertEqual(dates.format_day(french, "2025-03-17"), "17/03/2025")
        self.assertEqual(dates.format_day(american, "2025-03-17"), "03/17/2025")
        self.assertEqual(dates.format_day(french, "2025-03-16 23:30:00"), "17/03/2025")
        self.assertEqual(dates.format_day(american, "2025-03-16 23:30:00"), "03/16/2025")
        self.assertEqual(dates.format_day(french, False), "")
        # without a language in the context: the user's
        self.assertEqual(
            dates.format_day(self.env(user=self.french.id, context={}), "2025-03-17"), "17/03/2025"
        )

    def test_conversation_name(self):
        name = self.line.with_env(self._env(self.french)).name_get()[0][1]
        self.assertEqual(name, "Redwood Dates Clinics (17/03/2025)")
        name = self.line.with_env(self._env(self.american)).name_get()[0][1]
        self.assertEqual(name, "Redwood Dates Clinics (03/16/2025)")

    def test_messages(self):
        line = self.line.with_env(self._env(self.american))
        with self.assertRaisesRegex(ValidationError, r"\(03/16/2025\)"):
            line.follow_up_date = "2025-03-10"
        Analysis = self.env["crm.objective.analysis"].with_env(self._env(self.french))
        with self.assertRaisesRegex(ValidationError, r"\(01/02/2025\).*\(01/03/2025\)"):
            Analysis.create(
                {"date_from": "2025-03-01", "date_to": "2025-02-01", "reference_date": "2025-03-01"}
            )

    def test_analysis_title(self):
        analysis = (
            self.env["crm.objective.analysis"]
            .with_env(self._env(self.american))
            .create(
                {"date_from": "2025-01-01", "date_to": "2025-03-31", "reference_date": "2025-03-31"}
            )
        )
        title = analysis.action_open_lines()["display_name"]
        self.assertEqual(title, "Objectives from 01/01/2025 to 03/31/2025")

    def test_excel_filters(self):
        """The pipeline overview's Excel download writes its dates in the
        reader's format."""
        overview = (
            self.env["crm.pipeline.overview.print"]
            .with_env(self._env(self.french))
            .create({"period": "custom", "date_from": "2025-01-01", "date_to": "2025-03-31"})
        )
        report = self.env.ref("smart_pipeline.crm_pipeline_overview_xlsx_action")
        content, _fmt = report.with_env(self._env(self.french)).render(overview.ids, {})
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        cells = [c.value for row in book.active.iter_rows() for c in row if c.value]
        self.assertIn("01/01/2025", cells)
        self.assertIn("31/03/2025", cells)
        self.assertNotIn("2025-01-01", cells)
