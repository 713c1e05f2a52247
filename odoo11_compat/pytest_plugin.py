"""Load the compatibility layer before anything imports Odoo, and set pytest-odoo
up for the development loop.

pytest-odoo imports ``odoo`` when its plugin loads, so ``pytest.ini`` loads this
module first with ``-p odoo11_compat.pytest_plugin`` (``dev/setup.sh`` puts the
project on the virtualenv's path, so no ``PYTHONPATH`` is needed).

Two uses share one ``pytest.ini``:

* ``pytest`` (``odoo11_compat/tests``): the layer's own tests need no database.
  pytest-odoo would open one for every session, so it is switched off unless
  a database is named.
* ``pytest --odoo-database=DB smart_pipeline/tests/...``: one test file (or one
  test, ``-k``) of the addon against a prepared database (``make pytest-db``).
  Odoo then gets the project's configuration, as ``bin/odoo`` gives it: the
  private PostgreSQL cluster, an addons path holding ``smart_pipeline``, and
  wkhtmltopdf on ``PATH`` for the PDF tests.
"""

import os
import shlex
import sys

import pytest

from . import apply

apply()

ODOO_OPTIONS = ("--odoo-database", "--odoo-config")


def odoo_wanted(args):
    """Whether the command line names a database for pytest-odoo."""
    return any(arg.split("=", 1)[0] in ODOO_OPTIONS for arg in args)


def pytest_addhooks(pluginmanager):
    """Called when this plugin registers, before the entry-point plugins load:
    block pytest-odoo unless a database is named (blocking it later is too late,
    its session fixtures are already known)."""
    args = sys.argv[1:] + shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))
    if not odoo_wanted(args):
        pluginmanager.set_blocked("odoo")


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_cmdline_main(config):
    """Runs before pytest-odoo's own wrapper, which reads ``ODOO_RC``."""
    if config.pluginmanager.get_plugin("odoo") is not None:
        from .launcher import prepare_environment

        prepare_environment()
    yield
