"""A real concurrency conflict on an XML-RPC ``execute`` call, then its retry.

    python rpc_retry.py DBNAME [--without-fix] [--retry-delay SECONDS]

Another connection holds a row lock on a partner and commits its own update
as soon as Odoo's ``write`` waits for that lock: PostgreSQL answers Odoo's
REPEATABLE READ transaction "could not serialize access due to concurrent
update", and ``odoo.service.model.check`` retries the call. Prints the
outcome; exits non-zero if the call failed.
"""

import sys
import threading
import time

import odoo11_compat

odoo11_compat.apply()
if "--without-fix" in sys.argv:
    odoo11_compat.importhook._hooks.pop("odoo.service.model")

from odoo11_compat import launcher  # noqa: E402

launcher.prepare_environment()

import psycopg2  # noqa: E402

import odoo  # noqa: E402
import odoo.service.model  # noqa: E402

# the retry and its pause are logged at INFO ("retry 1/5 in 0.0000 sec...")
odoo.tools.config.parse_config(["--log-level=warn", "--log-handler=odoo.service.model:INFO"])
if "--retry-delay" in sys.argv:
    odoo.tools.config["concurrency_retry_delay"] = sys.argv[sys.argv.index("--retry-delay") + 1]
DB = sys.argv[1]


def connect():
    cfg = odoo.tools.config
    return psycopg2.connect(
        dbname=DB, host=cfg["db_host"], port=cfg["db_port"], user=cfg["db_user"]
    )


def waiting_for_lock(monitor):
    with monitor.cursor() as cr:
        cr.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            (DB,),
        )
        return cr.fetchone()[0]


def main():
    with odoo.api.Environment.manage():
        with odoo.registry(DB).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            partner_id = env["res.partner"].create({"name": "Retry probe"}).id

    blocker, monitor = connect(), connect()
    monitor.autocommit = True
    with blocker.cursor() as cr:
        cr.execute("UPDATE res_partner SET comment = 'concurrent' WHERE id = %s", (partner_id,))

    def commit_when_odoo_waits():
        deadline = time.time() + 60
        while not waiting_for_lock(monitor) and time.time() < deadline:
            time.sleep(0.05)
        blocker.commit()

    thread = threading.Thread(target=commit_when_odoo_waits)
    thread.start()
    try:
        with odoo.api.Environment.manage():
            odoo.service.model.execute(
                DB, odoo.SUPERUSER_ID, "res.partner", "write", [partner_id], {"name": "Retried"}
            )
    finally:
        thread.join()
    with monitor.cursor() as cr:
        cr.execute(
            "SELECT name, display_name, comment FROM res_partner WHERE id = %s", (partner_id,)
        )
        print("partner after the retried write:", cr.fetchone())


if __name__ == "__main__":
    main()
