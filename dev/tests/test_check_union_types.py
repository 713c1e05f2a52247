"""dev/check_union_types.py finds the union types that Python 3.5-3.9
cannot evaluate, and leaves Odoo's recordset unions alone; the addons
have none (make lint runs it)."""

import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location(
    "check_union_types", os.path.join(ROOT, "dev", "check_union_types.py")
)
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


def test_flags_type_unions():
    source = (
        "def f(ids: list | None) -> int | str:\n"  # 1
        "    if isinstance(ids, list | tuple):\n"  # 2
        "        return 1\n"
        "    x: dict | None = None\n"  # 4
        "    kinds = (int | float)\n"  # 5
        "    return issubclass(type(ids), (Model | Other))\n"  # 6
    )
    lines = [line for line, _text in check.find_unions(source)]
    assert 1 in lines and 2 in lines and 4 in lines and 5 in lines and 6 in lines


def test_leaves_recordset_unions_alone():
    source = (
        "records = partners | partners.child_ids\n"
        "flags = a | b\n"
        "mask = 4 | 8\n"
        "if isinstance(ids, (list, tuple)):\n"
        "    pass\n"
    )
    assert check.find_unions(source) == []


def test_addons_have_none():
    paths = [
        os.path.join(ROOT, "smart_pipeline"),
        os.path.join(ROOT, "smart_pipeline_crm_phonecall"),
    ]
    found = []
    for path in check.python_files(paths):
        with open(path, encoding="utf-8") as fp:
            found += [(path, line) for line, _ in check.find_unions(fp.read(), path)]
    assert found == []
