#include <doctest/doctest.h>

#include <redrive/retry.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace redrive;
using std::chrono::milliseconds;

namespace {

ServiceError error(std::string name, int status, std::string message = {}) {
  ServiceError e;
  e.code = service_errc_from(name);
  e.name = std::move(name);
  e.http_status = status;
  e.message = std::move(message);
  return e;
}

}  // namespace

// ---- compile time ---------------------------------------------------------------------------
constexpr RetryPolicy standard{};
static_assert(standard.max_attempts == 3 && standard.base_delay == milliseconds(50) &&
              standard.throttling_base_delay == milliseconds(1000) && standard.max_backoff == milliseconds(20000));
static_assert(backoff_delay(standard, 1, false, 0.5) == milliseconds(25));
static_assert(backoff_delay(standard, 2, false, 0.5) == milliseconds(50));
static_assert(backoff_delay(standard, 3, false, 0.5) == milliseconds(100));
static_assert(backoff_delay(standard, 1, true, 0.5) == milliseconds(500));
static_assert(backoff_delay(standard, 2, true, 0.999) == milliseconds(1998));
static_assert(backoff_delay(standard, 0, false, 0.0) == milliseconds(0));
// The cap applies before the jitter: 50 ms * 2^19 > 20 s.
static_assert(backoff_delay(standard, 20, false, 0.5) == milliseconds(10000));
static_assert(backoff_delay(standard, 1'000'000, true, 0.75) == milliseconds(15000));
static_assert(decide_retry(standard, 1, RetryKind::Throttling, 0.5) == RetryDecision{true, milliseconds(500)});
static_assert(decide_retry(standard, 2, RetryKind::Transient, 0.5) == RetryDecision{true, milliseconds(50)});
static_assert(decide_retry(standard, 3, RetryKind::Transient, 0.5) == RetryDecision{});  // attempts used up
static_assert(decide_retry(standard, 1, RetryKind::NotRetryable, 0.5) == RetryDecision{});
static_assert(decide_retry(standard, 1, TransportFailure::Timeout, 0.5).retry);
static_assert(decide_retry(RetryPolicy{.max_attempts = 1}, 1, RetryKind::Throttling, 0.5) == RetryDecision{});

TEST_CASE("random values outside [0, 1) are clamped") {
  CHECK(backoff_delay(standard, 1, true, -1.0) == milliseconds(0));
  CHECK(backoff_delay(standard, 1, true, std::numeric_limits<double>::quiet_NaN()) == milliseconds(0));
  CHECK(backoff_delay(standard, 1, true, 1.0) == milliseconds(999));
  CHECK(backoff_delay(standard, 1, true, 7.0) == milliseconds(999));
}

TEST_CASE("classification follows the JS SDK: throttling, transient, the rest") {
  CHECK(retry_kind(error("RequestThrottled", 403)) == RetryKind::Throttling);
  CHECK(retry_kind(error("ThrottlingException", 400)) == RetryKind::Throttling);
  CHECK(retry_kind(error("SomethingElse", 429)) == RetryKind::Throttling);
  CHECK(retry_kind(error("InternalError", 500)) == RetryKind::Transient);
  CHECK(retry_kind(error("ServiceUnavailable", 503)) == RetryKind::Transient);
  CHECK(retry_kind(error("Unknown", 504)) == RetryKind::Transient);
  CHECK(retry_kind(error("RequestTimeout", 400)) == RetryKind::Transient);
  CHECK(retry_kind(error("InvalidSignatureException", 400, "Signature expired: 20150830T123600Z is now earlier")) ==
        RetryKind::Transient);
  CHECK(retry_kind(error("InvalidSignatureException", 400, "The signature does not match")) == RetryKind::NotRetryable);
  CHECK(retry_kind(error("ResourceNotFoundException", 404)) == RetryKind::NotRetryable);
  CHECK(retry_kind(error("InvalidParameterValue", 400)) == RetryKind::NotRetryable);
  CHECK(retry_kind(error("NotImplemented", 501)) == RetryKind::NotRetryable);
  CHECK(retry_kind(TransportFailure::Connection) == RetryKind::Transient);

  CHECK(decide_retry(standard, 1, error("RequestThrottled", 403), 0.25) == RetryDecision{true, milliseconds(250)});
  CHECK(decide_retry(standard, 1, error("InternalError", 500), 0.25) == RetryDecision{true, milliseconds(12)});
  CHECK(!decide_retry(standard, 1, error("ResourceNotFoundException", 404), 0.25).retry);
}

TEST_CASE("a server hint lengthens the wait by at most 5 s over the backoff") {
  CHECK(decide_retry(standard, 1, RetryKind::Transient, 0.5, milliseconds(300)).delay == milliseconds(300));
  CHECK(decide_retry(standard, 1, RetryKind::Transient, 0.5, milliseconds(10)).delay == milliseconds(25));
  CHECK(decide_retry(standard, 1, RetryKind::Transient, 0.5, milliseconds(60000)).delay == milliseconds(5025));
  CHECK(!decide_retry(standard, 1, RetryKind::NotRetryable, 0.5, milliseconds(300)).retry);
}

