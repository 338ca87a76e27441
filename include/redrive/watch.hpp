// Following one message move task until it ends, as a sans-IO state machine on the call path: it
// polls ListMessageMoveTasks every `interval`, keeps the latest state of *its* task, measures the
// rate and the time left, and ends when the task is COMPLETED, FAILED or CANCELLED.
//
// Which task: list entries carry the TaskHandle only while the task is RUNNING, so the follower
// finds its task by handle while it runs, then remembers the task's StartedTimestamp and
// recognises it by that (and the source) once it has ended. Without a handle it follows the
// newest task of the queue at its first poll, and then that task only. If its task is no longer
// in the list, the follower says so (Vanished) instead of reporting another task.
//
// A poll that fails after its retries is reported (last_poll() == PollResult::Failed) and the
// follower polls again; it gives up after `max_poll_failures` failed polls in a row. An error the
// call path does not retry (AccessDenied, a queue that does not exist) ends it at once.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <utility>

#include "redrive/call.hpp"
#include "redrive/model.hpp"
#include "redrive/operations.hpp"
#include "redrive/types.hpp"

namespace redrive {

struct FollowOptions {
  Milliseconds interval{2000};  // between the end of one poll and the start of the next
  int max_poll_failures = 5;    // failed polls in a row before giving up
  std::size_t rate_window = 10;  // polls the rate is measured over
};

// Messages per second over the last polls. The service's counts are approximate and arrive in
// steps, so one interval alone would jump around.
class RateMeter {
 public:
  explicit RateMeter(std::size_t window = 10) : window_(window < 2 ? 2 : window) {}

  // A count at a time; a smaller count or an earlier time than before starts afresh.
  void add(CallTime t, std::int64_t moved) {
    if (!samples_.empty() && (moved < samples_.back().moved || t < samples_.back().t)) samples_.clear();
    samples_.push_back({t, moved});
    while (samples_.size() > window_) samples_.pop_front();
  }

  [[nodiscard]] std::optional<double> rate() const {
    if (samples_.size() < 2) return std::nullopt;
    const double seconds = std::chrono::duration<double>(samples_.back().t - samples_.front().t).count();
    if (seconds <= 0) return std::nullopt;
    return static_cast<double>(samples_.back().moved - samples_.front().moved) / seconds;
  }

 private:
  struct Sample {
    CallTime t;
    std::int64_t moved;
  };
  std::size_t window_;
  std::deque<Sample> samples_;
};

// Where a followed task stands.
struct TaskProgress {
  TaskStatus status = TaskStatus::Unknown;
  std::string status_text;  // as the service sent it ("RUNNING"); empty before the first poll
  std::int64_t moved = 0;
  std::optional<std::int64_t> to_move;  // absent until the service has counted the queue
  std::optional<double> rate;           // messages per second
  std::optional<double> eta_seconds;    // time left at that rate, while RUNNING

