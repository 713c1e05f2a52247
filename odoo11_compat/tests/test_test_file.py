"""``bin/odoo --test-file=PATH``: odoo11_compat/test_file.py."""

import os
import subprocess
import textwrap

from .conftest import ROOT, STDLIB_ONLY

STOCK_CALL = """
import sys, types
import odoo.service.server as server
namespace = types.ModuleType("probe_namespace")
namespace.__file__ = None  # what Python >= 3.7 gives a namespace package
sys.modules["probe_namespace"] = namespace
server.load_test_file_py(types.SimpleNamespace(), "probe_test.py")
"""


def test_stock_test_file_crashes_on_a_namespace_package(without_layer):
    returncode, stderr = without_layer(STOCK_CALL, prelude=STDLIB_ONLY)
    assert returncode != 0 and "TypeError" in stderr


def probe_addon(tmp_path, body):
    """An addon ``compat_probe`` (never installed) with one test file."""
    addon = tmp_path / "compat_probe"
    (addon / "tests").mkdir(parents=True)
    (addon / "__init__.py").write_text("")
    (addon / "__manifest__.py").write_text("{'name': 'probe', 'depends': ['base']}\n")
    (addon / "tests" / "__init__.py").write_text("")
    test = addon / "tests" / "test_probe.py"
    test.write_text(textwrap.dedent(body))
    return test


def run_test_file(compat_db, tmp_path, test):
    addons = ",".join([str(tmp_path), ROOT])
    return subprocess.run(
        [
            os.path.join(ROOT, "bin", "odoo"),
            "-d",
            compat_db,
            "--addons-path=" + addons,
            "--test-file=" + str(test),
            "--stop-after-init",
            "--http-port=0",
            "--max-cron-threads=0",
            "--log-level=test",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


PASSING = """
from odoo.tests import common

class TestProbe(common.TransactionCase):
    def test_partner(self):
        self.assertTrue(self.env["res.partner"].create({"name": "Probe"}).id)
"""


def test_one_test_file_runs(compat_db, tmp_path):
    proc = run_test_file(compat_db, tmp_path, probe_addon(tmp_path, PASSING))
    log = proc.stdout + proc.stderr
    assert "running tests odoo.addons.compat_probe.tests.test_probe" in log, log[-3000:]
    assert "Ran 1 test" in log
    assert proc.returncode == 0, log[-3000:]


def test_a_failing_test_file_exits_non_zero(compat_db, tmp_path):
    failing = PASSING.replace("assertTrue(", "assertFalse(")
    proc = run_test_file(compat_db, tmp_path, probe_addon(tmp_path, failing))
    log = proc.stdout + proc.stderr
    assert "Ran 1 test" in log, log[-3000:]
    assert proc.returncode != 0
