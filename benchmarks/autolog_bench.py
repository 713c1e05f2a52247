"""What logging conversations automatically costs the mail gateway and the
calendar (issue 23).

    bin/odoo shell -d DB --no-http < benchmarks/autolog_bench.py
    AUTOLOG_BENCH_N=10000 bin/odoo shell -d DB --no-http < benchmarks/autolog_bench.py

On a database where smart_pipeline is installed (``make pytest-db`` gives
one), in one transaction rolled back at the end (the database is left as it
was): N incoming e-mails through Odoo's mail gateway (``message_process``,
RFC 822 text, each a reply to the customer's chatter) and N ended events,
each with logging on and off. The two modes run interleaved in batches
(which runs first alternates), so that the machine's other work hits both
alike, after a warm-up of a few e-mails and events per mode that is not
measured (the first e-mails of a process load code and caches). Each e-mail
starts with an empty record cache, as each is its own transaction in Odoo's
fetchmail.

Events: what the calendar does for an event (its ``create``, through the
ORM, with an employee and a customer's contact as attendees) does not
depend on the logging settings, and is by far its slowest part; each batch
of events is therefore created once, measured once, and counted in both
modes. Then the hourly scheduled action (``_cron_log_ended_events``, the
code users run) processes the batch with logging on and with logging off:
the first mode inside a savepoint rolled back, the second kept, so that
both see the same events with the same database state. The scheduled
action alone is also printed per mode.

Prints, per mode, after each batch (cumulated) and at the end, the
wall-clock seconds, the CPU seconds of the Odoo process (less sensitive to
the machine's other work than the wall clock; PostgreSQL's own time is not
in it) and the SQL queries, then the ratios on/off of each: the overhead of
logging.
"""

import os
import time

from psycopg2 import sql

from odoo.addons.smart_pipeline.tests.common import create_user

N = int(os.environ.get("AUTOLOG_BENCH_N", "10000"))
# ended events per mode (N by default)
N_EVENTS = int(os.environ.get("AUTOLOG_BENCH_EVENTS", str(N)))
BATCH = int(os.environ.get("AUTOLOG_BENCH_BATCH", "500"))
# e-mails and events per mode run before the measurement, not measured
WARMUP = int(os.environ.get("AUTOLOG_BENCH_WARMUP", "20"))
CUSTOMERS = 200
# the scheduled action's clock: every event of the benchmark has ended
CRON_NOW = "2024-03-01 00:00:00"
# AUTOLOG_BENCH_COMMIT=<the database's name>: commit each e-mail (as
# fetchmail does) and each batch of events, instead of one transaction
# rolled back at the end; the database is left changed: use a copy
COMMIT = os.environ.get("AUTOLOG_BENCH_COMMIT", "")
# AUTOLOG_BENCH_ANALYZE=1: ANALYZE the tables the run grows after each batch
# (not measured), as autovacuum does for a database that commits; in one
# transaction PostgreSQL otherwise keeps the foreign-key checks it planned
# on the nearly empty tables of a new database: a scan of the whole table
# per check (see docs/benchmarks.md)
ANALYZE = os.environ.get("AUTOLOG_BENCH_ANALYZE", "") not in ("", "0")
GROWN_TABLES = (
    "mail_message",
    "mail_message_res_partner_rel",
    "mail_followers",
    "mail_tracking_value",
    "calendar_event",
    "calendar_attendee",
    "calendar_event_res_partner_rel",
    "crm_conversation",
)

MAIL = """\
From: {name} <{email}>
To: office@company.example.com
Subject: Question {i}
Message-Id: <bench-{run}-{mode}-{i}@customer.example.com>
Date: Mon, 04 Mar 2024 10:00:00 +0000
Content-Type: text/plain; charset="utf-8"

Could you tell us more about item {i}? We need it before the end of the month.
"""

env = env(context=dict(env.context, no_reset_password=True, no_mail_to_attendees=True))  # noqa: F821
cr = env.cr
if COMMIT and COMMIT != cr.dbname:
    raise SystemExit(
        "AUTOLOG_BENCH_COMMIT must name the database (%s): it is left changed" % cr.dbname
    )
RUN = str(int(time.time())) if COMMIT else "run"  # Message-Ids new to a database kept


