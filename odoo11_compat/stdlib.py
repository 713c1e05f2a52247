"""Standard-library names Odoo 11 imports at start-up that newer Pythons removed.

These must exist before ``import odoo``:

* ``collections.Mapping``, ``Iterable``, ``MutableMapping``, ``MutableSet``,
  ``Sequence``, ``Set``... moved to ``collections.abc`` and were removed from
  ``collections`` in Python 3.10. Users: ``odoo/api.py``, ``odoo/models.py``
  (``collections.Set.register``), ``odoo/tools/misc.py``,
  ``odoo/modules/registry.py``, ``odoo/osv/expression.py``, ``ir_qweb/qweb.py``.
* ``inspect.getargspec`` was removed in 3.11. Users: ``odoo/api.py``,
  ``odoo/http.py``, ``odoo/tools/cache.py``; they unpack the old 4-field result.
* ``inspect.formatargspec`` was removed in 3.11. User: ``odoo/tools/cache.py``,
  which builds the ormcache lambda's signature text with it.
* ``base64.encodestring``/``decodestring`` were removed in 3.9. Users:
  ``ir_ui_menu`` (menu icons: a database cannot be created), ``ir_actions_report``,
  web binary upload, language import/export.
* ``threading.Thread.isAlive`` was removed in 3.9. Users:
  ``odoo/tests/common.py HttpCase._wait_remaining_requests`` and
  ``odoo/service/server.py ThreadedServer.stop``.
"""

import base64
import collections
import collections.abc
import inspect
import threading

ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")


def getargspec(func):
    """Python 3.0-3.10 ``inspect.getargspec``: the old 4-field result."""
    spec = inspect.getfullargspec(func)
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def formatargspec(args, varargs=None, varkw=None, defaults=None, *_ignored, **_kw):
    """Python 3.0-3.10 ``inspect.formatargspec`` for the plain (unannotated) case."""
    specs = []
    first_default = len(args) - len(defaults) if defaults else len(args)
    for i, arg in enumerate(args):
        spec = arg
        if i >= first_default:
            spec += "=" + repr(defaults[i - first_default])
        specs.append(spec)
    if varargs is not None:
        specs.append("*" + varargs)
    if varkw is not None:
        specs.append("**" + varkw)
    return "(" + ", ".join(specs) + ")"


def apply():
    for name in collections.abc.__all__:
        if not hasattr(collections, name):
            setattr(collections, name, getattr(collections.abc, name))
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = getargspec
    if not hasattr(inspect, "formatargspec"):
        inspect.formatargspec = formatargspec
    if not hasattr(base64, "encodestring"):
        base64.encodestring = base64.encodebytes
        base64.decodestring = base64.decodebytes
    if not hasattr(threading.Thread, "isAlive"):
        threading.Thread.isAlive = threading.Thread.is_alive
