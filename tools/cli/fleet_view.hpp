// How `redrive fleet` shows its queues: a block of progress lines redrawn on a terminal, a line per
// change otherwise, a JSON object per change with --output json, and the closing summary. Pure:
// the caller prints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "progress.hpp"
#include "redrive/fleet.hpp"
#include "redrive/json_write.hpp"

namespace redrive::cli {

// What a change is measured by: a new line (or JSON object) only when this differs.
inline std::string fleet_change_key(const FleetDlq& d, bool counts) {
  std::string key(to_string(d.status));
  if (counts) key += ' ' + std::to_string(d.progress.moved) + ' ' + (d.progress.to_move ? std::to_string(*d.progress.to_move) : "?");
  return key;
}

// "completed  arn:...:app1-dlq  10 moved" / "failed  arn:...  REASON": the plain line of a change.
inline std::string fleet_plain_line(const FleetDlq& d) {
  std::string line(to_string(d.status));
  line.resize(std::max<std::size_t>(line.size(), 12), ' ');
  line += d.request.source().str();
  if (d.status == DlqStatus::Completed || d.status == DlqStatus::Cancelled) {
    line += "  " + std::to_string(d.progress.moved);
    if (d.progress.to_move) line += "/" + std::to_string(*d.progress.to_move);
    line += " moved";
  }
  if (!d.reason.empty()) line += "  " + d.reason;
  return line;
}

// A queue's line on a terminal: its bar, counts, rate and ETA while it runs; its status otherwise.
inline std::string fleet_bar_line(const FleetDlq& d) {
  const auto& p = d.progress;
  std::string_view status = to_string(d.status);
  if (d.status == DlqStatus::Active) status = p.status_text.empty() ? std::string_view("STARTING") : std::string_view(p.status_text);
  ProgressState state{status, p.moved, p.to_move, p.rate};
  std::string line = progress_bar_line(state, 20);
  line += "  ";
  line += d.request.source().queue_name();
  if (!d.reason.empty() && d.status != DlqStatus::Active) line += "  " + d.reason;
  return line;
}

// "7 queues: 3 active, 2 completed, 2 pending  120/280 moved  30.0 msg/s  ETA 10s".
inline std::string fleet_total_line(const FleetTotals& t, std::size_t queues) {
  std::string line = std::to_string(queues) + (queues == 1 ? " queue:" : " queues:");
  bool first = true;
  auto part = [&](int n, std::string_view what) {
    if (n == 0) return;
    line += first ? " " : ", ";
    line += std::to_string(n) + " " + std::string(what);
    first = false;
  };
  part(t.active, "active");
  part(t.completed, "completed");
  part(t.failed, "failed");
  part(t.cancelled, "cancelled");
  part(t.skipped, "skipped");
  part(t.left_running, "left running");
  part(t.pending, "pending");
  line += "; " + std::to_string(t.moved);
  if (t.to_move && t.pending == 0) line += "/" + std::to_string(*t.to_move);  // pending queues are not counted yet
  line += " messages moved";
  if (t.rate) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "  %.1f msg/s", *t.rate);
    line += buf;
  }
  if (t.eta_seconds && t.active > 0) line += "  ETA " + format_duration(*t.eta_seconds);
  return line;
}

// {"dlq":ARN,"status":"active","moved":N,"to_move":N|null,"task_handle":H|null,"reason":TEXT|null}
inline void append_json(std::string& out, const FleetDlq& d) {
  out += R"({"dlq":)";
  append_json_string(out, d.request.source().str());
  out += R"(,"status":)";
  append_json_string(out, to_string(d.status));
  out += R"(,"moved":)";
  append_json_int(out, d.progress.moved);
  out += R"(,"to_move":)";
  if (d.progress.to_move) append_json_int(out, *d.progress.to_move);
  else out += "null";
  out += R"(,"task_handle":)";
  if (d.handle) append_json_string(out, *d.handle);
  else out += "null";
  out += R"(,"reason":)";
  if (!d.reason.empty()) append_json_string(out, d.reason);
  else out += "null";
  out += '}';
}

// {"fleet":{"queues":N,"completed":N,"failed":N,"cancelled":N,"skipped":N,"left_running":N,"pending":N,"moved":N}}
inline void append_json(std::string& out, const FleetTotals& t, std::size_t queues) {
  out += R"({"fleet":{"queues":)";
  append_json_int(out, static_cast<std::int64_t>(queues));
  auto member = [&](std::string_view name, std::int64_t v) {
    out += ",\"";
    out += name;
    out += "\":";
    append_json_int(out, v);
  };
  member("completed", t.completed);
  member("failed", t.failed);
  member("cancelled", t.cancelled);
  member("skipped", t.skipped);
  member("left_running", t.left_running);
  member("pending", t.pending);
  member("moved", t.moved);
  out += "}}";
}

}  // namespace redrive::cli
