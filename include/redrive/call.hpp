// One operation call as a sans-IO state machine: encode, sign, send, retry, correct the clock,
// decode. It never touches a socket, reads a clock or sleeps: the caller asks next(now) what to do
// (send this request, wait until then, or done), performs it with any HTTP stack, and feeds the
// answer back with on_response / on_transport_error.
//
//   redrive::Client client(endpoint);           // one per endpoint: quota and clock offset live here
//   client.sign_with(redrive::Signer(credentials));
//   redrive::Call call(client, request);
//   for (auto step = call.next(now()); !step.done(); step = call.next(now())) {
//     if (step.waiting()) { sleep_until(step.wake_at); continue; }
//     auto response = send(*step.request);   // your HTTP stack
//     if (response) call.on_response(response->view(), response->padding(), now());
//     else call.on_transport_error(response.error(), now());
//   }
//   const auto& outcome = call.outcome();  // std::expected<Owned…Result, ServiceError>
//
// redrive::call(client, request, transport) runs that loop with the system clock.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include "redrive/clock_skew.hpp"
#include "redrive/credentials/provider.hpp"
#include "redrive/decode.hpp"
#include "redrive/encode.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/http.hpp"
#include "redrive/operations.hpp"
#include "redrive/rate_limiter.hpp"
#include "redrive/retry.hpp"
#include "redrive/service_error.hpp"
#include "redrive/step.hpp"

namespace redrive {

// Signs a request in place at a time; returns an error message when it cannot.
using SignFunction = std::function<std::optional<std::string>(HttpRequest&, std::chrono::sys_seconds)>;

// What a Signer-like type offers (sigv4.hpp's Signer is one): sign(request, region, service, time)
// returning something that converts to bool, true when signed.
template <class S>
concept RequestSigner = requires(S& s, HttpRequest& r, std::chrono::sys_seconds t) {
  { static_cast<bool>(s.sign(r, std::string_view{}, std::string_view{}, t)) };
};

// How long before their expiration credentials are fetched again (the AWS SDKs' window).
inline constexpr Milliseconds credentials_refresh_window{std::chrono::minutes{5}};
// After a failed refresh inside that window, how long the credentials in hand are used before the
// next attempt.
inline constexpr Milliseconds credentials_retry_interval{std::chrono::seconds{30}};

// What stays between calls to one endpoint: the retry policy and its quota, the clock offset,
// the signing function, a Decoder and a random source for backoff jitter. Not thread-safe; calls
// made with one Client run one after the other.
class Client {
 public:
  explicit Client(Endpoint endpoint, RetryPolicy policy = {}, std::uint64_t seed = std::random_device{}())
      : endpoint_(std::move(endpoint)), policy_(policy), quota_(policy), random_(seed) {}

  // Signs every request with `signer` (moved in) for the endpoint's signing region and "sqs".
  template <RequestSigner S>
    requires(!std::is_lvalue_reference_v<S>)
  void sign_with(S&& signer) {
    sign_with(owning_sign_function(std::move(signer), std::string(endpoint_.signing_region())));
  }
  // Signs with a signer that the caller keeps alive for as long as this Client is used.
  template <RequestSigner S>
  void sign_with(S& signer) {
    sign_with([&signer, region = std::string(endpoint_.signing_region())](HttpRequest& r, std::chrono::sys_seconds t) {
      return signed_or_message(signer.sign(r, region, "sqs", t));
    });
  }
  void sign_with(SignFunction sign) {
    provider_ = nullptr;
    credentials_.reset();
    sign_ = std::move(sign);
  }
  // Signs with credentials from `provider`, fetched on the call path (a call's next() hands out the
  // provider's requests before its own) when first needed, again once they are within
  // credentials_refresh_window of their expiration, and again when the service answers
  // ExpiredToken. `make_signer(credentials)` makes the signer for each set; with sigv4.hpp:
  // [](const Credentials& c) { return Signer(c); }.
  template <class MakeSigner>
    requires RequestSigner<std::invoke_result_t<MakeSigner&, const Credentials&>>
  void sign_with(std::shared_ptr<CredentialsProvider> provider, MakeSigner make_signer) {
    sign_ = nullptr;
    credentials_.reset();
    provider_ = std::move(provider);
    make_sign_ = [region = std::string(endpoint_.signing_region()),
                  make_signer = std::move(make_signer)](const Credentials& c) mutable {
      return owning_sign_function(make_signer(c), region);
    };
  }
  // Requests go out unsigned (a local endpoint, or --dry-run without credentials).
  void unsigned_requests() { sign_with(SignFunction{}); }

