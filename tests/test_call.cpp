#include <doctest/doctest.h>

#include <redrive/call.hpp>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "call_script.hpp"

using namespace redrive;
using namespace std::chrono_literals;
using test::error_response;
using test::response;

namespace {

const SourceArn source = SourceArn::parse("arn:aws:sqs:us-east-1:111122223333:orders-dlq").value();
const StartMessageMoveTaskRequest start_request = StartMessageMoveTaskRequest::make(source).value();
constexpr std::string_view start_ok = R"({"TaskHandle":"handle-1"})";

Endpoint local_endpoint() { return Endpoint::custom("http://127.0.0.1:4566", "us-east-1").value(); }

// The n-th uniform draw of a Client seeded with `seed`, as the retry jitter sees it.
double draw(std::uint64_t seed, int n) {
  std::mt19937_64 random(seed);
  double r = 0;
  for (int i = 0; i < n; ++i) r = std::uniform_real_distribution<double>(0.0, 1.0)(random);
  return r;
}

struct Harness {
  test::FakeClock clock;
  test::ScriptedTransport transport;
  std::vector<std::chrono::sys_seconds> signed_at;
  Client client;

  explicit Harness(RetryPolicy policy = {}, std::uint64_t seed = 7) : client(local_endpoint(), policy, seed) {
    transport.clock = &clock;
    client.sign_with([this](HttpRequest& r, std::chrono::sys_seconds t) -> std::optional<std::string> {
      signed_at.push_back(t);
      r.headers.push_back({"authorization", "fake"});
      return std::nullopt;
    });
  }

  template <class Request>
  auto run(const Request& request) {
    return redrive::call(client, request, transport, test::ClockRef{&clock});
  }
};

std::string sdk_request_header(const HttpRequest& r) { return std::string(r.header("amz-sdk-request").value_or("")); }

}  // namespace

TEST_CASE("a call that succeeds at once: one signed request, an owned result") {
  Harness h;
  h.transport.script.push_back(response(200, start_ok));
  auto out = h.run(start_request);
  REQUIRE(out);
  CHECK(out->task_handle == std::optional<std::string>("handle-1"));
  REQUIRE(h.transport.sent.size() == 1);
  const HttpRequest& sent = h.transport.sent[0];
  CHECK(sent.header("x-amz-target") == "AmazonSQS.StartMessageMoveTask");
  CHECK(sdk_request_header(sent) == "attempt=1; max=3");
  CHECK(sent.header("authorization") == "fake");
  CHECK(h.signed_at == std::vector{std::chrono::floor<std::chrono::seconds>(h.clock.t)});
  CHECK(h.clock.sleeps.empty());
  CHECK(h.client.retry_quota().available() == 500);
}

TEST_CASE("throttled, then success: waits the jittered throttling backoff, then refunds the retry") {
  const std::uint64_t seed = 42;
  Harness h({}, seed);
  h.transport.script.push_back(error_response(400, "ThrottlingException"));
  h.transport.script.push_back(response(200, start_ok));
  Call call(h.client, start_request);
  drive(call, h.transport, test::ClockRef{&h.clock});
  REQUIRE(call.outcome());
  CHECK(call.attempts() == 2);
  REQUIRE(h.clock.sleeps.size() == 1);
  // Throttling: base 1000 ms, full jitter with the first draw of the seeded source.
  CHECK(h.clock.sleeps[0] == std::chrono::milliseconds(static_cast<std::int64_t>(draw(seed, 1) * 1000)));
  CHECK(sdk_request_header(h.transport.sent[1]) == "attempt=2; max=3");
  CHECK(h.client.retry_quota().available() == 500);  // 500 - 5, then the 5 back
}

TEST_CASE("different seeds give different backoffs") {
  Harness a({}, 1), b({}, 2);
  for (Harness* h : {&a, &b}) {
    h->transport.script.push_back(error_response(503, "ServiceUnavailable"));
    h->transport.script.push_back(response(200, start_ok));
    REQUIRE(h->run(start_request));
  }
  REQUIRE(a.clock.sleeps.size() == 1);
  REQUIRE(b.clock.sleeps.size() == 1);
  CHECK(a.clock.sleeps[0] != b.clock.sleeps[0]);
}

