"""The semaphore and shared memory that libfaketime's processes share, owned
by ``dev/run_tests.py --fake-date`` for the whole run.

libfaketime 0.9.10 (Debian's) syncs its processes through a POSIX semaphore
and a shared memory object named in ``FAKETIME_SHARED``. Without that
variable, the first preloaded process creates ``/faketime_sem_<pid>`` and
``/faketime_shm_<pid>``, exports their names to its children, and unlinks
them when it exits. Two things then break a long test run at random:

- a forked child that exits without exec (a bash subshell, a command
  substitution) inherits the "creator" flag and unlinks the pair while its
  parent's later children still need it;
- a process killed with SIGKILL (a replaced Odoo worker, a timed-out check)
  leaves its pair in ``/dev/shm``; a later process that gets the same pid
  cannot create its own, and exits with "sem_open failed and recreation
  attempts failed". This ended a CI run's install/upgrade check.

Owning the pair here means no preloaded process is ever its creator: none
unlinks it, none leaves one behind, and pid reuse cannot matter. The pair is
unlinked when the run ends.
"""

import contextlib
import ctypes
import os
import struct

SHM_DIR = "/dev/shm"

# struct ft_shared_s of libfaketime 0.9.10: uint64 ticks, uint64 file_idx, then
# the start time (real, monotonic, monotonic raw, boot: four timespecs). A
# tv_nsec of -1 means "not set yet": the first process sets it, as
# ft_shm_create() would.
_INITIAL = struct.pack("<QQ" + "qq" * 4, 0, 0, 0, -1, 0, -1, 0, -1, 0, -1)


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.sem_open.restype = ctypes.c_void_p
    libc.sem_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_uint, ctypes.c_uint]
    libc.sem_close.argtypes = [ctypes.c_void_p]
    libc.sem_unlink.argtypes = [ctypes.c_char_p]
    return libc


def create(tag):
    """Create the pair for ``tag`` and return the ``FAKETIME_SHARED`` value."""
    sem_name = "/smart_pipeline_ft_sem_%s" % tag
    shm_name = "/smart_pipeline_ft_shm_%s" % tag
    libc = _libc()
    libc.sem_unlink(sem_name.encode())  # left over by a run killed earlier
    sem = libc.sem_open(sem_name.encode(), os.O_CREAT | os.O_EXCL, 0o600, 1)
    if not sem:
        errno = ctypes.get_errno()
        raise OSError(errno, "sem_open %s: %s" % (sem_name, os.strerror(errno)))
    libc.sem_close(sem)
    # shm_open(3) on Linux is open(2) under /dev/shm
    fd = os.open(SHM_DIR + shm_name, os.O_CREAT | os.O_TRUNC | os.O_RDWR, 0o600)
    try:
        os.write(fd, _INITIAL)
    finally:
        os.close(fd)
    return "%s %s" % (sem_name, shm_name)


def destroy(shared):
    sem_name, shm_name = shared.split()
    _libc().sem_unlink(sem_name.encode())
    with contextlib.suppress(FileNotFoundError):
        os.unlink(SHM_DIR + shm_name)


@contextlib.contextmanager
def owned(tag=None):
    """``FAKETIME_SHARED`` for the processes started inside the block."""
    shared = create(tag or os.getpid())
    try:
        yield shared
    finally:
        destroy(shared)