  // Whether requests are signed: with a fixed signer, or with a provider's credentials.
  [[nodiscard]] bool signs() const noexcept { return static_cast<bool>(sign_) || provider_ != nullptr; }
  // The provider's credentials last fetched (none before the first call, or without a provider).
  [[nodiscard]] const std::optional<ProvidedCredentials>& credentials() const noexcept { return credentials_; }
  [[nodiscard]] const Endpoint& endpoint() const noexcept { return endpoint_; }
  [[nodiscard]] const RetryPolicy& retry_policy() const noexcept { return policy_; }
  [[nodiscard]] const RetryQuota& retry_quota() const noexcept { return quota_; }
  // Server time minus the caller's clock, as learned from responses' Date headers.
  [[nodiscard]] Milliseconds clock_offset() const noexcept { return offset_; }
  void set_clock_offset(Milliseconds offset) noexcept { offset_ = offset; }
  // Adaptive retry mode: the rate limiter that paces this client's attempts, made at its first
  // attempt; null in standard mode and before.
  [[nodiscard]] const RateLimiter* rate_limiter() const noexcept { return limiter_ ? &*limiter_ : nullptr; }

 private:
  template <OperationRequest>
  friend class Call;

  template <class R>
  static std::optional<std::string> signed_or_message(const R& result) {
    if (result) return std::nullopt;
    if constexpr (requires { message(result.error()); }) return std::string(message(result.error()));
    else return std::string("the request could not be signed");
  }

  double next_random() { return std::uniform_real_distribution<double>(0.0, 1.0)(random_); }

  [[nodiscard]] bool needs_credentials(CallTime now) const noexcept {
    if (!provider_) return false;
    if (!credentials_) return true;
    const auto& expiration = credentials_->credentials.expiration;
    if (!expiration || CallTime{*expiration} - now >= credentials_refresh_window) return false;
    // Within the window: fetch again, but not on every call after a failed attempt.
    return !refresh_failed_at_ || now - *refresh_failed_at_ >= credentials_retry_interval;
  }
  [[nodiscard]] bool still_valid(CallTime now) const noexcept {
    return credentials_ && sign_ && (!credentials_->credentials.expiration || CallTime{*credentials_->credentials.expiration} > now);
  }
  void adopt(ProvidedCredentials credentials) {
    refresh_failed_at_.reset();
    credentials_ = std::move(credentials);
    sign_ = make_sign_(credentials_->credentials);
  }

  template <RequestSigner S>
  static SignFunction owning_sign_function(S&& signer, std::string region) {
    auto owned = std::make_shared<std::remove_cvref_t<S>>(std::move(signer));
    return [owned, region = std::move(region)](HttpRequest& r, std::chrono::sys_seconds t) {
      return signed_or_message(owned->sign(r, region, "sqs", t));
    };
  }

  // Adaptive mode: a send token for an attempt at `now`, or how long to wait for one.
  Milliseconds send_token(CallTime now) {
    if (!limiter_) limiter_.emplace(now);
    return limiter_->acquire(now);
  }
  void rate_limit_update(bool throttled, CallTime now) {
    if (policy_.mode == RetryMode::Adaptive) {
      if (!limiter_) limiter_.emplace(now);
      limiter_->update(throttled, now);
    }
  }

  Endpoint endpoint_;
  RetryPolicy policy_;
  RetryQuota quota_;
  Milliseconds offset_{0};
  std::mt19937_64 random_;
  SignFunction sign_;
  std::shared_ptr<CredentialsProvider> provider_;
  std::function<SignFunction(const Credentials&)> make_sign_;
  std::optional<ProvidedCredentials> credentials_;
  std::optional<CallTime> refresh_failed_at_;
  Decoder decoder_;
  std::optional<RateLimiter> limiter_;
};

// One call of one operation, with the AWS SDKs' standard retries (retry.hpp) and clock-skew
// correction (clock_skew.hpp). In adaptive mode each attempt first waits for a token of the
// client's rate limiter (a retry: then for its backoff, the JavaScript SDK's order), and every
// answer updates the limiter. Each attempt carries `amz-sdk-request: attempt=N; max=M` and is
// signed at now + the client's clock offset. The Client must outlive the Call.
template <OperationRequest Request>
class Call {
 public:
  using Result = typename Operation<Request>::OwnedResult;
  using Outcome = std::expected<Result, ServiceError>;

  Call(Client& client, Request request)
      : client_(&client), request_(std::move(request)), needs_token_(client.policy_.mode == RetryMode::Adaptive) {}

  // What to do at `now`: send a request (then feed its answer), wait, or nothing (done()).
  [[nodiscard]] Step next(CallTime now) {
    switch (state_) {
      case State::Waiting:
        if (now < wake_at_) return {Step::Kind::Wait, nullptr, wake_at_};
        [[fallthrough]];
      case State::Ready:
        if (auto wait = wait_before_attempt(now)) return *wait;
        return prepare(now);
      case State::Fetching: return fetching(now);
      case State::Sent: return {Step::Kind::Send, &http_, {}};
      case State::Done: break;
    }
    return {};
  }

