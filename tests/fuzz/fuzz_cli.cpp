// The JSON-lines input of `redrive encode|decode|sign` on arbitrary bytes: every line gets exactly
// one output line that is a valid JSON object (checked with nlohmann-json): either
// {"error":{..."code","message"...}} or the command's own shape; the same line always gives the
// same output; an encoded request's body is JSON and its content-length is the body's size.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.hpp"
#include "cli/line_handlers.hpp"

using nlohmann::json;

namespace {

json parse_output(const std::string& out) {
  FUZZ_CHECK(!out.empty() && out.find('\n') == std::string::npos);
  json j = json::parse(out, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!j.is_discarded() && j.is_object());
  return j;
}

// true when the output is an error object (which is then checked).
bool is_error(const json& j) {
  auto it = j.find("error");
  if (it == j.end()) return false;
  FUZZ_CHECK(j.size() == 1 && it->is_object());
  FUZZ_CHECK(it->contains("code") && (*it)["code"].is_string() && !(*it)["code"].get<std::string>().empty());
  FUZZ_CHECK(it->contains("message") && ((*it)["message"].is_string() || (*it)["message"].is_null()));
  return true;
}

void check_encode(std::string_view line) {
  std::string out = redrive::cli::handle_encode_line(line);
  FUZZ_CHECK(out == redrive::cli::handle_encode_line(line));
  json j = parse_output(out);
  if (is_error(j)) return;
  for (const char* key : {"method", "scheme", "host", "path", "body"})
    FUZZ_CHECK(j.contains(key) && j[key].is_string());
  FUZZ_CHECK(j.contains("headers") && j["headers"].is_object());
  const std::string& body = j["body"].get_ref<const std::string&>();
  FUZZ_CHECK(j["headers"]["content-length"] == std::to_string(body.size()));
  json parsed = json::parse(body, nullptr, false);
  FUZZ_CHECK(!parsed.is_discarded() && parsed.is_object());
}

void check_decode(std::string_view line) {
  std::string out = redrive::cli::handle_decode_line(line);
  FUZZ_CHECK(out == redrive::cli::handle_decode_line(line));
  json j = parse_output(out);
  if (is_error(j)) return;
  FUZZ_CHECK(j.contains("output") && j["output"].is_object());
  FUZZ_CHECK(j.contains("request_id") && (j["request_id"].is_string() || j["request_id"].is_null()));
}

#ifdef REDRIVE_HAVE_LIBCRYPTO
void check_sign(std::string_view line) {
  std::string out = redrive::cli::handle_sign_line(line);
  FUZZ_CHECK(out == redrive::cli::handle_sign_line(line));
  json j = parse_output(out);
  if (is_error(j)) return;
  FUZZ_CHECK(j.size() == 1 && j.contains("headers") && j["headers"].is_object());
  const json& h = j["headers"];
  FUZZ_CHECK(h.contains("authorization") && h["authorization"].is_string());
  FUZZ_CHECK(h["authorization"].get<std::string>().starts_with("AWS4-HMAC-SHA256 Credential="));
  FUZZ_CHECK(h.contains("x-amz-date") && h["x-amz-date"].get<std::string>().size() == 16);
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  check_encode(line);
  check_decode(line);
#ifdef REDRIVE_HAVE_LIBCRYPTO
  check_sign(line);
#endif
  return 0;
}
