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
    def __init__(self, loader, patches):
        self._loader = loader
        self._patches = patches

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        for patch in self._patches:
            patch(module)


class PostImportFinder(importlib.abc.MetaPathFinder):
    """Delegate to the other finders, then wrap the loader of hooked modules."""

    def find_spec(self, fullname, path, target=None):
        patches = _hooks.get(fullname)
        if not patches:
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
        spec.loader = _PatchingLoader(spec.loader, patches)
        return spec


_finder = PostImportFinder()


def install():
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)


def register(module_name, patch):
    """Run ``patch(module)`` after ``module_name`` is imported (or now); a
    module may have several patches, run in the order registered."""
    patches = _hooks.setdefault(module_name, [])
    if patch in patches:
        return
    patches.append(patch)
    module = sys.modules.get(module_name)
    if module is not None:
        patch(module)
