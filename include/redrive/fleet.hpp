// Draining many dead-letter queues, as a sans-IO planner: it says what to do next (run preflight
// on a queue, start its task, poll it, cancel it, wait, or nothing more), the caller does it with
// its own calls and hands the outcome back. It never starts more than the limit of tasks at once,
// never starts a second task for a source that has one, and takes the service's "too many active
// tasks" answer as "wait for a slot".
//
//   redrive::FleetPlanner fleet(requests, options, known_tasks);
//   for (auto a = fleet.next(now()); a.kind != FleetAction::Kind::Done; a = fleet.next(now())) {
//     switch (a.kind) {
//       case FleetAction::Kind::Wait: sleep_until(a.wake_at); break;
//       case FleetAction::Kind::Preflight: fleet.on_preflight(a.dlq, redrive::preflight(facts_of(a.dlq))); break;
//       case FleetAction::Kind::Start: fleet.on_start(a.dlq, call(client, fleet.request(a.dlq)), now()); break;
//       case FleetAction::Kind::Poll: fleet.on_poll(a.dlq, call(client, fleet.poll_request(a.dlq)), now()); break;
//       case FleetAction::Kind::Cancel: fleet.on_cancel(a.dlq, call(client, *fleet.cancel_request(a.dlq)), now()); break;
//       case FleetAction::Kind::Done: break;
//     }
//     for (const auto& e : fleet.take_events()) journal(e);   // fleet_journal.hpp
//     if (interrupted) fleet.interrupt(cancel_on_interrupt);
//   }
// docs/fleet.md#the-fleet-planner explains how the planner decides.
#pragma once

#include <algorithm>
#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redrive/clock_skew.hpp"
#include "redrive/model.hpp"
#include "redrive/preflight.hpp"
#include "redrive/service_error.hpp"
#include "redrive/types.hpp"
#include "redrive/watch.hpp"

