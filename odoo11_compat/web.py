"""``odoo/addons/web/controllers/main.py``: ``concat_xml()`` and ``getchildren()``.

``concat_xml`` merges the web client's QWeb template files with the standard
library's ``xml.etree.ElementTree`` and calls ``Element.getchildren()``, which
Python 3.9 removed. ``/web/webclient/qweb`` then answers 500 and the web client
stays blank ("Template 'ActionManager' not found"). This is the same function
with ``list(xml)`` instead of ``xml.getchildren()``.
"""

import hashlib
import logging
from xml.etree import ElementTree

_logger = logging.getLogger("odoo.addons.web.controllers.main")


def concat_xml(file_list):
    """Concatenate xml files

    :param list(str) file_list: list of files to check
    :returns: (concatenation_result, checksum)
    :rtype: (str, str)
    """
    checksum = hashlib.new("sha1")
    if not file_list:
        return "", checksum.hexdigest()

    root = None
    for fname in file_list:
        with open(fname, "rb") as fp:
            contents = fp.read()
            checksum.update(contents)
            fp.seek(0)
            try:
                xml = ElementTree.parse(fp).getroot()
            except ElementTree.ParseError as e:
                _logger.error("Could not parse file %s: %s", fname, e.msg)
                raise e

        if root is None:
            root = ElementTree.Element(xml.tag)

        for child in list(xml):
            root.append(child)
    return ElementTree.tostring(root, "utf-8"), checksum.hexdigest()


def patch(module):
    module.concat_xml = concat_xml
