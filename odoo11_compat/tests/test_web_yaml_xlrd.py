import io

import xlsxwriter

from .conftest import STDLIB_ONLY

XML_A = b"<templates><t t-name='a'/></templates>"
XML_B = b"<templates><t t-name='b'/><t t-name='c'/></templates>"


def test_concat_xml(tmp_path):
    import odoo.addons.web.controllers.main as web_main

    files = []
    for name, content in (("a.xml", XML_A), ("b.xml", XML_B)):
        path = tmp_path / name
        path.write_bytes(content)
        files.append(str(path))
    xml, checksum = web_main.concat_xml(files)
    assert xml.count(b"t-name") == 3 and xml.startswith(b"<templates>")
    assert len(checksum) == 40


def test_unpatched_concat_xml_fails(without_layer, tmp_path):
    path = tmp_path / "a.xml"
    path.write_bytes(XML_A)
    returncode, stderr = without_layer(
        "import odoo, odoo.addons.web.controllers.main as m\nm.concat_xml([%r])" % str(path),
        prelude=STDLIB_ONLY,
    )
    assert returncode != 0 and "getchildren" in stderr


YAML = "- !record {model: res.partner, id: p1}:\n    name: Ada\n"


def test_yaml_import_loads_odoo_tags():
    import importlib

    from odoo.tools import yaml_tag

    yaml_import = importlib.import_module("odoo.tools.yaml_import")
    nodes = yaml_import.yaml.load(YAML)
    (record,) = nodes[0]
    assert isinstance(record, yaml_tag.Record) and record.model == "res.partner"


def test_unpatched_yaml_import_fails(without_layer):
    returncode, stderr = without_layer(
        "import odoo, importlib\n"
        "importlib.import_module('odoo.tools.yaml_import').yaml.load(%r)" % YAML,
        prelude=STDLIB_ONLY,
    )
    assert returncode != 0 and "Loader" in stderr


def xlsx_bytes():
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["name", "amount"])
    sheet.write_row(1, 0, ["Ada", 42])
    book.close()
    return buf.getvalue()


def test_xlsx_import_with_defusedxml():
    # odfpy brings defusedxml: the case that broke
    import defusedxml  # noqa: F401 pylint: disable=unused-import
    import xlrd

    book = xlrd.open_workbook(file_contents=xlsx_bytes())
    sheet = book.sheet_by_index(0)
    assert sheet.row_values(1) == ["Ada", 42.0]


def test_unpatched_xlrd_fails(without_layer, tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes())
    returncode, stderr = without_layer(
        "import xlrd; xlrd.open_workbook(%r)" % str(path), prelude=STDLIB_ONLY
    )
    assert returncode != 0 and "getiterator" in stderr
