# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Smart Pipeline - Phone Calls",
    "summary": "A logged or held phone call of crm_phonecall is a conversation line",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/smart-pipeline/smart_pipeline",
    "author": "Smart Pipeline developers",
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["smart_pipeline", "crm_phonecall"],
    "data": ["views/crm_phonecall_views.xml"],
    "auto_install": True,
    "installable": True,
}
