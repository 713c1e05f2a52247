"""xlrd 1.2.0 (``.xlsx`` import in ``base_import``) with defusedxml installed.

``xlrd.xlsx.ensure_elementtree_imported`` prefers ``defusedxml.cElementTree``
(defusedxml comes with odfpy, which base_import uses for ``.ods``). That module
has no ``ElementTree`` class, so xlrd concludes elements have no ``iter()`` and
calls ``getiterator()``, which Python 3.9 removed: every ``.xlsx`` import fails.
The fix chooses the standard library's ElementTree (with ``iter`` and
``iterparse``) before xlrd looks.
"""

import xml.etree.ElementTree


def patch(module):
    module.ET = xml.etree.ElementTree
    module.ET_has_iterparse = True
    module.Element_has_iter = True
