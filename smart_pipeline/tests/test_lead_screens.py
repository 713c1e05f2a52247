# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from .common import SmartPipelineCase


class TestLeadScreens(SmartPipelineCase):
    """One referent on leads and opportunities, both rejections in one
    group, and a printed lead without empty sections."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._create_user("lead_screens_salesman", cls.group_salesman)
        cls.referent = cls.env["res.partner"].create({"name": "Rita Referent"})
        cls.other = cls.env["res.partner"].create({"name": "Otto Other"})

    def test_referred_by_follows_the_referent(self):
        Lead = self.env["crm.lead"].sudo(self.salesman)
        lead = Lead.create({"name": "Referred lead", "referent_id": self.referent.id})
        self.assertEqual(lead.referred, "Rita Referent")
        lead.write({"referent_id": self.other.id})
        self.assertEqual(lead.referred, "Otto Other")
        lead.write({"referent_id": False})
        self.assertFalse(lead.referred)

    def _form(self, xmlid):
        view = self.env.ref(xmlid)
        arch = self.env["crm.lead"].sudo(self.salesman).fields_view_get(view.id, "form")["arch"]
        return etree.fromstring(arch)

    def test_forms_show_the_referent_and_group_the_rejections(self):
        for xmlid in ("crm.crm_case_form_view_leads", "crm.crm_case_form_view_oppor"):
            form = self._form(xmlid)
            [referent] = form.xpath("//field[@name='referent_id']")
            # not inside a debug-only or multi-company-only group
            self.assertFalse([node for node in referent.iterancestors() if node.get("groups")])
            [group] = form.xpath("//group[@string='Contact preferences']")
            names = group.xpath(".//field/@name")
            self.assertIn("call_rejection", names)
            self.assertIn("email_rejection", names)

    def test_printed_lead_has_no_empty_section(self):
        report = self.env.ref("smart_pipeline.crm_lead_report_action")
        lead = self.env["crm.lead"].create({"name": "Bare lead"})
        html = report.render_qweb_html(lead.ids)[0]
        self.assertNotIn(b"Marketing", html)
        lead.referent_id = self.referent
        html = report.render_qweb_html(lead.ids)[0]
        self.assertIn(b"Marketing", html)
        self.assertIn(b"Rita Referent", html)
