#!/usr/bin/env bash
# Runs every libFuzzer target of a build for a bounded time and reports each target's figures.
# Usage: tests/fuzz/run.sh BUILDDIR SECONDS
# Each target starts from its committed seed corpus (copied: the committed one is not changed)
# plus what earlier runs in the same build directory found, uses its dictionary if there is one,
# and fails on any crash, leak, timeout or sanitizer report. A failing input is saved to
# BUILDDIR/fuzz-artifacts/ and its path printed. Prints "fuzz_x: N execs, cov C, ft F" and
# "ok"/"FAIL" per target and a final "N passed, N failed". The build must hold exactly the
# targets of EXPECTED: a missing one fails (so does one not in the list, until it is added).
set -uo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 BUILDDIR SECONDS" >&2; exit 2; fi
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd)
seconds=$2
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

EXPECTED=(fuzz_arn fuzz_call fuzz_cli fuzz_decode fuzz_encode fuzz_ini fuzz_metadata fuzz_process_json fuzz_sigv4 fuzz_sts)

passed=0
failed=0
shopt -s nullglob
targets=()
for exe in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$exe" ] && [ -f "$exe" ] && targets+=("$(basename "$exe")")
done
for name in "${EXPECTED[@]}"; do
  if [[ " ${targets[*]} " != *" $name "* ]]; then
    echo "FAIL $name: not built in $build/tests/fuzz"; failed=$((failed + 1))
  fi
done
for name in "${targets[@]}"; do
  if [[ " ${EXPECTED[*]} " != *" $name "* ]]; then
    echo "FAIL $name: not in the expected list of tests/fuzz/run.sh (add it there)"; failed=$((failed + 1))
  fi
done
for name in "${targets[@]}"; do
  exe=$build/tests/fuzz/$name
  work=$build/fuzz-corpus/$name
  mkdir -p "$work"
  [ -d "$here/corpus/$name" ] && cp -n "$here/corpus/$name"/* "$work"/ 2>/dev/null
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
        -artifact_prefix="$artifacts/$name-")
  [ -f "$here/$name.dict" ] && args+=(-dict="$here/$name.dict")
  log=$build/fuzz-$name.log
  rm -f "$artifacts/$name-"*
  "$exe" "${args[@]}" "$work" >"$log" 2>&1
  rc=$?
  execs=$(grep -E '^stat::number_of_executed_units:' "$log" | tail -n 1 | awk '{print $2}')
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
  [ -n "$done_line" ] || done_line=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -n 1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$done_line")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$done_line")
  echo "$name: ${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?}"
  if [ "$rc" -eq 0 ] && ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|property failed' "$log"; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name (exit $rc; log $log)"
    grep -E -A 30 'ERROR: |runtime error:|property failed|Test unit written' "$log" | head -n 60
    for a in "$artifacts/$name-"*; do echo "artifact: $a"; done
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
