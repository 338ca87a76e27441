// The call path's state machines fed arbitrary answers: the input is a script of responses
// (status, headers among them Date and retry hints, body) and transport failures, with arbitrary
// times. Properties: a Call ends within its attempts and never sends after it is done; each
// attempt carries its own amz-sdk-request header; a wait is never before now and never longer
// than the backoff cap plus the 5 s hint allowance; the retry quota stays within its capacity;
// a success means a 2xx was the last answer; the follower ends and never reports a task of
// another source.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <redrive/call.hpp>
#include <redrive/watch.hpp>

#include "fuzz_check.hpp"

namespace {

using namespace redrive;

// Reads the fuzzer's bytes as a sequence of small fields.
struct Reader {
  std::string_view in;
  std::uint8_t byte() {
    if (in.empty()) return 0;
    auto b = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    return b;
  }
  std::string_view text() {
    std::size_t n = std::min<std::size_t>(byte(), in.size());
    auto s = in.substr(0, n);
    in.remove_prefix(n);
    return s;
  }
};

const SourceArn source = SourceArn::parse("arn:aws:sqs:us-east-1:111122223333:orders-dlq").value();
const CallTime start{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1}};

constexpr std::string_view header_names[] = {"date", "x-amz-retry-after", "retry-after", "x-amzn-query-error",
                                             "x-amzn-errortype", "x-amzn-requestid", "Date"};
constexpr int statuses[] = {200, 200, 200, 400, 403, 429, 500, 502, 503, 504, 404, 201};

struct Answer {
  bool transport_failure = false;
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  Milliseconds latency{0};
};

Answer next_answer(Reader& r) {
  Answer a;
  const std::uint8_t kind = r.byte();
  a.latency = Milliseconds{r.byte() * 37};
  if (kind % 11 == 0) {
    a.transport_failure = true;
    return a;
  }
  a.status = statuses[kind % std::size(statuses)];
  for (int n = r.byte() % 4; n > 0; --n) {
    std::string name(header_names[r.byte() % std::size(header_names)]);
    a.headers.push_back({name, std::string(r.text())});
  }
  a.body = std::string(r.text());
  return a;
}

template <class Machine>
void run(Machine& m, Reader& r, int max_steps, const RetryPolicy& policy, const Client& client) {
  CallTime now = start;
  for (int step = 0; step < max_steps; ++step) {
    const Step s = m.next(now);
    if (s.done()) return;
    if (s.waiting()) {
      FUZZ_CHECK(s.wake_at > now);
      FUZZ_CHECK(s.wake_at - now <= policy.max_backoff + std::chrono::seconds{5});
      now = s.wake_at;
      continue;
    }
    FUZZ_CHECK(s.request != nullptr);
    FUZZ_CHECK(s.request->header("amz-sdk-request").has_value());
    Answer a = next_answer(r);
    now += a.latency;
    if (a.transport_failure) {
      m.on_transport_error(TransportError{TransportFailure::Connection, "fuzz"}, now);
    } else {
      ReceivedResponse response(a.status, a.headers, a.body, step % 2 ? 64 : 0);
      m.on_response(response.view(), response.padding(), now);
    }
    FUZZ_CHECK(client.retry_quota().available() >= 0);
    FUZZ_CHECK(client.retry_quota().available() <= policy.quota_capacity);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader r{std::string_view(reinterpret_cast<const char*>(data), size)};
  RetryPolicy policy;
  policy.max_attempts = 1 + r.byte() % 4;
  Client client(Endpoint::custom("http://127.0.0.1:1", "us-east-1").value(), policy, r.byte());
  client.sign_with([](HttpRequest&, std::chrono::sys_seconds) -> std::optional<std::string> { return std::nullopt; });

  // One call.
  Call call(client, StartMessageMoveTaskRequest::make(source).value());
  run(call, r, 64, policy, client);
  FUZZ_CHECK(call.attempts() >= 1 && call.attempts() <= policy.max_attempts);
  if (call.done()) FUZZ_CHECK(call.next(start).done());

  // A follower over the rest of the input.
  FollowOptions options;
  options.interval = Milliseconds{1 + r.byte()};
  options.max_poll_failures = 1 + r.byte() % 5;
  TaskFollower follower(client, source, "handle", StartedWindow{0, 1'000'000}, options);
  run(follower, r, 256, policy, client);
  if (follower.task()) FUZZ_CHECK(!follower.task()->source_arn || *follower.task()->source_arn == source.str());
  if (follower.end() == FollowEnd::PollsFailed) FUZZ_CHECK(follower.last_error().has_value());
  return 0;
}