  [[nodiscard]] static std::optional<double> eta(std::optional<std::int64_t> to_move, std::int64_t moved,
                                                 std::optional<double> rate) noexcept {
    if (!to_move || !rate || *rate <= 0) return std::nullopt;
    const std::int64_t left = *to_move - moved;
    return left <= 0 ? 0.0 : static_cast<double>(left) / *rate;
  }
};

// How following ended.
enum class FollowEnd : std::uint8_t {
  Following,    // not ended yet
  Completed,    // the task COMPLETED
  Failed,       // the task FAILED (see the entry's failure_reason)
  Cancelled,    // the task was CANCELLED
  Vanished,     // the task was seen, then no longer listed
  NotFound,     // the task never appeared in the list
  PollsFailed,  // polling failed (see last_error())
};

[[nodiscard]] constexpr std::string_view to_string(FollowEnd e) noexcept {
  switch (e) {
    case FollowEnd::Following: return "following";
    case FollowEnd::Completed: return "completed";
    case FollowEnd::Failed: return "failed";
    case FollowEnd::Cancelled: return "cancelled";
    case FollowEnd::Vanished: return "vanished";
    case FollowEnd::NotFound: return "not found";
    case FollowEnd::PollsFailed: return "polls failed";
  }
  return "?";
}

// What the last answered poll did.
enum class PollResult : std::uint8_t { None, Updated, NotListed, Failed };

// The StartedTimestamp range (epoch milliseconds, the service's clock) a task must fall in to be
// taken for the one a Start call created, when it has already ended at the first poll.
struct StartedWindow {
  std::int64_t earliest_ms = 0;
  std::int64_t latest_ms = 0;
};

// The entry of a ListMessageMoveTasks answer that is the task being followed: by its
// StartedTimestamp once it has been seen (`started`, -1 when it had none), else by its handle while
// it runs, else, as it may have ended before it was first seen, the newest ended task of the
// source that started inside `window` (an older one there is an earlier task: a source runs one
// task at a time). Without a handle, the newest entry. Null when none matches.
template <class Entry>
[[nodiscard]] const Entry* find_followed_task(const std::vector<Entry>& entries, std::string_view source,
                                              const std::optional<std::string>& handle,
                                              std::optional<std::int64_t> started,
                                              const std::optional<StartedWindow>& window) {
  const auto same_source = [&](const Entry& e) { return !e.source_arn || std::string_view(*e.source_arn) == source; };
  if (started) {
    for (const auto& e : entries)
      if (e.started_timestamp.value_or(-1) == *started && same_source(e) && (!e.task_handle || !handle || *e.task_handle == *handle))
        return &e;
    return nullptr;
  }
  if (!handle) return entries.empty() ? nullptr : &entries.front();
  for (const auto& e : entries)
    if (e.task_handle && *e.task_handle == *handle) return &e;
  if (!window) return nullptr;
  const Entry* newest = nullptr;
  for (const auto& e : entries) {
    if (e.task_handle || !same_source(e) || !e.started_timestamp) continue;
    if (*e.started_timestamp < window->earliest_ms || *e.started_timestamp > window->latest_ms) continue;
    if (!newest || *e.started_timestamp > *newest->started_timestamp) newest = &e;
  }
  return newest;
}

class TaskFollower {
 public:
  using Entry = OwnedListMessageMoveTasksResultEntry;

  // Follows the newest task of `source` (the one listed first at the first poll).
  TaskFollower(Client& client, SourceArn source, FollowOptions options = {})
      : client_(&client), request_{source, MaxResults::make(10).value()}, options_(options),
        meter_(options.rate_window) {}

  // Follows the task with this handle; `window` identifies it if it has ended by the first poll.
  TaskFollower(Client& client, SourceArn source, std::string task_handle, std::optional<StartedWindow> window,
               FollowOptions options = {})
      : TaskFollower(client, source, options) {
    handle_ = std::move(task_handle);
    window_ = window;
  }

  // Follows the task a finished, successful Start call created: its handle, and the window from
  // the Start response's Date header (the service's clock) and the call's round trip.
  [[nodiscard]] static std::optional<TaskFollower> after_start(Client& client,
                                                               const Call<StartMessageMoveTaskRequest>& start,
                                                               FollowOptions options = {}) {
    if (!start.done() || !start.outcome() || !start.outcome()->task_handle) return std::nullopt;
    const auto margin = std::chrono::seconds{1};
    const Milliseconds round_trip = start.answered_at() - start.sent_at();
    std::optional<StartedWindow> window;
    if (auto date = start.response_date()) {
      const CallTime at{*date};
      window = StartedWindow{epoch_ms(at - round_trip - margin), epoch_ms(at + margin + margin)};
    } else {
      const Milliseconds offset = client.clock_offset();
      window = StartedWindow{epoch_ms(start.sent_at() + offset - clock_skew_threshold),
                             epoch_ms(start.answered_at() + offset + clock_skew_threshold)};
    }
    return TaskFollower(client, start.request().source(), *start.outcome()->task_handle, window, options);
  }

  [[nodiscard]] Step next(CallTime now) {
    if (end_ != FollowEnd::Following) return {};
    if (!poll_) {
      if (now < next_poll_at_) return {Step::Kind::Wait, nullptr, next_poll_at_};
      poll_.emplace(*client_, request_);
    }
    return poll_->next(now);
  }

  void on_response(const HttpResponse& response, std::size_t padding, CallTime now) {
    if (!poll_) return;
    poll_->on_response(response, padding, now);
    if (poll_->done()) finish_poll(now);
  }
  void on_transport_error(const TransportError& failure, CallTime now) {
    if (!poll_) return;
    poll_->on_transport_error(failure, now);
    if (poll_->done()) finish_poll(now);
  }

