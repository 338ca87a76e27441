#include <doctest/doctest.h>

#include <redrive/detail/ascii.hpp>

#include <cctype>
#include <string_view>

using namespace redrive::detail;

static_assert(to_lower('A') == 'a' && to_lower('Z') == 'z' && to_lower('a') == 'a' && to_lower('@') == '@' &&
              to_lower('[') == '[');
static_assert(iequals("X-Amz-Retry-After", "x-amz-retry-after") && !iequals("retry-after", "retry-afteR2") &&
              !iequals("a", "b") && iequals("", ""));
static_assert(hex_value('0') == 0 && hex_value('9') == 9 && hex_value('a') == 10 && hex_value('F') == 15 &&
              hex_value('g') == -1 && hex_value('/') == -1);
static_assert(hex_lower[10] == 'a' && hex_upper[15] == 'F');
static_assert(trim(" \t\r\n\v\fkey = value \f") == "key = value");
static_assert(trim<is_json_space>("\n null \r") == "null" && trim<is_json_space>("\fnull") == "\fnull");
static_assert(trim_end<is_json_space>(" 12 \t") == " 12" && trim<is_blank>("\t 3 \n") == "3 \n");
static_assert(trim("   ").empty() && trim("").empty());

// The classes agree with <cctype> in the "C" locale on every byte (and say no to non-ASCII bytes).
TEST_CASE("ASCII classes match the C locale's") {
  for (int i = 0; i < 256; ++i) {
    const char c = static_cast<char>(i);
    CAPTURE(i);
    const bool ascii = i < 0x80;
    CHECK(to_lower(c) == (ascii ? static_cast<char>(std::tolower(i)) : c));
    CHECK(is_digit(c) == (ascii && std::isdigit(i) != 0));
    CHECK(is_word_char(c) == (ascii && (std::isalnum(i) != 0 || c == '_')));
    CHECK((hex_value(c) >= 0) == (ascii && std::isxdigit(i) != 0));
    CHECK(is_space(c) == (ascii && std::isspace(i) != 0));
    CHECK(is_blank(c) == (ascii && std::isblank(i) != 0));
    CHECK(is_json_space(c) == (c == ' ' || c == '\t' || c == '\n' || c == '\r'));
  }
  for (int v = 0; v < 16; ++v) {
    CHECK(hex_value(hex_lower[v]) == v);
    CHECK(hex_value(hex_upper[v]) == v);
  }
}
