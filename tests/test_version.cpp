#include <doctest/doctest.h>

#include <redrive.hpp>
#include <redrive/version.hpp>
#include <string>
#include <string_view>

// tests/meson.build (and CMakeLists.txt) pass the version their build file declares.
#ifndef REDRIVE_BUILD_VERSION
#error "build with -DREDRIVE_BUILD_VERSION=\"X.Y.Z\""
#endif

// The numeric macros work in #if.
#if REDRIVE_VERSION_MAJOR < 0 || REDRIVE_VERSION_MINOR < 0 || REDRIVE_VERSION_PATCH < 0
#error "version components must be non-negative integers"
#endif

TEST_CASE("version.hpp says what meson.build says (run python3 tools/amalgamate.py if not)") {
  CHECK(std::string_view(REDRIVE_VERSION) == std::string_view(REDRIVE_BUILD_VERSION));
}

TEST_CASE("REDRIVE_VERSION is MAJOR.MINOR.PATCH") {
  std::string joined = std::to_string(REDRIVE_VERSION_MAJOR) + '.' + std::to_string(REDRIVE_VERSION_MINOR) + '.' +
                       std::to_string(REDRIVE_VERSION_PATCH);
  CHECK(joined == REDRIVE_VERSION);
}
