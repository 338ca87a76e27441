// Requests and results of StartMessageMoveTask, CancelMessageMoveTask and ListMessageMoveTasks.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redrive/detail/lifetime.hpp"
#include "redrive/error.hpp"
#include "redrive/types.hpp"

namespace redrive {

namespace detail {
template <class S>
std::optional<std::string> own(const std::optional<S>& s) {
  if (!s) return std::nullopt;
  return std::optional<std::string>(std::in_place, *s);
}
}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Requests: valid by construction.

class StartMessageMoveTaskRequest {
 public:
  // Cross-field rules, reported on DestinationArn:
  //  - same partition: a queue ARN names a partition, and a request goes to one partition's
  //    endpoint, so a destination in another partition cannot be reached;
  //  - same queue type: "you can also configure any other queue as the redrive destination if both
  //    queues are the same type. For example, if the dead-letter queue is a FIFO queue, the redrive
  //    destination queue must be a FIFO queue as well." (Amazon SQS Developer Guide,
  //    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html)
  // A destination in another account or region, or equal to the source, is left to the service.
  [[nodiscard]] static constexpr std::expected<StartMessageMoveTaskRequest, Error> make(
      SourceArn source, std::optional<DestinationArn> destination = std::nullopt,
      std::optional<Rate> rate = std::nullopt) noexcept {
    if (destination) {
      if (destination->partition() != source.partition())
        return detail::fail(Field::DestinationArn, Errc::PartitionMismatch, 4);
      if (destination->is_fifo() != source.is_fifo()) {
        auto name_at = destination->str().size() - destination->queue_name().size();
        return detail::fail(Field::DestinationArn, Errc::QueueTypeMismatch, name_at);
      }
    }
    return StartMessageMoveTaskRequest(source, destination, rate);
  }

  // Validates raw values in one call; the first failing field is reported. render(error, source,
  // destination) below shows the error against the input it is about.
  [[nodiscard]] static constexpr std::expected<StartMessageMoveTaskRequest, Error> parse(
      std::string_view source, std::optional<std::string_view> destination = std::nullopt,
      std::optional<long long> rate = std::nullopt) noexcept {
    auto src = SourceArn::parse(source);
    if (!src) return std::unexpected(src.error());
    std::optional<DestinationArn> dst;
    if (destination) {
      auto d = DestinationArn::parse(*destination);
      if (!d) return std::unexpected(d.error());
      dst = *d;
    }
    std::optional<Rate> r;
    if (rate) {
      auto v = Rate::make(*rate);
      if (!v) return std::unexpected(v.error());
      r = *v;
    }
    return make(*src, dst, r);
  }

  constexpr const SourceArn& source() const noexcept REDRIVE_LIFETIME_BOUND { return source_; }
  constexpr const std::optional<DestinationArn>& destination() const noexcept REDRIVE_LIFETIME_BOUND {
    return destination_;
  }
  constexpr std::optional<Rate> rate() const noexcept { return rate_; }

  constexpr bool operator==(const StartMessageMoveTaskRequest&) const noexcept = default;

 private:
  constexpr StartMessageMoveTaskRequest(SourceArn s, std::optional<DestinationArn> d, std::optional<Rate> r) noexcept
      : source_(s), destination_(d), rate_(r) {}
  SourceArn source_;
  std::optional<DestinationArn> destination_;
  std::optional<Rate> rate_;
};

// An error of StartMessageMoveTaskRequest::make or ::parse (or of parsing one of its values)
// rendered against the caller's input it is about, chosen by the error's field: `source` for
// SourceArn, `destination` for DestinationArn (its partition or queue type, when make rejects the
// pair), `rate` (the text Rate::parse was given, if any) for MaxNumberOfMessagesPerSecond. Without
// such an input only the sentence is shown.
[[nodiscard]] inline std::string render(const Error& e, std::string_view source,
                                        std::optional<std::string_view> destination,
                                        std::optional<std::string_view> rate = std::nullopt) {
  switch (e.field) {
    case Field::SourceArn: return render(e, source);
    case Field::DestinationArn: return render(e, destination.value_or(std::string_view{}));
    case Field::MaxNumberOfMessagesPerSecond: return render(e, rate.value_or(std::string_view{}));
    default: return render(e, std::string_view{});
  }
}

struct CancelMessageMoveTaskRequest {
  TaskHandle task_handle;
  constexpr bool operator==(const CancelMessageMoveTaskRequest&) const noexcept = default;
};

struct ListMessageMoveTasksRequest {
  SourceArn source;
  std::optional<MaxResults> max_results;  // the service's default is 1
  constexpr bool operator==(const ListMessageMoveTasksRequest&) const noexcept = default;
};

// ---------------------------------------------------------------------------------------------
// Results. Each is a template over its string type: the decoder returns views
// (S = std::string_view) into the response body or the Decoder's string buffer, valid until that
// Decoder decodes again or is destroyed, and while the body lives; to_owned() gives a copy with
// std::string members that lives on its own. Members mirror the AWS output shapes; a member the
// response omits (or sends as null) is std::nullopt.

// ListMessageMoveTasksResultEntry.Status. The service models it as a plain string, so a value this
// library does not know decodes as Unknown and the raw text stays in the entry's `status`.
enum class TaskStatus : std::uint8_t { Running, Completed, Cancelling, Cancelled, Failed, Unknown };

[[nodiscard]] constexpr std::string_view to_string(TaskStatus s) noexcept {
  switch (s) {
    case TaskStatus::Running: return "RUNNING";
    case TaskStatus::Completed: return "COMPLETED";
    case TaskStatus::Cancelling: return "CANCELLING";
    case TaskStatus::Cancelled: return "CANCELLED";
    case TaskStatus::Failed: return "FAILED";
    case TaskStatus::Unknown: break;
  }
  return "UNKNOWN";
}

[[nodiscard]] constexpr TaskStatus task_status_from(std::string_view s) noexcept {
  for (auto t : {TaskStatus::Running, TaskStatus::Completed, TaskStatus::Cancelling, TaskStatus::Cancelled,
                 TaskStatus::Failed})
    if (to_string(t) == s) return t;
  return TaskStatus::Unknown;
}

template <class S>
struct BasicStartMessageMoveTaskResult {
  std::optional<S> task_handle;