TEST_CASE("3 x 503: three attempts, then the error; the quota keeps what the retries took") {
  Harness h;
  for (int i = 0; i < 3; ++i) h.transport.script.push_back(error_response(503, "ServiceUnavailable", "busy"));
  Call call(h.client, start_request);
  drive(call, h.transport, test::ClockRef{&h.clock});
  REQUIRE(!call.outcome());
  CHECK(call.attempts() == 3);
  CHECK(call.outcome().error().http_status == 503);
  CHECK(call.outcome().error().name == "ServiceUnavailable");
  CHECK(call.outcome().error().message == "busy");
  CHECK(h.clock.sleeps.size() == 2);
  CHECK(sdk_request_header(h.transport.sent[2]) == "attempt=3; max=3");
  CHECK(h.client.retry_quota().available() == 500 - 14 - 14);
}

TEST_CASE("a success refunds the cost of the call's last retry") {
  Harness h;
  h.transport.script.push_back(error_response(503, "ServiceUnavailable"));
  h.transport.script.push_back(error_response(503, "ServiceUnavailable"));
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  CHECK(h.client.retry_quota().available() == 500 - 14 - 14 + 14);
}

TEST_CASE("a non-retryable 400 is one attempt") {
  Harness h;
  h.transport.script.push_back(error_response(400, "InvalidParameterValue", "bad arn"));
  auto out = h.run(start_request);
  REQUIRE(!out);
  CHECK(out.error().name == "InvalidParameterValue");
  CHECK(out.error().request_id == "req-400");
  CHECK(h.transport.sent.size() == 1);
  CHECK(h.clock.sleeps.empty());
}

TEST_CASE("an exhausted retry quota returns the failure at once") {
  RetryPolicy policy;
  policy.quota_capacity = 20;
  Harness h(policy);
  for (int i = 0; i < 3; ++i) h.transport.script.push_back(error_response(503, "ServiceUnavailable"));
  Call call(h.client, start_request);
  drive(call, h.transport, test::ClockRef{&h.clock});
  REQUIRE(!call.outcome());
  CHECK(call.attempts() == 2);  // 20 -> 6 after one retry; 6 < 14
  CHECK(h.client.retry_quota().available() == 6);
}

TEST_CASE("a skewed Date corrects the clock; the error is retried, signed at the server's time") {
  Harness h;
  const CallTime server = h.clock.t + 1h;
  const std::vector<Header> date{{"Date", test::http_date(server)}};
  h.transport.script.push_back(error_response(403, "SignatureDoesNotMatch", "Signature expired", date));
  h.transport.script.push_back(response(200, start_ok, date));
  Call call(h.client, start_request);
  drive(call, h.transport, test::ClockRef{&h.clock});
  REQUIRE(call.outcome());
  CHECK(call.attempts() == 2);
  CHECK(h.client.clock_offset() == 1h);
  REQUIRE(h.signed_at.size() == 2);
  CHECK(h.signed_at[0] == std::chrono::floor<std::chrono::seconds>(server - 1h));
  CHECK(h.signed_at[1] == std::chrono::floor<std::chrono::seconds>(h.clock.t + 1h));

  // The offset stays with the client: the next call signs at the server's time at once.
  h.transport.script.push_back(response(200, start_ok, date));
  REQUIRE(h.run(start_request));
  CHECK(h.signed_at.back() == std::chrono::floor<std::chrono::seconds>(h.clock.t + 1h));
}

TEST_CASE("a Date less than 5 minutes off changes nothing, and the error is not retried") {
  Harness h;
  const std::vector<Header> date{{"date", test::http_date(h.clock.t + 4min + 59s)}};
  h.transport.script.push_back(error_response(403, "SignatureDoesNotMatch", "no", date));
  auto out = h.run(start_request);
  REQUIRE(!out);
  CHECK(h.transport.sent.size() == 1);
  CHECK(h.client.clock_offset() == 0ms);
}

TEST_CASE("a server hint lengthens the wait") {
  Harness h;
  h.transport.script.push_back(error_response(400, "ThrottlingException", "slow", {{"x-amz-retry-after", "3000"}}));
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  REQUIRE(h.clock.sleeps.size() == 1);
  CHECK(h.clock.sleeps[0] == 3000ms);
}

