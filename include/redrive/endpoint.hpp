// Where a request goes: the SQS endpoint of a region (standard, FIPS, dual-stack, every
// partition), or a custom endpoint (LocalStack, ElasticMQ, a proxy), plus the SigV4 signing region.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "redrive/detail/lifetime.hpp"
#include "redrive/detail/ascii.hpp"
#include "redrive/error.hpp"
#include "redrive/partition.hpp"

namespace redrive {

struct EndpointOptions {
  bool fips = false;
  bool dual_stack = false;
};

// The AWS services redrive calls: SQS, and the credential services (STS for roles and web
// identity, the IAM Identity Center portal for SSO). Their endpoint rules share one pattern.
enum class AwsService : std::uint8_t { Sqs, Sts, Sso };

// The service's SDK service id; the endpoint settings are named from it (AWS_ENDPOINT_URL_SQS,
// "sqs" in a [services] section).
[[nodiscard]] constexpr std::string_view service_id(AwsService s) noexcept {
  switch (s) {
    case AwsService::Sqs: return "SQS";
    case AwsService::Sts: return "STS";
    case AwsService::Sso: return "SSO";
  }
  return "?";
}

// The SQS endpoint rule set (botocore endpoint-rule-set-1.json, the JS SDK's rules) answers with an
// error when a partition lacks FIPS or dual-stack; every partition has both today, so endpoint_for
// has no such error. Should the table change, this fails to compile rather than give a wrong host.
static_assert([] {
  for (const Partition& p : partitions)
    if (!p.supports_fips || !p.supports_dual_stack) return false;
  return true;
}(), "a partition without FIPS or dual-stack needs an error in endpoint_for");

namespace detail {
constexpr bool is_region_char(char c) noexcept { return is_word_char(c) || c == '-'; }
constexpr bool is_host_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}
constexpr std::size_t decimal_digits(std::uint32_t v) noexcept {
  std::size_t n = 1;
  for (; v >= 10; v /= 10) ++n;
  return n;
}
// RFC 3986 path characters (pchar and '/'), with '%' taken as is (no decoding).
constexpr bool is_path_char(char c) noexcept {
  if (is_word_char(c)) return true;
  switch (c) {
    case '-': case '.': case '~': case '!': case '$': case '&': case '\'': case '(': case ')':
    case '*': case '+': case ',': case ';': case '=': case ':': case '@': case '%': case '/':
      return true;
    default:
      return false;
  }
}
}  // namespace detail

// A resolved endpoint: scheme, host (with ":port" when not the scheme's default), base path (ends
// with '/'), and the region SigV4 signs for. Owns its bytes inline: trivially copyable, no heap.
class Endpoint {
 public:
  static constexpr std::size_t max_region = 63;     // a DNS label
  static constexpr std::size_t max_location = 255;  // host + path

  // The host the AWS SDKs' SQS endpoint rules give for `region` (docs/wire.md#endpoints):
  //   sqs.{region}.{dnsSuffix}                  default
  //   sqs-fips.{region}.{dnsSuffix}             FIPS (aws-us-gov: sqs.{region}.amazonaws.com)
  //   sqs.{region}.{dualStackDnsSuffix}         dual-stack
  //   sqs-fips.{region}.{dualStackDnsSuffix}    FIPS and dual-stack
  // The partition is the one whose region pattern the region matches. Unlike the SDKs, a region
  // that matches no partition is an error (Errc::UnknownRegion), not a request to the aws
  // partition; so are the SDKs' pseudo-regions such as "aws-global".
  [[nodiscard]] static constexpr std::expected<Endpoint, Error> for_region(std::string_view region,
                                                                           EndpointOptions options = {}) noexcept {
    return for_service(AwsService::Sqs, region, options);
  }

  // The endpoint of `service` in `region`. STS and the SSO portal follow SQS's pattern (their
  // rule sets in the JS SDK's nested clients), with "sts" and "portal.sso" for "sqs":
  //   sts.{region}.{dnsSuffix}, sts-fips..., portal.sso.{region}..., portal.sso-fips...
  // The SDKs' regional STS endpoint is the default (no global sts.amazonaws.com).
  [[nodiscard]] static constexpr std::expected<Endpoint, Error> for_service(AwsService service, std::string_view region,
                                                                            EndpointOptions options = {}) noexcept {
    if (auto bad = check_region(region)) return std::unexpected(*bad);
    const Partition* p = partition_of_region(region);
    if (!p) return std::unexpected(Error{Field::Region, Errc::UnknownRegion, 0});

    Endpoint e;
    e.partition_ = p;
    e.set_region(region);
    bool gov_fips = options.fips && !options.dual_stack && p->name == "aws-us-gov";
    e.append_host(service == AwsService::Sso ? "portal.sso" : service == AwsService::Sts ? "sts" : "sqs");
    e.append_host(options.fips && !gov_fips ? "-fips." : ".");
    e.append_host(region);
    e.append_host(".");
    e.append_host(gov_fips             ? std::string_view("amazonaws.com")
                  : options.dual_stack ? p->dual_stack_dns_suffix
                                       : p->dns_suffix);
    e.append_path("/");
    return e;
  }

