"""pytest-odoo is on only when a database is named (odoo11_compat/pytest_plugin.py)."""

from odoo11_compat.pytest_plugin import odoo_wanted


def test_database_switches_pytest_odoo_on():
    assert odoo_wanted(["--odoo-database=db", "smart_pipeline/tests/test_conversation.py"])
    assert odoo_wanted(["--odoo-database", "db"])
    assert odoo_wanted(["--odoo-config=var/odoo.conf"])


def test_layer_tests_run_without_pytest_odoo(pytestconfig):
    assert not odoo_wanted(["-q", "odoo11_compat/tests", "-k", "odoo_database"])
    # this very session named no database: pytest-odoo was blocked
    assert pytestconfig.pluginmanager.get_plugin("odoo") is None
