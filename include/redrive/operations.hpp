// The one table of the operations: for each request type, the operation's AWS name, its
// x-amz-target and its result types. Encoding, decoding, the call path and the CLI all read it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

#include "redrive/model.hpp"

namespace redrive {

enum class OperationId : std::uint8_t { StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks };

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

// A request type that names an operation.
template <class Request>
concept OperationRequest = requires { Operation<Request>::name; };

// Calls f(Operation<Request>{}) for the operation `id` stands for, and returns what it returns.
template <class F>
constexpr decltype(auto) with_operation(OperationId id, F&& f) {
  switch (id) {
    case OperationId::CancelMessageMoveTask: return f(Operation<CancelMessageMoveTaskRequest>{});
    case OperationId::ListMessageMoveTasks: return f(Operation<ListMessageMoveTasksRequest>{});
    case OperationId::StartMessageMoveTask: break;
  }
  return f(Operation<StartMessageMoveTaskRequest>{});
}

inline constexpr std::array<OperationId, 3> all_operations{
    OperationId::StartMessageMoveTask, OperationId::CancelMessageMoveTask, OperationId::ListMessageMoveTasks};

[[nodiscard]] constexpr std::string_view operation_name(OperationId id) noexcept {
  return with_operation(id, [](auto op) { return decltype(op)::name; });
}

// The operation an AWS operation name ("ListMessageMoveTasks") names; case-sensitive, as on the wire.
[[nodiscard]] constexpr std::optional<OperationId> operation_from_name(std::string_view name) noexcept {
  for (auto id : all_operations)
    if (operation_name(id) == name) return id;
  return std::nullopt;
}

// "StartMessageMoveTask, CancelMessageMoveTask or ListMessageMoveTasks", for messages.
inline constexpr std::string_view operation_names_text =
    "StartMessageMoveTask, CancelMessageMoveTask or ListMessageMoveTasks";

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
