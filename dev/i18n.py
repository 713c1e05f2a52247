#!/usr/bin/env python3
"""Keep ``smart_pipeline/i18n/`` current with Odoo's own exporter.

    dev/i18n.py            regenerate smart_pipeline.pot, merge it into every .po
    dev/i18n.py --check    fail when the committed .pot differs from a fresh export

Both install the addon (without demo data, so that demo records never become
terms to translate) into a throwaway database, export its terms with
``--i18n-export`` (Odoo's exporter: Python ``_()`` strings, views, reports, the
web client's QWeb templates and JS ``_t()``, data records) and drop the
database. ``--check`` compares the export with the committed file, ignoring
the two header dates and the line numbers of code terms; ``make lint`` runs it.
The .po files are merged with polib (new terms added untranslated, vanished terms dropped), the way
``msgmerge --no-fuzzy-matching`` would. Every file is then laid out as OCA's
``oca-checks-po`` expects (po-pretty-format: entries sorted by msgid, wrapped at
78 columns, a msgstr equal to its msgid left empty), so the check passes on
what this script writes.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = "smart_pipeline"
I18N = os.path.join(ROOT, MODULE, "i18n")
POT = os.path.join(I18N, MODULE + ".pot")
# header lines that change at every export
VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"$')
# the line number of a Python or JS term ("#: code:addons/.../x.py:42"): moving code
# around does not make the catalogue stale, a new, changed or removed term does
LINE_NUMBER = re.compile(r"(code:\S+?):\d+(?=\s|$)")


def psql(sql):
    subprocess.run(
        [os.path.join(ROOT, "dev", "pg.sh"), "psql", "-d", "postgres", "-qtAX", "-c", sql],
        check=True,
        capture_output=True,
    )


def odoo(*args, log):
    cmd = [os.path.join(ROOT, "bin", "odoo"), *args, "--stop-after-init", "--log-level=warn"]
    with open(log, "a") as out:
        if subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, check=False).returncode:
            sys.exit("i18n: %s failed, see %s" % (" ".join(cmd), log))


def export(db, target):
    """Export the addon's terms as a template (no language) into ``target``."""
    log = os.path.join(ROOT, "var", "log", "i18n.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    open(log, "w").close()
    psql('DROP DATABASE IF EXISTS "%s"' % db)
    try:
        odoo("-d", db, "-i", MODULE, "--without-demo=all", log=log)
        # Odoo picks the format from the extension and knows .po, not .pot
        tmp_po = target + ".po"
        odoo("-d", db, "--i18n-export=" + tmp_po, "--modules=" + MODULE, log=log)
        os.replace(tmp_po, target)
    finally:
        psql('DROP DATABASE IF EXISTS "%s"' % db)


def stable(path):
    """The catalogue's lines that tell whether it is stale."""
    with open(path, encoding="utf-8") as f:
        return [
            LINE_NUMBER.sub(r"\1", line) if line.startswith("#:") else line
            for line in f.read().splitlines()
            if not VOLATILE.match(line)
        ]


def pretty(po):
    """Lay a catalogue out as oca-checks-po's po-pretty-format expects."""
    po.sort(key=lambda entry: entry.msgid)
    for entry in po:
        if entry.msgstr == entry.msgid:
            entry.msgstr = ""
    return str(po)


def write_pretty(path, po):
    with open(path, "w", encoding="utf-8") as f:
        f.write(pretty(po))


def merge(pot_path):
    pot = polib.pofile(pot_path)
    for name in sorted(os.listdir(I18N)):
        if not name.endswith(".po"):
            continue
        path = os.path.join(I18N, name)
        po = polib.pofile(path, wrapwidth=78)
        po.merge(pot)
        for entry in po.obsolete_entries():
            po.remove(entry)
        write_pretty(path, po)
        print("i18n: merged %s (%d%% translated)" % (name, po.percent_translated()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed .pot is stale")
    parser.add_argument("--db", default=os.environ.get("I18N_DB", MODULE + "_i18n"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = os.path.join(tmp, MODULE + ".pot")
        export(args.db, fresh)
        write_pretty(fresh, polib.pofile(fresh))
        if args.check:
            old = stable(POT) if os.path.exists(POT) else []
            diff = list(difflib.unified_diff(old, stable(fresh), POT, "fresh export", lineterm=""))
            if diff:
                print("\n".join(diff[:80]))
                sys.exit("i18n: %s is stale; run dev/i18n.py and translate the new terms" % POT)
            print("i18n: %s is current" % os.path.relpath(POT, ROOT))
            return
        os.makedirs(I18N, exist_ok=True)
        with open(fresh, encoding="utf-8") as src, open(POT, "w", encoding="utf-8") as dst:
            dst.write(src.read())
        print("i18n: wrote %s" % os.path.relpath(POT, ROOT))
        merge(POT)


if __name__ == "__main__":
    main()
