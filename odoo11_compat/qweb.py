"""``odoo/addons/base/ir/ir_qweb/qweb.py``: QWeb's AST compiler on Python 3.8-3.11.

QWeb compiles each template to a Python AST and hands it to ``compile()``.
Three things in the trees it builds are refused by Python >= 3.8:

1. ``arguments = ast.arguments`` (module level) builds function signatures
   without ``posonlyargs``, a field 3.8 made mandatory: "required field
   'posonlyargs' missing from arguments". Every template fails; the login
   page answers 500.
2. ``QWeb._create_def`` sets ``lineno`` on the generated ``FunctionDef`` but
   not ``end_lineno``; ``ast.fix_missing_locations`` then copies the parent's
   ``end_lineno`` (1), and 3.11 refuses "AST node line range (N, 1)".
3. ``qweb.py`` and ``ir_qweb.py`` build ``ast.Name(id='None'|'True'|'False')``;
   since 3.8 those are constants: "identifier field can't represent 'None'
   constant".

All three reach Python through the one ``compile(astmod, '<template>', 'exec')``
call in ``QWeb.compile``, so the module's ``compile`` name is replaced by one
that repairs the tree first (only for AST input; source strings pass through).
"""

import ast
import builtins

_CONSTANT_NAMES = {"None": None, "True": True, "False": False}


class Py311Ast(ast.NodeTransformer):
    """Rewrite a Python 3.7-style tree into one Python 3.11 accepts."""

    def visit_Name(self, node):  # noqa: N802 (ast.NodeTransformer's naming)
        if node.id in _CONSTANT_NAMES:
            return ast.copy_location(ast.Constant(value=_CONSTANT_NAMES[node.id]), node)
        return node

    def visit_arguments(self, node):  # noqa: N802
        if getattr(node, "posonlyargs", None) is None:
            node.posonlyargs = []
        return self.generic_visit(node)


def fix_line_ranges(tree):
    """Make every node's end position at or after its start position."""
    for node in ast.walk(tree):
        lineno = getattr(node, "lineno", None)
        if lineno is None:
            continue
        end_lineno = getattr(node, "end_lineno", None)
        if end_lineno is None or end_lineno < lineno:
            node.end_lineno = end_lineno = lineno
        col, end_col = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
        if col is not None and end_lineno == lineno and (end_col is None or end_col < col):
            node.end_col_offset = col
    return tree


def compile_py311(source, filename, mode, *args, **kwargs):
    if isinstance(source, ast.AST):
        source = fix_line_ranges(ast.fix_missing_locations(Py311Ast().visit(source)))
    return builtins.compile(source, filename, mode, *args, **kwargs)


def patch(module):
    module.compile = compile_py311
