#!/usr/bin/env python3
"""The daily follow-up digest is queued once, however many servers run it.

    benchmarks/digest_twice.py --db DB --url URL_A --url URL_B [--wait-cron]

As admin, over XML-RPC: two new employees get a follow-up due today. Then the
digest's scheduled action is started by hand ("Run Manually", which takes no
ir_cron lock) on every server at the same moment; with ``--wait-cron``, it is
instead made due, so that the cron workers of all servers compete for it.
Afterwards each employee must have exactly one digest row and one queued mail
for the day. Exit status 1 otherwise.
"""

import argparse
import sys
import threading
import time
import uuid
import xmlrpc.client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--password", default="admin")
    parser.add_argument("--wait-cron", action="store_true")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:6]
    common = xmlrpc.client.ServerProxy(args.url[0] + "/xmlrpc/2/common")
    uid = common.authenticate(args.db, "admin", args.password, {})

    def proxy(url):
        models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
        return lambda model, method, *a, **kw: models.execute_kw(
            args.db, uid, args.password, model, method, list(a), kw
        )

    call = proxy(args.url[0])
    salesman = call("ir.model.data", "xmlid_to_res_id", "sales_team.group_sale_salesman")
    users = []
    for n in range(2):
        user = call(
            "res.users",
            "create",
            {
                "name": "Digest %s %d" % (run, n),
                "login": "digest_%s_%d" % (run, n),
                "email": "digest_%s_%d@example.com" % (run, n),
                "groups_id": [(6, 0, [salesman])],
            },
        )
        partner = call("res.partner", "create", {"name": "Digest customer %s %d" % (run, n)})
        call(
            "crm.conversation",
            "create",
            {
                "partner_id": partner,
                "user_id": user,
                "note": "call back",
                "follow_up_date": time.strftime("%Y-%m-%d"),
            },
        )
        users.append(user)
    cron = call("ir.model.data", "xmlid_to_res_id", "smart_pipeline.ir_cron_crm_followup_digest")
    if args.wait_cron:
        call(
            "ir.cron",
            "write",
            [cron],
            {"nextcall": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())},
        )
    barrier = threading.Barrier(len(args.url))
    outcomes = []

    def run_manually(url):
        server = proxy(url)
        barrier.wait()
        try:
            server("ir.cron", "method_direct_trigger", [cron])
            outcomes.append((url, "ok"))
        except Exception as exc:  # noqa: BLE001 - reported
            outcomes.append((url, "error: %s" % str(exc)[:200]))

    threads = [
        threading.Thread(target=run_manually, args=(url,))
        for url in (() if args.wait_cron else args.url)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if outcomes:
        print("Run Manually at the same moment on %d servers: %s" % (len(args.url), outcomes))
    if args.wait_cron:
        print("waiting for the cron workers (they poll every 60-70 s)...")
        deadline = time.time() + 150
        while time.time() < deadline:
            time.sleep(5)
            nextcall = call("ir.cron", "read", [cron], ["nextcall"])[0]["nextcall"]
            if nextcall > time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()):
                print("the scheduled action ran (next call %s)" % nextcall)
                break
        else:
            print("the scheduled action did not run within 150 s")
    ok = True
    for user in users:
        digests = call(
            "crm.followup.digest",
            "search_read",
            [("user_id", "=", user)],
            fields=["date", "mail_id"],
        )
        mails = call(
            "mail.mail",
            "search_count",
            [("model", "=", "crm.followup.digest"), ("res_id", "in", [d["id"] for d in digests])],
        )
        print(
            "employee %d: %d digest(s) %s, %d queued mail(s)"
            % (user, len(digests), [d["date"] for d in digests], mails)
        )
        ok = ok and len(digests) == 1 and mails == 1
    print("result: " + ("OK, queued once" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
