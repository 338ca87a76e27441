// Writing JSON text: a string literal escaped byte-for-byte as JavaScript's JSON.stringify
// escapes it, and an integer. The encoder writes request bodies with these; they are public so that
// a program printing redrive's values as JSON (the CLI does) writes them the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "redrive/detail/ascii.hpp"

namespace redrive {

// Appends `s` as a JSON string literal: \" \\ \b \f \n \r \t, other control characters as
// \u00xx (lower-case hex), everything else (including '/', DEL and non-ASCII UTF-8) raw.
inline void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    out += '\\';
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '\b': out += 'b'; break;
      case '\f': out += 'f'; break;
      case '\n': out += 'n'; break;
      case '\r': out += 'r'; break;
      case '\t': out += 't'; break;
      default:
        out += "u00";
        out += detail::hex_lower[c >> 4];
        out += detail::hex_lower[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

// Appends `v` in decimal, as JSON writes an integer.
inline void append_json_int(std::string& out, std::int64_t v) {
  char buf[24];
  char* end = buf + sizeof buf;
  char* p = end;
  // Work in unsigned so INT64_MIN negates without overflow.
  std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  out.append(p, static_cast<std::size_t>(end - p));
}

}  // namespace redrive