def commit():
    """End the transaction when asked to (``COMMIT``), as fetchmail after
    each e-mail and the scheduled action after each run."""
    if COMMIT:
        cr.commit()


company = env.user.company_id
salesman = create_user(env, "autolog_bench_salesman", "sales_team.group_sale_salesman")
Partner = env["res.partner"].with_context(tracking_disable=True)
customers = []
for index in range(CUSTOMERS):
    customer = Partner.create(
        {
            "name": "Bench Customer %d" % index,
            "is_company": True,
            "customer": True,
            "user_id": salesman.id,
        }
    )
    contact = Partner.create(
        {
            "name": "Bench Contact %d" % index,
            "parent_id": customer.id,
            "email": "contact%d@customer.example.com" % index,
        }
    )
    customers.append((customer, contact))
env["mail.thread"].invalidate_cache()

MODES = ("mail on", "mail off", "events on", "events off", "cron on", "cron off")
timings = dict.fromkeys(MODES, 0.0)
cpu = dict.fromkeys(MODES, 0.0)
queries = dict.fromkeys(MODES, 0)
Conversation = env["crm.conversation"].sudo()
Event = env["calendar.event"]
logged = {"email": 0, "meeting": 0}
worst = {}


def set_logging(on):
    company.write(
        {
            "conversation_log_emails": on,
            "conversation_log_meetings": on,
        }
    )


def measure(run, *args):
    """(wall-clock seconds, CPU seconds, SQL queries) of ``run(*args)``."""
    queries_before = cr.sql_log_count
    cpu_before = time.process_time()
    begin = time.perf_counter()
    run(*args)
    return (
        time.perf_counter() - begin,
        time.process_time() - cpu_before,
        cr.sql_log_count - queries_before,
    )


def add(key, figures):
    wall, seconds, count = figures
    timings[key] += wall
    cpu[key] += seconds
    queries[key] += count


def run_mail(mode, start, stop):
    thread = env["mail.thread"]
    for i in range(start, stop):
        customer, contact = customers[i % CUSTOMERS]
        text = MAIL.format(name=contact.name, email=contact.email, i=i, mode=mode, run=RUN)
        thread.message_process("res.partner", text, thread_id=customer.id)
        commit()
        # Odoo's fetchmail commits each e-mail: the next one starts with an
        # empty record cache (Odoo's ormcache stays)
        env.cache.invalidate()


def create_events(tag, start, stop):
    """The calendar's own work: one event per ``create``, as a user makes
    them, an employee and a customer's contact attending."""
    for i in range(start, stop):
        customer, contact = customers[i % CUSTOMERS]
        day = 1 + i % 28
        Event.create(
            {
                "name": "Bench meeting %s %d" % (tag, i),
                "start": "2024-02-%02d 10:00:00" % day,
                "stop": "2024-02-%02d 11:00:00" % day,
                "user_id": salesman.id,
                "partner_ids": [(6, 0, [salesman.partner_id.id, contact.id])],
            }
        )


def run_cron():
    """The hourly scheduled action, run until it finds no ended event left
    (each run is bounded), each run with an empty record cache."""
    while True:
        env.cache.invalidate()
        if not Event._cron_log_ended_events(now=CRON_NOW):
            break


def meetings_logged():
    return Conversation.search_count([("source", "=", "meeting")])


def run_events(order, tag, start, stop, measured=True):
    """Create the events ``start``..``stop`` once, then let the scheduled
    action process them in each mode of ``order`` (see the module's
    docstring); the first mode's work is rolled back."""
    env.cache.invalidate()
    created = measure(create_events, tag, start, stop)
    first = True
    for on in order:
        label = "on" if on else "off"
        if first:
            cr.execute("SAVEPOINT autolog_bench_events")
        set_logging(on)
        lines_before = meetings_logged()
        figures = measure(run_cron)
        if on and measured:
            logged["meeting"] += meetings_logged() - lines_before
        if first:
            # released at once: the second mode, and every later batch, run
            # in the transaction itself, not in subtransactions nested one
            # level deeper at each batch
            cr.execute("ROLLBACK TO SAVEPOINT autolog_bench_events")
            cr.execute("RELEASE SAVEPOINT autolog_bench_events")
            # the record cache holds what was rolled back
            env.clear()
        first = False
        if measured:
            add("cron " + label, figures)
            add("events " + label, created)
            add("events " + label, figures)
    commit()


