"""``odoo/service/server.py``: ``bin/odoo --test-file=PATH`` (one test file).

``load_test_file_py`` finds the test module by comparing ``PATH`` with the
``__file__`` of every module in ``sys.modules``, reading it as
``getattr(module, '__file__', '')``. Since Python 3.7 a namespace package
(``odoo.addons`` is one, and so are some site-packages) has
``__file__ = None``, so ``os.path.splitext(None)`` raised ``TypeError``
before any test ran: ``--test-file`` always failed. Modules without a file
are now skipped.

Odoo 11 also only finds a test module that something already imported,
which nothing does outside a module's install or update (Odoo imports an
addon's ``tests`` package only to run it then): ``--test-file`` silently
ran nothing. A file of an addon on the addons path is now imported as
``odoo.addons.<addon>.tests.<name>`` when it is not loaded yet, so that one
test file, HttpCase tests with their HTTP server included, runs against a
prepared database: ``bin/odoo -d DB --test-file=ADDON/tests/test_x.py
--stop-after-init``. And its result is recorded with ``record_result``
(Odoo 11's report has no ``report_result``, which the function looked for:
a failing file ended with exit status 0), so a failure exits non-zero. The
rest is Odoo's own function.
"""

import importlib
import logging
import os
import sys
import unittest

_logger = logging.getLogger("odoo.service.server")


def _loaded_module(test_path):
    for module in list(sys.modules.values()):
        module_file = getattr(module, "__file__", None) if module else None
        if module_file and os.path.splitext(module_file)[0] == test_path:
            return module
    return None


def _addon_module_name(test_path, addons_paths):
    """``odoo.addons.<addon>.<...>`` for a file under one of ``addons_paths``."""
    for addons_path in addons_paths:
        prefix = os.path.abspath(addons_path) + os.sep
        if test_path.startswith(prefix):
            return "odoo.addons." + test_path[len(prefix) :].replace(os.sep, ".")
    return None


def load_test_file_py(registry, test_file):
    """Odoo 11's ``load_test_file_py``, skipping modules without a file and
    importing an addon's test file that is not loaded yet."""
    import odoo

    test_path = os.path.splitext(os.path.abspath(test_file))[0]
    module = _loaded_module(test_path)
    if module is None:
        name = _addon_module_name(test_path, odoo.modules.module.ad_paths)
        if name is None:
            _logger.error("%s: not a file of an addon on the addons path", test_file)
            registry._assertion_report.record_result(False)
            return
        module = importlib.import_module(name)
    suite = unittest.TestSuite()
    for test in unittest.TestLoader().loadTestsFromModule(module):
        suite.addTest(test)
    _logger.log(logging.INFO, "running tests %s.", module.__name__)
    stream = odoo.modules.module.TestStream()
    result = unittest.TextTestRunner(verbosity=2, stream=stream).run(suite)
    success = result.wasSuccessful()
    registry._assertion_report.record_result(success)
    if not success:
        _logger.error("%s: at least one error occurred in a test", test_file)


def patch(module):
    module.load_test_file_py = load_test_file_py