  // A custom endpoint "http[s]://host[:port][/path]" (LocalStack, ElasticMQ, a proxy), used as
  // the SDKs use their `endpoint` setting: requests go to its path with a '/' appended if missing.
  // User info, a query or a fragment is refused (the SDKs drop them silently). `signing_region`
  // is the region SigV4 signs for; it must be non-empty [A-Za-z0-9_-] (emulators accept any
  // region, us-east-1 is their default). FIPS or dual-stack with a custom endpoint is
  // Errc::EndpointConflict, as in the SDKs' endpoint rules. Each problem has its own code:
  //   BadEndpoint          no http:// or https:// scheme (offset 0)
  //   EndpointMissingHost  nothing between "://" and the port, path, query or fragment
  //   EndpointHasUserInfo  "user:password@" before the host (offset: its start)
  //   BadEndpointHost      a byte that cannot be in a host name or a bracketed IPv6 address
  //   BadEndpointPort      a port that is empty, not digits, 0 or above 65535
  //   BadEndpointPath      a byte that cannot be in a URL path
  //   EndpointHasQuery     a '?', EndpointHasFragment a '#' (offset: that byte)
  //   TooLong              the host and path take more than max_location bytes (offset 0)
  [[nodiscard]] static constexpr std::expected<Endpoint, Error> custom(std::string_view url,
                                                                       std::string_view signing_region = "us-east-1",
                                                                       EndpointOptions options = {}) noexcept {
    auto bad = [](Errc code, std::size_t at) {
      return std::unexpected(Error{Field::Endpoint, code, static_cast<std::uint32_t>(at)});
    };
    if (url.empty()) return bad(Errc::Empty, 0);
    if (options.fips || options.dual_stack) return bad(Errc::EndpointConflict, 0);

    std::size_t sep = url.find("://");
    auto scheme_is = [&](std::string_view want) {
      if (sep != want.size()) return false;
      for (std::size_t i = 0; i < sep; ++i)
        if (detail::to_lower(url[i]) != want[i]) return false;
      return true;
    };
    bool https = scheme_is("https");
    if (!https && !scheme_is("http")) return bad(Errc::BadEndpoint, 0);

    // Authority: a host name, an IPv4 address or a bracketed IPv6 address, then an optional port.
    std::size_t host_at = sep + 3;
    std::size_t end = url.find_first_of("/?#", host_at);
    if (end == std::string_view::npos) end = url.size();
    std::string_view authority = url.substr(host_at, end - host_at);
    if (authority.find('@') != std::string_view::npos) return bad(Errc::EndpointHasUserInfo, host_at);
    std::size_t host_len = 0;
    if (!authority.empty() && authority[0] == '[') {
      std::size_t close = authority.find(']');
      if (close == std::string_view::npos || close == 1) return bad(Errc::BadEndpointHost, host_at);
      for (std::size_t i = 1; i < close; ++i) {
        char c = detail::to_lower(authority[i]);
        if (!(detail::hex_value(c) >= 0 || c == ':' || c == '.'))
          return bad(Errc::BadEndpointHost, host_at + i);
      }
      host_len = close + 1;
    } else {
      host_len = std::min(authority.find(':'), authority.size());
      for (std::size_t i = 0; i < host_len; ++i)
        if (!detail::is_host_char(detail::to_lower(authority[i]))) return bad(Errc::BadEndpointHost, host_at + i);
    }
    if (host_len == 0) return bad(Errc::EndpointMissingHost, host_at);

    std::uint32_t port = 0;
    if (host_len < authority.size()) {
      std::size_t at = host_at + host_len;
      if (authority[host_len] != ':') return bad(Errc::BadEndpointHost, at);  // "[::1]x"
      std::string_view digits = authority.substr(host_len + 1);
      if (digits.empty()) return bad(Errc::BadEndpointPort, at + 1);
      for (std::size_t i = 0; i < digits.size(); ++i) {
        if (!detail::is_digit(digits[i])) return bad(Errc::BadEndpointPort, at + 1 + i);
        port = port * 10 + static_cast<std::uint32_t>(digits[i] - '0');
        if (port > 65535) return bad(Errc::BadEndpointPort, at + 1);
      }
      if (port == 0) return bad(Errc::BadEndpointPort, at + 1);
      // A scheme's default port stays out of the Host header, as URL parsers do.
      if ((https && port == 443) || (!https && port == 80)) port = 0;
    }

    std::string_view path = url.substr(end);
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (detail::is_path_char(path[i])) continue;
      return bad(path[i] == '?'   ? Errc::EndpointHasQuery
                 : path[i] == '#' ? Errc::EndpointHasFragment
                                  : Errc::BadEndpointPath,
                 end + i);
    }
    bool add_slash = path.empty() || path.back() != '/';
    // Exact stored size (host, ":port" when kept, path, added '/'), so that url() of an accepted
    // endpoint is accepted again.
    std::size_t port_size = port ? 1 + detail::decimal_digits(port) : 0;
    if (host_len + port_size + path.size() + (add_slash ? 1 : 0) > max_location) return bad(Errc::TooLong, 0);

