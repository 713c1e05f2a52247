#!/usr/bin/env python3
"""Load benchmark over XML-RPC: concurrent salespeople, pipeline moves and overview reads.

    benchmarks/load.py --db DB [--url URL ...] [--clients 8] [--conversations 500]
                       [--movers 4] [--opportunities 8] [--interval 0.5]
                       [--fault kill-worker|pg-restart ...]

* ``--clients`` salespeople, each its own user with its own customers, log
  ``--conversations`` conversations each;
* ``--movers`` users ("all documents") move ``--opportunities`` shared
  opportunities between the open pipeline stages (each move logs a "Pipeline
  update" conversation on the customer, in the same transaction);
* a sales manager reads ``crm.pipeline.overview.get_overview()`` in a loop.

Every client is paced (an open loop): it starts a request every
``--interval`` seconds (default 0.5) on its own schedule (random phase),
whether or not the server kept up; a request's latency counts from its
scheduled start, so that a server falling behind shows in the figures. The
default offers 16 conversations, 8 moves and 2 overview reads a second with
the default clients (57 600 conversations an hour, far above any sales
team), about a third of what 2 workers sustain on 2 idle cores, so that the
figures hold on a machine that also runs other work: a latency figure is
only meaningful at a stated offered load, below capacity.
``--interval 0`` is the closed loop without pause instead: every client
sends its next request as soon as the previous one is answered, the server
is saturated, and the figures are its capacity (throughput); a request's
latency is then mostly its wait behind the other clients' requests.

Every conversation carries a client-generated reference (``load-ref <run>
<client>/<n>``, in its note). Clients retry requests that failed in flight
(connection refused or reset, 502/503 from the proxy, PostgreSQL unreachable)
until they succeed; before re-sending a create they look its reference up,
since the lost try may have committed. A benchmark-only unique index on the
reference (created in the benchmark's database) refuses a second row even if
a lost try commits late; the client then takes the existing row. (``load()``
with an external id would give the same guarantee, but it clears the ORM
caches of every worker on each call.)

``--fault`` injects faults half-way: ``kill-worker`` sends SIGKILL to one HTTP
worker (``odoo: WorkerHTTP``) of the first server; ``pg-restart`` restarts
PostgreSQL (``dev/pg.sh stop; dev/pg.sh start``). The report gives what each
cost: failed in-flight requests, retries, time until the first success after
the fault.

Before the load, one salesperson logs ``--baseline`` conversations alone
(default 100): the service time of a create on the machine as it is loaded
at that moment, printed beside the concurrent figures with the machine's
load average.

At the end, the integrity check reads the database: every acknowledged
conversation exists exactly once, nothing exists that was not acknowledged,
every moved opportunity's stage is the stage of its latest pipeline line, and
each shared customer's pipeline position is the one of its latest line.
Exit status 1 if any of it fails or any request ended in an error.

This is a benchmark, not a timed test: it prints figures; it asserts nothing
about speed.
"""

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "load-benchmark"
# benchmark-only unique index on the clients' references (created in set-up)
REFERENCE_INDEX = "crm_conversation_load_benchmark_reference"
RETRY_FOR = 120  # seconds a client keeps retrying one request


class Retryable(Exception):
    pass


def transient(exc):
    """A failure of the request in flight (not of the business call)."""
    if isinstance(exc, OSError | http.client.HTTPException):
        return True
    if isinstance(exc, xmlrpc.client.ProtocolError):
        return exc.errcode in (502, 503, 504)
    if isinstance(exc, xmlrpc.client.Fault):
        text = exc.faultString
        return any(
            marker in text
            for marker in (
                "OperationalError",
                "InterfaceError",
                "connection",
                "could not serialize",
                "terminating connection",
                "the database system is",
            )
        )
    return False


class OneShotTransport(xmlrpc.client.Transport):
    """xmlrpc.client resends a request once, silently, when the connection
    was reset: a create could run twice without the client knowing. The
    benchmark decides about retries itself, and counts them."""

    def request(self, host, handler, request_body, verbose=False):
        try:
            return self.single_request(host, handler, request_body, verbose)
        except Exception:
            self.close()
            raise


