import os
import subprocess
import sys

from odoo11_compat import launcher

from .conftest import ROOT


def test_local_cluster_by_default():
    text = launcher.config_text({})
    assert "db_host = %s" % os.path.join(ROOT, "var", "pg", "run") in text
    assert "db_port = 54329" in text and "db_user = odoo" in text
    assert "addons_path = %s\n" % ROOT in text
    # the project's retry pause (rpc_retry.py): a tenth of Odoo's
    assert "concurrency_retry_delay = 0.1\n" in text


def test_extra_addons_folders_follow_the_project():
    text = launcher.config_text({"SMART_PIPELINE_EXTRA_ADDONS": "/x/odoo/addons,/y"})
    assert "addons_path = %s,/x/odoo/addons,/y\n" % ROOT in text


def test_second_cluster_and_data_dir_from_environment():
    """The faked-clock run's own cluster and data directory (run beside the
    real-clock run in CI)."""
    text = launcher.config_text(
        {
            "SMART_PIPELINE_PG_DIR": "/x/var/pg-date",
            "SMART_PIPELINE_PG_PORT": "54339",
            "SMART_PIPELINE_DATA_DIR": "/x/var/data-date",
        }
    )
    assert "db_host = /x/var/pg-date/run\n" in text and "db_port = 54339\n" in text
    assert "data_dir = /x/var/data-date\n" in text


def test_config_file_of_a_run_with_more_addons():
    """make test-oca's configuration is not var/odoo.conf, which the other
    lane of CI writes at the same time with the project's addons only."""
    assert launcher.config_name({}) == "odoo.conf"
    name = launcher.config_name({"SMART_PIPELINE_EXTRA_ADDONS": "/x/var/oca/odoo/addons"})
    assert name != "odoo.conf" and name.startswith("odoo-") and name.endswith(".conf")


def test_write_atomically(tmp_path):
    path = str(tmp_path / "odoo.conf")
    launcher.write_atomically(path, "one")
    launcher.write_atomically(path, "two")
    assert open(path).read() == "two"
    assert os.listdir(str(tmp_path)) == ["odoo.conf"]


def test_external_server_from_environment():
    text = launcher.config_text(
        {
            "SMART_PIPELINE_DB_HOST": "db.example",
            "SMART_PIPELINE_DB_PORT": "6543",
            "SMART_PIPELINE_DB_USER": "me",
            "SMART_PIPELINE_DB_PASSWORD": "pw",
        }
    )
    assert "db_host = db.example" in text and "db_port = 6543" in text
    assert "db_user = me" in text and "db_password = pw" in text


def test_test_runs_get_a_free_http_port():
    argv = launcher.test_http_port(["-d", "x", "--test-enable"])
    assert argv[-1].startswith("--http-port=") and int(argv[-1].split("=")[1]) > 0
    assert launcher.test_http_port(["--test-enable", "--http-port=9000"]) == [
        "--test-enable",
        "--http-port=9000",
    ]
    assert launcher.test_http_port(["-d", "x"]) == ["-d", "x"]


def test_binaries_exposed():
    env = {"PATH": "/usr/bin"}
    launcher.prepare_environment(env)
    bindir = os.path.join(ROOT, "var", "bin")
    assert env["PATH"].startswith(bindir)
    version = subprocess.run(
        [os.path.join(bindir, "wkhtmltopdf"), "--version"], capture_output=True, text=True
    )
    assert "with patched qt" in version.stdout
    assert os.access(os.path.join(bindir, "phantomjs"), os.X_OK)


def test_shell_runs_a_piped_script():
    proc = subprocess.run(
        [os.path.join(ROOT, "bin", "odoo"), "shell", "--log-level=warn"],
        input="import odoo\nprint('release', odoo.release.version)\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "release 11.0" in proc.stdout, proc.stderr


EARLY_REQUEST = os.path.join(os.path.dirname(__file__), "scenarios", "early_request.py")


def _early_request(preload):
    proc = subprocess.run(
        [sys.executable, EARLY_REQUEST, preload],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=ROOT),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.split()[-1]


def test_addons_not_preloaded_by_http():
    """The threaded server starts serving before it has loaded the registry
    of ``-d DB``. With Odoo 11's default, the first request imports every
    addon while the registry imports them too, and the registry may get an
    addon half imported: a browser-check server once served a registry
    without the addon's wizards. The launcher turns the HTTP preload off."""
    env = {"ODOO_RC": "/nonexistent.conf", "PATH": "/usr/bin"}
    launcher.prepare_environment(env)
    assert env["ODOO_PRELOAD_ADDONS"] == "no"
    assert _early_request(env["ODOO_PRELOAD_ADDONS"]) == "complete"


def test_http_preload_hands_the_registry_a_half_imported_addon():
    assert _early_request("yes") == "partial"
