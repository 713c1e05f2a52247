#!/usr/bin/env python3
"""Assemble each addon's README.rst from the fragments in its readme/.

    dev/gen_readme.py           write README.rst of every addon of the repository
    dev/gen_readme.py --check   fail when a README.rst differs from its fragments
    dev/gen_readme.py ADDON...  only these addons (smart_pipeline, smart_pipeline_crm_phonecall)

The layout of OCA's oca-gen-addon-readme (which is not published on PyPI):
title, licence and development-status badges, DESCRIPTION, a table of
contents, then INSTALL, CONFIGURE, USAGE, ROADMAP ("Known issues / Roadmap"),
HISTORY ("Changelog") when present, and the credits (authors from the
manifest, CONTRIBUTORS). Fragments use ``~`` for their own headings, one
level below the sections.
"""

import argparse
import ast
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ("smart_pipeline", "smart_pipeline_crm_phonecall")
SECTIONS = [
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
]
LICENCES = {
    "AGPL-3": ("AGPL--3", "http://www.gnu.org/licenses/agpl-3.0-standalone.html"),
    "LGPL-3": ("LGPL--3", "http://www.gnu.org/licenses/lgpl-3.0-standalone.html"),
}
STATUSES = {"Alpha": "red", "Beta": "yellow", "Production/Stable": "green", "Mature": "brightgreen"}


def fragment(addon, name):
    path = os.path.join(ROOT, addon, "readme", name + ".rst")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.read().strip("\n")


def heading(title, char):
    return "%s\n%s\n" % (title, char * len(title))


def render(addon="smart_pipeline"):
    with open(os.path.join(ROOT, addon, "__manifest__.py"), encoding="utf-8") as f:
        manifest = ast.literal_eval(f.read())
    name = manifest["name"]
    out = ["=" * len(name), name, "=" * len(name), ""]
    out.append(".. !! This file is assembled from the fragments in readme/ by dev/gen_readme.py;")
    out.append(".. !! edit those and run it (make lint checks that it is current).")
    out.append("")
    badges = []
    licence = manifest.get("license")
    if licence in LICENCES:
        label, url = LICENCES[licence]
        badges.append(
            ".. |badge%d| image:: https://img.shields.io/badge/licence-%s-blue.png\n"
            "    :target: %s\n    :alt: License: %s" % (len(badges) + 1, label, url, licence)
        )
    status = manifest.get("development_status")
    if status in STATUSES:
        badges.append(
            ".. |badge%d| image:: https://img.shields.io/badge/maturity-%s-%s.png\n"
            "    :target: https://odoo-community.org/page/development-status\n"
            "    :alt: %s" % (len(badges) + 1, status.replace("/", "%2F"), STATUSES[status], status)
        )
    out += badges + [""]
    if badges:
        out += [" ".join("|badge%d|" % (i + 1) for i in range(len(badges))), ""]
    out += [fragment(addon, "DESCRIPTION") or manifest.get("summary", ""), ""]
    out += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    for key, title in SECTIONS:
        text = fragment(addon, key)
        if text:
            out += [heading(title, "="), text, ""]
    out += [heading("Credits", "="), heading("Authors", "~")]
    out += ["* %s" % author.strip() for author in manifest["author"].split(",")] + [""]
    contributors = fragment(addon, "CONTRIBUTORS")
    if contributors:
        out += [heading("Contributors", "~"), contributors, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("addons", nargs="*", default=list(ADDONS))
    args = parser.parse_args()
    for addon in args.addons:
        readme = os.path.join(ROOT, addon, "README.rst")
        text = render(addon)
        if args.check:
            with open(readme, encoding="utf-8") as f:
                if f.read() != text:
                    sys.exit(
                        "readme: %s is not assembled from readme/; run dev/gen_readme.py" % readme
                    )
            print("readme: %s is current" % os.path.relpath(readme, ROOT))
            continue
        with open(readme, "w", encoding="utf-8") as f:
            f.write(text)
        print("readme: wrote %s" % os.path.relpath(readme, ROOT))


if __name__ == "__main__":
    main()
