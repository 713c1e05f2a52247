import types

from odoo11_compat import phantom_timeout


def _common_module():
    """A stand-in for odoo.tests.common whose phantom_js records its timeout."""

    class HttpCase:
        def phantom_js(self, url_path, code, ready="window", login=None, timeout=60, **kw):
            return timeout

    return types.SimpleNamespace(HttpCase=HttpCase)


def test_short_timeouts_get_the_floor_longer_ones_stay():
    module = _common_module()
    case = module.HttpCase()
    assert case.phantom_js("/web/tests", "") == 60
    phantom_timeout.patch(module)
    phantom_timeout.patch(module)  # idempotent
    assert case.phantom_js("/web/tests?module=web_responsive", "", login="admin") == 180
    assert case.phantom_js("/", "", timeout=300) == 300


def test_odoo_http_case_is_patched():
    import odoo.tests.common as common

    assert getattr(common.HttpCase.phantom_js, "_odoo11_compat", False)
