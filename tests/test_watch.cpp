#include <doctest/doctest.h>

#include <redrive/watch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "call_script.hpp"

using namespace redrive;
using namespace std::chrono_literals;
using test::error_response;
using test::response;

namespace {

const SourceArn source = SourceArn::parse("arn:aws:sqs:us-east-1:111122223333:orders-dlq.fifo").value();

struct Task {
  std::string handle;  // empty: not RUNNING
  std::string status;
  std::int64_t started;
  std::int64_t moved;
  std::int64_t to_move;
};

std::string entry_json(const Task& t) {
  std::string out = "{";
  if (!t.handle.empty()) out += R"("TaskHandle":")" + t.handle + R"(",)";
  out += R"("Status":")" + t.status + R"(","SourceArn":")" + std::string(source.str()) +
         R"(","ApproximateNumberOfMessagesMoved":)" + std::to_string(t.moved) +
         R"(,"ApproximateNumberOfMessagesToMove":)" + std::to_string(t.to_move) +
         R"(,"StartedTimestamp":)" + std::to_string(t.started) + "}";
  return out;
}

test::Answer listing(std::vector<Task> tasks) {
  std::string body = R"({"Results":[)";
  for (std::size_t i = 0; i < tasks.size(); ++i) body += (i ? "," : "") + entry_json(tasks[i]);
  return response(200, body + "]}");
}

struct Harness {
  test::FakeClock clock;
  test::ScriptedTransport transport;
  Client client;

  explicit Harness(RetryPolicy policy = {}) : client(Endpoint::custom("http://127.0.0.1:1", "us-east-1").value(), policy, 5) {
    transport.clock = &clock;
  }
  void run(TaskFollower& f) { drive(f, transport, test::ClockRef{&clock}); }
};

FollowOptions fast() {
  FollowOptions o;
  o.interval = 1s;
  return o;
}

}  // namespace

TEST_CASE("a follower polls at its interval and ends when its task completes") {
  Harness h;
  h.transport.latency = 100ms;
  h.transport.script.push_back(listing({{"H1", "RUNNING", 1000, 0, 50}}));
  h.transport.script.push_back(listing({{"H1", "RUNNING", 1000, 20, 50}}));
  h.transport.script.push_back(listing({{"", "COMPLETED", 1000, 50, 50}}));
  TaskFollower f(h.client, source, "H1", std::nullopt, fast());
  h.run(f);
  CHECK(f.end() == FollowEnd::Completed);
  CHECK(f.polls() == 3);
  REQUIRE(f.task());
  CHECK(f.progress().moved == 50);
  CHECK(f.progress().to_move == 50);
  CHECK(f.progress().status == TaskStatus::Completed);
  CHECK(h.clock.sleeps == std::vector<Milliseconds>{1s, 1s});
  // Polls ask for enough entries to find the task among newer ones.
  CHECK(h.transport.sent[0].body.find(R"("MaxResults":10)") != std::string::npos);
}

TEST_CASE("progress: the rate over the polls and the time left") {
  Harness h;
  h.transport.latency = 0ms;
  h.transport.script.push_back(listing({{"H1", "RUNNING", 1000, 0, 100}}));
  h.transport.script.push_back(listing({{"H1", "RUNNING", 1000, 10, 100}}));
  TaskFollower f(h.client, source, "H1", std::nullopt, fast());
  std::vector<TaskProgress> seen;
  drive(f, h.transport, test::ClockRef{&h.clock}, [&](const TaskFollower& m) { seen.push_back(m.progress()); });
  REQUIRE(seen.size() >= 2);
  REQUIRE(seen[1].rate);
  CHECK(*seen[1].rate == doctest::Approx(10.0));  // 10 messages in 1 s
  REQUIRE(seen[1].eta_seconds);
  CHECK(*seen[1].eta_seconds == doctest::Approx(9.0));
  CHECK(f.end() == FollowEnd::PollsFailed);  // the script ran out: transport errors until it gave up
}

TEST_CASE("a follower survives failed polls and gives up only after 5 in a row") {
  RetryPolicy once;
  once.max_attempts = 1;
  Harness h(once);
  h.transport.script.push_back(listing({{"H1", "RUNNING", 1000, 1, 10}}));
  for (int i = 0; i < 4; ++i) h.transport.script.push_back(error_response(503, "ServiceUnavailable"));
  h.transport.script.push_back(listing({{"H1", "RUNNING", 1000, 5, 10}}));
  for (int i = 0; i < 5; ++i) h.transport.script.push_back(error_response(503, "ServiceUnavailable"));
  TaskFollower f(h.client, source, "H1", std::nullopt, fast());
  h.run(f);
  CHECK(f.end() == FollowEnd::PollsFailed);
  CHECK(f.polls() == 11);
  CHECK(f.consecutive_failures() == 5);
  REQUIRE(f.last_error());
  CHECK(f.last_error()->http_status == 503);
  CHECK(f.progress().moved == 5);  // the successful poll between the failures was taken
}

TEST_CASE("a poll failure the call path does not retry ends the follower at once") {
  Harness h;
  h.transport.script.push_back(error_response(400, "QueueDoesNotExist"));
  TaskFollower f(h.client, source, fast());
  h.run(f);
  CHECK(f.end() == FollowEnd::PollsFailed);
  CHECK(f.polls() == 1);
  CHECK(f.last_error()->name == "QueueDoesNotExist");
}

