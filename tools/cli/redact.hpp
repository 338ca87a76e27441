// Secrets in what the CLI prints: a request's session token (x-amz-security-token) is shown as
// <redacted> unless the user asked for it (--dry-run=curl --show-secrets, sign --show-secrets).
// The secret access key never appears in a request; the signature and the access key id are not
// secrets.
#pragma once

#include <string>
#include <string_view>

#include "redrive/detail/ascii.hpp"
#include "redrive/http.hpp"
#include "redrive/secret.hpp"

namespace redrive::cli {

inline constexpr std::string_view redacted = "<redacted>";

// Headers whose value is a secret.
inline bool is_secret_header(std::string_view name) noexcept {
  return detail::iequals(name, "x-amz-security-token");
}

// Replaces the value of each secret header with <redacted>; returns whether there was one.
inline bool redact_secrets(HttpRequest& request) {
  bool any = false;
  for (auto& h : request.headers) {
    if (!is_secret_header(h.name)) continue;
    detail::wipe_string(h.value);
    h.value = redacted;
    any = true;
  }
  return any;
}

// A URL as it may be shown (an endpoint rejected for its user info): the password of
// "scheme://user:password@host" as '*', one per byte, so a caret under the URL still points right.
inline std::string mask_password(std::string_view url) {
  std::string out(url);
  const auto start = out.find("://");
  if (start == std::string::npos) return out;
  const auto authority = start + 3;
  const auto end = out.find_first_of("/?#", authority);
  const auto at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < authority) return out;
  const auto colon = out.find(':', authority);
  if (colon == std::string::npos || colon > at) return out;
  for (auto i = colon + 1; i < at; ++i) out[i] = '*';
  return out;
}

}  // namespace redrive::cli
