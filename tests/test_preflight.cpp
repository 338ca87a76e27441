#include <doctest/doctest.h>

#include <redrive/preflight.hpp>

#include <string>
#include <vector>

using namespace redrive;

namespace {
const SourceArn dlq = SourceArn::parse("arn:aws:sqs:us-east-1:111122223333:orders-dlq").value();
const DestinationArn standard = DestinationArn::parse("arn:aws:sqs:us-east-1:111122223333:orders").value();
const DestinationArn fifo = DestinationArn::parse("arn:aws:sqs:us-east-1:111122223333:orders.fifo").value();

ServiceError error(ServiceErrc code, std::string name, std::string message = "") {
  ServiceError e;
  e.code = code;
  e.name = std::move(name);
  e.message = std::move(message);
  return e;
}

OwnedListMessageMoveTasksResultEntry task(std::string status) {
  OwnedListMessageMoveTasksResultEntry e;
  e.status = std::move(status);
  return e;
}

// Everything fine: the source exists and is a DLQ with 100 messages, no task ever.
PreflightFacts good() {
  PreflightFacts f{dlq, {}, {}, {}, {}, {}, {}};
  f.source_queue = QueueState{false, 100};
  f.dead_letter_sources = std::vector<std::string>{"https://sqs.us-east-1.amazonaws.com/111122223333/orders"};
  f.newest_task = std::optional<OwnedListMessageMoveTasksResultEntry>{};
  return f;
}

const Check& get(const std::vector<Check>& checks, CheckName n) {
  for (const auto& c : checks)
    if (c.name == n) return c;
  FAIL("no check " << to_string(n));
  return checks.front();
}
CheckResult result(const PreflightFacts& f, CheckName n) { return get(preflight(f), n).result; }
}  // namespace

TEST_CASE("every check, named as the CLI prints them, passes on good facts") {
  const auto checks = preflight(good());
  REQUIRE(checks.size() == all_checks.size());
  const std::vector<std::string> names{"source-exists",   "source-is-dlq", "destination-exists", "same-queue-type",
                                       "no-active-task", "messages",      "duration"};
  for (std::size_t i = 0; i < checks.size(); ++i) {
    CHECK(to_string(checks[i].name) == names[i]);
    CHECK(checks[i].result == CheckResult::Pass);
    CHECK_FALSE(checks[i].detail.empty());
  }
  CHECK(preflight_exit_code(checks) == 0);
}

TEST_CASE("a missing source fails; a source the caller may not read is a warning") {
  auto f = good();
  f.source_queue = std::unexpected(error(ServiceErrc::QueueDoesNotExist, "QueueDoesNotExist"));
  CHECK(result(f, CheckName::SourceExists) == CheckResult::Fail);
  CHECK(result(f, CheckName::Messages) == CheckResult::Warn);
  CHECK(preflight_exit_code(preflight(f)) == 1);
  f.source_queue = std::unexpected(error(ServiceErrc::AccessDenied, "AccessDenied", "not allowed"));
  const auto checks = preflight(f);
  CHECK(get(checks, CheckName::SourceExists).result == CheckResult::Warn);
  CHECK(get(checks, CheckName::SourceExists).detail.find("AccessDenied (not allowed)") != std::string::npos);
  CHECK(preflight_exit_code(checks) == 0);
  f.source_queue = std::nullopt;
  CHECK(result(f, CheckName::SourceExists) == CheckResult::Warn);
}

TEST_CASE("a source no queue names as its dead-letter queue fails source-is-dlq") {
  auto f = good();
  f.dead_letter_sources = std::vector<std::string>{};
  CHECK(result(f, CheckName::SourceIsDlq) == CheckResult::Fail);
  f.dead_letter_sources = std::unexpected(error(ServiceErrc::AccessDenied, "AccessDenied"));
  CHECK(result(f, CheckName::SourceIsDlq) == CheckResult::Warn);
  f.dead_letter_sources = std::vector<std::string>{"u1", "u2"};
  CHECK(get(preflight(f), CheckName::SourceIsDlq).detail == "2 queues use it as their dead-letter queue: u1, u2.");
}

