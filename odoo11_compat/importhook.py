"""Post-import hooks: run a patch function right after a module is executed.

Most of the Odoo modules that need a fix are addon modules (``qweb.py``,
``web/controllers/main.py``) that Odoo imports while loading a registry, long
after start-up, so they cannot be patched eagerly. A meta-path finder placed
first on ``sys.meta_path`` lets the normal finders locate the module, then wraps
its loader so the patch runs once the module body has executed. Modules that
are already imported are patched on registration.
"""

import importlib.abc
import sys

_hooks = {}


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._patch(module)


class PostImportFinder(importlib.abc.MetaPathFinder):
    """Delegate to the other finders, then wrap the loader of hooked modules."""

    def find_spec(self, fullname, path, target=None):
        patch = _hooks.get(fullname)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _PatchingLoader(spec.loader, patch)
        return spec


_finder = PostImportFinder()


def install():
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def register(module_name, patch):
    """Run ``patch(module)`` after ``module_name`` is imported (or now)."""
    _hooks[module_name] = patch
    module = sys.modules.get(module_name)
    if module is not None:
        patch(module)
