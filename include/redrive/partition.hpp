// The AWS partitions: names, region patterns and DNS suffixes, in one table.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "redrive/detail/ascii.hpp"

namespace redrive {

struct Partition {
  std::string_view name;
  // The partition's regionRegex is ^(P1|P2|...)\-\w+\-\d+$ ; this holds "P1|P2|...".
  std::string_view region_prefixes;
  std::string_view dns_suffix;
  std::string_view dual_stack_dns_suffix;
  bool supports_fips;
  bool supports_dual_stack;
};

// Source: the AWS SDKs' partitions.json (botocore data/partitions.json, @aws-sdk/core
// util-endpoints partitions.js), which agree on these regexes and suffixes.
inline constexpr std::array<Partition, 8> partitions{{
    {"aws", "us|eu|ap|sa|ca|me|af|il|mx", "amazonaws.com", "api.aws", true, true},
    {"aws-cn", "cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", true, true},
    {"aws-us-gov", "us-gov", "amazonaws.com", "api.aws", true, true},
    {"aws-iso", "us-iso", "c2s.ic.gov", "api.aws.ic.gov", true, true},
    {"aws-iso-b", "us-isob", "sc2s.sgov.gov", "api.aws.scloud", true, true},
    {"aws-iso-e", "eu-isoe", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", true, true},
    {"aws-iso-f", "us-isof", "csp.hci.ic.gov", "api.aws.hci.ic.gov", true, true},
    {"aws-eusc", "eusc-de", "amazonaws.eu", "api.amazonwebservices.eu", true, true},
}};

namespace detail {
// Matches "\w+\-\d+" exactly (\w has no hyphen, so there is exactly one '-').
constexpr bool is_region_tail(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size() && is_word_char(s[i])) ++i;
  if (i == 0 || i == s.size() || s[i] != '-' || i + 1 == s.size()) return false;
  for (++i; i < s.size(); ++i)
    if (!is_digit(s[i])) return false;
  return true;
}
}  // namespace detail

[[nodiscard]] constexpr bool region_matches(const Partition& p, std::string_view region) noexcept {
  // Each prefix of "P1|P2|..." in turn, compared in place (plain loops: these strings are short).
  std::string_view prefixes = p.region_prefixes;
  for (std::size_t start = 0; start < prefixes.size();) {
    std::size_t end = start;
    while (end < prefixes.size() && prefixes[end] != '|') ++end;
    const std::size_t n = end - start;
    std::size_t k = 0;
    while (k < n && k < region.size() && region[k] == prefixes[start + k]) ++k;
    if (k == n && region.size() > n && region[n] == '-' && detail::is_region_tail(region.substr(n + 1))) return true;
    start = end + 1;
  }
  return false;
}

[[nodiscard]] constexpr const Partition* find_partition(std::string_view name) noexcept {
  for (const Partition& p : partitions)
    if (p.name == name) return &p;
  return nullptr;
}

// The partition whose region pattern the region matches, or nullptr. Unlike the SDKs, an
// unmatched region does not fall back to "aws": a typo should be an error, not a guess.
[[nodiscard]] constexpr const Partition* partition_of_region(std::string_view region) noexcept {
  for (const Partition& p : partitions)
    if (region_matches(p, region)) return &p;
  return nullptr;
}

}  // namespace redrive
