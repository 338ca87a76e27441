// Queue URLs (https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq), queue names and
// account IDs as validated values, and the mapping between a queue URL and its queue ARN.
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "redrive/detail/ascii.hpp"
#include "redrive/detail/lifetime.hpp"
#include "redrive/endpoint.hpp"
#include "redrive/error.hpp"
#include "redrive/partition.hpp"
#include "redrive/types.hpp"

namespace redrive {

namespace detail {
// The queue-name rules of QueueArn (types.hpp): 1..80 bytes of [A-Za-z0-9_-], optionally ending in
// ".fifo" after at least one such byte. `stop` ends the name at a byte for which it is true (the
// caller decides what that byte means); errors are reported on `field` at `at` + the offset.
constexpr std::optional<Error> check_queue_name(std::string_view name, Field field, std::size_t at) noexcept {
  if (name.empty()) return Error{field, Errc::EmptyQueueName, static_cast<std::uint32_t>(at)};
  std::size_t base = name.size();
  if (name.ends_with(QueueArn::fifo_suffix)) {
    base -= QueueArn::fifo_suffix.size();
    if (base == 0) return Error{field, Errc::BadFifoSuffix, static_cast<std::uint32_t>(at)};
  }
  for (std::size_t k = 0; k < base; ++k) {
    const char c = name[k];
    if (in_class(c, queue_name_class)) continue;
    const Errc code = c == '/' ? Errc::QueueNameHasPath : c == '.' ? Errc::BadFifoSuffix : Errc::BadQueueNameChar;
    return Error{field, code, static_cast<std::uint32_t>(at + k)};
  }
  if (name.size() > QueueArn::max_queue_name)
    return Error{field, Errc::QueueNameTooLong, static_cast<std::uint32_t>(at + QueueArn::max_queue_name)};
  return std::nullopt;
}

// Twelve ASCII digits: the offset of the first byte that breaks that, or npos.
constexpr std::size_t bad_account_offset(std::string_view s) noexcept {
  for (std::size_t k = 0; k < s.size() && k < 12; ++k)
    if (!is_digit(s[k])) return k;
  return s.size() == 12 ? std::string_view::npos : std::min<std::size_t>(s.size(), 12);
}
}  // namespace detail

// A queue name (GetQueueUrl's QueueName): the rules of the name in a queue ARN.
class QueueName {
 public:
  static constexpr std::size_t max_size = QueueArn::max_queue_name;

  [[nodiscard]] static constexpr std::expected<QueueName, Error> parse(std::string_view s) noexcept {
    if (auto e = detail::check_queue_name(s, Field::QueueName, 0)) return std::unexpected(*e);
    QueueName q;
    std::copy_n(s.data(), s.size(), q.buf_);
    q.size_ = static_cast<std::uint8_t>(s.size());
    return q;
  }
  constexpr std::string_view str() const noexcept REDRIVE_LIFETIME_BOUND { return {buf_, size_}; }
  constexpr bool is_fifo() const noexcept { return str().ends_with(QueueArn::fifo_suffix); }
  constexpr bool operator==(const QueueName& o) const noexcept { return str() == o.str(); }

 private:
  constexpr QueueName() noexcept = default;
  char buf_[max_size]{};
  std::uint8_t size_ = 0;
};

// A 12-digit AWS account ID (GetQueueUrl's QueueOwnerAWSAccountId).
class AccountId {
 public:
  [[nodiscard]] static constexpr std::expected<AccountId, Error> parse(
      std::string_view s, Field field = Field::QueueOwnerAWSAccountId) noexcept {
    if (s.empty()) return detail::fail(field, Errc::Empty, 0);
    if (auto bad = detail::bad_account_offset(s); bad != std::string_view::npos)
      return detail::fail(field, Errc::BadAccount, bad);
    AccountId a;
    std::copy_n(s.data(), 12, a.buf_);
    return a;
  }
  constexpr std::string_view str() const noexcept REDRIVE_LIFETIME_BOUND { return {buf_, 12}; }
  constexpr bool operator==(const AccountId& o) const noexcept { return str() == o.str(); }