  // The response to the request last handed out. `padding`: readable bytes after the body (see
  // Decoder::decode). Views into the response are not kept.
  void on_response(const HttpResponse& response, std::size_t padding, CallTime now) {
    if (state_ == State::Fetching) return fetch_->on_response(response, padding, now);
    if (state_ != State::Sent) return;
    answered_at_ = now;
    bool corrected = false;
    response_date_ = std::nullopt;
    if (auto date = response.header("date")) response_date_ = parse_http_date(*date);
    if (response_date_) {
      const Milliseconds before = client_->offset_;
      client_->offset_ = updated_clock_offset(*response_date_, now, before);
      corrected = client_->offset_ != before;
    }
    if (response.status >= 200 && response.status <= 299) {
      client_->rate_limit_update(false, now);
      auto result = client_->decoder_.template decode<typename Operation<Request>::Result>(response, padding);
      if (result) {
        client_->quota_.record_success(last_retry_cost_);
        return finish(result->to_owned());
      }
      return finish(std::unexpected(std::move(result.error())));
    }
    ServiceError error = client_->decoder_.decode_error(response, padding);
    client_->rate_limit_update(error.is_throttling(), now);
    if (!refreshed_expired_ && client_->provider_ &&
        (error.code == ServiceErrc::ExpiredToken || error.code == ServiceErrc::ExpiredTokenException)) {
      // The credentials expired early (revoked, or the clock is off): fetch them again and retry
      // at once, one time per call.
      refreshed_expired_ = true;
      client_->credentials_.reset();
      state_ = State::Ready;
      return;
    }
    RetryKind kind = retry_kind(error);
    // The SDKs retry an error that corrected the clock as a transient one: the next attempt is
    // signed with the server's time.
    if (kind == RetryKind::NotRetryable && corrected) kind = RetryKind::Transient;
    retry_or_finish(kind, retry_after_hint(response), std::move(error), now);
  }
  void on_response(const HttpResponse& response, CallTime now) { on_response(response, 0, now); }

  // The request last handed out got no response.
  void on_transport_error(const TransportError& failure, CallTime now) {
    if (state_ == State::Fetching) return fetch_->on_transport_error(failure, now);
    if (state_ != State::Sent) return;
    answered_at_ = now;
    response_date_ = std::nullopt;
    client_->rate_limit_update(false, now);
    retry_or_finish(retry_kind(failure.kind), std::nullopt,
                    client_side_error(ServiceErrc::TransportError, failure.message), now);
  }

  [[nodiscard]] bool done() const noexcept { return state_ == State::Done; }
  // Whether the request handed out now is the credentials provider's, not the operation's.
  [[nodiscard]] bool fetching_credentials() const noexcept { return state_ == State::Fetching; }
  // The result or the error; only meaningful once done().
  [[nodiscard]] const Outcome& outcome() const& noexcept { return outcome_; }
  [[nodiscard]] Outcome&& outcome() && noexcept { return std::move(outcome_); }
  // Attempts made so far (requests handed out).
  [[nodiscard]] int attempts() const noexcept { return attempt_; }
  [[nodiscard]] const Request& request() const noexcept { return request_; }
  // When the last attempt was handed out and answered (the caller's clock), and the answer's Date.
  [[nodiscard]] CallTime sent_at() const noexcept { return sent_at_; }
  [[nodiscard]] CallTime answered_at() const noexcept { return answered_at_; }
  [[nodiscard]] std::optional<std::chrono::sys_seconds> response_date() const noexcept { return response_date_; }

 private:
  enum class State : std::uint8_t { Ready, Fetching, Sent, Waiting, Done };

  // Adaptive mode, before an attempt: the rate limiter's token, then a retry's backoff.
  std::optional<Step> wait_before_attempt(CallTime now) {
    Milliseconds wait{0};
    if (needs_token_) {
      wait = client_->send_token(now);
      needs_token_ = wait > Milliseconds{0};
    }
    if (!needs_token_) wait = std::exchange(backoff_, Milliseconds{0});
    if (wait <= Milliseconds{0}) return std::nullopt;
    wake_at_ = now + wait;
    state_ = State::Waiting;
    return Step{Step::Kind::Wait, nullptr, wake_at_};
  }

  Step prepare(CallTime now) {
    if (client_->needs_credentials(now)) {
      fetch_ = client_->provider_->fetch();
      state_ = State::Fetching;
      return fetching(now);
    }
    return attempt(now);
  }