TEST_CASE("overlapping tasks: the follower keeps its own task when a newer one starts") {
  Harness h;
  // Our task A (5 messages) runs, then completes while task B starts on the same queue.
  h.transport.script.push_back(listing({{"HA", "RUNNING", 1000, 2, 5}}));
  h.transport.script.push_back(listing({{"HB", "RUNNING", 9000, 0, 0}, {"", "COMPLETED", 1000, 5, 5}}));
  TaskFollower f(h.client, source, "HA", std::nullopt, fast());
  h.run(f);
  CHECK(f.end() == FollowEnd::Completed);
  REQUIRE(f.task());
  CHECK(f.task()->started_timestamp == 1000);
  CHECK(f.progress().moved == 5);
  CHECK(f.progress().to_move == 5);
}

TEST_CASE("without a handle, the follower takes the newest task once and then keeps it") {
  Harness h;
  h.transport.script.push_back(listing({{"HA", "RUNNING", 1000, 2, 5}, {"", "COMPLETED", 500, 9, 9}}));
  h.transport.script.push_back(listing({{"HB", "RUNNING", 9000, 0, 7}, {"", "CANCELLED", 1000, 3, 5}}));
  TaskFollower f(h.client, source, fast());
  h.run(f);
  CHECK(f.end() == FollowEnd::Cancelled);
  CHECK(f.task()->started_timestamp == 1000);
  CHECK(f.progress().moved == 3);
}

TEST_CASE("a task that ended before the first poll is found by its start window") {
  Harness h;
  StartedWindow window{900, 1100};
  h.transport.script.push_back(listing({{"", "COMPLETED", 5000, 0, 0}, {"", "COMPLETED", 1000, 5, 5}}));
  TaskFollower f(h.client, source, "HA", window, fast());
  h.run(f);
  CHECK(f.end() == FollowEnd::Completed);
  CHECK(f.progress().moved == 5);
}

TEST_CASE("two ended tasks inside the window: the newer one is the task just started") {
  // The older one ran before it (a source runs one task at a time), e.g. a redrive minutes earlier.
  Harness h;
  h.transport.script.push_back(listing({{"", "COMPLETED", 1050, 7, 7}, {"", "COMPLETED", 1000, 5, 5}}));
  TaskFollower f(h.client, source, "HA", StartedWindow{900, 1100}, fast());
  h.run(f);
  CHECK(f.end() == FollowEnd::Completed);
  REQUIRE(f.task());
  CHECK(f.task()->started_timestamp == 1050);
  CHECK(f.progress().moved == 7);
}

TEST_CASE("a task that leaves the list has vanished; an empty list is no task") {
  Harness h;
  h.transport.script.push_back(listing({{"HA", "RUNNING", 1000, 1, 5}}));
  h.transport.script.push_back(listing({{"HB", "RUNNING", 9000, 0, 5}}));
  TaskFollower f(h.client, source, "HA", std::nullopt, fast());
  h.run(f);
  CHECK(f.end() == FollowEnd::Vanished);
  CHECK(f.last_poll() == PollResult::NotListed);

  Harness empty;
  empty.transport.script.push_back(listing({}));
  TaskFollower g(empty.client, source, fast());
  empty.run(g);
  CHECK(g.end() == FollowEnd::NotFound);
  CHECK(g.polls() == 1);
}

TEST_CASE("after_start: the handle and the window come from the Start call") {
  Harness h;
  h.transport.latency = 200ms;
  const CallTime server = h.clock.t + 2h;  // a skewed local clock does not matter: the Date decides
  const std::string date = test::http_date(server);
  h.transport.script.push_back(response(200, R"({"TaskHandle":"HA"})", {{"date", date}}));
  Call start(h.client, StartMessageMoveTaskRequest::make(source).value());
  drive(start, h.transport, test::ClockRef{&h.clock});
  REQUIRE(start.outcome());
  auto f = TaskFollower::after_start(h.client, start, fast());
  REQUIRE(f);
  const std::int64_t started = (std::chrono::floor<std::chrono::seconds>(server) - 150ms).time_since_epoch().count();
  h.transport.script.push_back(listing({{"", "COMPLETED", started + 60'000, 0, 0}, {"", "COMPLETED", started, 4, 4}}));
  h.run(*f);
  CHECK(f->end() == FollowEnd::Completed);
  CHECK(f->progress().moved == 4);

  Call failed(h.client, StartMessageMoveTaskRequest::make(source).value());
  h.transport.script.push_back(error_response(400, "InvalidParameterValue"));
  drive(failed, h.transport, test::ClockRef{&h.clock});
  CHECK(!TaskFollower::after_start(h.client, failed));
}

TEST_CASE("RateMeter: messages per second over the window") {
  RateMeter m(3);
  const CallTime t0{};
  CHECK(!m.rate());
  m.add(t0 + 10s, 0);
  CHECK(!m.rate());  // one sample says nothing
  m.add(t0 + 12s, 20);
  CHECK(*m.rate() == doctest::Approx(10.0));
  m.add(t0 + 14s, 60);
  CHECK(*m.rate() == doctest::Approx(15.0));  // (60 - 0) / 4
  m.add(t0 + 16s, 60);
  CHECK(*m.rate() == doctest::Approx(10.0));  // the window drops the first sample: (60 - 20) / 4
  m.add(t0 + 17s, 5);                         // fewer than before: another task, start over
  CHECK(!m.rate());
}
