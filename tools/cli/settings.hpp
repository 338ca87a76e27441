// What the CLI passes to the library's settings (the flags), and the User-Agent its transport
// sends, with the app id of the settings (AWS_SDK_UA_APP_ID, sdk_ua_app_id).
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "args.hpp"
#include "redrive/settings.hpp"
#include "redrive/version.hpp"

namespace redrive::cli {

// The library's SettingFlags from the common options: the flags win over the environment and the
// profile.
inline SettingFlags setting_flags(const CommonOptions& options) {
  SettingFlags flags;
  flags.profile = options.profile;
  flags.region = options.region;
  if (options.fips) flags.use_fips_endpoint = true;
  if (options.dual_stack) flags.use_dualstack_endpoint = true;
  flags.max_attempts = options.max_attempts;
  flags.retry_mode = options.retry_mode;
  flags.ca_bundle = options.ca_bundle;
  flags.endpoint_url = options.endpoint_url;
  if (options.connect_timeout_seconds)
    flags.connect_timeout = std::chrono::milliseconds(std::max(1L, static_cast<long>(*options.connect_timeout_seconds * 1000)));
  return flags;
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
