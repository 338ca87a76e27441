// The credentials document of the container endpoint and the instance metadata service, and the
// URLs of their settings, on arbitrary bytes. Checked:
//  - parsing in place (padded with junk) and from a copy give the same credentials or error;
//  - when an independent JSON parser (nlohmann-json) rejects the body, so does the parser; when
//    it accepts an object, the credentials are accepted exactly when its last AccessKeyId,
//    SecretAccessKey, Token and Expiration are strings (the first two non-empty, Expiration ISO
//    8601), with the same bytes; an error never quotes the input;
//  - metadata_error_text quotes no control character;
//  - the input as AWS_CONTAINER_CREDENTIALS_FULL_URI: accepted settings are https or an allowed
//    http host, and their path holds only URL characters; as an IMDS endpoint: no crash.
// Input: the body; the last byte picks the padding's junk byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <redrive/credentials.hpp>

#include "fuzz_check.hpp"

using namespace redrive;
using nlohmann::json;

namespace {

struct Oracle {
  json value;
  bool accepted = false;
  std::size_t max_depth = 0;
};

Oracle parse_oracle(std::string_view body) {
  Oracle o;
  std::size_t depth = 0;
  auto callback = [&](int, json::parse_event_t event, json&) {
    if (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) {
      if (++depth > o.max_depth) o.max_depth = depth;
    } else if ((event == json::parse_event_t::object_end || event == json::parse_event_t::array_end) && depth) {
      --depth;
    }
    return true;
  };
  o.value = json::parse(body.begin(), body.end(), callback, /*allow_exceptions=*/false);
  // nlohmann stops at a NUL byte as if the input ended there; raw NUL is never valid JSON.
  o.accepted = !o.value.is_discarded() && body.find('\0') == std::string_view::npos;
  return o;
}

std::string summary(const std::expected<Credentials, std::string>& r) {
  if (!r) return "error:" + r.error();
  std::string s = r->access_key_id + '|' + std::string(r->secret_access_key.reveal()) + '|' +
                  std::string(r->session_token.reveal()) + '|';
  if (r->expiration) s += std::to_string(r->expiration->time_since_epoch().count());
  return s;
}

void check_document(std::string_view body, char junk) {
  const auto copied = parse_metadata_credentials(body);
  std::string padded = std::string(body) + std::string(required_padding + 3, junk);
  const auto in_place = parse_metadata_credentials(std::string_view(padded).substr(0, body.size()), padded.size() - body.size());
  FUZZ_CHECK(summary(copied) == summary(in_place));
  if (!copied) FUZZ_CHECK(copied.error().starts_with("the credentials document"));
  for (char c : metadata_error_text(body, 0)) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);

  const Oracle oracle = parse_oracle(body);
  if (!oracle.accepted) {
    FUZZ_CHECK(!copied);
    return;
  }
  if (oracle.max_depth >= 1000) return;  // simdjson's depth limit; nlohmann has none
  const json& v = oracle.value;
  auto text = [&](const char* name) -> const std::string* {
    if (!v.is_object()) return nullptr;
    auto it = v.find(name);
    return it != v.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
  };
  const std::string *key = text("AccessKeyId"), *secret = text("SecretAccessKey"), *token = text("Token"),
                    *expiration = text("Expiration");
  const bool valid = key && secret && token && expiration && !key->empty() && !secret->empty() &&
                     parse_iso8601(*expiration).has_value();
  FUZZ_CHECK(copied.has_value() == valid);
  if (!copied) return;
  FUZZ_CHECK(copied->access_key_id == *key);
  FUZZ_CHECK(copied->secret_access_key.reveal() == *secret);
  FUZZ_CHECK(copied->session_token.reveal() == *token);
  FUZZ_CHECK(copied->expiration == parse_iso8601(*expiration));
}

void check_urls(const std::string& url) {
  if (url.find('\0') != std::string::npos) return;
  auto env = [&](const char* name) -> const char* {
    return std::string_view(name) == "AWS_CONTAINER_CREDENTIALS_FULL_URI" ? url.c_str() : nullptr;
  };
  auto s = container_settings(env);
  FUZZ_CHECK(s.has_value() == !url.empty());
  if (s && *s) {
    const ContainerSettings& c = **s;
    FUZZ_CHECK(c.scheme == "https" || c.scheme == "http");
    FUZZ_CHECK(!c.path.empty() && c.path.front() == '/');
    for (char ch : c.path) FUZZ_CHECK(detail::is_path_char(ch) || ch == '?');
    if (c.scheme == "http") {
      std::string_view host = c.host;
      host = host.front() == '[' ? host.substr(0, host.find(']') + 1) : host.substr(0, host.find(':'));
      FUZZ_CHECK(detail::container_http_host_allowed(host));
    }
  } else if (s) {
    FUZZ_CHECK(s->error().code == CredentialsErrc::ContainerFailed);
  }
  auto imds = imds_settings(GetEnv{}, url, url);
  if (imds) FUZZ_CHECK(imds->scheme == "http" || imds->scheme == "https");
  else FUZZ_CHECK(imds.error().code == CredentialsErrc::InstanceMetadataFailed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const char junk = size ? input.back() : '}';
  check_document(input, junk);
  check_urls(std::string(input));
  return 0;
}
