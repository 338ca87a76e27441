// The public JSON writer (redrive/json_write.hpp) and the request id of a response.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "redrive/json_write.hpp"
#include "redrive/service_error.hpp"

using namespace std::string_view_literals;

namespace {
std::string json_string(std::string_view s) {
  std::string out = "x";  // appends, never overwrites
  redrive::append_json_string(out, s);
  return out;
}
std::string json_int(std::int64_t v) {
  std::string out;
  redrive::append_json_int(out, v);
  return out;
}
}  // namespace

TEST_CASE("append_json_string escapes as JSON.stringify does") {
  CHECK(json_string("") == R"(x"")");
  CHECK(json_string("plain / text") == R"(x"plain / text")");
  CHECK(json_string("q\"b\\") == R"(x"q\"b\\")");
  CHECK(json_string("\b\f\n\r\t") == R"(x"\b\f\n\r\t")");
  CHECK(json_string("\x01\x1f"sv) == R"(x"\u0001\u001f")");
  CHECK(json_string("a\0b"sv) == R"(x"a\u0000b")");
  CHECK(json_string("\x7f\xc3\xa9") == "x\"\x7f\xc3\xa9\"");  // DEL and UTF-8 stay raw
}

TEST_CASE("append_json_int: the whole int64 range") {
  CHECK(json_int(0) == "0");
  CHECK(json_int(-42) == "-42");
  CHECK(json_int(std::numeric_limits<std::int64_t>::max()) == "9223372036854775807");
  CHECK(json_int(std::numeric_limits<std::int64_t>::min()) == "-9223372036854775808");
}

TEST_CASE("request_id_of: the SDK's header, then its fallbacks, any case") {
  using redrive::HeaderView;
  using redrive::HttpResponse;
  const HeaderView all[] = {{"X-Amz-Request-Id", "c"}, {"x-amzn-request-id", "b"}, {"X-Amzn-RequestId", "a"}};
  CHECK(redrive::request_id_of(HttpResponse{200, all, ""}) == "a");
  CHECK(redrive::request_id_of(HttpResponse{200, std::span(all).first(2), ""}) == "b");
  CHECK(redrive::request_id_of(HttpResponse{200, std::span(all).first(1), ""}) == "c");
  CHECK(redrive::request_id_of(HttpResponse{200, {}, ""}).empty());
}
