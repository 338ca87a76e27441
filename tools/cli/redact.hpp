// Secrets in what the CLI prints: a request's session token (x-amz-security-token) is shown as
// <redacted> unless the user asked for it (--dry-run=curl --show-secrets, sign --show-secrets).
// The secret access key never appears in a request; the signature and the access key id are not
// secrets.
#pragma once

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

}  // namespace redrive::cli
