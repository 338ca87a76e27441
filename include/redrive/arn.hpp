// Generic ARN parsing: arn:partition:service:region:account-id:resource
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "redrive/detail/lifetime.hpp"
#include "redrive/error.hpp"

namespace redrive {

// Views into the parsed input; valid as long as the input is.
struct Arn {
  std::string_view partition;
  std::string_view service;
  std::string_view region;   // may be empty (global resources)
  std::string_view account;  // may be empty (AWS-owned resources)
  std::string_view resource; // the rest, may itself contain ':' and '/'

  constexpr bool operator==(const Arn&) const noexcept = default;
};

// Splits an ARN into its fields. Partition, service and resource must be non-empty; region and
// account may be empty, as in the ARN grammar of the IAM User Guide ("Identify AWS resources with
// ARNs"). `field` names the member the errors are reported on.
[[nodiscard]] constexpr std::expected<Arn, Error> parse_arn(std::string_view s REDRIVE_LIFETIME_BOUND,
                                                            Field field = Field::Arn) noexcept {
  auto fail = [field](Errc code, std::size_t at) {
    return std::unexpected(Error{field, code, static_cast<std::uint32_t>(at)});
  };
  if (s.empty()) return fail(Errc::Empty, 0);
  constexpr std::string_view prefix = "arn:";
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (i >= s.size() || s[i] != prefix[i]) return fail(Errc::MissingArnPrefix, i);

  // One pass over the bytes (a plain loop: memchr's call costs more than these short fields).
  std::string_view parts[4];
  std::size_t pos = prefix.size(), i = pos;
  for (auto& part : parts) {
    while (i < s.size() && s[i] != ':') ++i;
    if (i == s.size()) return fail(Errc::TooFewFields, s.size());
    part = s.substr(pos, i - pos);
    pos = ++i;
  }
  Arn arn{parts[0], parts[1], parts[2], parts[3], s.substr(pos)};
  if (arn.partition.empty()) return fail(Errc::EmptyPartition, prefix.size());
  if (arn.service.empty()) return fail(Errc::EmptyService, prefix.size() + arn.partition.size() + 1);
  if (arn.resource.empty()) return fail(Errc::EmptyResource, pos);
  return arn;
}

}  // namespace redrive
