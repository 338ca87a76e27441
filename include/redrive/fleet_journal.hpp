// The fleet's journal: one JSON object per line, one line per FleetEvent, appended as the fleet
// goes, read back on a later run as the planner's known tasks (so it follows a task it started
// instead of starting a second one).
//
//   {"event":"start","source":ARN,"destination":ARN,"handle":H,"time":MS}
//   {"event":"end","source":ARN,"handle":H,"time":MS,"status":"COMPLETED","moved":N,"reason":TEXT}
//
// MS: epoch milliseconds, the writer's clock. "destination" and "reason" are left out when empty;
// unknown members are ignored when reading. A kill can leave the last line half written: a last
// line without its newline that is not a valid event is dropped (FleetJournal::torn_tail).
// The format is described in docs/fleet.md#the-journal.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "redrive/fleet.hpp"
#include "redrive/json_write.hpp"

namespace redrive {

// The line for an event, with its newline.
[[nodiscard]] inline std::string journal_line(const FleetEvent& e) {
  std::string out = e.kind == FleetEvent::Kind::Start ? R"({"event":"start","source":)" : R"({"event":"end","source":)";
  append_json_string(out, e.source.str());
  if (e.kind == FleetEvent::Kind::Start && e.destination) {
    out += R"(,"destination":)";
    append_json_string(out, e.destination->str());
  }
  out += R"(,"handle":)";
  append_json_string(out, e.handle);
  out += R"(,"time":)";
  append_json_int(out, e.time.time_since_epoch().count());
  if (e.kind == FleetEvent::Kind::End) {
    out += R"(,"status":)";
    append_json_string(out, to_string(e.status));
    out += R"(,"moved":)";
    append_json_int(out, e.moved);
    if (!e.reason.empty()) {
      out += R"(,"reason":)";
      append_json_string(out, e.reason);
    }
  }
  out += "}\n";
  return out;
}

struct JournalError {
  std::size_t line = 0;  // 1-based
  std::string message;
  bool operator==(const JournalError&) const = default;
};

struct FleetJournal {
  std::vector<KnownTask> tasks;  // the last state of each source, in order of first appearance
  std::size_t events = 0;        // lines read
  bool torn_tail = false;        // a half-written last line was dropped
};

namespace detail {

struct JournalLine {
  std::string_view event, source, handle, status, reason;
  std::optional<std::int64_t> time, moved;
};

// One line's members; an error message when it is not a journal event.
inline std::optional<std::string> read_journal_line(simdjson::dom::parser& parser, std::string_view text,
                                                    JournalLine& out) {
  simdjson::dom::element doc;
  if (auto e = parser.parse(text.data(), text.size()).get(doc)) return std::string("not JSON (") + simdjson::error_message(e) + ")";
  simdjson::dom::object object;
  if (doc.get_object().get(object)) return std::string("not a JSON object");
  for (auto field : object) {
    const std::string_view key = field.key;
    std::string_view* s = key == "event"    ? &out.event
                          : key == "source" ? &out.source
                          : key == "handle" ? &out.handle
                          : key == "status" ? &out.status
                          : key == "reason" ? &out.reason
                                            : nullptr;
    std::optional<std::int64_t>* n = key == "time" ? &out.time : key == "moved" ? &out.moved : nullptr;
    if (s && field.value.get_string().get(*s)) return "\"" + std::string(key) + "\" is not a string";
    if (n) {
      std::int64_t v = 0;
      if (field.value.get_int64().get(v)) return "\"" + std::string(key) + "\" is not an integer";
      *n = v;
    }
  }
  if (out.event != "start" && out.event != "end") return std::string("\"event\" is neither \"start\" nor \"end\"");
  if (out.source.empty()) return std::string("\"source\" is missing");
  if (!SourceArn::parse(out.source)) return std::string("\"source\" is not a queue ARN");
  if (!out.time) return std::string("\"time\" is missing");
  if (out.event == "end") {
    const TaskStatus status = task_status_from(out.status);
    if (status != TaskStatus::Completed && status != TaskStatus::Failed && status != TaskStatus::Cancelled)
      return std::string("\"status\" is not COMPLETED, FAILED or CANCELLED");
  }
  return std::nullopt;
}

}  // namespace detail

// Reads a journal's text. A bad line other than a torn last one is an error naming it.
[[nodiscard]] inline std::expected<FleetJournal, JournalError> read_fleet_journal(std::string_view text) {
  FleetJournal journal;
  simdjson::dom::parser parser;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const bool last_unterminated = end == std::string_view::npos;
    const std::string_view line = text.substr(0, end);
    text = last_unterminated ? std::string_view() : text.substr(end + 1);
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    detail::JournalLine l;
    if (auto problem = detail::read_journal_line(parser, line, l)) {
      if (last_unterminated) {
        journal.torn_tail = true;
        break;
      }
      return std::unexpected(JournalError{number, "Line " + std::to_string(number) + " of the journal: " + *problem + "."});
    }
    ++journal.events;
    const SourceArn source = SourceArn::parse(l.source).value();
    KnownTask* task = nullptr;
    for (auto& t : journal.tasks)
      if (t.source == source) task = &t;
    if (!task) task = &journal.tasks.emplace_back(KnownTask{source, {}, {}, {}, 0, {}});
    if (l.event == "start") {
      *task = KnownTask{source, std::string(l.handle), CallTime{Milliseconds{*l.time}}, std::nullopt, 0, {}};
    } else {
      if (task->handle.empty()) task->handle = l.handle;
      task->ended = task_status_from(l.status);
      task->moved = l.moved.value_or(0);
      task->reason = l.reason;
    }
  }
  return journal;
}

}  // namespace redrive