  Step attempt(CallTime now) {
    ++attempt_;
    sent_at_ = now;
    encode_into(request_, client_->endpoint_, http_);
    http_.headers.push_back({"amz-sdk-request", "attempt=" + std::to_string(attempt_) +
                                                    "; max=" + std::to_string(client_->policy_.max_attempts)});
    if (client_->sign_) {
      const auto at = std::chrono::floor<std::chrono::seconds>(now + client_->offset_);
      if (auto problem = client_->sign_(http_, at)) {
        finish(std::unexpected(client_side_error(ServiceErrc::SigningFailed, std::move(*problem))));
        return {};
      }
    }
    state_ = State::Sent;
    return {Step::Kind::Send, &http_, {}};
  }

  // The credentials fetch's steps pass through; once it is done the request is prepared with them.
  Step fetching(CallTime now) {
    const Step step = fetch_->next(now);
    if (!step.done()) return step;
    auto fetched = fetch_->outcome();
    fetch_.reset();
    if (fetched) {
      client_->adopt(std::move(*fetched));
    } else if (client_->still_valid(now)) {
      // A refresh ahead of expiry failed: the SDKs keep the credentials they have until they expire.
      client_->refresh_failed_at_ = now;
    } else {
      finish(std::unexpected(client_side_error(ServiceErrc::NoCredentials, fetched.error().message())));
      return {};
    }
    return attempt(now);
  }

  void retry_or_finish(RetryKind kind, std::optional<Milliseconds> hint, ServiceError error, CallTime now) {
    const RetryDecision decision = decide_retry(client_->policy_, attempt_, kind, client_->next_random(), hint);
    const int cost = decision.retry ? client_->quota_.acquire(kind) : 0;
    if (cost == 0) return finish(std::unexpected(std::move(error)));
    last_retry_cost_ = cost;
    state_ = State::Waiting;
    if (client_->policy_.mode == RetryMode::Adaptive) {
      wake_at_ = now;
      backoff_ = decision.delay;
      needs_token_ = true;
    } else {
      wake_at_ = now + decision.delay;
    }
  }

  void finish(Outcome outcome) {
    outcome_ = std::move(outcome);
    state_ = State::Done;
  }

  Client* client_;
  Request request_;
  HttpRequest http_;
  State state_ = State::Ready;
  int attempt_ = 0;
  int last_retry_cost_ = 0;  // what the quota gave for this call's last retry; 0 before any
  bool needs_token_;          // adaptive mode: the next attempt still needs the rate limiter's token
  Milliseconds backoff_{0};   // adaptive mode: the retry's backoff, waited after the token
  bool refreshed_expired_ = false;  // credentials were fetched again after an ExpiredToken answer
  std::unique_ptr<CredentialsFetch> fetch_;
  CallTime wake_at_{};
  CallTime sent_at_{};
  CallTime answered_at_{};
  std::optional<std::chrono::sys_seconds> response_date_;
  Outcome outcome_{std::unexpected(ServiceError{})};  // meaningful once done()
};

template <class Request>
Call(Client&, Request) -> Call<Request>;

// A transport: sends one request and returns the response (any status) or a TransportError.
template <class T>
concept Transport = requires(T& t, const HttpRequest& r) {
  { t(r) } -> std::same_as<std::expected<ReceivedResponse, TransportError>>;
};

// The wall clock at millisecond resolution, and sleeping until a time: what the blocking drivers use
// unless a test gives its own.
struct SystemClock {
  CallTime now() const { return std::chrono::floor<Milliseconds>(std::chrono::system_clock::now()); }
  void sleep_until(CallTime t) const { std::this_thread::sleep_until(t); }
};

// Runs a state machine of the call path (a Call, a TaskFollower) to its end over `transport`.
// `after_each` is called after every answer is fed to the machine (progress output).
template <class Machine, Transport T, class Clock = SystemClock, class AfterEach = void (*)(const Machine&)>
void drive(Machine& machine, T& transport, const Clock& clock = {},
           AfterEach after_each = [](const Machine&) {}) {
  for (Step step = machine.next(clock.now()); !step.done(); step = machine.next(clock.now())) {
    if (step.waiting()) {
      clock.sleep_until(step.wake_at);
      continue;
    }
    auto response = transport(*step.request);
    if (response) machine.on_response(response->view(), response->padding(), clock.now());
    else machine.on_transport_error(response.error(), clock.now());
    after_each(std::as_const(machine));
  }
}

// Makes one call over `transport`, blocking, with retries, and returns its outcome.
template <OperationRequest Request, Transport T, class Clock = SystemClock>
[[nodiscard]] std::expected<typename Operation<Request>::OwnedResult, ServiceError> call(Client& client,
                                                                                        const Request& request,
                                                                                        T&& transport,
                                                                                        const Clock& clock = {}) {
  Call<Request> machine(client, request);
  drive(machine, transport, clock);
  return std::move(machine).outcome();
}

}  // namespace redrive
