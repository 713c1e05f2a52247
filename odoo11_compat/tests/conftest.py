import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def without_layer():
    """Run a snippet in a fresh interpreter with only part of the layer.

    ``prelude`` is executed first (e.g. to apply the standard-library fixes
    only); the snippet must raise for the test to prove the fix is needed.
    Returns (returncode, stderr).
    """

    def run(snippet, prelude=""):
        code = textwrap.dedent(prelude) + "\n" + textwrap.dedent(snippet)
        proc = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=ROOT),
            timeout=120,
        )
        return proc.returncode, proc.stderr

    return run


STDLIB_ONLY = """
import odoo11_compat.stdlib
odoo11_compat.stdlib.apply()
"""


def bin_odoo(*args, **kwargs):
    return subprocess.run(
        [os.path.join(ROOT, "bin", "odoo"), *args],
        check=True,
        capture_output=True,
        timeout=900,
        **kwargs,
    )


def psql(db, sql):
    return subprocess.run(
        [os.path.join(ROOT, "dev", "pg.sh"), "psql", "-d", db, "-qtAX", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture(scope="session")
def compat_db():
    """A database with base and bus (long-polling), without demo data, shared
    by the tests that need a running server; dropped at the end."""
    db = "compat_server_probe"
    psql("postgres", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
    bin_odoo("-d", db, "-i", "bus", "--without-demo=all", "--stop-after-init", "--log-level=warn")
    yield db
    psql("postgres", 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % db)