 private:
  constexpr AccountId() noexcept = default;
  char buf_[12]{};
};

// A queue URL: http[s]://HOST[:PORT]/ACCOUNT-ID/QUEUE-NAME, the form SQS gives queue URLs in
// (GetQueueUrl, ListQueues, CreateQueue), on AWS or on a local endpoint. Owns its bytes inline
// (trivially copyable, no heap) and keeps them exactly as given: it is sent back as it came.
// The scheme and authority are checked as Endpoint::custom checks them (error codes BadEndpoint,
// EndpointMissingHost, BadEndpointHost, EndpointHasUserInfo, BadEndpointPort, on Field::QueueUrl);
// then the path: no '?' or '#' anywhere (EndpointHasQuery, EndpointHasFragment), a path other than
// "/" + 12 digits + "/" + name is BadQueueUrlPath (or BadAccount at the digit that is wrong), and
// the name follows the queue-name rules (BadQueueNameChar, QueueNameTooLong, BadFifoSuffix;
// QueueNameHasPath for a further '/').
class QueueUrl {
 public:
  static constexpr std::size_t max_size = 384;  // "https://" + host and port (255) + account and name

  [[nodiscard]] static constexpr std::expected<QueueUrl, Error> parse(std::string_view s) noexcept {
    auto fail = [](Errc code, std::size_t at) { return detail::fail(Field::QueueUrl, code, at); };
    if (s.empty()) return fail(Errc::Empty, 0);
    const std::size_t sep = s.find("://");
    const std::size_t host_at = sep == std::string_view::npos ? 0 : sep + 3;
    std::size_t path_at = sep == std::string_view::npos ? s.size() : s.find_first_of("/?#", host_at);
    if (path_at == std::string_view::npos) path_at = s.size();
    // The origin is checked as an endpoint; its offsets are offsets into `s` (a prefix of it).
    auto origin = Endpoint::custom(s.substr(0, path_at));
    if (!origin) {
      Error e = origin.error();
      if (e.code == Errc::TooLong) e.offset = 0;
      e.field = Field::QueueUrl;
      return std::unexpected(e);
    }
    if (s.size() > max_size) return fail(Errc::TooLong, max_size);
    for (std::size_t i = path_at; i < s.size(); ++i) {
      if (s[i] == '?') return fail(Errc::EndpointHasQuery, i);
      if (s[i] == '#') return fail(Errc::EndpointHasFragment, i);
    }
    if (path_at == s.size()) return fail(Errc::BadQueueUrlPath, path_at);
    const std::size_t account_at = path_at + 1;
    const std::string_view rest = s.substr(account_at);
    const std::size_t slash = rest.find('/');
    const std::string_view account = rest.substr(0, slash);
    if (account.empty() || slash == std::string_view::npos) return fail(Errc::BadQueueUrlPath, account_at);
    if (auto bad = detail::bad_account_offset(account); bad != std::string_view::npos)
      return fail(Errc::BadAccount, account_at + bad);
    const std::size_t name_at = account_at + 13;
    if (auto e = detail::check_queue_name(s.substr(name_at), Field::QueueUrl, name_at)) return std::unexpected(*e);
    QueueUrl u;
    std::copy_n(s.data(), s.size(), u.buf_);
    u.size_ = static_cast<std::uint16_t>(s.size());
    u.path_at_ = static_cast<std::uint16_t>(path_at);
    return u;
  }

  // Views into this object's own bytes.
  constexpr std::string_view str() const noexcept REDRIVE_LIFETIME_BOUND { return {buf_, size_}; }
  // "https://sqs.us-east-1.amazonaws.com": where requests about this queue can go (a custom
  // endpoint's URL, for Endpoint::custom, when the host is not an AWS endpoint).
  constexpr std::string_view origin() const noexcept REDRIVE_LIFETIME_BOUND { return str().substr(0, path_at_); }
  // The host and port as written ("sqs.us-east-1.amazonaws.com", "127.0.0.1:9324").
  constexpr std::string_view host() const noexcept REDRIVE_LIFETIME_BOUND {
    const std::string_view o = origin();
    return o.substr(o.find("://") + 3);
  }
  constexpr std::string_view account() const noexcept REDRIVE_LIFETIME_BOUND { return str().substr(path_at_ + 1, 12); }
  constexpr std::string_view queue_name() const noexcept REDRIVE_LIFETIME_BOUND { return str().substr(path_at_ + 14); }
  constexpr bool is_fifo() const noexcept { return queue_name().ends_with(QueueArn::fifo_suffix); }

  constexpr bool operator==(const QueueUrl& o) const noexcept { return str() == o.str(); }
  constexpr std::strong_ordering operator<=>(const QueueUrl& o) const noexcept { return str() <=> o.str(); }

