"""Run Odoo 11.0 on Python 3.11 without editing Odoo's installed files.

Odoo 11 was written for Python 3.5-3.7. Python 3.8-3.11 removed or changed a
handful of things it relies on. Each fix lives in its own small module, names
the Odoo code it serves and the Python change it answers, and has a test in
``odoo11_compat/tests`` that fails without it.

``apply()`` must run before ``import odoo``: the standard-library fixes are
needed while Odoo's modules are being imported, and the fixes to Odoo's own
modules are installed as post-import hooks, applied the moment each module is
imported (most of them are addon modules, imported long after start-up).
"""

from . import (
    addons_set,
    importhook,
    phantom_timeout,
    prefork,
    qweb,
    rpc_retry,
    safe_eval,
    stdlib,
    test_file,
    web,
    xlrd_xlsx,
    yaml_import,
)

_applied = False


def apply():
    """Install every fix; safe to call more than once."""
    global _applied
    if _applied:
        return
    stdlib.apply()
    importhook.install()
    importhook.register("odoo.tools.safe_eval", safe_eval.patch)
    importhook.register("odoo.tools.yaml_import", yaml_import.patch)
    importhook.register("odoo.addons.base.ir.ir_qweb.qweb", qweb.patch)
    importhook.register("odoo.addons.web.controllers.main", web.patch)
    importhook.register("odoo.modules", addons_set.patch_modules)
    importhook.register("odoo.http", addons_set.patch_http)
    importhook.register("xlrd.xlsx", xlrd_xlsx.patch)
    importhook.register("odoo.service.server", prefork.patch)
    importhook.register("odoo.service.server", test_file.patch)
    importhook.register("odoo.service.model", rpc_retry.patch)
    importhook.register("odoo.tests.common", phantom_timeout.patch)
    _applied = True
