#include <doctest/doctest.h>

#include <redrive/fleet_journal.hpp>

#include <chrono>
#include <string>

using namespace redrive;
using namespace std::chrono_literals;

namespace {
const SourceArn a = SourceArn::parse("arn:aws:sqs:us-east-1:111122223333:a-dlq").value();
const SourceArn b = SourceArn::parse("arn:aws:sqs:us-east-1:111122223333:b-dlq").value();
const DestinationArn dest = DestinationArn::parse("arn:aws:sqs:us-east-1:111122223333:b").value();
const CallTime t0{1700000000000ms};

FleetEvent start(const SourceArn& s, std::string handle, CallTime at, std::optional<DestinationArn> d = {}) {
  return {FleetEvent::Kind::Start, s, d, std::move(handle), at, TaskStatus::Unknown, 0, {}};
}
FleetEvent end(const SourceArn& s, std::string handle, CallTime at, TaskStatus st, std::int64_t moved, std::string why = {}) {
  return {FleetEvent::Kind::End, s, std::nullopt, std::move(handle), at, st, moved, std::move(why)};
}
}  // namespace

TEST_CASE("journal lines as written") {
  CHECK(journal_line(start(b, "H1", t0, dest)) ==
        R"({"event":"start","source":"arn:aws:sqs:us-east-1:111122223333:b-dlq","destination":"arn:aws:sqs:us-east-1:111122223333:b","handle":"H1","time":1700000000000})"
        "\n");
  CHECK(journal_line(end(a, "H2", t0 + 5s, TaskStatus::Failed, 7, "a \"quoted\" reason")) ==
        R"({"event":"end","source":"arn:aws:sqs:us-east-1:111122223333:a-dlq","handle":"H2","time":1700000005000,"status":"FAILED","moved":7,"reason":"a \"quoted\" reason"})"
        "\n");
}

TEST_CASE("a journal read back gives each source's last task") {
  std::string text = journal_line(start(a, "HA", t0)) + journal_line(start(b, "HB", t0 + 1s, dest)) +
                     journal_line(end(a, "HA", t0 + 9s, TaskStatus::Failed, 3, "boom")) +
                     journal_line(end(b, "HB", t0 + 9s, TaskStatus::Completed, 40)) + journal_line(start(a, "HA2", t0 + 10s));
  auto j = read_fleet_journal(text);
  REQUIRE(j);
  CHECK(j->events == 5);
  CHECK_FALSE(j->torn_tail);
  REQUIRE(j->tasks.size() == 2);
  CHECK(j->tasks[0].source == a);
  CHECK(j->tasks[0].handle == "HA2");
  CHECK(j->tasks[0].started == t0 + 10s);
  CHECK_FALSE(j->tasks[0].ended);
  CHECK(j->tasks[1].ended == TaskStatus::Completed);
  CHECK(j->tasks[1].moved == 40);
}

TEST_CASE("a torn last line is dropped; a bad line elsewhere is an error") {
  const std::string good = journal_line(start(a, "HA", t0)) + journal_line(end(a, "HA", t0 + 1s, TaskStatus::Completed, 1));
  const std::string torn = journal_line(start(b, "HB", t0)).substr(0, 40);
  auto j = read_fleet_journal(good + torn);
  REQUIRE(j);
  CHECK(j->torn_tail);
  CHECK(j->events == 2);
  REQUIRE(j->tasks.size() == 1);
  CHECK(j->tasks[0].ended == TaskStatus::Completed);
  // Torn in the middle of a later write: the same line with its newline is an error.
  auto bad = read_fleet_journal(good + torn + "\n" + journal_line(start(b, "HB", t0)));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().line == 3);
  CHECK(bad.error().message.starts_with("Line 3 of the journal: not JSON"));
  // A complete last line without its newline counts.
  auto whole = read_fleet_journal(good + journal_line(start(b, "HB", t0)).substr(0, journal_line(start(b, "HB", t0)).size() - 1));
  REQUIRE(whole);
  CHECK_FALSE(whole->torn_tail);
  CHECK(whole->tasks.size() == 2);
}

TEST_CASE("lines that are JSON but not events are errors, never crashes") {
  for (const char* line : {R"([1,2])", R"({"event":"begin","source":"arn:aws:sqs:us-east-1:111122223333:a","time":1})",
                           R"({"event":"start","source":"not an arn","time":1})", R"({"event":"start","time":1})",
                           R"({"event":"start","source":"arn:aws:sqs:us-east-1:111122223333:a"})",
                           R"({"event":"end","source":"arn:aws:sqs:us-east-1:111122223333:a","time":1,"status":"RUNNING"})",
                           R"({"event":"start","source":"arn:aws:sqs:us-east-1:111122223333:a","time":"soon"})",
                           R"({"event":7})"}) {
    auto r = read_fleet_journal(std::string(line) + "\n");
    CHECK_FALSE(r);
  }
  auto blank = read_fleet_journal("\n  \n");
  REQUIRE(blank);
  CHECK(blank->tasks.empty());
  auto extra = read_fleet_journal(R"({"event":"start","source":"arn:aws:sqs:us-east-1:111122223333:a","time":1,"future":[1]})" "\n");
  REQUIRE(extra);
  CHECK(extra->tasks.size() == 1);
}

TEST_CASE("a fleet resumed from its journal follows the task it started instead of starting another") {
  FleetOptions o;
  o.preflight = false;
  std::vector<StartMessageMoveTaskRequest> reqs{StartMessageMoveTaskRequest::make(a).value(),
                                                StartMessageMoveTaskRequest::make(b).value()};
  std::string journal;
  {
    FleetPlanner first(reqs, o);
    REQUIRE(first.next(t0).kind == FleetAction::Kind::Start);
    first.on_start(0, OwnedStartMessageMoveTaskResult{"HA"}, t0);
    for (const auto& e : first.take_events()) journal += journal_line(e);
    // killed while writing the next line
    journal += R"({"event":"start","sou)";
  }
  auto known = read_fleet_journal(journal);
  REQUIRE(known);
  FleetPlanner second(reqs, o, known->tasks);
  const auto action = second.next(t0 + 1s);
  CHECK(action.kind == FleetAction::Kind::Start);
  CHECK(action.dlq == 1);  // b; a is followed, not started
  CHECK(second.dlq(0).status == DlqStatus::Active);
  CHECK(second.dlq(0).handle == "HA");
  second.on_start(1, OwnedStartMessageMoveTaskResult{"HB"}, t0 + 1s);
  const auto poll = second.next(t0 + 1s);
  CHECK(poll.kind == FleetAction::Kind::Poll);
  CHECK(poll.dlq == 0);
}
