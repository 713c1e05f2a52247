#!/usr/bin/env bash
# Prepare the database of the pytest-odoo development loop: a fresh database
# (dropped first if it exists) with smart_pipeline installed, without demo data
# (the tests build their own records). Then, for instance:
#
#   .venv/bin/pytest --odoo-database=smart_pipeline_pytest \
#       smart_pipeline/tests/test_pipeline_overview.py -k win_rate
#
# After changing the addon's data or fields, run `bin/odoo -d DB -u smart_pipeline
# --stop-after-init` (or this script again). Odoo's own runner (`make test`) stays
# the reference: it also runs at_install tests before post_install ones.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DB="${1:-smart_pipeline_pytest}"
dev/pg.sh start >/dev/null
dev/pg.sh psql -d postgres -qtAX -c "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null 2>&1
bin/odoo -d "$DB" -i smart_pipeline --without-demo=all --stop-after-init --log-level=warn
echo "pytest-db: $DB ready; run: .venv/bin/pytest --odoo-database=$DB smart_pipeline/tests/<file>.py"
