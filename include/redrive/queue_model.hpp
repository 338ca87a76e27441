// Requests and results of the queue operations: ListQueues, GetQueueUrl, GetQueueAttributes and
// ListDeadLetterSourceQueues (what finding dead-letter queues and checking a redrive needs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "redrive/detail/lifetime.hpp"
#include "redrive/error.hpp"
#include "redrive/model.hpp"
#include "redrive/queue_attributes.hpp"
#include "redrive/queue_url.hpp"
#include "redrive/types.hpp"

namespace redrive {

// ---------------------------------------------------------------------------------------------
// Values of the requests.

// MaxResults of ListQueues and ListDeadLetterSourceQueues: "Value range is 1 to 1000" (SQS API
// Reference). The service returns a NextToken only when the request sets MaxResults.
using QueueMaxResults = BoundedInt<Field::QueueMaxResults, 1, 1000>;

// A pagination token issued by SQS (NextToken); sent back exactly as received. Non-empty UTF-8.
class NextToken {
 public:
  [[nodiscard]] static std::expected<NextToken, Error> parse(std::string_view s) {
    if (s.empty()) return detail::fail(Field::NextToken, Errc::Empty, 0);
    if (auto bad = detail::invalid_utf8_offset(s); bad != std::string_view::npos)
      return detail::fail(Field::NextToken, Errc::InvalidUtf8, bad);
    return NextToken(std::string(s));
  }
  std::string_view str() const noexcept REDRIVE_LIFETIME_BOUND { return value_; }
  bool operator==(const NextToken&) const = default;

 private:
  explicit NextToken(std::string v) : value_(std::move(v)) {}
  std::string value_;
};

// ListQueues' QueueNamePrefix: the start of a queue name, so 1..80 bytes of [A-Za-z0-9_-.]
// (Empty, TooLong or BadQueueNameChar on Field::QueueNamePrefix otherwise).
class QueueNamePrefix {
 public:
  [[nodiscard]] static constexpr std::expected<QueueNamePrefix, Error> parse(std::string_view s) noexcept {
    if (s.empty()) return detail::fail(Field::QueueNamePrefix, Errc::Empty, 0);
    for (std::size_t i = 0; i < s.size(); ++i)
      if (!detail::in_class(s[i], detail::queue_name_class) && s[i] != '.')
        return detail::fail(Field::QueueNamePrefix, Errc::BadQueueNameChar, i);
    if (s.size() > QueueArn::max_queue_name) return detail::fail(Field::QueueNamePrefix, Errc::TooLong, QueueArn::max_queue_name);
    QueueNamePrefix p;
    for (std::size_t i = 0; i < s.size(); ++i) p.buf_[i] = s[i];
    p.size_ = static_cast<std::uint8_t>(s.size());
    return p;
  }
  constexpr std::string_view str() const noexcept REDRIVE_LIFETIME_BOUND { return {buf_, size_}; }
  constexpr bool operator==(const QueueNamePrefix& o) const noexcept { return str() == o.str(); }