namespace redrive {

// Active message move tasks an account may have at once (SQS quotas).
inline constexpr int account_active_task_quota = 100;

struct FleetOptions {
  std::optional<int> max_active;   // tasks of this fleet at once; default account_active_task_quota
  Milliseconds interval{5000};     // between two polls of a task, and before a start is tried again
  bool preflight = true;           // ask for preflight before each queue's first start
  int max_poll_failures = 5;       // failed polls in a row before the fleet loses track of a task
  int max_start_attempts = 5;      // retryable start errors (throttling, no response) before a queue fails
  std::size_t rate_window = 10;    // polls a task's rate is measured over
};

// Where one queue of the fleet stands.
enum class DlqStatus : std::uint8_t {
  Pending,      // no task started yet
  Active,       // its task is starting or running (started by this fleet, or adopted)
  Completed,    // its task COMPLETED
  Failed,       // its task FAILED, or it could not be started or followed (see reason)
  Cancelled,    // its task was cancelled
  Skipped,      // preflight failed; no task was started
  LeftRunning,  // interrupted: its task was left running
};

[[nodiscard]] constexpr std::string_view to_string(DlqStatus s) noexcept {
  switch (s) {
    case DlqStatus::Pending: return "pending";
    case DlqStatus::Active: return "active";
    case DlqStatus::Completed: return "completed";
    case DlqStatus::Failed: return "failed";
    case DlqStatus::Cancelled: return "cancelled";
    case DlqStatus::Skipped: return "skipped";
    case DlqStatus::LeftRunning: return "left running";
  }
  return "?";
}

// One queue of the fleet as the caller sees it.
struct FleetDlq {
  StartMessageMoveTaskRequest request;
  DlqStatus status = DlqStatus::Pending;
  std::string reason;                     // why it failed, was skipped or cancelled; empty otherwise
  std::optional<std::string> handle;      // its task's handle, once known
  std::optional<std::int64_t> started_ms;  // its task's StartedTimestamp, once listed
  TaskProgress progress;                  // as last polled
  std::vector<Check> checks;              // preflight's, when it ran
};

// What to do next. `dlq` indexes the planner's queues.
struct FleetAction {
  enum class Kind : std::uint8_t {
    Preflight,  // gather facts for dlq, run preflight(), feed on_preflight
    Start,      // StartMessageMoveTask request(dlq), feed on_start
    Poll,       // ListMessageMoveTasks poll_request(dlq), feed on_poll
    Cancel,     // CancelMessageMoveTask cancel_request(dlq), feed on_cancel
    Wait,       // nothing to do before wake_at
    Done,       // every queue has ended (or the fleet was interrupted)
  };
  Kind kind = Kind::Done;
  std::size_t dlq = 0;
  CallTime wake_at{};
};

// A line of the journal: a task started (or was adopted), or ended.
struct FleetEvent {
  enum class Kind : std::uint8_t { Start, End };
  Kind kind = Kind::Start;
  SourceArn source;
  std::optional<DestinationArn> destination;  // Start: as requested
  std::string handle;                         // Start: the task's handle
  CallTime time{};                            // the caller's clock
  TaskStatus status = TaskStatus::Unknown;    // End: COMPLETED, FAILED or CANCELLED
  std::int64_t moved = 0;                     // End
  std::string reason;                         // End: the failure reason, if any
};

// A task a journal recorded: started and not ended (`ended` empty), or ended.
struct KnownTask {
  SourceArn source;
  std::string handle;                // empty when not recorded
  CallTime started{};                // when its start was recorded
  std::optional<TaskStatus> ended;   // how it ended, if it did
  std::int64_t moved = 0;
  std::string reason;
};

// The effect of a quota answer: SQS answers OverLimit; a LimitExceeded-style name counts too.
[[nodiscard]] inline bool is_active_task_quota_error(const ServiceError& e) noexcept {
  return e.code == ServiceErrc::OverLimit || e.name.find("LimitExceeded") != std::string::npos;
}

// The answers SQS gives a start when the source already has an active task.
[[nodiscard]] inline bool is_task_already_active_error(const ServiceError& e) noexcept {
  return e.code == ServiceErrc::UnsupportedOperation || e.code == ServiceErrc::InvalidParameterValue;
}

// The fleet's totals over the tasks it has seen.
struct FleetTotals {
  int pending = 0, active = 0, completed = 0, failed = 0, cancelled = 0, skipped = 0, left_running = 0;
  std::int64_t moved = 0;               // by every task seen
  std::optional<std::int64_t> to_move;  // by every task seen; empty while an active one has no count
  std::optional<double> rate;           // messages per second, active tasks together
  std::optional<double> eta_seconds;    // time left for the active tasks at that rate
};

class FleetPlanner {
 public:
  using PollOutcome = std::expected<OwnedListMessageMoveTasksResult, ServiceError>;
  using StartOutcome = std::expected<OwnedStartMessageMoveTaskResult, ServiceError>;
  using CancelOutcome = std::expected<OwnedCancelMessageMoveTaskResult, ServiceError>;

  // `known`: tasks a journal recorded. A source whose last task COMPLETED is done; one whose task
  // has not ended is followed (no preflight, no second start); one whose task failed or was
  // cancelled is started again. A source listed twice is run once (the later entry is skipped).
  explicit FleetPlanner(std::vector<StartMessageMoveTaskRequest> requests, FleetOptions options = {},
                        std::span<const KnownTask> known = {})
      : options_(options) {
    max_active_ = std::max(1, options_.max_active.value_or(account_active_task_quota));
    for (auto& r : requests) {
      dlqs_.push_back(FleetDlq{std::move(r), DlqStatus::Pending, {}, {}, {}, {}, {}});
      tracks_.push_back(Track{options_.rate_window});
    }
    for (std::size_t i = 0; i < dlqs_.size(); ++i) {
      FleetDlq& d = dlqs_[i];
      Track& t = tracks_[i];
      t.phase = options_.preflight ? Phase::NeedPreflight : Phase::Ready;
      for (std::size_t j = 0; j < i; ++j)
        if (dlqs_[j].request.source() == d.request.source()) end(i, DlqStatus::Skipped, "The queue is listed more than once.");
      if (t.phase == Phase::Ended) continue;
      const KnownTask* k = nullptr;
      for (const auto& candidate : known)
        if (candidate.source == d.request.source()) k = &candidate;
      if (!k) continue;
      if (!k->ended) {
        d.status = DlqStatus::Active;
        t.phase = Phase::Following;
        if (!k->handle.empty()) d.handle = k->handle;
        t.window = started_window(k->started);
      } else if (*k->ended == TaskStatus::Completed) {
        d.progress.status = TaskStatus::Completed;
        d.progress.moved = k->moved;
        end(i, DlqStatus::Completed, "");
      }
    }
  }

