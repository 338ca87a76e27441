// Typed values of the message move task API. A value that exists is valid.
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

// Whether the 12 bytes at `p` are ASCII digits. At run time, two loads and a few masks (every
// byte's high nibble is 3, and adding 6 does not carry out of its low nibble).
constexpr bool twelve_digits(const char* p) noexcept {
  if consteval {
    for (std::size_t k = 0; k < 12; ++k)
      if (!is_digit(p[k])) return false;
    return true;
  } else {
    std::uint64_t lo = 0;
    std::uint32_t hi = 0;
    std::memcpy(&lo, p, 8);
    std::memcpy(&hi, p + 8, 4);
    auto digits = [](std::uint64_t x, std::uint64_t ones) {
      return (x & 0xF0 * ones) == 0x30 * ones && ((x + 0x06 * ones) & 0xF0 * ones) == 0x30 * ones;
    };
    return digits(lo, 0x0101010101010101) && digits(hi, 0x01010101);
  }
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
    auto layout = check(s, field);
    if (!layout) return std::unexpected(layout.error());
    // Built in place: a QueueArn is 163 bytes, not worth copying once more.
    return std::expected<QueueArn, Error>(std::in_place, Key{}, s, *layout);
  }

 private:
  template <Field Role>
  friend class RoleQueueArn;

  // Only parse() can call the constructor (Key is private and not constructible from {}); it is
  // public so that std::expected can construct in place.
  struct Key {
    explicit Key() = default;
  };

  // Where the fields of a valid queue ARN end.
  struct Layout {
    std::size_t partition_size, region_size;
  };

  // Validates `s` in one pass from left to right, each field checked as it is reached. The
  // split's errors (prefix, fewer than six fields, an empty field) outrank every check of a
  // field's content, so when a check fails, parse_arn is asked first: it runs only for invalid
  // input, and the code given to fail() counts only where the split is sound.
  static constexpr std::expected<Layout, Error> check(std::string_view s, Field field) noexcept {
    auto fail = [s, field](Errc code, std::size_t at) -> std::unexpected<Error> {
      if (auto arn = parse_arn(s, field); !arn) {
        Error e = arn.error();
        if (e.code == Errc::EmptyResource) e.code = Errc::EmptyQueueName;
        return std::unexpected(e);
      }
      return detail::fail(field, code, at);
    };
    const std::size_t n = s.size();
    if (!s.starts_with("arn:")) return fail(Errc::MissingArnPrefix, 0);

    std::size_t i = 4;
    while (i < n && s[i] != ':') ++i;
    const std::size_t partition_size = i - 4;
    const Partition* partition = find_partition(s.substr(4, partition_size));
    if (!partition) return fail(Errc::UnknownPartition, 4);
    if (s.substr(i, 5) != ":sqs:") return fail(Errc::WrongService, i + 1);

    // The region is read by its pattern, which also finds its end; only when that fails is the
    // end looked for, to tell why, in order.
    const std::size_t region_at = i + 5;
    const detail::RegionPrefixes& prefixes = detail::partition_region_prefixes[partition - partitions.data()];
    std::size_t region_size = detail::region_length(prefixes, s.substr(region_at));
    if (region_size == std::string_view::npos || region_size > max_region) [[unlikely]] {
      for (i = region_at; i < n && s[i] != ':';) ++i;
      region_size = i - region_at;
      if (i == n) return fail(Errc::TooFewFields, n);
      if (region_size == 0) return fail(Errc::MissingRegion, region_at);
      if (region_size > max_region) return fail(Errc::TooLong, region_at + max_region);
      return fail(Errc::BadRegion, region_at);
    }
    i = region_at + region_size;
    if (i == n) return fail(Errc::TooFewFields, n);

    // Twelve digits, then the ':' before the name. When that fails, why, left to right: a
    // shorter account fails on its ':', a longer one on its 13th byte (where the input ends
    // first, parse_arn reports the missing field).
    const std::size_t account_at = i + 1;
    if (n - account_at < 13 || !detail::twelve_digits(s.data() + account_at) || s[account_at + 12] != ':')
        [[unlikely]] {
      const std::string_view account = s.substr(account_at, 12);
      for (std::size_t k = 0; k < account.size(); ++k)
        if (!detail::is_digit(account[k])) return fail(Errc::BadAccount, account_at + k);
      return fail(Errc::BadAccount, account_at + account.size());
    }
    i = account_at + 12;

    const std::size_t name_at = i + 1;
    std::string_view name = s.substr(name_at);
    if (name.empty()) return fail(Errc::EmptyQueueName, name_at);
    std::size_t base = name.size();
    if (name.ends_with(fifo_suffix)) {
      base -= fifo_suffix.size();
      if (base == 0) return fail(Errc::BadFifoSuffix, name_at);
    }
    for (std::size_t k = 0; k < base; ++k) {
      char c = name[k];
      if (detail::in_class(c, detail::queue_name_class)) [[likely]] continue;
      Errc code = c == ':' ? Errc::TooManyFields : c == '/' ? Errc::QueueNameHasPath
                : c == '.' ? Errc::BadFifoSuffix : Errc::BadQueueNameChar;
      return fail(code, name_at + k);
    }
    if (name.size() > max_queue_name) return fail(Errc::QueueNameTooLong, name_at + max_queue_name);

    return Layout{partition_size, region_size};
  }

 public:
  constexpr QueueArn(Key, std::string_view s, Layout layout) noexcept
      : size_(static_cast<std::uint8_t>(s.size())),
        partition_size_(static_cast<std::uint8_t>(layout.partition_size)),
        region_size_(static_cast<std::uint8_t>(layout.region_size)) {
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
    auto layout = QueueArn::check(s, Role);
    if (!layout) return std::unexpected(layout.error());
    return std::expected<RoleQueueArn, Error>(std::in_place, QueueArn::Key{}, s, *layout);
  }

  // For parse() only, like QueueArn's (Key is QueueArn's): builds the QueueArn in place.
  constexpr RoleQueueArn(QueueArn::Key key, std::string_view s, QueueArn::Layout layout) noexcept
      : arn_(key, s, layout) {}

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
