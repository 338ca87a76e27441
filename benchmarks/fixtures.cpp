#include "fixtures.hpp"

#include <cstdlib>

namespace bench {

namespace {

using Entry = redrive::OwnedListMessageMoveTasksResultEntry;

// Ten tasks as SQS lists them: running ones carry a handle, failed ones a reason, and a destination
// and rate appear only when the task was started with them.
Entry task(int i) {
  static constexpr const char* statuses[] = {"RUNNING", "COMPLETED", "FAILED", "COMPLETED", "CANCELLED"};
  Entry e;
  e.status = statuses[i % 5];
  if (*e.status == "RUNNING") e.task_handle = std::string(task_handle.substr(0, 120 - i));
  e.source_arn = "arn:aws:sqs:us-east-1:111122223333:orders-dead-letter-queue-" + std::to_string(i);
  if (i % 2 == 0) e.destination_arn = "arn:aws:sqs:us-east-1:111122223333:orders-queue-" + std::to_string(i);
  if (i % 3 != 2) e.max_number_of_messages_per_second = 10 * (i + 1);
  e.approximate_number_of_messages_moved = 1000LL * i + 37;
  e.approximate_number_of_messages_to_move = 5000LL + i;
  if (*e.status == "FAILED") e.failure_reason = "AWS.SimpleQueueService.NonExistentQueue";
  e.started_timestamp = 1700000000000LL + 60000LL * i;
  return e;
}

void add_string(std::string& out, const char* name, const std::optional<std::string>& v) {
  if (!v) return;
  if (v->find_first_of("\"\\") != std::string::npos) std::abort();  // the fixture needs no escapes
  out += out.back() == '{' ? "\"" : ",\"";
  out += name;
  out += "\":\"";
  out += *v;
  out += '"';
}

template <class Int>
void add_int(std::string& out, const char* name, const std::optional<Int>& v) {
  if (!v) return;
  out += out.back() == '{' ? "\"" : ",\"";
  out += name;
  out += "\":";
  out += std::to_string(*v);
}

}  // namespace

redrive::OwnedListMessageMoveTasksResult expected_list10() {
  std::vector<Entry> entries;
  for (int i = 0; i < 10; ++i) entries.push_back(task(i));
  return {std::move(entries)};
}

std::string list10_body() {
  const redrive::OwnedListMessageMoveTasksResult list = expected_list10();
  std::string out = R"({"Results":[)";
  for (const Entry& e : *list.results) {
    if (out.back() == '}') out += ',';
    out += '{';
    add_string(out, "TaskHandle", e.task_handle);
    add_string(out, "Status", e.status);
    add_string(out, "SourceArn", e.source_arn);
    add_string(out, "DestinationArn", e.destination_arn);
    add_int(out, "MaxNumberOfMessagesPerSecond", e.max_number_of_messages_per_second);
    add_int(out, "ApproximateNumberOfMessagesMoved", e.approximate_number_of_messages_moved);
    add_int(out, "ApproximateNumberOfMessagesToMove", e.approximate_number_of_messages_to_move);
    add_string(out, "FailureReason", e.failure_reason);
    add_int(out, "StartedTimestamp", e.started_timestamp);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace bench
