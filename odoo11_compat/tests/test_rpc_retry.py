import os
import re
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


def _pauses(stderr):
    return [float(x) for x in re.findall(r"retry \d+/\d+ in ([0-9.]+) sec", stderr)]


def test_retry_pause_follows_the_configured_base(compat_db):
    """``concurrency_retry_delay = 0``: the retry comes at once (Odoo's own
    pause would be a random 0-1 s), and still lands."""
    proc = run_scenario(compat_db, "--retry-delay", "0")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _pauses(proc.stderr) == [0.0]
    assert "('Retried', 'Retried', 'concurrent')" in proc.stdout


def test_retry_pause_is_odoos_without_the_option(compat_db):
    proc = run_scenario(compat_db)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (pause,) = _pauses(proc.stderr)
    assert 0.0 <= pause <= 1.0
