// Generated from meson.build's `version:` by tools/amalgamate.py: edit meson.build, then run
// `python3 tools/amalgamate.py`. The library is header-only, so the version must be a header.
#pragma once

#define REDRIVE_VERSION_MAJOR 0
#define REDRIVE_VERSION_MINOR 1
#define REDRIVE_VERSION_PATCH 0
#define REDRIVE_VERSION "0.1.0"
