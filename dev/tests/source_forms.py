"""The scan behind the "one rule, one home" checks (test_position_forms,
test_timezone_forms): the lines of an addon's Python, tests and migrations
left out, where a rule is written in a form that belongs to its home."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def addon_sources(addon):
    """The Python files of ``addon`` (a folder under ROOT) but its tests
    and migrations."""
    for folder, _dirs, files in os.walk(os.path.join(ROOT, addon)):
        if os.sep + "tests" in folder or "migrations" in folder:
            continue
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def forms_found(pattern, addons, home, allowed=()):
    """ "path:line: text" of each line of ``addons`` that ``pattern``
    matches, outside ``home`` (a path relative to ROOT) and the
    (path, text) pairs of ``allowed``."""
    found = []
    for addon in addons:
        for path in addon_sources(addon):
            relative = os.path.relpath(path, ROOT)
            if relative == home:
                continue
            with open(path, encoding="utf-8") as source:
                for number, line in enumerate(source, 1):
                    if not pattern.search(line):
                        continue
                    if any(relative == where and text in line for where, text in allowed):
                        continue
                    found.append("%s:%s: %s" % (relative, number, line.strip()))
    return found
