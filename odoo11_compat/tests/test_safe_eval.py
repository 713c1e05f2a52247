import pytest

from odoo.tools.safe_eval import const_eval, expr_eval, safe_eval

from .conftest import STDLIB_ONLY

DOMAIN = "[('state', 'in', ['draft', 'open']), ('user_id', '=', uid), ('x', 'not in', ids)]"


def test_unpatched_safe_eval_refuses_a_domain(without_layer):
    returncode, stderr = without_layer(
        "import odoo; from odoo.tools.safe_eval import safe_eval\n"
        "safe_eval(%r, {'uid': 1, 'ids': []})" % DOMAIN,
        prelude=STDLIB_ONLY,
    )
    assert returncode != 0 and "forbidden opcode" in stderr


def test_domain():
    assert safe_eval(DOMAIN, {"uid": 7, "ids": [1]}) == [
        ("state", "in", ["draft", "open"]),
        ("user_id", "=", 7),
        ("x", "not in", [1]),
    ]


def test_calls_keywords_and_methods():
    ctx = {"context": {"a": 1}, "dict": dict}
    assert safe_eval("dict(context, b=context.get('a', 0) + 1)", ctx) == {"a": 1, "b": 2}


def test_generator_expression_and_percent_format():
    assert safe_eval("any(x > 2 for x in xs)", {"xs": [1, 3]}) is True
    assert safe_eval("'/mail/view?model=%s&res_id=%s' % (m, i)", {"m": "res.partner", "i": 3}) == (
        "/mail/view?model=res.partner&res_id=3"
    )


def test_statements_with_try_except():
    ctx = {"result": None}
    safe_eval(
        "try:\n    result = 1 / 0\nexcept Exception:\n    result = 'caught'",
        ctx,
        mode="exec",
        nocopy=True,
    )
    assert ctx["result"] == "caught"


def test_const_and_expr_levels_keep_their_limits():
    assert const_eval("[1, 2, (3, 4), {'foo': 'bar'}, {5}]") == [1, 2, (3, 4), {"foo": "bar"}, {5}]
    assert expr_eval("[1, 2] * 2") == [1, 2, 1, 2]
    with pytest.raises(ValueError):
        const_eval("a")
    with pytest.raises(ValueError):
        expr_eval("len([1])")


@pytest.mark.parametrize(
    "expr",
    ["__import__('os').system('true')", "().__class__.__bases__", "open('/etc/passwd')"],
)
def test_dangerous_code_stays_blocked(expr):
    with pytest.raises((NameError, ValueError)):
        safe_eval(expr)


def test_no_import_or_attribute_store():
    with pytest.raises(ValueError, match="forbidden opcode"):
        safe_eval("import os", mode="exec")
    with pytest.raises(ValueError, match="forbidden opcode"):
        safe_eval("x.y = 1", {"x": object()}, mode="exec")
