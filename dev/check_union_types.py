#!/usr/bin/env python3
"""Fail on union types written ``X | Y`` (Python 3.10) in the addons.

vermin (``make lint``) checks the addons against Python 3.5, the oldest
Python of a stock Odoo 11, but its detection of ``X | Y`` is off by default
and, turned on, takes every ``recordset | recordset`` of Odoo code for one.
``isinstance(ids, list | tuple)`` once passed lint that way: on Python
3.5-3.9 it raises TypeError. This check flags a ``|`` only where it builds a
type: in the second argument of ``isinstance``/``issubclass``, in an
annotation, or between two operands one of which is a builtin type or None.

Usage: ``dev/check_union_types.py PATH...``; exits 1 and lists each place.
"""

import ast
import builtins
import os
import sys

TYPE_NAMES = frozenset(
    name for name, value in vars(builtins).items() if isinstance(value, type)
) | {"None"}


def _is_bitor(node):
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)


def _names_a_type(node):
    if isinstance(node, ast.Constant) and node.value is None:
        return True
    return isinstance(node, ast.Name) and node.id in TYPE_NAMES


def _unions(node):
    """The ``|`` nodes inside ``node`` (itself included)."""
    return [sub for sub in ast.walk(node) if _is_bitor(sub)]


def find_unions(source, filename="<source>"):
    """(line, text) of each union type in ``source``."""
    tree = ast.parse(source, filename)
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("isinstance", "issubclass")
            and len(node.args) == 2
        ):
            found.update(_unions(node.args[1]))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            annotations = [node.returns] + [
                arg.annotation
                for arg in node.args.args + node.args.kwonlyargs + node.args.posonlyargs
            ]
            for annotation in filter(None, annotations):
                found.update(_unions(annotation))
        elif isinstance(node, ast.AnnAssign):
            found.update(_unions(node.annotation))
        elif _is_bitor(node) and (_names_a_type(node.left) or _names_a_type(node.right)):
            found.add(node)
    return sorted((node.lineno, ast.unparse(node)) for node in found)


def python_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, _dirs, files in os.walk(path):
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def main(paths):
    failed = False
    for path in python_files(paths):
        with open(path, encoding="utf-8") as fp:
            source = fp.read()
        for line, text in find_unions(source, path):
            failed = True
            print("%s:%d: union type %s needs Python 3.10 (use a tuple)" % (path, line, text))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