def analyze():
    """What autovacuum would do between transactions (``ANALYZE``)."""
    if ANALYZE:
        cr.execute(
            sql.SQL("ANALYZE {}").format(
                sql.SQL(", ").join(sql.Identifier(table) for table in GROWN_TABLES)
            )
        )


def ratio(on, off):
    return 100.0 * (on - off) / off if off else 0.0


def overheads():
    """{(kind, 'wall'|'cpu'): overhead % of logging so far}."""
    result = {}
    for kind in ("mail", "events", "cron"):
        on, off = kind + " on", kind + " off"
        result[kind, "wall"] = ratio(timings[on], timings[off])
        result[kind, "cpu"] = ratio(cpu[on], cpu[off])
    return result


try:
    # warm-up, not measured: code, Odoo's caches, the first queries' plans
    for on in (True, False):
        set_logging(on)
        run_mail("warmup-%s" % on, 0, min(WARMUP, N))
        run_events((on, not on), "warmup-%s" % on, 0, min(WARMUP, N_EVENTS), measured=False)
    env.cache.invalidate()
    analyze()
    for start in range(0, max(N, N_EVENTS), BATCH):
        order = (True, False) if (start // BATCH) % 2 == 0 else (False, True)
        if start < N:
            mails_before = Conversation.search_count([("source", "=", "email")])
            for on in order:
                set_logging(on)
                label = "on" if on else "off"
                add("mail " + label, measure(run_mail, label, start, min(N, start + BATCH)))
                # the record cache of one batch is none of the next one's business
                env.cache.invalidate()
            logged["email"] += Conversation.search_count([("source", "=", "email")]) - mails_before
        if start < N_EVENTS:
            run_events(order, "batch", start, min(N_EVENTS, start + BATCH))
        analyze()
        now = overheads()
        for key, value in now.items():
            if start < (N if key[0] == "mail" else N_EVENTS):
                worst[key] = max(worst.get(key, value), value)
        print(
            "after %d: %s; overhead %s"
            % (
                start + BATCH,
                ", ".join(
                    "%s %.1f s (cpu %.1f s, %d queries)"
                    % (key, timings[key], cpu[key], queries[key])
                    for key in MODES
                ),
                ", ".join("%s %s %+.1f %%" % (kind, what, now[kind, what]) for kind, what in now),
            ),
            flush=True,
        )
finally:
    if COMMIT:
        # logging back on (the default), the rest kept
        set_logging(True)
        cr.commit()
    else:
        cr.rollback()


print(
    "autolog benchmark: %d e-mails and %d events per mode (batches of %d, warm-up %d%s)"
    % (N, N_EVENTS, BATCH, WARMUP, ", ANALYZE after each batch" if ANALYZE else "")
)
for kind in ("mail", "events", "cron"):
    on, off = kind + " on", kind + " off"
    count = float(N if kind == "mail" else N_EVENTS) or 1.0
    print(
        "%-7s wall  on %8.1f s  off %8.1f s  overhead %+6.1f %%  (worst after a batch %+.1f %%)"
        % (
            kind,
            timings[on],
            timings[off],
            ratio(timings[on], timings[off]),
            worst.get((kind, "wall"), 0.0),
        )
    )
    print(
        "%-7s cpu   on %8.1f s  off %8.1f s  overhead %+6.1f %%  (worst after a batch %+.1f %%)"
        % (kind, cpu[on], cpu[off], ratio(cpu[on], cpu[off]), worst.get((kind, "cpu"), 0.0))
    )
    print(
        "%-7s SQL   on %8.1f /1 off %8.1f /1 overhead %+6.1f %%  (queries per %s)"
        % (
            kind,
            queries[on] / count,
            queries[off] / count,
            ratio(queries[on], queries[off]),
            "e-mail" if kind == "mail" else "event",
        )
    )
print(
    "events = the calendar's create (measured once per event, counted in both modes)"
    " + the scheduled action; cron = the scheduled action alone"
)
print("lines logged (on): %s" % logged)
