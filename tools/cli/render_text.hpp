// The CLI's text renderings, for people: one per type, used by every command that shows the type
// as text.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "redrive/http.hpp"
#include "redrive/model.hpp"
#include "redrive/operations.hpp"
#include "redrive/service_error.hpp"

namespace redrive::cli {

// Epoch milliseconds as "2026-11-25T10:00:00.123Z" (UTC); outside the years 0000..9999 the
// milliseconds themselves, "<n> ms".
inline std::string format_timestamp(std::int64_t epoch_ms) {
  using namespace std::chrono;
  if (epoch_ms < -62167219200000 || epoch_ms > 253402300799999) return std::to_string(epoch_ms) + " ms";
  sys_time<milliseconds> t{milliseconds(epoch_ms)};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{t - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long long>(hms.hours().count()), static_cast<long long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()), static_cast<long long>(hms.subseconds().count()));
  return buf;
}

// The operation names as JSON alternatives, for usage texts:
// "StartMessageMoveTask"|"CancelMessageMoveTask"|"ListMessageMoveTasks".
inline std::string quoted_operation_names() {
  std::string out;
  for (OperationId id : all_operations) {
    if (!out.empty()) out += '|';
    out += '"';
    out += operation_name(id);
    out += '"';
  }
  return out;
}

// A list entry:
// RUNNING    12/25  50 msg/s  started 2026-11-25T10:00:00.123Z  <source> -> <destination>
//   handle <TaskHandle>
//   failure <FailureReason>
template <class S>
std::string entry_text(const BasicListMessageMoveTasksResultEntry<S>& e) {
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

// A service error in one line: "Name: message (HTTP 404, request id ...)".
inline std::string error_text(const ServiceError& e) {
  std::string line = e.name;
  if (!e.message.empty()) line += ": " + e.message;
  line += " (HTTP " + std::to_string(e.http_status);
  line += e.request_id.empty() ? std::string(", no request id") : ", request id " + e.request_id;
  line += ")";
  return line;
}

// A request as HTTP/1.1 text: the request line, the headers, a blank line, the body.
inline std::string http_text(const HttpRequest& r) {
  std::string out = r.method + " " + r.path + " HTTP/1.1\n";
  for (const auto& h : r.headers) out += h.name + ": " + h.value + "\n";
  out += "\n";
  out += r.body;
  return out;
}

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

// A request as a curl command line that sends it.
inline std::string curl_command(const HttpRequest& r) {
  std::string out = "curl -sS -X " + r.method + " " + shell_quote(r.url());
  for (const auto& h : r.headers) out += " \\\n  -H " + shell_quote(h.name + ": " + h.value);
  out += " \\\n  --data-binary " + shell_quote(r.body);
  return out;
}

}  // namespace redrive::cli
