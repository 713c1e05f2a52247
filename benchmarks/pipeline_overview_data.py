# Copyright 2026 Smart Pipeline developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark data for the Sales Pipeline Overview, generated in SQL.

Run inside an Odoo shell (``benchmarks/run.sh`` does it):

    BENCH_CUSTOMERS=100000 BENCH_LINES=10 BENCH_DEALS=20000 \
        bin/odoo shell -d DB < benchmarks/pipeline_overview_data.py

10 employees in 2 sales teams and a sales manager are created with the ORM
(groups, partners, teams must be right); customers, conversation lines and
opportunities are INSERT ... SELECT over generate_series, so one million
lines take well under a minute. From 5 000 000 lines on (BENCH_BULK), the
table's plain indexes are dropped before the INSERT and built once after it,
and its foreign keys are not checked row by row (superuser only).
Values come from random() after setseed(): the same parameters give the
same data.

Each customer has an account manager (90 % of its lines), an account opening
date (90 % of customers), and BENCH_LINES lines spread over two years. A line
is a sales conversation 75 % of the time; its stage follows the customer's
progress through the open stages up to the customer's furthest stage; the
last line of 20 % of customers is at the won stage, of 15 % at the lost stage
with a lost reason.
"""

import os
import time

from psycopg2 import sql

from odoo.addons.smart_pipeline.models.crm_stage import PIPELINE_STAGES, STAGES

env = globals()["env"]  # the environment of "odoo shell"
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "100000"))
LINES = int(os.environ.get("BENCH_LINES", "10"))
DEALS = int(os.environ.get("BENCH_DEALS", "20000"))
EMPLOYEES = 10
BULK = os.environ.get("BENCH_BULK", "1" if CUSTOMERS * LINES >= 5000000 else "0") == "1"
MARKER = "smart_pipeline.benchmark_data"

cr = env.cr
Param = env["ir.config_parameter"].sudo()
if Param.get_param(MARKER):
    print("benchmark data already present: %s" % Param.get_param(MARKER))
else:
    started = time.time()
    company = env.ref("base.main_company")
    Users = env["res.users"].with_context(
        no_reset_password=True, mail_create_nosubscribe=True, tracking_disable=True
    )
    salesman = env.ref("sales_team.group_sale_salesman_all_leads")
    manager_group = env.ref("sales_team.group_sale_manager")
    teams = [
        env["crm.team"].create({"name": "Benchmark Team %s" % name}) for name in ("North", "South")
    ]
    employees = []
    for number in range(1, EMPLOYEES + 1):
        team = teams[number % 2]
        employees.append(
            Users.create(
                {
                    "name": "Benchmark Employee %02d" % number,
                    "login": "bench_employee_%02d" % number,
                    "password": "bench",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, salesman.ids)],
                    "sale_team_id": team.id,
                    "tz": "Europe/Brussels",
                }
            )
        )
    Users.create(
        {
            "name": "Benchmark Sales Manager",
            "login": "bench_manager",
            "password": "bench",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, manager_group.ids)],
            "tz": "Europe/Brussels",
        }
    )
    stage_ids = {name: env.ref("smart_pipeline.crm_stage_%s" % name).id for name in STAGES}
    open_stages = [stage_ids[spec[0]] for spec in PIPELINE_STAGES if spec[4] == "open"]
    reasons = env["crm.lost.reason"].search([]).ids or [
        env["crm.lost.reason"].create({"name": "Too expensive"}).id
    ]
    topics = env["crm.conversation.topic"].search([]).ids
    channels = env["crm.conversation.channel"].search([]).ids
    params = {
        "customers": CUSTOMERS,
        "lines": LINES,
        "deals": DEALS,
        "company": company.id,
        "uid": env.uid,
        "users": [user.id for user in employees],
        "teams": [user.sale_team_id.id for user in employees],
        "open_stages": open_stages,
        "all_stages": open_stages + [stage_ids["won"], stage_ids["lost"]],
        "won": stage_ids["won"],
        "lost": stage_ids["lost"],
        "reasons": reasons,
        "topics": topics or [None],
        "channels": channels or [None],
    }
    cr.execute("SELECT setseed(0.42)")
    cr.execute(
        """
        INSERT INTO res_partner (
            name, display_name, ref, active, is_company, customer, supplier,
            employee, type, lang, tz, company_id, color, account_opened_date,
            create_uid, write_uid, create_date, write_date)
        SELECT 'Benchmark Customer ' || lpad(g::text, 6, '0'),
               'Benchmark Customer ' || lpad(g::text, 6, '0'),
               'BENCH' || g, TRUE, TRUE, TRUE, FALSE, FALSE, 'contact', 'en_US',
               'Europe/Brussels', %(company)s, 0,
               CASE WHEN random() < 0.9
                    THEN DATE '2023-06-01' + (random() * 700)::int END,
               %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %(customers)s) AS g
        """,
        params,
    )
    # fresh statistics first: foreign key checks of the next statements are
    # planned with them (a stale "tiny table" plan makes them quadratic)
    cr.execute("ANALYZE res_partner")
    cr.execute(
        """
        UPDATE res_partner SET commercial_partner_id = id
         WHERE ref LIKE 'BENCH%%' AND commercial_partner_id IS NULL
        """,
        params,
    )
    # One row per customer with its fate, furthest open stage, account
    # manager and first contact.
    cr.execute(
        """
        CREATE TEMP TABLE bench_customer ON COMMIT DROP AS
        SELECT draw.id AS partner_id,
               CASE WHEN draw.fate < 0.20 THEN 'won'
                    WHEN draw.fate < 0.35 THEN 'lost'
                    ELSE 'open' END AS fate,
               1 + floor(draw.reach * 6)::int AS reach,
               1 + floor(draw.manager * 10)::int AS manager,
               1 + floor(draw.gap * 12)::int AS gap_days,
               TIMESTAMP '2024-01-01 07:00:00'
                   + draw.start * INTERVAL '600 days' AS start_at
          FROM (SELECT id, random() AS fate, random() AS reach,
                       random() AS manager, random() AS gap, random() AS start
                  FROM res_partner
                 WHERE ref LIKE 'BENCH%%') AS draw
        """,
        params,
    )
    # At millions of lines, maintaining the table's ~20 indexes row by row
    # is most of the time: drop them and build each once, sorted, after the
    # INSERT (BENCH_BULK=1; the default from 5 000 000 lines on). Unique
    # indexes and those of constraints stay.
    bulk_indexes = []
    if BULK:
        cr.execute(
            """
            SELECT index.indexname, index.indexdef
              FROM pg_indexes index
              JOIN pg_class class ON class.relname = index.indexname
              JOIN pg_index pg_index ON pg_index.indexrelid = class.oid
             WHERE index.tablename = 'crm_conversation'
               AND NOT pg_index.indisunique
               AND NOT EXISTS (SELECT 1 FROM pg_constraint
                                WHERE pg_constraint.conindid = class.oid)
            """
        )
        bulk_indexes = cr.fetchall()
        for name, _definition in bulk_indexes:
            cr.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        # and no foreign key check per row (some ten per line): the values
        # come from the rows created above. Needs a superuser (the
        # project's cluster); elsewhere the checks simply run.
        cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cr.fetchone()[0]:
            cr.execute("SET LOCAL session_replication_role = replica")
    cr.execute(
        """
        INSERT INTO crm_conversation (
            partner_id, commercial_partner_id, user_id, team_id, company_id,
            date_begin, date_end, duration, stage_id, lost_reason_id,
            topic_id, channel_id, completed, is_follow_up, is_followed_up,
            note, source, create_uid, write_uid, create_date, write_date)
        SELECT line.partner_id, line.partner_id,
               (%(users)s::int[])[line.employee],
               (%(teams)s::int[])[line.employee],
               %(company)s,
               line.date_begin,
               line.date_begin + line.minutes * INTERVAL '1 minute',
               line.minutes,
               line.stage_id,
               CASE WHEN line.stage_id = %(lost)s THEN (%(reasons)s::int[])[
                   1 + floor(random() * array_length(%(reasons)s::int[], 1))::int]
               END,
               (%(topics)s::int[])[
                   1 + floor(random() * array_length(%(topics)s::int[], 1))::int],
               (%(channels)s::int[])[
                   1 + floor(random() * array_length(%(channels)s::int[], 1))::int],
               random() < 0.7, FALSE, FALSE,
               'Benchmark conversation', 'manual',
               %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM (
            SELECT customer.partner_id,
                   CASE WHEN random() < 0.9 THEN customer.manager
                        ELSE 1 + floor(random() * 10)::int END AS employee,
                   date_trunc('second', customer.start_at
                       + step.k * customer.gap_days * INTERVAL '1 day'
                       + random() * INTERVAL '10 hours') AS date_begin,
                   5 + floor(random() * 55)::int AS minutes,
                   CASE WHEN step.k = %(lines)s - 1 AND customer.fate = 'won'
                            THEN %(won)s
                        WHEN step.k = %(lines)s - 1 AND customer.fate = 'lost'
                            THEN %(lost)s
                        WHEN random() < 0.25 THEN NULL
                        ELSE (%(open_stages)s::int[])[
                            1 + (step.k * customer.reach) / %(lines)s]
                   END AS stage_id
              FROM bench_customer AS customer
             CROSS JOIN generate_series(0, %(lines)s - 1) AS step(k)
          ) AS line
        """,
        params,
    )
    if BULK:
        cr.execute("SET LOCAL session_replication_role = DEFAULT")
    if bulk_indexes:
        cr.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in bulk_indexes:
            # the definitions PostgreSQL itself wrote (pg_indexes)
            cr.execute(sql.SQL(definition))
        print("rebuilt %s indexes of crm_conversation" % len(bulk_indexes))
    cr.execute(
        """
        INSERT INTO crm_lead (
            name, type, active, user_id, team_id, company_id, stage_id,
            partner_id, planned_revenue, probability, priority, color,
            date_open, create_uid, write_uid, create_date, write_date)
        SELECT 'Benchmark deal ' || deal.g, 'opportunity', random() < 0.95,
               (%(users)s::int[])[deal.employee], (%(teams)s::int[])[deal.employee],
               %(company)s, deal.stage_id,
               (SELECT min(id) FROM res_partner WHERE ref = 'BENCH' || deal.g),
               round((1000 + random() * 49000)::numeric, 0),
               CASE WHEN deal.stage_id = %(won)s THEN 100
                    WHEN deal.stage_id = %(lost)s THEN 0
                    ELSE round((random() * 90)::numeric, 0) END,
               '1', 0, now() AT TIME ZONE 'UTC',
               %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM (SELECT g, 1 + floor(random() * 10)::int AS employee,
                       (%(all_stages)s::int[])[1 + floor(
                           random() * array_length(%(all_stages)s::int[], 1))::int
                       ] AS stage_id
                  FROM generate_series(1, %(deals)s) AS g) AS deal
        """,
        params,
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE crm_conversation")
    cr.execute("ANALYZE crm_lead")
    cr.execute("SELECT count(*), count(stage_id) FROM crm_conversation")
    lines, sales_lines = cr.fetchone()
    summary = "%s customers, %s conversations (%s sales), %s opportunities" % (
        CUSTOMERS,
        lines,
        sales_lines,
        DEALS,
    )
    Param.set_param(MARKER, summary)
    cr.commit()
    print("generated %s in %.1f s" % (summary, time.time() - started))
