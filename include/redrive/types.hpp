// Typed values of the message move task API. A value that exists is valid.
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <string_view>
#include <utility>
#include <vector>

#include "redrive/arn.hpp"
#include "redrive/detail/lifetime.hpp"
#include "redrive/detail/ascii.hpp"
#include "redrive/error.hpp"
#include "redrive/partition.hpp"

namespace redrive {

namespace detail {
constexpr std::unexpected<Error> fail(Field field, Errc code, std::size_t at) noexcept {
  return std::unexpected(Error{field, code, static_cast<std::uint32_t>(at)});
}

constexpr bool is_queue_name_char(char c) noexcept { return is_word_char(c) || c == '-'; }

// Offset of the first byte that breaks strict UTF-8 (no overlongs, no surrogates, at most
// U+10FFFF), or npos when the whole input is valid.
constexpr std::size_t invalid_utf8_offset(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) len = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else
      return i;
    if (i + len > s.size()) return i;
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b1 < lo || b1 > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}
}  // namespace detail

// An SQS queue ARN: arn:<partition>:sqs:<region>:<12-digit account>:<queue name>.
// It owns its bytes in an inline buffer: regular, trivially copyable, no heap, never dangles.
class QueueArn {
 public:
  static constexpr std::size_t max_size = 160;
  static constexpr std::size_t max_queue_name = 80;  // includes ".fifo" (SQS Developer Guide, quotas)
  static constexpr std::string_view fifo_suffix = ".fifo";

  // `field` is the member errors are reported on (SourceArn, DestinationArn, or Arn).
  [[nodiscard]] static constexpr std::expected<QueueArn, Error> parse(std::string_view s,
                                                                      Field field = Field::Arn) noexcept {
    using detail::fail;
    auto arn = parse_arn(s, field);
    if (!arn) {
      Error e = arn.error();
      if (e.code == Errc::EmptyResource) e.code = Errc::EmptyQueueName;
      return std::unexpected(e);
    }
    auto offset = [&](std::string_view part) { return static_cast<std::size_t>(part.data() - s.data()); };

    const Partition* partition = find_partition(arn->partition);
    if (!partition) return fail(field, Errc::UnknownPartition, offset(arn->partition));
    if (arn->service != "sqs") return fail(field, Errc::WrongService, offset(arn->service));
    if (arn->region.empty()) return fail(field, Errc::MissingRegion, offset(arn->region));
    if (arn->region.size() > max_region) return fail(field, Errc::TooLong, offset(arn->region) + max_region);
    if (!region_matches(*partition, arn->region)) return fail(field, Errc::BadRegion, offset(arn->region));

    std::string_view account = arn->account;
    for (std::size_t i = 0; i < account.size() && i < 12; ++i)
      if (!detail::is_digit(account[i])) return fail(field, Errc::BadAccount, offset(account) + i);
    if (account.size() != 12) return fail(field, Errc::BadAccount, offset(account) + std::min<std::size_t>(account.size(), 12));

    std::string_view name = arn->resource;
    std::size_t name_at = offset(name);
    bool fifo = name.ends_with(fifo_suffix);
    std::string_view base = fifo ? name.substr(0, name.size() - fifo_suffix.size()) : name;
    if (fifo && base.empty()) return fail(field, Errc::BadFifoSuffix, name_at);
    for (std::size_t i = 0; i < base.size(); ++i) {
      char c = base[i];
      if (detail::is_queue_name_char(c)) continue;
      Errc code = c == ':' ? Errc::TooManyFields : c == '/' ? Errc::QueueNameHasPath
                : c == '.' ? Errc::BadFifoSuffix : Errc::BadQueueNameChar;
      return fail(field, code, name_at + i);
    }
    if (name.size() > max_queue_name) return fail(field, Errc::QueueNameTooLong, name_at + max_queue_name);

    // Built in place: a QueueArn is 163 bytes, not worth copying once more.
    return std::expected<QueueArn, Error>(std::in_place, Key{}, s, arn->partition.size(), arn->region.size());
  }

  // Only parse() can call it (Key is private and not constructible from {}); public so that
  // std::expected can construct in place.
 private:
  struct Key {
    explicit Key() = default;
  };

 public:
  constexpr QueueArn(Key, std::string_view s, std::size_t partition_size, std::size_t region_size) noexcept
      : size_(static_cast<std::uint8_t>(s.size())),
        partition_size_(static_cast<std::uint8_t>(partition_size)),
        region_size_(static_cast<std::uint8_t>(region_size)) {
    // Every byte is written (so copies and constant evaluation never see indeterminate values), but
    // not twice: a zero-initialized member would cost a 160-byte fill before the copy.
    std::copy_n(s.data(), s.size(), buf_);
    std::fill(buf_ + s.size(), buf_ + max_size, '\0');
  }

