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
