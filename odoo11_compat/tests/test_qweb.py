from lxml import etree

from odoo.addons.base.ir.ir_qweb.qweb import QWeb

from .conftest import STDLIB_ONLY

TEMPLATE = """
<templates>
  <t t-name="probe">
    <p t-esc="name"/><t t-if="missing is None">none</t>
    <t t-foreach="[1, 2]" t-as="i"><b t-esc="i"/></t>
    <span t-att-class="True and 'on'"/>
  </t>
</templates>
"""


def render():
    return QWeb().render(
        "probe", {"name": "Ada", "missing": None}, load=lambda n, o: etree.fromstring(TEMPLATE)
    )


def test_unpatched_qweb_cannot_compile(without_layer):
    returncode, stderr = without_layer(
        "import odoo\n"
        "from lxml import etree\n"
        "from odoo.addons.base.ir.ir_qweb.qweb import QWeb\n"
        "QWeb().render('probe', {'name': 'x', 'missing': None},"
        " load=lambda n, o: etree.fromstring(%r))" % TEMPLATE,
        prelude=STDLIB_ONLY,
    )
    assert returncode != 0 and "Error when compiling AST" in stderr


def test_template_renders():
    html = render().decode()
    assert "<p>Ada</p>" in html
    assert "none" in html
    assert "<b>1</b><b>2</b>" in html
    assert 'class="on"' in html


def test_tree_repairs():
    import ast

    from odoo11_compat.qweb import Py311Ast, compile_py311, fix_line_ranges

    tree = ast.Module(
        body=[
            ast.FunctionDef(
                name="f",
                args=ast.arguments(
                    args=[], vararg=None, kwarg=None, defaults=[], kwonlyargs=[], kw_defaults=[]
                ),
                body=[ast.Return(value=ast.Name(id="None", ctx=ast.Load()))],
                decorator_list=[],
                lineno=5,
            )
        ],
        type_ignores=[],
    )
    ns = {}
    exec(compile_py311(tree, "<t>", "exec"), ns)  # noqa: S102
    assert ns["f"]() is None
    assert isinstance(Py311Ast().visit(ast.Name(id="True", ctx=ast.Load())), ast.Constant)
    node = fix_line_ranges(
        ast.fix_missing_locations(ast.Module(body=[ast.Pass(lineno=4)], type_ignores=[]))
    )
    assert node.body[0].end_lineno == 4