 private:
  constexpr QueueUrl() noexcept = default;
  char buf_[max_size]{};
  std::uint16_t size_ = 0;
  std::uint16_t path_at_ = 0;
};

namespace detail {
// The region and partition an SQS host names, or nullopt. The host forms of AWS queue URLs:
//   sqs.REGION.DNS_SUFFIX, sqs-fips.REGION.DNS_SUFFIX      (also with the dual-stack suffix)
//   REGION.queue.DNS_SUFFIX                                 (the legacy form)
//   queue.amazonaws.com                                     (the legacy form of us-east-1)
// where REGION matches the partition whose suffix DNS_SUFFIX is. A port other than 443 (https)
// or 80 (http) is not an AWS endpoint.
struct SqsHost {
  std::string_view region;
  const Partition* partition;
};
constexpr std::optional<SqsHost> sqs_host(std::string_view scheme, std::string_view host) noexcept {
  if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
    const std::string_view port = host.substr(colon + 1);
    if (!(port == "443" && iequals(scheme, "https")) && !(port == "80" && iequals(scheme, "http"))) return std::nullopt;
    host = host.substr(0, colon);
  }
  if (iequals(host, "queue.amazonaws.com")) return SqsHost{"us-east-1", find_partition("aws")};
  std::string_view region;
  std::string_view suffix;
  bool dual_stack_allowed = true;
  if (host.size() > 4 && iequals(host.substr(0, 4), "sqs.")) host.remove_prefix(4);
  else if (host.size() > 9 && iequals(host.substr(0, 9), "sqs-fips.")) host.remove_prefix(9);
  else {
    const std::size_t q = host.find(".queue.");
    if (q == std::string_view::npos || q == 0) return std::nullopt;
    region = host.substr(0, q);
    suffix = host.substr(q + 7);
    dual_stack_allowed = false;
  }
  if (region.empty()) {
    const std::size_t dot = host.find('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    region = host.substr(0, dot);
    suffix = host.substr(dot + 1);
  }
  for (char c : region)
    if (c >= 'A' && c <= 'Z') return std::nullopt;  // regions are lower case; ARNs keep them so
  const Partition* p = partition_of_region(region);
  if (!p) return std::nullopt;
  if (iequals(suffix, p->dns_suffix) || (dual_stack_allowed && iequals(suffix, p->dual_stack_dns_suffix)))
    return SqsHost{region, p};
  return std::nullopt;
}
}  // namespace detail

// The ARN of the queue a URL names, when its host is an AWS SQS endpoint (see detail::sqs_host for
// the forms): arn:PARTITION:sqs:REGION:ACCOUNT:NAME. For any other host (a local endpoint such as
// http://127.0.0.1:9324/..., a proxy) the ARN cannot be known from the URL: nullopt. Ask the
// service instead (GetQueueAttributes with QueueArn).
[[nodiscard]] inline std::optional<QueueArn> queue_arn_of(const QueueUrl& url) {
  const std::string_view origin = url.origin();
  const auto host = detail::sqs_host(origin.substr(0, origin.find("://")), url.host());
  if (!host) return std::nullopt;
  std::string arn = "arn:";
  arn += host->partition->name;
  arn += ":sqs:";
  arn += host->region;
  arn += ':';
  arn += url.account();
  arn += ':';
  arn += url.queue_name();
  auto parsed = QueueArn::parse(arn);
  if (!parsed) return std::nullopt;
  return *parsed;
}

// The URL of a queue on the standard SQS endpoint of its ARN's region and partition:
// https://sqs.REGION.DNS_SUFFIX/ACCOUNT/NAME, the form GetQueueUrl answers with. For a queue on
// another endpoint (a local one, a proxy) the URL cannot be derived from the ARN: call GetQueueUrl
// (QueueName and QueueOwnerAWSAccountId from the ARN) on that endpoint. queue_arn_of maps the URL
// back to the ARN unless the region has upper-case letters: the region pattern allows them (no AWS
// region has one), but a host's case means nothing, so such a URL is not read as naming that ARN.
[[nodiscard]] inline QueueUrl queue_url_of(const QueueArn& arn) {
  const Partition* p = find_partition(arn.partition());  // never null: the ARN was validated
  std::string url = "https://sqs.";
  url += arn.region();
  url += '.';
  url += p ? p->dns_suffix : std::string_view("amazonaws.com");
  url += '/';
  url += arn.account();
  url += '/';
  url += arn.queue_name();
  // Every part was validated by the ARN, and the longest such URL is far below max_size.
  return *QueueUrl::parse(url);
}

// Queue URL literals, checked at compile time.
namespace literals {
consteval QueueUrl operator""_queue_url(const char* s, std::size_t n) {
  return detail::checked_literal<QueueUrl>(s, n);
}
}  // namespace literals

}  // namespace redrive