TEST_CASE("destination checks: existence and queue type") {
  auto f = good();
  f.destination = fifo;
  f.destination_queue = std::unexpected(error(ServiceErrc::QueueDoesNotExist, "QueueDoesNotExist"));
  CHECK(result(f, CheckName::DestinationExists) == CheckResult::Fail);
  CHECK(result(f, CheckName::SameQueueType) == CheckResult::Fail);  // from the names
  f.destination_queue = QueueState{true, 0};
  CHECK(result(f, CheckName::DestinationExists) == CheckResult::Pass);
  CHECK(result(f, CheckName::SameQueueType) == CheckResult::Fail);
  f.destination = standard;
  f.destination_queue = QueueState{false, 0};
  CHECK(result(f, CheckName::SameQueueType) == CheckResult::Pass);
  f.destination_queue = std::nullopt;  // not read: a warning, not a pass
  CHECK(result(f, CheckName::DestinationExists) == CheckResult::Warn);
}

TEST_CASE("an active task fails no-active-task; an ended one passes") {
  auto f = good();
  for (const char* s : {"RUNNING", "CANCELLING"}) {
    f.newest_task = std::optional{task(s)};
    CHECK(result(f, CheckName::NoActiveTask) == CheckResult::Fail);
  }
  for (const char* s : {"COMPLETED", "FAILED", "CANCELLED"}) {
    f.newest_task = std::optional{task(s)};
    CHECK(result(f, CheckName::NoActiveTask) == CheckResult::Pass);
  }
  f.newest_task = std::optional{task("PAUSED")};
  CHECK(result(f, CheckName::NoActiveTask) == CheckResult::Warn);
  f.newest_task = std::unexpected(error(ServiceErrc::ThrottlingException, "ThrottlingException"));
  CHECK(result(f, CheckName::NoActiveTask) == CheckResult::Warn);
}

TEST_CASE("messages: nothing to move is a warning") {
  auto f = good();
  f.source_queue = QueueState{false, 0};
  CHECK(result(f, CheckName::Messages) == CheckResult::Warn);
  f.source_queue = QueueState{false, std::nullopt};
  CHECK(result(f, CheckName::Messages) == CheckResult::Warn);
  f.source_queue = QueueState{false, 1};
  CHECK(get(preflight(f), CheckName::Messages).detail == "About 1 message to move.");
}

TEST_CASE("duration: messages / rate, a warning past 36 hours") {
  auto f = good();
  f.rate = Rate::make(10).value();
  f.source_queue = QueueState{false, 36 * 3600 * 10};  // exactly 36 hours
  auto c = get(preflight(f), CheckName::Duration);
  CHECK(c.result == CheckResult::Pass);
  CHECK(c.detail == "About 36.0 hours at 10 messages per second.");
  // Under an hour in whole minutes, rounded up.
  f.source_queue = QueueState{false, 300};
  CHECK(get(preflight(f), CheckName::Duration).detail == "About 1 minute at 10 messages per second.");
  f.source_queue = QueueState{false, 6001};
  CHECK(get(preflight(f), CheckName::Duration).detail == "About 11 minutes at 10 messages per second.");
  f.source_queue = QueueState{false, 36 * 3600 * 10 + 1};
  CHECK(result(f, CheckName::Duration) == CheckResult::Warn);
  // No rate: the service picks it; only a backlog too big even for the highest rate warns.
  f.rate = std::nullopt;
  CHECK(result(f, CheckName::Duration) == CheckResult::Pass);
  f.source_queue = QueueState{false, std::int64_t{36} * 3600 * 500 + 1};
  CHECK(result(f, CheckName::Duration) == CheckResult::Warn);
  f.source_queue = QueueState{false, std::nullopt};
  CHECK(result(f, CheckName::Duration) == CheckResult::Warn);
}

TEST_CASE("a check as a JSON line") {
  std::string out;
  append_json(out, Check{CheckName::NoActiveTask, CheckResult::Fail, "A \"task\" runs."});
  CHECK(out == R"({"check":"no-active-task","result":"fail","detail":"A \"task\" runs."})");
}