  [[nodiscard]] FleetAction next(CallTime now) {
    using K = FleetAction::Kind;
    if (interrupted_) {
      for (std::size_t i = 0; i < dlqs_.size(); ++i)
        if (tracks_[i].phase == Phase::Cancelling && !tracks_[i].awaiting) return issue(i, K::Cancel);
      return {};
    }
    for (std::size_t i = 0; i < dlqs_.size(); ++i)
      if (tracks_[i].phase == Phase::NeedPreflight && !tracks_[i].awaiting) return issue(i, K::Preflight);
    std::optional<CallTime> wake;
    auto wake_by = [&](CallTime t) { wake = wake ? std::min(*wake, t) : t; };
    bool live = false;
    if (may_start()) {
      for (std::size_t i = 0; i < dlqs_.size(); ++i) {
        const Track& t = tracks_[i];
        if (t.phase != Phase::Ready || t.awaiting) continue;
        const CallTime at = std::max(t.not_before, quota_retry_at_);
        if (at <= now) return issue(i, K::Start);
        wake_by(at);
      }
    }
    std::optional<std::size_t> due;
    for (std::size_t i = 0; i < dlqs_.size(); ++i) {
      const Track& t = tracks_[i];
      if (t.phase == Phase::NeedPreflight || t.phase == Phase::Ready || t.awaiting) live = true;
      if (t.phase != Phase::Following || t.awaiting) continue;
      live = true;
      if (t.next_poll_at <= now && (!due || t.next_poll_at < tracks_[*due].next_poll_at)) due = i;
      wake_by(t.next_poll_at);
    }
    if (due) return issue(*due, K::Poll);
    if (!live) return {};
    return {K::Wait, 0, wake ? std::max(*wake, now) : now + options_.interval};
  }

  void on_preflight(std::size_t i, std::vector<Check> checks) {
    if (!expecting(i, FleetAction::Kind::Preflight)) return;
    FleetDlq& d = dlqs_[i];
    d.checks = std::move(checks);
    std::string failed;
    bool active_task = false;
    for (const auto& c : d.checks) {
      if (c.result != CheckResult::Fail) continue;
      if (c.name == CheckName::NoActiveTask) active_task = true;
      else failed += (failed.empty() ? "" : " ") + c.detail;
    }
    if (!failed.empty()) return end(i, DlqStatus::Skipped, std::move(failed));
    if (active_task) return adopt(i, "");  // follow the running task instead of starting one
    tracks_[i].phase = Phase::Ready;
  }

  void on_start(std::size_t i, const StartOutcome& outcome, CallTime now) {
    if (!expecting(i, FleetAction::Kind::Start)) return;
    FleetDlq& d = dlqs_[i];
    Track& t = tracks_[i];
    if (outcome) {
      quota_retry_at_ = {};
      if (!outcome->task_handle) return adopt(i, "The service started a task but sent no task handle.", now);
      t.phase = Phase::Following;
      d.handle = *outcome->task_handle;
      t.window = started_window(now);
      t.next_poll_at = now + options_.interval;
      events_.push_back(start_event(i, now));
      return;
    }
    const ServiceError& e = outcome.error();
    if (is_active_task_quota_error(e)) {
      // Wait for a slot: no more tasks than run now; with none of ours running, try again later.
      d.status = DlqStatus::Pending;
      t.phase = Phase::Ready;
      quota_limit_ = active_count();
      if (*quota_limit_ == 0) quota_retry_at_ = now + options_.interval;
      return;
    }
    if (is_task_already_active_error(e)) return adopt(i, describe(e), now);
    if (e.is_retryable() && ++t.start_attempts < options_.max_start_attempts) {
      d.status = DlqStatus::Pending;
      t.phase = Phase::Ready;
      t.not_before = now + options_.interval;
      return;
    }
    end(i, DlqStatus::Failed, "The task could not be started: " + describe(e));
  }

