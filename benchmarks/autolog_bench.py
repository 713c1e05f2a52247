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
both alike. Prints seconds per mode and the overhead of logging.
"""

import os
import time

from odoo.addons.smart_pipeline.tests.common import create_user

N = int(os.environ.get("AUTOLOG_BENCH_N", "10000"))
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

timings = {"mail on": 0.0, "mail off": 0.0, "events on": 0.0, "events off": 0.0}
Conversation = env["crm.conversation"].sudo()
counts = {}


def set_logging(on):
    company.write(
        {
            "conversation_log_emails": on,
            "conversation_log_meetings": on,
        }
    )


def run_mail(mode, start, stop):
    thread = env["mail.thread"]
    begin = time.perf_counter()
    for i in range(start, stop):
        customer, contact = customers[i % CUSTOMERS]
        text = MAIL.format(name=contact.name, email=contact.email, i=i, mode=mode)
        thread.message_process("res.partner", text, thread_id=customer.id)
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
    for start in range(0, N, BATCH):
        stop = min(N, start + BATCH)
        for on in (True, False) if (start // BATCH) % 2 == 0 else (False, True):
            set_logging(on)
            label = "on" if on else "off"
            timings["mail " + label] += run_mail(label, start, stop)
            timings["events " + label] += run_events(label, start, stop)
    counts = {
        source: Conversation.search_count([("source", "=", source)])
        for source in ("email", "meeting")
    }
finally:
    env.cr.rollback()

print("autolog benchmark: %d e-mails and %d events per mode" % (N, N))
for kind in ("mail", "events"):
    on, off = timings[kind + " on"], timings[kind + " off"]
    print(
        "%-7s logging on %8.1f s   off %8.1f s   overhead %+.1f %%"
        % (kind, on, off, 100.0 * (on - off) / off if off else 0.0)
    )
print("lines logged: %s" % counts)