TEST_CASE("transport failures are retried, and reported as TransportError when they last") {
  Harness h;
  h.transport.script.push_back(std::unexpected(TransportError{TransportFailure::Timeout, "timed out"}));
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  CHECK(h.transport.sent.size() == 2);

  for (int i = 0; i < 3; ++i)
    h.transport.script.push_back(std::unexpected(TransportError{TransportFailure::Connection, "refused"}));
  auto out = h.run(start_request);
  REQUIRE(!out);
  CHECK(out.error().code == ServiceErrc::TransportError);
  CHECK(out.error().name == "TransportError");
  CHECK(out.error().message == "refused");
  CHECK(out.error().http_status == 0);
  CHECK(out.error().is_retryable());
  CHECK(h.transport.sent.size() == 5);
}

TEST_CASE("a signing failure ends the call before anything is sent") {
  Harness h;
  h.client.sign_with([](HttpRequest&, std::chrono::sys_seconds) -> std::optional<std::string> { return "no key"; });
  auto out = h.run(start_request);
  REQUIRE(!out);
  CHECK(out.error().code == ServiceErrc::SigningFailed);
  CHECK(out.error().message == "no key");
  CHECK(h.transport.sent.empty());
}

TEST_CASE("a 2xx that is not the output is MalformedResponse, not retried") {
  Harness h;
  h.transport.script.push_back(response(200, R"({"TaskHandle":5})"));
  auto out = h.run(start_request);
  REQUIRE(!out);
  CHECK(out.error().code == ServiceErrc::MalformedResponse);
  CHECK(h.transport.sent.size() == 1);
}

namespace {
struct RecordingSigner {
  std::string* region;
  std::expected<void, int> sign(HttpRequest&, std::string_view r, std::string_view service, std::chrono::sys_seconds) {
    *region = std::string(r) + "/" + std::string(service);
    return {};
  }
};
}  // namespace

TEST_CASE("a Signer-like object signs for the endpoint's region and sqs; unsigned when asked") {
  std::string seen;
  Client client(endpoint_for("eu-west-1").value());
  CHECK(!client.signs());
  client.sign_with(RecordingSigner{&seen});
  CHECK(client.signs());
  test::ScriptedTransport transport;
  transport.script.push_back(response(200, start_ok));
  test::FakeClock clock;
  REQUIRE(redrive::call(client, start_request, transport, test::ClockRef{&clock}));
  CHECK(seen == "eu-west-1/sqs");
  CHECK(transport.sent[0].host == "sqs.eu-west-1.amazonaws.com");
  client.unsigned_requests();
  CHECK(!client.signs());
}

TEST_CASE("the state machine: send, wait, done; answers out of turn are ignored") {
  Client client(local_endpoint(), {}, 3);
  Call call(client, ListMessageMoveTasksRequest{source, std::nullopt});
  test::FakeClock clock;
  call.on_response(test::response(200, "{}").view(), clock.t);  // nothing was sent: ignored
  Step s = call.next(clock.t);
  REQUIRE(s.sending());
  CHECK(call.next(clock.t).request == s.request);  // asking again hands out the same request
  auto busy = error_response(503, "ServiceUnavailable");
  call.on_response(busy.view(), busy.padding(), clock.t);
  s = call.next(clock.t);
  REQUIRE(s.waiting());
  CHECK(call.next(s.wake_at - 1ms).waiting());
  CHECK(call.next(s.wake_at).sending());
  auto ok = response(200, R"({"Results":[]})");
  call.on_response(ok.view(), ok.padding(), s.wake_at);
  CHECK(call.next(s.wake_at).done());
  REQUIRE(call.outcome());
  CHECK(call.outcome()->results->empty());
}

TEST_CASE("HTTP dates") {
  CHECK(parse_http_date("Tue, 01 Dec 2026 21:47:42 GMT") ==
        std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + 21h + 47min + 42s);
  CHECK(!parse_http_date("Tue, 31 Nov 2026 21:47:42 GMT"));
  CHECK(!parse_http_date("Tue, 01 Dec 2026 24:47:42 GMT"));
  CHECK(!parse_http_date("Tue, 01 Dez 2026 21:47:42 GMT"));
  CHECK(!parse_http_date("2026-12-01T21:47:42Z"));
  CHECK(!parse_http_date(""));
  test::FakeClock clock;
  CHECK(parse_http_date(test::http_date(clock.t)) == std::chrono::floor<std::chrono::seconds>(clock.t));
  const CallTime now = clock.t;
  CHECK(updated_clock_offset(std::chrono::floor<std::chrono::seconds>(now + 5min), now, 0ms) == 5min);
  CHECK(updated_clock_offset(std::chrono::floor<std::chrono::seconds>(now - 5min), now, 0ms) == -5min);
  CHECK(updated_clock_offset(std::chrono::floor<std::chrono::seconds>(now + 299s), now, 0ms) == 0ms);
  CHECK(updated_clock_offset(std::chrono::floor<std::chrono::seconds>(now + 1h), now, 1h) == 1h);
}

