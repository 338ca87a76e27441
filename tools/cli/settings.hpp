// Settings the CLI reads from the environment itself, for now: AWS_CA_BUNDLE, AWS_RETRY_MODE and
// AWS_SDK_UA_APP_ID (a flag, where there is one, wins over them). Each is one function, to be
// replaced by the library's resolution, which adds the profile's ca_bundle, retry_mode and
// sdk_ua_app_id after the environment.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "redrive/credentials/environment.hpp"
#include "redrive/retry.hpp"
#include "redrive/version.hpp"

namespace redrive::cli {

inline std::optional<std::string_view> env_value(const GetEnv& env, const char* name) {
  const char* v = env(name);
  if (!v || !*v) return std::nullopt;
  return std::string_view(v);
}

// AWS_CA_BUNDLE: a file of CA certificates to verify TLS with.
inline std::optional<std::string> ca_bundle_from_env(const GetEnv& env = process_env) {
  auto v = env_value(env, "AWS_CA_BUNDLE");
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

// AWS_RETRY_MODE as the AWS SDK for JavaScript reads it: "adaptive" is adaptive, anything else
// standard. `unknown` is set to a value that is neither, which the SDK ignores silently.
inline RetryMode retry_mode_from_env(std::optional<std::string>& unknown, const GetEnv& env = process_env) {
  auto v = env_value(env, "AWS_RETRY_MODE");
  if (!v) return RetryMode::Standard;
  auto mode = parse_retry_mode(*v);
  if (!mode) unknown = std::string(*v);
  return mode.value_or(RetryMode::Standard);
}

// AWS_SDK_UA_APP_ID: an application id for the User-Agent.
inline std::optional<std::string> app_id_from_env(const GetEnv& env = process_env) {
  auto v = env_value(env, "AWS_SDK_UA_APP_ID");
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

// The SDKs recommend app ids of at most 50 characters; a longer one is still sent, with a warning.
inline constexpr std::size_t app_id_recommended_max = 50;

// The User-Agent the transport sends: "redrive/<version>", then "app/<id>" with an app id, escaped
// as the AWS SDK for JavaScript escapes it: each character other than letters, digits and
// !$%&'*+-.^_`|~# becomes '-' (one per UTF-16 unit, so two for a character beyond U+FFFF).
inline std::string user_agent(std::optional<std::string_view> app_id) {
  std::string out = "redrive/" REDRIVE_VERSION;
  if (!app_id || app_id->empty()) return out;
  out += " app/";
  constexpr std::string_view kept = "!$%&'*+-.^_`|~#";
  for (char ch : *app_id) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      const bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      out += alnum || kept.find(ch) != std::string_view::npos ? ch : '-';
    } else if (c >= 0xF0) {
      out += "--";  // the first byte of a 4-byte sequence: a surrogate pair in UTF-16
    } else if (c >= 0xC0) {
      out += '-';
    }  // continuation bytes: already counted
  }
  return out;
}

}  // namespace redrive::cli
