#!/usr/bin/env bash
# Fetches the source of the installed simdjson from Debian's archive (apt-get source, with a
# private deb-src list: the system's apt configuration is not touched) and prints the directory
# holding its amalgamated simdjson.cpp and simdjson.h, for -Dfuzz_simdjson_src=DIR.
# Usage: tests/fuzz/fetch_simdjson.sh CACHEDIR      (exit 1, with a message, when not possible)
set -euo pipefail
cache=$(mkdir -p "$1" && cd "$1" && pwd)
version=$(dpkg-query -W -f='${source:Upstream-Version}' libsimdjson-dev 2>/dev/null || true)
if [ -z "$version" ]; then echo "fetch_simdjson: libsimdjson-dev is not installed" >&2; exit 1; fi
out=$cache/simdjson-$version/singleheader
if [ -f "$out/simdjson.cpp" ] && [ -f "$out/simdjson.h" ]; then echo "$out"; exit 0; fi

apt_dir=$cache/apt
mkdir -p "$apt_dir/lists/partial"
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
echo "deb-src http://deb.debian.org/debian $suite main" >"$apt_dir/sources.list"
apt_opts=(-o Dir::Etc::sourcelist="$apt_dir/sources.list" -o Dir::Etc::sourceparts=-
          -o Dir::State::Lists="$apt_dir/lists" -o APT::Get::List-Cleanup=0 -qq)
if ! apt-get "${apt_opts[@]}" update >&2 ||
   ! (cd "$cache" && apt-get "${apt_opts[@]}" source --download-only "simdjson=$(dpkg-query -W -f='${Version}' libsimdjson-dev)") >&2; then
  echo "fetch_simdjson: apt-get source simdjson failed (no network?)" >&2
  exit 1
fi
tarball=$(ls "$cache"/simdjson_"$version".orig.tar.* | head -n 1)
tar -xf "$tarball" -C "$cache" "simdjson-$version/singleheader/simdjson.cpp" "simdjson-$version/singleheader/simdjson.h"
# The header must be the installed one, or the fuzzers would test another simdjson.
if ! cmp -s "$out/simdjson.h" /usr/include/simdjson.h; then
  echo "fetch_simdjson: the source's simdjson.h differs from /usr/include/simdjson.h" >&2
  exit 1
fi
echo "$out"
