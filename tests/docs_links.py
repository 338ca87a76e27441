#!/usr/bin/env python3
"""Checks that the documentation's references resolve inside the repository:
  - every relative link of README.md and docs/*.md names an existing file, and an existing heading
    when it has a #fragment (only Markdown files have headings to point at);
  - every docs/<name>.md or docs/<name>.md#section cited in the sources (code comments, scripts,
    tests, docs) exists;
  - nothing points outside the repository: no absolute path into the machine that wrote it and no
    reference sheet that is not part of the repository.
Prints one line per failure and ends with "N passed, N failed".

Usage: docs_links.py [--root DIR]
"""
import argparse
import os
import re
import sys

SKIP_DIRS = {"node_modules", "subprojects", "__pycache__", "corpus"}
TEXT_EXT = {".md", ".hpp", ".cpp", ".h", ".py", ".js", ".sh", ".build", ".txt", ".cmake", ".json", ".in"}
# Written so that this file does not match itself.
OUTSIDE = [re.compile(p) for p in (r"SQS-SPE[C]", r"\.\./shar[e]d\b", r"/wor[k]/")]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
CITED = re.compile(r"\bdocs/([A-Za-z0-9_-]+\.md)(?:#([A-Za-z0-9_-]+))?")


def source_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not d.startswith("build") and d not in SKIP_DIRS)
        for f in sorted(filenames):
            if os.path.splitext(f)[1] in TEXT_EXT or f in ("CMakeLists.txt", "meson.build", "run"):
                yield os.path.join(dirpath, f)


def markdown_lines(path):
    """(line number, text) of the lines outside fenced code blocks, inline code removed."""
    fence = None
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            m = re.match(r"^\s*(```+|~~~+)", line)
            if m:
                if fence is None:
                    fence = m.group(1)
                elif line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                    fence = None
                continue
            if fence is None:
                yield i, line.rstrip("\n")


def slug(text):
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link's text
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


_anchors = {}


def anchors(path):
    if path not in _anchors:
        found, seen = set(), {}
        for _, line in markdown_lines(path):
            m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if m:
                base = slug(m.group(1))
                n = seen.get(base, 0)
                seen[base] = n + 1
                found.add(base if n == 0 else f"{base}-{n}")
            for a in re.findall(r"<a\s+(?:id|name)=\"([^\"]+)\"", line):
                found.add(a)
        _anchors[path] = found
    return _anchors[path]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    root = os.path.abspath(ap.parse_args().root)
    passed = failed = 0

    def check(ok, where, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {where}: {what}")

    docs = os.path.join(root, "docs")
    pages = [os.path.join(root, "README.md")] + sorted(
        os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))
    for page in pages:
        rel = os.path.relpath(page, root)
        for n, line in markdown_lines(page):
            for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
                    continue
                path, _, fragment = target.partition("#")
                file = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
                where = f"{rel}:{n}"
                if not file.startswith(root + os.sep):
                    check(False, where, f"{target} points outside the repository")
                elif not os.path.exists(file):
                    check(False, where, f"{target}: no such file")
                elif fragment and not file.endswith(".md"):
                    check(False, where, f"{target}: only Markdown files have sections to link to")
                elif fragment:
                    check(fragment in anchors(file), where, f"{target}: no such section in {os.path.relpath(file, root)}")
                else:
                    check(True, where, target)

    for path in source_files(root):
        rel = os.path.relpath(path, root)
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
        except UnicodeDecodeError:
            continue
        for n, line in enumerate(lines, 1):
            where = f"{rel}:{n}"
            cited = LINK.sub("", line) if path in pages else line  # links were checked above
            for name, fragment in CITED.findall(cited):
                file = os.path.join(docs, name)
                if not os.path.exists(file):
                    check(False, where, f"docs/{name}: no such file")
                elif fragment:
                    check(fragment in anchors(file), where, f"docs/{name}#{fragment}: no such section")
                else:
                    check(True, where, name)
            for pattern in OUTSIDE:
                if pattern.search(line):
                    check(False, where, f"points outside the repository: {line.strip()}")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
