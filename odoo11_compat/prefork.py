"""``odoo/service/server.py``: prefork mode (``--workers=N``) under the launcher.

Three things stop Odoo 11's production mode on Python 3.11 with ``bin/odoo``:

* ``Worker.process_limit`` arms the CPU limit with
  ``resource.setrlimit(RLIMIT_CPU, (cpu_time + limit_time_cpu, hard))`` where
  ``cpu_time = ru_utime + ru_stime`` is a float. Python 3.10 made ``setrlimit``
  refuse floats (``TypeError: 'float' object cannot be interpreted as an
  integer``): every HTTP and cron worker died at start and the master
  respawned them in a loop. The limits are now whole seconds (rounded up, so
  a worker never gets less than ``limit_time_cpu``).
* ``PreforkServer.long_polling_spawn`` starts the long-polling (gevent)
  process as ``[sys.executable, sys.argv[0], 'gevent', ...]``, and
  ``_reexec`` (the restart after ``kill -HUP``, ``odoo.service.server.restart()``
  or a module installed from the Apps store) runs ``sys.executable sys.argv``.
  Both assume ``sys.argv[0]`` is a Python script (``odoo-bin``); under the
  launcher it is ``odoo``, so Python answered ``can't open file '.../odoo'``.
  Both now run the launcher itself (``python -m odoo11_compat.launcher``) with
  the same arguments, the project directory on ``PYTHONPATH`` and the same
  environment (``ODOO_RC`` keeps pointing at the same configuration).

Everything else (the watchdog that kills a worker past ``limit_time_real``,
the SIGXCPU handler for ``limit_time_cpu``, ``limit_memory_soft``/``_hard``,
the gevent server) is Odoo's own code, unchanged.
"""

import logging
import math
import os
import resource
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_logger = logging.getLogger("odoo.service.server")


def launcher_command(args):
    """The command line that runs ``bin/odoo`` ``args`` from Python."""
    return [sys.executable, "-m", "odoo11_compat.launcher"] + list(args)


def launcher_environ(environ=None):
    """The current environment with the project importable."""
    env = dict(os.environ if environ is None else environ)
    paths = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    if ROOT not in paths:
        env["PYTHONPATH"] = os.pathsep.join([ROOT] + paths)
    return env


def process_limit(self):
    """``Worker.process_limit`` with integer resource limits."""
    from odoo.service.server import config, memory_info, psutil

    # If our parent changed sucide
    if self.ppid != os.getppid():
        _logger.info("Worker (%s) Parent changed", self.pid)
        self.alive = False
    # check for lifetime
    if self.request_count >= self.request_max:
        _logger.info("Worker (%d) max request (%s) reached.", self.pid, self.request_count)
        self.alive = False
    # Reset the worker if it consumes too much memory (e.g. caused by a memory leak).
    _rss, vms = memory_info(psutil.Process(os.getpid()))
    if vms > config["limit_memory_soft"]:
        _logger.info("Worker (%d) virtual memory limit (%s) reached.", self.pid, vms)
        self.alive = False  # Commit suicide after the request.

    # VMS and RLIMIT_AS are the same thing: virtual memory, a.k.a. address space
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (int(config["limit_memory_hard"]), hard))

    # SIGXCPU (exceeded CPU time) signal handler will raise an exception.
    r = resource.getrusage(resource.RUSAGE_SELF)
    cpu_time = r.ru_utime + r.ru_stime

    def time_expired(n, stack):
        _logger.info("Worker (%d) CPU time limit (%s) reached.", self.pid, config["limit_time_cpu"])
        # We dont suicide in such case
        raise Exception("CPU time limit exceeded.")

    signal.signal(signal.SIGXCPU, time_expired)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = int(math.ceil(cpu_time + config["limit_time_cpu"]))
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))


def long_polling_spawn(self):
    """Start the long-polling process through the launcher."""
    from odoo.tools import stripped_sys_argv

    nargs = stripped_sys_argv()
    popen = subprocess.Popen(launcher_command(["gevent"] + nargs[1:]), env=launcher_environ())
    self.long_polling_pid = popen.pid


def _reexec(updated_modules=None):
    """Re-execute the server through the launcher with (nearly) the same arguments."""
    from odoo.tools import stripped_sys_argv

    args = stripped_sys_argv()[1:]
    if updated_modules:
        args += ["-u", ",".join(updated_modules)]
    os.execve(sys.executable, launcher_command(args), launcher_environ())


def patch(module):
    module.Worker.process_limit = process_limit
    module.PreforkServer.long_polling_spawn = long_polling_spawn
    module._reexec = _reexec
