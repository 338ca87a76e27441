// What a state machine of the call path (a Call, a TaskFollower, a credentials fetch) asks the
// code that drives it to do next: send a request, wait, or nothing more.
#pragma once

#include <cstdint>

#include "redrive/clock_skew.hpp"
#include "redrive/http.hpp"

namespace redrive {

struct Step {
  enum class Kind : std::uint8_t { Send, Wait, Done };
  Kind kind = Kind::Done;
  // Send: the request to send, valid until the machine is fed or asked again.
  const HttpRequest* request = nullptr;
  // Wait: ask again at (or after) this time.
  CallTime wake_at{};

  [[nodiscard]] bool sending() const noexcept { return kind == Kind::Send; }
  [[nodiscard]] bool waiting() const noexcept { return kind == Kind::Wait; }
  [[nodiscard]] bool done() const noexcept { return kind == Kind::Done; }
};

}  // namespace redrive
