"""``odoo/tools/safe_eval.py``: opcode whitelists for Python 3.8-3.11 bytecode.

Odoo 11 checks every compiled domain, context, ``attrs`` and server-action
expression against three whitelists of CPython <= 3.7 opcodes. The 3.8-3.11
compilers emit opcodes those lists do not know (3.11 replaced every
``BINARY_*``/``INPLACE_*`` by ``BINARY_OP`` and every call by
``PRECALL``/``CALL``, starts each code object with ``RESUME``...), so every
evaluation fails with "forbidden opcode(s)".

The new opcodes are added to the group whose power they match, as Odoo 16
does, keeping Odoo's split: ``_CONST_OPCODES`` (literals), ``_EXPR_OPCODES``
(operations on literals) and ``_SAFE_OPCODES`` (names, calls, control flow).
Nothing that imports, reads or writes globals/attributes beyond what Odoo 11
already allowed is added: no ``IMPORT_NAME``, ``STORE_ATTR``, ``STORE_GLOBAL``,
and the dunder-name check is left untouched.
"""

from opcode import opmap

CONST = [
    "RESUME",  # 3.11: first instruction of every code object
    "NOP",  # 3.11: placeholder the compiler leaves behind
    "CACHE",  # 3.11: inline cache entries (only shown with show_caches)
    "COPY",  # 3.11: replaces DUP_TOP / DUP_TOP_TWO
    "SWAP",  # 3.11: replaces ROT_TWO / ROT_THREE / ROT_FOUR
    "LIST_EXTEND",  # 3.9: list literals of constants: [1, 2, 3]
    "SET_UPDATE",  # 3.9: set literals of constants: {1, 2, 3}
    "LIST_TO_TUPLE",  # 3.9: tuple displays with unpacking
]

EXPR = [
    "BINARY_OP",  # 3.11: replaces every BINARY_* and INPLACE_* operator
    "IS_OP",  # 3.9: `is` / `is not`
    "CONTAINS_OP",  # 3.9: `in` / `not in` (used by almost every domain)
    "DICT_MERGE",  # 3.9: {**a, **b} and f(**kw)
    "DICT_UPDATE",  # 3.9: dict displays with unpacking
    # 3.11 compiles '%s' % (a, b) with a constant format to these (f-string
    # machinery): str()/format() of values, as BINARY_MODULO did before
    "FORMAT_VALUE",
    "BUILD_STRING",
]

SAFE = [
    "PUSH_NULL",  # 3.11: call protocol
    "PRECALL",  # 3.11: call protocol
    "CALL",  # 3.11: replaces CALL_FUNCTION / CALL_METHOD
    "KW_NAMES",  # 3.11: replaces CALL_FUNCTION_KW
    "JUMP_BACKWARD",  # 3.11: loops
    "JUMP_BACKWARD_NO_INTERRUPT",  # 3.11: generator expressions
    "POP_JUMP_FORWARD_IF_FALSE",  # 3.11: conditions, `and`/`or`
    "POP_JUMP_FORWARD_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_FALSE",
    "POP_JUMP_BACKWARD_IF_TRUE",
    "POP_JUMP_FORWARD_IF_NONE",
    "POP_JUMP_FORWARD_IF_NOT_NONE",
    "POP_JUMP_BACKWARD_IF_NONE",
    "POP_JUMP_BACKWARD_IF_NOT_NONE",
    "RETURN_GENERATOR",  # 3.11: generator expressions (any(x for x in y))
    "MAKE_CELL",  # 3.11: closures of comprehensions and lambdas
    "COPY_FREE_VARS",  # 3.11: closures of comprehensions and lambdas
    "LOAD_CLOSURE",
    "LOAD_DEREF",
    "STORE_DEREF",
    "PUSH_EXC_INFO",  # 3.11: try/except in server actions
    "CHECK_EXC_MATCH",  # 3.11: except SomeError:
    "RERAISE",  # 3.9: end of an unmatched except / finally
    "POP_EXCEPT",
]


def _opcodes(names):
    return {opmap[name] for name in names if name in opmap}


def patch(module):
    const, expr, safe = _opcodes(CONST), _opcodes(EXPR), _opcodes(SAFE)
    # The sets are updated in place: other modules hold references to them.
    module._CONST_OPCODES.update(const)
    module._EXPR_OPCODES.update(const | expr)
    module._SAFE_OPCODES.update(const | expr | safe)
