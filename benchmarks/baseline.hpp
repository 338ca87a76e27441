// What the JSON-library baselines share: the owning results they decode into, and the parts of a
// decode that do not depend on the JSON library.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include <redrive.hpp>

namespace bench::baseline {

using Start = redrive::OwnedStartMessageMoveTaskResult;
using List = redrive::OwnedListMessageMoveTasksResult;
using Entry = redrive::OwnedListMessageMoveTasksResultEntry;
template <class Result>
using Decoded = std::expected<Result, redrive::ServiceError>;

inline bool is_success(const redrive::HttpResponse& r) { return r.status >= 200 && r.status <= 299; }

inline std::string request_id(const redrive::HttpResponse& r) {
  return std::string(r.header("x-amzn-requestid").value_or(""));
}

inline redrive::ServiceError malformed(const redrive::HttpResponse& r) {
  redrive::ServiceError e;
  e.code = redrive::ServiceErrc::MalformedResponse;
  e.name = "MalformedResponse";
  e.http_status = r.status;
  e.request_id = request_id(r);
  return e;
}

// A non-2xx response's error: "__type" without its namespace ("com.amazonaws.sqs#Name"),
// "message", and the request id header.
inline redrive::ServiceError service_error(const redrive::HttpResponse& r, std::string_view type,
                                           std::string_view message) {
  redrive::ServiceError e;
  std::string_view name = type.substr(type.find('#') + 1);
  e.name = name.empty() ? "Unknown" : name;
  e.code = redrive::service_errc_from(name);
  e.message = message;
  e.http_status = r.status;
  e.request_id = request_id(r);
  return e;
}

// Reads every member of an entry with `read(name, member)`, which returns false when the member
// has the wrong type or range.
template <class Read>
bool read_entry(Entry& e, Read read) {
  return read("TaskHandle", e.task_handle) && read("Status", e.status) && read("SourceArn", e.source_arn) &&
         read("DestinationArn", e.destination_arn) &&
         read("MaxNumberOfMessagesPerSecond", e.max_number_of_messages_per_second) &&
         read("ApproximateNumberOfMessagesMoved", e.approximate_number_of_messages_moved) &&
         read("ApproximateNumberOfMessagesToMove", e.approximate_number_of_messages_to_move) &&
         read("FailureReason", e.failure_reason) && read("StartedTimestamp", e.started_timestamp);
}

inline bool fits_int32(std::int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

}  // namespace bench::baseline
