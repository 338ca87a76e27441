// ASCII character helpers, independent of the C locale: case folding, character classes, hex
// digits and trimming. Bytes outside ASCII belong to no class and are left as they are.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace redrive::detail {

constexpr char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive equality (ASCII letters only), e.g. for HTTP header names.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A regex \w character: [A-Za-z0-9_].
constexpr bool is_word_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

inline constexpr char hex_lower[] = "0123456789abcdef";
inline constexpr char hex_upper[] = "0123456789ABCDEF";

// The value of a hex digit (either case), or -1.
constexpr int hex_value(char c) noexcept {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Whitespace, in the three senses the formats here use:
// what C's isspace accepts (the shared config files),
constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
// JSON's whitespace (RFC 8259: space, tab, LF, CR),
constexpr bool is_json_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// and HTTP's optional whitespace around a header value (RFC 9110 OWS: space, tab).
constexpr bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

using CharClass = bool (*)(char) noexcept;

// `s` without the leading and trailing characters of class `Space` (trim_end: trailing only).
template <CharClass Space = is_space>
constexpr std::string_view trim_end(std::string_view s) noexcept {
  while (!s.empty() && Space(s.back())) s.remove_suffix(1);
  return s;
}
template <CharClass Space = is_space>
constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && Space(s.front())) s.remove_prefix(1);
  return trim_end<Space>(s);
}

// `text` for an error message: control characters as '?', cut after `limit` bytes ("..."). What a
// service or a file says may hold anything.
inline std::string printable(std::string_view text, std::size_t limit = 512) {
  std::string out;
  for (char c : text.substr(0, limit)) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  if (text.size() > limit) out += "...";
  return out;
}

}  // namespace redrive::detail
