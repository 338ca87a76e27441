// Queue attributes: their names (GetQueueAttributes' AttributeNames) and typed readings of the
// values GetQueueAttributes answers with, the redrive policies above all. Every reading returns an
// Error for a value that is not what SQS documents, never throws or crashes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "redrive/error.hpp"
#include "redrive/types.hpp"

namespace redrive {

// The queue attribute names of the SQS API (QueueAttributeName), in the model's order.
enum class QueueAttribute : std::uint8_t {
  All,
  ApproximateNumberOfMessages,
  ApproximateNumberOfMessagesDelayed,
  ApproximateNumberOfMessagesNotVisible,
  ContentBasedDeduplication,
  CreatedTimestamp,
  DeduplicationScope,
  DelaySeconds,
  FifoQueue,
  FifoThroughputLimit,
  KmsDataKeyReusePeriodSeconds,
  KmsMasterKeyId,
  LastModifiedTimestamp,
  MaximumMessageSize,
  MessageRetentionPeriod,
  Policy,
  QueueArn,
  ReceiveMessageWaitTimeSeconds,
  RedriveAllowPolicy,
  RedrivePolicy,
  SqsManagedSseEnabled,
  VisibilityTimeout,
};

inline constexpr std::array<std::string_view, 22> queue_attribute_names{
    "All",
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesDelayed",
    "ApproximateNumberOfMessagesNotVisible",
    "ContentBasedDeduplication",
    "CreatedTimestamp",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoQueue",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "LastModifiedTimestamp",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "Policy",
    "QueueArn",
    "ReceiveMessageWaitTimeSeconds",
    "RedriveAllowPolicy",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
};
static_assert(queue_attribute_names[static_cast<std::size_t>(QueueAttribute::VisibilityTimeout)] == "VisibilityTimeout");
static_assert(queue_attribute_names[static_cast<std::size_t>(QueueAttribute::QueueArn)] == "QueueArn");

// The AWS name ("RedrivePolicy").
[[nodiscard]] constexpr std::string_view to_string(QueueAttribute a) noexcept {
  return queue_attribute_names[static_cast<std::size_t>(a)];
}

// The attribute an AWS name names (case-sensitive, as on the wire): UnknownValue on
// Field::AttributeNames otherwise.
[[nodiscard]] constexpr std::expected<QueueAttribute, Error> parse_queue_attribute(std::string_view name) noexcept {
  for (std::size_t i = 0; i < queue_attribute_names.size(); ++i)
    if (queue_attribute_names[i] == name) return static_cast<QueueAttribute>(i);
  return detail::fail(Field::AttributeNames, Errc::UnknownValue, 0);
}

// The RedrivePolicy attribute of a source queue: a JSON string such as
// {"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:orders-dlq","maxReceiveCount":5}.
// SQS has sent maxReceiveCount both as a number and as a string ("5"); both are read.
struct RedrivePolicy {
  QueueArn dead_letter_target_arn;
  int max_receive_count;
  constexpr bool operator==(const RedrivePolicy&) const noexcept = default;
};

// RedriveAllowPolicy's redrivePermission: which source queues may use this queue as their DLQ.
enum class RedrivePermission : std::uint8_t { AllowAll, DenyAll, ByQueue };

[[nodiscard]] constexpr std::string_view to_string(RedrivePermission p) noexcept {
  switch (p) {
    case RedrivePermission::AllowAll: return "allowAll";
    case RedrivePermission::DenyAll: return "denyAll";
    case RedrivePermission::ByQueue: break;
  }
  return "byQueue";
}

// The RedriveAllowPolicy attribute of a dead-letter queue, such as
// {"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:123456789012:orders"]}.
// source_queue_arns is empty unless the permission is byQueue.
struct RedriveAllowPolicy {
  RedrivePermission redrive_permission;
  std::vector<QueueArn> source_queue_arns;
  bool operator==(const RedriveAllowPolicy&) const = default;
};

namespace detail {
inline std::uint32_t offset_in(std::string_view text, std::string_view part, std::uint32_t inner) noexcept {
  const std::size_t at = text.find(part);
  return at == std::string_view::npos ? 0 : static_cast<std::uint32_t>(at + inner);
}

// An ARN member of a policy: its Error's offset is moved into the policy text where the ARN is
// written plainly there (an ARN with JSON escapes is reported at offset 0).
inline std::expected<QueueArn, Error> policy_arn(std::string_view policy, std::string_view arn, Field field) {
  auto parsed = QueueArn::parse(arn, field);
  if (!parsed) {
    Error e = parsed.error();
    e.offset = arn.empty() ? 0 : offset_in(policy, arn, e.offset);
    return std::unexpected(e);
  }
  return *parsed;
}

// Decimal digits only, as a positive int.
inline std::optional<long long> decimal(std::string_view s) noexcept {
  if (s.empty() || s.size() > 18) return std::nullopt;
  long long v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Parses `json` as an object with the DOM parser (which validates the whole text).
inline simdjson::error_code parse_policy_object(simdjson::dom::parser& parser, std::string_view json,
                                                simdjson::dom::object& out) noexcept {
  simdjson::dom::element root;
  if (auto e = parser.parse(json.data(), json.size()).get(root)) return e;
  return root.get_object().get(out);
}
}  // namespace detail

// Reads a RedrivePolicy value. Errors, on Field::RedrivePolicy: NotJson (not a JSON object, or a
// member of the wrong type), MissingMember (deadLetterTargetArn or maxReceiveCount absent), the
// QueueArn error of deadLetterTargetArn (its offset into `json`), NotAnInteger or OutOfRange (below
// 1 or beyond int) for maxReceiveCount. Unknown members are ignored.
[[nodiscard]] inline std::expected<RedrivePolicy, Error> parse_redrive_policy(std::string_view json) {
  constexpr Field field = Field::RedrivePolicy;
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (detail::parse_policy_object(parser, json, object)) return detail::fail(field, Errc::NotJson, 0);
  std::optional<QueueArn> target;
  std::optional<long long> count;
  for (auto [key, value] : object) {
    if (key == "deadLetterTargetArn") {
      std::string_view s;
      if (value.get_string().get(s)) return detail::fail(field, Errc::NotJson, detail::offset_in(json, key, 0));
      auto arn = detail::policy_arn(json, s, field);
      if (!arn) return std::unexpected(arn.error());
      target = *arn;
    } else if (key == "maxReceiveCount") {
      const std::uint32_t at = detail::offset_in(json, key, 0);
      std::int64_t n = 0;
      std::string_view s;
      if (!value.get_int64().get(n)) count = n;
      else if (!value.get_string().get(s) && detail::decimal(s)) count = *detail::decimal(s);
      else return detail::fail(field, Errc::NotAnInteger, at);
      if (*count < 1 || *count > 2147483647) return detail::fail(field, Errc::OutOfRange, at);
    }
  }
  if (!target || !count) return detail::fail(field, Errc::MissingMember, 0);
  return RedrivePolicy{*target, static_cast<int>(*count)};
}

// Reads a RedriveAllowPolicy value. Errors, on Field::RedriveAllowPolicy: NotJson (not a JSON
// object, or a member of the wrong type), MissingMember (no redrivePermission), UnknownValue (a
// permission other than allowAll, denyAll, byQueue), the QueueArn error of a sourceQueueArns entry.
[[nodiscard]] inline std::expected<RedriveAllowPolicy, Error> parse_redrive_allow_policy(std::string_view json) {
  constexpr Field field = Field::RedriveAllowPolicy;
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (detail::parse_policy_object(parser, json, object)) return detail::fail(field, Errc::NotJson, 0);
  std::optional<RedrivePermission> permission;
  std::vector<QueueArn> sources;
  for (auto [key, value] : object) {
    const std::uint32_t at = detail::offset_in(json, key, 0);
    if (key == "redrivePermission") {
      std::string_view s;
      if (value.get_string().get(s)) return detail::fail(field, Errc::NotJson, at);
      if (s == "allowAll") permission = RedrivePermission::AllowAll;
      else if (s == "denyAll") permission = RedrivePermission::DenyAll;
      else if (s == "byQueue") permission = RedrivePermission::ByQueue;
      else return detail::fail(field, Errc::UnknownValue, at);
    } else if (key == "sourceQueueArns") {
      simdjson::dom::array list;
      if (value.get_array().get(list)) return detail::fail(field, Errc::NotJson, at);
      sources.clear();
      for (simdjson::dom::element item : list) {
        std::string_view s;
        if (item.get_string().get(s)) return detail::fail(field, Errc::NotJson, at);
        auto arn = detail::policy_arn(json, s, field);
        if (!arn) return std::unexpected(arn.error());
        sources.push_back(*arn);
      }
    }
  }
  if (!permission) return detail::fail(field, Errc::MissingMember, 0);
  if (*permission != RedrivePermission::ByQueue) sources.clear();  // the service ignores them then
  return RedriveAllowPolicy{*permission, std::move(sources)};
}

// A count attribute (ApproximateNumberOfMessages...): decimal digits; NotAnInteger on
// Field::Attributes otherwise, OutOfRange past INT64_MAX.
[[nodiscard]] constexpr std::expected<std::int64_t, Error> parse_attribute_count(std::string_view s) noexcept {
  if (s.empty()) return detail::fail(Field::Attributes, Errc::NotAnInteger, 0);
  std::int64_t v = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!detail::is_digit(s[i])) return detail::fail(Field::Attributes, Errc::NotAnInteger, i);
    const int digit = s[i] - '0';
    if (v > (INT64_MAX - digit) / 10) return detail::fail(Field::Attributes, Errc::OutOfRange, 0);
    v = v * 10 + digit;
  }
  return v;
}

// A boolean attribute (FifoQueue): "true" or "false"; UnknownValue on Field::Attributes otherwise.
[[nodiscard]] constexpr std::expected<bool, Error> parse_attribute_bool(std::string_view s) noexcept {
  if (s == "true") return true;
  if (s == "false") return false;
  return detail::fail(Field::Attributes, Errc::UnknownValue, 0);
}

}  // namespace redrive