  void on_poll(std::size_t i, const PollOutcome& outcome, CallTime now) {
    if (!expecting(i, FleetAction::Kind::Poll)) return;
    FleetDlq& d = dlqs_[i];
    Track& t = tracks_[i];
    t.next_poll_at = now + options_.interval;
    if (!outcome) {
      const ServiceError& e = outcome.error();
      if (!e.is_retryable() || ++t.poll_failures >= options_.max_poll_failures)
        end(i, DlqStatus::Failed, "Lost track of the task: its move tasks could not be listed: " + describe(e));
      return;
    }
    t.poll_failures = 0;
    static const std::vector<Entry> none;
    const std::vector<Entry>& entries = outcome->results ? *outcome->results : none;
    const Entry* mine = find_task(i, entries);
    if (!mine) {
      if (!d.handle && !d.started_ms) {  // adopting, and no task is active after all
        if (t.adopt_reason.empty()) {
          d.status = DlqStatus::Pending;
          t.phase = Phase::Ready;
          return;
        }
        return end(i, DlqStatus::Failed, "The task could not be started: " + t.adopt_reason);
      }
      if (d.started_ms) return end(i, DlqStatus::Failed, "Lost track of the task: it is no longer listed.");
      if (++t.unlisted >= options_.max_poll_failures)
        end(i, DlqStatus::Failed, "Lost track of the task: it was never listed.");
      return;
    }
    if (!d.started_ms) d.started_ms = mine->started_timestamp.value_or(-1);
    if (!d.handle && mine->task_handle) {
      d.handle = *mine->task_handle;  // adopted: recorded so a resumed fleet follows it too
      events_.push_back(start_event(i, now));
    }
    TaskProgress& p = d.progress;
    p.status = mine->task_status();
    p.status_text = mine->status.value_or("");
    p.moved = mine->approximate_number_of_messages_moved.value_or(0);
    p.to_move = mine->approximate_number_of_messages_to_move;
    t.meter.add(now, p.moved);
    p.rate = t.meter.rate();
    p.eta_seconds = p.status == TaskStatus::Running ? TaskProgress::eta(p.to_move, p.moved, p.rate) : std::nullopt;
    switch (p.status) {
      case TaskStatus::Completed: return finish_task(i, DlqStatus::Completed, now, "");
      case TaskStatus::Failed:
        return finish_task(i, DlqStatus::Failed, now, mine->failure_reason.value_or("The task failed."));
      case TaskStatus::Cancelled: return finish_task(i, DlqStatus::Cancelled, now, "The task was cancelled.");
      default: break;  // RUNNING, CANCELLING, or a status this version does not know: keep polling
    }
  }

  // Ctrl-C: no task is started any more. Returns the queues whose tasks are running. With
  // `cancel`, next() then asks to cancel each of them that has a handle; without, they are left
  // running (DlqStatus::LeftRunning) and next() says Done.
  std::vector<std::size_t> interrupt(bool cancel) {
    std::vector<std::size_t> running;
    if (interrupted_) return running;
    interrupted_ = true;
    for (std::size_t i = 0; i < dlqs_.size(); ++i) {
      Track& t = tracks_[i];
      if (t.phase == Phase::NeedPreflight || t.phase == Phase::Ready) {
        t.awaiting = false;
        dlqs_[i].status = DlqStatus::Pending;
        continue;
      }
      if (t.phase != Phase::Following) continue;
      running.push_back(i);
      t.awaiting = false;
      if (cancel && dlqs_[i].handle) t.phase = Phase::Cancelling;
      else end(i, DlqStatus::LeftRunning, "Interrupted: the task was left running.");
    }
    return running;
  }

  void on_cancel(std::size_t i, const CancelOutcome& outcome, CallTime now) {
    if (!expecting(i, FleetAction::Kind::Cancel)) return;
    if (!outcome) return end(i, DlqStatus::LeftRunning, "Interrupted: the task could not be cancelled: " + describe(outcome.error()));
    if (outcome->approximate_number_of_messages_moved) dlqs_[i].progress.moved = *outcome->approximate_number_of_messages_moved;
    finish_task(i, DlqStatus::Cancelled, now, "Interrupted: the task was cancelled.");
  }

