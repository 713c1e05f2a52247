# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The daily digest lists each salesperson's opportunities expected to
close in the next 7 days and those overdue from 11.0.1.3.0 on. Its mail
template is ``noupdate``, so the data file does not reach existing
databases: the template gets the new section, unless an administrator
changed it (its body is then left as it is)."""

import os

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_module_path

XMLID = "smart_pipeline.mail_template_crm_followup_digest"
SECTION_START = "% if object.closing_lead_ids or object.overdue_lead_ids:"
SECTION_END = "## end of the opportunities section\n"


def shipped_body():
    path = os.path.join(get_module_path("smart_pipeline"), "data", "mail_template_data.xml")
    root = etree.parse(path).getroot()
    field = root.xpath(
        "//record[@id='mail_template_crm_followup_digest']/field[@name='body_html']"
    )[0]
    return field.text


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(XMLID, raise_if_not_found=False)
    new_body = shipped_body()
    start = new_body.find(SECTION_START)
    if not template or start < 0:
        return
    end = new_body.index(SECTION_END, start) + len(SECTION_END)
    old_body = new_body[:start] + new_body[end:]
    if (template.body_html or "").strip() == old_body.strip():
        template.body_html = new_body
