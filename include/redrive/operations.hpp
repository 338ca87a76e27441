// The one table of the operations (the move-task ones of model.hpp, the queue ones of
// queue_model.hpp): for each request type, the operation's AWS name, its
// x-amz-target and its result types. Encoding, decoding, the call path and the CLI all read it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

#include "redrive/model.hpp"
#include "redrive/queue_model.hpp"

namespace redrive {

enum class OperationId : std::uint8_t {
  StartMessageMoveTask,
  CancelMessageMoveTask,
  ListMessageMoveTasks,
  ListQueues,
  GetQueueUrl,
  GetQueueAttributes,
  ListDeadLetterSourceQueues,
};

// Operation<Request>: ::id, ::name ("StartMessageMoveTask"), ::target ("AmazonSQS.StartMessageMoveTask"),
// ::Request, ::Result (views, see model.hpp) and ::OwnedResult.
template <class Request>
struct Operation;

template <>
struct Operation<StartMessageMoveTaskRequest> {
  static constexpr OperationId id = OperationId::StartMessageMoveTask;
  static constexpr std::string_view name = "StartMessageMoveTask";
  static constexpr std::string_view target = "AmazonSQS.StartMessageMoveTask";
  using Request = StartMessageMoveTaskRequest;
  using Result = StartMessageMoveTaskResult;
  using OwnedResult = OwnedStartMessageMoveTaskResult;
};

template <>
struct Operation<CancelMessageMoveTaskRequest> {
  static constexpr OperationId id = OperationId::CancelMessageMoveTask;
  static constexpr std::string_view name = "CancelMessageMoveTask";
  static constexpr std::string_view target = "AmazonSQS.CancelMessageMoveTask";
  using Request = CancelMessageMoveTaskRequest;
  using Result = CancelMessageMoveTaskResult;
  using OwnedResult = OwnedCancelMessageMoveTaskResult;
};

template <>
struct Operation<ListMessageMoveTasksRequest> {
  static constexpr OperationId id = OperationId::ListMessageMoveTasks;
  static constexpr std::string_view name = "ListMessageMoveTasks";
  static constexpr std::string_view target = "AmazonSQS.ListMessageMoveTasks";
  using Request = ListMessageMoveTasksRequest;
  using Result = ListMessageMoveTasksResult;
  using OwnedResult = OwnedListMessageMoveTasksResult;
};

template <>
struct Operation<ListQueuesRequest> {
  static constexpr OperationId id = OperationId::ListQueues;
  static constexpr std::string_view name = "ListQueues";
  static constexpr std::string_view target = "AmazonSQS.ListQueues";
  using Request = ListQueuesRequest;
  using Result = ListQueuesResult;
  using OwnedResult = OwnedListQueuesResult;
};

template <>
struct Operation<GetQueueUrlRequest> {
  static constexpr OperationId id = OperationId::GetQueueUrl;
  static constexpr std::string_view name = "GetQueueUrl";
  static constexpr std::string_view target = "AmazonSQS.GetQueueUrl";
  using Request = GetQueueUrlRequest;
  using Result = GetQueueUrlResult;
  using OwnedResult = OwnedGetQueueUrlResult;
};

template <>
struct Operation<GetQueueAttributesRequest> {
  static constexpr OperationId id = OperationId::GetQueueAttributes;
  static constexpr std::string_view name = "GetQueueAttributes";
  static constexpr std::string_view target = "AmazonSQS.GetQueueAttributes";
  using Request = GetQueueAttributesRequest;
  using Result = GetQueueAttributesResult;
  using OwnedResult = OwnedGetQueueAttributesResult;
};

template <>
struct Operation<ListDeadLetterSourceQueuesRequest> {
  static constexpr OperationId id = OperationId::ListDeadLetterSourceQueues;
  static constexpr std::string_view name = "ListDeadLetterSourceQueues";
  static constexpr std::string_view target = "AmazonSQS.ListDeadLetterSourceQueues";
  using Request = ListDeadLetterSourceQueuesRequest;
  using Result = ListDeadLetterSourceQueuesResult;
  using OwnedResult = OwnedListDeadLetterSourceQueuesResult;
};

// A request type that names an operation.
template <class Request>
concept OperationRequest = requires { Operation<Request>::name; };

// Calls f(Operation<Request>{}) for the operation `id` stands for, and returns what it returns.
template <class F>
constexpr decltype(auto) with_operation(OperationId id, F&& f) {
  switch (id) {
    case OperationId::CancelMessageMoveTask: return f(Operation<CancelMessageMoveTaskRequest>{});
    case OperationId::ListMessageMoveTasks: return f(Operation<ListMessageMoveTasksRequest>{});
    case OperationId::ListQueues: return f(Operation<ListQueuesRequest>{});
    case OperationId::GetQueueUrl: return f(Operation<GetQueueUrlRequest>{});
    case OperationId::GetQueueAttributes: return f(Operation<GetQueueAttributesRequest>{});
    case OperationId::ListDeadLetterSourceQueues: return f(Operation<ListDeadLetterSourceQueuesRequest>{});
    case OperationId::StartMessageMoveTask: break;
  }
  return f(Operation<StartMessageMoveTaskRequest>{});
}

inline constexpr std::array<OperationId, 7> all_operations{
    OperationId::StartMessageMoveTask, OperationId::CancelMessageMoveTask, OperationId::ListMessageMoveTasks,
    OperationId::ListQueues,           OperationId::GetQueueUrl,           OperationId::GetQueueAttributes,
    OperationId::ListDeadLetterSourceQueues};

[[nodiscard]] constexpr std::string_view operation_name(OperationId id) noexcept {
  return with_operation(id, [](auto op) { return decltype(op)::name; });
}

// The operation an AWS operation name ("ListMessageMoveTasks") names; case-sensitive, as on the wire.
[[nodiscard]] constexpr std::optional<OperationId> operation_from_name(std::string_view name) noexcept {
  for (auto id : all_operations)
    if (operation_name(id) == name) return id;
  return std::nullopt;
}

// "StartMessageMoveTask, CancelMessageMoveTask, ..., or ListDeadLetterSourceQueues", for messages.
inline constexpr std::string_view operation_names_text =
    "StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks, ListQueues, GetQueueUrl, GetQueueAttributes "
    "or ListDeadLetterSourceQueues";

// The operation whose (view) result type is R.
template <class R>
struct OperationOfResult;
template <class R>
  requires std::is_same_v<R, typename Operation<StartMessageMoveTaskRequest>::Result>
struct OperationOfResult<R> : Operation<StartMessageMoveTaskRequest> {};
template <class R>
  requires std::is_same_v<R, typename Operation<CancelMessageMoveTaskRequest>::Result>
struct OperationOfResult<R> : Operation<CancelMessageMoveTaskRequest> {};
template <class R>
  requires std::is_same_v<R, typename Operation<ListMessageMoveTasksRequest>::Result>
struct OperationOfResult<R> : Operation<ListMessageMoveTasksRequest> {};
template <class R>
  requires std::is_same_v<R, typename Operation<ListQueuesRequest>::Result>
struct OperationOfResult<R> : Operation<ListQueuesRequest> {};
template <class R>
  requires std::is_same_v<R, typename Operation<GetQueueUrlRequest>::Result>
struct OperationOfResult<R> : Operation<GetQueueUrlRequest> {};
template <class R>
  requires std::is_same_v<R, typename Operation<GetQueueAttributesRequest>::Result>
struct OperationOfResult<R> : Operation<GetQueueAttributesRequest> {};
template <class R>
  requires std::is_same_v<R, typename Operation<ListDeadLetterSourceQueuesRequest>::Result>
struct OperationOfResult<R> : Operation<ListDeadLetterSourceQueuesRequest> {};

namespace detail {
// Each target is "AmazonSQS." + the name, ids index all_operations, and the text lists the names.
constexpr bool operation_table_consistent() noexcept {
  constexpr std::string_view prefix = "AmazonSQS.";
  std::string_view text = operation_names_text;
  for (std::size_t i = 0; i < all_operations.size(); ++i) {
    const OperationId id = all_operations[i];
    const std::string_view name = operation_name(id);
    const std::string_view target = with_operation(id, [](auto op) { return decltype(op)::target; });
    if (static_cast<std::size_t>(id) != i || target.substr(0, prefix.size()) != prefix ||
        target.substr(prefix.size()) != name || !text.starts_with(name))
      return false;
    text.remove_prefix(name.size());
    const std::string_view separator = i + 2 < all_operations.size() ? ", " : i + 2 == all_operations.size() ? " or " : "";
    if (!text.starts_with(separator)) return false;
    text.remove_prefix(separator.size());
  }
  return text.empty();
}
static_assert(operation_table_consistent());
}  // namespace detail

}  // namespace redrive
