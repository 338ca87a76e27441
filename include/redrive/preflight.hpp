// Checks before a message move task, as data: the caller gathers the facts (GetQueueAttributes of
// the source and the destination, ListDeadLetterSourceQueues and ListMessageMoveTasks of the
// source), preflight() judges them. A fact the caller could not get (AccessDenied, a timeout) makes
// its check a warning with the reason, never a crash; a fact it did not ask for, a warning too.
// docs/fleet.md#preflight lists what each check looks at.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "redrive/json_write.hpp"
#include "redrive/model.hpp"
#include "redrive/service_error.hpp"
#include "redrive/types.hpp"

namespace redrive {

// A move task that runs longer than this fails (SQS Developer Guide, dead-letter queue redrive).
inline constexpr std::chrono::hours move_task_time_limit{36};

enum class CheckName : std::uint8_t {
  SourceExists,
  SourceIsDlq,
  DestinationExists,
  SameQueueType,
  NoActiveTask,
  Messages,
  Duration,
};

inline constexpr std::array<CheckName, 7> all_checks{CheckName::SourceExists,     CheckName::SourceIsDlq,
                                                     CheckName::DestinationExists, CheckName::SameQueueType,
                                                     CheckName::NoActiveTask,     CheckName::Messages,
                                                     CheckName::Duration};

[[nodiscard]] constexpr std::string_view to_string(CheckName c) noexcept {
  switch (c) {
    case CheckName::SourceExists: return "source-exists";
    case CheckName::SourceIsDlq: return "source-is-dlq";
    case CheckName::DestinationExists: return "destination-exists";
    case CheckName::SameQueueType: return "same-queue-type";
    case CheckName::NoActiveTask: return "no-active-task";
    case CheckName::Messages: return "messages";
    case CheckName::Duration: return "duration";
  }
  return "?";
}

enum class CheckResult : std::uint8_t { Pass, Warn, Fail };

[[nodiscard]] constexpr std::string_view to_string(CheckResult r) noexcept {
  switch (r) {
    case CheckResult::Pass: return "pass";
    case CheckResult::Warn: return "warn";
    case CheckResult::Fail: return "fail";
  }
  return "?";
}

struct Check {
  CheckName name;
  CheckResult result;
  std::string detail;  // one sentence
  bool operator==(const Check&) const = default;
};

// A fact as the caller gathered it: nullopt when it did not ask, else the value or the service's
// answer.
template <class T>
using Fact = std::optional<std::expected<T, ServiceError>>;

// What preflight needs to know about a queue (from GetQueueAttributes).
struct QueueState {
  bool fifo = false;
  std::optional<std::int64_t> messages;  // ApproximateNumberOfMessages
};

struct PreflightFacts {
  SourceArn source;
  Fact<QueueState> source_queue;
  // The queues whose RedrivePolicy names the source (ListDeadLetterSourceQueues: their URLs).
  Fact<std::vector<std::string>> dead_letter_sources;
  std::optional<DestinationArn> destination;  // none: messages go back to their source queues
  Fact<QueueState> destination_queue;
  // The source's newest move task (ListMessageMoveTasks' first entry); nullopt: it never had one.
  Fact<std::optional<OwnedListMessageMoveTasksResultEntry>> newest_task;
  std::optional<Rate> rate;
};

namespace detail {

inline std::string could_not(std::string_view what, const ServiceError& e) {
  std::string s = "Could not " + std::string(what) + ": " + e.name;
  if (!e.message.empty()) s += " (" + e.message + ")";
  return s + ".";
}

inline bool queue_missing(const ServiceError& e) noexcept {
  return e.code == ServiceErrc::QueueDoesNotExist || e.code == ServiceErrc::ResourceNotFoundException;
}

// "45 minutes" below an hour (at least 1), "2.5 hours" from there on.
inline std::string duration_text(double seconds) {
  std::string s;
  if (seconds < 3600) {
    const auto minutes = std::max<std::int64_t>(1, static_cast<std::int64_t>(seconds / 60.0 + 0.999));
    append_json_int(s, minutes);
    return s + (minutes == 1 ? " minute" : " minutes");
  }
  const auto tenths = static_cast<std::int64_t>(seconds / 360.0 + 0.5);
  append_json_int(s, tenths / 10);
  s += '.';
  append_json_int(s, tenths % 10);
  return s + " hours";
}

inline Check check_source_exists(const PreflightFacts& f) {
  const auto n = CheckName::SourceExists;
  if (!f.source_queue) return {n, CheckResult::Warn, "Not checked: the source queue's attributes were not read."};
  if (*f.source_queue) return {n, CheckResult::Pass, "The source queue exists."};
  if (queue_missing(f.source_queue->error())) return {n, CheckResult::Fail, "The source queue does not exist."};
  return {n, CheckResult::Warn, could_not("read the source queue", f.source_queue->error())};
}

inline Check check_source_is_dlq(const PreflightFacts& f) {
  const auto n = CheckName::SourceIsDlq;
  if (!f.dead_letter_sources) return {n, CheckResult::Warn, "Not checked: the source's dead-letter source queues were not listed."};
  if (!*f.dead_letter_sources) return {n, CheckResult::Warn, could_not("list the queues using the source as their dead-letter queue", f.dead_letter_sources->error())};
  const auto& urls = **f.dead_letter_sources;
  if (urls.empty())
    return {n, CheckResult::Fail, "No queue names the source as its dead-letter queue (deadLetterTargetArn of a RedrivePolicy)."};
  std::string s = urls.size() == 1 ? "1 queue uses it as its dead-letter queue: " : "";
  if (urls.size() != 1) {
    append_json_int(s, static_cast<std::int64_t>(urls.size()));
    s += " queues use it as their dead-letter queue: ";
  }
  for (std::size_t i = 0; i < urls.size(); ++i) s += (i ? ", " : "") + urls[i];
  return {n, CheckResult::Pass, s + "."};
}

inline Check check_destination_exists(const PreflightFacts& f) {
  const auto n = CheckName::DestinationExists;
  if (!f.destination) return {n, CheckResult::Pass, "No destination given: messages go back to the queues they came from."};
  if (!f.destination_queue) return {n, CheckResult::Warn, "Not checked: the destination queue's attributes were not read."};
  if (*f.destination_queue) return {n, CheckResult::Pass, "The destination queue exists."};
  if (queue_missing(f.destination_queue->error())) return {n, CheckResult::Fail, "The destination queue does not exist."};
  return {n, CheckResult::Warn, could_not("read the destination queue", f.destination_queue->error())};
}

inline Check check_same_queue_type(const PreflightFacts& f) {
  const auto n = CheckName::SameQueueType;
  if (!f.destination) return {n, CheckResult::Pass, "No destination given: each message goes back to a queue of its own type."};
  // The attributes when they were read, else the names (a FIFO queue's name ends in .fifo).
  const bool source_fifo = f.source_queue && *f.source_queue ? (*f.source_queue)->fifo : f.source.is_fifo();
  const bool dest_fifo = f.destination_queue && *f.destination_queue ? (*f.destination_queue)->fifo : f.destination->is_fifo();
  auto kind = [](bool fifo) { return fifo ? std::string("FIFO") : std::string("standard"); };
  if (source_fifo != dest_fifo)
    return {n, CheckResult::Fail, "The source is a " + kind(source_fifo) + " queue and the destination a " + kind(dest_fifo) + " one."};
  return {n, CheckResult::Pass, "Both queues are " + kind(source_fifo) + " queues."};
}

inline Check check_no_active_task(const PreflightFacts& f) {
  const auto n = CheckName::NoActiveTask;
  if (!f.newest_task) return {n, CheckResult::Warn, "Not checked: the source's move tasks were not listed."};
  if (!*f.newest_task) return {n, CheckResult::Warn, could_not("list the source's move tasks", f.newest_task->error())};
  const auto& newest = **f.newest_task;
  if (!newest) return {n, CheckResult::Pass, "The source has no move task yet."};
  const std::string status = newest->status.value_or("with no status");
  switch (newest->task_status()) {
    case TaskStatus::Running:
    case TaskStatus::Cancelling:
      return {n, CheckResult::Fail, "A move task of this source is " + status + "; a source can have one active task at a time."};
    case TaskStatus::Unknown: return {n, CheckResult::Warn, "The source's newest move task is " + status + ", a status this version does not know."};
    default: return {n, CheckResult::Pass, "The source's newest move task is " + status + "."};
  }
}

inline std::optional<std::int64_t> messages_of(const PreflightFacts& f) {
  if (f.source_queue && *f.source_queue) return (*f.source_queue)->messages;
  return std::nullopt;
}

inline Check check_messages(const PreflightFacts& f) {
  const auto n = CheckName::Messages;
  const auto messages = messages_of(f);
  if (!messages) return {n, CheckResult::Warn, "The number of messages in the source is not known."};
  if (*messages <= 0) return {n, CheckResult::Warn, "The source holds no messages: there is nothing to move."};
  std::string s = "About ";
  append_json_int(s, *messages);
  return {n, CheckResult::Pass, s + (*messages == 1 ? " message to move." : " messages to move.")};
}

inline Check check_duration(const PreflightFacts& f) {
  const auto n = CheckName::Duration;
  const auto messages = messages_of(f);
  const double limit = std::chrono::duration<double>(move_task_time_limit).count();
  if (!messages) return {n, CheckResult::Warn, "Not estimated: the number of messages is not known."};
  if (!f.rate) {
    // The service picks the rate itself; only when even the highest rate cannot make it in time is
    // there something to say.
    if (static_cast<double>(*messages) / Rate::max > limit)
      return {n, CheckResult::Warn, "Even at " + std::to_string(Rate::max) + " messages per second the task would take " +
                                        duration_text(static_cast<double>(*messages) / Rate::max) +
                                        ", past the 36-hour limit."};
    return {n, CheckResult::Pass, "No rate given: the service picks the rate, so no duration is estimated."};
  }
  const double seconds = static_cast<double>(*messages) / f.rate->value();
  std::string s = "About " + duration_text(seconds) + " at " + std::to_string(f.rate->value()) + " messages per second";
  if (seconds > limit) return {n, CheckResult::Warn, s + ", past the 36-hour limit: the task would fail before the end."};
  return {n, CheckResult::Pass, s + "."};
}

}  // namespace detail

// Every check, in the order of all_checks.
[[nodiscard]] inline std::vector<Check> preflight(const PreflightFacts& facts) {
  return {detail::check_source_exists(facts),   detail::check_source_is_dlq(facts),
          detail::check_destination_exists(facts), detail::check_same_queue_type(facts),
          detail::check_no_active_task(facts), detail::check_messages(facts),
          detail::check_duration(facts)};
}

// 1 when any check failed, else 0 (warnings do not fail a preflight).
[[nodiscard]] inline int preflight_exit_code(std::span<const Check> checks) noexcept {
  for (const auto& c : checks)
    if (c.result == CheckResult::Fail) return 1;
  return 0;
}

// One check as a JSON object (no newline): {"check":NAME,"result":"pass"|"warn"|"fail","detail":TEXT}
inline void append_json(std::string& out, const Check& c) {
  out += R"({"check":)";
  append_json_string(out, to_string(c.name));
  out += R"(,"result":)";
  append_json_string(out, to_string(c.result));
  out += R"(,"detail":)";
  append_json_string(out, c.detail);
  out += '}';
}

}  // namespace redrive