 private:
  constexpr QueueNamePrefix() noexcept = default;
  char buf_[QueueArn::max_queue_name]{};
  std::uint8_t size_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Requests: valid by construction (every member is a validated value). Members in the order the
// wire carries them.

struct ListQueuesRequest {
  std::optional<QueueNamePrefix> queue_name_prefix;
  std::optional<NextToken> next_token;
  std::optional<QueueMaxResults> max_results;  // needed for the service to paginate
  bool operator==(const ListQueuesRequest&) const = default;
};

struct GetQueueUrlRequest {
  QueueName queue_name;
  std::optional<AccountId> queue_owner_aws_account_id;  // another account's queue
  bool operator==(const GetQueueUrlRequest&) const = default;
};

struct GetQueueAttributesRequest {
  QueueUrl queue_url;
  // Absent and empty are sent differently (no member, []); the service answers no attributes
  // to either.
  std::optional<std::vector<QueueAttribute>> attribute_names;
  bool operator==(const GetQueueAttributesRequest&) const = default;
};

struct ListDeadLetterSourceQueuesRequest {
  QueueUrl queue_url;  // the dead-letter queue
  std::optional<NextToken> next_token;
  std::optional<QueueMaxResults> max_results;  // needed for the service to paginate
  bool operator==(const ListDeadLetterSourceQueuesRequest&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Results: templates over the string type, like the move-task results (model.hpp): the decoder
// returns views, to_owned() copies. A member the response omits (or sends as null) is nullopt.

namespace detail {
template <class S>
std::optional<std::vector<std::string>> own(const std::optional<std::vector<S>>& list) {
  if (!list) return std::nullopt;
  return std::vector<std::string>(list->begin(), list->end());
}
}  // namespace detail

template <class S>
struct BasicListQueuesResult {
  std::optional<std::vector<S>> queue_urls;  // QueueUrls
  std::optional<S> next_token;               // NextToken: more to list

  [[nodiscard]] BasicListQueuesResult<std::string> to_owned() const {
    return {detail::own(queue_urls), detail::own(next_token)};
  }
  bool operator==(const BasicListQueuesResult&) const = default;
};

template <class S>
struct BasicGetQueueUrlResult {
  std::optional<S> queue_url;  // QueueUrl

  [[nodiscard]] BasicGetQueueUrlResult<std::string> to_owned() const { return {detail::own(queue_url)}; }
  bool operator==(const BasicGetQueueUrlResult&) const = default;
};

template <class S>
struct BasicListDeadLetterSourceQueuesResult {
  std::optional<std::vector<S>> queue_urls;  // queueUrls (lower-case q on the wire)
  std::optional<S> next_token;               // NextToken

  [[nodiscard]] BasicListDeadLetterSourceQueuesResult<std::string> to_owned() const {
    return {detail::own(queue_urls), detail::own(next_token)};
  }
  bool operator==(const BasicListDeadLetterSourceQueuesResult&) const = default;
};

// GetQueueAttributes' Attributes map, as the name/value pairs of the response in their order. A
// name that comes twice counts with its last value (as in a JSON object). The typed readers return
// nullopt for an attribute the response lacks (one not asked for, or, for FifoQueue, a standard
// queue: SQS sends FifoQueue only for FIFO queues) and an Error for a value that is not what SQS
// documents.
template <class S>
struct BasicGetQueueAttributesResult {
  std::optional<std::vector<std::pair<S, S>>> attributes;  // Attributes

  // The raw value of an attribute, or nullopt.
  [[nodiscard]] std::optional<std::string_view> attribute(std::string_view name) const noexcept {
    if (!attributes) return std::nullopt;
    for (auto it = attributes->rbegin(); it != attributes->rend(); ++it)
      if (std::string_view(it->first) == name) return std::string_view(it->second);
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::string_view> attribute(QueueAttribute name) const noexcept {
    return attribute(to_string(name));
  }

  // QueueArn (errors on Field::Attributes).
  [[nodiscard]] std::expected<std::optional<QueueArn>, Error> queue_arn() const {
    return read(QueueAttribute::QueueArn, [](std::string_view v) { return QueueArn::parse(v, Field::Attributes); });
  }
  // FifoQueue: true for a FIFO queue; absent on a standard queue.
  [[nodiscard]] std::expected<std::optional<bool>, Error> fifo() const {
    return read(QueueAttribute::FifoQueue, [](std::string_view v) { return parse_attribute_bool(v); });
  }
  [[nodiscard]] std::expected<std::optional<std::int64_t>, Error> approximate_number_of_messages() const {
    return read(QueueAttribute::ApproximateNumberOfMessages, [](std::string_view v) { return parse_attribute_count(v); });
  }
  [[nodiscard]] std::expected<std::optional<std::int64_t>, Error> approximate_number_of_messages_not_visible() const {
    return read(QueueAttribute::ApproximateNumberOfMessagesNotVisible,
                [](std::string_view v) { return parse_attribute_count(v); });
  }
  [[nodiscard]] std::expected<std::optional<std::int64_t>, Error> approximate_number_of_messages_delayed() const {
    return read(QueueAttribute::ApproximateNumberOfMessagesDelayed,
                [](std::string_view v) { return parse_attribute_count(v); });
  }
  // RedrivePolicy: set on a source queue, it names the queue's dead-letter queue.
  [[nodiscard]] std::expected<std::optional<RedrivePolicy>, Error> redrive_policy() const {
    return read(QueueAttribute::RedrivePolicy, [](std::string_view v) { return parse_redrive_policy(v); });
  }
  // RedriveAllowPolicy: set on a dead-letter queue, it says which queues may use it.
  [[nodiscard]] std::expected<std::optional<RedriveAllowPolicy>, Error> redrive_allow_policy() const {
    return read(QueueAttribute::RedriveAllowPolicy, [](std::string_view v) { return parse_redrive_allow_policy(v); });
  }

  [[nodiscard]] BasicGetQueueAttributesResult<std::string> to_owned() const {
    if (!attributes) return {};
    std::vector<std::pair<std::string, std::string>> owned;
    owned.reserve(attributes->size());
    for (const auto& [k, v] : *attributes) owned.emplace_back(std::string(k), std::string(v));
    return {std::move(owned)};
  }
  bool operator==(const BasicGetQueueAttributesResult&) const = default;

 private:
  template <class Parse>
  auto read(QueueAttribute name, Parse parse) const
      -> std::expected<std::optional<typename decltype(parse(std::string_view{}))::value_type>, Error> {
    using T = typename decltype(parse(std::string_view{}))::value_type;
    std::expected<std::optional<T>, Error> out(std::in_place);  // in place: g++ 12 warns otherwise
    if (const auto raw = attribute(name)) {
      auto v = parse(*raw);
      if (v) out->emplace(std::move(*v));
      else out = std::unexpected(v.error());
    }
    return out;
  }
};

using ListQueuesResult = BasicListQueuesResult<std::string_view>;
using GetQueueUrlResult = BasicGetQueueUrlResult<std::string_view>;
using GetQueueAttributesResult = BasicGetQueueAttributesResult<std::string_view>;
using ListDeadLetterSourceQueuesResult = BasicListDeadLetterSourceQueuesResult<std::string_view>;

using OwnedListQueuesResult = BasicListQueuesResult<std::string>;
using OwnedGetQueueUrlResult = BasicGetQueueUrlResult<std::string>;
using OwnedGetQueueAttributesResult = BasicGetQueueAttributesResult<std::string>;
using OwnedListDeadLetterSourceQueuesResult = BasicListDeadLetterSourceQueuesResult<std::string>;

}  // namespace redrive
