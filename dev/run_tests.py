#!/usr/bin/env python3
"""Run the whole test suite and end with one pytest-style summary line.

1. ``pytest odoo11_compat/tests dev/tests``: the compatibility layer's own
   tests, and those of the test tooling (the faked clock).
2. Odoo's test runner on the addon: a fresh database with demo data (Odoo 11
   runs at_install tests only there) where ``smart_pipeline`` is installed
   with ``--test-enable``; at_install and post_install tests both run.
3. Platform checks on that database: no module left "to install"/"to upgrade"
   (while one is, ir_cron skips the database).
4. The browser checks of ``e2e/`` (headless Chromium) against that database,
   served on a free port (``E2E_JOBS=N``: N groups side by side, each against
   its own copy of the database; CI uses 2).
5. ``dev/check_install_on_crm_db.sh``: install on a database where crm is
   already in use, then upgrade; nothing duplicated, moved or lost.

The closing line counts each test case once, then the browser checks (one
per e2e script) and the platform checks (steps 3 and 5) on their own:
``N passed, N failed; browser checks: N passed, N failed; platform checks:
N passed, N failed``.

Exit status is non-zero on any failed test and on any ERROR/CRITICAL line in
Odoo's log, even outside a test (a broken view, a failed data file...).

    dev/run_tests.py [--db NAME] [--keep-db] [--module smart_pipeline] [--platform]
                     [--fake-date YYYY-MM-DD|first-of-month|dec-31|feb-29]

``--fake-date`` runs the suite with the clock of the Odoo processes and of a
PostgreSQL cluster moved to that day (libfaketime, same time of day) and the
browser checks' clock moved with it (Playwright's clock), to prove that no
check depends on the day it runs (``make test-dates``). That cluster is the
run's own (``var/pg-date``, with its own data directory, configuration and
database names), so the real-clock suite and the other checks can run at the
same time (``.ci/run`` does).

Each step prints ``step NAME: N s`` and the CPU time of its processes.

``--platform`` runs Odoo's own suites of the modules smart_pipeline stands on
instead (``make test-platform``).

``--oca`` (``make test-oca``) installs OCA's 11.0 neighbours pinned in
``requirements/oca.txt`` (their wheels, ``--no-deps``, and their real Python
dependencies) into ``var/oca``, outside the virtualenv and the addon, puts
``var/oca/odoo/addons`` on the addons path of that run only, and runs their
tests and ours (with the bridge addons of this repository that they complete,
e.g. smart_pipeline_crm_phonecall) in one database, without the browser checks.
"""

import argparse
import ast
import datetime
import fcntl
import hashlib
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET

import fake_clock_shared

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOGDIR = os.path.join(ROOT, "var", "log")
PLATFORM_MODULES = "base,mail,calendar,crm,web,resource,base_import"

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) ")
RAN = re.compile(r"Ran (\d+) tests? in")
# unittest's closing counts: "FAILED (failures=1)", "OK (skipped=2)", or on
# Python 3.11+ " (failures=1)" alone (its runner writes "FAILED" apart, and
# Odoo's test stream logs each write as a line)
RESULT_COUNTS = re.compile(r": (?:OK |FAILED )?\s*\(((?:[a-z ]+=\d+(?:, )?)+)\)\s*$")
# unittest's header of a failed test in Odoo's log: "FAIL: test_x (odoo.addons.m.tests.t.Case)",
# "FAIL: test_x (odoo.addons.m.tests.t.Case.test_x)" on Python 3.11+, "ERROR: setUpClass (...)"
FAILED_TEST = re.compile(r"\b(?:FAIL|ERROR): (\w+) \(([\w.]+?)(?:\.\1)?\)")


LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


def next_fake_day(spec, today=None):
    """The day to fake for ``spec``: an ISO date, or the next day (today
    included) that is the 1st of a month, a 31 December or a 29 February."""
    today = today or datetime.date.today()
    if spec == "first-of-month":
        return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    if spec == "dec-31":
        return datetime.date(today.year, 12, 31)
    if spec == "feb-29":
        year = today.year if today <= datetime.date(today.year, 2, 28) else today.year + 1
        while not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            year += 1
        return datetime.date(year, 2, 29)
    return datetime.date.fromisoformat(spec)