class Client:
    """One XML-RPC user; records latencies, errors and retries."""

    def __init__(self, bench, login, url):
        self.bench = bench
        self.login = login
        self.url = url
        self.uid = None
        self.proxy = xmlrpc.client.ServerProxy(
            url + "/xmlrpc/2/object", allow_none=True, transport=OneShotTransport()
        )
        self.retries = 0
        self.errors = []

    def connect(self):
        common = xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common")
        self.uid = self.call_with_retry(
            lambda: common.authenticate(self.bench.db, self.login, PASSWORD, {})
        )
        return self

    def call_with_retry(self, fn):
        deadline = time.time() + RETRY_FOR
        delay = 0.1
        while True:
            try:
                return fn()
            except Exception as exc:  # noqa: BLE001 - classified below
                if not transient(exc) or time.time() > deadline:
                    raise
                self.retries += 1
                self.bench.note_failure(exc)
                time.sleep(delay)
                delay = min(delay * 2, 2.0)

    def execute(self, model, method, *args, **kwargs):
        return self.call_with_retry(
            lambda: self.proxy.execute_kw(
                self.bench.db, self.uid, PASSWORD, model, method, list(args), kwargs
            )
        )


class Bench:
    def __init__(self, args):
        self.args = args
        self.db = args.db
        self.urls = args.url
        self.run = uuid.uuid4().hex[:8]
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.creates = []  # latency (s) of acknowledged creates
        self.moves = []
        self.overviews = []
        self.acked = {}  # external id -> record id
        self.errors = []
        self.failures = []  # (time, exception text) of failed in-flight requests
        self.successes = []  # time of each successful request
        self.moved = set()
        self.fault_log = []
        self.baseline = []  # latency (s) of the creates of one client alone
        self.baseline_load = None
        self.loadavg = []

    # -- set-up (as admin) ------------------------------------------------------

    def admin(self):
        client = Client(self, "admin", self.urls[0])
        common = xmlrpc.client.ServerProxy(self.urls[0] + "/xmlrpc/2/common")
        client.uid = common.authenticate(self.db, "admin", self.args.admin_password, {})
        if not client.uid:
            sys.exit("cannot log in as admin on %s" % self.db)
        admin_password = self.args.admin_password
        client.execute = lambda model, method, *a, **kw: client.proxy.execute_kw(
            self.db, client.uid, admin_password, model, method, list(a), kw
        )
        return client

    def setup(self):
        admin = self.admin()
        ref = lambda xmlid: admin.execute(  # noqa: E731
            "ir.model.data", "xmlid_to_res_id", xmlid, True
        )
        salesman = ref("sales_team.group_sale_salesman")
        all_leads = ref("sales_team.group_sale_salesman_all_leads")
        manager = ref("sales_team.group_sale_manager")

        def user(name, group):
            login = "load_%s_%s" % (self.run, name)
            admin.execute(
                "res.users",
                "create",
                {
                    "name": "Load %s %s" % (self.run, name),
                    "login": login,
                    "email": login + "@example.com",
                    "password": PASSWORD,
                    "groups_id": [(6, 0, [group])],
                },
            )
            return login

        self.salespeople = []
        for i in range(self.args.clients):
            login = user("sp%d" % i, salesman)
            uid = admin.execute("res.users", "search", [("login", "=", login)])[0]
            customers = [
                admin.execute(
                    "res.partner",
                    "create",
                    {"name": "Load %s customer %d.%d" % (self.run, i, n), "user_id": uid},
                )
                for n in range(3)
            ]
            self.salespeople.append((login, customers))
        self.movers = [user("mv%d" % i, all_leads) for i in range(self.args.movers)]
        self.manager = user("manager", manager)
        self.stages = admin.execute(
            "crm.stage",
            "search",
            [("pipeline_outcome", "=", "open"), ("team_id", "=", False)],
            order="sequence",
        )
        self.opportunities = []
        self.shared_customers = []
        for n in range(self.args.opportunities):
            partner = admin.execute(
                "res.partner", "create", {"name": "Load %s account %d" % (self.run, n)}
            )
            self.shared_customers.append(partner)
            self.opportunities.append(
                admin.execute(
                    "crm.lead",
                    "create",
                    {
                        "name": "Load %s deal %d" % (self.run, n),
                        "type": "opportunity",
                        "partner_id": partner,
                        "stage_id": self.stages[0],
                    },
                )
            )
        self.channel = ref("smart_pipeline.crm_conversation_channel_telephone") or False
        subprocess.run(
            [
                os.path.join(ROOT, "dev", "pg.sh"),
                "psql",
                "-d",
                self.db,
                "-qc",
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON crm_conversation (note)"
                " WHERE note LIKE 'load-ref %%'" % REFERENCE_INDEX,
            ],
            check=True,
        )

    # -- the clients --------------------------------------------------------------

    def note_failure(self, exc):
        if isinstance(exc, xmlrpc.client.Fault):
            lines = [line for line in exc.faultString.strip().splitlines() if line.strip()]
            errors = [line for line in lines if "Error" in line.split(":")[0]]
            text = "server: " + (errors or lines or ["?"])[-1].strip()
        else:
            text = "%s: %s" % (type(exc).__name__, exc)
        with self.lock:
            self.failures.append((time.time(), text[:120]))

    def note_success(self):
        with self.lock:
            self.successes.append(time.time())

    def url_for(self, i):
        return self.urls[i % len(self.urls)]

    def schedule(self):
        """The start times of a client's requests: back to back by default;
        every ``--interval`` seconds from a random phase when paced. Yields
        the time a request's latency counts from."""
        interval = self.args.interval
        due = time.time() + random.uniform(0, interval)
        while True:
            if interval:
                delay = due - time.time()
                if delay > 0:
                    time.sleep(delay)
                yield due
                due += interval
            else:
                yield time.time()

    def create_once(self, client, reference, values):
        """Create a conversation carrying ``reference`` exactly once.

        A request that failed in flight may have committed: before sending
        it again, look the reference up. The benchmark's unique index on the
        reference refuses a second row even if a lost first try commits late;
        that refusal also resolves to the existing row."""
        domain = [("note", "=", reference)]
        resend = False
        while True:
            if resend:
                found = client.execute("crm.conversation", "search", domain)
                if found:
                    return found[0]
            try:
                return client.proxy.execute_kw(
                    self.db, client.uid, PASSWORD, "crm.conversation", "create", [values]
                )
            except Exception as exc:  # noqa: BLE001 - classified below
                if isinstance(exc, xmlrpc.client.Fault) and REFERENCE_INDEX in exc.faultString:
                    resend = True
                    continue
                if not transient(exc):
                    raise
                client.retries += 1
                self.note_failure(exc)
                resend = True
                time.sleep(0.2)

    def salesperson(self, i):
        login, customers = self.salespeople[i]
        client = Client(self, login, self.url_for(i)).connect()
        schedule = self.schedule()
        for n in range(self.args.conversations):
            reference = "load-ref %s %d/%d" % (self.run, i, n)
            values = {"partner_id": random.choice(customers), "note": reference}
            if self.channel:
                values["channel_id"] = self.channel
            t0 = next(schedule)
            try:
                record = self.create_once(client, reference, values)
            except Exception as exc:  # noqa: BLE001
                with self.lock:
                    self.errors.append("create %s: %s" % (reference, exc))
                continue
            elapsed = time.time() - t0
            self.note_success()
            with self.lock:
                self.creates.append(elapsed)
                self.acked[reference] = record
            if self.args.think:
                time.sleep(random.uniform(0, 2 * self.args.think))
        return client

    def baseline_run(self):
        """The first salesperson alone, before the others start: the
        service time of a create on this machine at this moment, to read the
        concurrent figures against (other jobs may be loading the machine)."""
        login, customers = self.salespeople[0]
        client = Client(self, login, self.url_for(0)).connect()
        self.baseline_load = os.getloadavg()
        for n in range(self.args.baseline):
            reference = "load-ref %s base/%d" % (self.run, n)
            values = {"partner_id": customers[n % len(customers)], "note": reference}
            if self.channel:
                values["channel_id"] = self.channel
            t0 = time.time()
            record = self.create_once(client, reference, values)
            self.baseline.append(time.time() - t0)
            self.acked[reference] = record

    def mover(self, i):
        client = Client(self, self.movers[i], self.url_for(i)).connect()
        schedule = self.schedule()
        while not self.stop.is_set():
            opportunity = random.choice(self.opportunities)
            stage = random.choice(self.stages)
            t0 = next(schedule)
            if self.stop.is_set():
                break
            try:
                client.execute("crm.lead", "write", [opportunity], {"stage_id": stage})
            except Exception as exc:  # noqa: BLE001
                with self.lock:
                    self.errors.append("move %s: %s" % (opportunity, exc))
                continue
            self.note_success()
            with self.lock:
                self.moves.append(time.time() - t0)
                self.moved.add(opportunity)

    def overview_reader(self):
        client = Client(self, self.manager, self.url_for(0)).connect()
        schedule = self.schedule()
        while not self.stop.is_set():
            t0 = next(schedule)
            if self.stop.is_set():
                break
            try:
                client.execute("crm.pipeline.overview", "get_overview")
            except Exception as exc:  # noqa: BLE001
                with self.lock:
                    self.errors.append("overview: %s" % exc)
                continue
            self.note_success()
            with self.lock:
                self.overviews.append(time.time() - t0)

    # -- faults ---------------------------------------------------------------------

    def inject(self, fault):
        t0 = time.time()
        if fault == "kill-worker":
            out = subprocess.run(
                ["pgrep", "-f", "odoo: WorkerHTTP"], capture_output=True, text=True
            ).stdout.split()
            pids = [int(p) for p in out if self.serves_db(int(p))]
            if not pids:
                self.fault_log.append((fault, t0, "no HTTP worker found"))
                return
            pid = self.busiest(pids)
            os.kill(pid, 9)
            self.fault_log.append((fault, t0, "SIGKILL to HTTP worker %d" % pid))
        elif fault == "pg-restart":
            pg = os.path.join(ROOT, "dev", "pg.sh")
            subprocess.run([pg, "stop"], capture_output=True)
            subprocess.run([pg, "start"], capture_output=True)
            self.fault_log.append((fault, t0, "PostgreSQL down for %.2f s" % (time.time() - t0)))

    @staticmethod
    def busiest(pids):
        """The worker that used the most CPU over 0.2 s: one serving a request."""

        def cpu(pid):
            try:
                with open("/proc/%d/stat" % pid) as fp:
                    fields = fp.read().rsplit(")", 1)[1].split()
                return int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                return 0

        before = {pid: cpu(pid) for pid in pids}
        time.sleep(0.2)
        return max(pids, key=lambda pid: cpu(pid) - before[pid])

    def serves_db(self, pid):
        """Only the workers of this project's servers of this database (the
        machine may run other Odoo servers): their master's command line."""
        try:
            with open("/proc/%d/status" % pid) as fp:
                ppid = int(next(line for line in fp if line.startswith("PPid:")).split()[1])
            with open("/proc/%d/cmdline" % ppid, "rb") as fp:
                cmdline = fp.read().decode(errors="replace").split("\0")
        except (OSError, StopIteration, ValueError):
            return False
        return cmdline[0].startswith(ROOT) and self.db in cmdline

    def fault_injector(self):
        total = self.args.clients * self.args.conversations
        for k, fault in enumerate(self.args.fault):
            target = total * (k + 1) // (len(self.args.fault) + 1)
            while len(self.acked) - len(self.baseline) < target and not self.stop.is_set():
                time.sleep(0.05)
            if self.stop.is_set():
                return
            self.inject(fault)

    # -- report -----------------------------------------------------------------------

    def fault_cost(self):
        lines = []
        starts = [t0 for _f, t0, _w in self.fault_log] + [float("inf")]
        for k, (fault, t0, what) in enumerate(self.fault_log):
            window = [f for f in self.failures if t0 <= f[0] < starts[k + 1]]
            after = [s for s in self.successes if s > t0]
            recovered = None
            if window:
                last_failure = max(f[0] for f in window)
                later = [s for s in after if s > last_failure]
                recovered = (min(later) - t0) if later else None
            lines.append(
                "  %-11s %s: %d failed in-flight request(s) retried, last failure %s, "
                "all clients served again %s"
                % (
                    fault,
                    what,
                    len(window),
                    "%.2f s after" % (max(f[0] for f in window) - t0) if window else "-",
                    "after %.2f s" % recovered if recovered is not None else "at once",
                )
            )
            kinds = {}
            for _t, text in window:
                kinds[text] = kinds.get(text, 0) + 1
            for text, count in sorted(kinds.items(), key=lambda kv: -kv[1]):
                lines.append("      %4d x %s" % (count, text))
        return lines

    def integrity(self):
        admin = self.admin()
        problems = []
        lines = admin.execute(
            "crm.conversation",
            "search_read",
            [("note", "=like", "load-ref %s %%" % self.run)],
            fields=["id", "note"],
        )
        by_reference = {}
        for line in lines:
            by_reference.setdefault(line["note"], []).append(line["id"])
        duplicated = [ref for ref, ids in by_reference.items() if len(ids) > 1]
        lost = [ref for ref, rid in self.acked.items() if rid not in by_reference.get(ref, ())]
        unacked = [ref for ref in by_reference if ref not in self.acked]
        if lost:
            problems.append("%d acknowledged conversation(s) missing: %s" % (len(lost), lost[:5]))
        if duplicated:
            problems.append("%d conversation(s) duplicated: %s" % (len(duplicated), duplicated[:5]))
        if unacked:
            problems.append(
                "%d conversation(s) never acknowledged: %s" % (len(unacked), unacked[:5])
            )
        mismatched = []
        for opportunity in sorted(self.moved):
            lead = admin.execute("crm.lead", "read", [opportunity], ["stage_id", "partner_id"])[0]
            latest = admin.execute(
                "crm.conversation",
                "search_read",
                [("lead_id", "=", opportunity), ("stage_id", "!=", False)],
                fields=["stage_id"],
                order="date_begin desc, id desc",
                limit=1,
            )
            if not latest or latest[0]["stage_id"][0] != lead["stage_id"][0]:
                mismatched.append(opportunity)
        if mismatched:
            problems.append(
                "%d moved opportunit(y/ies) not at their latest line's stage: %s"
                % (len(mismatched), mismatched)
            )
        customers = admin.execute(
            "res.partner", "read", self.shared_customers, ["pipeline_stage_id"]
        )
        for customer in customers:
            latest = admin.execute(
                "crm.conversation",
                "search_read",
                [("partner_id", "=", customer["id"]), ("stage_id", "!=", False)],
                fields=["stage_id"],
                order="date_begin desc, id desc",
                limit=1,
            )
            if latest and customer["pipeline_stage_id"] != latest[0]["stage_id"]:
                problems.append("customer %d: pipeline position out of date" % customer["id"])
        return {
            "acknowledged": len(self.acked),
            "in_database": len(lines),
            "lost": len(lost),
            "duplicated": len(duplicated),
            "unacknowledged": len(unacked),
            "moved": len(self.moved),
            "stage_mismatch": len(mismatched),
            "problems": problems,
        }

    def go(self):
        self.setup()
        threads = [
            threading.Thread(target=self.salesperson, args=(i,)) for i in range(self.args.clients)
        ]
        others = [threading.Thread(target=self.mover, args=(i,)) for i in range(self.args.movers)]
        others.append(threading.Thread(target=self.overview_reader))
        if self.args.fault:
            others.append(threading.Thread(target=self.fault_injector))
        if self.args.baseline:
            self.baseline_run()
        self.loadavg = [os.getloadavg()]
        t0 = time.time()
        for thread in threads + others:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - t0
        self.loadavg.append(os.getloadavg())
        self.stop.set()
        for thread in others:
            thread.join()
        self.report(elapsed)
        check = self.integrity()
        print(
            "integrity: %(acknowledged)d acknowledged, %(in_database)d in the database, "
            "%(lost)d lost, %(duplicated)d duplicated, %(unacknowledged)d unacknowledged; "
            "%(moved)d opportunities moved, %(stage_mismatch)d not at their latest line's stage"
            % check
        )
        for problem in check["problems"]:
            print("  INTEGRITY FAILED: " + problem)
        ok = not check["problems"] and not self.errors
        print("result: " + ("OK" if ok else "FAILED"))
        return 0 if ok else 1

    def report(self, elapsed):
        def pct(values, q):
            if not values:
                return float("nan")
            values = sorted(values)
            return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))] * 1000

        def line(name, values):
            return "%-10s %6d   p50 %7.1f ms   p95 %7.1f ms   p99 %7.1f ms   mean %7.1f ms" % (
                name,
                len(values),
                pct(values, 50),
                pct(values, 95),
                pct(values, 99),
                (statistics.mean(values) * 1000) if values else float("nan"),
            )

        a = self.args
        print(
            "load: %d salespeople x %d conversations, %d movers on %d shared opportunities, "
            "1 overview reader, %s; server(s): %s; database %s; run %s"
            % (
                a.clients,
                a.conversations,
                a.movers,
                a.opportunities,
                "each paced at 1 request / %g s" % a.interval if a.interval else "no pause",
                ", ".join(self.urls),
                self.db,
                self.run,
            )
        )
        print(
            "elapsed %.1f s; throughput %.1f conversations/s, %.1f moves/s, %.2f overviews/s"
            % (
                elapsed,
                len(self.creates) / elapsed,
                len(self.moves) / elapsed,
                len(self.overviews) / elapsed,
            )
        )
        print(
            "machine load average (1/5/15 min): %s at the start, %s at the end"
            % tuple("%.1f/%.1f/%.1f" % avg for avg in self.loadavg)
        )
        if self.baseline:
            print(
                line("baseline", self.baseline)
                + "   (1 client alone, before; load %.1f)" % self.baseline_load[0]
            )
        print(line("create", self.creates))
        print(line("move", self.moves))
        print(line("overview", self.overviews))
        retries = len(self.failures)
        print("errors: %d   (in-flight failures retried: %d)" % (len(self.errors), retries))
        for error in self.errors[:10]:
            print("  ERROR " + error[:300])
        if self.fault_log:
            print("faults:")
            for text in self.fault_cost():
                print(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", action="append", help="server(s), round robin per client")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--conversations", type=int, default=500, help="per salesperson")
    parser.add_argument("--movers", type=int, default=4)
    parser.add_argument("--opportunities", type=int, default=8)
    parser.add_argument("--admin-password", default="admin")
    parser.add_argument(
        "--think", type=float, default=0, help="mean pause (s) of a salesperson between creates"
    )
    parser.add_argument(
        "--baseline",
        type=int,
        default=100,
        help="creates of one salesperson alone before the load (0: none)",
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=0.5,
        help="pace every client: one request every INTERVAL s (open loop); "
        "0: no pause (saturation, the server's capacity)",
    )
    parser.add_argument(
        "--fault", action="append", default=[], choices=["kill-worker", "pg-restart"]
    )
    args = parser.parse_args()
    args.url = args.url or ["http://127.0.0.1:8069"]
    sys.exit(Bench(args).go())


if __name__ == "__main__":
    main()
