"""A floor under the timeout of Odoo 11's PhantomJS tests on a shared machine.

``odoo/tests/common.py HttpCase.phantom_js(url_path, code, ready, login,
timeout=60)`` gives a browser test 60 seconds by default, in PhantomJS's own
script (``phantomtest.js``: "error Timeout") and in the poll that reads it
("Ran out of data to read"). OCA web_responsive 11.0's ``test_ui_web`` runs
web's whole QUnit suite in that default: about 40 s on this 2-core machine
when it is quiet, over 60 s when other jobs share the cores (``make
test-oca``). Python 3.11 runs Odoo slower than the 3.5 it was timed on.

The fix raises a shorter timeout to ``MIN_TIMEOUT``; a test that finishes
finishes as soon as before, and one that hangs still fails.
"""

MIN_TIMEOUT = 180


def patch(common_module):
    """Wrap ``HttpCase.phantom_js`` of ``odoo.tests.common``."""
    HttpCase = common_module.HttpCase
    original = HttpCase.phantom_js
    if getattr(original, "_odoo11_compat", False):
        return

    def phantom_js(self, url_path, code, ready="window", login=None, timeout=60, **kw):
        return original(
            self, url_path, code, ready=ready, login=login, timeout=max(timeout, MIN_TIMEOUT), **kw
        )

    phantom_js._odoo11_compat = True
    phantom_js.__doc__ = original.__doc__
    HttpCase.phantom_js = phantom_js
