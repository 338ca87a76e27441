#!/usr/bin/env python3
"""Runs a compile command that must fail, and passes only when it fails for the expected reason:
every error is reported at one source location, and a diagnostic (error or note) names MARKER.
A file that stops compiling for some other reason (a typo, a missing header) then fails the test
instead of passing it. (Clang reports a bad constant initializer as two errors at one place.)

Usage: expect_error.py MARKER COMPILER [ARGUMENTS...]
"""
import re
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    marker, command = sys.argv[1], sys.argv[2:] + ["-fdiagnostics-color=never"]
    result = subprocess.run(command, capture_output=True, text=True)
    lines = (result.stdout + result.stderr).splitlines()
    errors = [line for line in lines if re.search(r"\berror: ", line)]
    places = set()  # file:line of each error (the whole line when it has no location)
    for line in errors:
        located = re.match(r"(.*?:\d+):\d+: (?:fatal )?error: ", line)
        places.add(located.group(1) if located else line)
    naming = [line for line in lines if re.search(r"\b(error|note): .*" + re.escape(marker), line)]
    problem = None
    if result.returncode == 0:
        problem = "it compiled"
    elif len(places) != 1:
        problem = f"errors at {len(places)} places instead of 1"
    elif not naming:
        problem = f"no diagnostic names {marker}"
    if problem:
        print(f"FAIL: {problem}: {' '.join(command)}")
        print("\n".join(lines))
        return 1
    print(f"ok: rejected, naming {marker}: {errors[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