namespace {

// A provider whose fetches each make one HTTP request to a metadata-like endpoint and hand out
// credentials numbered by the fetch, expiring `lifetime` after the fetch.
struct CountingProvider final : CredentialsProvider {
  int fetches = 0;
  Milliseconds lifetime{std::chrono::hours{1}};
  bool fail = false;

  struct Fetch final : CredentialsFetch {
    CountingProvider* owner;
    int number;
    HttpRequest request;
    bool sent = false;
    Outcome result{std::unexpected(CredentialsError{CredentialsErrc::NotFound, {}, {}, {}})};
    std::optional<CallTime> answered;

    Fetch(CountingProvider* o, int n) : owner(o), number(n) {
      request.method = "GET";
      request.scheme = "http";
      request.host = "169.254.170.2";
      request.path = "/creds";
    }
    Step next(CallTime) override {
      if (!answered) return {Step::Kind::Send, &request, {}};
      return {};
    }
    void on_response(const HttpResponse& r, std::size_t, CallTime now) override {
      answered = now;
      if (owner->fail || r.status != 200) {
        result = std::unexpected(CredentialsError{CredentialsErrc::ContainerFailed, {}, {}, {}, "status " + std::to_string(r.status)});
        return;
      }
      Credentials c{"AKID" + std::to_string(number), SecretString("secret"), SecretString("token")};
      c.expiration = std::chrono::floor<std::chrono::seconds>(now + owner->lifetime);
      result = ProvidedCredentials{std::move(c), CredentialSource::Container};
    }
    void on_transport_error(const TransportError& e, CallTime now) override {
      answered = now;
      result = std::unexpected(CredentialsError{CredentialsErrc::ContainerFailed, {}, {}, {}, e.message});
    }
    const Outcome& outcome() const& noexcept override { return result; }
  };

  std::unique_ptr<CredentialsFetch> fetch() override { return std::make_unique<Fetch>(this, ++fetches); }
};

// Signs by writing the key id it was made with into the request.
struct KeyIdSigner {
  std::string key_id;
  std::optional<int> sign(HttpRequest& r, std::string_view, std::string_view, std::chrono::sys_seconds) const {
    r.headers.push_back({"authorization", "key=" + key_id});
    return 1;
  }
};

struct ProviderHarness {
  test::FakeClock clock;
  test::ScriptedTransport transport;
  std::shared_ptr<CountingProvider> provider = std::make_shared<CountingProvider>();
  Client client{local_endpoint(), {}, 7};

  ProviderHarness() {
    transport.clock = &clock;
    client.sign_with(provider, [](const Credentials& c) { return KeyIdSigner{c.access_key_id}; });
  }
  template <class Request>
  auto run(const Request& request) {
    return redrive::call(client, request, transport, test::ClockRef{&clock});
  }
};

}  // namespace

TEST_CASE("credentials from a provider are fetched on the call path, before the first request, and kept") {
  ProviderHarness h;
  CHECK(h.client.signs());
  CHECK_FALSE(h.client.credentials());
  h.transport.script.push_back(response(200, "{}"));  // the provider's answer
  h.transport.script.push_back(response(200, start_ok));
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  REQUIRE(h.run(start_request));
  REQUIRE(h.transport.sent.size() == 3);
  CHECK(h.transport.sent[0].host == "169.254.170.2");
  CHECK(h.transport.sent[1].header("authorization") == "key=AKID1");
  CHECK(sdk_request_header(h.transport.sent[1]) == "attempt=1; max=3");  // the fetch is not an attempt
  CHECK(h.transport.sent[2].header("authorization") == "key=AKID1");
  CHECK(h.provider->fetches == 1);
  REQUIRE(h.client.credentials());
  CHECK(h.client.credentials()->source == CredentialSource::Container);
}

