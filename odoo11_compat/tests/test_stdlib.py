import base64
import collections
import inspect
import threading

import pytest

from odoo11_compat import stdlib


@pytest.mark.parametrize(
    "snippet",
    [
        "import collections; collections.Mapping",
        "import inspect; inspect.getargspec",
        "import inspect; inspect.formatargspec",
        "import base64; base64.encodestring",
        "import threading; threading.Thread.isAlive",
    ],
)
def test_python_lacks_what_odoo_uses(without_layer, snippet):
    """Each standard-library fix answers a real removal in this Python."""
    returncode, stderr = without_layer(snippet)
    assert returncode != 0 and "AttributeError" in stderr


def test_import_odoo_needs_the_layer(without_layer):
    returncode, stderr = without_layer("import odoo")
    assert returncode != 0 and "cannot import name" in stderr


def test_collections_abcs():
    from collections import (  # noqa: F401,UP035 pylint: disable=unused-import
        Iterable,
        Mapping,
        MutableSet,
    )

    assert collections.Mapping is collections.abc.Mapping
    assert isinstance({}, collections.Mapping)


def sample(self, a, b=2, *args, **kwargs):
    return a


def test_getargspec_four_fields():
    args, varargs, keywords, defaults = inspect.getargspec(sample)  # odoo/api.py
    assert (args, varargs, keywords, defaults) == (["self", "a", "b"], "args", "kwargs", (2,))


def test_formatargspec_as_ormcache_uses_it():
    # odoo/tools/cache.py: formatargspec(*getargspec(method))[1:-1]
    text = inspect.formatargspec(*inspect.getargspec(sample))
    assert text == "(self, a, b=2, *args, **kwargs)"
    lam = eval("lambda %s: (a, b)" % text[1:-1])  # noqa: S307 pylint: disable=eval-used
    assert lam(None, 1) == (1, 2)


def test_base64_aliases():
    assert base64.encodestring(b"odoo") == b"b2Rvbw==\n"
    assert base64.decodestring(b"b2Rvbw==\n") == b"odoo"


def test_thread_isalive():
    thread = threading.Thread(target=lambda: None)
    assert thread.isAlive() is False
    thread.start()
    thread.join()
    assert thread.isAlive() is False


def test_apply_is_idempotent():
    before = inspect.getargspec
    stdlib.apply()
    assert inspect.getargspec is before
