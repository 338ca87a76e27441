// The AWS SDKs' "standard" retry mode: which failures to retry, how long to wait (exponential
// backoff with full jitter), and the retry quota (a token bucket that stops retries when most
// calls fail). Values follow the AWS SDK for JavaScript v3 as installed for the conformance
// tests (@smithy/core 3.41 StandardRetryStrategy with its 2026 retry behaviour,
// docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html):
//   3 attempts; backoff base 50 ms, or 1000 ms after a throttling error; at most 20 s;
//   quota of 500 tokens, a retry costs 14 (5 after throttling), a successful call returns the cost
//   of its own last retry (1 if it needed none); a call that gives up returns nothing.
// The decision is a pure function of its inputs; randomness is a parameter (a double in [0, 1)).
// RetryState wraps it with a quota and a random source for a client that just wants to loop.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

#include "redrive/detail/lifetime.hpp"
#include "redrive/detail/ascii.hpp"
#include "redrive/http.hpp"
#include "redrive/service_error.hpp"

namespace redrive {

// The AWS SDKs' retry modes: "standard", or "adaptive", which adds a client-side rate limiter
// (rate_limiter.hpp) that paces a Client's requests once the service throttles them.
enum class RetryMode : std::uint8_t { Standard, Adaptive };

// "standard" or "adaptive" (AWS_RETRY_MODE, retry_mode in a profile); anything else is nullopt.
[[nodiscard]] constexpr std::optional<RetryMode> parse_retry_mode(std::string_view s) noexcept {
  if (s == "standard") return RetryMode::Standard;
  if (s == "adaptive") return RetryMode::Adaptive;
  return std::nullopt;
}

struct RetryPolicy {
  int max_attempts = 3;  // the first attempt included
  std::chrono::milliseconds base_delay{50};
  std::chrono::milliseconds throttling_base_delay{1000};
  std::chrono::milliseconds max_backoff{20'000};
  // The retry quota.
  int quota_capacity = 500;
  int retry_cost = 14;
  int throttling_retry_cost = 5;
  int no_retry_increment = 1;
  // Adaptive: a Client also paces its calls' attempts with a RateLimiter (call.hpp).
  RetryMode mode = RetryMode::Standard;
};

// How the SDKs classify a failure for retrying (JS getRetryErrorType).
enum class RetryKind : std::uint8_t {
  NotRetryable,  // client errors (and 5xx other than 500/502/503/504)
  Throttling,    // 429, RequestThrottled, ThrottlingException, ...
  Transient,     // 500/502/503/504, timeouts, connection failures
};

[[nodiscard]] inline RetryKind retry_kind(const ServiceError& e) noexcept {
  if (e.is_throttling()) return RetryKind::Throttling;
  if (e.is_transient()) return RetryKind::Transient;
  return RetryKind::NotRetryable;
}
[[nodiscard]] constexpr RetryKind retry_kind(TransportFailure) noexcept { return RetryKind::Transient; }

struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds delay{0};  // wait this long before the next attempt (0 when not retrying)
  bool operator==(const RetryDecision&) const = default;
};

// The wait before retry number `attempt` (the attempt that just failed, from 1): a uniformly
// random fraction `random01` of min(base * 2^(attempt-1), max_backoff), rounded down to a
// millisecond. The cap applies before the jitter, as in the 2026 SDK behaviour.
[[nodiscard]] constexpr std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt, bool throttling,
                                                                double random01) noexcept {
  if (!(random01 >= 0.0)) random01 = 0.0;  // also catches NaN
  if (random01 >= 1.0) random01 = 0.9999999999999999;  // the largest double below 1
  const double base = static_cast<double>((throttling ? policy.throttling_base_delay : policy.base_delay).count());
  const double cap = static_cast<double>(policy.max_backoff.count());
  double ceiling = base;
  for (int i = 1; i < attempt && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  if (!(ceiling > 0)) return std::chrono::milliseconds{0};
  return std::chrono::milliseconds{static_cast<std::int64_t>(random01 * ceiling)};
}

// Whether to retry after `attempt` (from 1) failed with a failure of `kind`, and the wait. A
// server hint (x-amz-retry-after, see retry_after_hint) may lengthen the wait, by at most 5 s over
// the computed backoff, as the SDKs allow. The retry quota is not consulted here (see RetryQuota).
[[nodiscard]] constexpr RetryDecision decide_retry(
    const RetryPolicy& policy, int attempt, RetryKind kind, double random01,
    std::optional<std::chrono::milliseconds> hint = std::nullopt) noexcept {
  if (kind == RetryKind::NotRetryable || attempt >= policy.max_attempts) return {};
  auto delay = backoff_delay(policy, attempt < 1 ? 1 : attempt, kind == RetryKind::Throttling, random01);
  // value_or, not `hint && *hint > delay`: GCC 12 warns that the latter may read an uninitialized
  // payload once RetryState::after is inlined (-Wmaybe-uninitialized). delay is never negative.
  const std::chrono::milliseconds wanted = hint.value_or(std::chrono::milliseconds{0});
  if (wanted > delay) delay = std::min(wanted, delay + std::chrono::milliseconds{5000});
  return {true, delay};
}

[[nodiscard]] inline RetryDecision decide_retry(const RetryPolicy& policy, int attempt, const ServiceError& error,
                                                double random01,
                                                std::optional<std::chrono::milliseconds> hint = std::nullopt) noexcept {
  return decide_retry(policy, attempt, retry_kind(error), random01, hint);
}

[[nodiscard]] constexpr RetryDecision decide_retry(const RetryPolicy& policy, int attempt, TransportFailure failure,
                                                   double random01) noexcept {
  return decide_retry(policy, attempt, retry_kind(failure), random01);
}

// The server's requested wait, if the response names one: x-amz-retry-after (milliseconds) or
// Retry-After in seconds. Retry-After as an HTTP date is ignored (that would need a clock).
[[nodiscard]] inline std::optional<std::chrono::milliseconds> retry_after_hint(const HttpResponse& response) noexcept {
  auto number = [](std::string_view s, double scale) -> std::optional<std::chrono::milliseconds> {
    s = detail::trim<detail::is_blank>(s);
    if (s.empty() || s.size() > 15) return std::nullopt;
    double value = 0, frac = 0.1;
    bool dot = false, digits = false;
    for (char c : s) {
      if (c == '.' && !dot) {
        dot = true;
      } else if (c >= '0' && c <= '9') {
        digits = true;
        if (dot) {
          value += (c - '0') * frac;
          frac /= 10;
        } else {
          value = value * 10 + (c - '0');
        }
      } else {
        return std::nullopt;
      }
    }
    if (!digits) return std::nullopt;
    return std::chrono::milliseconds{static_cast<std::int64_t>(value * scale)};
  };
  for (const auto& h : response.headers) {
    if (detail::iequals(h.name, "x-amz-retry-after")) return number(h.value, 1);
    if (detail::iequals(h.name, "retry-after")) return number(h.value, 1000);
  }
  return std::nullopt;
}

// The retry quota: retries draw tokens, successes give some back, and when the bucket runs dry
// failures are returned at once instead of retried (so a fleet of clients does not pile retries
// on a struggling service). Keep one per client; it is not thread-safe.
class RetryQuota {
 public:
  explicit RetryQuota(const RetryPolicy& policy = {}) noexcept : policy_(policy), capacity_(policy.quota_capacity) {}

  // Takes the tokens for one retry of `kind` and returns how many; 0 (nothing taken) when there
  // are too few or `kind` is not retryable.
  [[nodiscard]] int acquire(RetryKind kind) noexcept {
    const int cost = kind == RetryKind::Throttling ? policy_.throttling_retry_cost : policy_.retry_cost;
    if (kind == RetryKind::NotRetryable || capacity_ < cost) return 0;
    capacity_ -= cost;
    return cost;
  }
  // A call succeeded: gives back what acquire() returned for the call's last retry, or the small
  // no-retry increment when the call needed no retry (last_retry_cost 0).
  void record_success(int last_retry_cost = 0) noexcept {
    capacity_ = std::min(policy_.quota_capacity,
                         capacity_ + (last_retry_cost > 0 ? last_retry_cost : policy_.no_retry_increment));
  }
  [[nodiscard]] int available() const noexcept { return capacity_; }

 private:
  RetryPolicy policy_;
  int capacity_;
};

// decide_retry + a RetryQuota + a random source, for a client loop:
//   RetryState retry(policy);
//   for (int attempt = 1;; ++attempt) {
//     ... send; on success: retry.record_success(); break;
//     if (auto wait = retry.after(error, attempt)) sleep_for(*wait); else give up;
//   }
class RetryState {
 public:
  explicit RetryState(const RetryPolicy& policy = {}, std::uint64_t seed = std::random_device{}())
      : policy_(policy), quota_(policy), random_(seed) {}

  // The wait before the next attempt, or nullopt to give up (not retryable, attempts used up, or
  // the quota is exhausted).
  [[nodiscard]] std::optional<std::chrono::milliseconds> after(
      const ServiceError& error, int attempt, std::optional<std::chrono::milliseconds> hint = std::nullopt) {
    return after(retry_kind(error), attempt, hint);
  }
  [[nodiscard]] std::optional<std::chrono::milliseconds> after_transport_error(
      int attempt, TransportFailure failure = TransportFailure::Connection) {
    return after(retry_kind(failure), attempt, std::nullopt);
  }
  [[nodiscard]] std::optional<std::chrono::milliseconds> after(
      RetryKind kind, int attempt, std::optional<std::chrono::milliseconds> hint = std::nullopt) {
    const auto d = decide_retry(policy_, attempt, kind, next_random(), hint);
    const int cost = d.retry ? quota_.acquire(kind) : 0;
    last_retry_cost_ = cost;
    if (cost == 0) return std::nullopt;
    return d.delay;
  }
  // The call succeeded (call it on every success, also without failures before it).
  void record_success() noexcept {
    quota_.record_success(last_retry_cost_);
    last_retry_cost_ = 0;
  }

  const RetryQuota& quota() const noexcept REDRIVE_LIFETIME_BOUND { return quota_; }

 private:
  double next_random() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

  RetryPolicy policy_;
  RetryQuota quota_;
  int last_retry_cost_ = 0;  // the current call's last retry, 0 when it has made none
  std::mt19937_64 random_;
};

}  // namespace redrive
