"""``odoo/tools/yaml_import.py``: ``yaml.load()`` without a Loader.

``YamlInterpreter.process`` calls ``yaml.load(yaml_string)``. PyYAML 6 made the
``Loader`` argument mandatory, so no YAML data file loads, and base's demo data
is YAML: no database with demo data can be created. The module's ``yaml`` name
is replaced by a proxy whose ``load`` defaults to ``yaml.Loader``, the loader
PyYAML < 5.1 used implicitly, on which Odoo registers its ``!record``,
``!python``... constructors (``odoo/tools/yaml_tag.py``). The files loaded are
module data files, as trusted as the module's Python code.
"""

import types

import yaml


class _YamlDefaultLoader(types.ModuleType):
    def __getattr__(self, name):
        return getattr(yaml, name)

    @staticmethod
    def load(stream, Loader=None):  # noqa: N803 (PyYAML's own argument name)
        return yaml.load(stream, Loader=Loader or yaml.Loader)


def patch(module):
    if not isinstance(module.yaml, _YamlDefaultLoader):
        module.yaml = _YamlDefaultLoader("yaml")
