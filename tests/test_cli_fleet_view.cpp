// The fleet command's rendering (tools/cli/fleet_view.hpp).
#include <doctest/doctest.h>

#include <string>

#include "../tools/cli/fleet_view.hpp"

using namespace redrive;
using namespace redrive::cli;

namespace {

FleetDlq dlq(std::string_view source, DlqStatus status) {
  return FleetDlq{StartMessageMoveTaskRequest::parse(source).value(), status, {}, {}, {}, {}, {}};
}

constexpr std::string_view arn = "arn:aws:sqs:us-east-1:000000000000:app1-dlq";

}  // namespace

TEST_CASE("fleet_plain_line: the status, the queue, the counts once it ended, the reason") {
  auto d = dlq(arn, DlqStatus::Active);
  d.progress.moved = 3;
  CHECK(fleet_plain_line(d) == "active      " + std::string(arn));
  d.status = DlqStatus::Completed;
  d.progress.to_move = 3;
  CHECK(fleet_plain_line(d) == "completed   " + std::string(arn) + "  3/3 moved");
  d.status = DlqStatus::Failed;
  d.reason = "AWS.SimpleQueueService.NonExistentQueue";
  CHECK(fleet_plain_line(d) == "failed      " + std::string(arn) + "  AWS.SimpleQueueService.NonExistentQueue");
}

TEST_CASE("fleet_change_key: counts matter only when asked") {
  auto d = dlq(arn, DlqStatus::Active);
  const auto plain = fleet_change_key(d, false);
  const auto counted = fleet_change_key(d, true);
  d.progress.moved = 5;
  CHECK(fleet_change_key(d, false) == plain);
  CHECK(fleet_change_key(d, true) != counted);
  d.status = DlqStatus::Completed;
  CHECK(fleet_change_key(d, false) != plain);
}

TEST_CASE("fleet_bar_line: the service's status while active, the queue's name") {
  auto d = dlq(arn, DlqStatus::Active);
  CHECK(fleet_bar_line(d).find("STARTING  app1-dlq") != std::string::npos);
  d.progress.status_text = "RUNNING";
  d.progress.moved = 5;
  d.progress.to_move = 10;
  const auto line = fleet_bar_line(d);
  CHECK(line.starts_with("[##########..........] 5/10 (50%)"));
  CHECK(line.ends_with("RUNNING  app1-dlq"));
  d.status = DlqStatus::Skipped;
  d.reason = "No queue names the source.";
  CHECK(fleet_bar_line(d).ends_with("skipped  app1-dlq  No queue names the source."));
}

TEST_CASE("fleet_total_line: the counts that are not zero, the total to move once nothing is pending") {
  FleetTotals t;
  t.active = 2;
  t.completed = 1;
  t.pending = 1;
  t.moved = 40;
  t.to_move = 60;
  t.rate = 12.5;
  t.eta_seconds = 2;
  CHECK(fleet_total_line(t, 4) == "4 queues: 2 active, 1 completed, 1 pending; 40 messages moved  12.5 msg/s  ETA 2s");
  t.pending = 0;
  t.active = 0;
  t.completed = 3;
  t.rate.reset();
  CHECK(fleet_total_line(t, 3) == "3 queues: 3 completed; 40/60 messages moved");
}

TEST_CASE("fleet JSON lines") {
  auto d = dlq(arn, DlqStatus::Failed);
  d.handle = "h";
  d.reason = "it \"failed\"";
  d.progress.moved = 2;
  std::string out;
  append_json(out, d);
  CHECK(out == R"({"dlq":")" + std::string(arn) +
                   R"(","status":"failed","moved":2,"to_move":null,"task_handle":"h","reason":"it \"failed\""})");
  FleetTotals t;
  t.completed = 2;
  t.failed = 1;
  t.moved = 7;
  out.clear();
  append_json(out, t, 3);
  CHECK(out == R"({"fleet":{"queues":3,"completed":2,"failed":1,"cancelled":0,"skipped":0,"left_running":0,"pending":0,"moved":7}})");
}