  [[nodiscard]] bool done() const noexcept { return end_ != FollowEnd::Following; }
  [[nodiscard]] FollowEnd end() const noexcept { return end_; }
  [[nodiscard]] PollResult last_poll() const noexcept { return last_poll_; }
  // The followed task as last listed; empty until it is found.
  [[nodiscard]] const std::optional<Entry>& task() const noexcept { return task_; }
  [[nodiscard]] const TaskProgress& progress() const noexcept { return progress_; }
  // The error of the last failed poll.
  [[nodiscard]] const std::optional<ServiceError>& last_error() const noexcept { return last_error_; }
  [[nodiscard]] int consecutive_failures() const noexcept { return failures_; }
  [[nodiscard]] int polls() const noexcept { return polls_; }
  [[nodiscard]] const SourceArn& source() const noexcept { return request_.source; }

 private:
  static std::int64_t epoch_ms(CallTime t) noexcept { return t.time_since_epoch().count(); }

  void finish_poll(CallTime now) {
    auto outcome = std::move(*poll_).outcome();
    poll_.reset();
    ++polls_;
    next_poll_at_ = now + options_.interval;
    if (!outcome) {
      last_poll_ = PollResult::Failed;
      const bool retryable = outcome.error().is_retryable();
      last_error_ = std::move(outcome.error());
      if (!retryable || ++failures_ >= options_.max_poll_failures) end_ = FollowEnd::PollsFailed;
      return;
    }
    failures_ = 0;
    const std::vector<Entry> none;
    const std::vector<Entry>& entries = outcome->results ? *outcome->results : none;
    const Entry* mine = find(entries);
    if (!mine) {
      last_poll_ = PollResult::NotListed;
      if (started_) end_ = FollowEnd::Vanished;
      else if (!handle_ || ++unlisted_ >= options_.max_poll_failures) end_ = FollowEnd::NotFound;
      return;
    }
    last_poll_ = PollResult::Updated;
    if (!started_) started_ = mine->started_timestamp.value_or(-1);
    task_ = *mine;
    update_progress(now);
    switch (progress_.status) {
      case TaskStatus::Completed: end_ = FollowEnd::Completed; break;
      case TaskStatus::Failed: end_ = FollowEnd::Failed; break;
      case TaskStatus::Cancelled: end_ = FollowEnd::Cancelled; break;
      default: break;  // RUNNING, CANCELLING, or a status this version does not know: keep polling
    }
  }

  const Entry* find(const std::vector<Entry>& entries) const {
    return find_followed_task(entries, request_.source.str(), handle_, started_, window_);
  }

  void update_progress(CallTime now) {
    const Entry& e = *task_;
    progress_.status = e.task_status();
    progress_.status_text = e.status.value_or("");
    progress_.moved = e.approximate_number_of_messages_moved.value_or(0);
    progress_.to_move = e.approximate_number_of_messages_to_move;
    meter_.add(now, progress_.moved);
    progress_.rate = meter_.rate();
    if (!progress_.rate && progress_.status == TaskStatus::Running && e.started_timestamp) {
      // Before two polls: the average since the task started, by the service's clock.
      const double elapsed =
          static_cast<double>(epoch_ms(now + client_->clock_offset()) - *e.started_timestamp) / 1000.0;
      if (elapsed > 0.5) progress_.rate = static_cast<double>(progress_.moved) / elapsed;
    }
    progress_.eta_seconds = progress_.status == TaskStatus::Running
                                ? TaskProgress::eta(progress_.to_move, progress_.moved, progress_.rate)
                                : std::nullopt;
  }

  Client* client_;
  ListMessageMoveTasksRequest request_;
  FollowOptions options_;
  std::optional<std::string> handle_;
  std::optional<StartedWindow> window_;
  std::optional<std::int64_t> started_;  // the task's StartedTimestamp once found (-1: it had none)
  std::optional<Call<ListMessageMoveTasksRequest>> poll_;
  CallTime next_poll_at_{};
  FollowEnd end_ = FollowEnd::Following;
  PollResult last_poll_ = PollResult::None;
  std::optional<Entry> task_;
  TaskProgress progress_;
  RateMeter meter_;
  std::optional<ServiceError> last_error_;
  int failures_ = 0;
  int unlisted_ = 0;
  int polls_ = 0;
};

}  // namespace redrive