  // Views into this object's own bytes: they dangle when it goes (a temporary at the end of the
  // full-expression).
  constexpr std::string_view str() const noexcept REDRIVE_LIFETIME_BOUND { return {buf_, size_}; }
  constexpr std::string_view partition() const noexcept REDRIVE_LIFETIME_BOUND {
    return str().substr(4, partition_size_);
  }
  constexpr std::string_view region() const noexcept REDRIVE_LIFETIME_BOUND {
    return str().substr(region_at(), region_size_);
  }
  constexpr std::string_view account() const noexcept REDRIVE_LIFETIME_BOUND {
    return str().substr(region_at() + region_size_ + 1, 12);
  }
  constexpr std::string_view queue_name() const noexcept REDRIVE_LIFETIME_BOUND {
    return str().substr(region_at() + region_size_ + 14);
  }
  constexpr bool is_fifo() const noexcept { return queue_name().ends_with(fifo_suffix); }

  constexpr bool operator==(const QueueArn& o) const noexcept { return str() == o.str(); }
  constexpr std::strong_ordering operator<=>(const QueueArn& o) const noexcept { return str() <=> o.str(); }

 private:
  // "arn:" + longest partition (10) + ":sqs:" + region + ":" + account (12) + ":" + name (80)
  static constexpr std::size_t max_region = max_size - (4 + 10 + 5 + 1 + 12 + 1 + max_queue_name);

  constexpr std::size_t region_at() const noexcept { return 4 + partition_size_ + 5; }

  char buf_[max_size];
  std::uint8_t size_ = 0;
  std::uint8_t partition_size_ = 0;
  std::uint8_t region_size_ = 0;
};

// A queue ARN in a role (SourceArn, DestinationArn): distinct types, so one cannot be passed
// where the other is expected, and parse errors name the role's member.
template <Field Role>
class RoleQueueArn {
 public:
  constexpr explicit RoleQueueArn(const QueueArn& arn) noexcept : arn_(arn) {}

  [[nodiscard]] static constexpr std::expected<RoleQueueArn, Error> parse(std::string_view s) noexcept {
    auto arn = QueueArn::parse(s, Role);
    if (!arn) return std::unexpected(arn.error());
    return RoleQueueArn(*arn);
  }

  constexpr const QueueArn& queue() const noexcept REDRIVE_LIFETIME_BOUND { return arn_; }
  constexpr std::string_view str() const noexcept REDRIVE_LIFETIME_BOUND { return arn_.str(); }
  constexpr std::string_view partition() const noexcept REDRIVE_LIFETIME_BOUND { return arn_.partition(); }
  constexpr std::string_view region() const noexcept REDRIVE_LIFETIME_BOUND { return arn_.region(); }
  constexpr std::string_view account() const noexcept REDRIVE_LIFETIME_BOUND { return arn_.account(); }
  constexpr std::string_view queue_name() const noexcept REDRIVE_LIFETIME_BOUND { return arn_.queue_name(); }
  constexpr bool is_fifo() const noexcept { return arn_.is_fifo(); }

  constexpr bool operator==(const RoleQueueArn&) const noexcept = default;
  constexpr std::strong_ordering operator<=>(const RoleQueueArn&) const noexcept = default;

 private:
  QueueArn arn_;
};

using SourceArn = RoleQueueArn<Field::SourceArn>;
using DestinationArn = RoleQueueArn<Field::DestinationArn>;

namespace detail {
// Whether `text` contains "<min>..<max>".
constexpr bool states_range(std::string_view text, long long min, long long max) noexcept {
  char range[48] = {};
  std::size_t n = 0;
  auto put = [&](long long v) {
    unsigned long long u = v < 0 ? 0 - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    if (v < 0) range[n++] = '-';
    char digits[20];
    std::size_t k = 0;
    do digits[k++] = static_cast<char>('0' + u % 10);
    while (u /= 10);
    while (k) range[n++] = digits[--k];
  };
  put(min);
  range[n++] = '.';
  range[n++] = '.';
  put(max);
  return text.find(std::string_view(range, n)) != std::string_view::npos;
}
}  // namespace detail

