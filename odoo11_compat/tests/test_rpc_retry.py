import os
import subprocess
import sys

from .conftest import ROOT

SCENARIO = os.path.join(os.path.dirname(__file__), "scenarios", "rpc_retry.py")


def run_scenario(db, *flags):
    return subprocess.run(
        [sys.executable, SCENARIO, db, *flags],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=ROOT),
        timeout=300,
    )


def test_retried_xmlrpc_write_succeeds(compat_db):
    """A write that meets a real serialization failure is retried and lands;
    the concurrent transaction's change is kept."""
    proc = run_scenario(compat_db)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "could not serialize access due to concurrent update" in proc.stderr
    assert "('Retried', 'Retried', 'concurrent')" in proc.stdout


def test_unpatched_retry_hits_a_closed_cursor(compat_db):
    """Stock Odoo 11: the retry recomputes the failed try's records."""
    proc = run_scenario(compat_db, "--without-fix")
    assert proc.returncode != 0
    assert "Unable to use a closed cursor" in proc.stderr
