// The CLI's JSON renderings of library types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "redrive/json_write.hpp"
#include "redrive/model.hpp"

namespace redrive::cli {

inline void append_member(std::string& out, bool& first, std::string_view name) {
  if (!first) out += ',';
  first = false;
  append_json_string(out, name);
  out += ':';
}

template <class S>
inline void append_opt_string(std::string& out, bool& first, std::string_view name, const std::optional<S>& v) {
  if (!v) return;
  append_member(out, first, name);
  append_json_string(out, std::string_view(*v));
}

template <class I>
inline void append_opt_int(std::string& out, bool& first, std::string_view name, const std::optional<I>& v) {
  if (!v) return;
  append_member(out, first, name);
  append_json_int(out, static_cast<std::int64_t>(*v));
}

// A list entry as the service sends it: its members in model order, absent ones left out.
template <class S>
inline void append_entry_json(std::string& out, const BasicListMessageMoveTasksResultEntry<S>& e) {
  bool first = true;
  out += '{';
  append_opt_string(out, first, "TaskHandle", e.task_handle);
  append_opt_string(out, first, "Status", e.status);
  append_opt_string(out, first, "SourceArn", e.source_arn);
  append_opt_string(out, first, "DestinationArn", e.destination_arn);
  append_opt_int(out, first, "MaxNumberOfMessagesPerSecond", e.max_number_of_messages_per_second);
  append_opt_int(out, first, "ApproximateNumberOfMessagesMoved", e.approximate_number_of_messages_moved);
  append_opt_int(out, first, "ApproximateNumberOfMessagesToMove", e.approximate_number_of_messages_to_move);
  append_opt_string(out, first, "FailureReason", e.failure_reason);
  append_opt_int(out, first, "StartedTimestamp", e.started_timestamp);
  out += '}';
}

}  // namespace redrive::cli