// An int in [Min, Max], reported on member `F`.
template <Field F, int Min, int Max>
class BoundedInt {
 public:
  static constexpr int min = Min;
  static constexpr int max = Max;
  static_assert(detail::states_range(Error{F, Errc::OutOfRange, 0}.message(), Min, Max),
                "the OutOfRange message of this field must state this range (error.hpp)");

  // Out of range: OutOfRange at offset 0.
  [[nodiscard]] static constexpr std::expected<BoundedInt, Error> make(long long v) noexcept {
    if (v < Min || v > Max) return detail::fail(F, Errc::OutOfRange, 0);
    return BoundedInt(static_cast<int>(v));
  }

  // Decimal text, as typed on a command line: an optional '-' then ASCII digits, nothing else.
  //   ""                                   Empty at 0
  //   "+5", " 5", "5 ", "5.0", "1e3", "-"  NotAnInteger at the first byte that breaks the form
  //                                        ("-" at 1, where a digit is missing)
  //   "0", "-3", "501", 10^30              OutOfRange at 0: it is a number, just not an allowed one
  //   "007"                                7: leading zeros are accepted
  // However many digits there are, nothing overflows: the value saturates once it is out of range.
  [[nodiscard]] static constexpr std::expected<BoundedInt, Error> parse(std::string_view s) noexcept {
    if (s.empty()) return detail::fail(F, Errc::Empty, 0);
    const bool negative = s.front() == '-';
    const std::size_t first = negative ? 1 : 0;
    if (first == s.size()) return detail::fail(F, Errc::NotAnInteger, first);
    constexpr long long limit = Max > -static_cast<long long>(Min) ? Max : -static_cast<long long>(Min);
    long long magnitude = 0;
    for (std::size_t i = first; i < s.size(); ++i) {
      if (!detail::is_digit(s[i])) return detail::fail(F, Errc::NotAnInteger, i);
      if (magnitude <= limit) magnitude = magnitude * 10 + (s[i] - '0');
    }
    return make(negative ? -magnitude : magnitude);
  }

  constexpr int value() const noexcept { return value_; }
  constexpr auto operator<=>(const BoundedInt&) const noexcept = default;

 private:
  constexpr explicit BoundedInt(int v) noexcept : value_(v) {}
  int value_;
};

// MaxNumberOfMessagesPerSecond: "The maximum value for messages per second is 500" (SQS API
// Reference, StartMessageMoveTask); no minimum is documented, 0 or less is meaningless.
using Rate = BoundedInt<Field::MaxNumberOfMessagesPerSecond, 1, 500>;
// MaxResults: "The default is 1 ... The upper limit is 10" (SQS API Reference, ListMessageMoveTasks).
using MaxResults = BoundedInt<Field::MaxResults, 1, 10>;

// An opaque task identifier issued by SQS; sent back exactly as received.
class TaskHandle {
 public:
  [[nodiscard]] static constexpr std::expected<TaskHandle, Error> parse(std::string_view s) noexcept {
    if (s.empty()) return detail::fail(Field::TaskHandle, Errc::Empty, 0);
    if (auto bad = detail::invalid_utf8_offset(s); bad != std::string_view::npos)
      return detail::fail(Field::TaskHandle, Errc::InvalidUtf8, bad);
    return TaskHandle(std::vector<char>(s.begin(), s.end()));
  }
  constexpr std::string_view str() const noexcept REDRIVE_LIFETIME_BOUND { return {value_.data(), value_.size()}; }
  constexpr bool operator==(const TaskHandle&) const noexcept = default;

 private:
  constexpr explicit TaskHandle(std::vector<char> v) noexcept : value_(std::move(v)) {}
  std::vector<char> value_;  // not std::string: libstdc++ 12's string is not usable in constant expressions
};

namespace detail {
// Not constexpr on purpose: reaching it during constant evaluation makes the literal ill-formed.
void invalid_queue_arn_literal(Error) noexcept;

template <class T>
consteval T checked_literal(const char* s, std::size_t n) {
  auto r = T::parse(std::string_view(s, n));
  if (!r) invalid_queue_arn_literal(r.error());
  return *r;
}
}  // namespace detail

// Compile-time checked ARN literals: an invalid ARN does not compile.
namespace literals {
consteval QueueArn operator""_queue_arn(const char* s, std::size_t n) {
  return detail::checked_literal<QueueArn>(s, n);
}
consteval SourceArn operator""_source_arn(const char* s, std::size_t n) {
  return detail::checked_literal<SourceArn>(s, n);
}
consteval DestinationArn operator""_destination_arn(const char* s, std::size_t n) {
  return detail::checked_literal<DestinationArn>(s, n);
}
}  // namespace literals

}  // namespace redrive
