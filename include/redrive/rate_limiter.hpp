// The client-side rate limiter of the AWS SDKs' "adaptive" retry mode, as the AWS SDK for
// JavaScript v3 implements it (@smithy/core's DefaultRateLimiter): a token bucket that stays off
// until the first throttling answer, then paces requests at a fill rate that follows CUBIC
// congestion control: cut to 0.7 x the measured sending rate on each throttle, grown back along a
// cubic curve (scale 0.4) while answers succeed, never above twice the measured rate nor below
// 0.5 requests per second. The measured rate is smoothed (0.8) over half-second buckets.
//
// Sans-IO: the caller passes the time to every call; nothing here reads a clock or sleeps.
//   RateLimiter limiter(now);
//   while (auto wait = limiter.acquire(now); wait > Milliseconds{0}) now = sleep(wait);  // then send
//   limiter.update(answer_was_throttling, now);                                           // after each answer
// Arithmetic follows the JavaScript step by step (seconds as doubles, rounding to 8 decimals where
// it rounds), so both compute the same rates; tests/conformance/rate_limiter.js checks that.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "redrive/clock_skew.hpp"

namespace redrive {

namespace detail {

// JavaScript's parseFloat(x.toFixed(8)): x rounded to 8 decimals, halfway cases away from zero
// (toFixed rounds the exact value of x; std::to_chars rounds them to even, so a tie is nudged).
[[nodiscard]] inline double js_round8(double x) noexcept {
  if (!std::isfinite(x) || std::fabs(x) >= 1e21) return x;  // toFixed keeps those as they are
  // x * 1e8 exactly is p + e; it lies halfway between two integers when its fraction is 0.5.
  const double p = x * 1e8;
  const double e = std::fma(x, 1e8, -p);
  if (p - std::floor(p) - 0.5 == -e) x = std::nextafter(x, x > 0 ? HUGE_VAL : -HUGE_VAL);
  char buf[48];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 8);
  if (ec != std::errc()) return x;
  double out = x;
  std::from_chars(buf, end, out);
  return out;
}

}  // namespace detail

struct RateLimiterOptions {
  double beta = 0.7;            // the share of the rate kept after a throttle
  double min_capacity = 1;      // tokens the bucket holds at least
  double min_fill_rate = 0.5;   // requests per second at least
  double scale_constant = 0.4;  // the cubic's scale
  double smooth = 0.8;          // weight of the newest measurement in the measured rate
};

class RateLimiter {
 public:
  // `now`: when the limiter starts (the SDK creates it with the client's first request).
  explicit RateLimiter(CallTime now, RateLimiterOptions options = {}) noexcept
      : options_(options),
        fill_rate_(options.min_fill_rate),
        max_capacity_(options.min_capacity),
        last_throttle_time_(seconds(now)),
        last_tx_rate_bucket_(std::floor(seconds(now))) {}

  // A send token for one request at `now`: zero when the request may go (the token is taken), or
  // how long to wait before asking again (nothing taken). Zero until the first throttle.
  [[nodiscard]] Milliseconds acquire(CallTime now) noexcept {
    if (!enabled_) return Milliseconds{0};
    refill(now);
    if (available_tokens_ >= 1) {
      available_tokens_ -= 1;
      return Milliseconds{0};
    }
    // Rounded up to the caller's millisecond clock; a wait that still falls short (rounding) is
    // followed by another of a millisecond, as the SDK loops until the bucket has the token.
    const double ms = std::ceil((1 - available_tokens_) / fill_rate_ * 1000);
    return Milliseconds{ms >= 1 ? static_cast<Milliseconds::rep>(std::min(ms, 86'400'000.0)) : 1};
  }

  // After each answer (a transport error counts as an answer that is not throttling).
  void update(bool throttled, CallTime now) noexcept {
    const double t = seconds(now);
    update_measured_rate(t);
    double calculated = 0;
    if (throttled) {
      const double rate_to_use = enabled_ ? std::min(measured_tx_rate_, fill_rate_) : measured_tx_rate_;
      last_max_rate_ = rate_to_use;
      calculate_time_window();
      last_throttle_time_ = t;
      calculated = detail::js_round8(rate_to_use * options_.beta);
      enabled_ = true;
    } else {
      calculate_time_window();
      calculated = detail::js_round8(options_.scale_constant * std::pow(t - last_throttle_time_ - time_window_, 3) +
                           last_max_rate_);
    }
    const double new_rate = std::min(calculated, 2 * measured_tx_rate_);
    refill(now);
    fill_rate_ = std::max(new_rate, options_.min_fill_rate);
    max_capacity_ = std::max(new_rate, options_.min_capacity);
    available_tokens_ = std::min(available_tokens_, max_capacity_);
  }

  // The state, for tests and diagnostics. Rates in requests per second, times in seconds.
  [[nodiscard]] bool enabled() const noexcept { return enabled_; }
  [[nodiscard]] double fill_rate() const noexcept { return fill_rate_; }
  [[nodiscard]] double max_capacity() const noexcept { return max_capacity_; }
  [[nodiscard]] double available_tokens() const noexcept { return available_tokens_; }
  [[nodiscard]] double measured_tx_rate() const noexcept { return measured_tx_rate_; }
  [[nodiscard]] double last_max_rate() const noexcept { return last_max_rate_; }
  [[nodiscard]] double time_window() const noexcept { return time_window_; }

 private:
  // Seconds since 1970 as the SDK computes them: Date.now() / 1000.
  static double seconds(CallTime t) noexcept { return static_cast<double>(t.time_since_epoch().count()) / 1000; }

  void refill(CallTime now) noexcept {
    const double t = seconds(now);
    if (!has_last_timestamp_) {
      has_last_timestamp_ = true;
      last_timestamp_ = t;
      return;
    }
    available_tokens_ = std::min(max_capacity_, available_tokens_ + (t - last_timestamp_) * fill_rate_);
    last_timestamp_ = t;
  }

  void calculate_time_window() noexcept {
    time_window_ = detail::js_round8(std::pow(last_max_rate_ * (1 - options_.beta) / options_.scale_constant, 1.0 / 3));
  }

  void update_measured_rate(double t) noexcept {
    const double bucket = std::floor(t * 2) / 2;
    ++request_count_;
    if (bucket > last_tx_rate_bucket_) {
      const double current = request_count_ / (bucket - last_tx_rate_bucket_);
      measured_tx_rate_ = detail::js_round8(current * options_.smooth + measured_tx_rate_ * (1 - options_.smooth));
      request_count_ = 0;
      last_tx_rate_bucket_ = bucket;
    }
  }

  RateLimiterOptions options_;
  bool enabled_ = false;
  bool has_last_timestamp_ = false;
  double available_tokens_ = 0;
  double last_max_rate_ = 0;
  double measured_tx_rate_ = 0;
  double request_count_ = 0;
  double fill_rate_;
  double max_capacity_;
  double last_throttle_time_;
  double last_timestamp_ = 0;
  double last_tx_rate_bucket_;
  double time_window_ = 0;
};

}  // namespace redrive
