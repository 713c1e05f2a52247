"""The root README stays a page a newcomer reads in minutes, and every
document it (or the documents it leads to) links to exists.

Figures, logs and the addon's feature text live elsewhere (docs/, benchmarks/,
smart_pipeline/readme/); the README links to them. A relative link is a
markdown link or image whose target has no URL scheme and is not a bare
``#anchor``; its ``#fragment`` is ignored, its path is relative to the file
that holds it.
"""

import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
README = os.path.join(ROOT, "README.md")
MAX_BYTES = 15000

# [text](target) and ![alt](target), target up to the first space or ")"
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def markdown_files():
    """The README and the markdown documents kept beside it."""
    files = [README, os.path.join(ROOT, "benchmarks", "README.md")]
    docs = os.path.join(ROOT, "docs")
    files += sorted(os.path.join(docs, name) for name in os.listdir(docs) if name.endswith(".md"))
    return [path for path in files if os.path.exists(path)]


def relative_links(text):
    """The relative link targets of a markdown text, outside code blocks."""
    targets = []
    in_code = False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            in_code = not in_code
            continue
        if in_code:
            continue
        # inline code spans are not links
        line = re.sub(r"`[^`]*`", "", line)
        for target in LINK.findall(line):
            if SCHEME.match(target) or target.startswith("#"):
                continue
            targets.append(target.split("#", 1)[0])
    return targets


def missing_links(path):
    with open(path, encoding="utf-8") as fp:
        text = fp.read()
    base = os.path.dirname(path)
    return [
        target
        for target in relative_links(text)
        if not os.path.exists(os.path.normpath(os.path.join(base, target)))
    ]


def test_readme_size():
    size = os.path.getsize(README)
    assert size <= MAX_BYTES, (
        "README.md is %d bytes (at most %d): move figures and details to docs/" % (size, MAX_BYTES)
    )


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: os.path.relpath(p, ROOT))
def test_relative_links_exist(path):
    assert missing_links(path) == []


def test_relative_links_parser():
    """The parser finds links and images, skips URLs, anchors and code."""
    text = "\n".join(
        [
            "See [the docs](docs/a.md#part) and ![shot](docs/s.png).",
            "[web](https://example.org) [mail](mailto:a@b.c) [here](#top)",
            "`[not](a/link.md)`",
            "```",
            "[not](in/code.md)",
            "```",
            '[two](x.md) [links](y/z.md "title")',
        ]
    )
    assert relative_links(text) == ["docs/a.md", "docs/s.png", "x.md", "y/z.md"]


def test_missing_link_found(tmp_path):
    """A link to a file that does not exist is reported (the check can fail)."""
    (tmp_path / "there.md").write_text("x")
    doc = tmp_path / "doc.md"
    doc.write_text("[ok](there.md) [gone](gone.md) [dir](./)\n")
    assert missing_links(str(doc)) == ["gone.md"]