  // Journal events since the last call, oldest first.
  [[nodiscard]] std::vector<FleetEvent> take_events() { return std::exchange(events_, {}); }

  [[nodiscard]] std::size_t size() const noexcept { return dlqs_.size(); }
  [[nodiscard]] const FleetDlq& dlq(std::size_t i) const noexcept { return dlqs_[i]; }
  [[nodiscard]] const std::vector<FleetDlq>& dlqs() const noexcept { return dlqs_; }
  [[nodiscard]] const StartMessageMoveTaskRequest& request(std::size_t i) const noexcept { return dlqs_[i].request; }
  // Polls ask for 10 entries, so the task is found among newer ones.
  [[nodiscard]] ListMessageMoveTasksRequest poll_request(std::size_t i) const noexcept {
    return {dlqs_[i].request.source(), MaxResults::make(10).value()};
  }
  [[nodiscard]] std::optional<CancelMessageMoveTaskRequest> cancel_request(std::size_t i) const {
    if (!dlqs_[i].handle) return std::nullopt;
    auto handle = TaskHandle::parse(*dlqs_[i].handle);
    if (!handle) return std::nullopt;
    return CancelMessageMoveTaskRequest{*handle};
  }
  // Tasks of this fleet that are starting or running.
  [[nodiscard]] int active_count() const noexcept {
    int n = 0;
    for (const auto& t : tracks_) n += t.phase == Phase::Following || t.phase == Phase::Cancelling ||
                                       (t.phase == Phase::Ready && t.awaiting);
    return n;
  }
  // The limit in force: max_active, lowered by a quota answer.
  [[nodiscard]] int effective_limit() const noexcept {
    return quota_limit_ ? std::min(max_active_, std::max(*quota_limit_, 1)) : max_active_;
  }
  [[nodiscard]] bool interrupted() const noexcept { return interrupted_; }

  [[nodiscard]] FleetTotals totals() const {
    FleetTotals s;
    std::int64_t to_move = 0, active_moved = 0, active_to_move = 0;
    bool counts_known = true;
    double rate = 0;
    bool any_rate = false;
    for (const auto& d : dlqs_) {
      switch (d.status) {
        case DlqStatus::Pending: ++s.pending; break;
        case DlqStatus::Active: ++s.active; break;
        case DlqStatus::Completed: ++s.completed; break;
        case DlqStatus::Failed: ++s.failed; break;
        case DlqStatus::Cancelled: ++s.cancelled; break;
        case DlqStatus::Skipped: ++s.skipped; break;
        case DlqStatus::LeftRunning: ++s.left_running; break;
      }
      s.moved += d.progress.moved;
      if (d.progress.to_move) to_move += *d.progress.to_move;
      if (d.status != DlqStatus::Active) continue;
      if (!d.progress.to_move) counts_known = false;
      active_moved += d.progress.moved;
      active_to_move += d.progress.to_move.value_or(0);
      if (d.progress.rate) {
        rate += *d.progress.rate;
        any_rate = true;
      }
    }
    if (counts_known) s.to_move = to_move;
    if (any_rate) s.rate = rate;
    if (counts_known && s.active > 0) s.eta_seconds = TaskProgress::eta(active_to_move, active_moved, s.rate);
    return s;
  }

  // 0 when every queue's task completed, else 1 (a queue failed, was cancelled, skipped, left
  // running or never started).
  [[nodiscard]] int exit_code() const noexcept {
    for (const auto& d : dlqs_)
      if (d.status != DlqStatus::Completed) return 1;
    return 0;
  }

 private:
  using Entry = OwnedListMessageMoveTasksResultEntry;
  enum class Phase : std::uint8_t { NeedPreflight, Ready, Following, Cancelling, Ended };

