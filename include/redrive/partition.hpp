// The AWS partitions: names, region patterns and DNS suffixes, in one table.
#pragma once

#include <array>
#include <cstddef>
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
// Character classes by byte, for the ARN's fields: one load where the comparisons are several.
enum : unsigned char { word_class = 1, digit_class = 2, queue_name_class = 4 };
inline constexpr std::array<unsigned char, 256> char_classes = [] {
  std::array<unsigned char, 256> t{};
  for (std::size_t b = 0; b < t.size(); ++b) {
    const char c = static_cast<char>(b);
    t[b] = static_cast<unsigned char>((is_word_char(c) ? word_class | queue_name_class : 0) |
                                      (is_digit(c) ? digit_class : 0) | (c == '-' ? queue_name_class : 0));
  }
  return t;
}();
constexpr bool in_class(char c, unsigned char cls) noexcept {
  return (char_classes[static_cast<unsigned char>(c)] & cls) != 0;
}

// With `text` starting with a region "<prefix>-\w+-\d+" followed by the end or ':', the region's
// length; otherwise npos. \w has no '-', so each part is read greedily: there is one way to match.
constexpr std::size_t region_length(std::string_view prefix, std::string_view text) noexcept {
  std::size_t i = prefix.size();
  if (i >= text.size() || text[i] != '-') return std::string_view::npos;
  for (std::size_t k = 0; k < prefix.size(); ++k)
    if (text[k] != prefix[k]) return std::string_view::npos;
  const std::size_t word = ++i;
  while (i < text.size() && in_class(text[i], word_class)) ++i;
  if (i == word || i == text.size() || text[i] != '-') return std::string_view::npos;
  const std::size_t digits = ++i;
  while (i < text.size() && in_class(text[i], digit_class)) ++i;
  if (i == digits || (i < text.size() && text[i] != ':')) return std::string_view::npos;
  return i;
}

// The region prefixes of `partitions`, split at compile time (by index): a parse then compares
// the region with each, without walking the "P1|P2|..." text.
struct RegionPrefixes {
  std::array<std::string_view, 12> items{};
  std::size_t size = 0;
};
inline constexpr std::array<RegionPrefixes, partitions.size()> partition_region_prefixes = [] {
  std::array<RegionPrefixes, partitions.size()> table{};
  for (std::size_t p = 0; p < partitions.size(); ++p) {
    const std::string_view list = partitions[p].region_prefixes;
    for (std::size_t start = 0, end; start < list.size(); start = end + 1) {
      for (end = start; end < list.size() && list[end] != '|';) ++end;
      // Out of range (a compile error) if a partition ever lists more prefixes than items holds.
      table[p].items.at(table[p].size++) = list.substr(start, end - start);
    }
  }
  return table;
}();

constexpr std::size_t region_length(const RegionPrefixes& prefixes, std::string_view text) noexcept {
  for (std::size_t k = 0; k < prefixes.size; ++k)
    if (std::size_t n = region_length(prefixes.items[k], text); n != std::string_view::npos) return n;
  return std::string_view::npos;
}
}  // namespace detail

// Whether `region` matches the partition's regionRegex.
[[nodiscard]] constexpr bool region_matches(const Partition& p, std::string_view region) noexcept {
  const std::string_view list = p.region_prefixes;
  for (std::size_t start = 0, end; start < list.size(); start = end + 1) {
    for (end = start; end < list.size() && list[end] != '|';) ++end;
    if (detail::region_length(list.substr(start, end - start), region) == region.size()) return true;
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
