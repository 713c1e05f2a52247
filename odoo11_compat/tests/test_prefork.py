"""Prefork mode (``bin/odoo --workers=N``): odoo11_compat/prefork.py."""

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import xmlrpc.client

import psutil
import psycopg2
import pytest

from odoo11_compat import launcher

from .conftest import ROOT, STDLIB_ONLY

FULL_LAYER = """
import odoo11_compat
odoo11_compat.apply()
"""

PROCESS_LIMIT = """
import resource, types, os
import odoo.service.server as server
worker = types.SimpleNamespace(ppid=os.getppid(), pid=os.getpid(), request_count=0,
                               request_max=100, alive=True)
server.Worker.process_limit(worker)
soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
assert worker.alive and soft >= server.config['limit_time_cpu'], soft
print('RLIMIT_CPU', soft)
"""


def test_worker_limits_are_integers(without_layer):
    returncode, stderr = without_layer(PROCESS_LIMIT, prelude=FULL_LAYER)
    assert returncode == 0, stderr


def test_unpatched_worker_limits_fail(without_layer):
    returncode, stderr = without_layer(PROCESS_LIMIT, prelude=STDLIB_ONLY)
    assert returncode != 0 and "'float' object cannot be interpreted as an integer" in stderr


# Odoo's own re-exec and long-polling spawn, with "bin/odoo --version" as the
# command line: the child must be the launcher, which prints Odoo's version.
REEXEC = """
import sys
import odoo.service.server as server
sys.argv = ['odoo', '--version']
server._reexec()
"""

LONG_POLLING_SPAWN = """
import os, sys, types
import odoo.service.server as server
sys.argv = ['odoo', '--version']
master = types.SimpleNamespace(long_polling_pid=None)
server.PreforkServer.long_polling_spawn(master)
_pid, status = os.waitpid(master.long_polling_pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_snippet(snippet, prelude):
    proc = subprocess.run(
        [os.path.join(ROOT, ".venv", "bin", "python"), "-c", prelude + snippet],
        capture_output=True,
        text=True,
        cwd="/",  # not the project directory: nothing importable by chance
        env=dict(os.environ, PYTHONPATH=ROOT),
        timeout=120,
    )
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.parametrize("snippet", [REEXEC, LONG_POLLING_SPAWN], ids=["reexec", "long_polling"])
def test_children_run_the_launcher(snippet):
    returncode, output = run_snippet(snippet, FULL_LAYER)
    assert returncode == 0 and "Odoo Server 11.0" in output, output


@pytest.mark.parametrize("snippet", [REEXEC, LONG_POLLING_SPAWN], ids=["reexec", "long_polling"])
def test_unpatched_children_cannot_start(snippet):
    returncode, output = run_snippet(snippet, STDLIB_ONLY)
    assert returncode != 0 and "can't open file" in output, output


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def json_call(url, params, timeout):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def wait_until(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError("timed out waiting for " + what)


def answers(url):
    """The server answers a cheap JSON request (no asset bundle to build,
    which alone can take longer than the short limit_time_real used here)."""
    try:
        return "server_version" in json_call(url + "/web/webclient/version_info", {}, 5)["result"]
    except (OSError, http.client.HTTPException, KeyError, ValueError):
        return False


def listening(url):
    host, port = url.rsplit("/", 1)[-1].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=2).close()
        return True
    except OSError:
        return False


def http_workers(master):
    """Odoo names its workers' processes (setproctitle)."""
    pids = set()
    for child in master.children():
        try:
            if "WorkerHTTP" in " ".join(child.cmdline()):
                pids.add(child.pid)
        except psutil.Error:  # a worker that just ended
            pass
    return pids


@pytest.fixture
def prefork_server(compat_db, tmp_path):
    port, lp_port = free_port(), free_port()
    log = tmp_path / "prefork.log"
    proc = subprocess.Popen(
        [
            os.path.join(ROOT, "bin", "odoo"),
            "-d",
            compat_db,
            "--db-filter=^%s$" % compat_db,
            "--workers=2",
            "--max-cron-threads=1",
            "--http-port=%d" % port,
            "--longpolling-port=%d" % lp_port,
            "--limit-time-real=15",
            "--limit-time-real-cron=0",
            "--log-level=info",
            "--logfile=%s" % log,
        ],
        cwd=ROOT,
    )
    url = "http://127.0.0.1:%d" % port
    try:
        wait_until(lambda: answers(url), 120, "the prefork server")
        yield proc, url, "http://127.0.0.1:%d" % lp_port, log
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_prefork_server(prefork_server, compat_db):
    """Workers serve HTTP, the long-polling process delivers a bus message,
    a request over limit_time_real is ended and its worker replaced, and
    ``kill -HUP`` (Odoo's restart) brings the server back."""
    proc, url, lp_url, log = prefork_server
    master = psutil.Process(proc.pid)
    workers = wait_until(lambda: len(http_workers(master)) == 2 and http_workers(master), 30, "2")

    # long polling: a poll waiting on the gevent process gets a message sent
    # through an HTTP worker (PostgreSQL NOTIFY between the two)
    polled = {}
    wait_until(lambda: listening(lp_url), 60, "the long-polling process")

    def poll():
        polled["answer"] = json_call(
            lp_url + "/longpolling/poll", {"channels": ["compat_probe"], "last": 0}, timeout=60
        )

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(1)
    json_call(url + "/longpolling/send", {"channel": "compat_probe", "message": "hi"}, 30)
    poller.join(timeout=60)
    assert [n["message"] for n in polled["answer"]["result"]] == ["hi"], polled

    # limit_time_real: a write waits on a row lock held here, past 15 s (a
    # generous limit: on a loaded CI machine an ordinary request takes seconds)
    common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common")
    uid = common.authenticate(compat_db, "admin", "admin", {})
    models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object")
    partner = models.execute_kw(compat_db, uid, "admin", "res.partner", "create", [{"name": "P"}])
    settings = launcher.db_settings()
    blocker = psycopg2.connect(
        dbname=compat_db,
        host=settings["db_host"],
        port=settings["db_port"],
        user=settings["db_user"],
    )
    try:
        with blocker.cursor() as cr:
            cr.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", (partner,))
        started = time.time()
        # one plain request: xmlrpc.client would resend it once after the reset
        with pytest.raises((OSError, http.client.HTTPException)):
            json_call(
                url + "/jsonrpc",
                {
                    "service": "object",
                    "method": "execute_kw",
                    "args": [
                        compat_db,
                        uid,
                        "admin",
                        "res.partner",
                        "write",
                        [[partner], {"name": "Q"}],
                    ],
                },
                timeout=60,
            )
        assert time.time() - started < 30
    finally:
        blocker.rollback()
        blocker.close()
    assert "timeout after 15s" in log.read_text()
    replaced = wait_until(
        lambda: len(http_workers(master)) == 2
        and http_workers(master) != workers
        and http_workers(master),
        30,
        "a new worker",
    )
    assert len(replaced - workers) == 1
    # the new worker serves (it may take more than one 5 s try on a machine
    # whose cores are busy with other test runs, as CI's two lanes keep them)
    wait_until(lambda: answers(url), 60, "the replaced worker")

    # restart: Odoo re-executes itself (same pid) with new workers
    os.kill(proc.pid, signal.SIGHUP)
    wait_until(
        lambda: answers(url) and not (http_workers(master) & replaced),
        120,
        "the restarted server",
    )
    assert proc.poll() is None and "odoo11_compat.launcher" in " ".join(master.cmdline())