  struct Track {
    explicit Track(std::size_t window) : meter(window) {}
    Phase phase = Phase::Ready;
    bool awaiting = false;             // an action was handed out and its outcome not fed yet
    FleetAction::Kind awaiting_kind = FleetAction::Kind::Done;
    CallTime not_before{};             // Ready: no start before
    CallTime next_poll_at{};           // Following
    int start_attempts = 0;
    int poll_failures = 0;
    int unlisted = 0;
    std::optional<StartedWindow> window;  // an ended task that started in it is ours
    std::string adopt_reason;  // adopting after a refused start: why it was refused
    RateMeter meter;
  };

  static std::int64_t epoch_ms(CallTime t) noexcept { return t.time_since_epoch().count(); }
  // When a task started at `t` by this machine's clock may say it started, by the service's.
  static StartedWindow started_window(CallTime t) noexcept {
    return {epoch_ms(t - clock_skew_threshold), epoch_ms(t + clock_skew_threshold)};
  }

  static std::string describe(const ServiceError& e) {
    return e.message.empty() ? e.name + "." : e.name + ": " + e.message;
  }

  bool may_start() const noexcept { return active_count() < effective_limit(); }

  FleetAction issue(std::size_t i, FleetAction::Kind kind) {
    tracks_[i].awaiting = true;
    tracks_[i].awaiting_kind = kind;
    if (kind == FleetAction::Kind::Start) dlqs_[i].status = DlqStatus::Active;
    return {kind, i, {}};
  }

  bool expecting(std::size_t i, FleetAction::Kind kind) noexcept {
    if (i >= tracks_.size() || !tracks_[i].awaiting || tracks_[i].awaiting_kind != kind) return false;
    tracks_[i].awaiting = false;
    return true;
  }

  // Follows whatever task is active for the source, found by the next poll.
  void adopt(std::size_t i, std::string reason, CallTime now = {}) {
    dlqs_[i].status = DlqStatus::Active;
    dlqs_[i].handle.reset();
    Track& t = tracks_[i];
    t.phase = Phase::Following;
    t.adopt_reason = std::move(reason);
    t.next_poll_at = now;
  }

  // Which listed task is this queue's: the followed task (watch.hpp's rule), or, adopting one
  // without a handle, the newest if it is active.
  const Entry* find_task(std::size_t i, const std::vector<Entry>& entries) const {
    const FleetDlq& d = dlqs_[i];
    const std::string_view source = d.request.source().str();
    if (d.handle || d.started_ms) return find_followed_task(entries, source, d.handle, d.started_ms, tracks_[i].window);
    for (const auto& e : entries) {
      if (e.source_arn && *e.source_arn != source) continue;
      const TaskStatus s = e.task_status();
      return s == TaskStatus::Running || s == TaskStatus::Cancelling ? &e : nullptr;
    }
    return nullptr;
  }

  FleetEvent start_event(std::size_t i, CallTime now) const {
    const FleetDlq& d = dlqs_[i];
    return FleetEvent{FleetEvent::Kind::Start, d.request.source(), d.request.destination(), d.handle.value_or(""), now,
                      TaskStatus::Unknown, 0, {}};
  }

  void finish_task(std::size_t i, DlqStatus status, CallTime now, std::string reason) {
    const FleetDlq& d = dlqs_[i];
    const TaskStatus task_status = status == DlqStatus::Completed ? TaskStatus::Completed
                                   : status == DlqStatus::Failed  ? TaskStatus::Failed
                                                                  : TaskStatus::Cancelled;
    events_.push_back(FleetEvent{FleetEvent::Kind::End, d.request.source(), d.request.destination(), d.handle.value_or(""),
                                 now, task_status, d.progress.moved, status == DlqStatus::Completed ? "" : reason});
    end(i, status, std::move(reason));
  }

  void end(std::size_t i, DlqStatus status, std::string reason) {
    dlqs_[i].status = status;
    dlqs_[i].reason = std::move(reason);
    tracks_[i].phase = Phase::Ended;
    tracks_[i].awaiting = false;
  }

  FleetOptions options_;
  int max_active_ = account_active_task_quota;
  std::optional<int> quota_limit_;  // tasks running when the service last said the quota was reached
  CallTime quota_retry_at_{};       // with none of ours running then: no start before this
  bool interrupted_ = false;
  std::vector<FleetDlq> dlqs_;
  std::vector<Track> tracks_;
  std::vector<FleetEvent> events_;
};

}  // namespace redrive
