"""Prints "N passed, N failed" for a Meson testlog.json: doctest runs count by their test cases,
every other test counts as one (EXPECTEDFAIL is a pass)."""
import json
import re
import sys

passed = failed = 0
with open(sys.argv[1]) as log:
    for line in log:
        t = json.loads(line)
        ok = t["result"] in ("OK", "EXPECTEDFAIL")
        m = re.search(r"\[doctest\] test cases:\s*(\d+) \|\s*(\d+) passed \|\s*(\d+) failed", t.get("stdout") or "")
        if m:
            passed += int(m.group(2))
            failed += int(m.group(3))
            if not ok and int(m.group(3)) == 0:
                failed += 1
        elif ok:
            passed += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed")
