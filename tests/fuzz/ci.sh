#!/usr/bin/env bash
# The fuzzing step of CI, also for local runs: fetches simdjson's source (or falls back to the
# shared library, with a notice; with CI=true that is a failure), configures and builds the
# fuzzers with clang-19 in BUILDDIR (every target, SigV4 included, or the configure step fails),
# then runs each for SECONDS (tests/fuzz/run.sh). Ends with run.sh's "N passed, N failed".
# Usage: tests/fuzz/ci.sh [SECONDS [BUILDDIR]]     (default 60 s per target, build-fuzz)
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=${2:-build-fuzz}
fail() { echo "fuzz: $1"; echo "0 passed, 1 failed"; exit 1; }

if simdjson_src=$(bash tests/fuzz/fetch_simdjson.sh "$build-cache"); then
  echo "fuzz: simdjson compiled from $simdjson_src"
else
  [ "${CI:-}" = true ] && fail "simdjson source unavailable: under CI the fuzzers must not fall back to the uninstrumented libsimdjson"
  simdjson_src=""
  echo "fuzz: NOTICE: simdjson source unavailable; the fuzzers use the shared, uninstrumented libsimdjson"
fi

options=(-Dfuzz=enabled -Dsigv4=enabled -Dtests=disabled -Dtools=disabled -Dbenchmarks=disabled
         -Dexamples=disabled -Dfuzz_simdjson_src="$simdjson_src")
if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" "${options[@]}" >/dev/null || fail "meson setup failed"
else
  CXX=clang++-19 meson setup "$build" --wrap-mode=nodownload "${options[@]}" || fail "meson setup failed"
fi
ninja -C "$build" fuzz || fail "build failed"
bash tests/fuzz/run.sh "$build" "$seconds"