    if (auto bad_region = check_region(signing_region)) return std::unexpected(*bad_region);

    Endpoint e;
    e.https_ = https;
    for (std::size_t i = 0; i < host_len; ++i) e.loc_[e.host_size_++] = detail::to_lower(authority[i]);
    if (port) {
      char digits[5]{};
      std::size_t n = 0;
      for (; port; port /= 10) digits[n++] = static_cast<char>('0' + port % 10);
      e.append_host(":");
      while (n) e.loc_[e.host_size_++] = digits[--n];
    }
    e.append_path(path);
    if (add_slash) e.append_path("/");
    e.set_region(signing_region);
    return e;
  }

  constexpr std::string_view scheme() const noexcept { return https_ ? "https" : "http"; }  // static text
  // Views into this object's own bytes.
  constexpr std::string_view host() const noexcept REDRIVE_LIFETIME_BOUND { return {loc_, host_size_}; }
  constexpr std::string_view path() const noexcept REDRIVE_LIFETIME_BOUND { return {loc_ + host_size_, path_size_}; }
  constexpr std::string_view signing_region() const noexcept REDRIVE_LIFETIME_BOUND { return {region_, region_size_}; }
  constexpr bool is_custom() const noexcept { return partition_ == nullptr; }
  // The partition of an AWS endpoint's region; nullptr for a custom endpoint.
  constexpr const Partition* partition() const noexcept { return partition_; }
  [[nodiscard]] std::string url() const {
    std::string u(scheme());
    u += "://";
    u += host();
    u += path();
    return u;
  }

  constexpr bool operator==(const Endpoint& o) const noexcept {
    return https_ == o.https_ && host() == o.host() && path() == o.path() &&
           signing_region() == o.signing_region() && partition_ == o.partition_;
  }

 private:
  constexpr Endpoint() noexcept = default;

  // A signing region: non-empty, at most max_region bytes, [A-Za-z0-9_-] only (it becomes a
  // host label and a field of the SigV4 credential scope).
  static constexpr std::optional<Error> check_region(std::string_view region) noexcept {
    if (region.empty()) return Error{Field::Region, Errc::Empty, 0};
    if (region.size() > max_region) return Error{Field::Region, Errc::TooLong, static_cast<std::uint32_t>(max_region)};
    for (std::size_t i = 0; i < region.size(); ++i)
      if (!detail::is_region_char(region[i])) return Error{Field::Region, Errc::UnknownRegion, static_cast<std::uint32_t>(i)};
    return std::nullopt;
  }
  constexpr void set_region(std::string_view region) noexcept {
    for (char c : region) region_[region_size_++] = c;
  }
  constexpr void append_host(std::string_view s) noexcept {
    for (char c : s) loc_[host_size_++] = c;
  }
  constexpr void append_path(std::string_view s) noexcept {
    for (char c : s) loc_[host_size_ + path_size_++] = c;
  }

  char loc_[max_location]{};
  char region_[max_region]{};
  const Partition* partition_ = nullptr;
  std::uint8_t host_size_ = 0;
  std::uint8_t path_size_ = 0;
  std::uint8_t region_size_ = 0;
  bool https_ = true;
};

// The AWS SQS endpoint of `region`; see Endpoint::for_region.
[[nodiscard]] constexpr std::expected<Endpoint, Error> endpoint_for(std::string_view region,
                                                                    EndpointOptions options = {}) noexcept {
  return Endpoint::for_region(region, options);
}

// The AWS endpoint of `service` in `region`; see Endpoint::for_service.
[[nodiscard]] constexpr std::expected<Endpoint, Error> endpoint_for(AwsService service, std::string_view region,
                                                                    EndpointOptions options = {}) noexcept {
  return Endpoint::for_service(service, region, options);
}

}  // namespace redrive