  [[nodiscard]] BasicStartMessageMoveTaskResult<std::string> to_owned() const { return {detail::own(task_handle)}; }
  bool operator==(const BasicStartMessageMoveTaskResult&) const = default;
};

template <class S>
struct BasicCancelMessageMoveTaskResult {
  std::optional<std::int64_t> approximate_number_of_messages_moved;

  [[nodiscard]] BasicCancelMessageMoveTaskResult<std::string> to_owned() const {
    return {approximate_number_of_messages_moved};
  }
  bool operator==(const BasicCancelMessageMoveTaskResult&) const = default;
};

template <class S>
struct BasicListMessageMoveTasksResultEntry {
  std::optional<S> task_handle;  // only present while the task is RUNNING
  std::optional<S> status;       // raw text; see task_status()
  std::optional<S> source_arn;
  std::optional<S> destination_arn;
  std::optional<std::int32_t> max_number_of_messages_per_second;
  std::optional<std::int64_t> approximate_number_of_messages_moved;
  std::optional<std::int64_t> approximate_number_of_messages_to_move;
  std::optional<S> failure_reason;
  std::optional<std::int64_t> started_timestamp;  // epoch milliseconds

  [[nodiscard]] TaskStatus task_status() const noexcept {
    return status ? task_status_from(std::string_view(*status)) : TaskStatus::Unknown;
  }
  [[nodiscard]] std::optional<std::chrono::sys_time<std::chrono::milliseconds>> started_at() const noexcept {
    if (!started_timestamp) return std::nullopt;
    return std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(*started_timestamp));
  }

  [[nodiscard]] BasicListMessageMoveTasksResultEntry<std::string> to_owned() const {
    return {detail::own(task_handle),
            detail::own(status),
            detail::own(source_arn),
            detail::own(destination_arn),
            max_number_of_messages_per_second,
            approximate_number_of_messages_moved,
            approximate_number_of_messages_to_move,
            detail::own(failure_reason),
            started_timestamp};
  }
  bool operator==(const BasicListMessageMoveTasksResultEntry&) const = default;
};

template <class S>
struct BasicListMessageMoveTasksResult {
  std::optional<std::vector<BasicListMessageMoveTasksResultEntry<S>>> results;

  [[nodiscard]] BasicListMessageMoveTasksResult<std::string> to_owned() const {
    if (!results) return {};
    std::vector<BasicListMessageMoveTasksResultEntry<std::string>> owned;
    owned.reserve(results->size());
    for (const auto& e : *results) owned.push_back(e.to_owned());
    return {std::move(owned)};
  }
  bool operator==(const BasicListMessageMoveTasksResult&) const = default;
};

using StartMessageMoveTaskResult = BasicStartMessageMoveTaskResult<std::string_view>;
using CancelMessageMoveTaskResult = BasicCancelMessageMoveTaskResult<std::string_view>;
using ListMessageMoveTasksResultEntry = BasicListMessageMoveTasksResultEntry<std::string_view>;
using ListMessageMoveTasksResult = BasicListMessageMoveTasksResult<std::string_view>;

using OwnedStartMessageMoveTaskResult = BasicStartMessageMoveTaskResult<std::string>;
using OwnedCancelMessageMoveTaskResult = BasicCancelMessageMoveTaskResult<std::string>;
using OwnedListMessageMoveTasksResultEntry = BasicListMessageMoveTasksResultEntry<std::string>;
using OwnedListMessageMoveTasksResult = BasicListMessageMoveTasksResult<std::string>;

}  // namespace redrive
