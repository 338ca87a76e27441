// Secrets in memory: SecretString, never printed and zeroed when freed, and the Credentials a
// request is signed with. No libcrypto needed.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "redrive/detail/lifetime.hpp"

namespace redrive {

namespace detail {
// Zeroes memory in a way the optimizer may not drop (the buffer is about to be freed).
inline void secure_wipe(void* p, std::size_t n) noexcept {
  auto* v = static_cast<volatile unsigned char*>(p);
  while (n--) *v++ = 0;
}

// Zeroes the whole buffer a string owns, including bytes past size() left by earlier contents.
inline void wipe_string(std::string& s) noexcept {
  s.resize(s.capacity());  // no reallocation: the capacity is already there
  secure_wipe(s.data(), s.size());
  s.clear();
}

// A std::string whose whole buffer is zeroed before it is freed or overwritten.
struct WipedString {
  std::string text;

  WipedString() = default;
  explicit WipedString(std::string_view s) : text(s) {}
  WipedString(const WipedString&) = default;
  WipedString(WipedString&& other) noexcept : text(std::move(other.text)) {}
  WipedString& operator=(const WipedString& other) {
    if (this != &other) {
      wipe_string(text);
      text = other.text;
    }
    return *this;
  }
  WipedString& operator=(WipedString&& other) noexcept {
    if (this != &other) {
      wipe_string(text);
      text.swap(other.text);  // `other` now holds our zeroed buffer
    }
    return *this;
  }
  ~WipedString() { wipe_string(text); }
};
}  // namespace detail

// A string holding a secret: it is never printed (no stream operator, no implicit conversion)
// and its buffer is zeroed when it is destroyed or overwritten. Reading it is explicit: reveal().
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string_view s) : value_(s) {}

  [[nodiscard]] std::string_view reveal() const noexcept REDRIVE_LIFETIME_BOUND { return value_.text; }
  [[nodiscard]] bool empty() const noexcept { return value_.text.empty(); }
  std::size_t size() const noexcept { return value_.text.size(); }

 private:
  detail::WipedString value_;
};

// Credentials for signing. The access key ID is not secret (it travels in the Authorization
// header); the secret access key and the session token are.
struct Credentials {
  std::string access_key_id;
  SecretString secret_access_key;
  SecretString session_token;  // empty for long-term (IAM user) keys
  // When temporary credentials stop working; none for long-term keys.
  std::optional<std::chrono::sys_seconds> expiration{};
};

}  // namespace redrive
