"""Prints "N passed, N failed" for a Meson testlog.json: doctest runs count by their test cases,
every other test counts as one (EXPECTEDFAIL is a pass, SKIP a failure). A missing or empty log,
and a doctest run without a test case, are failures too. Exits 1 when anything failed."""
import json
import re
import sys

passed = failed = 0
try:
    with open(sys.argv[1]) as log:
        tests = [json.loads(line) for line in log if line.strip()]
except (OSError, ValueError) as e:
    print(f"cannot read the test log {sys.argv[1]}: {e}")
    tests = None
if not tests:
    if tests is not None:
        print(f"no test in {sys.argv[1]}")
    print("0 passed, 1 failed")
    sys.exit(1)
for t in tests:
    ok = t["result"] in ("OK", "EXPECTEDFAIL")
    if t["result"] == "SKIP":
        print(f"skipped: {t.get('name')}")
    m = re.search(r"\[doctest\] test cases:\s*(\d+) \|\s*(\d+) passed \|\s*(\d+) failed", t.get("stdout") or "")
    if m and int(m.group(1)) == 0:
        print(f"no test case in {t.get('name')}")
        failed += 1
    elif m:
        passed += int(m.group(2))
        failed += int(m.group(3))
        if not ok and int(m.group(3)) == 0:
            failed += 1
    elif ok:
        passed += 1
    else:
        failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
