#!/usr/bin/env bash
# Builds and runs one small consumer project per way of using redrive, each in a temporary
# directory, against a snapshot of the current checkout (its working tree: tracked and untracked
# files that git does not ignore). Prints "ok NAME" or "FAIL NAME" per case (with the end of its
# log), then "N passed, N failed"; KEEP_WORK=1 keeps the directory.
# Needs meson, ninja, cmake, make, pkg-config, git and $CXX (default g++-12).
#   meson-wrap-file     subprojects/redrive.wrap [wrap-file], the tarball in packagecache
#   meson-wrap-git      subprojects/redrive.wrap [wrap-git] of a local git repository
#   cmake-fetchcontent  FetchContent_Declare(GIT_REPOSITORY ...) + FetchContent_MakeAvailable
#   cmake-find-package  cmake --install to a prefix, find_package(redrive CONFIG REQUIRED)
#   meson-find-package  meson install (prefix /opt/redrive, staged with --destdir), then the
#                       cmake-find-package project against the staged tree
#   pkg-config          meson install to a prefix, a plain Makefile using pkg-config (redrive and
#                       redrive-sigv4)
#   single-header       redrive-single.hpp alone, compiled by hand
#   cmake-self-tests    redrive's own CMake build as the top-level project, with ctest; its
#                       tests must be the ones Meson defines, by name
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export CXX=${CXX:-g++-12}
VERSION=$(sed -n "s/^[[:space:]]*version:[[:space:]]*'\([0-9]*\.[0-9]*\.[0-9]*\)'.*/\1/p" "$ROOT/meson.build" | head -n 1)
ARN=arn:aws:sqs:us-east-1:123456789012:orders
WORK=$(mktemp -d)
if [ -n "${KEEP_WORK:-}" ]; then echo "work directory: $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
NAME=redrive-$VERSION
SRC=$WORK/$NAME

# ---- the snapshot, as a directory, a release-like tarball and a tagged git repository ----------
snapshot() {
  mkdir -p "$SRC"
  if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) |
      tar -C "$ROOT" --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -C "$SRC" -xf -
  else
    tar -C "$ROOT" --exclude=./.git --exclude='./build*' --exclude=node_modules -cf - . | tar -C "$SRC" -xf -
  fi
  tar -C "$WORK" -czf "$WORK/$NAME.tar.gz" "$NAME"
  cp -a "$SRC" "$WORK/redrive-git"
  git -C "$WORK/redrive-git" init -q
  git -C "$WORK/redrive-git" add -A
  git -C "$WORK/redrive-git" -c user.name=ci -c user.email=ci@localhost commit -q -m snapshot
  git -C "$WORK/redrive-git" tag "v$VERSION"
}

# project NAME DIR: a fresh copy of tests/consumers/DIR plus main.cpp and sigv4_consumer.cpp, as
# $WORK/NAME.
project() {
  mkdir -p "$WORK/$1"
  cp -a "$HERE/$2/." "$WORK/$1/"
  cp "$HERE/main.cpp" "$HERE/sigv4_consumer.cpp" "$WORK/$1/"
  cd "$WORK/$1"
}

# same_headers PREFIX: every header under include/ was installed under PREFIX/include.
same_headers() {
  diff <(cd "$SRC/include" && find . -name '*.hpp' | sort) <(cd "$1/include" && find . -name '*.hpp' | sort)
}

# same_cmake_package PREFIX: the CMake package files that both installs write are under PREFIX.
same_cmake_package() {
  diff <(printf '%s\n' redriveConfig.cmake redriveConfigVersion.cmake redriveSigv4Targets.cmake \
    redriveTargets.cmake) <(LC_ALL=C ls "$1/share/cmake/redrive")
}

# test_names: the sorted test names in `meson introspect --tests` or `ctest --show-only=json-v1`.
test_names() {
  python3 -c 'import json, sys
d = json.load(sys.stdin)
print("\n".join(sorted(t["name"] for t in (d["tests"] if isinstance(d, dict) else d))))'
}

# ---- the cases ---------------------------------------------------------------------------------
meson_subproject_checks() {  # the subproject built no tests and no CLI
  [ ! -e "build/subprojects/$NAME/tests" ] || { echo "redrive's tests were built in a subproject"; return 1; }
  [ ! -e "build/subprojects/$NAME/redrive" ] || { echo "the redrive CLI was built in a subproject"; return 1; }
}

case_meson_wrap_file() {
  project meson-wrap-file meson
  mkdir -p subprojects/packagecache
  cp "$WORK/$NAME.tar.gz" subprojects/packagecache/
  cat >subprojects/redrive.wrap <<EOF
[wrap-file]
directory = $NAME
source_url = https://example.invalid/$NAME.tar.gz
source_filename = $NAME.tar.gz
source_hash = $(sha256sum "$WORK/$NAME.tar.gz" | cut -d' ' -f1)

[provide]
dependency_names = redrive
EOF
  meson setup build --wrap-mode=nodownload --force-fallback-for=redrive
  ninja -C build
  meson_subproject_checks
  ./build/consumer "$VERSION" "$ARN"
}

case_meson_wrap_git() {
  project meson-wrap-git meson
  mkdir -p subprojects
  cat >subprojects/redrive.wrap <<EOF
[wrap-git]
url = file://$WORK/redrive-git
revision = v$VERSION
depth = 1
directory = $NAME

[provide]
dependency_names = redrive
EOF
  # Not nodownload: that refuses git wraps too. This one only clones the local repository.
  meson setup build --force-fallback-for=redrive
  ninja -C build
  meson_subproject_checks
  ./build/consumer "$VERSION" "$ARN"
}

