"""What logging conversations automatically costs the mail gateway and the
calendar (issue 23).

    bin/odoo shell -d DB --no-http < benchmarks/autolog_bench.py
    AUTOLOG_BENCH_N=10000 bin/odoo shell -d DB --no-http < benchmarks/autolog_bench.py

On a database where smart_pipeline is installed (``make pytest-db`` gives
one), in one transaction rolled back at the end (the database is left as it
was): N incoming e-mails through Odoo's mail gateway (``message_process``,
RFC 822 text, each a reply to the customer's chatter) and N ended events
(created with an employee and a customer's contact, then the hourly
scheduled action over all of them), each with logging on and off. The two
modes run interleaved in batches, so that the machine's other work hits
both alike. Each e-mail starts with an empty record cache, as each is its
own transaction in Odoo's fetchmail. Prints, per mode, the wall-clock seconds, the CPU seconds of
the Odoo process (less sensitive to the machine's other work than the wall
clock; PostgreSQL's own time is not in it) and the SQL queries, then the
ratios on/off of each: the overhead of logging.
"""

import os
import time

from odoo.addons.smart_pipeline.tests.common import create_user

N = int(os.environ.get("AUTOLOG_BENCH_N", "10000"))
# ended events per mode (N by default): creating an event is the calendar's
# slowest part, about five times an e-mail through the gateway
N_EVENTS = int(os.environ.get("AUTOLOG_BENCH_EVENTS", str(N)))
BATCH = int(os.environ.get("AUTOLOG_BENCH_BATCH", "500"))
CUSTOMERS = 200

MAIL = """\
From: {name} <{email}>
To: office@company.example.com
Subject: Question {i}
Message-Id: <bench-{mode}-{i}@customer.example.com>
Date: Mon, 04 Mar 2024 10:00:00 +0000
Content-Type: text/plain; charset="utf-8"

Could you tell us more about item {i}? We need it before the end of the month.
"""

env = env(context=dict(env.context, no_reset_password=True, no_mail_to_attendees=True))  # noqa: F821
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

MODES = ("mail on", "mail off", "events on", "events off")
timings = dict.fromkeys(MODES, 0.0)
cpu = dict.fromkeys(MODES, 0.0)
queries = dict.fromkeys(MODES, 0)
Conversation = env["crm.conversation"].sudo()
counts = {}


def set_logging(on):
    company.write(
        {
            "conversation_log_emails": on,
            "conversation_log_meetings": on,
        }
    )


def measured(kind, label, run, start, stop):
    """Run one batch of ``kind`` in mode ``label``, adding its wall-clock
    time, CPU time and SQL queries to the totals."""
    key = "%s %s" % (kind, label)
    queries_before = env.cr.sql_log_count
    cpu_before = time.process_time()
    timings[key] += run(label, start, stop)
    cpu[key] += time.process_time() - cpu_before
    queries[key] += env.cr.sql_log_count - queries_before


def run_mail(mode, start, stop):
    thread = env["mail.thread"]
    begin = time.perf_counter()
    for i in range(start, stop):
        customer, contact = customers[i % CUSTOMERS]
        text = MAIL.format(name=contact.name, email=contact.email, i=i, mode=mode)
        thread.message_process("res.partner", text, thread_id=customer.id)
        # Odoo's fetchmail commits each e-mail: the next one starts with an
        # empty record cache (Odoo's ormcache stays)
        env.cache.invalidate()
    return time.perf_counter() - begin


def run_events(mode, start, stop):
    Event = env["calendar.event"]
    attendees = {}
    begin = time.perf_counter()
    events = Event.browse()
    for i in range(start, stop):
        customer, contact = customers[i % CUSTOMERS]
        key = contact.id
        if key not in attendees:
            attendees[key] = [(6, 0, [salesman.partner_id.id, contact.id])]
        day = 1 + i % 28
        events |= Event.create(
            {
                "name": "Bench meeting %s %d" % (mode, i),
                "start": "2024-02-%02d 10:00:00" % day,
                "stop": "2024-02-%02d 11:00:00" % day,
                "user_id": salesman.id,
                "partner_ids": attendees[key],
            }
        )
    done = 0
    while True:
        looked_at = Event._cron_log_ended_events(now="2024-03-01 00:00:00")
        done += looked_at
        if not looked_at:
            break
    return time.perf_counter() - begin


try:
    for start in range(0, max(N, N_EVENTS), BATCH):
        for on in (True, False) if (start // BATCH) % 2 == 0 else (False, True):
            set_logging(on)
            label = "on" if on else "off"
            if start < N:
                measured("mail", label, run_mail, start, min(N, start + BATCH))
            if start < N_EVENTS:
                measured("events", label, run_events, start, min(N_EVENTS, start + BATCH))
            # the record cache of one batch is none of the next one's business
            env.cache.invalidate()
        print(
            "after %d: %s"
            % (
                start + BATCH,
                ", ".join(
                    "%s %.1f s (cpu %.1f s, %d queries)"
                    % (key, timings[key], cpu[key], queries[key])
                    for key in MODES
                ),
            ),
            flush=True,
        )
    counts = {
        source: Conversation.search_count([("source", "=", source)])
        for source in ("email", "meeting")
    }
finally:
    env.cr.rollback()


def ratio(on, off):
    return 100.0 * (on - off) / off if off else 0.0


print("autolog benchmark: %d e-mails and %d events per mode" % (N, N_EVENTS))
for kind in ("mail", "events"):
    on, off = kind + " on", kind + " off"
    print(
        "%-7s wall  on %8.1f s  off %8.1f s  overhead %+6.1f %%"
        % (kind, timings[on], timings[off], ratio(timings[on], timings[off]))
    )
    print(
        "%-7s cpu   on %8.1f s  off %8.1f s  overhead %+6.1f %%"
        % (kind, cpu[on], cpu[off], ratio(cpu[on], cpu[off]))
    )
    print(
        "%-7s SQL   on %8.1f /1 off %8.1f /1 overhead %+6.1f %%  (queries per %s)"
        % (
            kind,
            queries[on] / float(N if kind == "mail" else N_EVENTS),
            queries[off] / float(N if kind == "mail" else N_EVENTS),
            ratio(queries[on], queries[off]),
            "e-mail" if kind == "mail" else "event",
        )
    )
print("lines logged: %s" % counts)
