# smart_pipeline: the two commands a new user needs are `make demo` and `make test`.
SHELL := /bin/bash
DEMO_DB ?= smart_pipeline_demo
PORT ?= 8069
# prefork HTTP workers of `make demo`; WORKERS=0 serves with the threaded server (debugging)
WORKERS ?= 2
PYTEST_DB ?= smart_pipeline_pytest

.PHONY: screenshots setup demo test test-date test-dates test-platform test-oca lint e2e bench load stop clean pytest-db i18n wheel

setup:            ## venv, Debian packages, playwright-core, private PostgreSQL
	bash dev/setup.sh

demo: setup       ## create/update smart_pipeline_demo (with demo data) and serve it on :$(PORT), prefork behind nginx
	bash dev/demo.sh $(DEMO_DB) $(PORT) $(WORKERS)

test: setup       ## the full test suite; ends with "N passed, N failed"
	.venv/bin/python dev/run_tests.py

test-date: setup  ## the suite with the Odoo and browser clocks on DATE (YYYY-MM-DD, first-of-month, dec-31, feb-29)
	.venv/bin/python dev/run_tests.py --fake-date $(or $(DATE),first-of-month)

test-dates: setup ## the suite on the next 1st of a month, 31 December and 29 February
	set -e; for day in first-of-month dec-31 feb-29; do \
	    .venv/bin/python dev/run_tests.py --fake-date $$day; done

test-platform: setup  ## Odoo's own tests of base, mail, calendar, crm, web, resource, base_import
	.venv/bin/python dev/run_tests.py --platform

test-oca: setup   ## our suite and OCA's CRM/mail neighbours' (requirements/oca.txt, in var/oca) in one database
	.venv/bin/python dev/run_tests.py --oca

lint: setup       ## ruff + pylint-odoo (11.0) on the addon and the compatibility layer
	bash dev/lint.sh

pytest-db: setup  ## a database for `pytest --odoo-database=$(PYTEST_DB) smart_pipeline/tests/<file>.py`
	bash dev/pytest_db.sh $(PYTEST_DB)

i18n: setup       ## regenerate smart_pipeline/i18n/smart_pipeline.pot (Odoo's exporter) and merge the .po files
	.venv/bin/python dev/i18n.py

wheel: setup      ## build odoo11-addon-smart_pipeline (whool) into var/dist and install it in a fresh venv + db
	bash dev/wheel_check.sh

e2e: setup        ## browser checks (headless Chromium) against the demo database
	bash dev/e2e.sh $(DEMO_DB)

screenshots: setup  ## browser checks against the demo database, refreshing the README's docs/screenshots/
	SHOTS_DIR=$(CURDIR)/docs/screenshots bash dev/e2e.sh $(DEMO_DB)

load: setup       ## load benchmark over XML-RPC against prefork Odoo (SERVERS=2: two servers on one db)
	bash benchmarks/load.sh $(LOAD_ARGS)

bench: setup      ## Sales Pipeline Overview benchmark (100k customers, 1M conversations)
	bash benchmarks/run.sh

stop:             ## stop the demo (make demo) if it runs, then the private PostgreSQL cluster
	bash dev/demo.sh stop
	bash dev/pg.sh stop

clean: stop       ## remove the cluster, logs and filestore (keeps .venv)
	rm -rf var
