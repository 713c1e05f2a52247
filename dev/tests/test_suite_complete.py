"""Every test file of an addon is imported by its ``tests/__init__.py``.

Odoo 11's runner (``make test``) runs only the test modules that
``tests/__init__.py`` imports, while pytest-odoo finds every ``test_*.py``:
a file forgotten there passes in the fast loop and never runs in CI (the
forecast's, the filters' and the overview's minutes by source once did).
"""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDONS = ["smart_pipeline", "smart_pipeline_crm_phonecall"]


def imported_modules(init_path):
    """Names imported by ``from . import x, y`` in ``init_path``."""
    with open(init_path) as fp:
        tree = ast.parse(fp.read(), init_path)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("addon", ADDONS)
def test_every_test_file_is_imported(addon):
    tests_dir = os.path.join(ROOT, addon, "tests")
    files = {
        name[:-3]
        for name in os.listdir(tests_dir)
        if name.startswith("test_") and name.endswith(".py")
    }
    missing = sorted(files - imported_modules(os.path.join(tests_dir, "__init__.py")))
    assert not missing, "not imported by %s/tests/__init__.py, so make test never runs them: %s" % (
        addon,
        ", ".join(missing),
    )
