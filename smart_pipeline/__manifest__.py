# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Smart Pipeline",
    "summary": "Log every customer conversation and measure the sales pipeline "
    "they form",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/smart-pipeline/smart_pipeline",
    "author": "Smart Pipeline developers",
    "license": "AGPL-3",
    "depends": ["crm", "calendar"],
    "data": [
        "security/smart_pipeline_security.xml",
        "security/ir.model.access.csv",
        "views/smart_pipeline_menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