TEST_CASE("retry_after_hint reads x-amz-retry-after (ms) and Retry-After (s)") {
  auto hint = [](std::string_view name, std::string_view value) {
    HeaderView h{name, value};
    return retry_after_hint(HttpResponse{503, std::span<const HeaderView>(&h, 1), {}});
  };
  CHECK(hint("x-amz-retry-after", "1500") == milliseconds(1500));
  CHECK(hint("X-Amz-Retry-After", " 20 ") == milliseconds(20));
  CHECK(hint("Retry-After", "2") == milliseconds(2000));
  CHECK(hint("retry-after", "0.5") == milliseconds(500));
  CHECK(hint("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT") == std::nullopt);
  CHECK(hint("x-amz-retry-after", "soon") == std::nullopt);
  CHECK(hint("x-amz-retry-after", "") == std::nullopt);
  CHECK(hint("x-amz-retry-after", ".") == std::nullopt);
  CHECK(hint("content-type", "5") == std::nullopt);
}

TEST_CASE("the retry quota: 500 tokens, 14 per retry, 5 per throttled retry, refunds on success") {
  RetryQuota quota;
  CHECK(quota.available() == 500);
  for (int i = 0; i < 35; ++i) REQUIRE(quota.acquire(RetryKind::Transient) == 14);
  CHECK(quota.available() == 10);
  CHECK(quota.acquire(RetryKind::Transient) == 0);  // 10 < 14
  CHECK(quota.available() == 10);
  CHECK(quota.acquire(RetryKind::Throttling) == 5);  // 5 <= 10
  CHECK(quota.available() == 5);
  quota.record_success(5);  // refunds the call's last retry
  CHECK(quota.available() == 10);
  quota.record_success();  // a success without retries: +1
  CHECK(quota.available() == 11);
  CHECK(quota.acquire(RetryKind::NotRetryable) == 0);
  RetryQuota full;
  full.record_success();
  CHECK(full.available() == 500);  // never above the capacity
}

TEST_CASE("RetryState: bounded delays, the attempt limit, and a drained quota") {
  RetryState retry(RetryPolicy{}, 42);
  auto d1 = retry.after(error("RequestThrottled", 403), 1);
  REQUIRE(d1);
  CHECK(*d1 < milliseconds(1000));
  auto d2 = retry.after_transport_error(2, TransportFailure::Timeout);
  REQUIRE(d2);
  CHECK(*d2 < milliseconds(100));
  CHECK(!retry.after(error("InternalError", 500), 3));  // attempts used up: the call gives up
  CHECK(retry.quota().available() == 500 - 5 - 14);
  retry.record_success();  // the next call succeeds at once: +1, not the refund of a call that gave up
  CHECK(retry.quota().available() == 500 - 5 - 14 + 1);
  CHECK(retry.after(error("ServiceUnavailable", 503), 1));
  retry.record_success();  // a call that succeeded after one retry gets that retry's cost back
  CHECK(retry.quota().available() == 500 - 5 - 14 + 1);
  CHECK(!retry.after(error("ResourceNotFoundException", 404), 1));
  CHECK(retry.quota().available() == 500 - 5 - 14 + 1);

  RetryState drained(RetryPolicy{.quota_capacity = 20}, 1);
  CHECK(drained.after(RetryKind::Transient, 1));
  CHECK(!drained.after(RetryKind::Transient, 1));  // 6 tokens left
  CHECK(drained.after(RetryKind::Throttling, 1));

  // Other base delays are a policy away.
  RetryPolicy legacy{.base_delay = milliseconds(100), .throttling_base_delay = milliseconds(500)};
  CHECK(backoff_delay(legacy, 2, false, 0.5) == milliseconds(100));
  CHECK(backoff_delay(legacy, 1, true, 0.5) == milliseconds(250));
}

TEST_CASE("RetryState: each delay is the backoff at the next number of its seeded generator") {
  // The numbers RetryState should draw, drawn here from a generator of the same seed: one uniform
  // double in [0, 1) per decision.
  auto draws = [](std::uint64_t seed) {
    std::mt19937_64 generator(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<double> r;
    for (int i = 0; i < 3; ++i) r.push_back(uniform(generator));
    return r;
  };
  // The jittered backoff: that fraction of the ceiling, rounded down to a millisecond.
  auto jitter = [](double random01, int ceiling_ms) {
    return milliseconds(static_cast<std::int64_t>(std::floor(random01 * ceiling_ms)));
  };
  std::vector<std::vector<std::optional<milliseconds>>> sequences;
  for (std::uint64_t seed : {1u, 2u, 7u, 42u}) {
    CAPTURE(seed);
    const std::vector<double> r = draws(seed);
    const std::vector<milliseconds> expected = {jitter(r[0], 1000), jitter(r[1], 100), jitter(r[2], 50)};
    REQUIRE(expected[0] > milliseconds(0));  // so a RetryState that never waits cannot pass
    RetryState retry(RetryPolicy{}, seed);
    const auto throttled = retry.after(error("RequestThrottled", 403), 1);  // ceiling 1000 ms
    const auto timed_out = retry.after_transport_error(2);                  // 50 ms * 2
    retry.record_success();
    const auto failed = retry.after(error("InternalError", 500), 1);  // 50 ms
    CHECK(throttled == expected[0]);
    CHECK(timed_out == expected[1]);
    CHECK(failed == expected[2]);
    // The same seed gives the same delays.
    RetryState again(RetryPolicy{}, seed);
    CHECK(again.after(RetryKind::Throttling, 1) == expected[0]);
    sequences.push_back({throttled, timed_out, failed});
  }
  // Different seeds give different delays.
  for (std::size_t i = 0; i < sequences.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(sequences[i] != sequences[j]);
      CHECK(sequences[i][0] != sequences[j][0]);
    }
}
