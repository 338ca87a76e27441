// The CLI's text renderings of library types, for people.
#pragma once

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>

#include "redrive/model.hpp"

namespace redrive::cli {

// Shell single-quoting: 'it'\''s'.
inline std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  out += '\'';
  return out;
}

// Epoch milliseconds as "2026-11-25T10:00:00.123Z".
inline std::string format_timestamp(std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  int millis = static_cast<int>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    --secs;
  }
  std::tm tm{};
  if (!gmtime_r(&secs, &tm)) return std::to_string(ms);
  char buf[40];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", millis);
  return buf;
}

// RUNNING    12/25  50 msg/s  started 2026-11-25T10:00:00.123Z  <source> -> <destination>
//   handle <TaskHandle>
//   failure <FailureReason>
template <class S>
inline std::string entry_text(const BasicListMessageMoveTasksResultEntry<S>& e) {
  std::string out(e.status ? std::string_view(*e.status) : std::string_view("?"));
  if (out.size() < 10) out.append(10 - out.size(), ' ');
  out += ' ';
  out += std::to_string(e.approximate_number_of_messages_moved.value_or(0));
  out += '/';
  out += e.approximate_number_of_messages_to_move ? std::to_string(*e.approximate_number_of_messages_to_move) : "?";
  out += "  ";
  out += e.max_number_of_messages_per_second ? std::to_string(*e.max_number_of_messages_per_second) + " msg/s"
                                             : std::string("auto rate");
  if (e.started_timestamp) out += "  started " + format_timestamp(*e.started_timestamp);
  out += "  ";
  out += e.source_arn ? std::string_view(*e.source_arn) : std::string_view("?");
  out += " -> ";
  out += e.destination_arn ? std::string_view(*e.destination_arn) : std::string_view("(original source queues)");
  if (e.task_handle) out += "\n  handle " + std::string(*e.task_handle);
  if (e.failure_reason) out += "\n  failure " + std::string(*e.failure_reason);
  return out;
}

}  // namespace redrive::cli
