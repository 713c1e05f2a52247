"""Loaded only by ``dev/run_tests.py --fake-date`` (on PYTHONPATH), in the
Odoo processes whose clock libfaketime moves to another day.

libfaketime moves the clock, not the timestamps of files (``os.stat`` on this
glibc is not intercepted). Odoo's session garbage collector
(``odoo.http.session_gc``, run on 0.1 % of requests) compares session files'
modification times with the clock: every session looks older than a week and
is deleted, and the browser checks get logged out halfway. The sessions of a
test run are thrown away with its database, so the collector is switched off
in those processes only.
"""

import importlib.abc
import importlib.machinery
import os
import sys


class _SessionGcOff(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != "odoo.http":
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None:
            return None
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            module.session_gc = lambda session_store: None

        spec.loader.exec_module = exec_and_patch
        return spec


if os.environ.get("FAKETIME"):
    sys.meta_path.insert(0, _SessionGcOff())
