"""An HTTP request that arrives while the threaded server preloads a registry.

``python early_request.py yes|no``: ODOO_PRELOAD_ADDONS for the run. Thread A
is the HTTP thread's first request, ``Root.load_addons()``; the main thread
is ``preload_registries()``, which imports the same addon for the registry
while thread A is still executing it. Odoo 11's ``AddonsHook`` puts the new
module in ``sys.modules`` before running its ``__init__`` and gives it no
``__spec__``, so Python's import lock does not make the second importer wait:
it gets the module half executed, and the registry it builds lacks every
model defined after that point (the addon's wizards, imported last). Prints
``complete`` or ``partial``.
"""

import os
import sys
import tempfile
import threading
import time

os.environ["ODOO_PRELOAD_ADDONS"] = sys.argv[1]

import odoo11_compat  # noqa: E402

odoo11_compat.apply()

import odoo  # noqa: E402
import odoo.http  # noqa: E402
import odoo.modules  # noqa: E402

NAME = "compat_slow_addon"
tmp = tempfile.mkdtemp()
addon = os.path.join(tmp, NAME)
os.makedirs(os.path.join(addon, "static"))
with open(os.path.join(addon, "__manifest__.py"), "w") as fp:
    fp.write("{'name': 'Slow', 'depends': ['base']}\n")
with open(os.path.join(addon, "__init__.py"), "w") as fp:
    # models first, then (slowly, as on a loaded machine) the wizards
    fp.write("import time\nMODELS = True\ntime.sleep(1.5)\nWIZARDS = True\n")
odoo.tools.config.parse_config(["--addons-path=" + tmp])
odoo.modules.module.initialize_sys_path()
odoo.modules.module.ad_paths[:] = [tmp]

request = threading.Thread(target=odoo.http.Root().load_addons)
request.start()
time.sleep(0.5)
odoo.modules.module.load_openerp_module(NAME)
module = sys.modules["odoo.addons." + NAME]
print("complete" if hasattr(module, "WIZARDS") else "partial")
request.join()