def fake_clock_env(day, shared):
    """Environment moving the Odoo processes' clock (libfaketime) and the
    browser checks' clock (E2E_CLOCK_OFFSET, read by e2e/lib.js) to ``day`` at
    the current time of day. The offset is relative, so processes started later
    agree with the ones started earlier. ``shared`` names the semaphore and
    shared memory the run owns (see dev/fake_clock_shared.py)."""
    offset = int((day - datetime.date.today()).total_seconds())
    return {
        "LD_PRELOAD": LIBFAKETIME,
        "FAKETIME_SHARED": shared,
        # the monotonic clock is shifted too: with FAKETIME_DONT_FAKE_MONOTONIC,
        # libfaketime 0.9.10 makes Python's time.sleep() fail with EINVAL
        "FAKETIME": "%+d" % offset,
        "E2E_CLOCK_OFFSET": str(offset),
        # file timestamps keep the real clock: see dev/fake_clock/sitecustomize.py
        "PYTHONPATH": os.pathsep.join(
            filter(None, [os.path.join(ROOT, "dev", "fake_clock"), os.environ.get("PYTHONPATH")])
        ),
    }


class step:
    """Print how long a step took: ``step NAME: N s`` (wall clock), with the
    CPU time (user+sys) of the processes it ran and waited for, which the
    machine's other work disturbs far less than the wall clock. The
    PostgreSQL cluster's CPU is not in it (its processes are not ours)."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.t0 = time.time()
        self.cpu0 = children_cpu()
        return self

    def __exit__(self, *exc):
        print(
            "step %s: %.0f s (CPU of its processes: %.0f s)"
            % (self.name, time.time() - self.t0, children_cpu() - self.cpu0),
            flush=True,
        )


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def psql(sql, db="postgres"):
    out = subprocess.run(
        [os.path.join(ROOT, "dev", "pg.sh"), "psql", "-d", db, "-qtAX", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def drop_db(name):
    psql('DROP DATABASE IF EXISTS "%s"' % name.replace('"', ""))


def run_pytest(suffix=""):
    xml = os.path.join(LOGDIR, "pytest-compat%s.xml" % suffix)
    cmd = [
        os.path.join(ROOT, ".venv", "bin", "pytest"),
        "-q",
        "-p",
        "no:cacheprovider",
        "--junitxml=" + xml,
        os.path.join(ROOT, "odoo11_compat", "tests"),
        os.path.join(ROOT, "dev", "tests"),
    ]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, env=dict(os.environ, PYTHONPATH=ROOT))
    counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
    if not os.path.exists(xml):
        counts["errors"] += 1
        return counts
    for suite in ET.parse(xml).getroot().iter("testsuite"):
        tests, failures = int(suite.get("tests")), int(suite.get("failures"))
        errors, skipped = int(suite.get("errors")), int(suite.get("skipped"))
        counts["failed"] += failures
        counts["errors"] += errors
        counts["skipped"] += skipped
        counts["passed"] += tests - failures - errors - skipped
    return counts


def parse_odoo_log(path):
    counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
    ran = failed = skipped = log_errors = 0
    error_lines, failed_names, reasons = [], [], {}
    current = None  # the failed test whose traceback the next lines are
    with open(path, errors="replace") as fp:
        for line in fp:
            m = LOG_LINE.match(line)
            if m and m.group("level") in ("ERROR", "CRITICAL"):
                log_errors += 1
                if len(error_lines) < 30:
                    error_lines.append(line.rstrip())
            if m2 := RAN.search(line):
                ran += int(m2.group(1))
            if m3 := RESULT_COUNTS.search(line):
                found = {k.strip(): int(n) for k, n in re.findall(r"([a-z ]+)=(\d+)", m3.group(1))}
                failed += found.get("failures", 0) + found.get("errors", 0)
                skipped += found.get("skipped", 0)
            message = line[m.end() :].split(": ", 1)[-1] if m else ""
            if m5 := FAILED_TEST.search(line):
                current = "%s.%s" % (m5.group(2), m5.group(1))
                if current not in failed_names:
                    failed_names.append(current)
            elif current and message.startswith("` "):
                # Odoo's test stream logs a traceback's lines as "` ...": the
                # last one says what was raised
                if message[2:].strip() and not message[2:].startswith(" "):
                    reasons[current] = message[2:].strip()
            else:
                current = None
    # Python 3.11's runner writes "FAILED" and " (failures=N)" apart, so
    # that Odoo logs them as two lines: the headers count what failed too
    failed = max(failed, len(failed_names))
    counts["failed"] = failed
    counts["failed_names"] = failed_names
    counts["failed_reasons"] = reasons
    counts["skipped"] = skipped
    counts["passed"] = ran - failed - skipped
    # ERROR lines not explained by a failed test: install errors, broken views...
    counts["errors"] = 0 if failed else int(log_errors > 0)
    return counts, log_errors, error_lines, ran


def addon_depends(module, paths=(ROOT,)):
    for path in paths:
        manifest = os.path.join(path, module, "__manifest__.py")
        if os.path.exists(manifest):
            with open(manifest) as fp:
                return ast.literal_eval(fp.read())["depends"]
    raise FileNotFoundError("addon %s not found in %s" % (module, ", ".join(paths)))


OCA_DIR = os.path.join(ROOT, "var", "oca")
OCA_ADDONS = os.path.join(OCA_DIR, "odoo", "addons")
OCA_REQUIREMENTS = os.path.join(ROOT, "requirements", "oca.txt")
# this repository's bridge addons, each tested where its OCA neighbour is installed
OCA_BRIDGES = ("smart_pipeline_crm_phonecall",)
# the browser checks of make test-oca: the menus whichever menu web_responsive
# shows, and the opportunity list on a phone (web_responsive 11.0 alone fails
# to open a list there; the addon repairs it: view_manager_mobile.js)
OCA_E2E = ["screens_labels.js", "phone_opportunity_list.js"]


def oca_modules():
    """The OCA addons pinned in requirements/oca.txt (odoo11-addon-<name>==...)."""
    with open(OCA_REQUIREMENTS) as fp:
        return [
            line.split("==")[0].strip()[len("odoo11-addon-") :].replace("-", "_")
            for line in fp
            if line.startswith("odoo11-addon-")
        ]


def install_oca():
    """pip install --no-deps --target var/oca (one call: separate --target
    runs overwrite each other's odoo/ folder), again when oca.txt changes;
    then the run's bin/odoo sees var/oca/odoo/addons (launcher.py) and
    imports their Python dependencies (mock) from var/oca."""
    with open(OCA_REQUIREMENTS, "rb") as fp:
        want = hashlib.sha256(fp.read()).hexdigest()
    stamp = os.path.join(OCA_DIR, ".requirements.sha256")
    # one installer at a time: make lint (manifestoo) and make test-oca both
    # call this, in the two lanes of CI; the second waits, then finds the stamp
    os.makedirs(os.path.dirname(OCA_DIR), exist_ok=True)
    with open(OCA_DIR + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(stamp) or open(stamp).read() != want:
            _pip_install_oca(want, stamp)
    os.environ["SMART_PIPELINE_EXTRA_ADDONS"] = OCA_ADDONS
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [os.environ.get("PYTHONPATH"), OCA_DIR])
    )


def _pip_install_oca(want, stamp):
    """A fresh var/oca from requirements/oca.txt, then its stamp."""
    shutil.rmtree(OCA_DIR, ignore_errors=True)
    cmd = [
        os.path.join(ROOT, ".venv", "bin", "pip"),
        "install",
        "-q",
        "--disable-pip-version-check",
        "--no-deps",
        "--target",
        OCA_DIR,
        "-r",
        OCA_REQUIREMENTS,
    ]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)
    with open(stamp, "w") as fp:
        fp.write(want)


def run_oca(args):
    """Our suite and the OCA neighbours' in one database: their dependencies
    first without tests, then every one of them, smart_pipeline and the
    bridges with --test-enable."""
    install_oca()
    bridges = [name for name in OCA_BRIDGES if os.path.isdir(os.path.join(ROOT, name))]
    modules = oca_modules() + ["smart_pipeline"] + bridges
    depends = []
    for module in modules:
        for dep in addon_depends(module, (ROOT, OCA_ADDONS)):
            if dep not in modules and dep not in depends:
                depends.append(dep)
    db = args.db or "smart_pipeline_oca"
    return db, run_odoo(db, ",".join(modules), depends)


def run_odoo(db, modules, depends=()):
    """Install ``modules`` with --test-enable in a new database (with demo data).

    ``depends`` are installed first without tests, so that only the tests of
    ``modules`` run (``-i`` with --test-enable runs the tests of every module
    it installs)."""
    drop_db(db)
    if depends:
        cmd = [
            os.path.join(ROOT, "bin", "odoo"),
            "-d",
            db,
            "-i",
            ",".join(depends),
            "--stop-after-init",
            "--log-level=warn",
            "--max-cron-threads=0",
        ]
        print("$ " + " ".join(cmd), flush=True)
        subprocess.run(cmd, cwd=ROOT, check=True)
    log = os.path.join(LOGDIR, "test-%s.log" % db)
    cmd = [
        os.path.join(ROOT, "bin", "odoo"),
        "-d",
        db,
        "-i",
        modules,
        "--test-enable",
        "--stop-after-init",
        "--log-level=test",
        "--logfile=" + log,
        "--max-cron-threads=0",
    ]
    if os.path.exists(log):
        os.unlink(log)
    print("$ " + " ".join(cmd), flush=True)
    t0 = time.time()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    # echo the test lines while they come, not the whole (long) log
    shown = 0
    while proc.poll() is None:
        time.sleep(2)
        shown = echo_new(log, shown)
    echo_new(log, shown)
    counts, log_errors, error_lines, ran = parse_odoo_log(log)
    if proc.returncode:
        counts["errors"] += 1
    print(
        "odoo: %d tests ran in %.0fs, %d ERROR line(s) in %s"
        % (ran, time.time() - t0, log_errors, log)
    )
    for line in error_lines:
        print("  " + line[:300])
    return counts


def run_pending_check(db):
    """Platform check: no module left pending on the test database (while one
    is, ir_cron skips the database)."""
    pending = psql(
        "SELECT string_agg(name || ':' || state, ', ') FROM ir_module_module "
        "WHERE state IN ('to install', 'to upgrade', 'to remove')",
        db=db,
    )
    if pending:
        print(
            "platform check FAILED: modules left pending (ir_cron skips such a database): "
            + pending
        )
    else:
        print("platform check ok: no module left 'to install'/'to upgrade'")
    return {"passed": int(not pending), "failed": int(bool(pending)), "errors": 0, "skipped": 0}


def run_e2e(db, checks=None, jobs=None):
    """Serve the test database and run every browser check in e2e/ (or
    ``checks``) against it.

    With ``jobs`` (default: ``$E2E_JOBS``, else 1) above 1, the checks are
    dealt round-robin into that many groups run side by side, each group
    against a copy of the database (and of its filestore) served by a server
    of its own: a check spends most of its time waiting for the page, and
    no check ever sees the records of a check running beside it.

    A check that fails runs once more (``$E2E_RETRIES``, default 1), alone,
    against a fresh copy of the database as it was before any check ran, so
    that the second run sees none of the first run's records. It then counts
    as passed, but is named in the closing summary as flaky, with the first
    run's output printed in full: a check that fails twice fails the run."""
    checks = checks or sorted(
        name
        for name in os.listdir(os.path.join(ROOT, "e2e"))
        if name.endswith(".js") and name != "lib.js"
    )
    jobs = max(1, min(int(jobs or os.environ.get("E2E_JOBS") or 1), len(checks)))
    retries = int(os.environ.get("E2E_RETRIES", "1"))
    warm_assets(db)
    dbs = [db] + ["%s_e2e%d" % (db, index) for index in range(1, jobs)]
    pristine = "%s_e2e_pristine" % db
    for copy in dbs[1:] + ([pristine] if retries else []):
        copy_db(db, copy)
    counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
    failed = []
    servers = []
    try:
        for name in dbs:
            servers.append(start_server(name))
        for server in servers:
            wait_http(server["url"])
        groups = [checks[index::jobs] for index in range(jobs)]
        threads = [
            threading.Thread(target=run_group, args=(group, server, failed))
            for group, server in zip(groups, servers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop_servers(servers)
        for copy in dbs[1:]:
            drop_db(copy)
            shutil.rmtree(filestore(copy), ignore_errors=True)
    counts["passed"] = len(checks) - len(failed)
    try:
        for name in sorted(failed):
            if rerun_check(name, pristine, retries):
                counts["passed"] += 1
                counts.setdefault("flaky", []).append("e2e/" + name)
            else:
                counts["failed"] += 1
                counts.setdefault("failed_names", []).append("e2e/" + name)
    finally:
        drop_db(pristine)
        shutil.rmtree(filestore(pristine), ignore_errors=True)
    return counts


def rerun_check(name, pristine, retries):
    """Run the failed check ``name`` again, up to ``retries`` times, each
    time against a fresh copy of ``pristine`` served by a server of its own.
    True when one of those runs passes."""
    for attempt in range(1, retries + 1):
        copy = "%s_retry" % pristine
        copy_db(pristine, copy)
        server = start_server(copy)
        try:
            wait_http(server["url"])
            print(
                "$ node e2e/%s  (failed: run again, %d of %d, against a fresh copy %s)"
                % (name, attempt, retries, copy),
                flush=True,
            )
            ok = run_check(name, server, capture=False)
        finally:
            stop_servers([server])
            drop_db(copy)
            shutil.rmtree(filestore(copy), ignore_errors=True)
        if ok:
            return True
    return False


def stop_servers(servers):
    for server in servers:
        server["proc"].terminate()
        server["proc"].wait(timeout=60)
        server["log"].close()


_print_lock = threading.Lock()


def run_group(group, server, failed):
    """Run ``group``'s checks one after the other and add the names of those
    that fail to ``failed``. Each check's output is printed whole when it
    ends, so that side-by-side groups do not interleave."""
    for name in group:
        ok, output = run_check(name, server, capture=True)
        with _print_lock:
            print("$ node e2e/%s  (against %s)" % (name, server["db"]), flush=True)
            print(output.rstrip(), flush=True)
            if not ok:
                print("browser check FAILED: e2e/%s" % name, flush=True)
                failed.append(name)


def run_check(name, server, capture):
    """Run the browser check ``name``: its success, and with ``capture`` its
    output too. A check still running after 10 minutes is stopped and fails."""
    try:
        proc = subprocess.run(
            ["node", os.path.join(ROOT, "e2e", name)],
            cwd=ROOT,
            env=browser_env(server["url"], server["db"]),
            timeout=600,
            stdout=subprocess.PIPE if capture else None,
            stderr=subprocess.STDOUT if capture else None,
            text=True,
        )
        ok, output = proc.returncode == 0, proc.stdout or ""
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout or ""
        if isinstance(output, bytes):
            output = output.decode("utf-8", "replace")
        ok, output = False, output + "\nstopped after %d s" % exc.timeout
    if capture:
        return ok, output
    return ok


def start_server(db):
    """``bin/odoo`` serving ``db`` alone on a free port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    log = open(os.path.join(LOGDIR, "e2e-server-%s.log" % db), "w")
    proc = subprocess.Popen(
        [
            os.path.join(ROOT, "bin", "odoo"),
            "-d",
            db,
            "--db-filter=^%s$" % db,
            "--http-port=%d" % port,
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return {"db": db, "url": "http://localhost:%d" % port, "proc": proc, "log": log}


def wait_http(url):
    for _ in range(60):
        try:
            urllib.request.urlopen(url + "/web/login", timeout=5)
            return
        except OSError:
            time.sleep(1)


# the web client's bundles: the login page's and the backend's
ASSET_BUNDLES = ("web.assets_common", "web.assets_backend", "web.assets_frontend")


def warm_assets(db):
    """Compile the web client's asset bundles once, before any server serves
    ``db``: Odoo 11 compiles a missing bundle (lessc) in every request that
    asks for it, so the first page of the browser checks set off a dozen
    compilations at once, which on a loaded machine outlast the page's
    timeout; the copies of ``db`` then get the compiled bundles too."""
    script = (
        "for xmlid in %r:\n"
        "    env['ir.qweb']._get_asset_nodes(xmlid, {}, css=True, js=True)\n"
        "env.cr.commit()\n" % (ASSET_BUNDLES,)
    )
    cmd = [
        os.path.join(ROOT, "bin", "odoo"),
        "shell",
        "-d",
        db,
        "--log-level=warn",
        "--max-cron-threads=0",
    ]
    print("$ %s  (the web client's asset bundles)" % " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, input=script, text=True, check=True, stdout=subprocess.DEVNULL)


def filestore(db):
    """The database's filestore: attachments, among them the web client's
    compiled asset bundles."""
    data_dir = os.environ.get("SMART_PIPELINE_DATA_DIR") or os.path.join(ROOT, "var", "data")
    return os.path.join(data_dir, "filestore", db)


def copy_db(db, copy):
    """``copy``: ``db`` and its filestore, as they are now."""
    drop_db(copy)
    shutil.rmtree(filestore(copy), ignore_errors=True)
    psql('CREATE DATABASE "%s" TEMPLATE "%s"' % (copy.replace('"', ""), db.replace('"', "")))
    if os.path.isdir(filestore(db)):
        shutil.copytree(filestore(db), filestore(copy))


def browser_env(url, db):
    """The browser checks' environment: with a faked clock, the browser's is
    moved by Playwright (E2E_CLOCK_OFFSET), so libfaketime must not move node
    and Chromium a second time."""
    env = dict(os.environ, ODOO_URL=url, ODOO_DB=db)
    if env.get("E2E_CLOCK_OFFSET") and not env.get("SHOTS_DIR"):
        # the faked-clock run keeps its screenshots apart from the real-clock
        # run's, which may run at the same time (.ci/run)
        env["SHOTS_DIR"] = os.path.join(ROOT, "var", "screenshots-date")
    for key in ("LD_PRELOAD", "FAKETIME"):
        env.pop(key, None)
    return env


def run_install_check(suffix=""):
    """Install on a database where crm is already in use, then upgrade: no
    duplicated stage, no moved opportunity, nothing lost."""
    cmd = [
        "bash",
        os.path.join(ROOT, "dev", "check_install_on_crm_db.sh"),
        "smart_pipeline_install_check" + suffix,
    ]
    print("$ " + " ".join(cmd), flush=True)
    ok = subprocess.run(cmd, cwd=ROOT).returncode == 0
    print("install/upgrade check on a crm database: " + ("ok" if ok else "FAILED"), flush=True)
    return {"passed": int(ok), "failed": int(not ok), "errors": 0, "skipped": 0}


def echo_new(log, shown):
    if not os.path.exists(log):
        return shown
    with open(log, errors="replace") as fp:
        lines = fp.readlines()
    for line in lines[shown:]:
        if (
            " ... " in line
            or "Ran " in line
            or "FAIL" in line
            or " ERROR " in line
            or " running tests." in line
            or line.startswith(("`", "Traceback"))
        ):
            print(line.rstrip()[:400], flush=True)
    return len(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=None)
    parser.add_argument("--module", default="smart_pipeline")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--no-e2e", action="store_true", help="skip the browser checks")
    parser.add_argument(
        "--platform", action="store_true", help="run Odoo's own tests of " + PLATFORM_MODULES
    )
    parser.add_argument(
        "--oca",
        action="store_true",
        help="our suite and that of the OCA neighbours of requirements/oca.txt in one database",
    )
    parser.add_argument(
        "--fake-date",
        help="run with the Odoo processes' and the browser's clock on this day: "
        "YYYY-MM-DD, first-of-month, dec-31 or feb-29 (the next such day)",
    )
    args = parser.parse_args()
    if args.fake_date:
        day = next_fake_day(args.fake_date)
        if not os.path.exists(LIBFAKETIME):
            sys.exit("--fake-date needs libfaketime (Debian package faketime): dev/setup.sh")
        with fake_clock_shared.owned() as shared:
            env = fake_clock_env(day, shared)
            # PostgreSQL's now() (create_date, write_date) moves with the Odoo
            # processes' clock: the run has a cluster of its own (var/pg-date,
            # its own data directory and configuration), started on the faked
            # clock and stopped at the end, so that the real-clock run and
            # everything else can use var/pg at the same time
            own = own_cluster_env()
            os.environ.update(own)
            write_config(own["ODOO_RC"])
            pg_start_faked(env["FAKETIME"], shared)
            os.environ.update(env)
            print("clock of the Odoo processes, PostgreSQL and the browser: %s" % day, flush=True)
            try:
                return run_suites(args)
            finally:
                for key in env:
                    os.environ.pop(key, None)
                pg_stop()
                for key in own:
                    os.environ.pop(key, None)
    return run_suites(args)


FAKED_PG_PORT = "54339"


def own_cluster_env(environ=None):
    """The faked-clock run's own cluster, data directory and Odoo
    configuration (an external server, if one is configured, stays the one
    used: its clock is not ours)."""
    environ = os.environ if environ is None else environ
    env = {"ODOO_RC": os.path.join(ROOT, "var", "odoo-date.conf")}
    env["SMART_PIPELINE_DATA_DIR"] = os.path.join(ROOT, "var", "data-date")
    if not environ.get("SMART_PIPELINE_DB_HOST"):
        env["SMART_PIPELINE_PG_DIR"] = os.path.join(ROOT, "var", "pg-date")
        env["SMART_PIPELINE_PG_PORT"] = FAKED_PG_PORT
    return env


def write_config(path):
    """Odoo's configuration for the current environment (see
    odoo11_compat/launcher.py: the launcher writes var/odoo.conf only when
    ODOO_RC is not set)."""
    sys.path.insert(0, ROOT)
    from odoo11_compat.launcher import config_text, write_atomically

    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_atomically(path, config_text(os.environ))


def pg_start_faked(faketime, shared):
    """(Re)start the run's own cluster on a clock moved by ``faketime`` (an
    external server is left alone: its clock is not ours)."""
    if os.environ.get("SMART_PIPELINE_DB_HOST"):
        return
    env = dict(os.environ, SP_PG_FAKETIME=faketime, FAKETIME_SHARED=shared)
    subprocess.run([os.path.join(ROOT, "dev", "pg.sh"), "restart"], cwd=ROOT, env=env, check=True)


def pg_stop():
    if os.environ.get("SMART_PIPELINE_DB_HOST"):
        return
    env = dict(os.environ)
    for key in ("SP_PG_FAKETIME", "FAKETIME_SHARED"):
        env.pop(key, None)
    subprocess.run([os.path.join(ROOT, "dev", "pg.sh"), "stop"], cwd=ROOT, env=env, check=True)


def summarize(parts, fake_date, t0):
    """Print the closing summary line, then the flaky and the failed tests
    and checks by name; True when anything failed."""
    failed = False
    summaries = []
    failed_names, flaky, reasons = [], [], {}
    for kind, counts_list in parts.items():
        if not counts_list:
            continue
        total = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
        for counts in counts_list:
            for key in total:
                total[key] += counts[key]
            failed_names += counts.get("failed_names", [])
            flaky += counts.get("flaky", [])
            reasons.update(counts.get("failed_reasons", {}))
        failed = failed or bool(total["failed"] or total["errors"])
        summary = "%(passed)d passed, %(failed)d failed" % total
        if total["errors"]:
            summary += ", %(errors)d errors" % total
        if total["skipped"]:
            summary += ", %(skipped)d skipped" % total
        summaries.append(summary if kind == "tests" else "%s: %s" % (kind, summary))
    summary = "; ".join(summaries)
    if fake_date:
        summary += " (clock on %s)" % next_fake_day(fake_date)
    print("=" * 20 + " %s in %.1fs " % (summary, time.time() - t0) + "=" * 20)
    if flaky:
        print("FLAKY (failed, then passed on a fresh copy of the database): " + ", ".join(flaky))
    if failed_names:
        print("FAILED: " + ", ".join(failed_names))
        for name in failed_names:
            if name in reasons:
                print("  %s: %s" % (name.rsplit(".", 1)[-1], reasons[name][:300]))
    return failed


def run_suites(args):
    os.makedirs(LOGDIR, exist_ok=True)
    t0 = time.time()
    # each kind of check is counted on its own: a test is one test case, a
    # browser check one e2e script, a platform check one installation check
    parts = {"tests": [], "browser checks": [], "platform checks": []}
    if args.oca:
        with step("oca tests"):
            db, counts = run_oca(args)
        parts["tests"].append(counts)
        parts["platform checks"].append(run_pending_check(db))
        if not args.no_e2e:
            # the menus as web_responsive shows them (an app drawer)
            with step("browser checks"):
                parts["browser checks"].append(run_e2e(db, OCA_E2E))
        if not args.keep_db:
            drop_db(db)
    elif args.platform:
        db = args.db or "smart_pipeline_platform"
        with step("platform tests"):
            parts["tests"].append(run_odoo(db, PLATFORM_MODULES))
        parts["platform checks"].append(run_pending_check(db))
        if not args.keep_db:
            drop_db(db)
    else:
        # a faked-clock run has names of its own: it may run beside a
        # real-clock one (logs, install check)
        suffix = "_date" if args.fake_date else ""
        with step("pytest"):
            parts["tests"].append(run_pytest(suffix))
        db = args.db or "smart_pipeline_test" + suffix
        with step("odoo tests"):
            parts["tests"].append(run_odoo(db, args.module, addon_depends(args.module)))
        parts["platform checks"].append(run_pending_check(db))
        if not args.no_e2e:
            with step("browser checks"):
                parts["browser checks"].append(run_e2e(db))
        if not args.keep_db:
            drop_db(db)
        with step("install check"):
            parts["platform checks"].append(run_install_check(suffix))
    return 1 if summarize(parts, args.fake_date, t0) else 0


if __name__ == "__main__":
    sys.exit(main())