TEST_CASE("credentials are fetched again within 5 minutes of their expiration, not before") {
  ProviderHarness h;
  h.provider->lifetime = std::chrono::minutes{10};
  for (auto body : {"{}", start_ok.data(), start_ok.data(), "{}", start_ok.data()})
    h.transport.script.push_back(response(200, body));
  REQUIRE(h.run(start_request));
  h.clock.t += std::chrono::minutes{4} + std::chrono::seconds{59};  // 5 min 1 s left: kept
  REQUIRE(h.run(start_request));
  h.clock.t += std::chrono::seconds{2};  // 4 min 59 s left: fetched again
  REQUIRE(h.run(start_request));
  CHECK(h.provider->fetches == 2);
  REQUIRE(h.transport.sent.size() == 5);
  CHECK(h.transport.sent[2].header("authorization") == "key=AKID1");
  CHECK(h.transport.sent[3].host == "169.254.170.2");
  CHECK(h.transport.sent[4].header("authorization") == "key=AKID2");
}

TEST_CASE("ExpiredToken: the credentials are fetched again and the request retried once, at once") {
  ProviderHarness h;
  h.transport.script.push_back(response(200, "{}"));
  h.transport.script.push_back(error_response(400, "ExpiredToken", "The security token included in the request is expired"));
  h.transport.script.push_back(response(200, "{}"));
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  CHECK(h.provider->fetches == 2);
  REQUIRE(h.transport.sent.size() == 4);
  CHECK(h.transport.sent[3].header("authorization") == "key=AKID2");
  CHECK(sdk_request_header(h.transport.sent[3]) == "attempt=2; max=3");
  CHECK(h.clock.sleeps.empty());
  CHECK(h.client.retry_quota().available() == 500);

  // A second ExpiredToken in the same call is the call's error.
  h.transport.script.push_back(error_response(400, "ExpiredToken"));
  h.transport.script.push_back(response(200, "{}"));
  h.transport.script.push_back(error_response(400, "ExpiredToken"));
  auto out = h.run(start_request);
  REQUIRE_FALSE(out);
  CHECK(out.error().code == ServiceErrc::ExpiredToken);
  CHECK(h.provider->fetches == 3);
}

TEST_CASE("a provider that fails ends the call with NoCredentials, before anything goes to the service") {
  ProviderHarness h;
  h.provider->fail = true;
  h.transport.script.push_back(response(500, "{}"));
  auto out = h.run(start_request);
  REQUIRE_FALSE(out);
  CHECK(out.error().code == ServiceErrc::NoCredentials);
  CHECK(out.error().name == "NoCredentials");
  CHECK(out.error().message == "container credentials: status 500");
  CHECK(h.transport.sent.size() == 1);
  CHECK_FALSE(h.client.credentials());

  // A fixed signer replaces the provider.
  h.client.sign_with([](HttpRequest&, std::chrono::sys_seconds) -> std::optional<std::string> { return std::nullopt; });
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  CHECK(h.provider->fetches == 1);
}

TEST_CASE("a refresh that fails before expiry keeps the credentials in hand until they expire") {
  ProviderHarness h;
  h.provider->lifetime = std::chrono::minutes{4};  // inside the window from the start
  h.transport.script.push_back(response(200, "{}"));
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  h.provider->fail = true;
  h.clock.t += std::chrono::seconds{1};
  h.transport.script.push_back(response(500, "{}"));  // the refresh fails...
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));  // ...and the call is signed with what was in hand
  CHECK(h.transport.sent.back().header("authorization") == "key=AKID1");
  h.clock.t += std::chrono::seconds{10};  // no new attempt within 30 s
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  CHECK(h.provider->fetches == 2);
  h.clock.t += std::chrono::minutes{5};  // expired: the failure is the call's
  h.transport.script.push_back(response(500, "{}"));
  auto out = h.run(start_request);
  REQUIRE_FALSE(out);
  CHECK(out.error().code == ServiceErrc::NoCredentials);
  CHECK(h.provider->fetches == 3);
}

// ---- adaptive retry mode ------------------------------------------------------------------------

namespace {
RetryPolicy adaptive() {
  RetryPolicy p;
  p.mode = RetryMode::Adaptive;
  return p;
}
}  // namespace

TEST_CASE("standard mode has no rate limiter") {
  Harness h;
  h.transport.script.push_back(error_response(400, "ThrottlingException"));
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  CHECK(h.client.rate_limiter() == nullptr);
  CHECK(h.clock.sleeps.size() == 1);  // the backoff alone
}

TEST_CASE("adaptive mode: no throttling, no waiting; the limiter stays off") {
  Harness h(adaptive());
  for (int i = 0; i < 5; ++i) h.transport.script.push_back(response(200, start_ok));
  for (int i = 0; i < 5; ++i) REQUIRE(h.run(start_request));
  CHECK(h.clock.sleeps.empty());
  REQUIRE(h.client.rate_limiter() != nullptr);
  CHECK(!h.client.rate_limiter()->enabled());
}

