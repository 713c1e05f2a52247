#!/usr/bin/env python3
"""What one request of the load benchmark costs the server, measured alone.

    .venv/bin/python benchmarks/request_cost.py DB [N]      (default N: 100)

Runs, in this process and through Odoo's own RPC entry point
(``odoo.http.dispatch_rpc``: registry check, authentication, a new cursor,
the call, the commit), N creates of a conversation by a salesperson, N moves
of an opportunity by an "all documents" user and N/5 overview reads by a
sales manager, as ``benchmarks/load.py`` sends them, one at a time. Prints,
per request: SQL statements, CPU time of the Odoo process, CPU time of this
PostgreSQL cluster's processes (``var/pg``), and wall time.

Unlike latencies, statement counts and CPU times barely depend on what else
the machine runs: they compare two versions of the code on a loaded machine
(PostgreSQL's figure counts every process of the cluster: run it while no
test or server of this clone uses the cluster).
The users, customers and opportunities it needs are created (and kept) in DB
on the first run.
"""

import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pg_cpu():
    """CPU seconds used so far by the private cluster's processes (its
    postmaster and every backend it forked)."""
    with open(os.path.join(ROOT, "var", "pg", "data", "postmaster.pid")) as fp:
        master = int(fp.readline())
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/%s/stat" % pid) as fp:
                fields = fp.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(pid) == master or int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def main():
    sys.path.insert(0, ROOT)
    from odoo11_compat import apply
    from odoo11_compat.launcher import prepare_environment

    apply()
    prepare_environment()
    import odoo
    import odoo.sql_db
    from odoo.http import dispatch_rpc

    db = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    odoo.tools.config.parse_config(["--log-level=warn"])
    odoo.service.server.load_server_wide_modules()

    statements = [0]
    execute = odoo.sql_db.Cursor.execute

    def counting_execute(self, *args, **kwargs):
        statements[0] += 1
        return execute(self, *args, **kwargs)

    odoo.sql_db.Cursor.execute = counting_execute

    with odoo.api.Environment.manage(), odoo.registry(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})

        def user(login, group):
            found = env["res.users"].search([("login", "=", login)])
            return (
                found
                or env["res.users"].create(
                    {
                        "name": login,
                        "login": login,
                        "email": login + "@example.com",
                        "password": "request-cost",
                        "groups_id": [(6, 0, [env.ref(group).id])],
                    }
                )
            ).id

        salesperson = user("request_cost_salesperson", "sales_team.group_sale_salesman")
        mover = user("request_cost_mover", "sales_team.group_sale_salesman_all_leads")
        manager = user("request_cost_manager", "sales_team.group_sale_manager")
        Partner = env["res.partner"]
        customers = [
            Partner.create({"name": "Request cost %d" % n, "user_id": salesperson}).id
            for n in range(3)
        ]
        stages = (
            env["crm.stage"]
            .search([("pipeline_outcome", "=", "open"), ("team_id", "=", False)], order="sequence")
            .ids
        )
        deals = [
            env["crm.lead"]
            .create(
                {
                    "name": "Request cost deal %d" % n,
                    "type": "opportunity",
                    "partner_id": Partner.create({"name": "Request cost account %d" % n}).id,
                    "stage_id": stages[0],
                }
            )
            .id
            for n in range(8)
        ]
        channel = env.ref("smart_pipeline.crm_conversation_channel_telephone").id
        position = {lead.id: lead.stage_id.id for lead in env["crm.lead"].browse(deals)}
    moves = [0]

    def move(_n):
        """The next deal, to the stage after its current one: a real move."""
        deal = deals[moves[0] % len(deals)]
        moves[0] += 1
        stage = stages[(stages.index(position[deal]) + 1) % len(stages)]
        position[deal] = stage
        call(mover, "crm.lead", "write", [[deal], {"stage_id": stage}])

    def call(uid, model, method, args):
        with odoo.api.Environment.manage():
            return dispatch_rpc(
                "object", "execute_kw", [db, uid, "request-cost", model, method, args, {}]
            )

    def measure(name, request, runs):
        for n in range(3):  # warm the worker's caches, as a server's are
            request(n)
        statements[0] = 0
        cpu, wall, pg = time.process_time(), time.time(), pg_cpu()
        for n in range(runs):
            request(n)
        print(
            "%-9s %6.1f statements   Odoo CPU %5.1f ms   PostgreSQL CPU %5.1f ms   wall %6.1f ms"
            % (
                name,
                statements[0] / runs,
                (time.process_time() - cpu) / runs * 1000,
                (pg_cpu() - pg) / runs * 1000,
                (time.time() - wall) / runs * 1000,
            )
        )

    print("per request, %s, load average %.1f:" % (db, os.getloadavg()[0]))
    measure(
        "create",
        lambda n: call(
            salesperson,
            "crm.conversation",
            "create",
            [
                {
                    "partner_id": customers[n % 3],
                    "note": "request cost %d" % n,
                    "channel_id": channel,
                }
            ],
        ),
        count,
    )
    measure("move", move, count)
    measure(
        "overview",
        lambda n: call(manager, "crm.pipeline.overview", "get_overview", []),
        max(count // 5, 3),
    )


if __name__ == "__main__":
    main()