case_cmake_fetchcontent() {
  project cmake-fetchcontent cmake-fetchcontent
  cmake -S . -B build -DREDRIVE_GIT_REPOSITORY="file://$WORK/redrive-git" -DREDRIVE_GIT_TAG="v$VERSION"
  cmake --build build
  ./build/consumer "$VERSION" "$ARN"
}

case_cmake_find_package() {
  local prefix=$WORK/prefix-cmake
  cmake -S "$SRC" -B "$WORK/redrive-cmake-build" -DCMAKE_INSTALL_PREFIX="$prefix"
  cmake --install "$WORK/redrive-cmake-build"
  same_headers "$prefix"
  same_cmake_package "$prefix"
  project cmake-find-package cmake-find-package
  cmake -S . -B build -DCMAKE_PREFIX_PATH="$prefix" -DREDRIVE_EXPECTED_VERSION="$VERSION"
  cmake --build build
  ./build/consumer "$VERSION" "$ARN"
  ./build/sigv4_consumer
}

case_meson_find_package() {
  # Installed for /opt/redrive but found under the staging directory: the package is relocatable.
  local stage=$WORK/stage-meson prefix=$WORK/stage-meson/opt/redrive
  meson setup "$WORK/redrive-meson-cmake" "$SRC" --wrap-mode=nodownload --prefix=/opt/redrive \
    -Dtests=disabled -Dtools=disabled -Dfuzz=disabled -Dbenchmarks=disabled
  meson install -C "$WORK/redrive-meson-cmake" --destdir "$stage"
  same_headers "$prefix"
  same_cmake_package "$prefix"
  project meson-find-package cmake-find-package
  cmake -S . -B build -DCMAKE_PREFIX_PATH="$prefix" -DREDRIVE_EXPECTED_VERSION="$VERSION"
  grep -qx "redrive_DIR:PATH=$prefix/share/cmake/redrive" build/CMakeCache.txt ||
    { echo "find_package(redrive) did not find the Meson install"; return 1; }
  cmake --build build
  ./build/consumer "$VERSION" "$ARN"
  ./build/sigv4_consumer
}

case_pkg_config() {
  local prefix=$WORK/prefix-meson
  meson setup "$WORK/redrive-meson-build" "$SRC" --wrap-mode=nodownload --prefix="$prefix" \
    -Dtests=disabled -Dtools=disabled -Dfuzz=disabled -Dbenchmarks=disabled
  meson install -C "$WORK/redrive-meson-build"
  same_headers "$prefix"
  local pc
  pc=$(find "$prefix" -name redrive.pc)
  [ -n "$pc" ] || { echo "no redrive.pc installed"; return 1; }
  cat "$pc"
  [ -n "$(find "$prefix" -name redrive-sigv4.pc)" ] || { echo "no redrive-sigv4.pc installed"; return 1; }
  project pkg-config pkg-config
  PKG_CONFIG_PATH=$(dirname "$pc") make
  ./consumer "$VERSION" "$ARN"
  ./sigv4_consumer
}

case_single_header() {
  mkdir -p "$WORK/single-header" && cd "$WORK/single-header"
  cp "$SRC/redrive-single.hpp" "$HERE/main.cpp" .
  # shellcheck disable=SC2046
  $CXX -std=c++23 -Wall -Wextra -Wpedantic -Werror -DREDRIVE_CONSUMER_SINGLE_HEADER main.cpp -o consumer \
    $(pkg-config --cflags --libs simdjson)
  ./consumer "$VERSION" "$ARN"
}

case_cmake_self_tests() {
  local build=$WORK/redrive-cmake-self
  cmake -S "$SRC" -B "$build"
  cmake --build "$build" -j "$(nproc)"
  [ -e "$build/tests/redrive_unit_tests" ] || { echo "doctest not found: no tests built"; return 1; }
  ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
  # The same test names as Meson's tests/meson.build (configured only, not built).
  meson setup "$WORK/redrive-meson-tests" "$SRC" --wrap-mode=nodownload \
    -Dtests=enabled -Dtools=disabled -Dfuzz=disabled -Dbenchmarks=disabled
  diff -u --label meson --label ctest <(meson introspect --tests "$WORK/redrive-meson-tests" | test_names) \
    <(ctest --test-dir "$build" --show-only=json-v1 | test_names)
}

# ---- driver ------------------------------------------------------------------------------------
PASSED=0
FAILED=0
run_case() {  # run_case NAME FUNCTION: runs FUNCTION with `set -e` in a subshell, output in a log
  local log=$WORK/$1.log
  # Not `if (...)` or `(...) ||`: bash ignores set -e inside a tested command.
  (set -e; "$2") >"$log" 2>&1
  # shellcheck disable=SC2181
  if [ $? -eq 0 ]; then
    echo "ok $1"; PASSED=$((PASSED + 1))
  else
    echo "FAIL $1"; FAILED=$((FAILED + 1)); tail -n 60 "$log" | sed 's/^/    /'
  fi
}

if [ -z "$VERSION" ]; then echo "no version in meson.build"; echo "0 passed, 1 failed"; exit 1; fi
if ! (set -e; snapshot) >"$WORK/snapshot.log" 2>&1; then
  echo "FAIL snapshot"; sed 's/^/    /' "$WORK/snapshot.log"; echo "0 passed, 1 failed"; exit 1
fi
run_case meson-wrap-file case_meson_wrap_file
run_case meson-wrap-git case_meson_wrap_git
run_case cmake-fetchcontent case_cmake_fetchcontent
run_case cmake-find-package case_cmake_find_package
run_case meson-find-package case_meson_find_package
run_case pkg-config case_pkg_config
run_case single-header case_single_header
run_case cmake-self-tests case_cmake_self_tests

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