TEST_CASE("adaptive mode: a throttle turns the limiter on; the retry waits for a token, then its backoff") {
  const std::uint64_t seed = 42;
  Harness h(adaptive(), seed);
  h.transport.script.push_back(error_response(400, "ThrottlingException"));
  h.transport.script.push_back(response(200, start_ok));
  const CallTime t0 = h.clock.t;
  Call call(h.client, start_request);

  Step s = call.next(t0);
  REQUIRE(s.sending());  // the limiter is off: the first attempt goes at once
  auto throttled = error_response(400, "ThrottlingException");
  call.on_response(throttled.view(), throttled.padding(), t0);
  REQUIRE(h.client.rate_limiter() != nullptr);
  CHECK(h.client.rate_limiter()->enabled());
  // Nothing measured yet: the minimum rate, 0.5 a second, from an empty bucket: 2 s for a token.
  CHECK(h.client.rate_limiter()->fill_rate() == 0.5);
  s = call.next(t0);
  REQUIRE(s.waiting());
  CHECK(s.wake_at == t0 + 2000ms);
  CHECK(call.next(t0 + 1999ms).waiting());
  // The token taken, the throttling backoff (base 1000 ms, the seeded jitter's first draw).
  s = call.next(t0 + 2000ms);
  REQUIRE(s.waiting());
  const Milliseconds backoff{static_cast<std::int64_t>(draw(seed, 1) * 1000)};
  REQUIRE(backoff > 0ms);
  CHECK(s.wake_at == t0 + 2000ms + backoff);
  s = call.next(s.wake_at);
  REQUIRE(s.sending());
  CHECK(sdk_request_header(*s.request) == "attempt=2; max=3");
}

TEST_CASE("adaptive mode: the limiter spans the client's calls and follows the SDK's limiter") {
  Harness h(adaptive(), 5);
  h.transport.latency = 30ms;
  // The same answers at the same times fed to a RateLimiter by hand (made when the client's is, at
  // the first attempt): the calls must report every answer, and only once.
  RateLimiter mirror(h.clock.now());
  for (int i = 0; i < 12; ++i) h.transport.script.push_back(response(200, start_ok));
  h.transport.script.push_back(error_response(400, "ThrottlingException"));
  h.transport.script.push_back(error_response(400, "ThrottlingException"));
  for (int i = 0; i < 6; ++i) h.transport.script.push_back(response(200, start_ok));
  int throttles_seen = 0;
  while (!h.transport.script.empty()) {
    Call call(h.client, start_request);
    for (Step s = call.next(h.clock.now()); !s.done(); s = call.next(h.clock.now())) {
      if (s.waiting()) {
        h.clock.sleep_until(s.wake_at);
        continue;
      }
      auto answer = h.transport(*s.request);
      REQUIRE(answer);
      const bool throttle = answer->status == 400;
      throttles_seen += throttle;
      call.on_response(answer->view(), answer->padding(), h.clock.now());
      mirror.update(throttle, h.clock.now());
    }
    REQUIRE(call.outcome());
  }
  CHECK(throttles_seen == 2);
  REQUIRE(h.client.rate_limiter() != nullptr);
  const RateLimiter& limiter = *h.client.rate_limiter();
  CHECK(limiter.enabled());
  CHECK(limiter.fill_rate() == mirror.fill_rate());
  CHECK(limiter.measured_tx_rate() == mirror.measured_tx_rate());
  CHECK(limiter.last_max_rate() == mirror.last_max_rate());
  CHECK(limiter.time_window() == mirror.time_window());
  // After the throttles, the calls' first attempts waited for tokens too: more waits than the two
  // retries' (a token and a backoff each).
  CHECK(h.clock.sleeps.size() > 4);
}

TEST_CASE("adaptive mode: a transport failure counts as an answer that is not throttling") {
  Harness h(adaptive());
  h.transport.script.push_back(std::unexpected(TransportError{TransportFailure::Connection, "refused"}));
  h.transport.script.push_back(response(200, start_ok));
  REQUIRE(h.run(start_request));
  REQUIRE(h.client.rate_limiter() != nullptr);
  CHECK(!h.client.rate_limiter()->enabled());
  CHECK(h.clock.sleeps.size() == 1);  // the transient backoff alone: the limiter is off
}
