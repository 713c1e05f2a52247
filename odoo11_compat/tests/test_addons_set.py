import os
import subprocess
import uuid

import pytest

import odoo
import odoo.http
import odoo.modules
from odoo.modules.module import get_module_path

from .conftest import ROOT, STDLIB_ONLY, psql

BRIDGES = ("sale_crm", "crm_project", "crm_livechat", "hr_maintenance")


@pytest.fixture(scope="module", autouse=True)
def addons_path():
    odoo.tools.config.parse_config(["--addons-path=" + ROOT])
    odoo.modules.module.initialize_sys_path()


def test_bridges_are_on_disk_but_hidden():
    modules = odoo.modules.get_modules()
    assert {"base", "crm", "calendar", "board", "smart_pipeline"} <= set(modules)
    for name in BRIDGES:
        assert get_module_path(name, display_warning=False), name
        assert name not in modules


def test_http_preload_skips_them():
    assert odoo.http.module_manifest(get_module_path("crm_livechat")) is None
    assert odoo.http.module_manifest(get_module_path("crm"))


def test_unpatched_get_modules_lists_them(without_layer):
    returncode, _stderr = without_layer(
        "import odoo, odoo.modules\n"
        "odoo.tools.config.parse_config(['--addons-path=%s'])\n"
        "odoo.modules.module.initialize_sys_path()\n"
        "assert 'sale_crm' not in odoo.modules.get_modules()" % ROOT,
        prelude=STDLIB_ONLY,
    )
    assert returncode != 0


def test_new_database_leaves_nothing_to_install():
    """A fresh database used to keep ~20 modules "to install" forever, and
    ir_cron skips such a database: no scheduled action ever ran."""
    db = "compat_probe_%s" % uuid.uuid4().hex[:8]
    try:
        subprocess.run(
            [
                os.path.join(ROOT, "bin", "odoo"),
                "-d",
                db,
                "-i",
                "base",
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        assert psql(db, "SELECT count(*) FROM ir_module_module WHERE state = 'to install'") == "0"
        assert (
            psql(
                db,
                "SELECT count(*) FROM ir_module_module"
                " WHERE name IN ('sale_crm', 'hr_maintenance')",
            )
            == "0"
        )
        assert psql(db, "SELECT state FROM ir_module_module WHERE name = 'crm'") == "uninstalled"
    finally:
        psql("postgres", 'DROP DATABASE IF EXISTS "%s"' % db)
