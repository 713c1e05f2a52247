"""``dev/run_tests.py --fake-date``: the clock it gives the Odoo processes
holds for the whole run, whatever the shell scripts in it fork and exit."""

import datetime
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import fake_clock_shared  # noqa: E402
import run_tests  # noqa: E402

pytestmark = pytest.mark.skipif(
    not os.path.exists(run_tests.LIBFAKETIME), reason="libfaketime is not installed"
)

# a bash script as dev/check_install_on_crm_db.sh is written: a subshell and
# a command substitution that exit without exec, then more processes; each
# says which pair it uses and what day it is
SCRIPT = r"""
echo "shared $FAKETIME_SHARED"
( date +%F >/dev/null; echo "shared $FAKETIME_SHARED" )
x=$( { echo "shared $FAKETIME_SHARED"; true; } ); echo "$x"
date +%F
python3 -c 'import datetime, os
print("shared", os.environ.get("FAKETIME_SHARED"))
print(datetime.date.today())'
bash -c 'echo "shared $FAKETIME_SHARED"'
"""


def test_processes_share_the_run_pair():
    day = datetime.date(2028, 2, 29)
    with fake_clock_shared.owned("pytest%d" % os.getpid()) as shared:
        sem_name, shm_name = shared.split()
        out = subprocess.run(
            ["bash", "-c", SCRIPT],
            env=dict(os.environ, **run_tests.fake_clock_env(day, shared)),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        # the clock moved in bash's processes and in Python's. The offset is
        # taken from this process's clock, which ``make test-date`` fakes too:
        # the day the children see is the real day moved by it
        real = subprocess.run(
            ["date", "+%F"],
            env={k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", "FAKETIME")},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        expected = datetime.date.fromisoformat(real) + (day - datetime.date.today())
        assert [line for line in out if not line.startswith("shared")] == [str(expected)] * 2
        # every process used the run's pair: none created its own, which a
        # subshell's exit would unlink under its siblings, or a killed process
        # leave behind for the next one that gets its pid
        assert [line for line in out if line.startswith("shared")] == ["shared " + shared] * 5
        # and a subshell's exit did not unlink it
        assert os.path.exists(fake_clock_shared.SHM_DIR + "/sem." + sem_name[1:])
        assert os.path.exists(fake_clock_shared.SHM_DIR + shm_name)
    assert not os.path.exists(fake_clock_shared.SHM_DIR + "/sem." + sem_name[1:])
    assert not os.path.exists(fake_clock_shared.SHM_DIR + shm_name)


def test_faked_run_has_its_own_cluster():
    """The faked-clock run never touches var/pg, var/data or var/odoo.conf:
    the real-clock suite runs beside it (.ci/run)."""
    own = run_tests.own_cluster_env({})
    var = os.path.join(run_tests.ROOT, "var")
    assert own["SMART_PIPELINE_PG_DIR"] == os.path.join(var, "pg-date")
    assert own["SMART_PIPELINE_PG_PORT"] != "54329"
    assert own["SMART_PIPELINE_DATA_DIR"] == os.path.join(var, "data-date")
    assert own["ODOO_RC"] == os.path.join(var, "odoo-date.conf")
    # an external server is the one used, whatever the run
    external = run_tests.own_cluster_env({"SMART_PIPELINE_DB_HOST": "db.example"})
    assert "SMART_PIPELINE_PG_DIR" not in external
